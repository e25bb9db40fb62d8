// Link policy shared by the XHTML-based writers: which hrefs may appear in a packaged
// publication, and how site-relative and relative links are made absolute or unwrapped.
#pragma once

#include <string>
#include <string_view>

namespace sheaf::writers {

/// What to do with a link found in the document.
enum class LinkAction {
  internal, ///< "#id": rewrite through the chunk map
  keep,     ///< absolute link with a safe scheme (href holds the cleaned URL)
  unwrap,   ///< keep the content, drop the <a> (script URLs, unresolvable relative links)
};

/// The decision for one link and the href to write when it is kept.
struct LinkDecision {
  LinkAction action = LinkAction::unwrap;
  std::string href;   ///< cleaned absolute URL (keep) or the fragment id (internal)
  std::string reason; ///< why it was unwrapped, for the diagnostic
};

/// Decide what to do with `url`. Relative and site-relative URLs are resolved against
/// `base_url` (the document's source URL) when it is an absolute http(s) URL, and unwrapped
/// otherwise. Schemes other than http, https, mailto, ftp and tel are unwrapped.
LinkDecision decide_link(std::string_view url, std::string_view base_url);

/// Resolve a relative reference against an absolute http(s) base (RFC 3986 §5, simplified:
/// dot segments removed, query and fragment kept). Returns "" when `base` is not usable.
std::string resolve_url(std::string_view ref, std::string_view base);

/// A URL that URL parsers accept: an internationalized host in ASCII (IDNA), and the bytes
/// that may not appear in a URL (space, quotes, <, >, backslash, ^, `, {, |, }, controls,
/// non-ASCII, a '%' that starts no escape) percent-encoded.
std::string clean_url(std::string_view url);

} // namespace sheaf::writers
