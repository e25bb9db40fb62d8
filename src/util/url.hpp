// URL normalization for output: internationalized host names to their ASCII (punycode) form
// and percent-encoding of the characters strict URL parsers (epubcheck, browsers) reject.
#pragma once

#include <string>
#include <string_view>

namespace sheaf::util {

/// Normalize an absolute URL (one with a scheme): an authority's host goes through IDNA
/// (UTS #46, "测.com" -> "xn--0zw.com"); non-ASCII bytes, spaces, controls and `"<>\^`{|}`
/// elsewhere become %XX; a `%` not starting a %XX escape becomes %25. Relative references
/// and fragments ("#id", "img/a b.png") are returned unchanged.
std::string normalize_url(std::string_view url);

} // namespace sheaf::util
