// Hard-wrap detection for plain text: estimates the wrap width from the line-length
// distribution (the idea behind calibre's "unwrap factor") and decides, for each pair of
// consecutive lines, whether the break between them was made by a wrapping tool.
#pragma once

#include "readers/text/text_line.hpp"

#include <cstddef>

namespace sheaf::readers::text {

/// Line-length statistics of one input and the wrap decisions derived from them.
///
/// The wrap width W is the 95th percentile of non-blank line lengths (the maximum for fewer
/// than 20 lines). A break between line a and line b is a *wrap* when the first word of b would
/// not have fitted on a: len(a) + 1 + len(first word of b) > 0.85 W, or when b continues a
/// sentence (starts with a lower-case letter, opening quotes aside). The input is *hard-wrapped*
/// when W <= 160, at least half of all breaks inside blocks are wraps and fewer than half of
/// the lines before them end a sentence (breaks at list items, quote lines and lines indented
/// 4+ columns are not counted).
class WrapProfile {
public:
  /// Measure `lines` (the whole body).
  explicit WrapProfile(const TextLines& lines);

  /// Estimated wrap width in code points.
  std::size_t width() const { return m_width; }
  /// True when the input as a whole looks hard-wrapped.
  bool hard_wrapped() const { return m_hard_wrapped; }
  /// True when the break between `a` and the following line `b` looks like a wrap.
  bool is_wrap(std::string_view a, std::string_view b) const;
  /// True when `lines` (consecutive lines of one block) should be joined with spaces:
  /// the input is hard-wrapped and most breaks between them are wraps, or every line after
  /// the first starts with a lower-case letter (continues a sentence).
  bool joins(const TextLines& lines) const;
  /// True when the input has no blank line at all.
  bool no_blank_lines() const { return m_no_blank_lines; }

private:
  std::size_t m_width = 0;
  bool m_hard_wrapped = false;
  bool m_no_blank_lines = true;
};

} // namespace sheaf::readers::text
