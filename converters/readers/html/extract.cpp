// Readability-class article extraction (see extract.hpp). The algorithm follows the well-known
// scheme: unlikely candidates, paragraph scores propagated to ancestors, best candidate plus
// qualifying siblings, conditional cleaning; it never edits the tree.
#include "readers/html/extract.hpp"

#include "readers/html/dom.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <strings.h>
#include <unordered_map>
#include <utility>

namespace sheaf::readers::html {
namespace {

using NodeSet = std::unordered_set<const GumboNode*>;

bool contains_any(const std::string& hay, std::initializer_list<const char*> needles) {
  for (const char* n : needles)
    if (hay.find(n) != std::string::npos) return true;
  return false;
}

/// "class id" in lower case.
std::string match_string(const GumboNode* n) {
  return ascii_lower(attr_or_empty(n, "class") + " " + attr_or_empty(n, "id"));
}

bool is_unlikely(const std::string& s) {
  return contains_any(s, {"-ad-",       "ai2html",    "banner",     "breadcrumbs", "combx",
                          "comment",    "community",  "cover-wrap", "disqus",      "extra",
                          "footer",     "gdpr",       "header",     "legends",     "menu",
                          "related",    "remark",     "replies",    "rss",         "shoutbox",
                          "sidebar",    "skyscraper", "social",     "sponsor",     "supplemental",
                          "ad-break",   "agegate",    "pagination", "pager",       "popup",
                          "yom-remote", "cookie",     "newsletter", "subscribe"});
}

bool is_maybe_candidate(const std::string& s) {
  return contains_any(s, {"and", "article", "body", "column", "content", "main", "shadow"});
}

bool is_negative(const std::string& s) {
  if (contains_any(s, {"-ad-",     "hidden",     "banner",  "combx",    "comment", "com-",
                       "contact",  "footer",     "gdpr",    "masthead", "media",   "meta",
                       "outbrain", "promo",      "related", "scroll",   "share",   "shoutbox",
                       "sidebar",  "skyscraper", "sponsor", "shopping", "tags",    "widget"}))
    return true;
  // "hid" as a whole token.
  std::string padded = " " + s + " ";
  return padded.find(" hid ") != std::string::npos;
}

bool is_positive(const std::string& s) {
  return contains_any(s, {"article", "body", "content", "entry", "hentry", "h-entry", "main",
                          "page", "pagination", "post", "text", "blog", "story"});
}

bool is_byline_string(const std::string& s) {
  return contains_any(s, {"byline", "author", "dateline", "writtenby", "p-author"});
}

bool has_ancestor(const GumboNode* n, GumboTag tag, int max_depth = 64) {
  for (const GumboNode* p = n->parent; p && max_depth-- > 0; p = p->parent)
    if (tag_of(p) == tag) return true;
  return false;
}

/// The attributes the unlikely-candidate pass reads, found in one pass over the element's
/// attributes (the first of each name, compared case-insensitively, as gumbo_get_attribute does).
struct MarkAttrs {
  const char* cls = nullptr;
  const char* id = nullptr;
  const char* rel = nullptr;
  const char* itemprop = nullptr;
  const char* role = nullptr;
  const char* hidden = nullptr;
  const char* aria_hidden = nullptr;
  const char* style = nullptr;

  explicit MarkAttrs(const GumboNode* n) {
    const GumboVector& attrs = n->v.element.attributes;
    for (unsigned i = 0; i < attrs.length; ++i) {
      const auto* a = static_cast<const GumboAttribute*>(attrs.data[i]);
      const char* name = a->name;
      const std::pair<const char*, const char**> wanted[] = {{"class", &cls},
                                                             {"id", &id},
                                                             {"rel", &rel},
                                                             {"itemprop", &itemprop},
                                                             {"role", &role},
                                                             {"hidden", &hidden},
                                                             {"aria-hidden", &aria_hidden},
                                                             {"style", &style}};
      const char** slot = nullptr;
      for (const auto& [wanted_name, wanted_slot] : wanted)
        if (strcasecmp(name, wanted_name) == 0) slot = wanted_slot;
      if (slot && !*slot) *slot = a->value;
    }
  }
};

bool is_hidden(const GumboNode* n, const MarkAttrs& a) {
  if (a.hidden) return true;
  if (a.aria_hidden && std::strcmp(a.aria_hidden, "true") == 0 && !has_class(n, "fallback-image"))
    return true;
  if (!a.style) return false;
  std::string style = ascii_lower(a.style);
  style.erase(std::remove(style.begin(), style.end(), ' '), style.end());
  return style.find("display:none") != std::string::npos ||
         style.find("visibility:hidden") != std::string::npos;
}

/// ascii_lower of an attribute value, "" when absent.
std::string lower_or_empty(const char* v) {
  return v ? ascii_lower(v) : std::string();
}

bool is_skipped_tag(GumboTag t) {
  return t == GUMBO_TAG_SCRIPT || t == GUMBO_TAG_STYLE || t == GUMBO_TAG_NOSCRIPT ||
         t == GUMBO_TAG_TEMPLATE || t == GUMBO_TAG_HEAD;
}

bool is_heading(GumboTag t) {
  return t == GUMBO_TAG_H1 || t == GUMBO_TAG_H2 || t == GUMBO_TAG_H3 || t == GUMBO_TAG_H4 ||
         t == GUMBO_TAG_H5 || t == GUMBO_TAG_H6;
}

/// Elements whose presence makes a <div> a container rather than a paragraph.
bool is_block_child(GumboTag t) {
  switch (t) {
  case GUMBO_TAG_BLOCKQUOTE:
  case GUMBO_TAG_DL:
  case GUMBO_TAG_DIV:
  case GUMBO_TAG_IMG:
  case GUMBO_TAG_OL:
  case GUMBO_TAG_P:
  case GUMBO_TAG_PRE:
  case GUMBO_TAG_TABLE:
  case GUMBO_TAG_UL:
  case GUMBO_TAG_SECTION:
  case GUMBO_TAG_ARTICLE:
  case GUMBO_TAG_HEADER:
  case GUMBO_TAG_FOOTER:
  case GUMBO_TAG_ASIDE:
  case GUMBO_TAG_NAV:
  case GUMBO_TAG_FIGURE:
  case GUMBO_TAG_H1:
  case GUMBO_TAG_H2:
  case GUMBO_TAG_H3:
  case GUMBO_TAG_H4:
  case GUMBO_TAG_H5:
  case GUMBO_TAG_H6:
  case GUMBO_TAG_MAIN:
  case GUMBO_TAG_FORM:
  case GUMBO_TAG_HR:
  case GUMBO_TAG_ADDRESS:
  case GUMBO_TAG_FIELDSET:
  case GUMBO_TAG_DETAILS:
    return true;
  default:
    return false;
  }
}

/// Aggregate numbers about a subtree (removed subtrees excluded).
struct Stats {
  std::size_t text = 0; ///< collapsed text length
  double link_text = 0; ///< text inside links (#-links weigh 0.3)
  int commas = 0;
  int paragraphs = 0, images = 0, list_items = 0, inputs = 0, embeds = 0;
  std::size_t heading_text = 0;
  std::size_t list_text = 0; ///< text inside list items
  bool has_pre = false, has_figure = false, has_data_table = false;
};

class Extractor {
public:
  Extractor(const GumboNode* body, const ExtractOptions& options)
      : m_body(body), m_options(options) {}

  Extraction run();

private:
  struct Flags {
    bool strip_unlikely = true;
    bool weight_classes = true;
    bool clean_conditionally = true;
  };

  Extraction attempt(Flags flags);
  void mark_unlikely(Flags flags, Extraction& ex);
  void score(Flags flags, const Extraction& ex);
  void add_paragraph_score(const GumboNode* first_ancestor, std::size_t len, int commas,
                           Flags flags);
  double class_weight(const GumboNode* n, Flags flags) const;
  double init_score(const GumboNode* n, Flags flags) const;
  Stats stats(const GumboNode* n, const NodeSet& removed) const;
  double link_density(const GumboNode* n, const NodeSet& removed) const;
  bool is_data_table(const GumboNode* table) const;
  void clean(const GumboNode* root, Flags flags, Extraction& ex);
  void clean_conditionally(const GumboNode* root, Flags flags, Extraction& ex);
  void remove_title_heading(Extraction& ex);

  const GumboNode* m_body;
  const ExtractOptions& m_options;
  std::unordered_map<const GumboNode*, double> m_scores;
  mutable std::unordered_map<const GumboNode*, bool> m_data_tables;
  /// Stats of subtrees already measured while `removed` did not change inside them; computing
  /// inner nodes first makes nested containers linear instead of quadratic.
  mutable std::unordered_map<const GumboNode*, Stats> m_memo;
};

/// Byte length of visible_text(root, removed), without building the string.
std::size_t visible_length(const GumboNode* root, const NodeSet& removed) {
  std::size_t len = 0;
  bool space = true;
  for_each_node(root, [&](const GumboNode* n) {
    if (is_text(n)) {
      for (const char* p = n->v.text.text; *p; ++p) {
        char c = *p;
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f') {
          if (!space) ++len;
          space = true;
        } else {
          ++len;
          space = false;
        }
      }
      return false;
    }
    if (!is_element(n)) return false;
    if (n != root && removed.count(n)) return false;
    return !is_skipped_tag(tag_of(n));
  });
  // visible_text drops the one trailing space a run of whitespace leaves.
  return len > 0 && space ? len - 1 : len;
}

std::size_t collapsed_length(const char* s, bool& space_before) {
  std::size_t n = 0;
  for (const char* p = s; *p; ++p) {
    char c = *p;
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f') {
      if (!space_before) {
        ++n;
        space_before = true;
      }
    } else {
      // Count code points, not bytes.
      if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
      space_before = false;
    }
  }
  return n;
}

/// Byte classes for the text scans: 0 = end, 1 = white space, 2 = ',', 3 = UTF-8 continuation
/// byte, 4 = any other byte (starts a code point).
struct ByteClasses {
  unsigned char of[256];
  constexpr ByteClasses() : of{} {
    for (int c = 1; c < 256; ++c)
      of[c] = (c & 0xC0) == 0x80 ? 3 : 4;
    for (int c : {' ', '\n', '\t', '\r', '\f'})
      of[c] = 1;
    of[static_cast<int>(',')] = 2;
  }
};
constexpr ByteClasses k_byte_classes;

/// collapsed_length() that also counts the commas of `s` (one table-driven pass).
std::size_t collapsed_length_commas(const char* s, bool& space_before, int& commas) {
  std::size_t n = 0;
  bool space = space_before;
  for (const auto* p = reinterpret_cast<const unsigned char*>(s);; ++p) {
    switch (k_byte_classes.of[*p]) {
    case 0:
      space_before = space;
      return n;
    case 1:
      n += !space;
      space = true;
      break;
    case 2:
      ++commas;
      ++n;
      space = false;
      break;
    case 3:
      space = false;
      break;
    default:
      ++n;
      space = false;
      break;
    }
  }
}

/// collapsed_length() of text_content(n) (script/style/template/noscript excluded), without
/// building the string.
std::size_t collapsed_text_length(const GumboNode* root) {
  std::size_t len = 0;
  bool space = true;
  for_each_node(root, [&](const GumboNode* x) {
    if (is_text(x)) {
      len += collapsed_length(x->v.text.text, space);
      return false;
    }
    GumboTag t = tag_of(x);
    return !(t == GUMBO_TAG_SCRIPT || t == GUMBO_TAG_STYLE || t == GUMBO_TAG_TEMPLATE ||
             t == GUMBO_TAG_NOSCRIPT);
  });
  return len;
}

Stats Extractor::stats(const GumboNode* root, const NodeSet& removed) const {
  Stats st;
  bool space = true;
  // Iterative traversal with a marker of how deep inside links we are.
  struct Item {
    const GumboNode* n;
    double link_weight; // 0 outside links
    bool in_li;
  };
  std::vector<Item> stack{{root, 0, false}};
  while (!stack.empty()) {
    Item it = stack.back();
    stack.pop_back();
    const GumboNode* n = it.n;
    if (is_text(n)) {
      std::size_t len = collapsed_length_commas(n->v.text.text, space, st.commas);
      st.text += len;
      st.link_text += it.link_weight * static_cast<double>(len);
      if (it.in_li) st.list_text += len;
      continue;
    }
    if (!is_element(n) || (n != root && removed.count(n))) continue;
    if (n != root) {
      auto memo = m_memo.find(n);
      if (memo != m_memo.end()) {
        const Stats& m = memo->second;
        st.text += m.text;
        st.link_text +=
            it.link_weight > 0 ? it.link_weight * static_cast<double>(m.text) : m.link_text;
        st.list_text += it.in_li ? m.text : m.list_text;
        st.commas += m.commas;
        st.paragraphs += m.paragraphs;
        st.images += m.images;
        st.list_items += m.list_items;
        st.inputs += m.inputs;
        st.embeds += m.embeds;
        st.heading_text += m.heading_text;
        st.has_pre = st.has_pre || m.has_pre;
        st.has_figure = st.has_figure || m.has_figure;
        st.has_data_table = st.has_data_table || m.has_data_table;
        space = false;
        continue;
      }
    }
    GumboTag t = tag_of(n);
    if (is_skipped_tag(t)) continue;
    double weight = it.link_weight;
    switch (t) {
    case GUMBO_TAG_P:
      ++st.paragraphs;
      break;
    case GUMBO_TAG_IMG:
      ++st.images;
      break;
    case GUMBO_TAG_LI:
      ++st.list_items;
      break;
    case GUMBO_TAG_INPUT:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_BUTTON:
      ++st.inputs;
      break;
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_AUDIO:
      ++st.embeds;
      break;
    case GUMBO_TAG_PRE:
      st.has_pre = true;
      break;
    case GUMBO_TAG_FIGURE:
      st.has_figure = true;
      break;
    case GUMBO_TAG_TABLE:
      if (is_data_table(n)) st.has_data_table = true;
      break;
    case GUMBO_TAG_A: {
      const char* href = attr(n, "href");
      weight = (href && href[0] == '#') ? 0.3 : 1.0;
      break;
    }
    default:
      break;
    }
    if (is_heading(t)) {
      // Heading text is counted separately (cheap: headings are small).
      st.heading_text += collapsed_text_length(n);
    }
    const GumboVector* kids = children_of(n);
    for (unsigned i = kids->length; i-- > 0;)
      stack.push_back(
          {static_cast<const GumboNode*>(kids->data[i]), weight, it.in_li || t == GUMBO_TAG_LI});
  }
  if (is_element(root)) m_memo[root] = st;
  return st;
}

double Extractor::link_density(const GumboNode* n, const NodeSet& removed) const {
  Stats st = stats(n, removed);
  return st.text == 0 ? 0.0 : st.link_text / static_cast<double>(st.text);
}

bool Extractor::is_data_table(const GumboNode* table) const {
  auto it = m_data_tables.find(table);
  if (it != m_data_tables.end()) return it->second;
  bool data = false;
  std::string role = attr_or_empty(table, "role");
  if (role == "presentation" || attr_or_empty(table, "datatable") == "0") {
    data = false;
  } else if (attr(table, "summary")) {
    data = true;
  } else {
    bool decided = false;
    int rows = 0, cols = 0;
    bool nested = false;
    for_each_node(table, [&](const GumboNode* x) {
      if (decided) return false;
      GumboTag t = tag_of(x);
      if (x != table && t == GUMBO_TAG_TABLE) {
        nested = true;
        return false;
      }
      if (t == GUMBO_TAG_CAPTION || t == GUMBO_TAG_THEAD || t == GUMBO_TAG_TFOOT ||
          t == GUMBO_TAG_COLGROUP || t == GUMBO_TAG_COL || t == GUMBO_TAG_TH) {
        if (t != GUMBO_TAG_CAPTION || !text_content(x).empty()) {
          // gumbo never invents thead/tfoot/colgroup, so these were written.
          decided = true;
          data = true;
          return false;
        }
      }
      if (t == GUMBO_TAG_TR) {
        ++rows;
        int c = 0;
        if (const GumboVector* kids = children_of(x))
          for (unsigned i = 0; i < kids->length; ++i) {
            auto* k = static_cast<const GumboNode*>(kids->data[i]);
            if (tag_of(k) == GUMBO_TAG_TD || tag_of(k) == GUMBO_TAG_TH) {
              const char* span = attr(k, "colspan");
              c += span ? std::max(1, std::atoi(span)) : 1;
            }
          }
        cols = std::max(cols, c);
      }
      return true;
    });
    if (!decided) {
      if (nested)
        data = false;
      else
        data = rows >= 10 || cols > 4 || rows * cols > 10;
    }
  }
  m_data_tables.emplace(table, data);
  return data;
}

double Extractor::class_weight(const GumboNode* n, Flags flags) const {
  if (!flags.weight_classes) return 0;
  double w = 0;
  for (const char* a : {"class", "id"}) {
    std::string v = ascii_lower(attr_or_empty(n, a));
    if (v.empty()) continue;
    if (is_negative(v)) w -= 25;
    if (is_positive(v)) w += 25;
  }
  return w;
}

double Extractor::init_score(const GumboNode* n, Flags flags) const {
  double s = 0;
  switch (tag_of(n)) {
  case GUMBO_TAG_DIV:
    s = 5;
    break;
  case GUMBO_TAG_PRE:
  case GUMBO_TAG_TD:
  case GUMBO_TAG_BLOCKQUOTE:
    s = 3;
    break;
  case GUMBO_TAG_ADDRESS:
  case GUMBO_TAG_OL:
  case GUMBO_TAG_UL:
  case GUMBO_TAG_DL:
  case GUMBO_TAG_DD:
  case GUMBO_TAG_DT:
  case GUMBO_TAG_LI:
  case GUMBO_TAG_FORM:
    s = -3;
    break;
  case GUMBO_TAG_H1:
  case GUMBO_TAG_H2:
  case GUMBO_TAG_H3:
  case GUMBO_TAG_H4:
  case GUMBO_TAG_H5:
  case GUMBO_TAG_H6:
  case GUMBO_TAG_TH:
    s = -5;
    break;
  default:
    break;
  }
  return s + class_weight(n, flags);
}

void Extractor::mark_unlikely(Flags flags, Extraction& ex) {
  bool byline_found = false;
  for_each_node(m_body, [&](const GumboNode* n) {
    if (!is_element(n)) return false;
    if (n == m_body) return true;
    GumboTag t = tag_of(n);
    if (is_skipped_tag(t)) {
      ex.removed.insert(n);
      return false;
    }
    const MarkAttrs attrs(n);
    if (is_hidden(n, attrs)) {
      ex.removed.insert(n);
      return false;
    }
    // match_string(n) ("class id", lower case); " " matches none of the name lists.
    const bool has_names = (attrs.cls && *attrs.cls) || (attrs.id && *attrs.id);
    const std::string ms = has_names ? ascii_lower(std::string(attrs.cls ? attrs.cls : "") + " " +
                                                   (attrs.id ? attrs.id : ""))
                                     : std::string(" ");
    if (!byline_found && !is_heading(t) &&
        (lower_or_empty(attrs.rel) == "author" ||
         lower_or_empty(attrs.itemprop).find("author") != std::string::npos ||
         (has_names && is_byline_string(ms)))) {
      std::string text = visible_text(n, ex.removed);
      if (!text.empty() && text.size() < 100) {
        ex.byline = text;
        ex.removed.insert(n);
        byline_found = true;
        return false;
      }
    }
    if (flags.strip_unlikely) {
      // Unlikely names mark page furniture (containers), not content elements such as a
      // heading whose id happens to be "headers".
      bool content_element = is_heading(t) || t == GUMBO_TAG_P || t == GUMBO_TAG_LI ||
                             t == GUMBO_TAG_PRE || t == GUMBO_TAG_TABLE || t == GUMBO_TAG_FIGURE ||
                             t == GUMBO_TAG_BLOCKQUOTE || t == GUMBO_TAG_CODE ||
                             t == GUMBO_TAG_IMG || t == GUMBO_TAG_DL;
      if (!content_element && has_names && is_unlikely(ms) && !is_maybe_candidate(ms) &&
          t != GUMBO_TAG_A && !has_ancestor(n, GUMBO_TAG_TABLE) &&
          !has_ancestor(n, GUMBO_TAG_CODE)) {
        ex.removed.insert(n);
        return false;
      }
      const std::string role = lower_or_empty(attrs.role);
      if (role == "menu" || role == "menubar" || role == "complementary" || role == "navigation" ||
          role == "alert" || role == "alertdialog" || role == "dialog" || t == GUMBO_TAG_NAV) {
        ex.removed.insert(n);
        return false;
      }
    }
    return true;
  });
}

void Extractor::add_paragraph_score(const GumboNode* first, std::size_t len, int commas,
                                    Flags flags) {
  double content = 1 + (commas + 1) + std::min<double>(std::floor(len / 100.0), 3);
  int level = 0;
  for (const GumboNode* a = first; a && level < 5; a = a->parent, ++level) {
    if (!is_element(a)) break;
    auto it = m_scores.find(a);
    if (it == m_scores.end()) it = m_scores.emplace(a, init_score(a, flags)).first;
    double divider = level == 0 ? 1 : level == 1 ? 2 : level * 3;
    it->second += content / divider;
    if (a == m_body) break;
  }
}

void Extractor::score(Flags flags, const Extraction& ex) {
  m_scores.clear();
  std::vector<const GumboNode*> paragraphs;
  for_each_node(m_body, [&](const GumboNode* n) {
    if (!is_element(n)) return false;
    if (n != m_body && ex.removed.count(n)) return false;
    GumboTag t = tag_of(n);
    bool scored = t == GUMBO_TAG_P || t == GUMBO_TAG_PRE || t == GUMBO_TAG_SECTION ||
                  t == GUMBO_TAG_H2 || t == GUMBO_TAG_H3 || t == GUMBO_TAG_H4 ||
                  t == GUMBO_TAG_H5 || t == GUMBO_TAG_H6;
    // A div or a table cell holding only phrasing content is a paragraph; one holding blocks
    // (a layout cell with the article's paragraphs) is walked into and its blocks are scored.
    if (t == GUMBO_TAG_DIV || t == GUMBO_TAG_TD) {
      bool block_children = false;
      for_each_node(n, [&](const GumboNode* x) {
        if (block_children || (x != n && ex.removed.count(x))) return false;
        if (x != n && is_element(x) && is_block_child(tag_of(x))) block_children = true;
        return !block_children;
      });
      if (!block_children) {
        scored = true;
      } else {
        // Runs of phrasing content directly in the div count as paragraphs of the div.
        std::size_t run_len = 0;
        int run_commas = 0;
        auto flush = [&] {
          if (run_len >= 25) add_paragraph_score(n, run_len, run_commas, flags);
          run_len = 0;
          run_commas = 0;
        };
        const GumboVector* kids = children_of(n);
        for (unsigned i = 0; i < kids->length; ++i) {
          auto* k = static_cast<const GumboNode*>(kids->data[i]);
          if (is_element(k) && (is_block_child(tag_of(k)) || ex.removed.count(k))) {
            flush();
            continue;
          }
          Stats st = stats(k, ex.removed);
          run_len += st.text;
          run_commas += st.commas;
        }
        flush();
      }
    }
    if (scored && n != m_body) {
      paragraphs.push_back(n);
      // A paragraph-like div is still walked: nested divs can be scored themselves.
      return t == GUMBO_TAG_DIV || t == GUMBO_TAG_TD || t == GUMBO_TAG_SECTION;
    }
    return true;
  });
  // Innermost first (reverse document order), so nested sections reuse measurements.
  for (auto it = paragraphs.rbegin(); it != paragraphs.rend(); ++it) {
    Stats st = stats(*it, ex.removed);
    if (st.text >= 25) add_paragraph_score((*it)->parent, st.text, st.commas, flags);
  }
}

void Extractor::clean_conditionally(const GumboNode* root, Flags flags, Extraction& ex) {
  m_memo.clear(); // clean() removed nodes since the scores were measured
  // Collect candidates, then judge them innermost first so that parents see removed children.
  std::vector<const GumboNode*> nodes;
  for_each_node(root, [&](const GumboNode* n) {
    if (!is_element(n) || (n != root && ex.removed.count(n))) return false;
    GumboTag t = tag_of(n);
    if (t == GUMBO_TAG_PRE || t == GUMBO_TAG_CODE) return false;
    if (n != root && (t == GUMBO_TAG_FORM || t == GUMBO_TAG_FIELDSET || t == GUMBO_TAG_TABLE ||
                      t == GUMBO_TAG_UL || t == GUMBO_TAG_DIV || t == GUMBO_TAG_SECTION ||
                      t == GUMBO_TAG_ASIDE || t == GUMBO_TAG_OL))
      nodes.push_back(n);
    if (t == GUMBO_TAG_TABLE && is_data_table(n)) return false;
    return true;
  });
  for (auto it = nodes.rbegin(); it != nodes.rend(); ++it) {
    const GumboNode* n = *it;
    GumboTag t = tag_of(n);
    if (t == GUMBO_TAG_TABLE && is_data_table(n)) continue;
    if (t == GUMBO_TAG_FORM || t == GUMBO_TAG_FIELDSET) {
      ex.removed.insert(n);
      continue;
    }
    Stats st = stats(n, ex.removed);
    // Keep code blocks, figures and data tables (the known misses of other tools).
    if (st.has_pre || st.has_data_table) continue;
    double weight = class_weight(n, flags);
    auto sc = m_scores.find(n);
    double content_score = sc == m_scores.end() ? 0 : sc->second;
    // A container that is (almost) only a list counts as a list.
    bool is_list = t == GUMBO_TAG_UL || t == GUMBO_TAG_OL ||
                   (st.text > 0 && static_cast<double>(st.list_text) > 0.9 * st.text);
    // A list scores negatively by its tag alone: only its class names can condemn it here.
    if (weight + content_score < 0 && (!is_list || weight < 0)) {
      ex.removed.insert(n);
      continue;
    }
    if (st.commas >= 10) continue;
    double link_dens = st.text == 0 ? 0 : st.link_text / static_cast<double>(st.text);
    double heading_dens =
        st.text == 0 ? 0 : static_cast<double>(st.heading_text) / static_cast<double>(st.text);
    bool in_figure = st.has_figure || has_ancestor(n, GUMBO_TAG_FIGURE);
    int p = st.paragraphs;
    int li = st.list_items - 100;
    bool remove = false;
    if (st.images > 1 && p / static_cast<double>(st.images) < 0.5 && !in_figure)
      remove = true;
    else if (!is_list && li > p)
      remove = true;
    else if (st.inputs > p / 3)
      remove = true;
    else if (!is_list && heading_dens < 0.9 && st.text < 25 && (st.images == 0 || st.images > 2) &&
             !in_figure)
      remove = true;
    else if (!is_list && weight < 25 && link_dens > 0.2)
      remove = true;
    else if (weight >= 25 && link_dens > 0.5)
      remove = true;
    else if ((st.embeds == 1 && st.text < 75) || st.embeds > 1)
      remove = true;
    if (is_list && !remove) {
      // A list whose items are all links (a menu or related-links box).
      if (link_dens > 0.6 && st.text < 1000) remove = true;
    }
    if (remove) ex.removed.insert(n);
  }
}

void Extractor::clean(const GumboNode* root, Flags flags, Extraction& ex) {
  m_memo.clear();
  for_each_node(root, [&](const GumboNode* n) {
    if (!is_element(n) || (n != root && ex.removed.count(n))) return false;
    if (n == root) return true;
    GumboTag t = tag_of(n);
    switch (t) {
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_LINK:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_INPUT:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_NAV:
      ex.removed.insert(n);
      return false;
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
      // Headings are judged by their class only: ids are derived from the heading text.
      if (flags.weight_classes && is_negative(ascii_lower(attr_or_empty(n, "class"))))
        ex.removed.insert(n);
      return false;
    default:
      break;
    }
    std::string ms = match_string(n);
    if (contains_any(ms, {"share", "sharedaddy"}) && visible_text(n, ex.removed).size() < 500) {
      ex.removed.insert(n);
      return false;
    }
    return true;
  });
  if (flags.clean_conditionally) clean_conditionally(root, flags, ex);
}

std::string normalise_for_compare(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (c >= 'A' && c <= 'Z')
      out += static_cast<char>(c - 'A' + 'a');
    else if (c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
      out += static_cast<char>(c);
    else if (!out.empty() && out.back() != ' ')
      out += ' ';
  }
  while (!out.empty() && out.back() == ' ')
    out.pop_back();
  return out;
}

void Extractor::remove_title_heading(Extraction& ex) {
  if (m_options.title.empty()) return;
  // The title and its parts around site-name separators ("Story - Site", "Site | Story").
  std::vector<std::string> forms{normalise_for_compare(m_options.title)};
  for (const char* sep :
       {" | ", " - ", " \u2013 ", " \u2014 ", " :: ", " / ", " \u00BB ", " \u00B7 "}) {
    const std::string& t = m_options.title;
    std::size_t last = t.rfind(sep), first = t.find(sep);
    if (last != std::string::npos) forms.push_back(normalise_for_compare(t.substr(0, last)));
    if (first != std::string::npos)
      forms.push_back(normalise_for_compare(t.substr(first + std::char_traits<char>::length(sep))));
  }
  const std::string& title = forms.front();
  // Only the first heading before much text counts as "leading".
  std::size_t text_before = 0;
  for (const GumboNode* root : ex.roots) {
    bool done = false;
    for_each_node(root, [&](const GumboNode* n) {
      if (done) return false;
      if (is_text(n)) {
        bool sp = true;
        text_before += collapsed_length(n->v.text.text, sp);
        if (text_before > 200) done = true;
        return false;
      }
      if (!is_element(n) || ex.removed.count(n)) return false;
      GumboTag t = tag_of(n);
      if (t == GUMBO_TAG_H1 || t == GUMBO_TAG_H2) {
        std::string h = normalise_for_compare(visible_text(n, ex.removed));
        bool repeats = false;
        for (const std::string& form : forms)
          if (!form.empty() && h == form) repeats = true;
        if (!h.empty() && (repeats || (title.size() > 20 && title.find(h) == 0 &&
                                       h.size() * 4 >= title.size() * 3)))
          ex.removed.insert(n);
        done = true;
        return false;
      }
      return true;
    });
    if (done) break;
  }
}

Extraction Extractor::attempt(Flags flags) {
  m_memo.clear();
  Extraction ex;
  ex.extracted = true;
  mark_unlikely(flags, ex);
  score(flags, ex);

  // Final scores scale by (1 - link density); the best wins.
  const GumboNode* top = nullptr;
  double top_score = 0;
  std::vector<std::pair<double, const GumboNode*>> ranked;
  // Innermost candidates first, so that their measurements are reused by their ancestors.
  std::vector<std::pair<int, const GumboNode*>> by_depth;
  for (auto& [node, s] : m_scores) {
    int depth = 0;
    for (const GumboNode* p = node->parent; p; p = p->parent)
      ++depth;
    by_depth.emplace_back(depth, node);
  }
  std::sort(by_depth.begin(), by_depth.end(), [](const auto& a, const auto& b) {
    if (a.first != b.first) return a.first > b.first;
    return a.second->v.element.start_pos.offset < b.second->v.element.start_pos.offset;
  });
  for (auto& [depth, node] : by_depth) {
    double& s = m_scores[node];
    s *= 1 - link_density(node, ex.removed);
    ranked.emplace_back(s, node);
  }
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    if (a.first != b.first) return a.first > b.first;
    return a.second->v.element.start_pos.offset < b.second->v.element.start_pos.offset;
  });
  if (!ranked.empty()) {
    top = ranked.front().second;
    top_score = ranked.front().first;
  }
  if (!top || top == m_body) {
    ex.roots.push_back(m_body);
    clean(m_body, flags, ex);
    return ex;
  }

  // Several strong candidates under one ancestor: the ancestor is the article.
  {
    std::vector<const GumboNode*> alternatives;
    for (std::size_t i = 1; i < ranked.size() && i < 5; ++i)
      if (ranked[i].first / top_score >= 0.75) alternatives.push_back(ranked[i].second);
    if (alternatives.size() >= 3) {
      for (const GumboNode* p = top->parent; p && p != m_body && is_element(p); p = p->parent) {
        int containing = 0;
        for (const GumboNode* alt : alternatives)
          for (const GumboNode* q = alt; q; q = q->parent)
            if (q == p) {
              ++containing;
              break;
            }
        if (containing >= 3) {
          top = p;
          break;
        }
      }
    }
  }
  // Climb while the parent scores better.
  {
    double last = m_scores.count(top) ? m_scores[top] : 0;
    double threshold = last / 3;
    for (const GumboNode* p = top->parent; p && p != m_body && is_element(p); p = p->parent) {
      auto it = m_scores.find(p);
      if (it == m_scores.end()) continue;
      if (it->second < threshold) break;
      if (it->second > last) {
        top = p;
        break;
      }
      last = it->second;
    }
  }
  // An only child stands for its parent.
  while (top->parent && top->parent != m_body && is_element(top->parent)) {
    int elements = 0;
    const GumboVector* kids = children_of(top->parent);
    for (unsigned i = 0; i < kids->length; ++i) {
      auto* k = static_cast<const GumboNode*>(kids->data[i]);
      if (is_element(k) && !ex.removed.count(k)) ++elements;
    }
    if (elements != 1) break;
    top = top->parent;
  }
  top_score = m_scores.count(top) ? m_scores[top] : top_score;

  // Siblings that qualify join the article.
  const GumboNode* parent = top->parent;
  double threshold = std::max(10.0, top_score * 0.2);
  std::string top_class = attr_or_empty(top, "class");
  const GumboVector* kids = children_of(parent);
  for (unsigned i = 0; kids && i < kids->length; ++i) {
    auto* s = static_cast<const GumboNode*>(kids->data[i]);
    if (s == top) {
      ex.roots.push_back(s);
      continue;
    }
    if (!is_element(s) || ex.removed.count(s)) continue;
    double bonus = 0;
    if (!top_class.empty() && attr_or_empty(s, "class") == top_class) bonus += top_score * 0.2;
    auto sc = m_scores.find(s);
    if (sc != m_scores.end() && sc->second + bonus >= threshold) {
      ex.roots.push_back(s);
      continue;
    }
    if (tag_of(s) == GUMBO_TAG_P) {
      Stats st = stats(s, ex.removed);
      double ld = st.text == 0 ? 0 : st.link_text / static_cast<double>(st.text);
      std::string text = visible_text(s, ex.removed);
      bool sentence = text.find(". ") != std::string::npos || (!text.empty() && text.back() == '.');
      if ((st.text > 80 && ld < 0.25) || (st.text > 0 && st.text <= 80 && ld == 0 && sentence))
        ex.roots.push_back(s);
    }
  }
  for (const GumboNode* r : ex.roots)
    clean(r, flags, ex);
  return ex;
}

Extraction Extractor::run() {
  Flags flags;
  std::vector<Flags> tries;
  tries.push_back(flags);
  flags.strip_unlikely = false;
  tries.push_back(flags);
  flags.weight_classes = false;
  tries.push_back(flags);
  flags.clean_conditionally = false;
  tries.push_back(flags);

  Extraction best;
  std::size_t best_len = 0;
  bool have = false;
  for (const Flags& f : tries) {
    Extraction ex = attempt(f);
    std::size_t len = 0;
    for (const GumboNode* r : ex.roots)
      len += visible_length(r, ex.removed);
    if (!have || len > best_len) {
      best = std::move(ex);
      best_len = len;
      have = true;
    }
    if (len >= 500) break;
  }
  remove_title_heading(best);
  return best;
}

} // namespace

std::string visible_text(const GumboNode* root, const NodeSet& removed) {
  std::string out;
  bool space = true;
  for_each_node(root, [&](const GumboNode* n) {
    if (is_text(n)) {
      for (const char* p = n->v.text.text; *p; ++p) {
        char c = *p;
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f') {
          if (!space) out += ' ';
          space = true;
        } else {
          out += c;
          space = false;
        }
      }
      return false;
    }
    if (!is_element(n)) return false;
    if (n != root && removed.count(n)) return false;
    return !is_skipped_tag(tag_of(n));
  });
  while (!out.empty() && out.back() == ' ')
    out.pop_back();
  return out;
}

/// A block whose own children hold at least five links (directly or as list items) and
/// little else: a navigation bar or a link list, with or without semantic markup.
bool is_menu(const GumboNode* n) {
  GumboTag t = tag_of(n);
  if (t != GUMBO_TAG_TD && t != GUMBO_TAG_DIV && t != GUMBO_TAG_P && t != GUMBO_TAG_UL &&
      t != GUMBO_TAG_OL && t != GUMBO_TAG_TH)
    return false;
  std::size_t links = 0, link_text = 0, other_text = 0;
  auto add_link = [&](const GumboNode* a) {
    ++links;
    link_text += collapsed_text_length(a);
  };
  const GumboVector* kids = children_of(n);
  for (unsigned i = 0; i < kids->length; ++i) {
    auto* k = static_cast<const GumboNode*>(kids->data[i]);
    if (is_text(k)) {
      bool space = true;
      other_text += collapsed_length(k->v.text.text, space);
    } else if (is_element(k) && tag_of(k) == GUMBO_TAG_A) {
      add_link(k);
    } else if (is_element(k) && tag_of(k) == GUMBO_TAG_LI) {
      const GumboVector* li = children_of(k);
      std::size_t li_links = 0;
      for (unsigned j = 0; j < li->length; ++j) {
        auto* x = static_cast<const GumboNode*>(li->data[j]);
        if (is_element(x) && tag_of(x) == GUMBO_TAG_A) {
          add_link(x);
          ++li_links;
        }
      }
      if (li_links == 0) other_text += collapsed_text_length(k);
    } else if (is_element(k) && !is_skipped_tag(tag_of(k))) {
      other_text += collapsed_text_length(k);
    }
  }
  // separators such as " | " or " · " between the links are not text of their own
  return links >= 5 && link_text > 0 && other_text <= link_text / 2 + 3 * links;
}

bool has_boilerplate(const GumboNode* body) {
  bool found = false;
  for_each_node(body, [&](const GumboNode* n) {
    if (found || !is_element(n)) return false;
    GumboTag t = tag_of(n);
    std::string role = ascii_lower(attr_or_empty(n, "role"));
    if (t == GUMBO_TAG_NAV || t == GUMBO_TAG_ASIDE || t == GUMBO_TAG_HEADER ||
        t == GUMBO_TAG_FOOTER || role == "navigation" || role == "banner" ||
        role == "contentinfo" || role == "complementary") {
      found = true;
      return false;
    }
    if (n != body && is_unlikely(match_string(n)) && !is_maybe_candidate(match_string(n))) {
      found = true;
      return false;
    }
    if (n != body && is_menu(n)) { // a bar of links, as old table layouts have
      found = true;
      return false;
    }
    return !is_skipped_tag(t);
  });
  if (found) return true;
  // A high share of link text is boilerplate too (menus, link lists).
  std::size_t text = 0, links = 0;
  bool space = true;
  std::vector<std::pair<const GumboNode*, bool>> stack{{body, false}};
  while (!stack.empty()) {
    auto [n, in_link] = stack.back();
    stack.pop_back();
    if (is_text(n)) {
      std::size_t len = collapsed_length(n->v.text.text, space);
      text += len;
      if (in_link) links += len;
      continue;
    }
    if (!is_element(n) || is_skipped_tag(tag_of(n))) continue;
    bool link = in_link || tag_of(n) == GUMBO_TAG_A;
    const GumboVector* kids = children_of(n);
    for (unsigned i = kids->length; i-- > 0;)
      stack.push_back({static_cast<const GumboNode*>(kids->data[i]), link});
  }
  return text > 0 && links * 10 > text * 4;
}

Extraction extract_article(const GumboNode* body, const ExtractOptions& options) {
  Extraction none;
  none.roots.push_back(body);
  if (!body || options.mode == "never") return none;
  if (options.mode == "auto" && !has_boilerplate(body)) return none;
  Extractor ex(body, options);
  return ex.run();
}

} // namespace sheaf::readers::html
