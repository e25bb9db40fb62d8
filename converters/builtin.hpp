// The one table of built-in formats: every reader and writer is registered here.
#pragma once

#include "format/registry.hpp"

namespace sheaf {

/// Register all built-in readers and writers in `registry`.
void register_builtin_formats(format::Registry& registry);

} // namespace sheaf
