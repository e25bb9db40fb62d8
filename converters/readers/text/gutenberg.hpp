// Project Gutenberg files: finds the "*** START OF … ***" / "*** END OF … ***" markers that
// fence the book and reads the header's Title/Author/Language lines.
#pragma once

#include "readers/text/text_line.hpp"

#include <string>

namespace sheaf::readers::text {

/// Where the book sits inside a Project Gutenberg file, and its header metadata.
struct GutenbergFrame {
  bool found = false;    ///< a START marker was found
  std::size_t begin = 0; ///< index of the first body line (after the START marker)
  std::size_t end = 0;   ///< index one past the last body line (the END marker or the end)
  int start_line = 0;    ///< line number of the START marker
  std::string title;
  std::string author;
  std::string language; ///< BCP 47 when the header names a language we know
};

/// Look for Project Gutenberg markers in `lines`.
GutenbergFrame find_gutenberg_frame(const TextLines& lines);

} // namespace sheaf::readers::text
