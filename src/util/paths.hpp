// Path helpers: resolving resource references inside allowed roots (the sandbox rule),
// readable file names, extension checks.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace sheaf::util {

/// Resolve `ref` (relative path, or file: URL) against `base`. Returns the canonical path
/// when it lies inside `base` or one of `roots`, std::nullopt when it escapes them.
/// Does not check existence beyond what canonicalization needs.
std::optional<std::filesystem::path>
resolve_inside(const std::string& ref, const std::filesystem::path& base,
               const std::vector<std::filesystem::path>& roots);

/// Lower-case extension with dot (".html"), or "".
std::string lower_extension(const std::string& path);

/// Percent-decode a URL path component.
std::string percent_decode(std::string_view s);

/// Read a whole file; throws diag::Error(input, "input-unreadable"|"input-not-found"|
/// "input-is-directory") with the path in the message.
std::string read_file(const std::filesystem::path& path);

} // namespace sheaf::util
