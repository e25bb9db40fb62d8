// Book assembly for --combine.
#include "transform/combine.hpp"

#include "model/walk.hpp"

#include <set>

namespace sheaf::transform {
using namespace model;

namespace {

Inline text_inline(std::string s) {
  Inline in;
  in.value = Text{std::move(s)};
  return in;
}

Block paragraph_of(Inlines content) {
  Block b;
  b.value = Paragraph{std::move(content)};
  return b;
}

/// Prefix every id of the article and rewrite its internal links to match.
void namespace_ids(Blocks& blocks, const std::string& prefix) {
  std::set<std::string> ids;
  walk(
      blocks,
      [&](const Block& b) {
        if (!b.attr.id.empty()) ids.insert(b.attr.id);
      },
      [&](const Inline& in) {
        if (!in.attr.id.empty()) ids.insert(in.attr.id);
      });
  walk_mut(
      blocks,
      [&](Block& b) {
        if (!b.attr.id.empty()) b.attr.id = prefix + b.attr.id;
        if (auto* h = std::get_if<Heading>(&b.value)) h->level = std::min(6, h->level + 1);
      },
      [&](Inline& in) {
        if (!in.attr.id.empty()) in.attr.id = prefix + in.attr.id;
        if (auto* l = std::get_if<Link>(&in.value)) {
          if (l->url.size() > 1 && l->url[0] == '#' && ids.count(l->url.substr(1)))
            l->url = "#" + prefix + l->url.substr(1);
        }
      });
}

} // namespace

model::Document combine(std::vector<model::Document> articles, const model::Metadata& book) {
  Document out;
  out.meta = book;
  if (out.meta.title.empty()) out.meta.title = "Collected articles";
  std::string language;
  bool same_language = true;
  for (std::size_t i = 0; i < articles.size(); ++i) {
    Document& a = articles[i];
    std::string prefix = "a" + std::to_string(i + 1) + "-";
    if (i == 0)
      language = a.meta.language;
    else if (a.meta.language != language)
      same_language = false;

    // Resources are content-addressed, so re-adding keeps every id valid.
    for (const auto& [id, r] : a.resources.all())
      out.resources.add(r.data, r.media_type, r.name_hint);

    Block heading;
    heading.value = Heading{
        1, {text_inline(a.meta.title.empty() ? "Article " + std::to_string(i + 1) : a.meta.title)}};
    heading.attr.id = "article-" + std::to_string(i + 1);
    out.blocks.push_back(std::move(heading));
    if (!a.meta.subtitle.empty()) {
      Block sub = paragraph_of({text_inline(a.meta.subtitle)});
      sub.attr.classes = {"subtitle"};
      out.blocks.push_back(std::move(sub));
    }
    Inlines byline;
    auto add = [&](Inline in) {
      if (!byline.empty()) byline.push_back(text_inline(" · "));
      byline.push_back(std::move(in));
    };
    if (!a.meta.authors.empty()) {
      std::string names;
      for (const auto& n : a.meta.authors)
        names += (names.empty() ? "" : ", ") + n;
      add(text_inline(names));
    }
    if (!a.meta.date.empty()) add(text_inline(a.meta.date.substr(0, 10)));
    if (!a.meta.source_url.empty()) {
      Inline link;
      link.value =
          Link{{text_inline(a.meta.site_name.empty() ? a.meta.source_url : a.meta.site_name)},
               a.meta.source_url,
               ""};
      add(std::move(link));
    }
    if (!byline.empty()) {
      // merge adjacent texts produced above
      Inlines merged;
      for (auto& in : byline) {
        auto* t = std::get_if<Text>(&in.value);
        if (t && !merged.empty())
          if (auto* prev = std::get_if<Text>(&merged.back().value)) {
            prev->text += t->text;
            continue;
          }
        merged.push_back(std::move(in));
      }
      Block by = paragraph_of(std::move(merged));
      by.attr.classes = {"byline"};
      out.blocks.push_back(std::move(by));
    }
    namespace_ids(a.blocks, prefix);
    for (auto& b : a.blocks)
      out.blocks.push_back(std::move(b));
  }
  if (out.meta.language.empty() && same_language) out.meta.language = language;
  return out;
}

} // namespace sheaf::transform
