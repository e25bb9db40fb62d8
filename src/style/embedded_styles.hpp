// The CSS themes of styles/, embedded into the binary at build time.
#pragma once

#include <string_view>
#include <vector>

namespace sheaf::style {

/// One theme: name (file name without .css) and its CSS text.
struct EmbeddedStyle {
  std::string_view name;
  std::string_view css;
};

/// All themes, sorted by name.
const std::vector<EmbeddedStyle>& embedded_styles();

} // namespace sheaf::style
