// The exit-code table of the sheaf command (documented in README.md and --help).
#pragma once

#include "diag/error.hpp"

namespace sheaf::cli {

/// Process exit codes. Stable: scripts and CI depend on them.
enum ExitCode : int {
  exit_ok = 0,            ///< every input converted
  exit_input = 1,         ///< an input is missing, unreadable or cannot be converted
  exit_usage = 2,         ///< bad command line
  exit_strict = 3,        ///< warnings were reported and --strict was given (nothing written)
  exit_output = 4,        ///< an output file could not be written
  exit_partial = 5,       ///< batch: some inputs converted, some failed
  exit_internal = 6,      ///< internal error (a bug: please report it)
  exit_interrupted = 130, ///< interrupted by SIGINT/SIGTERM; no partial files are left
};

/// The exit code for a fatal error of this kind.
inline int exit_code_for(diag::ErrorKind kind) {
  switch (kind) {
  case diag::ErrorKind::input:
    return exit_input;
  case diag::ErrorKind::usage:
    return exit_usage;
  case diag::ErrorKind::output:
    return exit_output;
  case diag::ErrorKind::internal:
    return exit_internal;
  }
  return exit_internal;
}

/// The table as printed at the end of --help.
inline const char* exit_code_help() {
  return "Exit codes:\n"
         "  0    success\n"
         "  1    input missing, unreadable or not convertible\n"
         "  2    usage error (bad option, unknown format)\n"
         "  3    warnings with --strict (no output written)\n"
         "  4    output could not be written\n"
         "  5    batch: some inputs failed, the others were converted\n"
         "  6    internal error (please report)\n"
         "  130  interrupted (partial files are removed)\n";
}

} // namespace sheaf::cli
