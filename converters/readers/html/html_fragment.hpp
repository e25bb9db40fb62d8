// Raw HTML inside another format (Markdown's HTML blocks and inline elements), converted
// through the HTML reader's element mapping and sanitising (no scripts, same image sandbox).
#pragma once

#include "diag/diagnostic.hpp"
#include "format/options.hpp"
#include "model/builder.hpp"

#include <string_view>

namespace sheaf::readers {

/// Convert the HTML fragment `html` at the builder's current position: between blocks (an HTML
/// block) or inside a paragraph (an inline <img>), as the builder's state says. `first_line` is
/// the fragment's line in the input, so source spans and diagnostics point into that file.
void append_html_fragment(std::string_view html, model::DocumentBuilder& builder,
                          const format::ReadOptions& options, diag::DiagnosticSink& sink,
                          int first_line = 1);

} // namespace sheaf::readers
