// Entry point of the layout engine: Document + stylesheet + fonts -> PageTree. The PDF writer
// calls only this (then hands the tree to the emitter).
#pragma once

#include "diag/diagnostic.hpp"
#include "layout/font_provider.hpp"
#include "layout/page_sink.hpp"
#include "layout/page_tree.hpp"
#include "model/document.hpp"
#include "style/css_parser.hpp"

#include <map>
#include <string>

namespace sheaf::layout {

/// Options of one typesetting run (from the command line; empty = from the stylesheet).
struct TypesetOptions {
  std::string paper;  ///< a4|letter|a5|WxH; empty: @page size or A4
  std::string margin; ///< CSS length or 1-4 lengths ("2cm", "20mm 25mm"); empty: @page margin
  long long source_date_epoch = -1; ///< fixed timestamp for PageTreeInfo::epoch (-1: 0)
  bool running_header = true;       ///< title in the header from page 2
  bool page_numbers = true;         ///< page number in the footer
  bool toc = false;                 ///< printed table of contents after the title block
  /// Image resources (by id) the writer could not decode, with the reason: they are set as
  /// their alt text, with an `image-unreadable` warning at each use.
  std::map<std::string, std::string> unreadable_images;
};

/// Lay out `doc` with `sheet` and `fonts`. Never throws on content (bad option values throw
/// diag::Error usage with code `bad-paper`/`bad-margin`); problems go to `sink`
/// (`overfull-line`, `missing-glyph`, `css-*`). With `pages`, each page goes there as soon as
/// it is final and is freed (the returned tree has no pages, only the outline, structure and
/// info); without, the tree holds all pages.
PageTree typeset(const model::Document& doc, const style::Stylesheet& sheet, FontProvider& fonts,
                 const TypesetOptions& options, diag::DiagnosticSink& sink,
                 PageSink* pages = nullptr);

} // namespace sheaf::layout
