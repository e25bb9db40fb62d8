// The native writer.
#include "writers/native/native_writer.hpp"

#include "model/dump.hpp"

namespace sheaf::writers {

std::string NativeWriter::write(const model::Document& doc, const format::WriteOptions&,
                                diag::DiagnosticSink&) const {
  return model::dump(doc);
}

} // namespace sheaf::writers
