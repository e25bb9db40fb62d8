// The plain-text reader: drives decoding, framing, block recognition, title guessing and
// emission through the DocumentBuilder.
#include "readers/text/text_reader.hpp"

#include "model/builder.hpp"
#include "readers/text/block_parser.hpp"
#include "readers/text/gutenberg.hpp"
#include "readers/text/heading_rules.hpp"
#include "readers/text/inline_emitter.hpp"
#include "readers/text/language_guess.hpp"
#include "readers/text/wrap_profile.hpp"
#include "transform/typography.hpp"
#include "util/decode.hpp"
#include "util/utf8.hpp"

#include <cctype>
#include <filesystem>

namespace sheaf::readers {

using namespace text;

namespace {

constexpr std::size_t max_title_length = 100;
constexpr std::size_t guessed_title_words = 8;

std::string joined_text(const TextLines& lines) {
  std::string out;
  for (const auto& l : lines) {
    if (!out.empty()) out += ' ';
    out.append(strip(l.text));
  }
  return out;
}

/// A first block that reads as the title: an explicit level-1 heading, or an isolated short
/// line that starts like a heading and does not end with . , ; : (a final ? or ! is fine).
bool is_title_block(const TextBlocks& blocks) {
  if (blocks.size() < 2) return false;
  const TextBlock& b = blocks.front();
  if (b.kind == TextBlockKind::heading) return b.level == 1 && !b.lines.empty();
  if (b.kind != TextBlockKind::paragraph || b.lines.size() != 1 || !b.isolated) return false;
  std::string_view t = strip(b.lines[0].text);
  if (display_length(t) > max_title_length || !starts_like_heading(t)) return false;
  if (chapter_heading(t)) return false;
  if (has_closing_punctuation(t) && !ends_sentence(t)) return false;
  std::string_view last = rtrim(t);
  return !last.empty() && last.back() != '.';
}

/// Authors named by a "By Jane Doe and John Roe" line, or empty.
std::vector<std::string> byline_authors(const TextBlock& b) {
  if (b.kind != TextBlockKind::paragraph || b.lines.size() != 1) return {};
  std::string_view t = strip(b.lines[0].text);
  if (t.size() < 4 || t.size() > 80 ||
      (t.substr(0, 3) != "By " && t.substr(0, 3) != "by " && t.substr(0, 3) != "BY "))
    return {};
  std::string_view names = strip(t.substr(3));
  if (!names.empty() && names.back() == '.' &&
      !(names.size() >= 2 && std::isupper(static_cast<unsigned char>(names[names.size() - 2]))))
    return {}; // a sentence, not a name (a final initial "J." is fine)
  // every word is capitalised, or a joining word
  std::vector<std::string> authors;
  std::string current;
  std::size_t words = 0, p = 0;
  auto flush = [&] {
    std::string a(strip(current));
    while (!a.empty() && a.back() == ',')
      a.pop_back();
    if (!a.empty()) authors.push_back(a);
    current.clear();
  };
  while (p < names.size()) {
    std::size_t e = names.find(' ', p);
    if (e == std::string_view::npos) e = names.size();
    std::string_view w = names.substr(p, e - p);
    p = e + 1;
    if (w.empty()) continue;
    ++words;
    if (w == "and" || w == "&") {
      flush();
      continue;
    }
    static const char* particles[] = {"de", "van", "von", "der", "den", "da", "di",
                                      "du", "la",  "le",  "y",   "bin", "al"};
    bool particle = false;
    for (auto x : particles)
      particle = particle || w == x;
    unsigned char c0 = static_cast<unsigned char>(w[0]);
    if (!particle && !std::isupper(c0) && c0 < 0x80) return {};
    current += (current.empty() ? "" : " ") + std::string(w);
    if (w.back() == ',') flush();
  }
  flush();
  if (words == 0 || words > 10) return {};
  return authors;
}

/// "my-trip-to-rome.txt" -> "My trip to rome"; empty when the name does not read as words
/// (fewer than two alphabetic tokens of 2+ letters, or a token with digits).
std::string title_from_file_name(const std::string& display_name) {
  if (display_name.empty() || display_name == "-") return {};
  std::string stem = std::filesystem::path(display_name).stem().string();
  std::vector<std::string> words;
  std::string cur;
  auto flush = [&]() -> bool {
    if (cur.empty()) return true;
    bool ok = cur.size() >= 2;
    for (unsigned char c : cur)
      ok = ok && (std::isalpha(c) || c >= 0x80);
    words.push_back(cur);
    cur.clear();
    return ok;
  };
  for (char c : stem) {
    if (c == '-' || c == '_' || c == ' ' || c == '.') {
      if (!flush()) return {};
    } else {
      cur += c;
    }
  }
  if (!flush() || words.size() < 2) return {};
  std::string out;
  for (const auto& w : words)
    out += (out.empty() ? "" : " ") + w;
  out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

/// The first words of the first sentence of `text`, cut at a word boundary with "…".
std::string title_from_text(const std::string& text) {
  std::string sentence = text;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    bool in_ellipsis = c == '.' && i > 0 && text[i - 1] == '.';
    if ((c == '.' || c == '!' || c == '?') && !in_ellipsis &&
        (i + 1 == text.size() || text[i + 1] == ' ')) {
      sentence = text.substr(0, i);
      break;
    }
  }
  std::string out;
  std::size_t words = 0, p = 0;
  bool cut = false;
  while (p < sentence.size()) {
    std::size_t e = sentence.find(' ', p);
    if (e == std::string::npos) e = sentence.size();
    if (e > p) {
      if (words == guessed_title_words) {
        cut = true;
        break;
      }
      out += (out.empty() ? "" : " ") + sentence.substr(p, e - p);
      ++words;
    }
    p = e + 1;
  }
  for (;;) { // no dangling punctuation or dash before the ellipsis
    while (!out.empty() && std::string_view(" ,;:-").find(out.back()) != std::string_view::npos)
      out.pop_back();
    if (out.size() >= 3 && (out.compare(out.size() - 3, 3, "\u2013") == 0 ||
                            out.compare(out.size() - 3, 3, "\u2014") == 0))
      out.resize(out.size() - 3);
    else
      break;
  }
  if (cut) out += "\u2026";
  return out;
}

class Emitter {
public:
  Emitter(model::DocumentBuilder& b, InlineEmitter& inl) : m_b(b), m_inl(inl) {}

  void blocks(const TextBlocks& bs) {
    for (const auto& b : bs)
      block(b);
  }

private:
  void block(const TextBlock& b) {
    auto span = m_b.at(b.line, b.column);
    switch (b.kind) {
    case TextBlockKind::paragraph:
      m_b.open_paragraph(span);
      m_inl.lines(b.lines, b.hard_breaks);
      m_b.close();
      break;
    case TextBlockKind::heading:
      m_b.open_heading(b.level, span);
      m_inl.lines(b.lines, b.hard_breaks);
      m_b.close();
      break;
    case TextBlockKind::code:
      m_b.code_block("", b.code, span);
      break;
    case TextBlockKind::quote:
      m_b.open_block_quote(span);
      blocks(b.children);
      m_b.close();
      break;
    case TextBlockKind::thematic_break:
      m_b.thematic_break(span);
      break;
    case TextBlockKind::list: {
      model::List proto;
      proto.kind = b.list_kind;
      proto.start = b.start;
      proto.tight = b.tight;
      m_b.open_list(proto, span);
      for (std::size_t i = 0; i < b.items.size(); ++i) {
        const TextLine& s = b.item_starts[i];
        m_b.open_list_item(m_b.at(s.line, s.column));
        blocks(b.items[i]);
        m_b.close();
      }
      m_b.close();
      break;
    }
    }
  }

  model::DocumentBuilder& m_b;
  InlineEmitter& m_inl;
};

} // namespace

model::Document TextReader::read(std::string_view bytes, const format::ReadOptions& options,
                                 diag::DiagnosticSink& sink) const {
  const std::string& name = options.display_name;
  util::DecodedText decoded = util::decode_text(bytes, name, sink);
  model::DocumentBuilder builder(name);
  model::Metadata& meta = builder.meta();
  meta.title = options.title;
  meta.language = options.language;

  TextLines lines = split_lines(decoded.text);
  bool empty = true;
  for (const auto& l : lines)
    empty = empty && is_blank(l.text);
  if (empty) {
    sink.emit("empty-input", "the input has no text; the document is empty", {name, 0, 0});
    if (meta.title.empty()) meta.title = title_from_file_name(name);
    return builder.finish();
  }

  GutenbergFrame frame = find_gutenberg_frame(lines);
  if (frame.found) {
    // `--extract never` keeps the whole file, header and licence included
    if (options.extract != "never") {
      lines = TextLines(lines.begin() + static_cast<std::ptrdiff_t>(frame.begin),
                        lines.begin() + static_cast<std::ptrdiff_t>(frame.end));
      sink.emit("gutenberg-boilerplate-removed",
                "Project Gutenberg header and licence removed; only the text between the START "
                "and END markers is kept (--extract never keeps them)",
                {name, frame.start_line, 1});
    }
    if (meta.title.empty()) meta.title = frame.title;
    if (!frame.author.empty()) meta.authors.push_back(frame.author);
    if (meta.language.empty()) meta.language = frame.language;
  }

  if (meta.language.empty() && !lines.empty()) {
    std::size_t from = static_cast<std::size_t>(lines.front().text.data() - decoded.text.data());
    meta.language = guess_language(std::string_view(decoded.text).substr(from));
    if (!meta.language.empty())
      sink.emit("language-guessed",
                "language guessed from the text: " + meta.language + " (use --lang to set it)",
                {name, 0, 0});
  }

  WrapProfile profile(lines);
  if (profile.no_blank_lines() && lines.size() > 1) lines = separate_paragraphs(lines, profile);
  BlockParser parser(profile, indentation_is_structure(lines));
  TextBlocks blocks = parser.parse(lines);

  // Title and byline from the first blocks.
  bool title_needed = meta.title.empty();
  if (is_title_block(blocks)) {
    std::string first = joined_text(blocks.front().lines);
    bool same = !title_needed && util::to_lower(first) == util::to_lower(meta.title);
    if (title_needed || same) {
      if (title_needed) {
        if (options.smart) {
          transform::Smartener sm(transform::quote_style_for(meta.language),
                                  transform::DashStyle::typewriter);
          first = sm.convert(first);
        }
        meta.title = first;
      }
      blocks.erase(blocks.begin());
      if (!blocks.empty() && blocks.size() > 1) {
        auto authors = byline_authors(blocks.front());
        if (!authors.empty()) {
          if (meta.authors.empty()) meta.authors = authors;
          blocks.erase(blocks.begin());
        }
      }
    }
  }
  promote_headings(blocks);

  if (meta.title.empty()) meta.title = title_from_file_name(name);
  if (meta.title.empty()) {
    for (const auto& b : blocks) {
      if ((b.kind == TextBlockKind::paragraph || b.kind == TextBlockKind::heading) &&
          !b.lines.empty()) {
        meta.title = title_from_text(joined_text(b.lines));
        if (options.smart) {
          transform::Smartener sm(transform::quote_style_for(meta.language),
                                  transform::DashStyle::typewriter);
          meta.title = sm.convert(meta.title);
        }
        break;
      }
    }
    diag::Diagnostic d = diag::make(
        "no-title", "no title found; using \"" + meta.title + "\" (from the first sentence)",
        {name, 1, 1});
    d.hints.push_back("pass --title \"…\" to set the title");
    sink.report(std::move(d));
  }

  InlineEmitter inl(builder, options.smart,
                    transform::quote_style_for(meta.language.empty() ? "en" : meta.language));
  Emitter emit(builder, inl);
  emit.blocks(blocks);
  return builder.finish();
}

} // namespace sheaf::readers
