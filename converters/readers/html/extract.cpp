// Readability-class article extraction (see extract.hpp). The algorithm follows the well-known
// scheme: unlikely candidates, paragraph scores propagated to ancestors, best candidate plus
// qualifying siblings, conditional cleaning; it never edits the tree.
#include "readers/html/extract.hpp"

#include "readers/html/dom.hpp"
#include "readers/html/flat_tree.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <strings.h>
#include <unordered_map>
#include <utility>

namespace sheaf::readers::html {
namespace {

bool contains_any(const std::string& hay, std::initializer_list<const char*> needles) {
  for (const char* n : needles)
    if (hay.find(n) != std::string::npos) return true;
  return false;
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
      // Only a name of the same length can match: one case-insensitive comparison at most.
      const char* wanted = nullptr;
      const char** slot = nullptr;
      switch (std::strlen(name)) {
      case 2:
        wanted = "id", slot = &id;
        break;
      case 3:
        wanted = "rel", slot = &rel;
        break;
      case 4:
        wanted = "role", slot = &role;
        break;
      case 5:
        if ((name[0] | 0x20) == 'c')
          wanted = "class", slot = &cls;
        else
          wanted = "style", slot = &style;
        break;
      case 6:
        wanted = "hidden", slot = &hidden;
        break;
      case 8:
        wanted = "itemprop", slot = &itemprop;
        break;
      case 11:
        wanted = "aria-hidden", slot = &aria_hidden;
        break;
      default:
        break;
      }
      if (slot && !*slot && strcasecmp(name, wanted) == 0) *slot = a->value;
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

using Index = std::uint32_t;
constexpr Index k_none = FlatNode::none;

/// What the class and id names of an element say, computed once per element.
enum NameBits : std::uint16_t {
  names_known = 1 << 0,
  names_unlikely = 1 << 1, ///< is_unlikely("class id")
  names_maybe = 1 << 2,    ///< is_maybe_candidate("class id")
  names_byline = 1 << 3,   ///< is_byline_string("class id")
  names_share = 1 << 4,    ///< "class id" mentions share/sharedaddy
  class_negative = 1 << 5, ///< is_negative(class)
  class_positive = 1 << 6, ///< is_positive(class)
  id_negative = 1 << 7,    ///< is_negative(id)
  id_positive = 1 << 8,    ///< is_positive(id)
};

std::uint16_t name_bits(const char* cls, const char* id) {
  std::uint16_t bits = names_known;
  // match_string(n): "class id" in lower case (" " when both are missing matches nothing).
  const std::string ms = ascii_lower(std::string(cls ? cls : "") + " " + (id ? id : ""));
  if (is_unlikely(ms)) bits |= names_unlikely;
  if (is_maybe_candidate(ms)) bits |= names_maybe;
  if (is_byline_string(ms)) bits |= names_byline;
  if (contains_any(ms, {"share", "sharedaddy"})) bits |= names_share;
  if (cls && *cls) {
    const std::string v = ascii_lower(cls);
    if (is_negative(v)) bits |= class_negative;
    if (is_positive(v)) bits |= class_positive;
  }
  if (id && *id) {
    const std::string v = ascii_lower(id);
    if (is_negative(v)) bits |= id_negative;
    if (is_positive(v)) bits |= id_positive;
  }
  return bits;
}

/// name_bits() of elements, remembered by their class and id values: pages repeat the same
/// class names thousands of times, and the name lists take ~100 substring searches.
class NameCache {
public:
  std::uint16_t of(const GumboNode* n) {
    const char* cls = attr(n, "class");
    const char* id = attr(n, "id");
    if ((!cls || !*cls) && (!id || !*id)) return names_known; // " " matches no list
    m_key.assign(cls ? cls : "");
    m_key += '\0';
    m_key += id ? id : "";
    auto it = m_bits.find(m_key);
    if (it != m_bits.end()) return it->second;
    const std::uint16_t bits = name_bits(cls, id);
    m_bits.emplace(m_key, bits);
    return bits;
  }

private:
  std::string m_key;
  std::unordered_map<std::string, std::uint16_t> m_bits;
};

/// collapsed_length() of text_content(i) (script/style/template/noscript excluded), from the
/// tree's measures.
std::size_t collapsed_text_length(const FlatTree& tree, Index root) {
  std::size_t len = 0;
  bool space = true;
  for (Index i = root, stop = tree[root].end; i < stop;) {
    const FlatNode& f = tree[i];
    if (f.kind == FlatNode::text) {
      tree.add_chars(i, space, len);
      ++i;
      continue;
    }
    GumboTag t = f.tag;
    if (t == GUMBO_TAG_SCRIPT || t == GUMBO_TAG_STYLE || t == GUMBO_TAG_TEMPLATE ||
        t == GUMBO_TAG_NOSCRIPT) {
      i = f.end;
      continue;
    }
    ++i;
  }
  return len;
}

/// Byte length of visible_text(root, removed), without building the string.
std::size_t visible_length(const FlatTree& tree, Index root, const std::vector<char>& removed) {
  std::size_t len = 0;
  bool space = true;
  for (Index i = root, stop = tree[root].end; i < stop;) {
    const FlatNode& f = tree[i];
    if (f.kind == FlatNode::text) {
      tree.add_bytes(i, space, len);
      ++i;
    } else if (f.kind != FlatNode::element || (i != root && removed[i]) || is_skipped_tag(f.tag)) {
      i = f.end;
    } else {
      ++i;
    }
  }
  // visible_text drops the one trailing space a run of whitespace leaves.
  return len > 0 && space ? len - 1 : len;
}

/// Whitespace-collapsed text of `root`, skipping `removed` subtrees and script/style.
std::string visible_text(const FlatTree& tree, Index root, const std::vector<char>& removed) {
  std::string out;
  bool space = true;
  for (Index i = root, stop = tree[root].end; i < stop;) {
    const FlatNode& f = tree[i];
    if (f.kind == FlatNode::text) {
      for (const char* p = f.node->v.text.text; *p; ++p) {
        char c = *p;
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f') {
          if (!space) out += ' ';
          space = true;
        } else {
          out += c;
          space = false;
        }
      }
      ++i;
    } else if (f.kind != FlatNode::element || (i != root && removed[i]) || is_skipped_tag(f.tag)) {
      i = f.end;
    } else {
      ++i;
    }
  }
  while (!out.empty() && out.back() == ' ')
    out.pop_back();
  return out;
}

/// Calls f(child) for every child of node `i`.
template <class F> void for_each_child(const FlatTree& tree, Index i, F&& f) {
  for (Index c = i + 1, stop = tree[i].end; c < stop; c = tree[c].end)
    f(c);
}

/// A block whose own children hold at least five links (directly or as list items) and
/// little else: a navigation bar or a link list, with or without semantic markup.
bool is_menu(const FlatTree& tree, Index n) {
  GumboTag t = tree[n].tag;
  if (t != GUMBO_TAG_TD && t != GUMBO_TAG_DIV && t != GUMBO_TAG_P && t != GUMBO_TAG_UL &&
      t != GUMBO_TAG_OL && t != GUMBO_TAG_TH)
    return false;
  // Count the links first (cheap): most blocks have fewer than five and need no text lengths.
  auto is_link = [&](Index x) {
    return tree[x].kind == FlatNode::element && tree[x].tag == GUMBO_TAG_A;
  };
  std::size_t link_count = 0;
  for_each_child(tree, n, [&](Index k) {
    if (is_link(k))
      ++link_count;
    else if (tree[k].kind == FlatNode::element && tree[k].tag == GUMBO_TAG_LI)
      for_each_child(tree, k, [&](Index x) { link_count += is_link(x); });
  });
  if (link_count < 5) return false;
  std::size_t links = 0, link_text = 0, other_text = 0;
  auto add_link = [&](Index a) {
    ++links;
    link_text += collapsed_text_length(tree, a);
  };
  for_each_child(tree, n, [&](Index k) {
    const FlatNode& kf = tree[k];
    if (kf.kind == FlatNode::text) {
      bool space = true;
      tree.add_chars(k, space, other_text);
    } else if (kf.kind == FlatNode::element && kf.tag == GUMBO_TAG_A) {
      add_link(k);
    } else if (kf.kind == FlatNode::element && kf.tag == GUMBO_TAG_LI) {
      std::size_t li_links = 0;
      for_each_child(tree, k, [&](Index x) {
        if (tree[x].kind == FlatNode::element && tree[x].tag == GUMBO_TAG_A) {
          add_link(x);
          ++li_links;
        }
      });
      if (li_links == 0) other_text += collapsed_text_length(tree, k);
    } else if (kf.kind == FlatNode::element && !is_skipped_tag(kf.tag)) {
      other_text += collapsed_text_length(tree, k);
    }
  });
  // separators such as " | " or " · " between the links are not text of their own
  return links >= 5 && link_text > 0 && other_text <= link_text / 2 + 3 * links;
}

/// One extraction attempt, in tree indices.
struct Attempt {
  std::vector<Index> roots;  ///< nodes to convert, in document order
  std::vector<char> removed; ///< per node: the subtree is not converted
  std::string byline;
};

class Extractor {
public:
  Extractor(const FlatTree& tree, const ExtractOptions& options)
      : m_tree(tree), m_options(options), m_names(tree.size(), 0) {}

  /// has_boilerplate() on the tree.
  bool has_boilerplate();
  Extraction run();

private:
  struct Flags {
    bool strip_unlikely = true;
    bool weight_classes = true;
    bool clean_conditionally = true;
  };

  std::uint16_t names(Index i) const {
    std::uint16_t& b = m_names[i];
    if (!(b & names_known)) b = m_name_cache.of(m_tree[i].node);
    return b;
  }
  Index parent(Index i) const { return m_tree[i].parent; }
  bool is_element_at(Index i) const { return m_tree[i].kind == FlatNode::element; }
  bool has_score(Index i) const { return !m_score_of.empty() && m_score_of[i] != k_none; }
  double& score_at(Index i) { return m_scores[m_score_of[i]]; }
  void clear_memo() const;

  Attempt attempt(Flags flags);
  void mark_unlikely(Flags flags, Attempt& ex);
  void score(Flags flags, const Attempt& ex);
  void add_paragraph_score(Index first_ancestor, std::size_t len, int commas, Flags flags);
  double class_weight(Index n, Flags flags) const;
  double init_score(Index n, Flags flags) const;
  Stats stats(Index n, const std::vector<char>& removed) const;
  double link_density(Index n, const std::vector<char>& removed) const;
  bool is_data_table(Index table) const;
  void clean(Index root, Flags flags, Attempt& ex);
  void clean_conditionally(Index root, Flags flags, Attempt& ex);
  void remove_title_heading(Attempt& ex);

  const FlatTree& m_tree;
  const ExtractOptions& m_options;
  mutable std::vector<std::uint16_t> m_names; ///< NameBits per node (0 = not computed yet)
  mutable NameCache m_name_cache;
  /// Content scores: m_score_of[node] indexes m_scores (k_none = no score); m_scored lists
  /// the scored nodes.
  std::vector<Index> m_score_of;
  std::vector<double> m_scores;
  std::vector<Index> m_scored;
  mutable std::vector<std::int8_t> m_data_tables; ///< -1 unknown, else is_data_table()
  /// Stats of subtrees already measured while `removed` did not change inside them; computing
  /// inner nodes first makes nested containers linear instead of quadratic. m_memo_of[node]
  /// indexes m_memo (k_none = not measured); m_memo_nodes lists the measured nodes.
  mutable std::vector<Index> m_memo_of;
  mutable std::vector<Stats> m_memo;
  mutable std::vector<Index> m_memo_nodes;
  struct Frame {
    Index end;
    double link_weight; // 0 outside links
    bool in_li;
  };
  mutable std::vector<Frame> m_frames; ///< stats()'s open elements (reused)
};

void Extractor::clear_memo() const {
  for (Index i : m_memo_nodes)
    m_memo_of[i] = k_none;
  m_memo_nodes.clear();
  m_memo.clear();
}

Stats Extractor::stats(Index root, const std::vector<char>& removed) const {
  Stats st;
  bool space = true;
  if (m_memo_of.empty()) m_memo_of.assign(m_tree.size(), k_none);
  // A pre-order scan; the innermost open element says how deep inside links we are.
  std::vector<Frame>& frames = m_frames;
  frames.clear();
  for (Index i = root, stop = m_tree[root].end; i < stop;) {
    while (!frames.empty() && i >= frames.back().end)
      frames.pop_back();
    const double link_weight = frames.empty() ? 0 : frames.back().link_weight;
    const bool in_li = !frames.empty() && frames.back().in_li;
    const FlatNode& f = m_tree[i];
    if (f.kind == FlatNode::text) {
      std::size_t len = 0;
      m_tree.add_chars(i, space, len);
      st.commas += static_cast<int>(f.commas);
      st.text += len;
      st.link_text += link_weight * static_cast<double>(len);
      if (in_li) st.list_text += len;
      ++i;
      continue;
    }
    if (f.kind != FlatNode::element || (i != root && removed[i])) {
      i = f.end;
      continue;
    }
    if (i != root && m_memo_of[i] != k_none) {
      const Stats& m = m_memo[m_memo_of[i]];
      st.text += m.text;
      st.link_text += link_weight > 0 ? link_weight * static_cast<double>(m.text) : m.link_text;
      st.list_text += in_li ? m.text : m.list_text;
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
      i = f.end;
      continue;
    }
    GumboTag t = f.tag;
    if (is_skipped_tag(t)) {
      i = f.end;
      continue;
    }
    double weight = link_weight;
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
      if (is_data_table(i)) st.has_data_table = true;
      break;
    case GUMBO_TAG_A: {
      const char* href = attr(f.node, "href");
      weight = (href && href[0] == '#') ? 0.3 : 1.0;
      break;
    }
    default:
      break;
    }
    if (is_heading(t)) {
      // Heading text is counted separately (cheap: headings are small).
      st.heading_text += collapsed_text_length(m_tree, i);
    }
    frames.push_back({f.end, weight, in_li || t == GUMBO_TAG_LI});
    ++i;
  }
  if (m_tree[root].kind == FlatNode::element) {
    Index& slot = m_memo_of[root];
    if (slot == k_none) {
      slot = static_cast<Index>(m_memo.size());
      m_memo.push_back(st);
      m_memo_nodes.push_back(root);
    } else {
      m_memo[slot] = st;
    }
  }
  return st;
}

double Extractor::link_density(Index n, const std::vector<char>& removed) const {
  Stats st = stats(n, removed);
  return st.text == 0 ? 0.0 : st.link_text / static_cast<double>(st.text);
}

bool Extractor::is_data_table(Index index) const {
  if (m_data_tables.empty()) m_data_tables.assign(m_tree.size(), -1);
  if (m_data_tables[index] >= 0) return m_data_tables[index] != 0;
  const GumboNode* table = m_tree[index].node;
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
  m_data_tables[index] = data ? 1 : 0;
  return data;
}

double Extractor::class_weight(Index n, Flags flags) const {
  if (!flags.weight_classes) return 0;
  const std::uint16_t bits = names(n);
  double w = 0;
  if (bits & class_negative) w -= 25;
  if (bits & class_positive) w += 25;
  if (bits & id_negative) w -= 25;
  if (bits & id_positive) w += 25;
  return w;
}

double Extractor::init_score(Index n, Flags flags) const {
  double s = 0;
  switch (m_tree[n].tag) {
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

void Extractor::mark_unlikely(Flags flags, Attempt& ex) {
  bool byline_found = false;
  const auto size = static_cast<Index>(m_tree.size());
  for (Index i = 0; i < size;) {
    const FlatNode& f = m_tree[i];
    auto skip = [&](bool remove) {
      if (remove) ex.removed[i] = 1;
      i = f.end;
    };
    if (f.kind != FlatNode::element) {
      skip(false);
      continue;
    }
    if (i == 0) {
      ++i;
      continue;
    }
    const GumboTag t = f.tag;
    if (is_skipped_tag(t)) {
      skip(true);
      continue;
    }
    const MarkAttrs attrs(f.node);
    if (is_hidden(f.node, attrs)) {
      skip(true);
      continue;
    }
    // match_string(n) ("class id", lower case); " " matches none of the name lists.
    const bool has_names = (attrs.cls && *attrs.cls) || (attrs.id && *attrs.id);
    const std::uint16_t bits = has_names ? names(i) : 0;
    if (!byline_found && !is_heading(t) &&
        ((attrs.rel && strcasecmp(attrs.rel, "author") == 0) ||
         (attrs.itemprop && lower_or_empty(attrs.itemprop).find("author") != std::string::npos) ||
         (bits & names_byline))) {
      std::string text = visible_text(m_tree, i, ex.removed);
      if (!text.empty() && text.size() < 100) {
        ex.byline = text;
        byline_found = true;
        skip(true);
        continue;
      }
    }
    if (flags.strip_unlikely) {
      // Unlikely names mark page furniture (containers), not content elements such as a
      // heading whose id happens to be "headers".
      bool content_element = is_heading(t) || t == GUMBO_TAG_P || t == GUMBO_TAG_LI ||
                             t == GUMBO_TAG_PRE || t == GUMBO_TAG_TABLE || t == GUMBO_TAG_FIGURE ||
                             t == GUMBO_TAG_BLOCKQUOTE || t == GUMBO_TAG_CODE ||
                             t == GUMBO_TAG_IMG || t == GUMBO_TAG_DL;
      if (!content_element && (bits & names_unlikely) && !(bits & names_maybe) &&
          t != GUMBO_TAG_A && !has_ancestor(f.node, GUMBO_TAG_TABLE) &&
          !has_ancestor(f.node, GUMBO_TAG_CODE)) {
        skip(true);
        continue;
      }
      bool menu_role = false; // lower_or_empty(attrs.role) is one of these
      if (attrs.role)
        for (const char* r :
             {"menu", "menubar", "complementary", "navigation", "alert", "alertdialog", "dialog"})
          menu_role = menu_role || strcasecmp(attrs.role, r) == 0;
      if (menu_role || t == GUMBO_TAG_NAV) {
        skip(true);
        continue;
      }
    }
    ++i;
  }
}

void Extractor::add_paragraph_score(Index first, std::size_t len, int commas, Flags flags) {
  double content = 1 + (commas + 1) + std::min<double>(std::floor(len / 100.0), 3);
  int level = 0;
  for (Index a = first; a != k_none && level < 5; a = parent(a), ++level) {
    if (!is_element_at(a)) break;
    if (m_score_of[a] == k_none) {
      m_score_of[a] = static_cast<Index>(m_scores.size());
      m_scores.push_back(init_score(a, flags));
      m_scored.push_back(a);
    }
    double divider = level == 0 ? 1 : level == 1 ? 2 : level * 3;
    score_at(a) += content / divider;
    if (a == 0) break;
  }
}

void Extractor::score(Flags flags, const Attempt& ex) {
  if (m_score_of.empty()) m_score_of.assign(m_tree.size(), k_none);
  for (Index i : m_scored)
    m_score_of[i] = k_none;
  m_scored.clear();
  m_scores.clear();
  std::vector<Index> paragraphs;
  const auto size = static_cast<Index>(m_tree.size());
  for (Index n = 0; n < size;) {
    const FlatNode& f = m_tree[n];
    if (f.kind != FlatNode::element || (n != 0 && ex.removed[n])) {
      n = f.end;
      continue;
    }
    GumboTag t = f.tag;
    bool scored = t == GUMBO_TAG_P || t == GUMBO_TAG_PRE || t == GUMBO_TAG_SECTION ||
                  t == GUMBO_TAG_H2 || t == GUMBO_TAG_H3 || t == GUMBO_TAG_H4 ||
                  t == GUMBO_TAG_H5 || t == GUMBO_TAG_H6;
    // A div or a table cell holding only phrasing content is a paragraph; one holding blocks
    // (a layout cell with the article's paragraphs) is walked into and its blocks are scored.
    if (t == GUMBO_TAG_DIV || t == GUMBO_TAG_TD) {
      bool block_children = false;
      for (Index x = n + 1; x < f.end;) {
        if (ex.removed[x]) {
          x = m_tree[x].end;
          continue;
        }
        if (is_element_at(x) && is_block_child(m_tree[x].tag)) {
          block_children = true;
          break;
        }
        ++x;
      }
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
        for_each_child(m_tree, n, [&](Index k) {
          if (is_element_at(k) && (is_block_child(m_tree[k].tag) || ex.removed[k])) {
            flush();
            return;
          }
          Stats st = stats(k, ex.removed);
          run_len += st.text;
          run_commas += st.commas;
        });
        flush();
      }
    }
    if (scored && n != 0) {
      paragraphs.push_back(n);
      // A paragraph-like div is still walked: nested divs can be scored themselves.
      n = (t == GUMBO_TAG_DIV || t == GUMBO_TAG_TD || t == GUMBO_TAG_SECTION) ? n + 1 : f.end;
      continue;
    }
    ++n;
  }
  // Innermost first (reverse document order), so nested sections reuse measurements.
  for (auto it = paragraphs.rbegin(); it != paragraphs.rend(); ++it) {
    Stats st = stats(*it, ex.removed);
    if (st.text >= 25) add_paragraph_score(parent(*it), st.text, st.commas, flags);
  }
}

void Extractor::clean_conditionally(Index root, Flags flags, Attempt& ex) {
  clear_memo(); // clean() removed nodes since the scores were measured
  // Collect candidates, then judge them innermost first so that parents see removed children.
  std::vector<Index> nodes;
  for (Index n = root, stop = m_tree[root].end; n < stop;) {
    const FlatNode& f = m_tree[n];
    if (f.kind != FlatNode::element || (n != root && ex.removed[n])) {
      n = f.end;
      continue;
    }
    GumboTag t = f.tag;
    if (t == GUMBO_TAG_PRE || t == GUMBO_TAG_CODE) {
      n = f.end;
      continue;
    }
    if (n != root && (t == GUMBO_TAG_FORM || t == GUMBO_TAG_FIELDSET || t == GUMBO_TAG_TABLE ||
                      t == GUMBO_TAG_UL || t == GUMBO_TAG_DIV || t == GUMBO_TAG_SECTION ||
                      t == GUMBO_TAG_ASIDE || t == GUMBO_TAG_OL))
      nodes.push_back(n);
    n = (t == GUMBO_TAG_TABLE && is_data_table(n)) ? f.end : n + 1;
  }
  for (auto it = nodes.rbegin(); it != nodes.rend(); ++it) {
    const Index n = *it;
    GumboTag t = m_tree[n].tag;
    if (t == GUMBO_TAG_TABLE && is_data_table(n)) continue;
    if (t == GUMBO_TAG_FORM || t == GUMBO_TAG_FIELDSET) {
      ex.removed[n] = 1;
      continue;
    }
    Stats st = stats(n, ex.removed);
    // Keep code blocks, figures and data tables (the known misses of other tools).
    if (st.has_pre || st.has_data_table) continue;
    double weight = class_weight(n, flags);
    double content_score = has_score(n) ? score_at(n) : 0;
    // A container that is (almost) only a list counts as a list.
    bool is_list = t == GUMBO_TAG_UL || t == GUMBO_TAG_OL ||
                   (st.text > 0 && static_cast<double>(st.list_text) > 0.9 * st.text);
    // A list scores negatively by its tag alone: only its class names can condemn it here.
    if (weight + content_score < 0 && (!is_list || weight < 0)) {
      ex.removed[n] = 1;
      continue;
    }
    if (st.commas >= 10) continue;
    double link_dens = st.text == 0 ? 0 : st.link_text / static_cast<double>(st.text);
    double heading_dens =
        st.text == 0 ? 0 : static_cast<double>(st.heading_text) / static_cast<double>(st.text);
    bool in_figure = st.has_figure || has_ancestor(m_tree[n].node, GUMBO_TAG_FIGURE);
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
    if (remove) ex.removed[n] = 1;
  }
}

void Extractor::clean(Index root, Flags flags, Attempt& ex) {
  clear_memo();
  for (Index n = root, stop = m_tree[root].end; n < stop;) {
    const FlatNode& f = m_tree[n];
    if (f.kind != FlatNode::element || (n != root && ex.removed[n])) {
      n = f.end;
      continue;
    }
    if (n == root) {
      ++n;
      continue;
    }
    bool remove = false, skip = false;
    switch (f.tag) {
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
      remove = skip = true;
      break;
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
      // Headings are judged by their class only: ids are derived from the heading text.
      remove = flags.weight_classes && (names(n) & class_negative);
      skip = true;
      break;
    default:
      if ((names(n) & names_share) && visible_length(m_tree, n, ex.removed) < 500)
        remove = skip = true;
      break;
    }
    if (remove) ex.removed[n] = 1;
    n = skip ? f.end : n + 1;
  }
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

void Extractor::remove_title_heading(Attempt& ex) {
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
  for (Index root : ex.roots) {
    bool done = false;
    for (Index n = root, stop = m_tree[root].end; n < stop && !done;) {
      const FlatNode& f = m_tree[n];
      if (f.kind == FlatNode::text) {
        bool sp = true;
        m_tree.add_chars(n, sp, text_before);
        if (text_before > 200) done = true;
        ++n;
        continue;
      }
      if (f.kind != FlatNode::element || ex.removed[n]) {
        n = f.end;
        continue;
      }
      if (f.tag == GUMBO_TAG_H1 || f.tag == GUMBO_TAG_H2) {
        std::string h = normalise_for_compare(visible_text(m_tree, n, ex.removed));
        bool repeats = false;
        for (const std::string& form : forms)
          if (!form.empty() && h == form) repeats = true;
        if (!h.empty() && (repeats || (title.size() > 20 && title.find(h) == 0 &&
                                       h.size() * 4 >= title.size() * 3)))
          ex.removed[n] = 1;
        done = true;
        break;
      }
      ++n;
    }
    if (done) break;
  }
}

Attempt Extractor::attempt(Flags flags) {
  clear_memo();
  Attempt ex;
  ex.removed.assign(m_tree.size(), 0);
  mark_unlikely(flags, ex);
  score(flags, ex);

  auto offset = [&](Index i) { return m_tree[i].node->v.element.start_pos.offset; };
  // Final scores scale by (1 - link density); the best wins.
  Index top = k_none;
  double top_score = 0;
  std::vector<std::pair<double, Index>> ranked;
  // Innermost candidates first, so that their measurements are reused by their ancestors.
  std::vector<std::pair<int, Index>> by_depth;
  for (Index node : m_scored) {
    int depth = 0;
    for (Index p = parent(node); p != k_none; p = parent(p))
      ++depth;
    by_depth.emplace_back(depth, node);
  }
  std::sort(by_depth.begin(), by_depth.end(), [&](const auto& a, const auto& b) {
    if (a.first != b.first) return a.first > b.first;
    if (offset(a.second) != offset(b.second)) return offset(a.second) < offset(b.second);
    return a.second < b.second;
  });
  for (auto& [depth, node] : by_depth) {
    double& s = score_at(node);
    s *= 1 - link_density(node, ex.removed);
    ranked.emplace_back(s, node);
  }
  std::sort(ranked.begin(), ranked.end(), [&](const auto& a, const auto& b) {
    if (a.first != b.first) return a.first > b.first;
    if (offset(a.second) != offset(b.second)) return offset(a.second) < offset(b.second);
    return a.second < b.second;
  });
  if (!ranked.empty()) {
    top = ranked.front().second;
    top_score = ranked.front().first;
  }
  if (top == k_none || top == 0) {
    ex.roots.push_back(0);
    clean(0, flags, ex);
    return ex;
  }

  // Several strong candidates under one ancestor: the ancestor is the article.
  {
    std::vector<Index> alternatives;
    for (std::size_t i = 1; i < ranked.size() && i < 5; ++i)
      if (ranked[i].first / top_score >= 0.75) alternatives.push_back(ranked[i].second);
    if (alternatives.size() >= 3) {
      for (Index p = parent(top); p != k_none && p != 0 && is_element_at(p); p = parent(p)) {
        int containing = 0;
        for (Index alt : alternatives)
          for (Index q = alt; q != k_none; q = parent(q))
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
    double last = has_score(top) ? score_at(top) : 0;
    double threshold = last / 3;
    for (Index p = parent(top); p != k_none && p != 0 && is_element_at(p); p = parent(p)) {
      if (!has_score(p)) continue;
      if (score_at(p) < threshold) break;
      if (score_at(p) > last) {
        top = p;
        break;
      }
      last = score_at(p);
    }
  }
  // An only child stands for its parent.
  while (parent(top) != k_none && parent(top) != 0 && is_element_at(parent(top))) {
    int elements = 0;
    for_each_child(m_tree, parent(top), [&](Index k) {
      if (is_element_at(k) && !ex.removed[k]) ++elements;
    });
    if (elements != 1) break;
    top = parent(top);
  }
  top_score = has_score(top) ? score_at(top) : top_score;

  // Siblings that qualify join the article.
  const Index top_parent = parent(top);
  double threshold = std::max(10.0, top_score * 0.2);
  std::string top_class = attr_or_empty(m_tree[top].node, "class");
  for_each_child(m_tree, top_parent, [&](Index s) {
    if (s == top) {
      ex.roots.push_back(s);
      return;
    }
    if (!is_element_at(s) || ex.removed[s]) return;
    double bonus = 0;
    if (!top_class.empty() && attr_or_empty(m_tree[s].node, "class") == top_class)
      bonus += top_score * 0.2;
    if (has_score(s) && score_at(s) + bonus >= threshold) {
      ex.roots.push_back(s);
      return;
    }
    if (m_tree[s].tag == GUMBO_TAG_P) {
      Stats st = stats(s, ex.removed);
      double ld = st.text == 0 ? 0 : st.link_text / static_cast<double>(st.text);
      std::string text = visible_text(m_tree, s, ex.removed);
      bool sentence = text.find(". ") != std::string::npos || (!text.empty() && text.back() == '.');
      if ((st.text > 80 && ld < 0.25) || (st.text > 0 && st.text <= 80 && ld == 0 && sentence))
        ex.roots.push_back(s);
    }
  });
  for (Index r : ex.roots)
    clean(r, flags, ex);
  return ex;
}

bool Extractor::has_boilerplate() {
  const auto size = static_cast<Index>(m_tree.size());
  for (Index n = 0; n < size;) {
    const FlatNode& f = m_tree[n];
    if (f.kind != FlatNode::element) {
      n = f.end;
      continue;
    }
    const GumboTag t = f.tag;
    if (t == GUMBO_TAG_NAV || t == GUMBO_TAG_ASIDE || t == GUMBO_TAG_HEADER ||
        t == GUMBO_TAG_FOOTER)
      return true;
    if (const char* role = attr(f.node, "role")) {
      // ascii_lower(role) == one of these
      for (const char* r : {"navigation", "banner", "contentinfo", "complementary"})
        if (strcasecmp(role, r) == 0) return true;
    }
    if (n != 0) {
      const std::uint16_t bits = names(n);
      if ((bits & names_unlikely) && !(bits & names_maybe)) return true;
      if (is_menu(m_tree, n)) return true; // a bar of links, as old table layouts have
      if (t == GUMBO_TAG_TABLE) { // a table inside a table: the page is laid out with tables
        for (Index p = parent(n); p != FlatNode::none; p = parent(p))
          if (m_tree[p].kind == FlatNode::element && m_tree[p].tag == GUMBO_TAG_TABLE) return true;
      }
    }
    n = is_skipped_tag(t) ? f.end : n + 1;
  }
  // A high share of link text is boilerplate too (menus, link lists).
  std::size_t text = 0, links = 0;
  bool space = true;
  struct Open {
    Index end;
    bool in_link;
  };
  std::vector<Open> open;
  for (Index n = 0; n < size;) {
    while (!open.empty() && n >= open.back().end)
      open.pop_back();
    const bool in_link = !open.empty() && open.back().in_link;
    const FlatNode& f = m_tree[n];
    if (f.kind == FlatNode::text) {
      std::size_t len = 0;
      m_tree.add_chars(n, space, len);
      text += len;
      if (in_link) links += len;
      ++n;
      continue;
    }
    if (f.kind != FlatNode::element || is_skipped_tag(f.tag)) {
      n = f.end;
      continue;
    }
    open.push_back({f.end, in_link || f.tag == GUMBO_TAG_A});
    ++n;
  }
  return text > 0 && links * 10 > text * 4;
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

  Attempt best;
  std::size_t best_len = 0;
  bool have = false;
  for (const Flags& f : tries) {
    Attempt ex = attempt(f);
    std::size_t len = 0;
    for (Index r : ex.roots)
      len += visible_length(m_tree, r, ex.removed);
    if (!have || len > best_len) {
      best = std::move(ex);
      best_len = len;
      have = true;
    }
    if (len >= 500) break;
  }
  remove_title_heading(best);

  Extraction out;
  out.extracted = true;
  for (Index r : best.roots)
    out.roots.push_back(m_tree[r].node);
  std::size_t removed = 0;
  for (char r : best.removed)
    removed += r != 0;
  out.removed.reserve(removed);
  for (std::size_t i = 0; i < best.removed.size(); ++i)
    if (best.removed[i]) out.removed.insert(m_tree[static_cast<Index>(i)].node);
  out.byline = std::move(best.byline);
  return out;
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

bool has_boilerplate(const GumboNode* body) {
  const FlatTree tree(body);
  const ExtractOptions options;
  return Extractor(tree, options).has_boilerplate();
}

Extraction extract_article(const GumboNode* body, const ExtractOptions& options) {
  if (!body || options.mode == "never") {
    Extraction none;
    none.roots.push_back(body);
    return none;
  }
  return extract_article(FlatTree(body), options);
}

Extraction extract_article(const FlatTree& tree, const ExtractOptions& options) {
  Extraction none;
  none.roots.push_back(tree.size() ? tree[0].node : nullptr);
  if (tree.size() == 0 || options.mode == "never") return none;
  Extractor ex(tree, options);
  if (options.mode == "auto" && !ex.has_boilerplate()) return none;
  return ex.run();
}

} // namespace sheaf::readers::html
