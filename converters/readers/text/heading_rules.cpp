// Heading recognition rules of the plain-text reader.
#include "readers/text/heading_rules.hpp"

#include "util/utf8.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <unicode/uchar.h>
#include <vector>

namespace sheaf::readers::text {

namespace {

bool iequals_prefix(std::string_view s, std::string_view word) {
  if (s.size() < word.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[i])) != word[i]) return false;
  return true;
}

bool is_roman(std::string_view s) {
  if (s.empty()) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::string_view("IVXLCDMivxlcdm").find(c) != std::string_view::npos;
  });
}

bool is_number_word(std::string_view s) {
  static const std::array<std::string_view, 24> words = {
      "one",       "two",      "three",    "four",   "five",     "six",      "seven",   "eight",
      "nine",      "ten",      "eleven",   "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
      "seventeen", "eighteen", "nineteen", "twenty", "first",    "second",   "third",   "last"};
  for (auto w : words)
    if (s.size() == w.size() && iequals_prefix(s, w)) return true;
  return false;
}

/// Last code point of `s` and where it starts.
char32_t last_code_point(std::string_view s, std::size_t& start) {
  start = s.size();
  if (s.empty()) return 0;
  std::size_t i = s.size() - 1;
  while (i > 0 && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80)
    --i;
  start = i;
  std::size_t p = i;
  return util::next_code_point(s, p);
}

/// `text` without trailing closing quotes, brackets and spaces.
std::string_view strip_closers(std::string_view text) {
  text = rtrim(text);
  while (!text.empty()) {
    std::size_t start = 0;
    char32_t c = last_code_point(text, start);
    if (c == U'"' || c == U'\'' || c == U')' || c == U']' || c == U'\u201D' || c == U'\u2019' ||
        c == U'\u00BB' || c == U'\u203A' || c == U'*' || c == U'_')
      text = rtrim(text.substr(0, start));
    else
      break;
  }
  return text;
}

} // namespace

std::optional<std::string_view> chapter_heading(std::string_view line) {
  std::string_view s = strip(line);
  // "[Chapter I.]" and "Chapter I.]" (the bracket closes an illustration opened earlier).
  if (!s.empty() && s.front() == '[') s.remove_prefix(1);
  if (!s.empty() && s.back() == ']') s = rtrim(s.substr(0, s.size() - 1));
  std::string_view out = s;
  if (s.size() > 80) return std::nullopt;
  static const std::array<std::string_view, 8> keywords = {
      "chapter", "letter", "book", "part", "volume", "act", "prologue", "epilogue"};
  for (auto kw : keywords) {
    if (!iequals_prefix(s, kw)) continue;
    std::string_view rest = s.substr(kw.size());
    // Keyword in one case: "Chapter", "CHAPTER" (not "cHAPTER").
    std::string_view word = s.substr(0, kw.size());
    bool upper = std::all_of(word.begin(), word.end(),
                             [](char c) { return std::isupper(static_cast<unsigned char>(c)); });
    bool title = std::isupper(static_cast<unsigned char>(word[0])) &&
                 std::all_of(word.begin() + 1, word.end(),
                             [](char c) { return std::islower(static_cast<unsigned char>(c)); });
    if (!upper && !title) continue;
    if (kw == "prologue" || kw == "epilogue") {
      if (rest.empty() || rest == "." || rest == ":") return out;
      continue;
    }
    if (rest.empty() || (rest[0] != ' ' && rest[0] != '\t')) continue;
    rest = strip(rest);
    std::size_t end = 0;
    while (end < rest.size() && std::isalnum(static_cast<unsigned char>(rest[end])))
      ++end;
    std::string_view number = rest.substr(0, end);
    bool digits = !number.empty() && number.size() <= 4 &&
                  std::all_of(number.begin(), number.end(),
                              [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
    if (!digits && !is_roman(number) && !is_number_word(number)) continue;
    std::string_view tail = rest.substr(end);
    if (tail.empty() || tail == "." || tail == ":") return out;
    // "Chapter 4. The Storm", "Part Two: The Return", "Chapter 1 — Arrival"
    if (tail[0] == '.' || tail[0] == ':' || tail[0] == ' ' ||
        static_cast<unsigned char>(tail[0]) >= 0x80) {
      std::string_view title_part = strip(tail.substr(1));
      if (tail[0] == ' ' && !title_part.empty() && (title_part[0] == '-'))
        title_part = strip(title_part.substr(1));
      if (title_part.size() <= 60 && !ends_sentence(title_part) &&
          (title_part.empty() || starts_like_heading(title_part) ||
           static_cast<unsigned char>(title_part[0]) >= 0x80))
        return out;
    }
  }
  return std::nullopt;
}

bool has_closing_punctuation(std::string_view text) {
  std::string_view s = strip_closers(text);
  if (s.empty()) return false;
  char c = s.back();
  if (std::string_view(".,;:!?-").find(c) != std::string_view::npos) return true;
  std::size_t start = 0;
  char32_t last = last_code_point(s, start);
  // an ellipsis, or a dash that leads into what follows ("she continued,--")
  return last == U'\u2026' || last == U'\u2013' || last == U'\u2014';
}

bool ends_sentence(std::string_view text) {
  std::string_view s = strip_closers(text);
  if (s.empty()) return false;
  char c = s.back();
  if (c == '.' || c == '!' || c == '?') return true;
  std::size_t start = 0;
  return last_code_point(s, start) == U'\u2026';
}

bool starts_like_heading(std::string_view text) {
  text = strip(text);
  if (text.empty()) return false;
  std::size_t pos = 0;
  char32_t c = util::next_code_point(text, pos);
  if (c == U'"' || c == U'\'' || c == U'\u201C' || c == U'\u2018' || c == U'\u00AB' ||
      c == U'\u201E')
    return true;
  return u_isupper(static_cast<UChar32>(c)) || u_istitle(static_cast<UChar32>(c)) ||
         u_isdigit(static_cast<UChar32>(c));
}

namespace {

std::size_t block_length(const TextBlock& b) {
  std::size_t n = 0;
  for (const auto& l : b.lines)
    n += display_length(strip(l.text)) + 1;
  return n > 0 ? n - 1 : 0;
}

} // namespace

void promote_headings(TextBlocks& blocks) {
  std::vector<std::size_t> lengths;
  for (const auto& b : blocks)
    if (b.kind == TextBlockKind::paragraph) lengths.push_back(block_length(b));
  std::size_t median = 0;
  if (lengths.size() >= 3) {
    auto mid = lengths.begin() + static_cast<std::ptrdiff_t>(lengths.size() / 2);
    std::nth_element(lengths.begin(), mid, lengths.end());
    median = *mid;
  }
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    TextBlock& b = blocks[i];
    if (b.kind != TextBlockKind::paragraph || b.lines.empty()) continue;
    if (auto ch = chapter_heading(b.lines[0].text)) {
      // "CHAPTER I." alone, or followed by one short title line ("Down the Rabbit-Hole").
      bool with_title = b.lines.size() == 2 && b.hard_breaks &&
                        display_length(strip(b.lines[1].text)) <= 60 &&
                        !ends_sentence(b.lines[1].text);
      if (b.lines.size() == 1 || with_title) {
        TextLine& first = b.lines[0];
        std::size_t offset = static_cast<std::size_t>(ch->data() - first.text.data());
        first = {*ch, first.line, first.column + static_cast<int>(offset)};
        b.kind = TextBlockKind::heading;
        b.level = 1;
        continue;
      }
    }
  }
  // Blocks inside an open bracket ("[Illustration:" … "]" in Gutenberg books) are captions.
  std::vector<bool> bracketed(blocks.size(), false);
  long depth = 0;
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    bracketed[i] = depth > 0;
    if (blocks[i].kind != TextBlockKind::paragraph && blocks[i].kind != TextBlockKind::heading)
      continue;
    for (const auto& l : blocks[i].lines)
      for (char c : l.text)
        depth += (c == '[') - (c == ']');
    if (depth < 0) depth = 0;
  }
  // back to front, so that of two candidate lines in a row only the second becomes a heading
  for (std::size_t i = blocks.size(); i-- > 0;) {
    TextBlock& b = blocks[i];
    if (b.kind != TextBlockKind::paragraph || b.lines.size() != 1 || !b.isolated) continue;
    if (bracketed[i]) continue;
    // a heading introduces something: not the last block, not right before another heading
    if (i + 1 >= blocks.size() || blocks[i + 1].kind == TextBlockKind::heading) continue;
    std::string_view t = strip(b.lines[0].text);
    if (t.find("   ") != std::string_view::npos) continue; // aligned columns (contents, tables)
    std::size_t len = display_length(t);
    if (len == 0 || len > 80) continue;
    if (median > 0 && static_cast<double>(len) >= 0.6 * static_cast<double>(median)) continue;
    if (!starts_like_heading(t) || has_closing_punctuation(t)) continue;
    b.kind = TextBlockKind::heading;
    b.level = 2;
  }
}

} // namespace sheaf::readers::text
