// Diagnostic construction and the collecting sink.
#include "diag/diagnostic.hpp"

#include <algorithm>

namespace sheaf::diag {

const char* severity_name(Severity s) {
  switch (s) {
  case Severity::debug:
    return "debug";
  case Severity::info:
    return "info";
  case Severity::warning:
    return "warning";
  case Severity::error:
    return "error";
  }
  return "error";
}

Diagnostic make(std::string_view code, std::string message, SourceLocation where) {
  Diagnostic d;
  d.severity = default_severity(code);
  d.code = std::string(code);
  d.message = std::move(message);
  d.location = std::move(where);
  return d;
}

void CollectingSink::report(Diagnostic d) {
  std::lock_guard lock(m_mutex);
  m_items.push_back(std::move(d));
}

std::vector<Diagnostic> CollectingSink::diagnostics() const {
  std::lock_guard lock(m_mutex);
  return m_items;
}

std::size_t CollectingSink::count(Severity at_least) const {
  std::lock_guard lock(m_mutex);
  return static_cast<std::size_t>(
      std::count_if(m_items.begin(), m_items.end(), [&](const Diagnostic& d) {
        return static_cast<int>(d.severity) >= static_cast<int>(at_least);
      }));
}

bool CollectingSink::has(std::string_view code) const {
  std::lock_guard lock(m_mutex);
  return std::any_of(m_items.begin(), m_items.end(),
                     [&](const Diagnostic& d) { return d.code == code; });
}

} // namespace sheaf::diag
