// The `pdf` writer: resolves the theme + user CSS, typesets with the shared HarfBuzz font
// provider and serializes the page tree with the PoDoFo emitter.
#include "writers/pdf/pdf_writer.hpp"

#include "diag/error.hpp"
#include "layout/hb_font_provider.hpp"
#include "layout/hyphenator.hpp"
#include "layout/typeset.hpp"
#include "style/cascade.hpp"
#include "writers/pdf/podofo_emitter.hpp"

namespace sheaf::writers {

layout::HbFontProvider& PdfWriter::shared_fonts() {
  static layout::HbFontProvider fonts; // thread-safe initialization (C++11 statics)
  return fonts;
}

std::string PdfWriter::write(const model::Document& doc, const format::WriteOptions& options,
                             diag::DiagnosticSink& sink) const {
  // the hyphenation dictionary loads on another core while fonts and styles are set up
  layout::Hyphenator::prefetch(doc.meta.language.empty() ? "en" : doc.meta.language);
  style::Stylesheet sheet = style::load_stylesheet(options.style, options.user_css, sink);
  layout::TypesetOptions topts;
  topts.paper = options.paper;
  topts.margin = options.margin;
  topts.source_date_epoch = options.source_date_epoch;
  topts.toc = options.toc;
  layout::HbFontProvider* provider = nullptr;
  try {
    provider = &shared_fonts();
  } catch (const std::exception& e) { // no usable font at all (fontconfig finds nothing)
    throw diag::Error(diag::ErrorKind::output, "pdf-write-failed",
                      std::string("cannot set up fonts: ") + e.what());
  }
  layout::HbFontProvider& fonts = *provider;
  layout::PageTree tree = layout::typeset(doc, sheet, fonts, topts, sink);
  return emit_pdf(tree, fonts, doc.resources, sink);
}

} // namespace sheaf::writers
