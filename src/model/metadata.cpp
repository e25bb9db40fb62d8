// Metadata merging: command-line values override what readers found.
#include "model/metadata.hpp"

namespace sheaf::model {

void Metadata::merge_from(const Metadata& over) {
  auto take = [](std::string& dst, const std::string& src) {
    if (!src.empty()) dst = src;
  };
  take(title, over.title);
  take(subtitle, over.subtitle);
  if (!over.authors.empty()) authors = over.authors;
  take(language, over.language);
  take(date, over.date);
  take(identifier, over.identifier);
  take(publisher, over.publisher);
  take(description, over.description);
  take(source_url, over.source_url);
  take(site_name, over.site_name);
  take(cover_image, over.cover_image);
  if (!over.keywords.empty()) keywords = over.keywords;
  for (const auto& [k, v] : over.extra)
    extra[k] = v;
}

} // namespace sheaf::model
