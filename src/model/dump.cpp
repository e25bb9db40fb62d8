// The native AST dump: one node per line, indented by depth, strings C-escaped. Stable by
// design: golden tests depend on it, so change it only on purpose (and accept the goldens).
#include "model/dump.hpp"

#include <cstdio>

namespace sheaf::model {
namespace {

std::string quote(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\t':
      out += "\\t";
      break;
    case '\r':
      out += "\\r";
      break;
    default:
      if (c < 0x20 || c == 0x7f) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\x%02x", c);
        out += buf;
      } else {
        out += static_cast<char>(c);
      }
    }
  }
  out += '"';
  return out;
}

const char* align_name(Alignment a) {
  switch (a) {
  case Alignment::left:
    return "left";
  case Alignment::center:
    return "center";
  case Alignment::right:
    return "right";
  default:
    return "default";
  }
}

const char* style_name(NumberStyle s) {
  switch (s) {
  case NumberStyle::lower_alpha:
    return "lower-alpha";
  case NumberStyle::upper_alpha:
    return "upper-alpha";
  case NumberStyle::lower_roman:
    return "lower-roman";
  case NumberStyle::upper_roman:
    return "upper-roman";
  default:
    return "decimal";
  }
}

class Dumper {
public:
  explicit Dumper(bool spans) : m_spans(spans) {}

  std::string out;

  void meta(const Metadata& m) {
    std::string body;
    auto field = [&](const char* k, const std::string& v) {
      if (!v.empty()) body += "  " + std::string(k) + " " + quote(v) + "\n";
    };
    auto list = [&](const char* k, const std::vector<std::string>& v) {
      if (v.empty()) return;
      body += "  " + std::string(k) + " [";
      for (std::size_t i = 0; i < v.size(); ++i)
        body += (i ? ", " : "") + quote(v[i]);
      body += "]\n";
    };
    field("title", m.title);
    field("subtitle", m.subtitle);
    list("authors", m.authors);
    field("language", m.language);
    field("date", m.date);
    field("identifier", m.identifier);
    field("publisher", m.publisher);
    field("description", m.description);
    field("source", m.source_url);
    field("site", m.site_name);
    field("cover", m.cover_image);
    list("keywords", m.keywords);
    for (const auto& [k, v] : m.extra)
      body += "  extra " + quote(k) + " " + quote(v) + "\n";
    if (!body.empty()) out += "Meta\n" + body;
  }

  void blocks(const Blocks& bs, int depth) {
    for (const auto& b : bs)
      block(b, depth);
  }

private:
  bool m_spans;

  void line(int depth, const std::string& text, const Attr& attr, const SourceSpan& span) {
    out.append(static_cast<std::size_t>(depth) * 2, ' ');
    out += text;
    if (!attr.id.empty()) out += " #" + attr.id;
    for (const auto& c : attr.classes)
      out += " ." + c;
    for (const auto& [k, v] : attr.kv)
      out += " " + k + "=" + quote(v);
    if (m_spans && span.line > 0)
      out += " @" + std::to_string(span.line) + ":" + std::to_string(span.column);
    out += '\n';
  }
  void plain(int depth, const std::string& text) {
    out.append(static_cast<std::size_t>(depth) * 2, ' ');
    out += text;
    out += '\n';
  }

  void rows(const char* label, const std::vector<TableRow>& rs, int depth) {
    if (rs.empty()) return;
    plain(depth, label);
    for (const auto& r : rs) {
      plain(depth + 1, "Row");
      for (const auto& c : r.cells) {
        std::string head = c.header ? "Cell th" : "Cell";
        if (c.align != Alignment::default_) head += std::string(" align=") + align_name(c.align);
        if (c.row_span != 1) head += " rowspan=" + std::to_string(c.row_span);
        if (c.col_span != 1) head += " colspan=" + std::to_string(c.col_span);
        plain(depth + 2, head);
        blocks(c.content, depth + 3);
      }
    }
  }

  void block(const Block& b, int depth) {
    std::visit(
        [&](const auto& n) {
          using T = std::decay_t<decltype(n)>;
          if constexpr (std::is_same_v<T, Paragraph>) {
            line(depth, "Para", b.attr, b.span);
            inlines(n.content, depth + 1);
          } else if constexpr (std::is_same_v<T, Heading>) {
            line(depth, "Header " + std::to_string(n.level), b.attr, b.span);
            inlines(n.content, depth + 1);
          } else if constexpr (std::is_same_v<T, BlockQuote>) {
            line(depth, "BlockQuote", b.attr, b.span);
            blocks(n.content, depth + 1);
            if (!n.attribution.empty()) {
              plain(depth + 1, "Attribution");
              inlines(n.attribution, depth + 2);
            }
          } else if constexpr (std::is_same_v<T, List>) {
            std::string head = n.kind == ListKind::bullet ? "BulletList" : "OrderedList";
            if (n.kind == ListKind::ordered) {
              head += " start=" + std::to_string(n.start);
              if (n.style != NumberStyle::decimal)
                head += std::string(" style=") + style_name(n.style);
              if (n.reversed) head += " reversed";
            }
            head += n.tight ? " tight" : " loose";
            line(depth, head, b.attr, b.span);
            for (const auto& item : n.items) {
              std::string ih = "Item";
              if (item.checked) ih += *item.checked ? " [x]" : " [ ]";
              plain(depth + 1, ih);
              blocks(item.content, depth + 2);
            }
          } else if constexpr (std::is_same_v<T, DefinitionList>) {
            line(depth, "DefinitionList", b.attr, b.span);
            for (const auto& item : n.items) {
              plain(depth + 1, "Term");
              inlines(item.term, depth + 2);
              for (const auto& def : item.definitions) {
                plain(depth + 1, "Definition");
                blocks(def, depth + 2);
              }
            }
          } else if constexpr (std::is_same_v<T, CodeBlock>) {
            std::string head = "CodeBlock";
            if (!n.language.empty()) head += " lang=" + quote(n.language);
            line(depth, head, b.attr, b.span);
            plain(depth + 1, quote(n.text));
          } else if constexpr (std::is_same_v<T, Figure>) {
            line(depth, "Figure", b.attr, b.span);
            blocks(n.content, depth + 1);
            if (!n.caption.empty()) {
              plain(depth + 1, "Caption");
              inlines(n.caption, depth + 2);
            }
          } else if constexpr (std::is_same_v<T, Table>) {
            std::string head = "Table cols=[";
            for (std::size_t i = 0; i < n.columns.size(); ++i) {
              if (i) head += ",";
              head += align_name(n.columns[i].align);
              if (n.columns[i].width > 0) {
                char buf[32];
                std::snprintf(buf, sizeof buf, ":%.3g", n.columns[i].width);
                head += buf;
              }
            }
            head += "]";
            line(depth, head, b.attr, b.span);
            if (!n.caption.empty()) {
              plain(depth + 1, "Caption");
              inlines(n.caption, depth + 2);
            }
            rows("Head", n.head, depth + 1);
            rows("Body", n.body, depth + 1);
            rows("Foot", n.foot, depth + 1);
          } else if constexpr (std::is_same_v<T, ThematicBreak>) {
            line(depth, "HorizontalRule", b.attr, b.span);
          } else if constexpr (std::is_same_v<T, Div>) {
            line(depth, "Div", b.attr, b.span);
            blocks(n.content, depth + 1);
          } else if constexpr (std::is_same_v<T, RawBlock>) {
            line(depth, "RawBlock " + quote(n.format) + " " + quote(n.text), b.attr, b.span);
          }
        },
        b.value);
  }

  void inlines(const Inlines& is, int depth) {
    for (const auto& in : is)
      inline_node(in, depth);
  }

  void inline_node(const Inline& in, int depth) {
    std::visit(
        [&](const auto& n) {
          using T = std::decay_t<decltype(n)>;
          if constexpr (std::is_same_v<T, Text>) {
            line(depth, "Str " + quote(n.text), in.attr, in.span);
          } else if constexpr (std::is_same_v<T, Code>) {
            line(depth, "Code " + quote(n.text), in.attr, in.span);
          } else if constexpr (std::is_same_v<T, Link>) {
            std::string head = "Link " + quote(n.url);
            if (!n.title.empty()) head += " title=" + quote(n.title);
            line(depth, head, in.attr, in.span);
            inlines(n.content, depth + 1);
          } else if constexpr (std::is_same_v<T, Image>) {
            std::string head = "Image " + quote(n.url);
            if (!n.resource.empty()) head += " resource=" + n.resource;
            head += " alt=" + quote(n.alt);
            if (!n.title.empty()) head += " title=" + quote(n.title);
            if (n.width > 0) head += " width=" + std::to_string(n.width);
            if (n.height > 0) head += " height=" + std::to_string(n.height);
            line(depth, head, in.attr, in.span);
          } else if constexpr (std::is_same_v<T, LineBreak>) {
            line(depth, "LineBreak", in.attr, in.span);
          } else if constexpr (std::is_same_v<T, SoftBreak>) {
            line(depth, "SoftBreak", in.attr, in.span);
          } else if constexpr (std::is_same_v<T, Note>) {
            line(depth, "Note", in.attr, in.span);
            blocks(n.content, depth + 1);
          } else if constexpr (std::is_same_v<T, RawInline>) {
            line(depth, "RawInline " + quote(n.format) + " " + quote(n.text), in.attr, in.span);
          } else {
            line(depth, kind_name(in.value), in.attr, in.span);
            inlines(n.content, depth + 1);
          }
        },
        in.value);
  }
};

} // namespace

std::string dump(const Document& doc, bool with_spans) {
  Dumper d(with_spans);
  d.meta(doc.meta);
  for (const auto& [id, r] : doc.resources.all()) {
    d.out += "Resource " + id + " " + quote(r.media_type) + " " + std::to_string(r.data.size()) +
             " bytes";
    if (r.width > 0) d.out += " " + std::to_string(r.width) + "x" + std::to_string(r.height);
    d.out += "\n";
  }
  d.blocks(doc.blocks, 0);
  return d.out;
}

} // namespace sheaf::model
