// Walks a cmark-gfm syntax tree into a DocumentBuilder.

#include "readers/markdown/cmark_walker.hpp"

#include "readers/html/html_fragment.hpp"
#include "util/url.hpp"

#include <cctype>
#include <cmark-gfm-core-extensions.h>
#include <cstdlib>
#include <cstring>

namespace sheaf::readers {
namespace {

bool is_type(cmark_node* node, const char* name) {
  const char* t = cmark_node_get_type_string(node);
  return t && std::strcmp(t, name) == 0;
}

/// Leaf nodes get only an enter event from cmark's iterator.
bool is_leaf(cmark_node_type t) {
  switch (t) {
  case CMARK_NODE_HTML_BLOCK:
  case CMARK_NODE_THEMATIC_BREAK:
  case CMARK_NODE_CODE_BLOCK:
  case CMARK_NODE_TEXT:
  case CMARK_NODE_SOFTBREAK:
  case CMARK_NODE_LINEBREAK:
  case CMARK_NODE_CODE:
  case CMARK_NODE_HTML_INLINE:
    return true;
  default:
    return false;
  }
}

/// Footnotes nested deeper than this (a note referring to a note …) stay as text.
constexpr std::size_t max_note_nesting = 8;
/// Containers (quotes, lists, emphasis, links…) nested deeper than this are flattened into
/// their parent, so pathological input cannot build a tree too deep for recursive consumers.
constexpr std::size_t max_nesting = 48;

/// Containers that are flattened beyond max_nesting (paragraphs, headings and tables stay).
bool is_nesting_container(cmark_node* node, cmark_node_type t) {
  switch (t) {
  case CMARK_NODE_BLOCK_QUOTE:
  case CMARK_NODE_LIST:
  case CMARK_NODE_ITEM:
  case CMARK_NODE_EMPH:
  case CMARK_NODE_STRONG:
  case CMARK_NODE_LINK:
    return true;
  default:
    return is_type(node, "strikethrough");
  }
}

/// True for an inline HTML chunk that is a whole element by itself (<img …>, <wbr>).
bool is_void_element(std::string_view html) {
  for (std::string_view name : {"img", "wbr"}) {
    if (html.size() <= name.size() + 1 || html[0] != '<') continue;
    bool same = true;
    for (std::size_t i = 0; i < name.size(); ++i)
      same = same && std::tolower(static_cast<unsigned char>(html[i + 1])) == name[i];
    char after = html[name.size() + 1];
    if (same && (after == ' ' || after == '\t' || after == '\n' || after == '/' || after == '>'))
      return true;
  }
  return false;
}

std::string str(const char* s) {
  return s ? std::string(s) : std::string();
}

/// Plain text of a subtree (image alt text): literals, breaks as spaces.
std::string plain_text_of(cmark_node* root) {
  std::string out;
  cmark_iter* it = cmark_iter_new(root);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    if (ev != CMARK_EVENT_ENTER) continue;
    cmark_node* n = cmark_iter_get_node(it);
    cmark_node_type t = cmark_node_get_type(n);
    if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE)
      out += str(cmark_node_get_literal(n));
    else if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK)
      out += ' ';
  }
  cmark_iter_free(it);
  return out;
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n';
}

/// Remove a trailing `{#id .class key=value}` from `text` into `attr`; false if there is none
/// or it is not a well-formed attribute list.
bool take_attribute_suffix(std::string& text, model::Attr& attr) {
  std::size_t end = text.size();
  while (end > 0 && is_space(text[end - 1]))
    --end;
  if (end == 0 || text[end - 1] != '}') return false;
  std::size_t open = text.rfind('{', end - 1);
  if (open == std::string::npos) return false;
  std::string inside = text.substr(open + 1, end - open - 2);
  model::Attr parsed;
  std::size_t i = 0;
  int tokens = 0;
  while (i < inside.size()) {
    while (i < inside.size() && is_space(inside[i]))
      ++i;
    if (i >= inside.size()) break;
    std::size_t b = i;
    while (i < inside.size() && !is_space(inside[i]))
      ++i;
    std::string tok = inside.substr(b, i - b);
    ++tokens;
    if (tok.size() > 1 && tok[0] == '#') {
      parsed.id = tok.substr(1);
    } else if (tok.size() > 1 && tok[0] == '.') {
      parsed.classes.push_back(tok.substr(1));
    } else if (tok == "-") {
      parsed.classes.push_back("unnumbered");
    } else if (std::size_t eq = tok.find('='); eq != std::string::npos && eq > 0) {
      std::string value = tok.substr(eq + 1);
      if (value.size() >= 2 && (value[0] == '"' || value[0] == '\'') && value.back() == value[0])
        value = value.substr(1, value.size() - 2);
      parsed.kv.emplace_back(tok.substr(0, eq), value);
    } else {
      return false;
    }
  }
  if (tokens == 0) return false;
  std::size_t cut = open;
  while (cut > 0 && is_space(text[cut - 1]))
    --cut;
  text.resize(cut);
  attr = std::move(parsed);
  return true;
}

model::Alignment alignment_of(uint8_t a) {
  switch (a) {
  case 'l':
    return model::Alignment::left;
  case 'c':
    return model::Alignment::center;
  case 'r':
    return model::Alignment::right;
  default:
    return model::Alignment::default_;
  }
}

} // namespace

CmarkWalker::CmarkWalker(std::string_view source, model::DocumentBuilder& builder,
                         const format::ReadOptions& options, html::ResourceLoader& images,
                         diag::DiagnosticSink& sink, std::optional<transform::Smartener> smart)
    : m_source(source), m_b(builder), m_options(options), m_images(images), m_sink(sink),
      m_smart(std::move(smart)) {}

std::string CmarkWalker::source_of(cmark_node* node) {
  int line = cmark_node_get_start_line(node);
  int first = cmark_node_get_start_column(node);
  int last = cmark_node_get_end_column(node);
  if (line <= 0 || line != cmark_node_get_end_line(node) || first <= 0 || last < first) return {};
  if (m_line_starts.empty()) {
    m_line_starts.push_back(0);
    for (std::size_t i = 0; i < m_source.size(); ++i)
      if (m_source[i] == '\n') m_line_starts.push_back(i + 1);
  }
  if (static_cast<std::size_t>(line) > m_line_starts.size()) return {};
  std::size_t begin = m_line_starts[static_cast<std::size_t>(line - 1)] + std::size_t(first - 1);
  std::size_t length = std::size_t(last - first + 1);
  if (begin >= m_source.size()) return {};
  return std::string(m_source.substr(begin, length));
}

model::SourceSpan CmarkWalker::span_of(cmark_node* node) {
  int line = cmark_node_get_start_line(node);
  int column = cmark_node_get_start_column(node);
  if (line <= 0) {
    line = m_last_line;
    column = 0;
  } else {
    m_last_line = line;
  }
  return m_b.at(line, column < 0 ? 0 : column);
}

void CmarkWalker::close_to(std::size_t depth) {
  m_b.close_to(depth);
  m_html.prune(m_b.depth());
}

void CmarkWalker::walk_document(cmark_node* document) {
  for (cmark_node* n = cmark_node_first_child(document); n; n = cmark_node_next(n))
    if (cmark_node_get_type(n) == CMARK_NODE_FOOTNOTE_DEFINITION) m_footnotes.push_back(n);
  collect_heading_attributes(document);
  walk(document, true);
  close_to(0);
}

void CmarkWalker::walk(cmark_node* root, bool skip_root) {
  cmark_iter* it = cmark_iter_new(root);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node* node = cmark_iter_get_node(it);
    if (skip_root && node == root) continue;
    if (ev == CMARK_EVENT_ENTER)
      enter(node, it);
    else if (ev == CMARK_EVENT_EXIT)
      exit(node);
  }
  cmark_iter_free(it);
}

void CmarkWalker::enter(cmark_node* node, cmark_iter* it) {
  cmark_node_type type = cmark_node_get_type(node);
  bool pushed = !is_leaf(type);
  if (pushed) m_depths.push_back(m_b.depth());
  // Inside <kbd> raw HTML, only text counts.
  if (m_html.capturing() && type != CMARK_NODE_HTML_INLINE &&
      (type & CMARK_NODE_TYPE_MASK) != CMARK_NODE_TYPE_BLOCK) {
    if (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE)
      m_html.capture(str(cmark_node_get_literal(node)));
    else if (type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK)
      m_html.capture(" ");
    return;
  }
  if (pushed && m_outer_depth + m_depths.size() > max_nesting && is_nesting_container(node, type)) {
    if (!m_reported_nesting) {
      m_reported_nesting = true;
      m_sink.emit("nesting-too-deep",
                  "Markdown nested more than " + std::to_string(max_nesting) +
                      " levels deep; deeper levels are flattened",
                  diag::SourceLocation::from(span_of(node)));
    }
    return; // its children go into the enclosing container
  }
  model::SourceSpan span = span_of(node);
  switch (type) {
  case CMARK_NODE_DOCUMENT:
    break;
  case CMARK_NODE_BLOCK_QUOTE:
    m_b.open_block_quote(span);
    break;
  case CMARK_NODE_LIST: {
    model::List proto;
    proto.kind = cmark_node_get_list_type(node) == CMARK_ORDERED_LIST ? model::ListKind::ordered
                                                                      : model::ListKind::bullet;
    proto.start = proto.kind == model::ListKind::ordered ? cmark_node_get_list_start(node) : 1;
    proto.tight = cmark_node_get_list_tight(node) != 0;
    m_b.open_list(proto, span);
    break;
  }
  case CMARK_NODE_ITEM:
    list_item(node);
    break;
  case CMARK_NODE_CODE_BLOCK: {
    std::string info = str(cmark_node_get_fence_info(node));
    std::size_t sp = info.find_first_of(" \t");
    std::string language = info.substr(0, sp);
    std::string text = str(cmark_node_get_literal(node));
    if (!text.empty() && text.back() == '\n') text.pop_back();
    m_b.code_block(std::move(language), std::move(text), span);
    break;
  }
  case CMARK_NODE_HTML_BLOCK:
    append_html_fragment(str(cmark_node_get_literal(node)), m_b, m_options, m_sink, span.line);
    break;
  case CMARK_NODE_PARAGRAPH:
    paragraph_or_figure(node, it);
    break;
  case CMARK_NODE_HEADING:
    heading(node);
    break;
  case CMARK_NODE_THEMATIC_BREAK:
    m_b.thematic_break(span);
    break;
  case CMARK_NODE_FOOTNOTE_DEFINITION:
    // Emitted at its references only.
    m_depths.pop_back();
    cmark_iter_reset(it, node, CMARK_EVENT_EXIT);
    return;
  case CMARK_NODE_TEXT:
    text(str(cmark_node_get_literal(node)), span);
    break;
  case CMARK_NODE_SOFTBREAK:
    m_b.soft_break(span);
    if (m_smart) m_smart->convert(" ");
    break;
  case CMARK_NODE_LINEBREAK:
    m_b.line_break(span);
    if (m_smart) m_smart->convert(" ");
    break;
  case CMARK_NODE_CODE: {
    std::string literal = str(cmark_node_get_literal(node));
    if (m_smart) m_smart->convert(literal); // keeps quote context; the code itself stays verbatim
    m_b.code(std::move(literal), span);
    break;
  }
  case CMARK_NODE_HTML_INLINE: {
    // Complete elements (an <img>) go through the HTML reader; paired tags are mapped here.
    std::string literal = str(cmark_node_get_literal(node));
    if (is_void_element(literal))
      append_html_fragment(literal, m_b, m_options, m_sink, span.line);
    else
      m_html.handle(literal, span, m_b, m_sink);
    break;
  }
  case CMARK_NODE_EMPH:
    m_b.open_inline(model::InlineKind::emphasis, span);
    break;
  case CMARK_NODE_STRONG:
    m_b.open_inline(model::InlineKind::strong, span);
    break;
  case CMARK_NODE_LINK:
    m_b.open_link(util::normalize_url(str(cmark_node_get_url(node))),
                  str(cmark_node_get_title(node)), span);
    break;
  case CMARK_NODE_IMAGE:
    m_depths.pop_back();
    image(node, it);
    return;
  case CMARK_NODE_FOOTNOTE_REFERENCE:
    m_depths.pop_back();
    footnote_reference(node, it);
    return;
  default:
    if (is_type(node, "table"))
      table(node);
    else if (is_type(node, "table_header"))
      table_row(node, true);
    else if (is_type(node, "table_row"))
      table_row(node, false);
    else if (is_type(node, "table_cell"))
      table_cell(node);
    else if (is_type(node, "strikethrough"))
      m_b.open_inline(model::InlineKind::strikeout, span);
    // Unknown extension nodes: their children are still walked.
    break;
  }
  return;
}

void CmarkWalker::exit(cmark_node* node) {
  if (m_depths.empty()) return;
  cmark_node_type type = cmark_node_get_type(node);
  if (type == CMARK_NODE_PARAGRAPH || type == CMARK_NODE_HEADING || is_type(node, "table_cell"))
    m_html.finish(m_b);
  if (is_type(node, "table") && !m_tables.empty()) m_tables.pop_back();
  std::size_t depth = m_depths.back();
  m_depths.pop_back();
  close_to(depth);
}

void CmarkWalker::paragraph_or_figure(cmark_node* node, cmark_iter* it) {
  model::SourceSpan span = span_of(node);
  if (m_smart) m_smart->reset();
  m_html.finish(m_b);
  cmark_node* child = cmark_node_first_child(node);
  cmark_node* parent = cmark_node_parent(node);
  cmark_node_type parent_type = parent ? cmark_node_get_type(parent) : CMARK_NODE_NONE;
  bool alone = child && !cmark_node_next(child) && cmark_node_get_type(child) == CMARK_NODE_IMAGE &&
               (parent_type == CMARK_NODE_DOCUMENT || parent_type == CMARK_NODE_BLOCK_QUOTE ||
                parent_type == CMARK_NODE_FOOTNOTE_DEFINITION);
  std::string caption = alone ? plain_text_of(child) : std::string();
  if (caption.empty()) {
    m_b.open_paragraph(span);
    return;
  }
  // An image alone in its paragraph, with alt text, is a figure captioned by that text.
  std::size_t depth = m_depths.back();
  m_depths.pop_back();
  m_b.open_figure(span);
  std::size_t figure_depth = m_b.depth();
  image(child, nullptr);
  close_to(figure_depth);
  m_b.open_caption(span);
  text(caption, span);
  close_to(depth);
  cmark_iter_reset(it, node, CMARK_EVENT_EXIT);
}

void CmarkWalker::heading(cmark_node* node) {
  if (m_smart) m_smart->reset();
  m_html.finish(m_b);
  model::Attr attr;
  for (auto& [n, a] : m_heading_attrs)
    if (n == node) {
      attr = a;
      break;
    }
  if (!attr.id.empty()) attr.id = unique_id(attr.id);
  m_b.open_heading(cmark_node_get_heading_level(node), span_of(node), std::move(attr));
}

void CmarkWalker::list_item(cmark_node* node) {
  std::optional<bool> checked;
  if (is_type(node, "tasklist")) checked = cmark_gfm_extensions_get_tasklist_item_checked(node);
  m_b.open_list_item(span_of(node), checked);
}

void CmarkWalker::table(cmark_node* node) {
  uint16_t n = cmark_gfm_extensions_get_table_columns(node);
  uint8_t* aligns = cmark_gfm_extensions_get_table_alignments(node);
  TableState state;
  std::vector<model::ColumnSpec> columns;
  for (uint16_t i = 0; i < n; ++i) {
    model::Alignment a = aligns ? alignment_of(aligns[i]) : model::Alignment::default_;
    state.alignments.push_back(a);
    model::ColumnSpec spec;
    spec.align = a;
    columns.push_back(spec);
  }
  m_b.open_table(std::move(columns), span_of(node));
  state.depth = m_b.depth();
  m_tables.push_back(std::move(state));
}

void CmarkWalker::table_row(cmark_node* node, bool header) {
  if (m_tables.empty()) {
    m_b.open_row(span_of(node));
    return;
  }
  TableState& t = m_tables.back();
  if (header && !t.in_head) {
    close_to(t.depth);
    m_b.open_table_section(model::TableSection::head);
    t.in_head = true;
  } else if (!header && !t.in_body) {
    close_to(t.depth);
    m_b.open_table_section(model::TableSection::body);
    t.in_body = true;
  }
  // Keep the section open when the row closes: the row's exit closes to this depth.
  m_depths.back() = m_b.depth();
  t.header_row = header;
  t.column = 0;
  m_b.open_row(span_of(node));
}

void CmarkWalker::table_cell(cmark_node* node) {
  if (m_smart) m_smart->reset();
  m_html.finish(m_b);
  model::Alignment align = model::Alignment::default_;
  bool header = false;
  if (!m_tables.empty()) {
    TableState& t = m_tables.back();
    if (t.column < t.alignments.size()) align = t.alignments[t.column];
    ++t.column;
    header = t.header_row;
  }
  m_b.open_cell(span_of(node), header, align);
}

void CmarkWalker::image(cmark_node* node, cmark_iter* it) {
  model::SourceSpan span = span_of(node);
  model::Image img;
  img.url = str(cmark_node_get_url(node));
  img.title = str(cmark_node_get_title(node));
  img.alt = plain_text_of(node);
  html::LoadedImage loaded = m_images.load_image(img.url, diag::SourceLocation::from(span));
  img.resource = loaded.resource;
  img.width = loaded.width;
  img.height = loaded.height;
  m_b.image(std::move(img), span);
  if (m_smart) m_smart->convert("x"); // an image is a word for quote context
  if (it) cmark_iter_reset(it, node, CMARK_EVENT_EXIT);
}

void CmarkWalker::footnote_reference(cmark_node* node, cmark_iter* it) {
  model::SourceSpan span = span_of(node);
  std::string literal = str(cmark_node_get_literal(node));
  long index = std::strtol(literal.c_str(), nullptr, 10);
  cmark_node* def = nullptr;
  if (index >= 1 && static_cast<std::size_t>(index) <= m_footnotes.size())
    def = m_footnotes[static_cast<std::size_t>(index - 1)];
  bool recursive = false;
  for (cmark_node* active : m_active_notes)
    recursive = recursive || active == def;
  cmark_iter_reset(it, node, CMARK_EVENT_EXIT);
  if (!def || recursive || m_active_notes.size() >= max_note_nesting) {
    if (m_reported_recursive.insert(def).second)
      m_sink.emit("footnote-recursive",
                  "footnote refers to itself or nests too deeply; kept as text",
                  diag::SourceLocation::from(span));
    std::string written = source_of(node);
    text(written.rfind("[^", 0) == 0 ? written : "[^" + literal + "]", span);
    return;
  }
  // The note's blocks are walked with their own quote context and HTML state.
  std::optional<transform::Smartener> saved_smart = m_smart;
  InlineHtmlMapper saved_html = m_html;
  m_html = InlineHtmlMapper();
  std::vector<std::size_t> saved_depths;
  saved_depths.swap(m_depths);
  std::vector<TableState> saved_tables;
  saved_tables.swap(m_tables);
  int saved_line = m_last_line;

  m_outer_depth += saved_depths.size();
  m_active_notes.push_back(def);
  std::size_t depth = m_b.depth();
  m_b.open_note(span);
  walk(def, true);
  close_to(depth);
  m_active_notes.pop_back();
  m_outer_depth -= saved_depths.size();

  m_last_line = saved_line;
  m_tables.swap(saved_tables);
  m_depths.swap(saved_depths);
  m_html = std::move(saved_html);
  m_smart = std::move(saved_smart);
  if (m_smart) m_smart->convert("x");
}

void CmarkWalker::text(std::string_view literal, const model::SourceSpan& span) {
  if (m_html.capturing()) {
    m_html.capture(literal);
    return;
  }
  if (m_smart)
    m_b.text(m_smart->convert(literal), span);
  else
    m_b.text(literal, span);
}

void CmarkWalker::collect_heading_attributes(cmark_node* document) {
  std::vector<cmark_node*> headings;
  cmark_iter* it = cmark_iter_new(document);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node* n = cmark_iter_get_node(it);
    if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(n) == CMARK_NODE_HEADING)
      headings.push_back(n);
  }
  cmark_iter_free(it);
  for (cmark_node* h : headings) {
    // cmark splits text at special characters: join the trailing run of text nodes first.
    cmark_node* first = cmark_node_last_child(h);
    if (!first || cmark_node_get_type(first) != CMARK_NODE_TEXT) continue;
    while (cmark_node_previous(first) &&
           cmark_node_get_type(cmark_node_previous(first)) == CMARK_NODE_TEXT)
      first = cmark_node_previous(first);
    std::string joined;
    for (cmark_node* n = first; n; n = cmark_node_next(n))
      joined += str(cmark_node_get_literal(n));
    model::Attr attr;
    if (!take_attribute_suffix(joined, attr)) continue;
    while (cmark_node_next(first))
      cmark_node_free(cmark_node_next(first));
    if (joined.empty())
      cmark_node_free(first);
    else
      cmark_node_set_literal(first, joined.c_str());
    m_heading_attrs.emplace_back(h, std::move(attr));
  }
}

std::string CmarkWalker::unique_id(const std::string& id) {
  std::string candidate = id;
  for (int k = 1; m_ids.count(candidate); ++k)
    candidate = id + "-" + std::to_string(k);
  m_ids.insert(candidate);
  return candidate;
}

} // namespace sheaf::readers
