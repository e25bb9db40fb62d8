// Small UTF-8 and character-class helpers shared by the layout engine (kept local so the
// hot paths stay allocation-free).
#pragma once

#include <string>
#include <string_view>

namespace sheaf::layout {

/// Decode the code point at `pos` and advance; invalid bytes give U+FFFD (one byte).
inline char32_t decode_utf8(std::string_view s, std::size_t& pos) {
  auto b = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  unsigned char c = b(pos);
  if (c < 0x80) {
    ++pos;
    return c;
  }
  int n = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : -1;
  if (n < 0 || pos + static_cast<std::size_t>(n) >= s.size()) {
    ++pos;
    return 0xFFFD;
  }
  char32_t cp = c & (0x3F >> n);
  for (int i = 1; i <= n; ++i) {
    unsigned char cc = b(pos + static_cast<std::size_t>(i));
    if ((cc & 0xC0) != 0x80) {
      ++pos;
      return 0xFFFD;
    }
    cp = (cp << 6) | (cc & 0x3F);
  }
  pos += static_cast<std::size_t>(n) + 1;
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp < 0xE000)) return 0xFFFD;
  return cp;
}

/// Append the UTF-8 encoding of `cp`.
inline void encode_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80)
    out += static_cast<char>(cp);
  else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

/// True for code points of right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, NKo …).
inline bool is_rtl_char(char32_t cp) {
  return (cp >= 0x0590 && cp <= 0x08FF) || (cp >= 0xFB1D && cp <= 0xFDFF) ||
         (cp >= 0xFE70 && cp <= 0xFEFF) || (cp >= 0x10800 && cp <= 0x10FFF) ||
         (cp >= 0x1E800 && cp <= 0x1EFFF);
}

} // namespace sheaf::layout
