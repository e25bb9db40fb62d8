// The `native` writer: the stable AST dump (model::dump) used by golden tests and debugging.
#pragma once

#include "format/writer.hpp"

namespace sheaf::writers {

/// Writes model::dump() of the document.
class NativeWriter : public format::Writer {
public:
  std::string write(const model::Document& doc, const format::WriteOptions& options,
                    diag::DiagnosticSink& sink) const override;
  bool binary() const override { return false; }
};

} // namespace sheaf::writers
