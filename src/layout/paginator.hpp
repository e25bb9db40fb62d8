// Vertical layout: a stream of boxes (lines, spaces) with break permissions -> pages.
// Widows/orphans, keep-with-next and forced breaks are encoded by the typesetter as
// `break_before` / `force_break_before` on the boxes.
#pragma once

#include "layout/page_tree.hpp"

#include <memory>
#include <vector>

namespace sheaf::layout {

/// One unit of vertical layout. Items have absolute x and y relative to the box top.
struct VBox {
  double height = 0;
  std::vector<PageItem> items;
  bool discardable = false; ///< vertical space: dropped at the top of a page
  bool break_before = true; ///< a page break may occur before this box
  bool force_break_before = false;
  std::vector<OutlineEntry> outline; ///< entries anchored at the box top (y relative)
  /// Table header repeated above this box when it starts a page (table body rows).
  std::shared_ptr<const VBox> repeat_header;
  /// Footnotes whose references are in this box: they go to the foot of the same page.
  std::vector<VBox> notes;
};

/// Page geometry for the paginator (points).
struct PageGeometry {
  double width = 595.276, height = 841.89;
  double top = 72, bottom = 72, left = 72, right = 72;
  double content_width() const { return width - left - right; }
  double content_height() const { return height - top - bottom; }
};

/// Breaks `boxes` into pages: greedy fill, then backtrack to the last allowed break on the
/// page; a page with no allowed break is cut where it overflows. Footnotes go to the foot of
/// their reference's page; a note that cannot stay whole with its reference even on an empty
/// page is split: the lines that fit go under it, the rest opens the next page's foot (pages
/// of notes only when the rest is longer than a page). Outline entries get their page and
/// absolute y.
std::vector<Page> paginate(std::vector<VBox>& boxes, const PageGeometry& geometry,
                           std::vector<OutlineEntry>& outline);

} // namespace sheaf::layout
