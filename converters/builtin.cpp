// The one table of built-in formats: name, description, extensions, factory.
// Explicit registration (no static self-registration: linkers drop it from static libraries).
#include "builtin.hpp"

#include "writers/native/native_writer.hpp"
#include "writers/pdf/pdf_writer.hpp"

#include <memory>

namespace sheaf {

void register_builtin_formats(format::Registry& r) {
  // Readers
  // Writers
  r.add_writer({"native", "the document model as a stable text dump (for tests)", {".native"}},
               [] { return std::make_unique<writers::NativeWriter>(); });
  r.add_writer({"pdf", "PDF 1.7, typeset by sheaf's layout engine (HarfBuzz, PoDoFo)", {".pdf"}},
               [] { return std::make_unique<writers::PdfWriter>(); });
}

} // namespace sheaf
