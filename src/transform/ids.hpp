// Heading ids: every heading gets a stable, unique, XML-valid id (a slug of its text), and
// existing ids are made valid and unique, with internal links following the renames.
#pragma once

#include "model/document.hpp"

#include <string>
#include <string_view>

namespace sheaf::transform {

/// A readable id for `text` by pandoc's auto-identifier rules on ASCII-folded text (é → e,
/// Привет → privet): lower-case letters, digits, '_', '-', '.'; white space as '-'; other
/// punctuation dropped; starting with a letter; "section" when nothing usable remains.
std::string slugify(std::string_view text);

/// Make `id` a valid XML name without colons (NCName): invalid characters become '-', and a
/// leading character that cannot start a name gets an "id-" prefix. Empty stays empty.
std::string sanitize_id(std::string_view id);

/// True for ids the writers generate themselves ("fn3", "fnref3"); documents must not use them.
bool is_reserved_id(std::string_view id);

/// Give every heading without an id a slug of its text and make all ids in the document
/// (blocks and inlines, notes included) valid and unique: a repeated id gets "-1", "-2", …
/// in document order. Links of the form "#old" follow the first holder of a renamed id, and
/// links to pandoc-style (unfolded) or GitHub-style ids of a heading reach its generated id.
void assign_ids(model::Document& doc);

} // namespace sheaf::transform
