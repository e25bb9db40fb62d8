// Registration of every built-in reader and writer (the one format table).
#pragma once

#include "format/registry.hpp"

namespace sheaf {

/// Add all built-in formats to `registry`.
void register_builtin_formats(format::Registry& registry);

} // namespace sheaf
