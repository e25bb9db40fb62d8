// Input bytes to UTF-8 text: BOM and UTF-16 detection, declared charsets, uchardet + iconv
// for legacy encodings, U+FFFD for invalid bytes (one warning), binary refusal, LF, NFC.
#include "util/decode.hpp"

#include "diag/error.hpp"
#include "util/utf8.hpp"
#include "util/utf8_detail.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <iconv.h>
#include <memory>
#include <uchardet/uchardet.h>
#include <utility>

namespace sheaf::util {

namespace {

/// Where the first replacement character was produced and how many there were.
struct BadBytes {
  std::size_t first_output_offset = std::string::npos;
  std::size_t count = 0;

  void note(std::size_t out_offset) {
    if (count++ == 0) first_output_offset = out_offset;
  }
};

void append_replacement(std::string& out, BadBytes& bad) {
  bad.note(out.size());
  out.append("\xEF\xBF\xBD");
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

/// UTF-8 with invalid sequences (maximal subparts) replaced by U+FFFD.
std::string decode_utf8_lenient(std::string_view in, BadBytes& bad) {
  std::size_t first_bad = detail::first_invalid_utf8(in);
  if (first_bad == std::string_view::npos) return std::string(in);
  const auto* p = reinterpret_cast<const unsigned char*>(in.data());
  const std::size_t n = in.size();
  std::string out;
  out.reserve(n + 16);
  out.append(in.substr(0, first_bad));
  std::size_t i = first_bad;
  while (i < n) {
    const std::size_t ascii = detail::ascii_prefix_length(p + i, n - i);
    if (ascii) {
      out.append(in.substr(i, ascii));
      i += ascii;
      continue;
    }
    const detail::Utf8Step st = detail::decode_utf8_step(p + i, n - i);
    if (st.valid)
      out.append(in.substr(i, st.length));
    else
      append_replacement(out, bad);
    i += st.length;
  }
  return out;
}

/// UTF-16 (either byte order) to UTF-8; unpaired surrogates and a trailing odd byte become
/// U+FFFD.
std::string decode_utf16(std::string_view in, bool little_endian, BadBytes& bad) {
  const auto* p = reinterpret_cast<const unsigned char*>(in.data());
  const std::size_t units = in.size() / 2;
  auto unit = [&](std::size_t k) -> char32_t {
    const unsigned a = p[2 * k], b = p[2 * k + 1];
    return little_endian ? (b << 8 | a) : (a << 8 | b);
  };
  std::string out;
  out.reserve(in.size() + in.size() / 2);
  for (std::size_t k = 0; k < units; ++k) {
    const char32_t u = unit(k);
    if (u < 0x80) {
      out.push_back(static_cast<char>(u));
    } else if (u >= 0xD800 && u <= 0xDBFF) {
      if (k + 1 < units) {
        const char32_t v = unit(k + 1);
        if (v >= 0xDC00 && v <= 0xDFFF) {
          append_utf8(out, 0x10000 + ((u - 0xD800) << 10) + (v - 0xDC00));
          ++k;
          continue;
        }
      }
      append_replacement(out, bad);
    } else if (u >= 0xDC00 && u <= 0xDFFF) {
      append_replacement(out, bad);
    } else {
      append_utf8(out, u);
    }
  }
  if (in.size() % 2) append_replacement(out, bad);
  return out;
}

/// Convert with iconv; bytes the charset rejects become U+FFFD. False if the charset is
/// unknown to iconv.
bool convert_with_iconv(std::string_view in, const std::string& charset, std::string& out,
                        BadBytes& bad) {
  iconv_t cd = iconv_open("UTF-8", charset.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) return false;
  std::unique_ptr<void, int (*)(iconv_t)> guard(cd, &iconv_close);
  out.clear();
  out.resize(in.size() * 2 + 64);
  std::size_t used = 0;
  char* src = const_cast<char*>(in.data()); // iconv's signature is not const-correct
  std::size_t src_left = in.size();
  while (src_left > 0) {
    if (out.size() - used < 64) out.resize(out.size() * 2);
    char* dst = out.data() + used;
    std::size_t dst_left = out.size() - used;
    const std::size_t rc = iconv(cd, &src, &src_left, &dst, &dst_left);
    used = static_cast<std::size_t>(dst - out.data());
    if (rc != static_cast<std::size_t>(-1)) continue;
    if (errno == E2BIG) {
      out.resize(out.size() * 2);
    } else if (errno == EILSEQ || errno == EINVAL) {
      // Invalid or truncated input: one replacement, skip one byte, reset the state.
      // (Written in place: resizing here would make many bad bytes quadratic.)
      if (out.size() - used < 64) out.resize(out.size() * 2);
      bad.note(used);
      std::memcpy(out.data() + used, "\xEF\xBF\xBD", 3);
      used += 3;
      ++src;
      --src_left;
      iconv(cd, nullptr, nullptr, nullptr, nullptr);
    } else {
      return false;
    }
  }
  // Flush any shift state.
  out.resize(used + 64);
  char* dst = out.data() + used;
  std::size_t dst_left = out.size() - used;
  iconv(cd, nullptr, nullptr, &dst, &dst_left);
  used = static_cast<std::size_t>(dst - out.data());
  out.resize(used);
  return true;
}

std::string ascii_lower(std::string_view s) {
  std::string out(trim(s));
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

/// Map an encoding label (HTML meta or uchardet) to a name glibc iconv knows. Labels that
/// WHATWG treats as supersets are widened (latin1 → windows-1252, gb2312 → GB18030...).
std::string iconv_name_for(std::string_view label) {
  const std::string l = ascii_lower(label);
  struct Alias {
    const char* label;
    const char* name;
  };
  static const Alias aliases[] = {
      {"utf-8", "UTF-8"},
      {"utf8", "UTF-8"},
      {"unicode-1-1-utf-8", "UTF-8"},
      {"ascii", "WINDOWS-1252"},
      {"us-ascii", "WINDOWS-1252"},
      {"iso-8859-1", "WINDOWS-1252"},
      {"iso8859-1", "WINDOWS-1252"},
      {"iso_8859-1", "WINDOWS-1252"},
      {"latin1", "WINDOWS-1252"},
      {"l1", "WINDOWS-1252"},
      {"cp1252", "WINDOWS-1252"},
      {"x-cp1252", "WINDOWS-1252"},
      {"windows-1252", "WINDOWS-1252"},
      {"iso-8859-9", "WINDOWS-1254"},
      {"latin5", "WINDOWS-1254"},
      {"iso-8859-11", "WINDOWS-874"},
      {"tis-620", "WINDOWS-874"},
      {"shift_jis", "CP932"},
      {"shift-jis", "CP932"},
      {"sjis", "CP932"},
      {"x-sjis", "CP932"},
      {"ms_kanji", "CP932"},
      {"windows-31j", "CP932"},
      {"gb2312", "GB18030"},
      {"gbk", "GB18030"},
      {"x-gbk", "GB18030"},
      {"csgb2312", "GB18030"},
      {"gb_2312-80", "GB18030"},
      {"chinese", "GB18030"},
      {"euc-kr", "CP949"},
      {"ks_c_5601-1987", "CP949"},
      {"windows-949", "CP949"},
      {"big5", "BIG5-HKSCS"},
      {"x-mac-cyrillic", "MAC-CYRILLIC"},
  };
  for (const Alias& a : aliases)
    if (l == a.label) return a.name;
  std::string upper(trim(label));
  for (char& c : upper)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return upper;
}

bool is_utf16_label(const std::string& name) {
  return starts_with(name, "UTF-16") || name == "UCS-2";
}

/// Guess BOM-less UTF-16 from where the NUL bytes fall; "" when the NULs do not fit.
std::string guess_utf16(std::string_view in) {
  const std::size_t sample = std::min<std::size_t>(in.size(), 1 << 16) & ~std::size_t{1};
  const std::size_t pairs = sample / 2;
  if (pairs == 0) return {};
  std::size_t zero_even = 0, zero_odd = 0;
  for (std::size_t i = 0; i < sample; i += 2) {
    zero_even += in[i] == '\0';
    zero_odd += in[i + 1] == '\0';
  }
  if (zero_odd * 10 >= pairs && zero_even * 10 <= zero_odd) return "UTF-16LE";
  if (zero_even * 10 >= pairs && zero_odd * 10 <= zero_even) return "UTF-16BE";
  return {};
}

[[noreturn]] void throw_binary(const std::string& display_name) {
  throw diag::Error(diag::ErrorKind::input, "binary-input",
                    display_name + " looks like a binary file, not text",
                    diag::SourceLocation{display_name, 0, 0});
}

/// True when too many bytes of the start are C0 controls that text does not use.
bool mostly_control(std::string_view in) {
  const std::size_t sample = std::min<std::size_t>(in.size(), 1 << 16);
  if (sample == 0) return false;
  std::size_t controls = 0;
  for (std::size_t i = 0; i < sample; ++i) {
    const auto c = static_cast<unsigned char>(in[i]);
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != 0x1B)
      ++controls;
  }
  return controls * 20 > sample; // more than 5%
}

/// Counts of well-formed multi-byte sequences and of invalid sequences.
void utf8_census(std::string_view in, std::size_t& multibyte, std::size_t& invalid) {
  const auto* p = reinterpret_cast<const unsigned char*>(in.data());
  const std::size_t n = in.size();
  multibyte = invalid = 0;
  for (std::size_t i = 0; i < n;) {
    i += detail::ascii_prefix_length(p + i, n - i);
    if (i >= n) break;
    const detail::Utf8Step st = detail::decode_utf8_step(p + i, n - i);
    (st.valid ? multibyte : invalid) += 1;
    i += st.length;
  }
}

/// uchardet's answer (upper case) or "" if undecided. uchardet costs about 0.5 s per MB of
/// non-ASCII text, so it sees at most ~128 KB: 64 KB from the first non-ASCII byte, and for
/// large inputs two more 32 KB windows further in.
std::string detect_charset(std::string_view in) {
  const auto* p = reinterpret_cast<const unsigned char*>(in.data());
  const std::size_t first_high = detail::ascii_prefix_length(p, in.size());
  const std::size_t start = first_high > 1024 ? first_high - 1024 : 0;
  std::unique_ptr<struct uchardet, void (*)(uchardet_t)> ud(uchardet_new(), &uchardet_delete);
  if (!ud) return {};
  auto feed = [&](std::size_t from, std::size_t len) {
    const std::string_view part = in.substr(from, len);
    return uchardet_handle_data(ud.get(), part.data(), part.size()) == 0;
  };
  constexpr std::size_t k_head = 64 << 10, k_window = 32 << 10;
  if (!feed(start, k_head)) return {};
  if (in.size() > start + k_head + 2 * k_window) {
    const std::size_t rest = in.size() - (start + k_head);
    for (std::size_t k = 1; k <= 2; ++k)
      if (!feed(start + k_head + rest * k / 3 - k_window, k_window)) return {};
  }
  uchardet_data_end(ud.get());
  const char* cs = uchardet_get_charset(ud.get());
  return cs ? std::string(cs) : std::string();
}

/// ISO-8859-x answers for text that uses bytes 0x80-0x9F (C1 controls there, printable in
/// the Windows code pages) really mean the Windows sibling.
std::string prefer_windows_code_page(const std::string& charset, std::string_view in) {
  if (charset.rfind("ISO-8859-", 0) != 0) return charset;
  bool c1 = false;
  for (unsigned char c : in) {
    if (c >= 0x80 && c <= 0x9F) {
      c1 = true;
      break;
    }
  }
  if (!c1) return charset;
  static const std::pair<const char*, const char*> siblings[] = {
      {"ISO-8859-2", "WINDOWS-1250"}, {"ISO-8859-5", "WINDOWS-1251"},
      {"ISO-8859-7", "WINDOWS-1253"}, {"ISO-8859-8", "WINDOWS-1255"},
      {"ISO-8859-9", "WINDOWS-1254"}, {"ISO-8859-13", "WINDOWS-1257"},
      {"ISO-8859-6", "WINDOWS-1256"},
  };
  for (const auto& [iso, windows] : siblings)
    if (charset == iso) return windows;
  return "WINDOWS-1252";
}

/// uchardet guesses rare Latin charsets for short Western text (Spanish "niño" came back as
/// ISO-8859-10, where 0xF1 is "ņ"). With little evidence, prefer Windows-1252.
std::string prefer_common_latin(const std::string& charset, std::string_view in) {
  static const char* const rare[] = {"ISO-8859-3",  "ISO-8859-4",  "ISO-8859-10",
                                     "ISO-8859-14", "ISO-8859-16", "MAC-CENTRALEUROPE"};
  bool is_rare = false;
  for (const char* r : rare)
    is_rare = is_rare || charset == r;
  if (!is_rare) return charset;
  std::size_t high = 0;
  for (unsigned char c : in)
    high += c >= 0x80;
  return high < 256 ? "WINDOWS-1252" : charset;
}

/// CRLF and lone CR to LF, in place.
void normalize_line_ends(std::string& s) {
  const std::size_t first = s.find('\r');
  if (first == std::string::npos) return;
  std::size_t w = first;
  for (std::size_t r = first; r < s.size(); ++r) {
    const char c = s[r];
    if (c == '\r') {
      s[w++] = '\n';
      if (r + 1 < s.size() && s[r + 1] == '\n') ++r;
    } else {
      s[w++] = c;
    }
  }
  s.resize(w);
}

/// 1-based line and column (in code points) of byte `offset` of `text`.
void line_and_column(std::string_view text, std::size_t offset, int& line, int& column) {
  line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n'))) {
      ++line;
      line_start = i + 1;
    }
  }
  column = static_cast<int>(utf8_length(text.substr(line_start, offset - line_start))) + 1;
}

} // namespace

DecodedText decode_text(std::string_view bytes, const std::string& display_name,
                        diag::DiagnosticSink& sink, const std::string& declared,
                        bool normalize_newlines) {
  DecodedText result;
  BadBytes bad;
  std::string_view in = bytes;
  bool check_nul_after = false;
  const char* how = "detected"; // for the encoding-detected info

  if (in.empty()) {
    result.encoding = "UTF-8";
    return result;
  }
  if (starts_with(in, "\xEF\xBB\xBF")) {
    in.remove_prefix(3);
    if (std::memchr(in.data(), '\0', in.size())) throw_binary(display_name);
    result.encoding = "UTF-8";
    result.text = decode_utf8_lenient(in, bad);
  } else if (starts_with(in, std::string_view("\xFF\xFE\0\0", 4)) ||
             starts_with(in, std::string_view("\0\0\xFE\xFF", 4))) {
    const bool le = in[0] == '\xFF';
    result.encoding = le ? "UTF-32LE" : "UTF-32BE";
    how = "byte order mark";
    in.remove_prefix(4);
    if (!convert_with_iconv(in, result.encoding, result.text, bad)) throw_binary(display_name);
    check_nul_after = true;
  } else if (starts_with(in, "\xFF\xFE") || starts_with(in, "\xFE\xFF")) {
    const bool le = in[0] == '\xFF';
    result.encoding = le ? "UTF-16LE" : "UTF-16BE";
    how = "byte order mark";
    in.remove_prefix(2);
    result.text = decode_utf16(in, le, bad);
    check_nul_after = true;
  } else if (std::memchr(in.data(), '\0', in.size())) {
    const std::string utf16 = guess_utf16(in);
    if (utf16.empty()) throw_binary(display_name);
    result.encoding = utf16;
    how = "detected from NUL bytes, no byte order mark";
    result.text = decode_utf16(in, utf16 == "UTF-16LE", bad);
    // Without a BOM, only trust the guess when the result reads like text.
    if (bad.count * 20 > in.size() / 2 || mostly_control(result.text)) throw_binary(display_name);
    check_nul_after = true;
  } else {
    if (mostly_control(in)) throw_binary(display_name);
    std::string charset = declared.empty() ? std::string() : iconv_name_for(declared);
    // HTML: a <meta> claiming UTF-16 in an ASCII-compatible file means UTF-8.
    if (is_utf16_label(charset)) charset = "UTF-8";
    const bool valid_utf8 = detail::first_invalid_utf8(in) == std::string_view::npos;
    if (!charset.empty() && charset != "UTF-8") {
      // Valid UTF-8 with non-ASCII content is practically never meant as a legacy charset
      // (saved pages are often re-encoded without updating their <meta>).
      const bool ascii_only =
          detail::ascii_prefix_length(reinterpret_cast<const unsigned char*>(in.data()),
                                      in.size()) == in.size();
      if (valid_utf8 && !ascii_only) {
        charset = "UTF-8";
      } else if (convert_with_iconv(in, charset, result.text, bad)) {
        result.encoding = charset;
        how = "declared";
      } else {
        charset.clear(); // unknown label: ignore it
      }
    }
    if (result.encoding.empty()) {
      if (valid_utf8) {
        result.encoding = "UTF-8";
        result.text = decode_utf8_lenient(in, bad);
      } else {
        std::size_t multibyte = 0, invalid = 0;
        utf8_census(in, multibyte, invalid);
        std::string detected;
        // Mostly UTF-8 with a few bad bytes (or declared UTF-8 with some real UTF-8 in it)
        // stays UTF-8; otherwise ask uchardet.
        const bool utf8_likely = multibyte > 0 && (invalid <= multibyte || charset == "UTF-8");
        if (!utf8_likely) {
          detected = prefer_common_latin(
              prefer_windows_code_page(iconv_name_for(detect_charset(in)), in), in);
          if (detected == "UTF-8" && multibyte == 0) detected = "WINDOWS-1252";
          if (detected.empty()) detected = multibyte > 0 ? "UTF-8" : "WINDOWS-1252";
        } else {
          detected = "UTF-8";
        }
        if (detected != "UTF-8" && !is_utf16_label(detected) &&
            convert_with_iconv(in, detected, result.text, bad)) {
          result.encoding = detected;
        } else if (detected != "UTF-8" && multibyte == 0 &&
                   convert_with_iconv(in, "WINDOWS-1252", result.text, bad)) {
          result.encoding = "WINDOWS-1252";
        } else {
          result.encoding = "UTF-8";
          result.text = decode_utf8_lenient(in, bad);
        }
      }
    }
  }

  if (check_nul_after && result.text.find('\0') != std::string::npos) throw_binary(display_name);

  // Anything but UTF-8 is worth an info line (shown with -v).
  if (result.encoding != "UTF-8")
    sink.emit("encoding-detected", "decoded as " + result.encoding + " (" + how + ")",
              diag::SourceLocation{display_name, 0, 0});

  if (bad.count > 0) {
    int line = 0, column = 0;
    line_and_column(result.text, bad.first_output_offset, line, column);
    std::string message = "invalid " + result.encoding + " byte sequence";
    message += bad.count == 1 ? " replaced with U+FFFD"
                              : "s replaced with U+FFFD (" + std::to_string(bad.count) +
                                    " in total, first on line " + std::to_string(line) + ")";
    sink.emit("invalid-encoding", std::move(message),
              diag::SourceLocation{display_name, line, column});
  }

  if (starts_with(result.text, "\xEF\xBB\xBF")) result.text.erase(0, 3);
  if (normalize_newlines) normalize_line_ends(result.text);
  result.text = nfc(result.text);
  return result;
}

} // namespace sheaf::util
