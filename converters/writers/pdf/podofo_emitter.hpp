// The PDF emitter: serializes a laid-out page tree with PoDoFo (the only code that includes it).
// Fonts are hb-subset subsets in hand-built Type0/CID dictionaries; content streams are ours.
#pragma once

#include "diag/diagnostic.hpp"
#include "layout/hb_font_provider.hpp"
#include "layout/page_tree.hpp"
#include "model/resource_store.hpp"

#include <string>

namespace sheaf::writers {

/// Serialize `tree` as a PDF 1.7 file and return its bytes. Glyph ids in the tree belong to
/// faces of `fonts`; ImageItems refer to `resources`. Output is reproducible (dates and /ID
/// come from tree.info.epoch). Throws diag::Error(output, "pdf-write-failed") on failure.
std::string emit_pdf(const layout::PageTree& tree, layout::HbFontProvider& fonts,
                     const model::ResourceStore& resources, diag::DiagnosticSink& sink);

} // namespace sheaf::writers
