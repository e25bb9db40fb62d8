// URL normalization: IDNA host names (ICU UTS #46) and percent-encoding.

#include "util/url.hpp"

#include <cctype>
#include <memory>
#include <unicode/uidna.h>

namespace sheaf::util {
namespace {

bool is_hex(char c) {
  return std::isxdigit(static_cast<unsigned char>(c)) != 0;
}

/// Percent-encode what may not appear literally in a URL; keep existing %XX escapes.
void append_encoded(std::string& out, std::string_view s) {
  static const char* const hex = "0123456789ABCDEF";
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    bool escape_start = c == '%' && i + 2 < s.size() && is_hex(s[i + 1]) && is_hex(s[i + 2]);
    bool bad = c >= 0x80 || c <= 0x20 || c == 0x7F || c == '"' || c == '<' || c == '>' ||
               c == '\\' || c == '^' || c == '`' || c == '{' || c == '|' || c == '}' ||
               (c == '%' && !escape_start);
    if (!bad) {
      out += static_cast<char>(c);
      continue;
    }
    out += '%';
    out += hex[c >> 4];
    out += hex[c & 0xF];
  }
}

/// The ASCII form of a host name; false when IDNA rejects it.
bool host_to_ascii(std::string_view host, std::string& out) {
  UErrorCode err = U_ZERO_ERROR;
  std::unique_ptr<UIDNA, decltype(&uidna_close)> idna(uidna_openUTS46(UIDNA_DEFAULT, &err),
                                                      &uidna_close);
  if (U_FAILURE(err)) return false;
  std::string buffer(host.size() * 4 + 64, '\0');
  UIDNAInfo info = UIDNA_INFO_INITIALIZER;
  int32_t n =
      uidna_nameToASCII_UTF8(idna.get(), host.data(), static_cast<int32_t>(host.size()),
                             buffer.data(), static_cast<int32_t>(buffer.size()), &info, &err);
  if (U_FAILURE(err) || info.errors != 0 || n <= 0) return false;
  out.assign(buffer.data(), static_cast<std::size_t>(n));
  return true;
}

} // namespace

std::string normalize_url(std::string_view url) {
  std::size_t i = 0;
  while (i < url.size() && (std::isalnum(static_cast<unsigned char>(url[i])) || url[i] == '+' ||
                            url[i] == '-' || url[i] == '.'))
    ++i;
  if (i < 2 || i >= url.size() || url[i] != ':' ||
      !std::isalpha(static_cast<unsigned char>(url[0])))
    return std::string(url); // relative reference or fragment: left alone
  std::string out(url.substr(0, i + 1));
  std::string_view rest = url.substr(i + 1);
  if (rest.substr(0, 2) == "//") {
    out += "//";
    rest.remove_prefix(2);
    std::size_t end = rest.find_first_of("/?#");
    std::string_view authority = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end);
    std::size_t at = authority.rfind('@');
    if (at != std::string_view::npos) {
      append_encoded(out, authority.substr(0, at + 1));
      authority.remove_prefix(at + 1);
    }
    std::string_view host = authority;
    std::string_view port;
    std::size_t colon = authority.rfind(':');
    if (colon != std::string_view::npos && authority.find(']') == std::string_view::npos) {
      host = authority.substr(0, colon);
      port = authority.substr(colon);
    }
    bool ascii = true;
    for (char c : host)
      ascii = ascii && static_cast<unsigned char>(c) < 0x80;
    std::string converted;
    if (!ascii && host_to_ascii(host, converted))
      out += converted;
    else
      append_encoded(out, host);
    append_encoded(out, port);
  }
  append_encoded(out, rest);
  return out;
}

} // namespace sheaf::util
