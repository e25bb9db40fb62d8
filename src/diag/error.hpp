// The one fatal error type. Thrown anywhere, caught only in src/cli/main.cpp (and the batch
// runner), which maps its kind to an exit code.
#pragma once

#include "diag/diagnostic.hpp"

#include <stdexcept>

namespace sheaf::diag {

/// What failed, which decides the exit code.
enum class ErrorKind {
  input,    ///< input missing, unreadable or not convertible
  usage,    ///< bad command line or option value
  output,   ///< output cannot be written
  internal, ///< a bug: invariant broken
};

/// A fatal error carrying a diagnostic (severity error, stable code).
class Error : public std::runtime_error {
public:
  Error(ErrorKind kind, std::string_view code, std::string message, SourceLocation where = {});

  ErrorKind kind() const { return m_kind; }
  const Diagnostic& diagnostic() const { return m_diag; }

private:
  ErrorKind m_kind;
  Diagnostic m_diag;
};

} // namespace sheaf::diag
