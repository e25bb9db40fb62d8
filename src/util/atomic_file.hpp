// Writing an output file atomically: a temporary file in the target folder, renamed on
// success, removed on failure, so a failed run never leaves a partial or clobbered file.
#pragma once

#include <filesystem>
#include <string_view>

namespace sheaf::util {

/// Write `data` to `path` through a temp file + rename. Throws diag::Error(output,
/// "output-unwritable") on failure, leaving any existing file untouched.
void write_file_atomic(const std::filesystem::path& path, std::string_view data);

/// Remove every temp file this process still has open (for signal handlers / interruption).
void remove_pending_temp_files() noexcept;

} // namespace sheaf::util
