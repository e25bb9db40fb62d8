// UTF-8 helpers: strict decoding (no overlongs, surrogates or values above U+10FFFF),
// encoding, validation with an ASCII fast path, and ICU-backed NFC and lower-casing.
#include "util/utf8.hpp"

#include "util/utf8_detail.hpp"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <memory>
#include <unicode/ucasemap.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <vector>

namespace sheaf::util {

namespace detail {

Utf8Step decode_utf8_step(const unsigned char* p, std::size_t n) {
  const unsigned char b0 = p[0];
  if (b0 < 0x80) return {b0, 1, true};
  std::size_t need = 0;
  char32_t cp = 0;
  unsigned char lo = 0x80, hi = 0xBF; // allowed range of the second byte
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    need = 1;
    cp = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    need = 2;
    cp = b0 & 0x0F;
    if (b0 == 0xE0)
      lo = 0xA0; // no overlongs
    else if (b0 == 0xED)
      hi = 0x9F; // no surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    need = 3;
    cp = b0 & 0x07;
    if (b0 == 0xF0)
      lo = 0x90;
    else if (b0 == 0xF4)
      hi = 0x8F;
  } else {
    return {0xFFFD, 1, false};
  }
  // Maximal subpart: consume continuation bytes as long as they could still be valid.
  std::size_t i = 1;
  for (; i <= need; ++i) {
    if (i >= n) return {0xFFFD, i, false};
    const unsigned char b = p[i];
    const unsigned char l = i == 1 ? lo : 0x80, h = i == 1 ? hi : 0xBF;
    if (b < l || b > h) return {0xFFFD, i, false};
    cp = (cp << 6) | (b & 0x3F);
  }
  return {cp, need + 1, true};
}

std::size_t ascii_prefix_length(const unsigned char* p, std::size_t n) {
  std::size_t i = 0;
  constexpr std::uint64_t high = 0x8080808080808080ull;
  while (i + 8 <= n) {
    std::uint64_t w;
    std::memcpy(&w, p + i, 8);
    if (w & high) break;
    i += 8;
  }
  while (i < n && p[i] < 0x80)
    ++i;
  return i;
}

std::size_t first_invalid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  std::size_t i = 0;
  while (i < n) {
    i += ascii_prefix_length(p + i, n - i);
    if (i >= n) break;
    const Utf8Step st = decode_utf8_step(p + i, n - i);
    if (!st.valid) return i;
    i += st.length;
  }
  return std::string_view::npos;
}

} // namespace detail

char32_t next_code_point(std::string_view s, std::size_t& pos) {
  if (pos >= s.size()) return 0;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data()) + pos;
  const detail::Utf8Step st = detail::decode_utf8_step(p, s.size() - pos);
  pos += st.valid ? st.length : 1;
  return st.cp;
}

void append_utf8(std::string& out, char32_t cp) {
  if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) cp = 0xFFFD;
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

bool is_valid_utf8(std::string_view s) {
  return detail::first_invalid_utf8(s) == std::string_view::npos;
}

std::size_t utf8_length(std::string_view s) {
  // Count bytes that are not continuation bytes; invalid stray continuation bytes count as
  // one code point each, matching next_code_point.
  if (is_valid_utf8(s)) {
    std::size_t count = 0;
    for (unsigned char c : s)
      count += (c & 0xC0) != 0x80;
    return count;
  }
  std::size_t count = 0;
  for (std::size_t pos = 0; pos < s.size();) {
    next_code_point(s, pos);
    ++count;
  }
  return count;
}

namespace {

/// UTF-8 → UTF-16 with U+FFFD for invalid input.
std::u16string to_utf16(std::string_view s) {
  std::u16string out(s.size(), u'\0'); // UTF-16 never needs more units than UTF-8 bytes
  int32_t len = 0;
  UErrorCode st = U_ZERO_ERROR;
  u_strFromUTF8WithSub(reinterpret_cast<UChar*>(out.data()), static_cast<int32_t>(out.size()), &len,
                       s.data(), static_cast<int32_t>(s.size()), 0xFFFD, nullptr, &st);
  if (U_FAILURE(st)) return {};
  out.resize(static_cast<std::size_t>(len));
  return out;
}

std::string to_utf8(const UChar* s, int32_t n) {
  std::string out(static_cast<std::size_t>(n) * 3, '\0');
  int32_t len = 0;
  UErrorCode st = U_ZERO_ERROR;
  u_strToUTF8WithSub(out.data(), static_cast<int32_t>(out.size()), &len, s, n, 0xFFFD, nullptr,
                     &st);
  if (U_FAILURE(st)) return {};
  out.resize(static_cast<std::size_t>(len));
  return out;
}

/// ICU NFC of a whole string (through UTF-16); invalid UTF-8 becomes U+FFFD.
std::string nfc_icu(std::string_view s) {
  if (s.size() > static_cast<std::size_t>(INT32_MAX / 4)) return std::string(s);
  UErrorCode st = U_ZERO_ERROR;
  const UNormalizer2* norm = unorm2_getNFCInstance(&st);
  if (U_FAILURE(st)) return std::string(s);
  const std::u16string src = to_utf16(s);
  if (src.empty()) return std::string(s);
  const auto* u = reinterpret_cast<const UChar*>(src.data());
  const auto n = static_cast<int32_t>(src.size());
  std::vector<UChar> dest(static_cast<std::size_t>(n) + 16);
  for (int attempt = 0; attempt < 2; ++attempt) {
    st = U_ZERO_ERROR;
    const int32_t len =
        unorm2_normalize(norm, u, n, dest.data(), static_cast<int32_t>(dest.size()), &st);
    if (st == U_BUFFER_OVERFLOW_ERROR) {
      dest.resize(static_cast<std::size_t>(len) + 16);
      continue;
    }
    if (U_FAILURE(st)) return std::string(s);
    return to_utf8(dest.data(), len);
  }
  return std::string(s);
}

} // namespace

std::string nfc(std::string_view s) {
  // Quick check in UTF-8 (no UTF-16 copy): code points below U+0300 are stable and never
  // combine with each other; above that, every code point must have NFC_QC=Yes and
  // combining classes must be in canonical order. Only from the first failure on is the
  // text handed to ICU, starting at the last normalization boundary before it.
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  UErrorCode st = U_ZERO_ERROR;
  const UNormalizer2* norm = unorm2_getNFCInstance(&st);
  if (U_FAILURE(st)) return std::string(s);
  struct NfcProps {
    char32_t cp = 0xFFFFFFFF;
    std::uint8_t ccc = 0;
    bool qc_yes = false;
    bool boundary_before = false;
  };
  NfcProps cache[256];
  std::size_t i = 0;
  std::size_t boundary = 0; // start of the last code point with a boundary before it
  std::uint8_t last_ccc = 0;
  while (i < n) {
    const std::size_t ascii = detail::ascii_prefix_length(p + i, n - i);
    if (ascii) {
      i += ascii;
      boundary = i - 1;
      last_ccc = 0;
      continue;
    }
    if (p[i] < 0xCC) {
      // Fast skip over code points below U+0300 (ASCII and 2-byte Latin/IPA).
      const detail::Utf8Step step = detail::decode_utf8_step(p + i, n - i);
      if (!step.valid) break;
      boundary = i;
      last_ccc = 0;
      i += step.length;
      continue;
    }
    const detail::Utf8Step step = detail::decode_utf8_step(p + i, n - i);
    if (!step.valid) break;
    // Text repeats a few non-ASCII characters: cache their properties (direct-mapped).
    NfcProps& props = cache[step.cp & (std::size(cache) - 1)];
    if (props.cp != step.cp) {
      const auto c = static_cast<UChar32>(step.cp);
      props.cp = step.cp;
      props.ccc = u_getCombiningClass(c);
      props.qc_yes = u_getIntPropertyValue(c, UCHAR_NFC_QUICK_CHECK) == UNORM_YES;
      props.boundary_before = unorm2_hasBoundaryBefore(norm, c);
    }
    const std::uint8_t ccc = props.ccc;
    if (!props.qc_yes || (ccc != 0 && ccc < last_ccc)) break;
    if (props.boundary_before) boundary = i;
    last_ccc = ccc;
    i += step.length;
  }
  if (i >= n) return std::string(s);
  std::string out(s.substr(0, boundary));
  out += nfc_icu(s.substr(boundary));
  return out;
}

std::string to_lower(std::string_view s) {
  bool ascii = true;
  for (unsigned char c : s) {
    if (c >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) {
    std::string out(s);
    for (char& c : out)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
  }
  UErrorCode st = U_ZERO_ERROR;
  std::unique_ptr<UCaseMap, decltype(&ucasemap_close)> map(ucasemap_open("", 0, &st),
                                                           &ucasemap_close);
  if (U_FAILURE(st)) return std::string(s);
  std::string out(s.size() + 16, '\0');
  for (int attempt = 0; attempt < 2; ++attempt) {
    st = U_ZERO_ERROR;
    const int32_t len =
        ucasemap_utf8ToLower(map.get(), out.data(), static_cast<int32_t>(out.size()), s.data(),
                             static_cast<int32_t>(s.size()), &st);
    if (st == U_BUFFER_OVERFLOW_ERROR) {
      out.assign(static_cast<std::size_t>(len) + 1, '\0');
      continue;
    }
    if (U_FAILURE(st)) return std::string(s);
    out.resize(static_cast<std::size_t>(len));
    return out;
  }
  return std::string(s);
}

std::string strip_xml_invalid(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  std::string out;
  out.reserve(n);
  std::size_t i = 0;
  while (i < n) {
    // Runs of printable ASCII (most text) are copied at once.
    std::size_t run = i;
    while (run < n && p[run] >= 0x20 && p[run] < 0x80)
      ++run;
    if (run > i) {
      out.append(s.data() + i, run - i);
      i = run;
      continue;
    }
    const unsigned char b = p[i];
    if (b < 0x80) {
      if (b >= 0x20 || b == '\t' || b == '\n' || b == '\r') out.push_back(static_cast<char>(b));
      ++i;
      continue;
    }
    // A surrogate encoded as three bytes (CESU-8 / WTF-8 style): drop it whole.
    if (b == 0xED && i + 2 < n && p[i + 1] >= 0xA0 && p[i + 1] <= 0xBF &&
        (p[i + 2] & 0xC0) == 0x80) {
      i += 3;
      continue;
    }
    const detail::Utf8Step st = detail::decode_utf8_step(p + i, n - i);
    if (!st.valid) {
      append_utf8(out, 0xFFFD); // keep the output well-formed
      i += st.length;
      continue;
    }
    if (st.cp != 0xFFFE && st.cp != 0xFFFF) out.append(s.substr(i, st.length));
    i += st.length;
  }
  return out;
}

namespace {
bool is_ascii_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
} // namespace

std::string collapse_whitespace(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool pending_space = false;
  for (char c : s) {
    if (is_ascii_space(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) {
      out.push_back(' ');
      pending_space = false;
    }
    out.push_back(c);
  }
  return out;
}

std::string_view trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && is_ascii_space(s[b]))
    ++b;
  while (e > b && is_ascii_space(s[e - 1]))
    --e;
  return s.substr(b, e - b);
}

} // namespace sheaf::util
