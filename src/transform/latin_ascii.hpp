// ASCII folding of Latin text from a built-in table, agreeing with ICU's "Latin-ASCII"
// transliterator: heading ids on pages in French or German then need no transliterator
// (building one loads ICU's registry: ~20 ms).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace sheaf::transform {

/// One character and its ASCII replacement.
struct LatinAsciiEntry {
  char32_t code_point;
  const char* ascii;
};

/// Folds `text` into `out` when every non-ASCII character has a table entry and returns true;
/// returns false otherwise (the caller then asks ICU). ASCII passes through unchanged.
bool fold_latin_ascii(std::string_view text, std::string& out);

/// The table (sorted by code point), for tests.
const LatinAsciiEntry* latin_ascii_table(std::size_t& count);

} // namespace sheaf::transform
