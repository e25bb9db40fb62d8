// Combining several articles into one publication: a chapter per article with its title,
// byline, date and source; ids made unique per article; headings demoted one level.
#pragma once

#include "model/document.hpp"

#include <vector>

namespace sheaf::transform {

/// Build a book from `articles` (in order). Each becomes a level-1 chapter; its own headings
/// move down one level. `book` supplies the publication metadata; an empty title becomes
/// "Collected articles", an empty language is taken from the articles when they agree.
model::Document combine(std::vector<model::Document> articles, const model::Metadata& book);

} // namespace sheaf::transform
