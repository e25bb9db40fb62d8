// The `pdf` writer: stylesheet resolution -> layout::typeset -> PoDoFo emitter.
#pragma once

#include "format/writer.hpp"

namespace sheaf::layout {
class HbFontProvider;
}

namespace sheaf::writers {

/// Writes a typeset PDF. Stateless; all instances share one thread-safe font provider.
class PdfWriter : public format::Writer {
public:
  std::string write(const model::Document& doc, const format::WriteOptions& options,
                    diag::DiagnosticSink& sink) const override;

  /// The process-wide font provider (created on first use, thread-safe).
  static layout::HbFontProvider& shared_fonts();
};

} // namespace sheaf::writers
