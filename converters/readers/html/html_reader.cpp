// The HTML reader: charset detection, decoding, a nesting pre-scan (gumbo is quadratic on deep
// nesting), gumbo parsing, metadata, article extraction and the element walk.
#include "readers/html/html_reader.hpp"

#include "diag/error.hpp"
#include "model/builder.hpp"
#include "readers/html/dom.hpp"
#include "readers/html/element_mapping.hpp"
#include "readers/html/extract.hpp"
#include "readers/html/html_metadata.hpp"
#include "readers/html/parsed_html.hpp"
#include "readers/html/resources.hpp"
#include "transform/typography.hpp"
#include "util/decode.hpp"

#include <gumbo.h>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>

namespace sheaf::readers {
namespace html {
namespace {

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == ':' || c == '_';
}

/// Elements that never nest when left unclosed (void, auto-closing or singletons).
bool nests(const std::string& name) {
  static const std::unordered_set<std::string> flat = {
      "area", "base",  "br",       "col",     "embed",    "hr",      "img",   "input",  "link",
      "meta", "param", "source",   "track",   "wbr",      "keygen",  "p",     "li",     "dt",
      "dd",   "tr",    "td",       "th",      "thead",    "tbody",   "tfoot", "option", "optgroup",
      "rb",   "rt",    "rp",       "rtc",     "colgroup", "caption", "html",  "head",   "body",
      "a",    "frame", "basefont", "bgsound", "image",    "menuitem"};
  return !flat.count(name);
}

bool is_raw_text(const std::string& name) {
  // By length first: this runs for every start tag of the page.
  switch (name.size()) {
  case 3:
    return name == "xmp";
  case 5:
    return name == "style" || name == "title";
  case 6:
    return name == "script" || name == "iframe";
  case 7:
    return name == "noembed";
  case 8:
    return name == "textarea" || name == "noframes";
  case 9:
    return name == "plaintext";
  default:
    return false;
  }
}

/// Index just past the '>' that ends the tag starting at `i`, or html.size().
std::size_t tag_end(std::string_view html, std::size_t i) {
  char quote = 0;
  bool after_eq = false;
  for (; i < html.size(); ++i) {
    char c = html[i];
    if (quote) {
      if (c == quote) quote = 0;
      continue;
    }
    if (c == '>') return i + 1;
    if ((c == '"' || c == '\'') && after_eq) {
      quote = c;
      after_eq = false;
      continue;
    }
    if (c == '=')
      after_eq = true;
    else if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
      after_eq = false;
  }
  return html.size();
}

std::size_t find_ci(std::string_view hay, std::string_view needle, std::size_t from) {
  for (std::size_t i = from; i + needle.size() <= hay.size(); ++i) {
    bool ok = true;
    for (std::size_t k = 0; k < needle.size() && ok; ++k) {
      char a = hay[i + k];
      if (a >= 'A' && a <= 'Z') a = static_cast<char>(a - 'A' + 'a');
      ok = a == needle[k];
    }
    if (ok) return i;
  }
  return std::string_view::npos;
}

// ---- post-processing of the built document: internal links to missing targets

void collect_ids(const model::Blocks& blocks, std::unordered_set<std::string>& ids);
void collect_ids(const model::Inlines& inlines, std::unordered_set<std::string>& ids) {
  for (const model::Inline& in : inlines) {
    if (!in.attr.id.empty()) ids.insert(in.attr.id);
    std::visit(
        [&](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, model::Note>)
            collect_ids(v.content, ids);
          else if constexpr (std::is_same_v<T, model::Emphasis> ||
                             std::is_same_v<T, model::Strong> ||
                             std::is_same_v<T, model::Underline> ||
                             std::is_same_v<T, model::Strikeout> ||
                             std::is_same_v<T, model::Superscript> ||
                             std::is_same_v<T, model::Subscript> ||
                             std::is_same_v<T, model::Link> || std::is_same_v<T, model::Span>)
            collect_ids(v.content, ids);
        },
        in.value);
  }
}

template <class F> void for_each_block_child(model::Block& b, F&& f);

void collect_ids(const model::Blocks& blocks, std::unordered_set<std::string>& ids) {
  for (const model::Block& b : blocks) {
    if (!b.attr.id.empty()) ids.insert(b.attr.id);
    for_each_block_child(const_cast<model::Block&>(b), [&](auto& x) { collect_ids(x, ids); });
  }
}

/// Calls f on every Blocks and Inlines directly inside a block.
template <class F> void for_each_block_child(model::Block& b, F&& f) {
  std::visit(
      [&](auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, model::Paragraph> || std::is_same_v<T, model::Heading>) {
          f(v.content);
        } else if constexpr (std::is_same_v<T, model::BlockQuote>) {
          f(v.content);
          f(v.attribution);
        } else if constexpr (std::is_same_v<T, model::List>) {
          for (auto& item : v.items)
            f(item.content);
        } else if constexpr (std::is_same_v<T, model::DefinitionList>) {
          for (auto& item : v.items) {
            f(item.term);
            for (auto& d : item.definitions)
              f(d);
          }
        } else if constexpr (std::is_same_v<T, model::Figure>) {
          f(v.content);
          f(v.caption);
        } else if constexpr (std::is_same_v<T, model::Table>) {
          for (auto* rows : {&v.head, &v.body, &v.foot})
            for (auto& row : *rows)
              for (auto& cell : row.cells)
                f(cell.content);
          f(v.caption);
        } else if constexpr (std::is_same_v<T, model::Div>) {
          f(v.content);
        }
      },
      b.value);
}

void unwrap_dead_links(model::Blocks& blocks, const std::unordered_set<std::string>& ids);
/// True when two neighbours in `inlines` are plain text runs that the rebuild below would merge.
bool has_mergeable_text(const model::Inlines& inlines) {
  for (std::size_t i = 1; i < inlines.size(); ++i)
    if (std::holds_alternative<model::Text>(inlines[i - 1].value) &&
        std::holds_alternative<model::Text>(inlines[i].value) && inlines[i - 1].attr.empty() &&
        inlines[i].attr.empty())
      return true;
  return false;
}

void unwrap_dead_links(model::Inlines& inlines, const std::unordered_set<std::string>& ids) {
  // First the children, noting the links to unwrap here; most lists have none and stay as
  // they are (the rebuild would only merge neighbouring text runs, which the builder already
  // merged).
  std::vector<char> dead(inlines.size(), 0);
  bool any_dead = false;
  for (std::size_t i = 0; i < inlines.size(); ++i) {
    std::visit(
        [&](auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, model::Note>) {
            unwrap_dead_links(v.content, ids);
          } else if constexpr (std::is_same_v<T, model::Emphasis> ||
                               std::is_same_v<T, model::Strong> ||
                               std::is_same_v<T, model::Underline> ||
                               std::is_same_v<T, model::Strikeout> ||
                               std::is_same_v<T, model::Superscript> ||
                               std::is_same_v<T, model::Subscript> ||
                               std::is_same_v<T, model::Span>) {
            unwrap_dead_links(v.content, ids);
          } else if constexpr (std::is_same_v<T, model::Link>) {
            unwrap_dead_links(v.content, ids);
            if (v.url.size() > 1 && v.url[0] == '#' && !ids.count(v.url.substr(1))) {
              dead[i] = 1;
              any_dead = true;
            }
          }
        },
        inlines[i].value);
  }
  if (!any_dead && !has_mergeable_text(inlines)) return;
  model::Inlines out;
  out.reserve(inlines.size());
  for (std::size_t i = 0; i < inlines.size(); ++i) {
    model::Inline& in = inlines[i];
    const bool unwrap = dead[i] != 0;
    if (!unwrap) {
      out.push_back(std::move(in));
      continue;
    }
    auto& link = std::get<model::Link>(in.value);
    for (model::Inline& c : link.content) {
      // Merge adjacent text runs as the builder would.
      if (!out.empty() && std::holds_alternative<model::Text>(out.back().value) &&
          std::holds_alternative<model::Text>(c.value) && out.back().attr.empty() && c.attr.empty())
        std::get<model::Text>(out.back().value).text += std::get<model::Text>(c.value).text;
      else
        out.push_back(std::move(c));
    }
  }
  // Text after an unwrapped link may now touch text before it.
  model::Inlines merged;
  for (model::Inline& in : out) {
    if (!merged.empty() && std::holds_alternative<model::Text>(merged.back().value) &&
        std::holds_alternative<model::Text>(in.value) && merged.back().attr.empty() &&
        in.attr.empty())
      std::get<model::Text>(merged.back().value).text += std::get<model::Text>(in.value).text;
    else
      merged.push_back(std::move(in));
  }
  inlines = std::move(merged);
}

void unwrap_dead_links(model::Blocks& blocks, const std::unordered_set<std::string>& ids) {
  for (model::Block& b : blocks)
    for_each_block_child(b, [&](auto& x) { unwrap_dead_links(x, ids); });
}

const GumboNode* find_body(const GumboNode* document) {
  for (const GumboNode* html_el : [&] {
         std::vector<const GumboNode*> v;
         const GumboVector* kids = children_of(document);
         for (unsigned i = 0; kids && i < kids->length; ++i)
           v.push_back(static_cast<const GumboNode*>(kids->data[i]));
         return v;
       }()) {
    if (tag_of(html_el) != GUMBO_TAG_HTML) continue;
    const GumboVector* kids = children_of(html_el);
    for (unsigned i = 0; i < kids->length; ++i) {
      auto* k = static_cast<const GumboNode*>(kids->data[i]);
      if (tag_of(k) == GUMBO_TAG_BODY || tag_of(k) == GUMBO_TAG_FRAMESET) return k;
    }
    return html_el;
  }
  return document;
}

} // namespace

std::string declared_charset(std::string_view bytes) {
  std::string_view head = bytes.substr(0, 4096);
  std::size_t pos = 0;
  while ((pos = find_ci(head, "<meta", pos)) != std::string_view::npos) {
    std::size_t end = tag_end(head, pos);
    std::string tag = ascii_lower(head.substr(pos, end - pos));
    pos = end;
    std::size_t c = tag.find("charset");
    if (c == std::string::npos) continue;
    c += 7;
    while (c < tag.size() && (tag[c] == ' ' || tag[c] == '\t' || tag[c] == '\n'))
      ++c;
    if (c >= tag.size() || tag[c] != '=') continue;
    ++c;
    while (c < tag.size() && (tag[c] == ' ' || tag[c] == '"' || tag[c] == '\''))
      ++c;
    std::size_t e = c;
    while (e < tag.size() && (is_name_char(tag[e]) || tag[e] == '.'))
      ++e;
    std::string cs = tag.substr(c, e - c);
    if (!cs.empty()) return cs;
  }
  return {};
}

std::string limit_nesting(std::string_view html, int limit, std::size_t& dropped) {
  dropped = 0;
  std::string out;
  out.reserve(html.size());
  int depth = 0;
  std::unordered_map<std::string, std::size_t> pending_drops;
  std::size_t i = 0;
  while (i < html.size()) {
    std::size_t lt = html.find('<', i);
    if (lt == std::string_view::npos) {
      out.append(html.substr(i));
      break;
    }
    out.append(html.substr(i, lt - i));
    i = lt;
    if (html.compare(i, 4, "<!--") == 0) {
      std::size_t end = html.find("-->", i + 4);
      end = end == std::string_view::npos ? html.size() : end + 3;
      out.append(html.substr(i, end - i));
      i = end;
      continue;
    }
    bool closing = i + 1 < html.size() && html[i + 1] == '/';
    std::size_t name_start = i + (closing ? 2 : 1);
    std::size_t name_end = name_start;
    while (name_end < html.size() && is_name_char(html[name_end]))
      ++name_end;
    if (name_end == name_start || !((html[name_start] >= 'a' && html[name_start] <= 'z') ||
                                    (html[name_start] >= 'A' && html[name_start] <= 'Z'))) {
      // Not a tag ("<!doctype", "<?xml", "a < b"): copy the '<' and go on.
      if (i + 1 < html.size() && (html[i + 1] == '!' || html[i + 1] == '?')) {
        std::size_t end = tag_end(html, i);
        out.append(html.substr(i, end - i));
        i = end;
      } else {
        out += '<';
        ++i;
      }
      continue;
    }
    std::string name = ascii_lower(html.substr(name_start, name_end - name_start));
    std::size_t end = tag_end(html, name_end);
    std::string_view tag = html.substr(i, end - i);
    if (closing) {
      auto it = pending_drops.find(name);
      if (it != pending_drops.end() && it->second > 0) {
        --it->second;
      } else {
        if (nests(name) && depth > 0) --depth;
        out.append(tag);
      }
      i = end;
      continue;
    }
    if (is_raw_text(name)) {
      // Raw text: copy up to the matching end tag untouched.
      std::size_t close = find_ci(html, "</" + name, end);
      std::size_t stop = close == std::string_view::npos ? html.size() : close;
      out.append(html.substr(i, stop - i));
      i = stop;
      continue;
    }
    bool self_closing = tag.size() >= 2 && tag[tag.size() - 2] == '/';
    if (!nests(name) || self_closing) {
      out.append(tag);
    } else if (depth >= limit) {
      ++pending_drops[name];
      ++dropped;
    } else {
      ++depth;
      out.append(tag);
    }
    i = end;
  }
  return out;
}

} // namespace html

model::Document HtmlReader::read(std::string_view bytes, const format::ReadOptions& options,
                                 diag::DiagnosticSink& sink) const {
  using namespace html;
  const std::string& name = options.display_name;
  util::DecodedText decoded = util::decode_text(bytes, name, sink, declared_charset(bytes));

  std::size_t dropped = 0;
  std::string text = limit_nesting(decoded.text, max_parse_depth, dropped);
  if (dropped > 0)
    sink.emit("nesting-too-deep",
              std::to_string(dropped) + " tags nested deeper than " +
                  std::to_string(max_parse_depth) + " levels were flattened into their content",
              {name, 0, 0});

  const ParsedHtml parsed(std::move(text));
  const GumboNode* document = parsed.document();
  if (!document)
    throw diag::Error(diag::ErrorKind::input, "input-unreadable",
                      "the HTML parser could not read this input", {name, 0, 0});
  const GumboNode* body = find_body(document);

  PageMetadata page = read_metadata(document);
  if (!options.title.empty()) page.meta.title = options.title;
  if (!options.language.empty()) page.meta.language = options.language;

  ExtractOptions xo;
  xo.mode = options.extract.empty() ? "auto" : options.extract;
  xo.title = page.meta.title;
  xo.authors = page.meta.authors;
  Extraction extraction = extract_article(body, xo);
  if (page.meta.authors.empty() && !extraction.byline.empty()) {
    std::string by = clean_value(extraction.byline);
    for (const char* prefix : {"By ", "by ", "BY "})
      if (by.rfind(prefix, 0) == 0) by = by.substr(3);
    if (!by.empty() && by.size() < 100) page.meta.authors.push_back(by);
  }

  model::DocumentBuilder builder(name);
  builder.meta() = page.meta;
  ResourceLoader loader(options, builder.resources(), sink);
  {
    ElementMapper mapper(document, builder, loader, sink, extraction.removed,
                         transform::quote_style_for(page.meta.language));
    for (const GumboNode* root : extraction.roots)
      mapper.convert(root);
    mapper.report_skipped();
  }
  loader.report_summary();
  if (extraction.extracted)
    sink.emit("article-extracted",
              "page boilerplate removed (article extraction; --extract never keeps everything)",
              {name, 0, 0});
  if (!page.cover_url.empty()) {
    LoadedImage cover = loader.load_image(page.cover_url, {name, 0, 0}, false);
    if (!cover.resource.empty()) builder.meta().cover_image = cover.resource;
  }
  model::Document doc = builder.finish();
  std::unordered_set<std::string> ids;
  collect_ids(doc.blocks, ids);
  unwrap_dead_links(doc.blocks, ids);
  return doc;
}

} // namespace sheaf::readers
