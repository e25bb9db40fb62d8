// The fatal error type.
#include "diag/error.hpp"

namespace sheaf::diag {

Error::Error(ErrorKind kind, std::string_view code, std::string message, SourceLocation where)
    : std::runtime_error(message), m_kind(kind) {
  m_diag.severity = Severity::error;
  m_diag.code = std::string(code);
  m_diag.message = std::move(message);
  m_diag.location = std::move(where);
}

} // namespace sheaf::diag
