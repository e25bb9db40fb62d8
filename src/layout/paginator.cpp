// Page breaking over vertical boxes: greedy with backtracking to the last permitted break;
// footnotes at the foot of their reference's page, a note too long for any page continued
// at the top of the next page's foot.
#include "layout/paginator.hpp"

#include <limits>

namespace sheaf::layout {
namespace {

/// Space between the text and the footnote rule, and below the rule.
constexpr double k_note_gap = 8;
constexpr double k_eps = 1e-6;
/// Note lines that must fit under the reference of a note that is split across pages.
constexpr std::size_t k_min_split_lines = 2;

double notes_height(const VBox& b) {
  double h = 0;
  for (const auto& n : b.notes)
    h += n.height;
  return h;
}

/// Footnote lines held over from the previous page: they open the next page's foot, before
/// that page's own notes. The only state carried from one page to the next.
struct NoteCarry {
  std::vector<VBox> lines;
  double height = 0;
  bool empty() const { return lines.empty(); }
};

/// Height of the first `n` note lines of `b`.
double first_note_lines(const VBox& b, std::size_t n) {
  double h = 0;
  for (std::size_t k = 0; k < b.notes.size() && k < n; ++k)
    h += b.notes[k].height;
  return h;
}

/// Appends the items of `b` to `page` shifted down by `y`.
void put(VBox& b, double y, Page& page) {
  for (auto& item : b.items) {
    std::visit([&](auto& it) { it.y += y; }, item);
    page.items.push_back(std::move(item));
  }
}

/// Fills the foot of `page` (below text ending at `text_bottom`) with the carried lines, then
/// the notes of boxes[begin, end), in order, as long as they fit; the lines that do not fit
/// become the new carry. A page without text takes at least one line.
void place_notes(std::vector<VBox>& boxes, std::size_t begin, std::size_t end, double text_bottom,
                 bool has_text, const PageGeometry& g, NoteCarry& carry, Page& page) {
  std::vector<VBox> queue = std::move(carry.lines);
  carry = NoteCarry{};
  for (std::size_t i = begin; i < end; ++i)
    for (auto& n : boxes[i].notes)
      queue.push_back(std::move(n));
  if (queue.empty()) return;
  const double room = g.height - g.bottom - text_bottom - k_note_gap;
  std::size_t fit = 0;
  double h = 0;
  while (fit < queue.size() && h + queue[fit].height <= room + k_eps)
    h += queue[fit++].height;
  if (fit == 0 && !has_text) h = queue[fit++].height; // progress: one line, even too tall
  for (std::size_t k = fit; k < queue.size(); ++k) {
    carry.height += queue[k].height;
    carry.lines.push_back(std::move(queue[k]));
  }
  if (fit == 0) return;
  double ny = g.height - g.bottom - h;
  page.items.emplace_back(std::in_place_type<Rule>,
                          Rule{g.left, ny - k_note_gap / 2, g.content_width() / 4, 0.4, {}});
  for (std::size_t k = 0; k < fit; ++k) {
    put(queue[k], ny, page);
    ny += queue[k].height;
  }
}

void place(std::vector<VBox>& boxes, std::size_t begin, std::size_t end, const PageGeometry& g,
           NoteCarry& carry, std::vector<Page>& pages, std::vector<OutlineEntry>& outline) {
  Page page;
  page.width = g.width;
  page.height = g.height;
  double y = g.top;
  double text_bottom = g.top; // below the last non-discardable box
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
    if (!b.discardable) text_bottom = y;
  }
  // footnotes of the boxes on this page, at its foot under a short rule
  place_notes(boxes, begin, end, text_bottom, started, g, carry, page);
  pages.push_back(std::move(page));
}

/// Foot space a fresh page reserves for the carried note lines (with the rule gap).
double carry_reserve(const NoteCarry& carry) {
  return carry.empty() ? 0 : carry.height + k_note_gap;
}

/// Foot space for a note split under boxes[i], with `room` left below it: all of it but the
/// boxes that cannot be parted from boxes[i] (the rest of a paragraph kept by its widow
/// rule), and at least `min`.
double split_reserve(const std::vector<VBox>& boxes, std::size_t i, double room, double min) {
  double tail = 0;
  for (std::size_t k = i + 1;
       k < boxes.size() && !boxes[k].break_before && !boxes[k].force_break_before; ++k)
    tail += boxes[k].height;
  return std::max(min, room - tail);
}

} // namespace

std::vector<Page> paginate(std::vector<VBox>& boxes, const PageGeometry& g,
                           std::vector<OutlineEntry>& outline) {
  std::vector<Page> pages;
  const double avail = g.content_height();
  NoteCarry carry;
  std::size_t start = 0;
  double y = 0;
  double notes = 0;         // footnote area reserved on this page (with its rule gap)
  bool has_content = false; // a non-discardable box is on the page
  bool split_note = false;  // a note on this page continues on the next one
  auto new_page = [&](std::size_t end) {
    place(boxes, start, end, g, carry, pages, outline);
    // carried notes longer than a page fill pages of their own
    while (carry.height + k_note_gap > avail + k_eps)
      place(boxes, end, end, g, carry, pages, outline);
    start = end;
    y = 0;
    notes = carry_reserve(carry);
    has_content = split_note = false;
  };
  std::size_t i = 0;
  while (i < boxes.size()) {
    const VBox& b = boxes[i];
    if (!has_content && b.discardable) { // leading space: dropped
      ++i;
      continue;
    }
    if (b.force_break_before && has_content) {
      new_page(i);
      continue;
    }
    const double b_notes = notes_height(b);
    const double header = !has_content && b.repeat_header ? b.repeat_header->height : 0;
    double need_notes = notes;
    bool splits = false;
    if (b_notes > 0) {
      const double base = notes > 0 ? notes : k_note_gap;
      // a note that cannot stay whole with its reference even on an empty page is split
      splits = header + b.height + k_note_gap + b_notes > avail + k_eps;
      need_notes = base + (splits ? first_note_lines(b, k_min_split_lines) : b_notes);
      if (split_note) need_notes = std::numeric_limits<double>::infinity();
    }
    if (y + header + b.height + need_notes > avail + k_eps && !b.discardable) {
      if (has_content) {
        // last allowed break in (start, i]
        std::size_t j = i;
        while (j > start && !boxes[j].break_before)
          --j;
        // j must leave some content on this page
        bool content_before = false;
        for (std::size_t k = start; k < j && !content_before; ++k)
          content_before = !boxes[k].discardable;
        if (j <= start || !content_before) j = i; // nothing allowed: cut here
        new_page(j);
        i = j;
        continue;
      }
      if (!carry.empty() && b_notes > 0) { // the carried notes get a page before this note
        new_page(start);
        if (carry.empty()) continue;
        // still carried (cannot happen: the carry fits a page): fall through and place b
      }
      // else b alone is too tall, or it pushes part of the carried notes further: place it
    }
    y += header + b.height;
    if (!b.discardable) has_content = true;
    if (b_notes > 0) notes = splits ? split_reserve(boxes, i, avail - y, need_notes) : need_notes;
    split_note = split_note || splits;
    ++i;
  }
  if (has_content || pages.empty() || !carry.empty()) new_page(boxes.size());
  while (!carry.empty()) // notes-only pages for what is still carried
    place(boxes, boxes.size(), boxes.size(), g, carry, pages, outline);
  return pages;
}

} // namespace sheaf::layout
