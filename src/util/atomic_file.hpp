// Writing an output file atomically: a temporary file in the target folder, renamed on
// success, removed on failure, so a failed run never leaves a partial or clobbered file.
#pragma once

#include <filesystem>
#include <string_view>

namespace sheaf::util {

/// Write `data` to `path` through a temp file + rename. Throws diag::Error(output,
/// "output-unwritable") on failure, leaving any existing file untouched.
void write_file_atomic(const std::filesystem::path& path, std::string_view data);

/// Remove every temp file this process still has open (async-signal-safe, for signal handlers).
/// A temp file being created by another thread at that instant can be missed.
void remove_pending_temp_files() noexcept;

/// For a thread that handles an interruption (not a signal handler): stop every thread from
/// creating or renaming temp files from now on, then remove all pending ones. The caller must
/// end the process (`_exit`) next.
void freeze_and_remove_pending_temp_files() noexcept;

} // namespace sheaf::util
