// Page breaking over vertical boxes: greedy with backtracking to the last permitted break.
#include "layout/paginator.hpp"

namespace sheaf::layout {
namespace {

/// Space between the text and the footnote rule, and below the rule.
constexpr double k_note_gap = 8;

double notes_height(const VBox& b) {
  double h = 0;
  for (const auto& n : b.notes)
    h += n.height;
  return h;
}

/// Appends the items of `b` to `page` shifted down by `y`.
void put(VBox& b, double y, Page& page) {
  for (auto& item : b.items) {
    std::visit([&](auto& it) { it.y += y; }, item);
    page.items.push_back(std::move(item));
  }
}

void place(std::vector<VBox>& boxes, std::size_t begin, std::size_t end, const PageGeometry& g,
           std::vector<Page>& pages, std::vector<OutlineEntry>& outline) {
  Page page;
  page.width = g.width;
  page.height = g.height;
  double y = g.top;
  bool started = false;
  for (std::size_t i = begin; i < end; ++i) {
    VBox& b = boxes[i];
    if (!started && b.discardable) continue;
    if (!started && b.repeat_header) { // a table continued from the previous page
      for (PageItem item : b.repeat_header->items) {
        std::visit([&](auto& it) { it.y += y; }, item);
        page.items.push_back(std::move(item));
      }
      y += b.repeat_header->height;
    }
    started = true;
    for (auto& item : b.items) {
      std::visit([&](auto& it) { it.y += y; }, item);
      page.items.push_back(std::move(item));
    }
    for (auto& o : b.outline) {
      o.page = static_cast<int>(pages.size());
      o.y += y;
      outline.push_back(std::move(o));
    }
    y += b.height;
  }
  // footnotes of the boxes on this page, at its foot under a short rule
  double notes_h = 0;
  for (std::size_t i = begin; i < end; ++i)
    notes_h += notes_height(boxes[i]);
  if (notes_h > 0) {
    double ny = g.height - g.bottom - notes_h;
    page.items.emplace_back(std::in_place_type<Rule>,
                            Rule{g.left, ny - k_note_gap / 2, g.content_width() / 4, 0.4, {}});
    for (std::size_t i = begin; i < end; ++i)
      for (auto& n : boxes[i].notes) {
        put(n, ny, page);
        ny += n.height;
      }
  }
  pages.push_back(std::move(page));
}

} // namespace

std::vector<Page> paginate(std::vector<VBox>& boxes, const PageGeometry& g,
                           std::vector<OutlineEntry>& outline) {
  std::vector<Page> pages;
  const double avail = g.content_height();
  std::size_t start = 0;
  double y = 0;
  double notes = 0;         // footnote area reserved on this page (with its rule gap)
  bool has_content = false; // a non-discardable box is on the page
  std::size_t i = 0;
  while (i < boxes.size()) {
    const VBox& b = boxes[i];
    if (!has_content && b.discardable) { // leading space: dropped
      ++i;
      continue;
    }
    if (b.force_break_before && has_content) {
      place(boxes, start, i, g, pages, outline);
      start = i;
      y = 0;
      notes = 0;
      has_content = false;
      continue;
    }
    const double b_notes = notes_height(b);
    const double need_notes = b_notes > 0 ? notes + b_notes + (notes > 0 ? 0 : k_note_gap) : notes;
    if (has_content && y + b.height + need_notes > avail + 1e-6 && !b.discardable) {
      // last allowed break in (start, i]
      std::size_t j = i;
      while (j > start && !boxes[j].break_before)
        --j;
      // j must leave some content on this page
      bool content_before = false;
      for (std::size_t k = start; k < j && !content_before; ++k)
        content_before = !boxes[k].discardable;
      if (j <= start || !content_before) j = i; // nothing allowed: cut here
      place(boxes, start, j, g, pages, outline);
      start = j;
      y = 0;
      notes = 0;
      has_content = false;
      i = j;
      continue;
    }
    if (!has_content && !b.discardable && b.repeat_header) y += b.repeat_header->height;
    if (!b.discardable) has_content = true;
    y += b.height;
    notes = need_notes;
    ++i;
  }
  if (has_content || pages.empty()) place(boxes, start, boxes.size(), g, pages, outline);
  return pages;
}

} // namespace sheaf::layout
