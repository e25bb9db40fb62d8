// Re-checks the containment and value invariants of a finished document (tests, fuzzers).
#pragma once

#include "model/document.hpp"

#include <string>
#include <vector>

namespace sheaf::model {

/// Problems found, empty when the document is well formed: heading levels 1–6, no empty
/// paragraphs, no adjacent Text runs, spans ≥ 1, list start ≥ 0, image resources present, …
std::vector<std::string> validate(const Document& doc);

} // namespace sheaf::model
