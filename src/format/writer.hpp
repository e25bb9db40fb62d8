// The Writer interface: a finished Document -> the bytes of one output file.
#pragma once

#include "diag/diagnostic.hpp"
#include "format/options.hpp"
#include "model/document.hpp"

#include <string>

namespace sheaf::format {

/// Serializes documents to one output format. Stateless and thread-safe.
class Writer {
public:
  virtual ~Writer() = default;
  /// The complete output file. Throws diag::Error(output) when it cannot be produced.
  virtual std::string write(const model::Document& doc, const WriteOptions& options,
                            diag::DiagnosticSink& sink) const = 0;
  /// True when the output is binary (cannot be written to a terminal).
  virtual bool binary() const { return true; }
};

} // namespace sheaf::format
