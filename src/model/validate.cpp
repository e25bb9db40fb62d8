// Structural checks of finished documents, used by tests and fuzz targets.
#include "model/validate.hpp"

#include "model/walk.hpp"

#include <set>

namespace sheaf::model {

std::vector<std::string> validate(const Document& doc) {
  std::vector<std::string> problems;
  std::set<std::string> ids;
  auto where = [](const SourceSpan& s) {
    return s.file_name() + ":" + std::to_string(s.line) + ":" + std::to_string(s.column) + ": ";
  };
  auto check_inlines = [&](const Inlines& in, const SourceSpan& span, const char* what) {
    for (std::size_t i = 1; i < in.size(); ++i) {
      if (std::holds_alternative<Text>(in[i].value) &&
          std::holds_alternative<Text>(in[i - 1].value) && in[i].attr.empty() &&
          in[i - 1].attr.empty())
        problems.push_back(where(span) + std::string(what) + ": adjacent Text runs not merged");
    }
    for (const auto& x : in)
      if (auto* t = std::get_if<Text>(&x.value); t && t->text.empty())
        problems.push_back(where(span) + std::string(what) + ": empty Text");
  };
  auto check_id = [&](const Attr& a, const SourceSpan& span) {
    if (a.id.empty()) return;
    if (!ids.insert(a.id).second) problems.push_back(where(span) + "duplicate id '" + a.id + "'");
  };
  walk(
      doc.blocks,
      [&](const Block& b) {
        check_id(b.attr, b.span);
        if (auto* p = std::get_if<Paragraph>(&b.value)) {
          if (p->content.empty()) problems.push_back(where(b.span) + "empty paragraph");
          check_inlines(p->content, b.span, "paragraph");
        } else if (auto* h = std::get_if<Heading>(&b.value)) {
          if (h->level < 1 || h->level > 6)
            problems.push_back(where(b.span) + "heading level out of range");
          if (h->content.empty()) problems.push_back(where(b.span) + "empty heading");
          check_inlines(h->content, b.span, "heading");
        } else if (auto* l = std::get_if<List>(&b.value)) {
          if (l->items.empty()) problems.push_back(where(b.span) + "list without items");
          if (l->start < 0) problems.push_back(where(b.span) + "negative list start");
        } else if (auto* t = std::get_if<Table>(&b.value)) {
          for (const auto* rows : {&t->head, &t->body, &t->foot})
            for (const auto& r : *rows)
              for (const auto& c : r.cells)
                if (c.row_span < 1 || c.col_span < 1)
                  problems.push_back(where(b.span) + "table cell span < 1");
        }
      },
      [&](const Inline& in) {
        check_id(in.attr, in.span);
        if (auto* img = std::get_if<Image>(&in.value)) {
          if (!img->resource.empty() && !doc.resources.find(img->resource))
            problems.push_back(where(in.span) + "image refers to missing resource " +
                               img->resource);
        }
      });
  if (!doc.meta.cover_image.empty() && !doc.resources.find(doc.meta.cover_image))
    problems.push_back("cover image refers to a missing resource");
  return problems;
}

} // namespace sheaf::model
