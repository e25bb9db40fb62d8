// HTML element -> document model mapping (see element_mapping.hpp). The walk is iterative (an
// explicit stack of frames) so hostile nesting cannot overflow the C++ stack.
#include "readers/html/element_mapping.hpp"

#include "readers/html/dom.hpp"

#include <algorithm>
#include <cstdlib>
#include <limits>

namespace sheaf::readers::html {

struct ElementMapper::Frame {
  const GumboNode* node = nullptr;   ///< element whose exit actions run
  const GumboVector* kids = nullptr; ///< children to walk
  const GumboNode* single = nullptr; ///< or this one node instead of kids
  unsigned next = 0;
  std::size_t depth = std::numeric_limits<std::size_t>::max(); ///< builder depth to restore
  bool inline_only = false; ///< block elements inside are flattened into inline content
  bool is_inline = false;   ///< inside an inline container (link, emphasis…)
  bool note = false;        ///< inside footnote content
  bool block = false;       ///< this element is a block boundary
  bool sep = false;         ///< emit a separating space on exit (flattened block)
  bool dlist = false;       ///< this element opened a definition list
  bool table = false;       ///< this element opened a table
  bool list = false;        ///< this element opened a list
  std::string after_text;   ///< text emitted on exit (a closing quote)
};

namespace {

bool is_block_tag(GumboTag t) {
  switch (t) {
  case GUMBO_TAG_P:
  case GUMBO_TAG_DIV:
  case GUMBO_TAG_H1:
  case GUMBO_TAG_H2:
  case GUMBO_TAG_H3:
  case GUMBO_TAG_H4:
  case GUMBO_TAG_H5:
  case GUMBO_TAG_H6:
  case GUMBO_TAG_UL:
  case GUMBO_TAG_OL:
  case GUMBO_TAG_LI:
  case GUMBO_TAG_DL:
  case GUMBO_TAG_DT:
  case GUMBO_TAG_DD:
  case GUMBO_TAG_TABLE:
  case GUMBO_TAG_BLOCKQUOTE:
  case GUMBO_TAG_PRE:
  case GUMBO_TAG_FIGURE:
  case GUMBO_TAG_SECTION:
  case GUMBO_TAG_ARTICLE:
  case GUMBO_TAG_HEADER:
  case GUMBO_TAG_FOOTER:
  case GUMBO_TAG_ASIDE:
  case GUMBO_TAG_NAV:
  case GUMBO_TAG_MAIN:
  case GUMBO_TAG_HR:
  case GUMBO_TAG_FORM:
  case GUMBO_TAG_DETAILS:
  case GUMBO_TAG_SUMMARY:
  case GUMBO_TAG_ADDRESS:
  case GUMBO_TAG_FIGCAPTION:
  case GUMBO_TAG_CENTER:
  case GUMBO_TAG_HGROUP:
  case GUMBO_TAG_FIELDSET:
  case GUMBO_TAG_TR:
  case GUMBO_TAG_TD:
  case GUMBO_TAG_TH:
  case GUMBO_TAG_CAPTION:
  case GUMBO_TAG_TBODY:
  case GUMBO_TAG_THEAD:
  case GUMBO_TAG_TFOOT:
  case GUMBO_TAG_LISTING:
  case GUMBO_TAG_XMP:
  case GUMBO_TAG_PLAINTEXT:
    return true;
  default:
    return false;
  }
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

std::string trim_copy(const std::string& s) {
  std::size_t a = 0, b = s.size();
  while (a < b && is_space(s[a]))
    ++a;
  while (b > a && is_space(s[b - 1]))
    --b;
  return s.substr(a, b - a);
}

model::Alignment alignment_of(const GumboNode* n) {
  std::string a = ascii_lower(attr_or_empty(n, "align"));
  std::string style = ascii_lower(attr_or_empty(n, "style"));
  std::size_t p = style.find("text-align");
  if (p != std::string::npos) {
    std::size_t colon = style.find(':', p);
    if (colon != std::string::npos) {
      std::size_t end = style.find(';', colon);
      a = trim_copy(style.substr(colon + 1, end == std::string::npos ? end : end - colon - 1));
    }
  }
  if (a == "left" || a == "start") return model::Alignment::left;
  if (a == "center" || a == "middle") return model::Alignment::center;
  if (a == "right" || a == "end") return model::Alignment::right;
  return model::Alignment::default_;
}

int int_attr(const GumboNode* n, const char* name, int fallback, int lo, int hi) {
  const char* v = attr(n, name);
  if (!v) return fallback;
  char* end = nullptr;
  long x = std::strtol(v, &end, 10);
  if (end == v) return fallback;
  return static_cast<int>(std::clamp<long>(x, lo, hi));
}

/// Element children of `n` in order.
std::vector<const GumboNode*> element_children(const GumboNode* n) {
  std::vector<const GumboNode*> out;
  if (const GumboVector* kids = children_of(n))
    for (unsigned i = 0; i < kids->length; ++i) {
      auto* k = static_cast<const GumboNode*>(kids->data[i]);
      if (is_element(k)) out.push_back(k);
    }
  return out;
}

bool contains_token(const std::string& s, std::initializer_list<const char*> needles) {
  for (const char* n : needles)
    if (s.find(n) != std::string::npos) return true;
  return false;
}

/// True when a src value is a lazy-loading placeholder rather than the real image.
bool is_placeholder(const std::string& src) {
  if (src.empty()) return true;
  if (src.compare(0, 5, "data:") == 0) return src.size() < 256;
  std::string lower = ascii_lower(src);
  return contains_token(lower, {"placeholder", "blank.gif", "spacer.gif", "pixel.gif",
                                "transparent.gif", "lazy", "1x1"});
}

/// Candidates of a srcset, best (largest) first.
std::vector<std::string> srcset_candidates(const std::string& srcset) {
  std::vector<std::pair<double, std::string>> items;
  std::size_t i = 0;
  while (i < srcset.size()) {
    while (i < srcset.size() && (is_space(srcset[i]) || srcset[i] == ','))
      ++i;
    std::size_t start = i;
    while (i < srcset.size() && !is_space(srcset[i]))
      ++i;
    std::string url = srcset.substr(start, i - start);
    // A URL may end with commas that separate candidates.
    bool ended = false;
    while (!url.empty() && url.back() == ',') {
      url.pop_back();
      ended = true;
    }
    double weight = 1;
    if (!ended) {
      std::size_t d = i;
      while (i < srcset.size() && srcset[i] != ',')
        ++i;
      std::string desc = trim_copy(srcset.substr(d, i - d));
      if (!desc.empty()) {
        double v = std::atof(desc.c_str());
        if (v > 0) weight = desc.back() == 'w' ? v : v * 1000;
      }
    }
    if (!url.empty()) items.emplace_back(weight, url);
  }
  std::stable_sort(items.begin(), items.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<std::string> out;
  for (auto& it : items)
    out.push_back(it.second);
  return out;
}

void add_lazy_candidates(const GumboNode* img, std::vector<std::string>& out) {
  for (const char* a :
       {"data-src", "data-lazy-src", "data-original", "data-lazy", "data-url", "data-hi-res-src"}) {
    std::string v = trim_copy(attr_or_empty(img, a));
    if (!v.empty()) out.push_back(v);
  }
  for (const char* a : {"data-srcset", "data-lazy-srcset"})
    for (std::string& c : srcset_candidates(attr_or_empty(img, a)))
      out.push_back(std::move(c));
}

/// Image sources to try for an <img> (or the <img> of a <picture>), best first.
std::vector<std::string> image_candidates(const GumboNode* img, const GumboNode* picture) {
  std::vector<std::string> out;
  if (img) add_lazy_candidates(img, out);
  std::string src = img ? trim_copy(attr_or_empty(img, "src")) : std::string();
  if (!is_placeholder(src)) out.push_back(src);
  if (picture)
    for (const GumboNode* s : element_children(picture)) {
      if (tag_of(s) != GUMBO_TAG_SOURCE) continue;
      std::string type = ascii_lower(attr_or_empty(s, "type"));
      if (!type.empty() && type != "image/jpeg" && type != "image/png" && type != "image/gif" &&
          type != "image/webp" && type != "image/svg+xml")
        continue;
      for (std::string& c : srcset_candidates(attr_or_empty(s, "srcset")))
        out.push_back(std::move(c));
      for (std::string& c : srcset_candidates(attr_or_empty(s, "data-srcset")))
        out.push_back(std::move(c));
    }
  if (img)
    for (std::string& c : srcset_candidates(attr_or_empty(img, "srcset")))
      out.push_back(std::move(c));
  if (out.empty() && !src.empty() && src.compare(0, 5, "data:") == 0)
    out.push_back(src); // a small data: image that is not a placeholder after all
  std::vector<std::string> unique;
  for (std::string& c : out)
    if (std::find(unique.begin(), unique.end(), c) == unique.end()) unique.push_back(std::move(c));
  return unique;
}

/// Alt text with whitespace collapsed.
std::string collapse_alt(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (is_space(c)) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  while (!out.empty() && out.back() == ' ')
    out.pop_back();
  return out;
}

int heading_level(GumboTag t) {
  switch (t) {
  case GUMBO_TAG_H1:
    return 1;
  case GUMBO_TAG_H2:
    return 2;
  case GUMBO_TAG_H3:
    return 3;
  case GUMBO_TAG_H4:
    return 4;
  case GUMBO_TAG_H5:
    return 5;
  case GUMBO_TAG_H6:
    return 6;
  default:
    return 0;
  }
}

std::string language_of_code(const GumboNode* n) {
  for (const GumboNode* x = n; x; x = find_first(x, GUMBO_TAG_CODE)) {
    for (const std::string& c : classes_of(x)) {
      for (const char* prefix : {"language-", "lang-"}) {
        std::size_t len = std::char_traits<char>::length(prefix);
        if (c.size() > len && c.compare(0, len, prefix) == 0) return c.substr(len);
      }
    }
    if (x != n) break;
  }
  return {};
}

} // namespace

ElementMapper::ElementMapper(const GumboNode* document, model::DocumentBuilder& builder,
                             ResourceLoader& resources, diag::DiagnosticSink& sink,
                             const NodeSet& removed, transform::QuoteStyle quotes)
    : m_b(builder), m_resources(resources), m_sink(sink), m_removed(removed),
      m_quotes(std::move(quotes)) {
  collect_ids(document);
  find_notes();
}

model::SourceSpan ElementMapper::span_of(const GumboNode* n) const {
  auto at = [&](const GumboSourcePosition& p) {
    int line = static_cast<int>(p.line);
    return m_b.at(line > 0 ? line + m_line_offset : 0, static_cast<int>(p.column));
  };
  if (is_element(n)) return at(n->v.element.start_pos);
  if (is_text(n)) return at(n->v.text.start_pos);
  return m_b.at(0, 0);
}

void ElementMapper::collect_ids(const GumboNode* document) {
  for_each_node(document, [&](const GumboNode* n) {
    if (!is_element(n)) return n->type == GUMBO_NODE_DOCUMENT;
    const char* id = attr(n, "id");
    if (id && *id) m_ids.emplace(id, n);
    if (tag_of(n) == GUMBO_TAG_A) {
      const char* name = attr(n, "name");
      if (name && *name) m_ids.emplace(name, n);
      const char* href = attr(n, "href");
      if (href && href[0] == '#' && href[1]) {
        m_targets.insert(href + 1);
        m_fragment_links.push_back(n);
      }
    }
    return true;
  });
}

void ElementMapper::find_notes() {
  auto noteish = [](const GumboNode* n) {
    std::string s = ascii_lower(attr_or_empty(n, "class") + " " + attr_or_empty(n, "id") + " " +
                                attr_or_empty(n, "role") + " " + attr_or_empty(n, "epub:type"));
    return contains_token(
        s, {"footnote", "endnote", "doc-endnotes", "rearnote", "references", "reflist", "notes"});
  };
  // Only links to "#id" can be note references; collect_ids listed them in document order.
  for (const GumboNode* a : m_fragment_links) {
    const char* href = attr(a, "href");
    if (!href || href[0] != '#' || !href[1]) continue;
    auto it = m_ids.find(href + 1);
    if (it == m_ids.end()) continue;
    const GumboNode* target = it->second;
    std::string role = ascii_lower(attr_or_empty(a, "role"));
    std::string etype = ascii_lower(attr_or_empty(a, "epub:type"));
    std::string cls = ascii_lower(attr_or_empty(a, "class"));
    bool explicit_ref = role == "doc-noteref" || etype.find("noteref") != std::string::npos;
    bool in_sup = tag_of(a->parent) == GUMBO_TAG_SUP;
    std::vector<const GumboNode*> kids = element_children(a);
    bool has_sup = kids.size() == 1 && tag_of(kids[0]) == GUMBO_TAG_SUP;
    bool ref_class = contains_token(cls, {"footnote", "fnref", "noteref", "footnote-ref"});
    std::string text = trim_copy(text_content(a));
    if (!explicit_ref && !((in_sup || has_sup || ref_class) && !text.empty() && text.size() <= 8))
      continue;
    // The target: a list item, or an element marked as a note, or one inside a notes section.
    std::string trole = ascii_lower(attr_or_empty(target, "role"));
    std::string ttype = ascii_lower(attr_or_empty(target, "epub:type"));
    bool target_ok = tag_of(target) == GUMBO_TAG_LI || trole == "doc-footnote" ||
                     trole == "doc-endnote" || ttype.find("note") != std::string::npos;
    if (!target_ok && (explicit_ref || tag_of(target) != GUMBO_TAG_A)) {
      int up = 0;
      for (const GumboNode* p = target; p && is_element(p) && up < 4; p = p->parent, ++up)
        if (noteish(p)) {
          target_ok = true;
          break;
        }
    }
    if (!target_ok || tag_of(target) == GUMBO_TAG_A || tag_of(target) == GUMBO_TAG_BODY) continue;
    // A reference inside its own note would loop.
    bool inside = false;
    for (const GumboNode* p = a; p; p = p->parent)
      if (p == target) {
        inside = true;
        break;
      }
    if (inside) continue;
    if (m_note_hidden.count(target)) continue; // later references to the same note stay plain
    m_note_refs.emplace(a, target);
    m_note_hidden.insert(target);
    for (const char* idattr : {"id", "name"}) {
      std::string id = attr_or_empty(a, idattr);
      if (!id.empty()) m_backlink_ids.insert(id);
      if (in_sup) {
        id = attr_or_empty(a->parent, idattr);
        if (!id.empty()) m_backlink_ids.insert(id);
      }
    }
  }
  // Hide note lists whose items all became notes, and their notes sections.
  std::unordered_set<const GumboNode*> lists;
  for (auto& [ref, target] : m_note_refs)
    if (tag_of(target) == GUMBO_TAG_LI && target->parent) lists.insert(target->parent);
  for (const GumboNode* list : lists) {
    bool all = true;
    for (const GumboNode* li : element_children(list))
      if (tag_of(li) == GUMBO_TAG_LI && !m_note_hidden.count(li)) all = false;
    if (!all) continue;
    m_note_hidden.insert(list);
    const GumboNode* top = nullptr;
    int up = 0;
    for (const GumboNode* p = list->parent; p && is_element(p) && up < 3; p = p->parent, ++up) {
      if (tag_of(p) == GUMBO_TAG_BODY) break;
      if (noteish(p)) top = p;
    }
    if (top) m_note_hidden.insert(top);
  }
}

void ElementMapper::skip(const GumboNode* n, const char* what) {
  auto& entry = m_skipped[what];
  if (entry.first++ == 0) entry.second = diag::SourceLocation::from(span_of(n));
}

void ElementMapper::report_skipped() {
  for (auto& [what, info] : m_skipped)
    m_sink.emit("skipped-content",
                "<" + what + "> skipped" +
                    (info.first > 1 ? " (" + std::to_string(info.first) + " elements)" : ""),
                info.second);
  m_skipped.clear();
}

bool ElementMapper::contains_block(const GumboNode* n) const {
  bool found = false;
  for_each_node(n, [&](const GumboNode* x) {
    if (found || !is_element(x)) return false;
    if (x != n && m_removed.count(x)) return false;
    if (x != n && is_block_tag(tag_of(x))) {
      found = true;
      return false;
    }
    return true;
  });
  return found;
}

bool ElementMapper::inline_only() const {
  return m_stack && !m_stack->empty() && m_stack->back().inline_only;
}

bool ElementMapper::in_inline() const {
  return m_stack && !m_stack->empty() && m_stack->back().is_inline;
}

model::Attr ElementMapper::attr_for(const GumboNode* n, bool keep_id) {
  model::Attr a;
  if (n == m_note_body)
    return a; // the note lives at its reference: its old id has no target any more
  std::string id = attr_or_empty(n, "id");
  if (!id.empty() && (keep_id || m_targets.count(id)) && !m_emitted_ids.count(id)) {
    a.id = id;
    m_emitted_ids.insert(id);
  }
  return a;
}

void ElementMapper::block_boundary() {
  m_b.end_implicit_paragraph();
  m_space = true;
}

void ElementMapper::emit_text(const char* text, const model::SourceSpan& span) {
  // Runs of white space become one space (none after a space already emitted); the other
  // characters are copied run by run.
  std::string out;
  for (const char* p = text; *p;) {
    const char* run = p;
    while (*p && !is_space(*p))
      ++p;
    if (p != run) {
      out.append(run, static_cast<std::size_t>(p - run));
      m_space = false;
    }
    if (!*p) break;
    if (!m_space) {
      out += ' ';
      m_space = true;
    }
    while (is_space(*p))
      ++p;
  }
  if (!out.empty()) m_b.text(out, span);
}

void ElementMapper::emit_image(const GumboNode* n, const model::SourceSpan& span) {
  const GumboNode* img = n;
  const GumboNode* picture = nullptr;
  if (tag_name(n) == "picture") {
    picture = n;
    img = find_first(n, GUMBO_TAG_IMG);
  }
  std::string alt = img ? collapse_alt(attr_or_empty(img, "alt")) : std::string();
  std::string title = img ? attr_or_empty(img, "title") : std::string();
  std::vector<std::string> candidates = image_candidates(img, picture);
  diag::SourceLocation where = diag::SourceLocation::from(span);
  LoadedImage loaded;
  std::string url;
  for (const std::string& c : candidates) {
    loaded = m_resources.load_image(c, where, false);
    if (!loaded.resource.empty()) {
      url = c;
      break;
    }
  }
  if (loaded.resource.empty()) {
    if (!candidates.empty()) m_resources.load_image(candidates.front(), where, true); // report why
    if (!alt.empty()) {
      emit_text(alt.c_str(), span);
    }
    return;
  }
  model::Image image;
  image.url = url;
  image.resource = loaded.resource;
  image.alt = alt;
  image.title = title;
  image.width = img ? int_attr(img, "width", 0, 0, 100000) : 0;
  image.height = img ? int_attr(img, "height", 0, 0, 100000) : 0;
  if (image.width == 0 || image.height == 0) {
    image.width = loaded.width;
    image.height = loaded.height;
  }
  m_b.image(std::move(image), span, img ? attr_for(img, false) : model::Attr{});
  m_space = false;
}

void ElementMapper::emit_code_block(const GumboNode* n, const model::SourceSpan& span) {
  std::string text;
  for_each_node(n, [&](const GumboNode* x) {
    if (is_text(x)) {
      text += x->v.text.text;
      return false;
    }
    if (!is_element(x)) return false;
    if (tag_of(x) == GUMBO_TAG_BR) text += '\n';
    return !(tag_of(x) == GUMBO_TAG_SCRIPT || tag_of(x) == GUMBO_TAG_STYLE);
  });
  if (!text.empty() && text.front() == '\n') text.erase(0, 1);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r'))
    text.pop_back();
  // Tabs and trailing spaces are kept; a code block of only whitespace is dropped.
  if (trim_copy(text).empty()) return;
  std::string lang = language_of_code(n);
  m_b.code_block(lang, std::move(text), span, attr_for(n, false));
  m_space = true;
}

void ElementMapper::emit_media(const GumboNode* n, const model::SourceSpan& span,
                               std::vector<Frame>& stack) {
  std::string kind = tag_name(n);
  std::string src = attr_or_empty(n, "src");
  for (const GumboNode* c : element_children(n))
    if (src.empty() && tag_of(c) == GUMBO_TAG_SOURCE) src = attr_or_empty(c, "src");
  // Fallback content: anything but <source>/<track> with visible text.
  std::string fallback;
  for (const GumboNode* c : element_children(n))
    if (tag_of(c) != GUMBO_TAG_SOURCE && tag_of(c) != GUMBO_TAG_TRACK) fallback += text_content(c);
  if (const GumboVector* kids = children_of(n))
    for (unsigned i = 0; i < kids->length; ++i)
      if (is_text(static_cast<const GumboNode*>(kids->data[i])))
        fallback += static_cast<const GumboNode*>(kids->data[i])->v.text.text;
  m_sink.emit("media-skipped",
              "<" + kind + "> cannot be embedded; " +
                  (!trim_copy(fallback).empty() ? std::string("using its fallback content")
                   : !src.empty()               ? "linking to " + src
                                                : std::string("dropped")),
              diag::SourceLocation::from(span));
  if (!trim_copy(fallback).empty()) {
    Frame f = stack.empty() ? Frame{} : stack.back();
    f.node = n;
    f.kids = children_of(n);
    f.single = nullptr;
    f.next = 0;
    f.depth = std::numeric_limits<std::size_t>::max();
    f.after_text.clear();
    f.block = f.sep = f.dlist = f.table = f.list = false;
    stack.push_back(std::move(f));
    return;
  }
  if (src.empty() || src.compare(0, 11, "javascript:") == 0) return;
  std::string label = src;
  std::size_t cut = label.find_first_of("?#");
  if (cut != std::string::npos) label.erase(cut);
  std::size_t slash = label.rfind('/');
  if (slash != std::string::npos && slash + 1 < label.size()) label = label.substr(slash + 1);
  std::size_t d = m_b.depth();
  m_b.open_link(src, "", span);
  m_b.text((kind == "video" ? "Video: " : "Audio: ") + label, span);
  m_b.close_to(d);
  m_space = false;
}

void ElementMapper::convert(const GumboNode* root) {
  std::vector<Frame> stack;
  m_stack = &stack;
  enter(root, stack);
  while (!stack.empty()) {
    Frame& f = stack.back();
    const GumboNode* child = nullptr;
    if (f.single) {
      child = f.single;
      f.single = nullptr;
      f.kids = nullptr;
    } else if (f.kids && f.next < f.kids->length) {
      child = static_cast<const GumboNode*>(f.kids->data[f.next++]);
    }
    if (child) {
      enter(child, stack);
      continue;
    }
    Frame done = std::move(stack.back());
    stack.pop_back();
    leave(done);
  }
  m_stack = nullptr;
}

void ElementMapper::enter(const GumboNode* n, std::vector<Frame>& stack) {
  if (is_text(n)) {
    if (n->type == GUMBO_NODE_WHITESPACE && !in_inline() && !inline_only()) {
      // Whitespace between blocks only matters inside a paragraph being built.
      if (m_b.in_inline_context()) emit_text(n->v.text.text, span_of(n));
      return;
    }
    emit_text(n->v.text.text, span_of(n));
    return;
  }
  if (n->type == GUMBO_NODE_DOCUMENT) {
    Frame f;
    f.node = n;
    f.kids = children_of(n);
    stack.push_back(std::move(f));
    return;
  }
  if (is_element(n)) enter_element(n, stack);
}

void ElementMapper::enter_element(const GumboNode* n, std::vector<Frame>& stack) {
  // The parent's context flags (copied: `stack` grows below; a whole Frame holds a string).
  struct {
    bool note = false, inline_only = false, is_inline = false, list = false, dlist = false,
         table = false;
  } parent;
  if (!stack.empty()) {
    const Frame& p = stack.back();
    parent.note = p.note;
    parent.inline_only = p.inline_only;
    parent.is_inline = p.is_inline;
    parent.list = p.list;
    parent.dlist = p.dlist;
    parent.table = p.table;
  }
  const bool note_mode = parent.note;
  if (!note_mode && m_removed.count(n) && !stack.empty()) return;
  if (m_note_hidden.count(n) && n != m_note_body) return;
  GumboTag t = tag_of(n);
  const model::SourceSpan span = span_of(n);

  // A new frame inherits the context flags of its parent.
  Frame f;
  f.node = n;
  f.kids = children_of(n);
  f.inline_only = parent.inline_only;
  f.is_inline = parent.is_inline;
  f.note = note_mode;
  auto push = [&](Frame fr) { stack.push_back(std::move(fr)); };
  auto transparent = [&] { push(f); };

  if (stack.size() >= max_walk_depth) {
    if (!m_depth_warned) {
      m_sink.emit("nesting-too-deep",
                  "elements nested deeper than " + std::to_string(max_walk_depth) +
                      " levels are flattened into their content",
                  diag::SourceLocation::from(span));
      m_depth_warned = true;
    }
    if (t == GUMBO_TAG_SCRIPT || t == GUMBO_TAG_STYLE || t == GUMBO_TAG_TEMPLATE) return;
    transparent();
    return;
  }

  if (t == GUMBO_TAG_UNKNOWN) {
    std::string uname = tag_name(n);
    if (uname == "picture") {
      emit_image(n, span);
      return;
    }
    if (uname == "dialog" || uname == "slot") {
      skip(n, uname == "dialog" ? "dialog" : "slot");
      return;
    }
  }

  // Elements dropped with their content.
  switch (t) {
  case GUMBO_TAG_HEAD:
  case GUMBO_TAG_TITLE:
  case GUMBO_TAG_META:
  case GUMBO_TAG_LINK:
  case GUMBO_TAG_BASE:
  case GUMBO_TAG_COL:
  case GUMBO_TAG_COLGROUP:
  case GUMBO_TAG_PARAM:
  case GUMBO_TAG_TRACK:
  case GUMBO_TAG_SOURCE:
  case GUMBO_TAG_AREA:
  case GUMBO_TAG_WBR:
    return;
  case GUMBO_TAG_SCRIPT:
  case GUMBO_TAG_STYLE:
  case GUMBO_TAG_NOSCRIPT:
  case GUMBO_TAG_TEMPLATE:
  case GUMBO_TAG_IFRAME:
  case GUMBO_TAG_OBJECT:
  case GUMBO_TAG_EMBED:
  case GUMBO_TAG_CANVAS:
  case GUMBO_TAG_SVG:
  case GUMBO_TAG_MATH:
  case GUMBO_TAG_INPUT:
  case GUMBO_TAG_BUTTON:
  case GUMBO_TAG_SELECT:
  case GUMBO_TAG_TEXTAREA:
  case GUMBO_TAG_OPTION:
  case GUMBO_TAG_DATALIST:
  case GUMBO_TAG_OUTPUT:
  case GUMBO_TAG_PROGRESS:
  case GUMBO_TAG_METER:
  case GUMBO_TAG_KEYGEN:
  case GUMBO_TAG_APPLET:
  case GUMBO_TAG_FRAMESET:
  case GUMBO_TAG_FRAME:
  case GUMBO_TAG_NOEMBED:
  case GUMBO_TAG_NOFRAMES:
  case GUMBO_TAG_MAP:
    skip(n, gumbo_normalized_tagname(t));
    return;
  case GUMBO_TAG_VIDEO:
  case GUMBO_TAG_AUDIO:
    emit_media(n, span, stack);
    return;
  default:
    break;
  }

  const bool flatten_blocks = parent.inline_only || parent.is_inline;
  if (is_block_tag(t) && flatten_blocks) {
    // A block inside inline-only content: its text flows on, separated by spaces.
    if (t == GUMBO_TAG_PRE || t == GUMBO_TAG_HR) return;
    if (!m_space) {
      m_b.text(" ", span);
      m_space = true;
    }
    f.sep = true;
    transparent();
    return;
  }

  auto open_block = [&](auto&& opener) {
    f.depth = m_b.depth();
    f.block = true;
    m_space = true;
    opener();
  };

  switch (t) {
  case GUMBO_TAG_HTML:
  case GUMBO_TAG_BODY:
    transparent();
    return;
  case GUMBO_TAG_P:
    open_block([&] { m_b.open_paragraph(span, attr_for(n, false)); });
    push(f);
    return;
  case GUMBO_TAG_H1:
  case GUMBO_TAG_H2:
  case GUMBO_TAG_H3:
  case GUMBO_TAG_H4:
  case GUMBO_TAG_H5:
  case GUMBO_TAG_H6:
    open_block([&] { m_b.open_heading(heading_level(t), span, attr_for(n, true)); });
    f.inline_only = true;
    push(f);
    return;
  case GUMBO_TAG_UL:
  case GUMBO_TAG_OL:
  case GUMBO_TAG_MENU: {
    model::List proto;
    proto.kind = t == GUMBO_TAG_OL ? model::ListKind::ordered : model::ListKind::bullet;
    std::vector<const GumboNode*> items;
    for (const GumboNode* c : element_children(n))
      if (tag_of(c) == GUMBO_TAG_LI) items.push_back(c);
    proto.reversed = attr(n, "reversed") != nullptr;
    proto.start = int_attr(n, "start", proto.reversed ? static_cast<int>(items.size()) : 1,
                           -1000000, 1000000);
    if (proto.start < 0) proto.start = 0;
    std::string type = attr_or_empty(n, "type");
    if (type == "a")
      proto.style = model::NumberStyle::lower_alpha;
    else if (type == "A")
      proto.style = model::NumberStyle::upper_alpha;
    else if (type == "i")
      proto.style = model::NumberStyle::lower_roman;
    else if (type == "I")
      proto.style = model::NumberStyle::upper_roman;
    proto.tight = true;
    for (const GumboNode* li : items)
      for (const GumboNode* c : element_children(li))
        if (tag_of(c) == GUMBO_TAG_P) proto.tight = false;
    open_block([&] { m_b.open_list(proto, span, attr_for(n, false)); });
    f.list = true;
    push(f);
    return;
  }
  case GUMBO_TAG_LI:
    if (!parent.list) {
      open_block([&] { m_b.open_div(span, attr_for(n, false)); });
      push(f);
      return;
    }
    open_block([&] { m_b.open_list_item(span); });
    {
      // Ids of items become a Div inside the item, so that links can reach them.
      model::Attr a = attr_for(n, false);
      if (!a.id.empty()) m_b.open_div(span, std::move(a));
    }
    f.list = false;
    push(f);
    return;
  case GUMBO_TAG_DL:
    open_block([&] { m_b.open_definition_list(span, attr_for(n, false)); });
    f.dlist = true;
    push(f);
    return;
  case GUMBO_TAG_DT:
    if (!parent.dlist) {
      open_block([&] { m_b.open_paragraph(span, attr_for(n, false)); });
      push(f);
      return;
    }
    open_block([&] { m_b.open_term(span); });
    f.inline_only = true;
    f.dlist = false;
    push(f);
    return;
  case GUMBO_TAG_DD:
    if (!parent.dlist) {
      open_block([&] { m_b.open_div(span, attr_for(n, false)); });
      push(f);
      return;
    }
    open_block([&] { m_b.open_definition(span); });
    f.dlist = false;
    push(f);
    return;
  case GUMBO_TAG_BLOCKQUOTE: {
    model::Attr a = attr_for(n, false);
    std::string cite = attr_or_empty(n, "cite");
    if (!cite.empty()) a.kv.emplace_back("cite", cite);
    open_block([&] { m_b.open_block_quote(span, std::move(a)); });
    push(f);
    return;
  }
  case GUMBO_TAG_PRE:
  case GUMBO_TAG_LISTING:
  case GUMBO_TAG_XMP:
  case GUMBO_TAG_PLAINTEXT:
    emit_code_block(n, span);
    return;
  case GUMBO_TAG_FIGURE:
    open_block([&] { m_b.open_figure(span, attr_for(n, false)); });
    push(f);
    return;
  case GUMBO_TAG_FIGCAPTION:
    if (tag_of(n->parent) == GUMBO_TAG_FIGURE) {
      open_block([&] { m_b.open_caption(span); });
      f.inline_only = true;
    } else {
      open_block([&] { m_b.open_paragraph(span, attr_for(n, false)); });
    }
    push(f);
    return;
  case GUMBO_TAG_TABLE: {
    // Rows and columns (colspans counted) of this table, nested tables excluded.
    int columns = 0, cells = 0;
    std::vector<const GumboNode*> rows;
    for (const GumboNode* sec : element_children(n)) {
      if (tag_of(sec) == GUMBO_TAG_TR)
        rows.push_back(sec);
      else if (tag_of(sec) == GUMBO_TAG_THEAD || tag_of(sec) == GUMBO_TAG_TBODY ||
               tag_of(sec) == GUMBO_TAG_TFOOT)
        for (const GumboNode* r : element_children(sec))
          if (tag_of(r) == GUMBO_TAG_TR) rows.push_back(r);
    }
    std::vector<model::ColumnSpec> specs;
    for (const GumboNode* r : rows) {
      int c = 0;
      for (const GumboNode* cell : element_children(r))
        if (tag_of(cell) == GUMBO_TAG_TD || tag_of(cell) == GUMBO_TAG_TH) {
          ++cells;
          int span_cols = int_attr(cell, "colspan", 1, 1, 1000);
          const auto need = static_cast<std::size_t>(std::min(c + span_cols, 1000));
          if (specs.size() < need) specs.resize(need);
          const auto col = static_cast<std::size_t>(c);
          if (span_cols == 1 && col < specs.size() &&
              specs[col].align == model::Alignment::default_)
            specs[col].align = alignment_of(cell);
          c = std::min(c + span_cols, 1000);
        }
      columns = std::max(columns, c);
    }
    if (cells <= 1 || columns <= 1) {
      // A layout table (one cell or one column): its cells are just blocks.
      f.block = true;
      block_boundary();
      transparent();
      return;
    }
    specs.resize(static_cast<std::size_t>(columns));
    open_block([&] { m_b.open_table(specs, span, attr_for(n, false)); });
    f.table = true;
    push(f);
    return;
  }
  case GUMBO_TAG_CAPTION:
    if (parent.table) {
      open_block([&] { m_b.open_caption(span); });
      f.inline_only = true;
      push(f);
    } else {
      open_block([&] { m_b.open_paragraph(span); });
      push(f);
    }
    return;
  case GUMBO_TAG_THEAD:
  case GUMBO_TAG_TBODY:
  case GUMBO_TAG_TFOOT:
    if (parent.table) {
      open_block([&] {
        m_b.open_table_section(t == GUMBO_TAG_THEAD   ? model::TableSection::head
                               : t == GUMBO_TAG_TFOOT ? model::TableSection::foot
                                                      : model::TableSection::body);
      });
      f.table = true;
    }
    push(f);
    return;
  case GUMBO_TAG_TR:
    if (parent.table) {
      open_block([&] { m_b.open_row(span); });
      f.table = true;
    }
    push(f);
    return;
  case GUMBO_TAG_TD:
  case GUMBO_TAG_TH:
    if (parent.table) {
      open_block([&] {
        m_b.open_cell(span, t == GUMBO_TAG_TH, alignment_of(n), int_attr(n, "rowspan", 1, 1, 1000),
                      int_attr(n, "colspan", 1, 1, 1000));
      });
      f.table = false;
    } else {
      // A cell of a layout table: a block boundary only.
      f.block = true;
      block_boundary();
    }
    push(f);
    return;
  case GUMBO_TAG_HR:
    m_b.thematic_break(span);
    m_space = true;
    return;
  case GUMBO_TAG_BR:
    if (parent.inline_only)
      emit_text(" ", span);
    else {
      m_b.line_break(span);
      m_space = true;
    }
    return;
  case GUMBO_TAG_IMG:
    emit_image(n, span);
    return;
  case GUMBO_TAG_DETAILS: {
    model::Attr a = attr_for(n, false);
    a.classes.push_back("details");
    open_block([&] { m_b.open_div(span, std::move(a)); });
    push(f);
    return;
  }
  case GUMBO_TAG_SUMMARY: {
    model::Attr a;
    a.classes.push_back("summary");
    open_block([&] { m_b.open_paragraph(span, std::move(a)); });
    f.inline_only = true;
    push(f);
    return;
  }
  case GUMBO_TAG_DIV:
  case GUMBO_TAG_SECTION:
  case GUMBO_TAG_ARTICLE:
  case GUMBO_TAG_ASIDE:
  case GUMBO_TAG_HEADER:
  case GUMBO_TAG_FOOTER:
  case GUMBO_TAG_MAIN:
  case GUMBO_TAG_NAV:
  case GUMBO_TAG_ADDRESS:
  case GUMBO_TAG_CENTER:
  case GUMBO_TAG_HGROUP:
  case GUMBO_TAG_FORM:
  case GUMBO_TAG_FIELDSET: {
    // A footer or cite that ends a block quote is its attribution.
    if ((t == GUMBO_TAG_FOOTER) && tag_of(n->parent) == GUMBO_TAG_BLOCKQUOTE) {
      open_block([&] { m_b.open_attribution(span); });
      f.inline_only = true;
      push(f);
      return;
    }
    model::Attr a = attr_for(n, false);
    if (a.id.empty()) {
      // Unwrapped: only a block boundary.
      f.block = true;
      block_boundary();
      push(f);
      return;
    }
    open_block([&] { m_b.open_div(span, std::move(a)); });
    push(f);
    return;
  }
  default:
    break;
  }

  // ---- inline elements
  if (t == GUMBO_TAG_A) {
    auto note = m_note_refs.find(n);
    if (note != m_note_refs.end() && !note_mode && !m_notes_done.count(note->second)) {
      m_notes_done.insert(note->second);
      f.depth = m_b.depth();
      m_b.open_note(span);
      const GumboNode* body = note->second;
      f.note = true;
      f.inline_only = false;
      f.is_inline = false;
      if (tag_of(body) == GUMBO_TAG_LI) {
        f.kids = children_of(body);
      } else {
        f.kids = nullptr;
        f.single = body;
        m_note_body = body;
      }
      m_space = true;
      push(f);
      return;
    }
    std::string href = trim_copy(attr_or_empty(n, "href"));
    std::string lower = ascii_lower(href.substr(0, 11));
    if (note_mode) {
      // Back links of a note are dropped.
      std::string role = ascii_lower(attr_or_empty(n, "role"));
      std::string cls = ascii_lower(attr_or_empty(n, "class"));
      std::string text = trim_copy(text_content(n));
      if ((href.size() > 1 && href[0] == '#' && m_backlink_ids.count(href.substr(1))) ||
          role == "doc-backlink" ||
          contains_token(cls, {"footnote-back", "fnref", "reversefootnote", "backlink"}) ||
          text == "\u21A9" || text == "\u21A9\uFE0E" || text == "^" || text == "\u2191")
        return;
    }
    model::Attr a = attr_for(n, false);
    bool usable = !href.empty() && lower != "javascript:" && !contains_block(n);
    if (usable && href[0] == '#') {
      usable = href.size() > 1 && m_ids.count(href.substr(1));
    }
    if (!usable) {
      if (!a.id.empty()) {
        f.depth = m_b.depth();
        m_b.open_inline(model::InlineKind::span, span, std::move(a));
        f.is_inline = true;
      }
      push(f);
      return;
    }
    f.depth = m_b.depth();
    m_b.open_link(href, attr_or_empty(n, "title"), span, std::move(a));
    f.is_inline = true;
    push(f);
    return;
  }
  if (t == GUMBO_TAG_CODE || t == GUMBO_TAG_KBD || t == GUMBO_TAG_SAMP || t == GUMBO_TAG_TT) {
    if (contains_block(n)) {
      transparent();
      return;
    }
    std::string text;
    for (char c : text_content(n))
      text += (c == '\n' || c == '\t' || c == '\r') ? ' ' : c;
    // white-space: normal collapses runs of spaces in code too.
    std::string collapsed;
    for (char c : text)
      if (!(c == ' ' && !collapsed.empty() && collapsed.back() == ' ')) collapsed += c;
    if (collapsed.empty()) return;
    if (collapsed.front() == ' ' && !m_space) emit_text(" ", span);
    std::string core = trim_copy(collapsed);
    if (!core.empty()) {
      model::Attr a = attr_for(n, false);
      if (t == GUMBO_TAG_KBD)
        a.classes.push_back("kbd");
      else if (t == GUMBO_TAG_SAMP)
        a.classes.push_back("samp");
      m_b.code(core, span, std::move(a));
      m_space = false;
    }
    if (collapsed.back() == ' ' && collapsed.size() > 1) emit_text(" ", span);
    return;
  }
  if (t == GUMBO_TAG_Q) {
    int level = 0;
    for (const Frame& fr : stack)
      if (tag_of(fr.node) == GUMBO_TAG_Q) ++level;
    bool single = level % 2 == 1;
    emit_text((single ? m_quotes.open_single : m_quotes.open_double).c_str(), span);
    f.after_text = single ? m_quotes.close_single : m_quotes.close_double;
    push(f);
    return;
  }

  model::InlineKind kind;
  std::vector<std::string> classes;
  std::vector<std::pair<std::string, std::string>> kv;
  bool container = true;
  switch (t) {
  case GUMBO_TAG_EM:
  case GUMBO_TAG_I:
  case GUMBO_TAG_CITE:
  case GUMBO_TAG_DFN:
  case GUMBO_TAG_VAR:
    kind = model::InlineKind::emphasis;
    break;
  case GUMBO_TAG_STRONG:
  case GUMBO_TAG_B:
    kind = model::InlineKind::strong;
    break;
  case GUMBO_TAG_U:
  case GUMBO_TAG_INS:
    kind = model::InlineKind::underline;
    break;
  case GUMBO_TAG_S:
  case GUMBO_TAG_DEL:
  case GUMBO_TAG_STRIKE:
    kind = model::InlineKind::strikeout;
    break;
  case GUMBO_TAG_SUB:
    kind = model::InlineKind::subscript;
    break;
  case GUMBO_TAG_SUP: {
    kind = model::InlineKind::superscript;
    // <sup><a href="#fn1">1</a></sup>: the note replaces the superscript.
    std::vector<const GumboNode*> kids = element_children(n);
    if (kids.size() == 1 && m_note_refs.count(kids[0]) && !note_mode &&
        trim_copy(text_content(n)) == trim_copy(text_content(kids[0])) &&
        !m_notes_done.count(m_note_refs[kids[0]]))
      container = false;
    break;
  }
  case GUMBO_TAG_SMALL:
  case GUMBO_TAG_MARK:
  case GUMBO_TAG_ABBR:
  case GUMBO_TAG_ACRONYM:
  case GUMBO_TAG_TIME:
  case GUMBO_TAG_BIG:
    kind = model::InlineKind::span;
    classes.push_back(t == GUMBO_TAG_ACRONYM ? "abbr" : tag_name(n));
    if (const char* title = attr(n, "title")) kv.emplace_back("title", title);
    if (const char* dt = attr(n, "datetime")) kv.emplace_back("datetime", dt);
    break;
  default:
    // span, font, bdi, bdo, label, unknown and custom elements: by their content.
    kind = model::InlineKind::span;
    container = false;
    if (!is_block_tag(t) && !contains_block(n)) {
      model::Attr a = attr_for(n, false);
      if (!a.id.empty()) {
        f.depth = m_b.depth();
        m_b.open_inline(kind, span, std::move(a));
        f.is_inline = true;
      }
    } else {
      f.block = true;
      block_boundary();
    }
    push(f);
    return;
  }
  if (!container || contains_block(n)) {
    transparent();
    return;
  }
  model::Attr a = attr_for(n, false);
  a.classes = std::move(classes);
  a.kv = std::move(kv);
  f.depth = m_b.depth();
  m_b.open_inline(kind, span, std::move(a));
  f.is_inline = true;
  push(f);
}

void ElementMapper::leave(Frame& f) {
  if (!f.after_text.empty()) emit_text(f.after_text.c_str(), span_of(f.node));
  const bool note_root = f.note && (m_stack->empty() || !m_stack->back().note);
  if (note_root) m_note_body = nullptr;
  if (f.depth != std::numeric_limits<std::size_t>::max()) {
    m_b.close_to(f.depth);
    if (note_root) m_space = false;
  }
  if (f.block) block_boundary();
  if (f.sep && !m_space) {
    m_b.text(" ", span_of(f.node));
    m_space = true;
  }
}

} // namespace sheaf::readers::html
