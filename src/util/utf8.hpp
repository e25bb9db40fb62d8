// UTF-8 helpers: decoding code points, encoding, validation and simple NFC normalization.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace sheaf::util {

/// Decode the code point at `pos` and advance `pos`; invalid bytes yield U+FFFD (one byte).
char32_t next_code_point(std::string_view s, std::size_t& pos);
/// Append the UTF-8 encoding of `cp` to `out`.
void append_utf8(std::string& out, char32_t cp);
/// True if `s` is well-formed UTF-8.
bool is_valid_utf8(std::string_view s);
/// Number of code points.
std::size_t utf8_length(std::string_view s);
/// NFC normalization (ICU).
std::string nfc(std::string_view s);
/// Lower-case (ICU, root locale).
std::string to_lower(std::string_view s);
/// Remove characters that are invalid in XML 1.0 (C0 controls except tab/newline/CR,
/// U+FFFE/U+FFFF, lone surrogates).
std::string strip_xml_invalid(std::string_view s);
/// Collapse runs of ASCII whitespace to one space and trim both ends.
std::string collapse_whitespace(std::string_view s);
/// Trim ASCII whitespace at both ends.
std::string_view trim(std::string_view s);

} // namespace sheaf::util
