// The stable, line-oriented AST dump printed by `-t native` and used by golden tests.
#pragma once

#include "model/document.hpp"

#include <string>

namespace sheaf::model {

/// One node per line, two spaces of indentation per level; metadata first. Strings are
/// quoted with C-style escapes. Source spans are omitted unless `with_spans`.
std::string dump(const Document& doc, bool with_spans = false);

} // namespace sheaf::model
