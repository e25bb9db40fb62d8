// One line of plain-text input with its source position, and small helpers the plain-text
// reader's passes share (indentation, code-point length, blank tests).
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace sheaf::readers::text {

/// A line (without its newline) and where its first byte came from.
struct TextLine {
  std::string_view text; ///< the line, possibly with a container prefix ('> ', list marker) removed
  int line = 0;          ///< 1-based line number in the decoded input
  int column = 1;        ///< 1-based byte column of text[0]
};

using TextLines = std::vector<TextLine>;

/// Split decoded text (LF line ends) into lines numbered from 1.
TextLines split_lines(std::string_view text);

/// True when the line holds only spaces and tabs.
bool is_blank(std::string_view s);

/// Width of the leading white space, tabs counting to the next multiple of 4.
int indent_width(std::string_view s);

/// Byte offset of the first non-blank character (s.size() when blank).
std::size_t indent_bytes(std::string_view s);

/// Remove `columns` columns of leading white space (tabs expand to 4).
TextLine strip_indent(const TextLine& l, int columns);

/// Number of code points (UTF-8 continuation bytes are not counted).
std::size_t display_length(std::string_view s);

/// Trailing spaces and tabs removed.
std::string_view rtrim(std::string_view s);
/// Leading and trailing spaces and tabs removed.
std::string_view strip(std::string_view s);

/// Code-point length of the first white-space separated word of `s` (after its indentation).
std::size_t first_word_length(std::string_view s);

} // namespace sheaf::readers::text
