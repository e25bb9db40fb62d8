// Internal UTF-8 building blocks shared by utf8.cpp and decode.cpp (not a public API).
#pragma once

#include <cstddef>
#include <string_view>

namespace sheaf::util::detail {

/// One decoding step: the code point (U+FFFD when invalid) and how many bytes it used. For
/// invalid input `length` is the maximal subpart (at least 1 byte), so callers can emit one
/// U+FFFD per invalid sequence.
struct Utf8Step {
  char32_t cp;
  std::size_t length;
  bool valid;
};

/// Decode the sequence at `p` (n > 0 bytes available).
Utf8Step decode_utf8_step(const unsigned char* p, std::size_t n);

/// Number of leading ASCII bytes (8 at a time).
std::size_t ascii_prefix_length(const unsigned char* p, std::size_t n);

/// Byte offset of the first invalid sequence, or npos when `s` is well-formed.
std::size_t first_invalid_utf8(std::string_view s);

} // namespace sheaf::util::detail
