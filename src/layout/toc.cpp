// Table of contents helpers (see toc.hpp).
#include "layout/toc.hpp"

#include <cmath>

namespace sheaf::layout {

std::vector<TocEntry> toc_entries(const std::vector<OutlineEntry>& outline,
                                  const std::vector<std::string>& dests) {
  std::vector<TocEntry> out;
  for (std::size_t i = 0; i < outline.size() && i < dests.size(); ++i)
    out.push_back(
        {outline[i].title, outline[i].level, dests[i], std::to_string(outline[i].page + 1)});
  return out;
}

bool same_pages(const std::vector<TocEntry>& a, const std::vector<TocEntry>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].page != b[i].page) return false;
  return true;
}

GlyphRun leader_dots(const GlyphRun& dot, double dot_advance, double step, double from, double to,
                     double y) {
  GlyphRun run = dot;
  run.glyphs.clear();
  run.y = y;
  if (step <= 0 || dot.glyphs.empty()) return run;
  // dots sit on a grid of `step` so the leaders of all entries line up
  double x = std::ceil(from / step) * step;
  run.x = x;
  for (; x + dot_advance <= to; x += step) {
    PlacedGlyph g = dot.glyphs.front();
    g.x = x - run.x;
    g.advance = dot_advance;
    g.text.clear();
    run.glyphs.push_back(std::move(g));
  }
  return run;
}

} // namespace sheaf::layout
