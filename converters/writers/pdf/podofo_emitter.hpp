// The PDF emitter: serializes laid-out pages with PoDoFo (the only code that includes it), page
// by page as the typesetter finishes them. Fonts are hb-subset subsets in hand-built Type0/CID
// dictionaries, written at the end; content streams are ours, written as each page arrives.
#pragma once

#include "diag/diagnostic.hpp"
#include "layout/hb_font_provider.hpp"
#include "layout/page_sink.hpp"
#include "layout/page_tree.hpp"
#include "model/resource_store.hpp"

#include <memory>
#include <string>

namespace sheaf::writers {

/// Streaming PDF 1.7 writer: each page given to page() gets its content stream (Flate) and
/// annotations at once and is not kept; finish() writes what needs the whole document (font
/// subsets, outline, named destinations, structure tree, metadata) and returns the bytes.
/// Glyph ids belong to faces of `fonts`; ImageItems refer to `resources`. Output is
/// reproducible (dates and /ID come from the tree's info.epoch). Throws
/// diag::Error(output, "pdf-write-failed") on failure.
class PdfEmitter final : public layout::PageSink {
public:
  PdfEmitter(layout::HbFontProvider& fonts, const model::ResourceStore& resources,
             diag::DiagnosticSink& sink);
  ~PdfEmitter() override;
  PdfEmitter(const PdfEmitter&) = delete;
  PdfEmitter& operator=(const PdfEmitter&) = delete;

  void page(const layout::Page& page, std::size_t index,
            const std::vector<layout::StructElement>& structure) override;

  /// Completes the file. `tree` gives the outline, structure and info; its pages, if any, are
  /// emitted first (after those given to page()). Call once.
  std::string finish(const layout::PageTree& tree);

private:
  class Impl;
  std::unique_ptr<Impl> m_impl;
};

/// Serialize `tree` as a PDF 1.7 file and return its bytes (PdfEmitter over all its pages).
std::string emit_pdf(const layout::PageTree& tree, layout::HbFontProvider& fonts,
                     const model::ResourceStore& resources, diag::DiagnosticSink& sink);

} // namespace sheaf::writers
