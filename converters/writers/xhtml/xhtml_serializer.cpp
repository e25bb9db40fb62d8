// XHTML serialization of the document model (see xhtml_serializer.hpp). Every element is
// opened and closed in compact mode (no indentation inside mixed content), attributes are
// pushed before any content, and text goes through util::strip_xml_invalid.
#include "writers/xhtml/xhtml_serializer.hpp"

#include "diag/error.hpp"
#include "util/utf8.hpp"
#include "writers/xhtml/link_policy.hpp"

#include <algorithm>
#include <string>
#include <tinyxml2.h>

namespace sheaf::writers {
namespace {

const char* align_class(model::Alignment a) {
  switch (a) {
  case model::Alignment::left:
    return "align-left";
  case model::Alignment::center:
    return "align-center";
  case model::Alignment::right:
    return "align-right";
  case model::Alignment::default_:
    break;
  }
  return nullptr;
}

/// A class token usable in XHTML: no whitespace, no controls.
std::string clean_token(std::string_view s) {
  std::string out;
  for (char c : util::strip_xml_invalid(s))
    if (static_cast<unsigned char>(c) > 0x20) out += c;
  return out;
}

std::string join_classes(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::string out;
  auto add = [&out](const std::string& c) {
    std::string t = clean_token(c);
    if (t.empty()) return;
    if (!out.empty()) out += ' ';
    out += t;
  };
  for (const auto& c : a)
    add(c);
  for (const auto& c : b)
    add(c);
  return out;
}

/// A lone Paragraph that may be written as bare inlines.
const model::Paragraph* lone_paragraph(const model::Blocks& blocks) {
  if (blocks.size() != 1) return nullptr;
  return std::get_if<model::Paragraph>(&blocks.front().value);
}

std::string format_percent(double fraction) {
  int tenths = static_cast<int>(fraction * 1000.0 + 0.5);
  std::string s = std::to_string(tenths / 10);
  if (tenths % 10 != 0) s += "." + std::to_string(tenths % 10);
  return s + "%";
}

} // namespace

XhtmlSerializer::XhtmlSerializer(tinyxml2::XMLPrinter& printer, const XhtmlContext& context,
                                 diag::DiagnosticSink& sink)
    : m_printer(printer), m_context(context), m_sink(sink) {}

// ---- primitives ---------------------------------------------------------------------------

void XhtmlSerializer::open(const char* name, const model::Attr* attr,
                           const std::vector<std::string>& extra_classes) {
  m_printer.OpenElement(name, true);
  static const std::vector<std::string> none;
  if (attr && !attr->id.empty()) attribute("id", attr->id);
  std::string classes = join_classes(attr ? attr->classes : none, extra_classes);
  if (!classes.empty()) attribute("class", classes);
  if (attr) {
    if (const std::string* lang = attr->get("lang"); lang && !lang->empty()) {
      std::string l = clean_token(*lang);
      attribute("lang", l);
      attribute("xml:lang", l);
    }
    if (const std::string* dir = attr->get("dir");
        dir && (*dir == "ltr" || *dir == "rtl" || *dir == "auto"))
      attribute("dir", *dir);
  }
}

void XhtmlSerializer::close() {
  m_printer.CloseElement(true);
}

void XhtmlSerializer::text(std::string_view s) {
  if (s.empty()) return;
  std::string clean = util::strip_xml_invalid(s);
  m_printer.PushText(clean.c_str());
}

void XhtmlSerializer::attribute(const char* name, const std::string& value) {
  std::string clean = util::strip_xml_invalid(value);
  m_printer.PushAttribute(name, clean.c_str());
}

void XhtmlSerializer::newline() {
  m_printer.PushText("\n");
}

void XhtmlSerializer::anchor(const char* name, const std::string& id) {
  if (id.empty()) return;
  m_printer.OpenElement(name, true);
  attribute("id", id);
  m_printer.CloseElement(true);
}

void XhtmlSerializer::dropped_raw(const std::string& format, const model::SourceSpan& span) {
  m_sink.emit("raw-dropped",
              "raw " + (format.empty() ? std::string("unknown") : format) +
                  " content is not copied into the output",
              diag::SourceLocation::from(span));
}

// ---- blocks --------------------------------------------------------------------------------

void XhtmlSerializer::write_blocks(const model::Blocks& blocks) {
  for (const auto& b : blocks)
    write_block(b);
}

void XhtmlSerializer::paragraph(const model::Inlines& content, const model::Attr* attr,
                                const Prefix& prefix, bool label) {
  open("p", attr);
  if (label) open("label");
  if (prefix) prefix();
  write_inlines(content);
  if (label) close();
  close();
  newline();
}

void XhtmlSerializer::flow(const model::Blocks& blocks, bool tight, const Prefix& prefix,
                           bool label) {
  if (const auto* p = lone_paragraph(blocks); p && tight && blocks.front().attr.empty()) {
    if (label) open("label");
    if (prefix) prefix();
    write_inlines(p->content);
    if (label) close();
    return;
  }
  bool prefixed = !prefix;
  if (!prefixed && !blocks.empty()) {
    if (const auto* p = std::get_if<model::Paragraph>(&blocks.front().value)) {
      paragraph(p->content, &blocks.front().attr, prefix, label);
      for (std::size_t i = 1; i < blocks.size(); ++i)
        write_block(blocks[i]);
      return;
    }
  }
  if (!prefixed) {
    open("p");
    prefix();
    close();
    newline();
  }
  write_blocks(blocks);
}

void XhtmlSerializer::write_block(const model::Block& block) {
  const model::Attr& attr = block.attr;
  std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, model::Paragraph>) {
          paragraph(v.content, &attr, {});
        } else if constexpr (std::is_same_v<T, model::Heading>) {
          static const char* names[] = {"h1", "h2", "h3", "h4", "h5", "h6"};
          open(names[std::clamp(v.level, 1, 6) - 1], &attr);
          write_inlines(v.content);
          close();
          newline();
        } else if constexpr (std::is_same_v<T, model::BlockQuote>) {
          open("blockquote", &attr);
          write_blocks(v.content);
          if (!v.attribution.empty()) {
            open("footer", nullptr, {"attribution"});
            text("\u2014 ");
            write_inlines(v.attribution);
            close();
          }
          close();
          newline();
        } else if constexpr (std::is_same_v<T, model::List>) {
          list(v, attr);
        } else if constexpr (std::is_same_v<T, model::DefinitionList>) {
          open("dl", &attr);
          for (const auto& item : v.items) {
            open("dt");
            write_inlines(item.term);
            close();
            for (const auto& def : item.definitions) {
              open("dd");
              flow(def, true);
              close();
            }
          }
          close();
          newline();
        } else if constexpr (std::is_same_v<T, model::CodeBlock>) {
          open("pre", &attr);
          open("code");
          if (std::string lang = clean_token(v.language); !lang.empty())
            attribute("class", "language-" + lang);
          text(v.text);
          close();
          close();
          newline();
        } else if constexpr (std::is_same_v<T, model::Figure>) {
          open("figure", &attr);
          write_blocks(v.content);
          if (!v.caption.empty()) {
            open("figcaption");
            write_inlines(v.caption);
            close();
          }
          close();
          newline();
        } else if constexpr (std::is_same_v<T, model::Table>) {
          table(v, attr);
        } else if constexpr (std::is_same_v<T, model::ThematicBreak>) {
          open("hr", &attr);
          close();
          newline();
        } else if constexpr (std::is_same_v<T, model::Div>) {
          open("div", &attr);
          write_blocks(v.content);
          close();
          newline();
        } else if constexpr (std::is_same_v<T, model::RawBlock>) {
          dropped_raw(v.format, block.span);
          anchor("div", attr.id); // links to it must still find a target
        }
      },
      block.value);
}

void XhtmlSerializer::list(const model::List& l, const model::Attr& attr) {
  bool ordered = l.kind == model::ListKind::ordered;
  bool tasks = std::any_of(l.items.begin(), l.items.end(),
                           [](const model::ListItem& i) { return i.checked.has_value(); });
  open(ordered ? "ol" : "ul", &attr,
       tasks ? std::vector<std::string>{"task-list"} : std::vector<std::string>{});
  if (ordered) {
    if (l.start != 1) attribute("start", std::to_string(l.start));
    if (l.reversed) attribute("reversed", "reversed");
    switch (l.style) {
    case model::NumberStyle::lower_alpha:
      attribute("type", "a");
      break;
    case model::NumberStyle::upper_alpha:
      attribute("type", "A");
      break;
    case model::NumberStyle::lower_roman:
      attribute("type", "i");
      break;
    case model::NumberStyle::upper_roman:
      attribute("type", "I");
      break;
    case model::NumberStyle::decimal:
      break;
    }
  }
  for (const auto& item : l.items) {
    if (item.checked) {
      open("li", nullptr, {"task"});
      bool checked = *item.checked;
      flow(
          item.content, l.tight,
          [this, checked] {
            open("input");
            attribute("type", "checkbox");
            attribute("disabled", "disabled");
            if (checked) attribute("checked", "checked");
            close();
            text(" ");
          },
          /*label=*/true);
    } else {
      open("li");
      flow(item.content, l.tight);
    }
    close();
    newline();
  }
  close();
  newline();
}

void XhtmlSerializer::table_rows(const std::vector<model::TableRow>& rows, const model::Table& t,
                                 const char* section) {
  if (rows.empty()) return;
  open(section);
  bool in_head = std::string_view(section) == "thead";
  for (const auto& row : rows) {
    open("tr");
    std::size_t column = 0;
    for (const auto& cell : row.cells) {
      model::Alignment align = cell.align;
      if (align == model::Alignment::default_ && column < t.columns.size())
        align = t.columns[column].align;
      const char* cls = align_class(align);
      // an empty header cell (a corner) is a data cell: a header without text names nothing
      bool header = (cell.header || in_head) && !cell.content.empty();
      open(header ? "th" : "td", nullptr,
           cls ? std::vector<std::string>{cls} : std::vector<std::string>{});
      if (cell.col_span > 1) attribute("colspan", std::to_string(cell.col_span));
      if (cell.row_span > 1) attribute("rowspan", std::to_string(cell.row_span));
      flow(cell.content, true);
      close();
      column += static_cast<std::size_t>(std::max(cell.col_span, 1));
    }
    close();
    newline();
  }
  close();
}

void XhtmlSerializer::table(const model::Table& t, const model::Attr& attr) {
  open("table", &attr);
  if (!t.caption.empty()) {
    open("caption");
    write_inlines(t.caption);
    close();
  }
  bool widths = std::any_of(t.columns.begin(), t.columns.end(),
                            [](const model::ColumnSpec& c) { return c.width > 0; });
  if (widths) {
    open("colgroup");
    for (const auto& c : t.columns) {
      open("col");
      if (c.width > 0) attribute("style", "width: " + format_percent(c.width));
      close();
    }
    close();
  }
  // a head row without any text (pipe tables without header names) is left out
  bool head_has_text = std::any_of(t.head.begin(), t.head.end(), [](const model::TableRow& r) {
    return std::any_of(r.cells.begin(), r.cells.end(),
                       [](const model::TableCell& c) { return !c.content.empty(); });
  });
  if (head_has_text) table_rows(t.head, t, "thead");
  if (!t.body.empty() || (!head_has_text && t.foot.empty())) table_rows(t.body, t, "tbody");
  table_rows(t.foot, t, "tfoot");
  close();
  newline();
}

// ---- inlines -------------------------------------------------------------------------------

void XhtmlSerializer::write_inlines(const model::Inlines& inlines) {
  for (const auto& i : inlines)
    write_inline(i);
}

void XhtmlSerializer::write_inline(const model::Inline& node) {
  const model::Attr& attr = node.attr;
  // nodes written without an element of their own keep their id on an empty anchor
  if (!attr.id.empty() && (std::holds_alternative<model::Text>(node.value) ||
                           std::holds_alternative<model::SoftBreak>(node.value) ||
                           std::holds_alternative<model::LineBreak>(node.value) ||
                           std::holds_alternative<model::Note>(node.value) ||
                           std::holds_alternative<model::RawInline>(node.value)))
    anchor("span", attr.id);
  auto wrapped = [&](const char* name, const model::Inlines& content,
                     std::vector<std::string> extra = {}) {
    open(name, &attr, extra);
    write_inlines(content);
    close();
  };
  std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, model::Text>) {
          text(v.text);
        } else if constexpr (std::is_same_v<T, model::Emphasis>) {
          wrapped("em", v.content);
        } else if constexpr (std::is_same_v<T, model::Strong>) {
          wrapped("strong", v.content);
        } else if constexpr (std::is_same_v<T, model::Underline>) {
          wrapped("span", v.content, {"underline"});
        } else if constexpr (std::is_same_v<T, model::Strikeout>) {
          wrapped("s", v.content);
        } else if constexpr (std::is_same_v<T, model::Superscript>) {
          wrapped("sup", v.content);
        } else if constexpr (std::is_same_v<T, model::Subscript>) {
          wrapped("sub", v.content);
        } else if constexpr (std::is_same_v<T, model::Code>) {
          const char* name = attr.has_class("kbd")    ? "kbd"
                             : attr.has_class("samp") ? "samp"
                                                      : "code";
          open(name, &attr);
          text(v.text);
          close();
        } else if constexpr (std::is_same_v<T, model::Link>) {
          link(v, node);
        } else if constexpr (std::is_same_v<T, model::Image>) {
          image(v, node);
        } else if constexpr (std::is_same_v<T, model::LineBreak>) {
          open("br");
          close();
        } else if constexpr (std::is_same_v<T, model::SoftBreak>) {
          text("\n");
        } else if constexpr (std::is_same_v<T, model::Note>) {
          note_ref(v, node);
        } else if constexpr (std::is_same_v<T, model::Span>) {
          if (attr.empty()) {
            write_inlines(v.content);
          } else {
            wrapped("span", v.content);
          }
        } else if constexpr (std::is_same_v<T, model::RawInline>) {
          dropped_raw(v.format, node.span);
        }
      },
      node.value);
}

void XhtmlSerializer::link(const model::Link& l, const model::Inline& node) {
  LinkDecision d = decide_link(l.url, m_context.base_url);
  std::string href;
  if (d.action == LinkAction::internal) {
    href = m_context.internal_href ? m_context.internal_href(d.href) : std::string();
    if (href.empty())
      m_sink.emit("link-target-missing",
                  "no element has the id '" + d.href + "'; the link is removed",
                  diag::SourceLocation::from(node.span));
  } else if (d.action == LinkAction::keep) {
    href = d.href;
  } else {
    m_sink.emit("link-unwrapped", d.reason + "; the link text is kept",
                diag::SourceLocation::from(node.span));
  }
  if (href.empty() || m_link_depth > 0) {
    // no <a>: an id on the link must still exist as a target
    if (!node.attr.id.empty()) {
      open("span", &node.attr);
      write_inlines(l.content);
      close();
    } else {
      write_inlines(l.content);
    }
    return;
  }
  open("a", &node.attr);
  attribute("href", href);
  if (!l.title.empty()) attribute("title", l.title);
  ++m_link_depth;
  write_inlines(l.content);
  --m_link_depth;
  close();
  if (m_link_depth == 0 && !m_refs_after_link.empty()) {
    // notes met inside the link: their references follow it (no <a> inside <a>)
    std::vector<const model::Note*> refs;
    refs.swap(m_refs_after_link);
    for (const auto* n : refs) {
      model::Inline dummy{model::SoftBreak{}, {}, node.span};
      note_ref(*n, dummy);
    }
  }
}

void XhtmlSerializer::image(const model::Image& img, const model::Inline& node) {
  std::string src;
  if (!img.resource.empty() && m_context.resource_href) src = m_context.resource_href(img.resource);
  if (src.empty()) {
    // not packaged (remote, missing or refused): the alt text stands in for it
    m_sink.emit("image-not-packaged",
                "image '" + img.url + "' is not in the publication; its alt text is used",
                diag::SourceLocation::from(node.span));
    if (!img.alt.empty()) {
      open("span", &node.attr, {"image-alt"});
      text(img.alt);
      close();
    } else {
      anchor("span", node.attr.id);
    }
    return;
  }
  open("img", &node.attr);
  attribute("src", src);
  attribute("alt", img.alt);
  if (!img.title.empty()) attribute("title", img.title);
  close();
}

void XhtmlSerializer::note_ref(const model::Note& note, const model::Inline& node) {
  if (m_link_depth > 0) {
    m_refs_after_link.push_back(&note);
    return;
  }
  int n = m_context.notes ? m_context.notes->number_of(note) : 0;
  if (n == 0)
    throw diag::Error(diag::ErrorKind::internal, "internal-error", "a footnote was not numbered",
                      diag::SourceLocation::from(node.span));
  std::string num = std::to_string(n);
  open("sup");
  open("a", nullptr, {"noteref"});
  attribute("epub:type", "noteref");
  attribute("href", "#fn" + num);
  attribute("id", "fnref" + num);
  attribute("role", "doc-noteref");
  text(num);
  close();
  close();
  if (std::find(m_pending_notes.begin(), m_pending_notes.end(), &note) == m_pending_notes.end())
    m_pending_notes.push_back(&note);
}

void XhtmlSerializer::write_notes() {
  if (m_pending_notes.empty()) return;
  open("section", nullptr, {"footnotes"});
  attribute("epub:type", "footnotes");
  newline();
  // writing a note may queue the notes nested in it; they follow in the same section
  for (std::size_t i = 0; i < m_pending_notes.size(); ++i) {
    const model::Note* note = m_pending_notes[i];
    std::string num = std::to_string(m_context.notes->number_of(*note));
    open("aside", nullptr, {"footnote"});
    attribute("epub:type", "footnote");
    attribute("id", "fn" + num);
    attribute("role", "doc-footnote");
    flow(note->content, false, [this, &num] {
      open("a", nullptr, {"backlink"});
      attribute("href", "#fnref" + num);
      attribute("role", "doc-backlink");
      text(num + ".");
      close();
      text(" ");
    });
    close();
    newline();
  }
  close();
  newline();
  m_pending_notes.clear();
}

// ---- documents -----------------------------------------------------------------------------

bool is_rtl_language(const std::string& language) {
  std::string primary;
  for (char c : language) {
    if (c == '-' || c == '_') break;
    primary += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  for (const char* rtl : {"ar", "he", "iw", "fa", "ur", "yi", "ps", "sd", "ug", "dv", "ckb"})
    if (primary == rtl) return true;
  return false;
}

void open_xhtml_document(tinyxml2::XMLPrinter& printer, const std::string& title,
                         const std::string& language, const std::vector<std::string>& stylesheets,
                         const std::string& body_type) {
  printer.PushDeclaration("xml version=\"1.0\" encoding=\"UTF-8\"");
  printer.PushUnknown("DOCTYPE html");
  printer.PushText("\n");
  printer.OpenElement("html", true);
  printer.PushAttribute("xmlns", "http://www.w3.org/1999/xhtml");
  printer.PushAttribute("xmlns:epub", "http://www.idpf.org/2007/ops");
  if (!language.empty()) {
    std::string lang = clean_token(language);
    printer.PushAttribute("lang", lang.c_str());
    printer.PushAttribute("xml:lang", lang.c_str());
    if (is_rtl_language(lang)) printer.PushAttribute("dir", "rtl");
  }
  printer.PushText("\n");
  printer.OpenElement("head", true);
  printer.OpenElement("meta", true);
  printer.PushAttribute("charset", "UTF-8");
  printer.CloseElement(true);
  printer.OpenElement("title", true);
  std::string t = util::strip_xml_invalid(title);
  printer.PushText(t.c_str());
  printer.CloseElement(true);
  for (const auto& css : stylesheets) {
    printer.OpenElement("link", true);
    printer.PushAttribute("rel", "stylesheet");
    printer.PushAttribute("type", "text/css");
    printer.PushAttribute("href", css.c_str());
    printer.CloseElement(true);
  }
  printer.CloseElement(true);
  printer.PushText("\n");
  printer.OpenElement("body", true);
  if (!body_type.empty()) printer.PushAttribute("epub:type", body_type.c_str());
  printer.PushText("\n");
}

void close_xhtml_document(tinyxml2::XMLPrinter& printer) {
  printer.CloseElement(true); // body
  printer.PushText("\n");
  printer.CloseElement(true); // html
  printer.PushText("\n");
}

} // namespace sheaf::writers
