// Link policy for packaged XHTML (see link_policy.hpp).
#include "writers/xhtml/link_policy.hpp"

#include "util/url.hpp"
#include "util/utf8.hpp"

#include <cctype>
#include <vector>

namespace sheaf::writers {
namespace {

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

/// The scheme of `url` ("http"), or "" when it has none.
std::string scheme_of(std::string_view url) {
  if (url.empty() || !std::isalpha(static_cast<unsigned char>(url[0]))) return {};
  for (std::size_t i = 1; i < url.size(); ++i) {
    char c = url[i];
    if (c == ':') return lower_ascii(url.substr(0, i));
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') return {};
  }
  return {};
}

std::string remove_dot_segments(std::string_view path) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  bool trailing_slash = false;
  while (pos <= path.size()) {
    std::size_t next = path.find('/', pos);
    if (next == std::string_view::npos) next = path.size();
    std::string seg(path.substr(pos, next - pos));
    trailing_slash = false;
    if (seg == "..") {
      if (out.size() > 1) out.pop_back();
      trailing_slash = true;
    } else if (seg == ".") {
      trailing_slash = true;
    } else if (!(seg.empty() && !out.empty() && next < path.size())) {
      out.push_back(seg);
    }
    pos = next + 1;
  }
  std::string result;
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (i > 0) result += '/';
    result += out[i];
  }
  if (trailing_slash && (result.empty() || result.back() != '/')) result += '/';
  if (result.empty() || result[0] != '/') result.insert(result.begin(), '/');
  return result;
}

} // namespace

std::string clean_url(std::string_view url) {
  return util::normalize_url(util::strip_xml_invalid(util::trim(url)));
}

std::string resolve_url(std::string_view ref, std::string_view base) {
  std::string scheme = scheme_of(base);
  if (scheme != "http" && scheme != "https") return {};
  std::size_t auth_start = scheme.size() + 3;
  if (base.substr(scheme.size(), 3) != "://") return {};
  std::size_t auth_end = base.find_first_of("/?#", auth_start);
  if (auth_end == std::string_view::npos) auth_end = base.size();
  std::string_view authority = base.substr(auth_start, auth_end - auth_start);
  if (authority.empty()) return {};
  std::string_view rest = base.substr(auth_end);
  std::string_view base_path = rest.substr(0, rest.find_first_of("?#"));
  std::string_view base_query;
  if (std::size_t q = rest.find('?'); q != std::string_view::npos)
    base_query =
        rest.substr(q, rest.find('#', q) == std::string_view::npos ? std::string_view::npos
                                                                   : rest.find('#', q) - q);
  std::string prefix = scheme + "://" + std::string(authority);

  if (!scheme_of(ref).empty()) return std::string(ref);
  if (ref.substr(0, 2) == "//") return scheme + ":" + std::string(ref);
  // split the reference into path and suffix (?query#fragment)
  std::size_t suffix_at = ref.find_first_of("?#");
  std::string_view ref_path = ref.substr(0, suffix_at);
  std::string_view suffix = suffix_at == std::string_view::npos ? "" : ref.substr(suffix_at);
  if (ref_path.empty()) {
    std::string path = base_path.empty() ? "/" : std::string(base_path);
    if (!suffix.empty() && suffix[0] == '#')
      return prefix + path + std::string(base_query) + std::string(suffix);
    return prefix + path + std::string(suffix);
  }
  if (ref_path[0] == '/') return prefix + remove_dot_segments(ref_path) + std::string(suffix);
  std::string dir(base_path.substr(
      0, base_path.rfind('/') == std::string_view::npos ? 0 : base_path.rfind('/') + 1));
  if (dir.empty()) dir = "/";
  return prefix + remove_dot_segments(dir + std::string(ref_path)) + std::string(suffix);
}

LinkDecision decide_link(std::string_view url, std::string_view base_url) {
  LinkDecision d;
  std::string_view u = util::trim(url);
  if (u.empty()) {
    d.reason = "empty link";
    return d;
  }
  if (u[0] == '#') {
    d.action = LinkAction::internal;
    d.href = std::string(u.substr(1));
    return d;
  }
  std::string scheme = scheme_of(u);
  if (!scheme.empty()) {
    if (scheme == "http" || scheme == "https" || scheme == "mailto" || scheme == "ftp" ||
        scheme == "tel") {
      d.action = LinkAction::keep;
      d.href = clean_url(u);
    } else {
      d.reason = "a " + scheme + ": link cannot be kept in a publication";
    }
    return d;
  }
  std::string resolved = resolve_url(u, base_url);
  if (!resolved.empty()) {
    d.action = LinkAction::keep;
    d.href = clean_url(resolved);
    return d;
  }
  d.reason = "relative link '" + std::string(u) +
             "' points outside the publication and the source URL is unknown";
  return d;
}

} // namespace sheaf::writers
