// The typesetter: walks the document (std::visit over every block and inline kind), resolves
// styles through the cascade, lays out paragraphs, lists, quotes, code and breaks into
// vertical boxes, paginates them and adds running headers/footers and the outline.
#include "layout/typeset.hpp"

#include "diag/error.hpp"
#include "layout/hyphenator.hpp"
#include "layout/image_layout.hpp"
#include "layout/page_sink.hpp"
#include "layout/paginator.hpp"
#include "layout/paragraph.hpp"
#include "layout/running_head.hpp"
#include "layout/table_layout.hpp"
#include "layout/text_utils.hpp"
#include "layout/toc.hpp"
#include "style/cascade.hpp"
#include "transform/heading_levels.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace sheaf::layout {
namespace {

/// User-agent defaults, applied before the theme (which overrides them).
const char* const k_ua_css = R"css(
html { font-family: serif; font-size: 11pt; line-height: 1.35; hyphens: auto; text-align: justify; }
p { margin: 0 0 0.5em 0; }
h1, h2, h3, h4, h5, h6 { font-weight: bold; text-align: left; hyphens: manual; line-height: 1.2;
  page-break-after: avoid; }
h1 { font-size: 1.8em; margin: 1em 0 0.5em 0; }
h2 { font-size: 1.45em; margin: 1em 0 0.4em 0; }
h3 { font-size: 1.2em; margin: 0.9em 0 0.3em 0; }
h4, h5, h6 { font-size: 1em; margin: 0.8em 0 0.3em 0; }
em, i, cite { font-style: italic; }
strong, b, dt, th { font-weight: bold; }
dt { page-break-after: avoid; }
th, td { text-align: left; hyphens: auto; }
caption { text-align: left; font-size: 0.95em; margin: 0 0 0.3em 0; hyphens: manual; }
table { margin: 0.6em 0 0.8em 0; }
th, td { line-height: 1.25; }
code, kbd, samp, pre { font-family: monospace; hyphens: none; }
code { font-size: 0.9em; }
pre { font-size: 0.85em; white-space: pre; text-align: left; line-height: 1.3; margin: 0.5em 0 0.8em 0; }
pre code { font-size: 1em; }
blockquote { margin: 0.6em 1.5em 0.6em 1.5em; border-left: 1pt solid gray; }
ul, ol { margin: 0.3em 0 0.6em 0; padding-left: 1.6em; }
li { margin: 0 0 0.15em 0; }
li p { margin: 0 0 0.2em 0; }
dd { margin-left: 1.6em; }
hr { margin: 0.8em 0 0.8em 0; }
figure { margin: 0.8em 0 0.8em 0; }
figcaption { font-size: 0.9em; font-style: italic; text-align: center; }
.titlepage { text-align: center; margin: 0 0 2em 0; hyphens: none; }
.titlepage h1.title { font-size: 2.1em; margin: 0.5em 0 0.3em 0; text-align: center; }
.titlepage .subtitle { font-size: 1.3em; font-style: italic; text-align: center; }
.titlepage .author, .titlepage .date, .titlepage .source { text-align: center; margin: 0.2em 0; }
.attribution { text-align: right; font-style: italic; }
.footnotes { font-size: 0.9em; }
aside.footnote p { text-indent: 0; }
sup, sub { font-size: 0.7em; }
a { color: #1a3c8c; }
.running-header { font-size: 0.8em; font-style: italic; }
.running-footer { font-size: 0.85em; }
.toc-title { page-break-after: avoid; }
.toc-entry { text-align: left; hyphens: manual; margin: 0 0 0.2em 0; }
)css";

std::string roman(int n, bool upper) {
  static const std::pair<int, const char*> k[] = {
      {1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"}, {90, "xc"}, {50, "l"},
      {40, "xl"},  {10, "x"},   {9, "ix"},  {5, "v"},    {4, "iv"},  {1, "i"}};
  std::string s;
  if (n <= 0 || n > 4999) return std::to_string(n);
  for (auto [v, t] : k)
    while (n >= v) {
      s += t;
      n -= v;
    }
  if (upper)
    for (auto& c : s)
      c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string alpha(int n, bool upper) {
  if (n <= 0) return std::to_string(n);
  std::string s;
  while (n > 0) {
    --n;
    s.insert(s.begin(), static_cast<char>((upper ? 'A' : 'a') + n % 26));
    n /= 26;
  }
  return s;
}

Color to_color(const style::Rgb& c) {
  return {c.r, c.g, c.b};
}

class Typesetter {
public:
  /// Pages go to `pages` as soon as they are final; with nullptr they are kept in the tree.
  Typesetter(const model::Document& doc, style::Cascade& cascade, FontProvider& fonts,
             const PageGeometry& geo, const std::map<std::string, std::string>& unreadable,
             diag::DiagnosticSink& sink, PageSink* pages,
             const std::vector<TocEntry>* toc = nullptr)
      : m_doc(doc), m_cascade(cascade), m_fonts(fonts), m_geo(geo), m_unreadable(unreadable),
        m_sink(sink), m_cache(fonts, doc.meta.language.empty() ? "en" : doc.meta.language, sink),
        m_pages(pages), m_paginator(geo, m_tree.outline, k_min_float_gap) {
    m_toc = toc;
    m_left = geo.left;
    m_width = geo.content_width();
    // prefetch: the dictionary loads on another core while the first paragraphs are set
    m_hyphenator = std::make_unique<LazyHyphenator>(m_cache.language(), true);
    m_structure.push_back({"Document", -1, {}});
    m_struct_stack.push_back(0);
  }

  PageTree run() {
    title_block();
    toc_section();
    for (const auto& b : m_doc.blocks)
      block(b);
    notes_section();
    hand_over();
    for (auto& page : m_paginator.finish())
      page_done(std::move(page));
    m_tree.structure = std::move(m_structure);
    return std::move(m_tree);
  }

  /// Destination names of the headings in outline order (after run()).
  const std::vector<std::string>& heading_destinations() const { return m_heading_dests; }

private:
  // ---- styles and fonts
  const style::ComputedStyle& style_of(const std::string& name,
                                       const std::vector<std::string>& classes = {}) {
    m_path.push_back({name, classes});
    const auto& st = m_cascade.compute(m_path);
    m_path.pop_back();
    return st;
  }
  struct Scope { // pushes an element on the style path for its lifetime
    Scope(Typesetter& t, std::string name, std::vector<std::string> classes = {}) : m_t(t) {
      m_t.m_path.push_back({std::move(name), std::move(classes)});
    }
    ~Scope() { m_t.m_path.pop_back(); }
    const style::ComputedStyle& style() const { return m_t.m_cascade.compute(m_t.m_path); }
    Typesetter& m_t;
  };
  FontId font_for(const style::ComputedStyle& st) {
    std::string key;
    for (const auto& f : st.font_family)
      key += f + ",";
    key += std::to_string(st.font_weight) + (st.italic ? "i" : "n");
    auto it = m_font_ids.find(key);
    if (it != m_font_ids.end()) return it->second;
    FontRequest req{st.font_family, st.font_weight, st.italic};
    FontId id = m_fonts.resolve(req);
    m_font_ids.emplace(key, id);
    return id;
  }

  // ---- vertical boxes
  void add_space(double pt) { m_pending_space = std::max(m_pending_space, pt); }
  void flush_space() {
    if (m_pending_space > 0) {
      VBox b;
      b.height = m_pending_space;
      b.discardable = true;
      decorate(b);
      push_box(std::move(b));
    }
    m_pending_space = 0;
  }
  void decorate(VBox& b) {
    for (const auto& bar : m_bars) {
      Rule rule;
      rule.x = bar.first;
      rule.width = bar.second;
      rule.height = b.height;
      rule.color = {0.5, 0.5, 0.5};
      b.items.emplace_back(std::in_place_type<Rule>, rule);
    }
  }
  void push_box(VBox b) {
    if (m_keep_next) b.break_before = false;
    if (m_force_next) {
      b.force_break_before = true;
      m_force_next = false;
    }
    if (!b.discardable) m_keep_next = false;
    tag_items(b);
    if (!m_in_footnote) attach_footnotes(b);
    m_boxes.push_back(std::move(b));
  }

  // ---- logical structure (tagged PDF)
  int current_struct() const { return m_struct_stack.back(); }
  /// Adds a structure element under the current one and makes it current.
  int open_struct(const std::string& role, std::string alt = {}) {
    int id = static_cast<int>(m_structure.size());
    m_structure.push_back({role, current_struct(), std::move(alt)});
    m_struct_stack.push_back(id);
    return id;
  }
  void close_struct() {
    if (m_struct_stack.size() > 1) m_struct_stack.pop_back();
  }
  struct StructScope { // a structure element open for its lifetime
    StructScope(Typesetter& t, const std::string& role, std::string alt = {}) : m_t(t) {
      id = m_t.open_struct(role, std::move(alt));
    }
    ~StructScope() { m_t.close_struct(); }
    StructScope(const StructScope&) = delete;
    StructScope& operator=(const StructScope&) = delete;
    Typesetter& m_t;
    int id = 0;
  };
  /// Tags the box's untagged text and images with the current element; each link area gets
  /// a Link element (under the element of the text it covers) that takes that text over.
  void tag_items(VBox& b) {
    const int current = current_struct();
    for (auto& item : b.items) {
      if (auto* r = std::get_if<GlyphRun>(&item)) {
        if (r->tag == k_untagged) r->tag = current;
      } else if (auto* im = std::get_if<ImageItem>(&item)) {
        if (im->tag == k_untagged) im->tag = current;
      }
    }
    for (auto& item : b.items) {
      auto* l = std::get_if<LinkArea>(&item);
      if (!l || l->tag != k_untagged) continue;
      int parent = -1, link = -1;
      for (auto& other : b.items) {
        auto* r = std::get_if<GlyphRun>(&other);
        if (!r || r->tag < 0 || r->glyphs.empty()) continue;
        const double mid = r->x + (r->glyphs.back().x + r->glyphs.back().advance) / 2;
        if (mid < l->x || mid > l->x + l->width || r->y < l->y || r->y > l->y + l->height) continue;
        if (link < 0) {
          parent = r->tag;
          link = static_cast<int>(m_structure.size());
          m_structure.push_back({"Link", parent, {}});
        }
        if (r->tag == parent) r->tag = link;
      }
      if (link < 0) { // an area over no text (an image link): under the current element
        link = static_cast<int>(m_structure.size());
        m_structure.push_back({"Link", current, {}});
      }
      l->tag = link;
    }
  }
  void begin_block(const style::ComputedStyle& st) {
    if (st.page_break_before == style::PageBreak::always) m_force_next = true;
    add_space(st.margin.top);
    flush_space();
  }
  void end_block(const style::ComputedStyle& st) {
    add_space(st.margin.bottom);
    if (st.page_break_after == style::PageBreak::always) m_force_next = true;
  }

  /// Adds laid-out lines as boxes at x = `x`, applying widow/orphan rules.
  void add_lines(std::vector<Line>& lines, double x, bool keep_together, bool keep_with_next,
                 const std::vector<OutlineEntry>& outline = {},
                 std::vector<Destination> dests = {}) {
    const std::size_t n = lines.size();
    for (std::size_t k = 0; k < n; ++k) {
      Line& line = lines[k];
      VBox b;
      b.height = line.height;
      if (k > 0) b.break_before = !keep_together && k >= 2 && n - k >= 2;
      if (k == 0) {
        b.outline = outline;
        for (auto& d : dests) {
          d.x = x;
          b.items.push_back(d);
        }
        if (!m_marker.empty()) {
          for (auto& r : m_marker) {
            r.x += x;
            r.y += line.baseline;
            b.items.push_back(std::move(r));
          }
          m_marker.clear();
        }
      }
      for (auto& r : line.runs) {
        r.x += x;
        b.items.push_back(std::move(r));
      }
      for (auto& l : line.links) {
        l.x += x;
        b.items.push_back(std::move(l));
      }
      for (auto& r : line.rules) {
        r.x += x;
        b.items.emplace_back(std::in_place_type<Rule>, r);
      }
      for (auto& d : line.anchors) {
        d.x = x;
        b.items.push_back(std::move(d));
      }
      decorate(b);
      push_box(std::move(b));
      if (keep_with_next) m_keep_next = true;
    }
  }

  // ---- inline flattening
  struct InlineState {
    std::string link_uri, link_dest;
    bool hyphenate = true;
    double shift = 0;
    bool underline = false, strike = false;
  };
  void flatten(const model::Inlines& inlines, std::vector<TextSegment>& out,
               const InlineState& state) {
    for (const auto& in : inlines)
      flatten_one(in, out, state);
  }
  void add_text(std::vector<TextSegment>& out, std::string_view text, const InlineState& state,
                const std::string& anchor = {}) {
    const auto& st = m_cascade.compute(m_path);
    FontId f = font_for(st);
    Color c = to_color(st.color);
    if (anchor.empty() && !out.empty()) {
      auto& last = out.back();
      if (!last.hard_break && last.font == f && last.size == st.font_size && last.color == c &&
          last.baseline_shift == state.shift &&
          last.hyphenate == (state.hyphenate && st.hyphens == style::Hyphens::auto_) &&
          last.link_uri == state.link_uri && last.link_destination == state.link_dest &&
          last.underline == state.underline && last.strike == state.strike) {
        last.text += text;
        return;
      }
    }
    TextSegment s;
    s.text = std::string(text);
    s.font = f;
    s.size = st.font_size;
    s.color = c;
    s.baseline_shift = state.shift;
    s.line_height = state.shift != 0 ? 0 : st.font_size * st.line_height;
    s.hyphenate = state.hyphenate && st.hyphens == style::Hyphens::auto_;
    s.link_uri = state.link_uri;
    s.link_destination = state.link_dest;
    s.anchor = anchor;
    s.underline = state.underline;
    s.strike = state.strike;
    out.push_back(std::move(s));
  }
  void flatten_one(const model::Inline& in, std::vector<TextSegment>& out,
                   const InlineState& state) {
    const auto& classes = in.attr.classes;
    if (!in.attr.id.empty()) add_text(out, "", state, in.attr.id);
    std::visit(
        [&](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, model::Text>) {
            add_text(out, v.text, state);
          } else if constexpr (std::is_same_v<T, model::Emphasis>) {
            Scope s(*this, "em", classes);
            flatten(v.content, out, state);
          } else if constexpr (std::is_same_v<T, model::Strong>) {
            Scope s(*this, "strong", classes);
            flatten(v.content, out, state);
          } else if constexpr (std::is_same_v<T, model::Underline>) {
            Scope s(*this, "u", classes);
            InlineState st = state;
            st.underline = true;
            flatten(v.content, out, st);
          } else if constexpr (std::is_same_v<T, model::Strikeout>) {
            Scope s(*this, "s", classes);
            InlineState st = state;
            st.strike = true;
            flatten(v.content, out, st);
          } else if constexpr (std::is_same_v<T, model::Superscript> ||
                               std::is_same_v<T, model::Subscript>) {
            bool sup = std::is_same_v<T, model::Superscript>;
            double parent = m_cascade.compute(m_path).font_size;
            Scope s(*this, sup ? "sup" : "sub", classes);
            InlineState st = state;
            st.shift += sup ? parent * 0.33 : -parent * 0.15;
            flatten(v.content, out, st);
          } else if constexpr (std::is_same_v<T, model::Code>) {
            Scope s(*this, "code", classes);
            InlineState st = state;
            st.hyphenate = false;
            add_text(out, v.text, st);
          } else if constexpr (std::is_same_v<T, model::Link>) {
            Scope s(*this, "a", classes);
            InlineState st = state;
            if (!v.url.empty() && v.url[0] == '#')
              st.link_dest = v.url.substr(1);
            else
              st.link_uri = v.url;
            std::string plain = model::plain_text(v.content);
            if (plain == v.url) st.hyphenate = false; // a bare URL
            flatten(v.content, out, st);
          } else if constexpr (std::is_same_v<T, model::Image>) {
            Scope s(*this, "span", {"image-alt"});
            add_text(out, "[" + (v.alt.empty() ? std::string("image") : v.alt) + "]", state);
          } else if constexpr (std::is_same_v<T, model::LineBreak>) {
            if (out.empty()) add_text(out, "", state);
            out.back().hard_break = true;
          } else if constexpr (std::is_same_v<T, model::SoftBreak>) {
            add_text(out, " ", state);
          } else if constexpr (std::is_same_v<T, model::Note>) {
            int n = static_cast<int>(m_notes.size()) + 1;
            m_notes.push_back(&v);
            m_note_placed.push_back(false);
            double parent = m_cascade.compute(m_path).font_size;
            Scope s(*this, "sup");
            Scope ref(*this, "a", {"noteref"});
            InlineState st = state;
            st.shift += parent * 0.33;
            st.link_uri.clear();
            st.link_dest = "sheaf-note-" + std::to_string(n);
            add_text(out, std::to_string(n), st, "sheaf-noteref-" + std::to_string(n));
          } else if constexpr (std::is_same_v<T, model::Span>) {
            Scope s(*this, "span", classes);
            flatten(v.content, out, state);
          } else if constexpr (std::is_same_v<T, model::RawInline>) {
            // raw markup for another format: nothing to draw
          }
        },
        in.value);
  }

  // ---- blocks
  void paragraph_like(const model::Inlines& content, const std::string& name,
                      const std::vector<std::string>& classes, const model::Attr& attr,
                      const model::SourceSpan& span, const std::vector<TextSegment>& prefix = {}) {
    Scope scope(*this, name, classes);
    const auto st = scope.style(); // copy: the cache may grow
    if (st.display_none) return;
    begin_block(st);
    StructScope tag(*this, role_for(name));
    std::vector<TextSegment> segs = prefix;
    flatten(content, segs, InlineState{});
    bool heading = name.size() == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6';
    double left = m_left + st.margin.left + st.padding.left;
    double width = m_width - st.margin.left - st.margin.right - st.padding.left - st.padding.right;
    if (width < 36) { // too deeply nested to indent further
      left = m_left;
      width = m_width;
    }
    ParagraphSettings ps;
    ps.width = width;
    ps.align = st.text_align;
    if (heading && ps.align == style::TextAlign::justify) ps.align = style::TextAlign::left;
    ps.indent = (name == "p" && m_prev_was_paragraph) ? st.text_indent : 0;
    ps.lazy_hyphenator = st.hyphens == style::Hyphens::auto_ ? m_hyphenator.get() : nullptr;
    ps.line_height = st.font_size * st.line_height;
    auto res = layout_paragraph(segs, ps, m_cache, m_sink, diag::SourceLocation::from(span));
    std::vector<OutlineEntry> outline;
    if (heading) {
      std::string title = util_trim(model::plain_text(content));
      if (!title.empty() && !classes_has(classes, "title") && !m_no_outline)
        outline.push_back({title, name[1] - '0', 0, 0});
    }
    std::vector<Destination> dests;
    if (!attr.id.empty()) dests.push_back({attr.id, 0, 0});
    if (!outline.empty()) { // every heading is a link target (the printed contents use it)
      if (attr.id.empty())
        dests.push_back({"sheaf-heading-" + std::to_string(m_heading_dests.size() + 1), 0, 0});
      m_heading_dests.push_back(dests.back().name);
    }
    bool keep = st.page_break_after == style::PageBreak::avoid; // UA: headings avoid
    if (res.lines.empty() && (!dests.empty() || !m_marker.empty())) {
      Line empty;
      empty.height = m_marker.empty() ? 0 : ps.line_height;
      empty.baseline = empty.height * 0.8;
      res.lines.push_back(std::move(empty));
    }
    add_lines(res.lines, left, st.page_break_inside == style::PageBreak::avoid, keep, outline,
              dests);
    end_block(st);
    m_prev_was_paragraph = name == "p" && classes.empty();
  }
  /// The structure role of a paragraph-like element.
  static std::string role_for(const std::string& name) {
    if (name.size() == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6')
      return "H" + name.substr(1);
    if (name == "caption" || name == "figcaption") return "Caption";
    return "P";
  }
  static bool classes_has(const std::vector<std::string>& c, const char* x) {
    return std::find(c.begin(), c.end(), x) != c.end();
  }
  static std::string util_trim(std::string s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\n'))
      s.pop_back();
    std::size_t i = 0;
    while (i < s.size() && (s[i] == ' ' || s[i] == '\n'))
      ++i;
    return s.substr(i);
  }

  /// Runs `f` with the content region narrowed by the style's margins/padding.
  template <class F> void indented(const style::ComputedStyle& st, F&& f) {
    double save_left = m_left, save_width = m_width;
    // deep nesting stops indenting once the text would get narrower than half an inch
    double inner = m_width - st.margin.left - st.margin.right - st.padding.left - st.padding.right;
    if (inner >= 36) {
      m_left += st.margin.left + st.padding.left;
      m_width = inner;
    }
    f();
    m_left = save_left;
    m_width = save_width;
  }

  void blocks(const model::Blocks& bs) {
    for (const auto& b : bs)
      block(b);
  }

  void block(const model::Block& b) {
    const auto& classes = b.attr.classes;
    std::visit(
        [&](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, model::Paragraph>) {
            if (image_block(v.content, b)) return;
            paragraph_like(v.content, "p", classes, b.attr, b.span);
            return;
          } else if constexpr (std::is_same_v<T, model::Heading>) {
            int level = std::clamp(m_heading_levels.next(v.level), 1, 6);
            paragraph_like(v.content, "h" + std::to_string(level), classes, b.attr, b.span);
          } else if constexpr (std::is_same_v<T, model::BlockQuote>) {
            Scope scope(*this, "blockquote", classes);
            const auto st = scope.style();
            begin_block(st);
            StructScope tag(*this, "BlockQuote");
            anchor_box(b.attr.id);
            double bar_x = m_left + st.margin.left - std::max(6.0, st.font_size * 0.8);
            indented(st, [&] {
              if (st.border_left_width > 0) m_bars.emplace_back(bar_x, st.border_left_width);
              blocks(v.content);
              if (!v.attribution.empty()) {
                std::vector<TextSegment> dash;
                paragraph_like(prefixed(v.attribution), "footer", {"attribution"}, {}, b.span);
              }
              if (st.border_left_width > 0) m_bars.pop_back();
            });
            end_block(st);
          } else if constexpr (std::is_same_v<T, model::List>) {
            list(v, b);
          } else if constexpr (std::is_same_v<T, model::DefinitionList>) {
            Scope scope(*this, "dl", classes);
            const auto st = scope.style();
            begin_block(st);
            StructScope tag(*this, "L");
            anchor_box(b.attr.id);
            for (const auto& item : v.items) {
              StructScope li(*this, "LI");
              {
                StructScope lbl(*this, "Lbl");
                paragraph_like(item.term, "dt", {}, {}, b.span);
              }
              StructScope body(*this, "LBody");
              for (const auto& def : item.definitions) {
                Scope dd(*this, "dd");
                const auto dst = dd.style();
                begin_block(dst);
                indented(dst, [&] { blocks(def); });
                end_block(dst);
              }
            }
            end_block(st);
          } else if constexpr (std::is_same_v<T, model::CodeBlock>) {
            code_block(v, b);
          } else if constexpr (std::is_same_v<T, model::Figure>) {
            Scope scope(*this, "figure", classes);
            const auto st = scope.style();
            begin_block(st);
            StructScope tag(*this, "Figure");
            if (!v.caption.empty()) // the image's alt text replaces this when it has one
              m_structure[tag.id].alt = util_trim(model::plain_text(v.caption));
            std::size_t first = m_boxes.size(); // the anchor moves with the figure
            anchor_box(b.attr.id);
            ++m_figure_depth;
            indented(st, [&] {
              blocks(v.content);
              if (!v.caption.empty()) paragraph_like(v.caption, "figcaption", {}, {}, b.span);
            });
            --m_figure_depth;
            if (keep_boxes_together(m_boxes, first, m_geo.content_height()) && m_figure_depth == 0)
              m_floats.push_back({first, m_boxes.size()});
            end_block(st);
          } else if constexpr (std::is_same_v<T, model::Table>) {
            table(v, b);
          } else if constexpr (std::is_same_v<T, model::ThematicBreak>) {
            Scope scope(*this, "hr", classes);
            const auto st = scope.style();
            begin_block(st);
            VBox box;
            box.height = 1;
            double w = m_width / 3;
            box.items.push_back(Rule{m_left + (m_width - w) / 2, 0.25, w, 0.5, to_color(st.color)});
            decorate(box);
            push_box(std::move(box));
            end_block(st);
            m_prev_was_paragraph = false;
          } else if constexpr (std::is_same_v<T, model::Div>) {
            Scope scope(*this, "div", classes);
            const auto st = scope.style();
            if (st.display_none) return;
            begin_block(st);
            anchor_box(b.attr.id);
            indented(st, [&] { blocks(v.content); });
            end_block(st);
          } else if constexpr (std::is_same_v<T, model::RawBlock>) {
            // markup for another format: nothing to draw
          }
          if constexpr (!std::is_same_v<T, model::Paragraph>) m_prev_was_paragraph = false;
        },
        b.value);
    hand_over();
  }

  /// Gives the boxes set so far to the paginator and finishes the pages that became final.
  /// Not inside a figure (its boxes are kept together once complete) or a footnote (laid out
  /// aside, then attached to the box holding its reference).
  void hand_over() {
    if (m_figure_depth > 0 || m_in_footnote || m_boxes.empty()) return;
    m_paginator.add(std::move(m_boxes), m_floats);
    m_boxes.clear();
    m_floats.clear();
    for (auto& page : m_paginator.take_pages())
      page_done(std::move(page));
  }

  /// Adds the running header and footer to a final page and delivers it.
  void page_done(Page page) {
    const std::size_t index = m_page_count++;
    auto saved_path = std::move(m_path); // running elements are styled from the root
    m_path.clear();
    running_elements(page, index);
    m_path = std::move(saved_path);
    if (m_pages)
      m_pages->page(page, index, m_structure);
    else
      m_tree.pages.push_back(std::move(page));
  }

  /// A table as a grid (see table_layout): cells flattened here, laid out there.
  void table(const model::Table& v, const model::Block& b) {
    Scope scope(*this, "table", b.attr.classes);
    const auto st = scope.style();
    begin_block(st);
    StructScope table_tag(*this, "Table");
    anchor_box(b.attr.id);
    if (!v.caption.empty()) {
      paragraph_like(v.caption, "caption", {}, {}, b.span);
      m_keep_next = true; // caption above, never alone
    }
    TableInput in;
    in.left = m_left;
    in.width = m_width;
    in.columns = v.columns.size();
    in.gap = std::max(4.0, st.font_size * 0.8);
    in.padding = st.font_size * 0.2;
    in.rule_color = to_color(st.color);
    in.max_height = m_geo.content_height();
    in.header_rows = v.head.size();
    for (const auto& c : v.columns)
      in.fractions.push_back(c.width);
    for (const auto* rows : {&v.head, &v.body, &v.foot})
      for (const auto& row : *rows) {
        Scope tr(*this, "tr");
        StructScope tr_tag(*this, "TR");
        std::size_t col = 0;
        for (const auto& cell : row.cells) {
          Scope cs(*this, cell.header || rows == &v.head ? "th" : "td");
          const auto cst = cs.style();
          StructScope cell_tag(*this, cell.header || rows == &v.head ? "TH" : "TD");
          TableCellInput c;
          c.tag = cell_tag.id;
          c.row = in.rows;
          c.col_span = cell.col_span;
          c.row_span = cell.row_span;
          c.header = cell.header;
          c.line_height = cst.font_size * cst.line_height;
          c.hyphenate = cst.hyphens == style::Hyphens::auto_;
          model::Alignment a = cell.align;
          if (a == model::Alignment::default_ && col < v.columns.size()) a = v.columns[col].align;
          c.align = a == model::Alignment::center  ? style::TextAlign::center
                    : a == model::Alignment::right ? style::TextAlign::right
                    : a == model::Alignment::left  ? style::TextAlign::left
                                                   : cst.text_align;
          InlineState state;
          state.hyphenate = c.hyphenate;
          std::string lead;
          cell_paragraphs(cell.content, state, c.paragraphs, lead);
          in.cells.push_back(std::move(c));
          col += static_cast<std::size_t>(std::max(1, cell.col_span));
        }
        in.columns = std::max(in.columns, col);
        ++in.rows;
      }
    auto res =
        layout_table(in, m_cache, m_hyphenator.get(), m_sink, diag::SourceLocation::from(b.span));
    for (auto& box : res.boxes) {
      decorate(box);
      push_box(std::move(box));
    }
    end_block(st);
  }

  /// The blocks of a table cell as the cell's paragraphs: paragraphs and headings as they
  /// are; each list item a paragraph opened by its marker (nested items add their marker after
  /// an em space per level); each code line a paragraph in the code font; quotes, divs, figures and
  /// definition lists by their blocks; a nested table as its plain text. `lead` (a marker) is
  /// put before the next paragraph made, then cleared.
  void cell_paragraphs(const model::Blocks& bs, const InlineState& state,
                       std::vector<std::vector<TextSegment>>& out, std::string& lead) {
    auto start = [&](std::vector<TextSegment>& segs) {
      if (lead.empty()) return;
      InlineState plain = state;
      plain.hyphenate = false;
      add_text(segs, lead, plain);
      lead.clear();
    };
    for (const auto& cb : bs) {
      std::visit(
          [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            std::vector<TextSegment> segs;
            if constexpr (std::is_same_v<T, model::Paragraph>) {
              start(segs);
              flatten(v.content, segs, state);
              out.push_back(std::move(segs));
            } else if constexpr (std::is_same_v<T, model::Heading>) {
              Scope strong(*this, "strong");
              start(segs);
              flatten(v.content, segs, state);
              out.push_back(std::move(segs));
            } else if constexpr (std::is_same_v<T, model::List>) {
              std::string indent; // nested lists: an em space per level
              for (int d = 0; d < m_cell_list_depth; ++d)
                indent += "\u2003";
              ++m_cell_list_depth;
              int n = v.start;
              for (const auto& item : v.items) {
                std::string marker = v.kind == model::ListKind::ordered ? std::to_string(n++) + ". "
                                                                        : std::string("\u2022 ");
                if (item.checked) marker = *item.checked ? "\u2611 " : "\u2610 ";
                lead = lead + indent + marker;
                cell_paragraphs(item.content, state, out, lead);
                lead.clear();
              }
              --m_cell_list_depth;
            } else if constexpr (std::is_same_v<T, model::CodeBlock>) {
              Scope code(*this, "code");
              InlineState st = state;
              st.hyphenate = false;
              std::size_t pos = 0;
              while (pos <= v.text.size()) {
                std::size_t nl = v.text.find('\n', pos);
                if (nl == std::string::npos) nl = v.text.size();
                std::vector<TextSegment> line;
                start(line);
                add_text(line, std::string_view(v.text).substr(pos, nl - pos), st);
                out.push_back(std::move(line));
                pos = nl + 1;
              }
            } else if constexpr (std::is_same_v<T, model::BlockQuote> ||
                                 std::is_same_v<T, model::Div>) {
              cell_paragraphs(v.content, state, out, lead);
            } else if constexpr (std::is_same_v<T, model::Figure>) {
              cell_paragraphs(v.content, state, out, lead);
              if (!v.caption.empty()) {
                flatten(v.caption, segs, state);
                out.push_back(std::move(segs));
              }
            } else if constexpr (std::is_same_v<T, model::DefinitionList>) {
              for (const auto& item : v.items) {
                {
                  Scope strong(*this, "strong");
                  std::vector<TextSegment> term;
                  start(term);
                  flatten(item.term, term, state);
                  out.push_back(std::move(term));
                }
                for (const auto& def : item.definitions)
                  cell_paragraphs(def, state, out, lead);
              }
            } else if constexpr (std::is_same_v<T, model::Table>) {
              start(segs);
              model::Blocks one{cb};
              add_text(segs, model::plain_text(one), state);
              out.push_back(std::move(segs));
            }
            // thematic breaks and raw blocks: nothing to set
          },
          cb.value);
    }
  }

  /// A paragraph that is one drawable image becomes an image box centred in the column,
  /// scaled to fit it and the page; returns false when `content` is not such an image.
  bool image_block(const model::Inlines& content, const model::Block& b) {
    std::string url;
    const model::Image* img = lone_image(content, url);
    if (!img || img->resource.empty()) return false; // remote images: alt text
    const model::Resource* res = m_doc.resources.find(img->resource);
    if (!image_drawable(res)) {
      const std::string shown =
          img->url.rfind("data:", 0) == 0 ? std::string("data: URI") : img->url;
      m_sink.emit("unsupported-image",
                  "image " + shown + " (" + (res ? res->media_type : std::string("missing")) +
                      ") cannot be drawn in PDF; its alt text is set instead",
                  diag::SourceLocation::from(b.span));
      return false;
    }
    auto bad = m_unreadable.find(img->resource);
    if (bad != m_unreadable.end()) {
      m_sink.emit("image-unreadable",
                  "image " + (res->name_hint.empty() ? img->url : res->name_hint) +
                      " cannot be decoded (" + bad->second + "); its alt text is set instead",
                  diag::SourceLocation::from(b.span));
      return false;
    }
    Scope scope(*this, "p", b.attr.classes);
    const auto st = scope.style();
    if (st.display_none) return true;
    begin_block(st);
    ImageSize size = fit_image(*img, *res, m_width, m_geo.content_height());
    VBox box;
    box.height = size.height;
    const double x = m_left + (m_width - size.width) / 2;
    if (!b.attr.id.empty()) box.items.push_back(Destination{b.attr.id, m_left, 0});
    ImageItem item{img->resource, x, 0, size.width, size.height, img->alt};
    if (!m_structure[current_struct()].role.compare("Figure") && m_figure_depth > 0 &&
        !img->alt.empty()) {
      m_structure[current_struct()].alt = img->alt; // the figure's own image
    } else if (!img->alt.empty()) {
      item.tag = static_cast<int>(m_structure.size());
      m_structure.push_back({"Figure", current_struct(), img->alt});
    } else if (m_figure_depth == 0) {
      item.tag = k_artifact; // alt="": decorative
    }
    box.items.push_back(std::move(item));
    if (!url.empty()) {
      LinkArea link{x, 0, size.width, size.height, {}, {}};
      if (url[0] == '#')
        link.destination = url.substr(1);
      else
        link.uri = url;
      box.items.push_back(std::move(link));
    }
    decorate(box);
    const std::size_t at = m_boxes.size();
    push_box(std::move(box));
    if (m_figure_depth == 0) m_floats.push_back({at, at + 1});
    end_block(st);
    m_prev_was_paragraph = false;
    return true;
  }

  /// The printed table of contents (when asked): a title and one line per heading with a
  /// dot leader and the page number, each linked to its heading; the text starts on a new page.
  void toc_section() {
    if (!m_toc || m_toc->empty()) return;
    StructScope tag(*this, "TOC");
    m_no_outline = true;
    model::Inlines title(1);
    title[0].value = model::Text{"Contents"};
    paragraph_like(title, "h2", {"toc-title"}, {}, {});
    m_no_outline = false;
    for (const auto& e : *m_toc)
      toc_line(e);
    m_force_next = true;
    m_prev_was_paragraph = false;
  }

  void toc_line(const TocEntry& e) {
    Scope scope(*this, "p", {"toc-entry"});
    const auto st = scope.style();
    begin_block(st);
    StructScope tag(*this, "TOCI");
    const double indent = std::min((e.level - 1) * st.font_size * 1.5, m_width / 3);
    std::vector<GlyphRun> reserve_runs, dot_runs;
    const double reserve = shaped_runs("0000", st, 1.0, reserve_runs);
    const double dot_w = shaped_runs(".", st, 1.0, dot_runs);
    std::vector<TextSegment> segs;
    InlineState is;
    is.link_dest = e.destination;
    Scope a(*this, "span", {"toc-text"});
    add_text(segs, e.title, is);
    ParagraphSettings ps;
    ps.width = std::max(36.0, m_width - indent - reserve - dot_w * 2);
    ps.align = style::TextAlign::left;
    ps.line_height = st.font_size * st.line_height;
    auto res = layout_paragraph(segs, ps, m_cache, m_sink, {});
    if (res.lines.empty()) return;
    Line& last = res.lines.back();
    std::vector<GlyphRun> num_runs;
    const double num_w = shaped_runs(e.page, st, 1.0, num_runs);
    const double num_x = m_width - indent - num_w;
    for (auto& r : num_runs) {
      r.x += num_x;
      r.y = last.baseline;
      last.runs.push_back(std::move(r));
    }
    if (!dot_runs.empty()) {
      GlyphRun dots = leader_dots(dot_runs.front(), dot_w, dot_w * 2.5, last.width + dot_w,
                                  num_x - dot_w, last.baseline);
      dots.tag = k_artifact;
      if (!dots.glyphs.empty()) last.runs.push_back(std::move(dots));
    }
    if (!e.page.empty())
      last.links.push_back(LinkArea{num_x, 0, num_w, last.height, {}, e.destination});
    add_lines(res.lines, m_left + indent, true, false);
    end_block(st);
  }

  model::Inlines prefixed(const model::Inlines& in) {
    model::Inlines out;
    model::Inline dash;
    dash.value = model::Text{"\u2014 "};
    out.push_back(dash);
    out.insert(out.end(), in.begin(), in.end());
    return out;
  }

  void anchor_box(const std::string& id) {
    if (id.empty()) return;
    VBox box;
    box.height = 0;
    box.items.push_back(Destination{id, m_left, 0});
    push_box(std::move(box));
  }

  void list(const model::List& v, const model::Block& b) {
    bool ordered = v.kind == model::ListKind::ordered;
    Scope scope(*this, ordered ? "ol" : "ul", b.attr.classes);
    const auto st = scope.style();
    begin_block(st);
    StructScope tag(*this, "L");
    anchor_box(b.attr.id);
    ++m_list_depth;
    indented(st, [&] {
      int n = v.start;
      int count = static_cast<int>(v.items.size());
      for (std::size_t i = 0; i < v.items.size(); ++i) {
        const auto& item = v.items[i];
        int number = v.reversed ? v.start + count - 1 - static_cast<int>(i) : n++;
        Scope li(*this, "li");
        const auto lst = li.style();
        begin_block(lst);
        StructScope li_tag(*this, "LI");
        std::string marker;
        const std::string& lst_type = st.list_style_type;
        model::NumberStyle number_style = v.style;
        if (lst_type == "decimal")
          number_style = model::NumberStyle::decimal;
        else if (lst_type == "lower-alpha" || lst_type == "lower-latin")
          number_style = model::NumberStyle::lower_alpha;
        else if (lst_type == "upper-alpha" || lst_type == "upper-latin")
          number_style = model::NumberStyle::upper_alpha;
        else if (lst_type == "lower-roman")
          number_style = model::NumberStyle::lower_roman;
        else if (lst_type == "upper-roman")
          number_style = model::NumberStyle::upper_roman;
        if (item.checked)
          marker = *item.checked ? "\u2611" : "\u2610";
        else if (lst_type == "none")
          marker.clear();
        else if (lst_type == "disc")
          marker = "\u2022";
        else if (lst_type == "circle")
          marker = "\u25E6";
        else if (lst_type == "square")
          marker = "\u25AA";
        else if (ordered || number_style != v.style || lst_type == "decimal") {
          switch (number_style) {
          case model::NumberStyle::lower_alpha:
            marker = alpha(number, false);
            break;
          case model::NumberStyle::upper_alpha:
            marker = alpha(number, true);
            break;
          case model::NumberStyle::lower_roman:
            marker = roman(number, false);
            break;
          case model::NumberStyle::upper_roman:
            marker = roman(number, true);
            break;
          default:
            marker = std::to_string(number);
          }
          marker += ".";
        } else {
          static const char* const k_bullets[] = {"\u2022", "\u2013", "\u25E6"};
          marker = k_bullets[(m_list_depth - 1) % 3];
        }
        if (!marker.empty()) {
          make_marker(marker, lst);
          const int lbl = open_struct("Lbl");
          close_struct();
          for (auto& r : m_marker)
            r.tag = lbl;
        }
        StructScope body(*this, "LBody");
        indented(lst, [&] { blocks(item.content); });
        if (!m_marker.empty()) { // an empty item: its marker alone
          std::vector<Line> lines(1);
          lines[0].height = lst.font_size * lst.line_height;
          lines[0].baseline = lines[0].height * 0.75;
          add_lines(lines, m_left, false, false);
        }
        end_block(lst);
      }
    });
    --m_list_depth;
    end_block(st);
  }

  /// Shapes a short text into runs (one per face: fallback glyphs get their own run), with
  /// x relative to the text start; returns the total advance.
  double shaped_runs(const std::string& text, const style::ComputedStyle& st, double scale,
                     std::vector<GlyphRun>& out) {
    FontId f = font_for(st);
    const auto& w = m_cache.word(f, text, false);
    const double size = st.font_size * scale;
    double x = 0;
    GlyphRun* run = nullptr;
    for (const auto& g : w.glyphs) {
      if (!run || run->font != g.font) {
        out.emplace_back();
        run = &out.back();
        run->font = g.font;
        run->size = size;
        run->color = to_color(st.color);
        run->x = x;
      }
      PlacedGlyph pg;
      pg.glyph = g.glyph;
      pg.x = x - run->x + g.x_offset * size;
      pg.y_offset = g.y_offset * size;
      pg.advance = g.advance * size;
      if (g.text_len) pg.text = text.substr(g.cluster, g.text_len);
      run->glyphs.push_back(std::move(pg));
      x += g.advance * size;
    }
    return x;
  }

  void make_marker(const std::string& text, const style::ComputedStyle& st) {
    m_marker.clear();
    double w = shaped_runs(text, st, 1.0, m_marker);
    for (auto& r : m_marker) {
      r.x += -w - st.font_size * 0.5;
      r.y = 0;
    }
  }

  /// A code block: lines kept as typed (tabs every 4 columns). A block whose longest line is
  /// wider than the column is set smaller (down to k_min_code_scale); lines still too long
  /// wrap after their last space that fits (inside a word only when there is none), and the
  /// continuation starts with a drawn ↪ mark that extraction skips.
  void code_block(const model::CodeBlock& v, const model::Block& b) {
    Scope scope(*this, "pre", b.attr.classes);
    Scope code(*this, "code");
    auto st = code.style(); // copy: the size may shrink
    begin_block(st);
    StructScope tag(*this, "Code");
    anchor_box(b.attr.id);
    FontId f = font_for(st);
    const double width = m_width;
    std::vector<std::string> texts;
    std::size_t pos = 0;
    std::string_view text = v.text;
    while (pos <= text.size()) {
      std::size_t nl = text.find('\n', pos);
      std::string_view raw = text.substr(pos, nl == std::string_view::npos ? text.npos : nl - pos);
      pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
      std::string line_text;
      std::size_t col = 0;
      for (char c : raw) {
        if (c == '\t') {
          do
            line_text += ' ';
          while (++col % 4);
        } else if (c != '\r') {
          line_text += c;
          if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++col;
        }
      }
      texts.push_back(std::move(line_text));
    }
    double longest = 0; // in ems
    for (const auto& t : texts) {
      double w = 0;
      for (const auto& fg : m_cache.word(f, t, false).glyphs)
        w += fg.advance;
      longest = std::max(longest, w);
    }
    if (longest * st.font_size > width && longest > 0)
      st.font_size = std::max(st.font_size * k_min_code_scale, width / longest);
    const double size = st.font_size;
    const double lh = size * st.line_height;
    const auto& metrics = m_cache.metrics(f);
    std::vector<Line> lines;
    for (const auto& line_text : texts) {
      const auto& w = m_cache.word(f, line_text, false);
      auto is_space = [&](std::size_t i) {
        const auto& fg = w.glyphs[i];
        return fg.text_len == 1 && line_text[fg.cluster] == ' ';
      };
      std::size_t g = 0;
      bool cont = false;
      do {
        Line line;
        line.height = lh;
        line.baseline =
            (lh - (metrics.ascender - metrics.descender) * size) / 2 + metrics.ascender * size;
        double x = 0;
        if (cont) { // continuation mark: drawn, but no source text (extraction skips it)
          std::vector<GlyphRun> mark_runs;
          x = shaped_runs("\u21AA ", st, 1.0, mark_runs);
          for (auto& mr : mark_runs) {
            for (auto& pg : mr.glyphs)
              pg.text.clear();
            mr.y = line.baseline;
            mr.tag = k_artifact;
            line.runs.push_back(std::move(mr));
          }
        }
        // the glyphs [g, end) that fit; prefer to end after a space following visible text
        const double start_x = x;
        std::size_t end = g, after_space = 0;
        bool seen_ink = false;
        for (double fx = x; end < w.glyphs.size(); ++end) {
          const double adv = w.glyphs[end].advance * size;
          if (end > g && fx + adv > width + 1e-6) break;
          fx += adv;
          if (is_space(end)) {
            if (seen_ink) after_space = end + 1;
          } else {
            seen_ink = true;
          }
        }
        if (end < w.glyphs.size() && after_space > g && !is_space(end)) end = after_space;
        GlyphRun run;
        run.font = f;
        run.size = size;
        run.color = to_color(st.color);
        run.y = line.baseline;
        run.x = start_x;
        for (; g < end; ++g) {
          const auto& fg = w.glyphs[g];
          const double adv = fg.advance * size;
          PlacedGlyph pg;
          pg.glyph = fg.glyph;
          pg.x = x + fg.x_offset * size;
          pg.y_offset = fg.y_offset * size;
          pg.advance = adv;
          if (fg.text_len) pg.text = line_text.substr(fg.cluster, fg.text_len);
          if (fg.font != run.font) { // fallback face: start a new run
            if (!run.glyphs.empty()) line.runs.push_back(run);
            run.glyphs.clear();
            run.font = fg.font;
            run.x = x;
          }
          pg.x -= run.x;
          run.glyphs.push_back(std::move(pg));
          x += adv;
        }
        while (g < w.glyphs.size() && is_space(g)) // spaces at a wrap vanish
          ++g;
        if (!run.glyphs.empty()) line.runs.push_back(std::move(run));
        line.width = x;
        lines.push_back(std::move(line));
        cont = true;
      } while (g < w.glyphs.size());
    }
    add_lines(lines, m_left, false, false);
    end_block(st);
    m_prev_was_paragraph = false;
  }
  void title_block() {
    const auto& m = m_doc.meta;
    if (m.title.empty()) return;
    Scope scope(*this, "section", {"titlepage"});
    const auto st = scope.style();
    begin_block(st);
    auto text = [](const std::string& s) {
      model::Inlines in(1);
      in[0].value = model::Text{s};
      return in;
    };
    model::SourceSpan none;
    paragraph_like(text(m.title), "h1", {"title"}, {}, none);
    if (!m.subtitle.empty()) paragraph_like(text(m.subtitle), "p", {"subtitle"}, {}, none);
    std::string authors;
    for (std::size_t i = 0; i < m.authors.size(); ++i)
      authors += (i ? (i + 1 == m.authors.size() ? " and " : ", ") : "") + m.authors[i];
    if (!authors.empty()) paragraph_like(text(authors), "p", {"author"}, {}, none);
    if (!m.date.empty()) paragraph_like(text(m.date), "p", {"date"}, {}, none);
    if (!m.source_url.empty()) {
      model::Inlines in(1);
      model::Link link;
      link.url = m.source_url;
      link.content = text(m.source_url);
      in[0].value = std::move(link);
      paragraph_like(in, "p", {"source"}, {}, none);
    }
    end_block(st);
    m_keep_next = false;
    m_prev_was_paragraph = false;
  }

  /// Footnotes left for the end (notes inside notes): a Notes section.
  void notes_section() {
    bool any = false;
    for (std::size_t i = 0; i < m_notes.size(); ++i)
      any = any || !m_note_placed[i];
    if (!any) return;
    Scope scope(*this, "section", {"footnotes"});
    model::Inlines title(1);
    title[0].value = model::Text{"Notes"};
    paragraph_like(title, "h2", {"footnotes-title"}, {}, {});
    // notes may contain notes: the list can grow while we walk it
    for (std::size_t i = 0; i < m_notes.size(); ++i)
      if (!m_note_placed[i]) {
        StructScope tag(*this, "Note");
        note_body(i);
      }
  }

  /// Lays out note `i` (0-based) as blocks at the current position.
  void note_body(std::size_t i) {
    const model::Note* note = m_notes[i];
    Scope aside(*this, "aside", {"footnote"});
    int n = static_cast<int>(i) + 1;
    std::vector<TextSegment> prefix;
    {
      Scope p(*this, "p");
      const auto& st = p.style();
      TextSegment s;
      s.text = std::to_string(n) + ". ";
      s.font = font_for(st);
      s.size = st.font_size;
      s.color = to_color(st.color);
      s.link_destination = "sheaf-noteref-" + std::to_string(n);
      s.anchor = "sheaf-note-" + std::to_string(n);
      prefix.push_back(std::move(s));
    }
    bool first = true;
    for (const auto& b : note->content) {
      if (first && std::holds_alternative<model::Paragraph>(b.value)) {
        paragraph_like(std::get<model::Paragraph>(b.value).content, "p", {}, b.attr, b.span,
                       prefix);
      } else {
        if (first) paragraph_like({}, "p", {}, {}, b.span, prefix);
        block(b);
      }
      first = false;
    }
    if (note->content.empty()) paragraph_like({}, "p", {}, {}, {}, prefix);
  }

  /// Footnote `n` (1-based) laid out for the page foot: boxes with y relative to their top.
  std::vector<VBox> footnote_boxes(std::size_t n) {
    std::vector<VBox> out;
    if (n == 0 || n > m_notes.size() || m_note_placed[n - 1] || m_in_footnote) return out;
    m_note_placed[n - 1] = true;
    // a fresh layout context: page text width, style path of section.footnotes
    auto saved_boxes = std::move(m_boxes);
    auto saved_path = std::move(m_path);
    auto saved_bars = std::move(m_bars);
    auto saved_marker = std::move(m_marker);
    auto saved_floats = std::move(m_floats); // indices into m_boxes: not in a note
    m_floats.clear();
    const double saved_left = m_left, saved_width = m_width, saved_space = m_pending_space;
    const bool saved_keep = m_keep_next, saved_force = m_force_next,
               saved_prev = m_prev_was_paragraph;
    m_boxes.clear();
    m_path.clear();
    m_bars.clear();
    m_marker.clear();
    m_left = m_geo.left;
    m_width = m_geo.content_width();
    m_pending_space = 0;
    m_keep_next = m_force_next = m_prev_was_paragraph = false;
    m_in_footnote = true;
    {
      Scope section(*this, "section", {"footnotes"});
      StructScope tag(*this, "Note"); // under the element that holds the reference
      note_body(n - 1);
    }
    m_in_footnote = false;
    for (auto& b : m_boxes)
      if (!b.discardable) out.push_back(std::move(b));
    m_boxes = std::move(saved_boxes);
    m_path = std::move(saved_path);
    m_bars = std::move(saved_bars);
    m_marker = std::move(saved_marker);
    m_floats = std::move(saved_floats);
    m_left = saved_left;
    m_width = saved_width;
    m_pending_space = saved_space;
    m_keep_next = saved_keep;
    m_force_next = saved_force;
    m_prev_was_paragraph = saved_prev;
    return out;
  }

  /// Attaches the footnotes referenced in `box` (by their noteref anchors) to it.
  void attach_footnotes(VBox& box) {
    static const std::string k_prefix = "sheaf-noteref-";
    std::vector<std::size_t> refs;
    for (const auto& item : box.items)
      if (const auto* d = std::get_if<Destination>(&item))
        if (d->name.compare(0, k_prefix.size(), k_prefix) == 0)
          refs.push_back(std::stoul(d->name.substr(k_prefix.size())));
    for (std::size_t n : refs)
      for (auto& nb : footnote_boxes(n))
        box.notes.push_back(std::move(nb));
  }

  void running_elements(Page& page, std::size_t p) {
    if (!m_running_head_known) {
      const auto& m = m_doc.meta;
      auto given = m.extra.find("short-title");
      m_running_head = given != m.extra.end() ? given->second : running_title(m.title);
      m_running_head_known = true;
    }
    const std::string& head = m_running_head;
    {
      Scope s(*this, "div", {"running-footer"});
      const auto st = s.style();
      std::string num = std::to_string(p + 1);
      add_centered(page, num, st, page.height - m_geo.bottom / 2);
    }
    if (p > 0 && !head.empty()) {
      Scope s(*this, "div", {"running-header"});
      const auto st = s.style();
      add_centered(page, head, st, m_geo.top / 2);
    }
  }

  void add_centered(Page& page, const std::string& text, const style::ComputedStyle& st,
                    double baseline) {
    std::vector<GlyphRun> runs;
    double w = shaped_runs(text, st, 1.0, runs);
    double avail = m_geo.content_width();
    if (w > avail && w > 0) { // too long for one line: set it smaller
      runs.clear();
      w = shaped_runs(text, st, avail / w, runs);
    }
    for (auto& r : runs) {
      r.x += m_geo.left + (avail - w) / 2;
      r.y = baseline;
      page.items.emplace_back(std::in_place_type<GlyphRun>, std::move(r));
    }
  }

  const model::Document& m_doc;
  style::Cascade& m_cascade;
  FontProvider& m_fonts;
  PageGeometry m_geo;
  const std::map<std::string, std::string>& m_unreadable; ///< undecodable images -> reason
  diag::DiagnosticSink& m_sink;
  ShapeCache m_cache;
  std::unique_ptr<LazyHyphenator> m_hyphenator;
  std::vector<style::Element> m_path;
  transform::HeadingLevels m_heading_levels; ///< levels never skip (tags, outline, styles)
  std::map<std::string, FontId> m_font_ids;
  std::vector<VBox> m_boxes; ///< boxes of the block being set, not yet given to m_paginator
  double m_left = 0, m_width = 0;
  double m_pending_space = 0;
  bool m_keep_next = false, m_force_next = false, m_prev_was_paragraph = false;
  std::vector<std::pair<double, double>> m_bars; ///< quote bars: x, width
  std::vector<GlyphRun> m_marker;                ///< list marker waiting for its first line
  int m_list_depth = 0;
  std::vector<const model::Note*> m_notes;
  std::vector<bool> m_note_placed; ///< the note went to a page foot
  bool m_in_footnote = false;
  const std::vector<TocEntry>* m_toc = nullptr; ///< printed contents to set, or nullptr
  std::vector<std::string> m_heading_dests;     ///< destination of each outline entry
  bool m_no_outline = false;
  std::vector<FloatRange> m_floats; ///< block images and figures that may float
  int m_figure_depth = 0;
  int m_cell_list_depth = 0;              ///< lists open inside the current table cell
  std::vector<StructElement> m_structure; ///< element 0: the Document
  std::vector<int> m_struct_stack;        ///< open elements, innermost last
  PageSink* m_pages = nullptr;            ///< where final pages go (or m_tree.pages)
  PageTree m_tree;                        ///< outline (and the pages when not streamed)
  Paginator m_paginator;                  ///< fills pages as blocks are handed over
  std::size_t m_page_count = 0;           ///< pages finished so far
  std::string m_running_head;             ///< header text from page 2
  bool m_running_head_known = false;
  static constexpr double k_min_code_scale = 0.75; ///< smallest code size, as a fraction
  static constexpr double k_min_float_gap = 24;    ///< smaller gaps are not worth filling ///<
                                                   ///< headings set now stay out of the outline
};

/// Parses a margin option: 1–4 CSS lengths.
bool parse_margins(std::string_view text, style::Edges& e) {
  std::vector<double> v;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == ','))
      ++i;
    std::size_t j = i;
    while (j < text.size() && text[j] != ' ' && text[j] != ',')
      ++j;
    if (j > i) {
      double x = 0;
      if (!style::parse_length(text.substr(i, j - i), 12, 12, x) || x < 0) return false;
      v.push_back(x);
    }
    i = j;
  }
  if (v.empty() || v.size() > 4) return false;
  e.top = v[0];
  e.right = v.size() > 1 ? v[1] : v[0];
  e.bottom = v.size() > 2 ? v[2] : v[0];
  e.left = v.size() > 3 ? v[3] : e.right;
  return true;
}

} // namespace

PageTree typeset(const model::Document& doc, const style::Stylesheet& sheet, FontProvider& fonts,
                 const TypesetOptions& options, diag::DiagnosticSink& sink, PageSink* pages) {
  diag::NullSink quiet;
  style::Stylesheet full = style::parse_css(k_ua_css, quiet, "user-agent.css");
  full.append(sheet);
  PageGeometry geo;
  geo.width = full.page.width;
  geo.height = full.page.height;
  geo.top = full.page.margin.top;
  geo.right = full.page.margin.right;
  geo.bottom = full.page.margin.bottom;
  geo.left = full.page.margin.left;
  if (!options.paper.empty() && !style::parse_paper(options.paper, geo.width, geo.height))
    throw diag::Error(diag::ErrorKind::usage, "bad-paper",
                      "unknown paper size '" + options.paper + "' (a4, letter, a5 or WxH)");
  if (!options.margin.empty()) {
    style::Edges e;
    if (!parse_margins(options.margin, e))
      throw diag::Error(diag::ErrorKind::usage, "bad-margin",
                        "bad margin '" + options.margin + "'");
    geo.top = e.top;
    geo.right = e.right;
    geo.bottom = e.bottom;
    geo.left = e.left;
  }
  // keep at least a 2-inch-wide, 2-inch-tall text area
  if (geo.content_width() < 144) geo.left = geo.right = std::max(0.0, (geo.width - 144) / 2);
  if (geo.content_height() < 144) geo.top = geo.bottom = std::max(0.0, (geo.height - 144) / 2);
  style::Cascade cascade(std::move(full));
  PageTree tree;
  if (options.toc) {
    // multi-pass layout: learn the heading pages, then set the contents with them until the
    // pages no longer move. The trial passes keep no pages (a sink that drops them); the
    // pass that is kept runs once more with the real sink and reports its diagnostics.
    struct DropPages : PageSink {
      void page(const Page&, std::size_t, const std::vector<StructElement>&) override {}
    } drop;
    std::vector<TocEntry> toc;
    {
      diag::NullSink silent;
      Typesetter first(doc, cascade, fonts, geo, options.unreadable_images, silent, &drop);
      PageTree plain = first.run();
      toc = toc_entries(plain.outline, first.heading_destinations());
    }
    for (auto& e : toc)
      e.page = "0";
    bool settled = false;
    for (int pass = 0; pass < 4 && !toc.empty() && !settled; ++pass) {
      diag::NullSink silent;
      Typesetter t(doc, cascade, fonts, geo, options.unreadable_images, silent, &drop, &toc);
      PageTree trial = t.run();
      auto next = toc_entries(trial.outline, t.heading_destinations());
      settled = same_pages(next, toc);
      if (!settled) toc = std::move(next);
    }
    // settled: this pass repeats the last trial exactly (same contents, same pages)
    Typesetter t(doc, cascade, fonts, geo, options.unreadable_images, sink, pages, &toc);
    tree = t.run();
  } else {
    Typesetter t(doc, cascade, fonts, geo, options.unreadable_images, sink, pages);
    tree = t.run();
  }
  tree.info.title = doc.meta.title;
  tree.info.subject = doc.meta.description;
  for (std::size_t i = 0; i < doc.meta.keywords.size(); ++i)
    tree.info.keywords += (i ? ", " : "") + doc.meta.keywords[i];
  tree.info.language = doc.meta.language;
  tree.info.authors = doc.meta.authors;
  tree.info.epoch = options.source_date_epoch < 0 ? 0 : options.source_date_epoch;
  return tree;
}

} // namespace sheaf::layout
