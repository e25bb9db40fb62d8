// Path helpers: the resource sandbox (references must resolve inside the input folder or an
// allowed root, after symlinks), extensions, percent-decoding and whole-file reading.
#include "util/paths.hpp"

#include "diag/error.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <system_error>

namespace sheaf::util {

namespace fs = std::filesystem;

namespace {

char ascii_lower_char(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool iequals_prefix(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (ascii_lower_char(s[i]) != ascii_lower_char(prefix[i])) return false;
  return true;
}

/// True if `s` starts with a URL scheme ("http:", "data:", ...).
bool has_scheme(std::string_view s) {
  if (s.empty() || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z'))) return false;
  for (std::size_t i = 1; i < s.size(); ++i) {
    const char c = s[i];
    if (c == ':') return i >= 2; // a one-letter "scheme" would be a drive letter
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '+' || c == '-' || c == '.';
    if (!ok) return false;
  }
  return false;
}

std::string_view strip_query_and_fragment(std::string_view s) {
  const std::size_t cut = s.find_first_of("?#");
  return cut == std::string_view::npos ? s : s.substr(0, cut);
}

/// Canonical form (symlinks resolved where the path exists); empty on error.
fs::path canonical_or_empty(const fs::path& p) {
  std::error_code ec;
  fs::path abs = fs::absolute(p, ec);
  if (ec) return {};
  fs::path c = fs::weakly_canonical(abs, ec);
  if (ec) return {};
  return c.lexically_normal();
}

/// True if `child` equals `parent` or lies below it (both canonical).
bool is_within(const fs::path& child, const fs::path& parent) {
  if (parent.empty() || child.empty()) return false;
  auto c = child.begin();
  for (auto p = parent.begin(); p != parent.end(); ++p, ++c) {
    if (p->empty() && std::next(p) == parent.end()) break; // trailing separator of "dir/"
    if (c == child.end() || *c != *p) return false;
  }
  return true;
}

/// Candidate filesystem paths for a reference, most literal first.
std::vector<std::string> candidates_for(const std::string& ref) {
  std::vector<std::string> out;
  std::string_view r = ref;
  if (iequals_prefix(r, "file:")) {
    r.remove_prefix(5);
    if (r.substr(0, 2) == "//") {
      r.remove_prefix(2);
      const std::size_t slash = r.find('/');
      const std::string_view host = r.substr(0, slash);
      if (!host.empty() && !(host.size() == 9 && iequals_prefix(host, "localhost")))
        return out; // a remote host is never local
      if (slash == std::string_view::npos) return out;
      r.remove_prefix(slash);
    }
    out.push_back(percent_decode(strip_query_and_fragment(r)));
    return out;
  }
  if (has_scheme(r)) return out; // http:, data:, mailto: ... are not local files
  out.push_back(ref);
  const std::string decoded = percent_decode(strip_query_and_fragment(r));
  if (decoded != ref) out.push_back(decoded);
  return out;
}

} // namespace

std::optional<fs::path> resolve_inside(const std::string& ref, const fs::path& base,
                                       const std::vector<fs::path>& roots) {
  if (ref.empty()) return std::nullopt;
  std::vector<fs::path> allowed;
  if (fs::path b = canonical_or_empty(base); !b.empty()) allowed.push_back(b);
  for (const fs::path& r : roots)
    if (fs::path c = canonical_or_empty(r); !c.empty()) allowed.push_back(c);
  if (allowed.empty()) return std::nullopt;

  std::optional<fs::path> fallback;
  for (const std::string& cand : candidates_for(ref)) {
    if (cand.empty() || cand.find('\0') != std::string::npos) continue;
    fs::path p(cand);
    if (p.is_relative()) p = base / p;
    const fs::path resolved = canonical_or_empty(p);
    if (resolved.empty()) continue;
    bool inside = false;
    for (const fs::path& a : allowed)
      inside = inside || is_within(resolved, a);
    if (!inside) continue;
    std::error_code ec;
    if (fs::exists(resolved, ec)) return resolved;
    if (!fallback) fallback = resolved;
  }
  return fallback;
}

std::string lower_extension(const std::string& path) {
  std::string ext = fs::path(path).extension().string();
  for (char& c : ext)
    c = ascii_lower_char(c);
  return ext;
}

std::string percent_decode(std::string_view s) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

std::string read_file(const fs::path& path) {
  const std::string name = path.string();
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (st.type() == fs::file_type::not_found)
    throw diag::Error(diag::ErrorKind::input, "input-not-found", "cannot find " + name,
                      diag::SourceLocation{name, 0, 0});
  if (st.type() == fs::file_type::directory)
    throw diag::Error(diag::ErrorKind::input, "input-is-directory",
                      name + " is a directory, not a file", diag::SourceLocation{name, 0, 0});
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(name.c_str(), "rb"), &std::fclose);
  if (!f) {
    const int err = errno;
    throw diag::Error(diag::ErrorKind::input, "input-unreadable",
                      "cannot read " + name + ": " + std::strerror(err),
                      diag::SourceLocation{name, 0, 0});
  }
  std::string data;
  if (st.type() == fs::file_type::regular) {
    const auto size = fs::file_size(path, ec);
    if (!ec) data.reserve(static_cast<std::size_t>(size));
  }
  char buf[1 << 16];
  for (;;) {
    const std::size_t n = std::fread(buf, 1, sizeof buf, f.get());
    data.append(buf, n);
    if (n < sizeof buf) {
      if (std::ferror(f.get())) {
        const int err = errno;
        throw diag::Error(diag::ErrorKind::input, "input-unreadable",
                          "cannot read " + name + ": " + std::strerror(err),
                          diag::SourceLocation{name, 0, 0});
      }
      break;
    }
  }
  return data;
}

} // namespace sheaf::util
