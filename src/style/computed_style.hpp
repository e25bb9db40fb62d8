// The resolved style of one element after the cascade: absolute lengths in points and the
// handful of properties the layout engine understands.
#pragma once

#include <string>
#include <vector>

namespace sheaf::style {

enum class TextAlign { left, right, center, justify };
enum class Hyphens { none, manual, auto_ };
enum class PageBreak { auto_, always, avoid };
enum class WhiteSpace { normal, pre, pre_wrap };

/// Four box edges in points.
struct Edges {
  double top = 0, right = 0, bottom = 0, left = 0;
};

/// sRGB colour, components 0..1.
struct Rgb {
  double r = 0, g = 0, b = 0;
};

/// Computed values of the supported CSS subset. Lengths are points; line_height is a factor
/// of font_size.
struct ComputedStyle {
  // inherited
  std::vector<std::string> font_family{"serif"};
  double font_size = 11;
  int font_weight = 400;
  bool italic = false;
  double line_height = 1.35;
  double text_indent = 0;
  TextAlign text_align = TextAlign::left;
  Hyphens hyphens = Hyphens::manual;
  Rgb color;
  WhiteSpace white_space = WhiteSpace::normal;
  PageBreak page_break_inside = PageBreak::auto_;
  // not inherited
  Edges margin;
  Edges padding;
  PageBreak page_break_before = PageBreak::auto_;
  PageBreak page_break_after = PageBreak::auto_;
  bool display_none = false;
  /// Width of a left border (block quotes draw it as a rule), pt; 0 = none.
  double border_left_width = 0;
  Rgb border_left_color;
  /// Leading content for list bullets ("•"); empty = default of the list kind.
  std::string list_style_type;
};

} // namespace sheaf::style
