// gcc-style rendering of diagnostics: "file:line:col: warning: message [code]".
#pragma once

#include "diag/diagnostic.hpp"

#include <string>

namespace sheaf::diag {

/// One line (plus indented hint lines), without a trailing newline.
std::string render(const Diagnostic& d);

} // namespace sheaf::diag
