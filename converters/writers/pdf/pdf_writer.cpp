// The `pdf` writer: resolves the theme + user CSS, typesets with the shared HarfBuzz font
// provider and streams the pages into the PoDoFo emitter as they are finished.
#include "writers/pdf/pdf_writer.hpp"

#include "diag/error.hpp"
#include "layout/hb_font_provider.hpp"
#include "layout/hyphenator.hpp"
#include "layout/typeset.hpp"
#include "style/cascade.hpp"
#include "writers/pdf/podofo_emitter.hpp"
#include "writers/pdf/raster_image.hpp"

#include <cctype>

namespace sheaf::writers {
namespace {

/// Checks that an image resource the layout would draw can be decoded: GIF and SVG are
/// decoded (they are small; SVG at a token size, which parses the whole document), a PNG must
/// keep its end chunk (PoDoFo's own decoders stay the last defence in the emitter). Returns false
/// with `error` set when the image cannot be drawn.
bool image_decodes(const model::Resource& res, std::string& error) {
  const std::string& d = res.data;
  if (res.media_type == "image/gif") {
    RasterImage raster;
    return decode_gif_first_frame(d, raster, error);
  }
  if (res.media_type == "image/svg+xml") {
    RasterImage raster;
    return rasterize_svg(d, 8, 8, raster, error);
  }
  // The media type was sniffed from the signature; a PNG cut short has lost its final chunk.
  if (res.media_type == "image/png" && d.rfind("IEND") == std::string::npos) {
    error = "truncated PNG (no IEND chunk)";
    return false;
  }
  return true; // other types: the layout's unsupported-image path
}

} // namespace

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
  for (const auto& [id, res] : doc.resources.all()) {
    std::string error;
    if (res.data.empty() || image_decodes(res, error)) continue;
    while (!error.empty() && std::isspace(static_cast<unsigned char>(error.back())))
      error.pop_back(); // librsvg ends its messages with a newline
    topts.unreadable_images[id] = error.empty() ? std::string("unknown error") : error;
  }
  layout::HbFontProvider* provider = nullptr;
  try {
    provider = &shared_fonts();
  } catch (const std::exception& e) { // no usable font at all (fontconfig finds nothing)
    throw diag::Error(diag::ErrorKind::output, "pdf-write-failed",
                      std::string("cannot set up fonts: ") + e.what());
  }
  layout::HbFontProvider& fonts = *provider;
  // pages are written (and freed) as the typesetter finishes them; the emitter completes the
  // file with what needs the whole document (fonts, outline, structure)
  PdfEmitter emitter(fonts, doc.resources, sink);
  layout::PageTree tree = layout::typeset(doc, sheet, fonts, topts, sink, &emitter);
  return emitter.finish(tree);
}

} // namespace sheaf::writers
