// The Reader interface: bytes of one input -> a Document, via DocumentBuilder.
#pragma once

#include "diag/diagnostic.hpp"
#include "format/options.hpp"
#include "model/document.hpp"

#include <string_view>

namespace sheaf::format {

/// Reads one input format. Readers are total: malformed input degrades with warnings; only
/// undecodable input throws diag::Error. Implementations are stateless and thread-safe.
class Reader {
public:
  virtual ~Reader() = default;
  /// Parse `bytes` (the whole input) into a document.
  virtual model::Document read(std::string_view bytes, const ReadOptions& options,
                               diag::DiagnosticSink& sink) const = 0;
};

} // namespace sheaf::format
