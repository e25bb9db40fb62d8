// The HTML reader: charset detection, decoding, a nesting pre-scan (gumbo is quadratic on deep
// nesting), gumbo parsing, metadata, article extraction and the element walk.
#include "readers/html/html_reader.hpp"

#include "diag/error.hpp"
#include "model/builder.hpp"
#include "readers/html/dom.hpp"
#include "readers/html/element_mapping.hpp"
#include "readers/html/extract.hpp"
#include "readers/html/flat_tree.hpp"
#include "readers/html/html_metadata.hpp"
#include "readers/html/parsed_html.hpp"
#include "readers/html/resources.hpp"
#include "transform/typography.hpp"
#include "util/background_task.hpp"
#include "util/decode.hpp"

#include <cstdint>
#include <gumbo.h>
#include <optional>
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

/// A name of at most 8 characters packed into an integer (for comparisons without memcmp).
constexpr std::uint64_t pack_name(std::string_view name) {
  std::uint64_t key = 0;
  for (std::size_t k = 0; k < name.size(); ++k)
    key |= static_cast<std::uint64_t>(static_cast<unsigned char>(name[k])) << (8 * k);
  return key;
}

/// Elements that never nest when left unclosed (void, auto-closing or singletons), packed,
/// in a small open-addressing table built at compile time (this runs for every tag).
struct FlatElements {
  static constexpr std::size_t size = 128; // power of two, over twice the 42 names
  std::uint64_t slots[size] = {};
  static constexpr std::size_t slot_of(std::uint64_t key) {
    return static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ull) >> 57);
  }
  constexpr FlatElements() {
    const std::string_view names[] = {
        "area",   "base",  "br",    "col",      "embed",   "hr",       "img",
        "input",  "link",  "meta",  "param",    "source",  "track",    "wbr",
        "keygen", "p",     "li",    "dt",       "dd",      "tr",       "td",
        "th",     "thead", "tbody", "tfoot",    "option",  "optgroup", "rb",
        "rt",     "rp",    "rtc",   "colgroup", "caption", "html",     "head",
        "body",   "a",     "frame", "basefont", "bgsound", "image",    "menuitem"};
    for (std::string_view n : names) {
      std::size_t i = slot_of(pack_name(n));
      while (slots[i] != 0)
        i = (i + 1) % size;
      slots[i] = pack_name(n);
    }
  }
  bool contains(std::uint64_t key) const {
    for (std::size_t i = slot_of(key);; i = (i + 1) % size) {
      if (slots[i] == key) return true;
      if (slots[i] == 0) return false;
    }
  }
};
constexpr FlatElements k_flat_elements;

/// False for the elements that never nest; `name` is in lower case.
bool nests(std::string_view name) {
  // Names hold no NUL byte, so packing is one-to-one for up to 8 characters.
  if (name.empty() || name.size() > 8) return true;
  return !k_flat_elements.contains(pack_name(name));
}

bool is_raw_text(std::string_view name) {
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
  bool after_eq = false;
  for (; i < html.size(); ++i) {
    char c = html[i];
    if (c == '>') return i + 1;
    if ((c == '"' || c == '\'') && after_eq) {
      // A quoted value: jump to its closing quote.
      i = html.find(c, i + 1);
      if (i == std::string_view::npos) return html.size();
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

/// First position at or after `from` where `needle` (lower case) occurs, ignoring ASCII case.
std::size_t find_ci(std::string_view hay, std::string_view needle, std::size_t from) {
  const bool plain_first = !needle.empty() && !(needle[0] >= 'a' && needle[0] <= 'z');
  for (std::size_t i = from; i + needle.size() <= hay.size(); ++i) {
    if (plain_first) { // "<…": jump to the next candidate
      i = hay.find(needle[0], i);
      if (i == std::string_view::npos || i + needle.size() > hay.size()) break;
    }
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

/// Pages at least this big read their metadata and prepare the element mapper on a helper
/// thread while the body is copied and extracted (a thread costs ~0.1 ms; small pages skip it).
constexpr std::size_t k_helper_min_bytes = 256 * 1024;

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
  // The output is the input without the dropped tags: html[0, copied) is in `out`, and the
  // rest is copied when a tag is dropped or at the end.
  std::string out;
  std::size_t copied = 0;
  auto drop = [&](std::size_t from, std::size_t to) {
    if (out.empty()) out.reserve(html.size());
    out.append(html.substr(copied, from - copied));
    copied = to;
  };
  int depth = 0;
  std::unordered_map<std::string, std::size_t> pending_drops; // lower-case name -> count
  std::size_t i = 0;
  while (i < html.size()) {
    std::size_t lt = html.find('<', i);
    if (lt == std::string_view::npos) break;
    i = lt;
    if (html.compare(i, 4, "<!--") == 0) {
      std::size_t end = html.find("-->", i + 4);
      i = end == std::string_view::npos ? html.size() : end + 3;
      continue;
    }
    bool closing = i + 1 < html.size() && html[i + 1] == '/';
    std::size_t name_start = i + (closing ? 2 : 1);
    std::size_t name_end = name_start;
    while (name_end < html.size() && is_name_char(html[name_end]))
      ++name_end;
    if (name_end == name_start || !((html[name_start] >= 'a' && html[name_start] <= 'z') ||
                                    (html[name_start] >= 'A' && html[name_start] <= 'Z'))) {
      // Not a tag ("<!doctype", "<?xml", "a < b"): keep the '<' and go on.
      if (i + 1 < html.size() && (html[i + 1] == '!' || html[i + 1] == '?'))
        i = tag_end(html, i);
      else
        ++i;
      continue;
    }
    // The lower-case name; names longer than any listed one need no lower-case copy except
    // for pending_drops.
    const std::size_t name_len = name_end - name_start;
    char small[16];
    std::string_view name;
    std::string long_name;
    if (name_len < sizeof small) {
      for (std::size_t k = 0; k < name_len; ++k) {
        char c = html[name_start + k];
        small[k] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
      }
      name = std::string_view(small, name_len);
    } else {
      long_name = ascii_lower(html.substr(name_start, name_len));
      name = long_name;
    }
    std::size_t end = tag_end(html, name_end);
    std::string_view tag = html.substr(i, end - i);
    if (closing) {
      auto it = pending_drops.empty() ? pending_drops.end() : pending_drops.find(std::string(name));
      if (it != pending_drops.end() && it->second > 0) {
        --it->second;
        drop(i, end);
      } else if (nests(name) && depth > 0) {
        --depth;
      }
      i = end;
      continue;
    }
    if (is_raw_text(name)) {
      // Raw text: kept untouched up to the matching end tag.
      std::size_t close = find_ci(html, "</" + std::string(name), end);
      i = close == std::string_view::npos ? html.size() : close;
      continue;
    }
    bool self_closing = tag.size() >= 2 && tag[tag.size() - 2] == '/';
    if (!nests(name) || self_closing) {
      // kept
    } else if (depth >= limit) {
      ++pending_drops[std::string(name)];
      ++dropped;
      drop(i, end);
    } else {
      ++depth;
    }
    i = end;
  }
  if (copied == 0) return std::string(html);
  out.append(html.substr(copied));
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

  // The page metadata and the element mapper's id and note tables only read the tree; on big
  // pages they are built on a helper thread while this one copies the body for extraction.
  PageMetadata page;
  auto read_page_metadata = [&] {
    page = read_metadata(document);
    if (!options.title.empty()) page.meta.title = options.title;
    if (!options.language.empty()) page.meta.language = options.language;
  };
  model::DocumentBuilder builder(name);
  ResourceLoader loader(options, builder.resources(), sink);
  Extraction extraction; // filled below; the mapper keeps a reference to `removed`
  std::optional<ElementMapper> mapper;
  auto prepare_mapper = [&] {
    mapper.emplace(document, builder, loader, sink, extraction.removed,
                   transform::quote_style_for(page.meta.language));
  };
  ExtractOptions xo;
  xo.mode = options.extract.empty() ? "auto" : options.extract;
  std::optional<FlatTree> tree;
  if (parsed.text_size() < k_helper_min_bytes) {
    read_page_metadata();
    if (xo.mode != "never") tree.emplace(body);
  } else {
    util::BackgroundTask helper([&](const util::BackgroundTask::Signal& meta_ready) {
      read_page_metadata();
      meta_ready();
      prepare_mapper();
    });
    if (xo.mode != "never") tree.emplace(body);
    helper.wait_signal(); // the metadata (rethrows the helper's exception)
    xo.title = page.meta.title;
    xo.authors = page.meta.authors;
    extraction = tree ? extract_article(*tree, xo) : extract_article(body, xo);
    helper.join(); // the mapper (rethrows the helper's exception)
  }
  if (!mapper) {
    xo.title = page.meta.title;
    xo.authors = page.meta.authors;
    extraction = tree ? extract_article(*tree, xo) : extract_article(body, xo);
    prepare_mapper();
  }
  tree.reset(); // ~50 bytes per node: not kept while the document is built
  if (page.meta.authors.empty() && !extraction.byline.empty()) {
    std::string by = clean_value(extraction.byline);
    for (const char* prefix : {"By ", "by ", "BY "})
      if (by.rfind(prefix, 0) == 0) by = by.substr(3);
    if (!by.empty() && by.size() < 100) page.meta.authors.push_back(by);
  }

  builder.meta() = page.meta;
  for (const GumboNode* root : extraction.roots)
    mapper->convert(root);
  mapper->report_skipped();
  mapper.reset();
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
