// Vertical layout: a stream of boxes (lines, spaces) with break permissions -> pages.
// Widows/orphans, keep-with-next and forced breaks are encoded by the typesetter as
// `break_before` / `force_break_before` on the boxes. Pagination runs in increments: boxes
// are added as they are set, and pages come out as soon as nothing can move them any more.
#pragma once

#include "layout/page_tree.hpp"

#include <limits>
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

/// A run of boxes that may float (a block image or a figure): boxes [begin, end), indices
/// counted from the first box given to the paginator (or, in Paginator::add, from the first
/// box of that call).
struct FloatRange {
  std::size_t begin = 0, end = 0;
};

/// Footnote lines held over from one page to the next: they open the next page's foot,
/// before that page's own notes.
struct NoteCarry {
  std::vector<VBox> lines;
  double height = 0;
  bool empty() const { return lines.empty(); }
};

/// Incremental page breaking: greedy fill, then backtrack to the last allowed break on the
/// page; a page with no allowed break is cut where it overflows. Footnotes go to the foot of
/// their reference's page; a note that cannot stay whole with its reference even on an empty
/// page is split: the lines that fit go under it, the rest opens the next page's foot (pages
/// of notes only when the rest is longer than a page). Floats work like LaTeX's:
/// when a float was pushed to the next page and left a gap of at least `min_float_gap` pt,
/// the text that follows it and fits the gap (up to a permitted break, never across a forced
/// break or another float) is moved before it. Outline entries get their page and absolute y.
///
/// State that must survive from one increment to the next (the boxes of the page being
/// filled, floats waiting for the text after them, footnote lines carried to the next page)
/// is kept in members; a page is handed out only when no box added later can change it.
class Paginator {
public:
  /// `outline` receives the placed outline entries; it must outlive the paginator.
  Paginator(const PageGeometry& geometry, std::vector<OutlineEntry>& outline,
            double min_float_gap = std::numeric_limits<double>::infinity());

  /// Appends `boxes` (moved from) with the float ranges among them (relative to boxes[0]).
  void add(std::vector<VBox>&& boxes, const std::vector<FloatRange>& floats = {});

  /// Pages that are final with the boxes added so far, in order (each handed out once).
  std::vector<Page> take_pages();

  /// All remaining pages: the document is complete. Always at least one page overall.
  std::vector<Page> finish();

  /// Pages handed out so far.
  std::size_t pages_done() const { return m_pages_done; }

  /// Boxes held back (added, not yet on a handed-out page): for tests and memory checks.
  std::size_t boxes_held() const { return m_boxes.size(); }

private:
  void run(bool final, std::vector<Page>& out);
  /// Handles the float starting at box `b` when a page break falls just before it: returns
  /// false when more boxes are needed to decide, true otherwise (text may have moved).
  bool float_at_break(std::size_t b, std::size_t page_start, bool final, bool& moved);
  void place(std::size_t begin, std::size_t end, std::vector<Page>& out);
  void compact();

  PageGeometry m_geo;
  std::vector<OutlineEntry>& m_outline;
  double m_min_float_gap;
  std::vector<VBox> m_boxes;        ///< boxes not yet placed; m_boxes[0] has index m_base
  std::size_t m_base = 0;           ///< absolute index of m_boxes[0]
  std::size_t m_start = 0;          ///< first box of the page being filled (in m_boxes)
  std::vector<FloatRange> m_floats; ///< pending floats, absolute indices, in order
  NoteCarry m_carry;                ///< footnote lines continued on the next page
  std::size_t m_pages_done = 0;
};

/// Breaks `boxes` into pages in one go (no floats): Paginator::add then finish.
std::vector<Page> paginate(std::vector<VBox>& boxes, const PageGeometry& geometry,
                           std::vector<OutlineEntry>& outline);

} // namespace sheaf::layout
