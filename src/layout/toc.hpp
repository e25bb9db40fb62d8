// The printed table of contents: its entries (from a previous layout pass) and the dot
// leader that joins an entry's title to its page number.
#pragma once

#include "layout/page_tree.hpp"

#include <string>
#include <vector>

namespace sheaf::layout {

/// One line of the printed table of contents.
struct TocEntry {
  std::string title;
  int level = 1;
  std::string destination; ///< named destination of the heading
  std::string page;        ///< printed page number ("" in the first pass)
};

/// Entries for `outline` (one per outline entry, in order) whose destinations are `dests`
/// (same order and length; extra entries on either side are ignored).
std::vector<TocEntry> toc_entries(const std::vector<OutlineEntry>& outline,
                                  const std::vector<std::string>& dests);

/// True when both lists give the same page to every entry (layout reached a fixed point).
bool same_pages(const std::vector<TocEntry>& a, const std::vector<TocEntry>& b);

/// A run of leader dots (glyph `dot` of advance `dot_advance`, one every `step` pt) filling
/// [from, to] on the baseline `y`; empty when the gap is too small. The dots carry no source
/// text, so text extraction skips them.
GlyphRun leader_dots(const GlyphRun& dot, double dot_advance, double step, double from, double to,
                     double y);

} // namespace sheaf::layout
