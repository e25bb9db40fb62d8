// Recoverable problems: severity, stable code, message and source location, sent to a sink.
// The CLI decides how to print them; library code never prints.
#pragma once

#include "model/source_span.hpp"

#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace sheaf::diag {

enum class Severity { debug, info, warning, error };

/// "debug", "info", "warning" or "error".
const char* severity_name(Severity s);

/// file:line:column of a diagnostic (line/column 0 = unknown).
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;

  static SourceLocation from(const model::SourceSpan& span) {
    return {span.file_name(), span.line, span.column};
  }
};

/// One diagnostic. `code` is stable kebab-case; tests assert codes, not wording.
struct Diagnostic {
  Severity severity = Severity::warning;
  std::string code;
  std::string message;
  SourceLocation location;
  std::vector<std::string> hints;
};

/// The severity a code has in the one code table (codes.cpp); unknown codes are warnings.
Severity default_severity(std::string_view code);

/// Build a diagnostic whose severity comes from the code table.
Diagnostic make(std::string_view code, std::string message, SourceLocation where = {});

/// Receives diagnostics. Implementations must be safe to call from the thread that owns them.
class DiagnosticSink {
public:
  virtual ~DiagnosticSink() = default;
  virtual void report(Diagnostic d) = 0;

  /// Shorthand: report(make(code, message, where)).
  void emit(std::string_view code, std::string message, SourceLocation where = {}) {
    report(make(code, std::move(message), std::move(where)));
  }
};

/// A sink that keeps everything it receives (thread-safe), in arrival order.
class CollectingSink : public DiagnosticSink {
public:
  void report(Diagnostic d) override;
  /// Snapshot of the diagnostics received so far.
  std::vector<Diagnostic> diagnostics() const;
  /// Number of diagnostics at or above `s`.
  std::size_t count(Severity at_least) const;
  /// True if some diagnostic has this code.
  bool has(std::string_view code) const;

private:
  mutable std::mutex m_mutex;
  std::vector<Diagnostic> m_items;
};

/// A sink that drops everything (for callers that do not care).
class NullSink : public DiagnosticSink {
public:
  void report(Diagnostic) override {}
};

} // namespace sheaf::diag
