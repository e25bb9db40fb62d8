// Page breaking over vertical boxes: greedy with backtracking to the last permitted break,
// run in increments (pages come out as soon as they are final), with LaTeX-like floats;
// footnotes at the foot of their reference's page, a note too long for any page continued at
// the top of the next page's foot.
#include "layout/paginator.hpp"

#include <algorithm>
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

/// Foot space a fresh page reserves for the carried note lines (with the rule gap).
double carry_reserve(const NoteCarry& carry) {
  return carry.empty() ? 0 : carry.height + k_note_gap;
}

/// Foot space for a note split under boxes[i], with `room` left below it: all of it but the
/// boxes that cannot be parted from boxes[i] (the rest of a paragraph kept by its widow
/// rule), and at least `min`. False when that rest may go on past the boxes added so far.
bool split_reserve(const std::vector<VBox>& boxes, std::size_t i, double room, double min,
                   bool final, double& reserve) {
  double tail = 0;
  std::size_t k = i + 1;
  for (; k < boxes.size() && !boxes[k].break_before && !boxes[k].force_break_before; ++k)
    tail += boxes[k].height;
  if (k == boxes.size() && !final) return false;
  reserve = std::max(min, room - tail);
  return true;
}

} // namespace

Paginator::Paginator(const PageGeometry& geometry, std::vector<OutlineEntry>& outline,
                     double min_float_gap)
    : m_geo(geometry), m_outline(outline), m_min_float_gap(min_float_gap) {}

void Paginator::add(std::vector<VBox>&& boxes, const std::vector<FloatRange>& floats) {
  const std::size_t offset = m_base + m_boxes.size();
  for (const auto& f : floats)
    m_floats.push_back({f.begin + offset, f.end + offset});
  if (m_boxes.empty()) {
    m_boxes = std::move(boxes);
  } else {
    m_boxes.reserve(m_boxes.size() + boxes.size());
    for (auto& b : boxes)
      m_boxes.push_back(std::move(b));
  }
  boxes.clear();
}

std::vector<Page> Paginator::take_pages() {
  std::vector<Page> out;
  run(false, out);
  return out;
}

std::vector<Page> Paginator::finish() {
  std::vector<Page> out;
  run(true, out);
  return out;
}

void Paginator::place(std::size_t begin, std::size_t end, std::vector<Page>& out) {
  const PageGeometry& g = m_geo;
  Page page;
  page.width = g.width;
  page.height = g.height;
  double y = g.top;
  double text_bottom = g.top; // below the last non-discardable box
  bool started = false;
  for (std::size_t i = begin; i < end; ++i) {
    VBox& b = m_boxes[i];
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
      o.page = static_cast<int>(m_pages_done);
      o.y += y;
      m_outline.push_back(std::move(o));
    }
    y += b.height;
    if (!b.discardable) text_bottom = y;
  }
  // footnotes of the boxes on this page (after the lines carried over), at its foot
  place_notes(m_boxes, begin, end, text_bottom, started, g, m_carry, page);
  for (std::size_t i = begin; i < end; ++i) // placed: free what is left of the boxes
    m_boxes[i] = VBox{};
  out.push_back(std::move(page));
  ++m_pages_done;
}

bool Paginator::float_at_break(std::size_t b, std::size_t page_start, bool final, bool& moved) {
  moved = false;
  const std::size_t abs_b = m_base + b;
  while (!m_floats.empty() && m_floats.front().begin < abs_b) // on pages already broken
    m_floats.erase(m_floats.begin());
  if (m_floats.empty() || m_floats.front().begin != abs_b) return true;
  const std::size_t e = m_floats.front().end - m_base;
  auto done = [&] {
    m_floats.erase(m_floats.begin());
    return true;
  };
  if (abs_b == 0 || b == page_start || e <= b || e > m_boxes.size() || !m_boxes[b].break_before ||
      m_boxes[b].force_break_before)
    return done();
  // the height used on the page the float was pushed from, footnote area included
  double used = 0, notes = m_carry.height;
  bool started = false;
  for (std::size_t k = page_start; k < b; ++k) {
    const VBox& box = m_boxes[k];
    if (!started && box.discardable) continue;
    if (!started && box.repeat_header) used += box.repeat_header->height;
    started = true;
    used += box.height;
    notes += notes_height(box);
  }
  if (notes > 0) used += notes + k_note_gap;
  const double gap = m_geo.content_height() - used;
  if (gap < m_min_float_gap) return done();
  // the next float after this one: the text moved never crosses it
  std::size_t next_float = static_cast<std::size_t>(-1);
  for (std::size_t f = 1; f < m_floats.size(); ++f)
    if (m_floats[f].begin >= m_base + e) {
      next_float = m_floats[f].begin - m_base;
      break;
    }
  // the longest run of following boxes that fits the gap and ends at a permitted break
  // outside a table
  double total = 0;
  std::size_t last = e; // one past the last box to move
  for (std::size_t k = e;; ++k) {
    if (k == m_boxes.size()) {
      if (!final) return false; // the text after the float is not set yet
      break;
    }
    if (m_boxes[k].force_break_before || k == next_float) break;
    total += m_boxes[k].height;
    if (total > gap) break;
    if (k + 1 == m_boxes.size()) {
      if (!final) return false; // whether the next box may start a page is not known yet
      last = k + 1;
    } else if (m_boxes[k + 1].break_before && !m_boxes[k + 1].repeat_header) {
      last = k + 1; // not inside a table: its rest would follow the float without its header
    }
  }
  if (last == e) return done();
  bool moved_content = false;
  for (std::size_t k = e; k < last; ++k)
    moved_content = moved_content || !m_boxes[k].discardable;
  if (!moved_content) return done();
  const bool float_break = m_boxes[b].break_before;
  std::rotate(m_boxes.begin() + static_cast<std::ptrdiff_t>(b),
              m_boxes.begin() + static_cast<std::ptrdiff_t>(e),
              m_boxes.begin() + static_cast<std::ptrdiff_t>(last));
  const std::size_t shift = last - e;
  m_boxes[b].break_before = float_break;
  m_boxes[b + shift].break_before = true; // the float may start a page
  moved = true;
  return done();
}

void Paginator::run(bool final, std::vector<Page>& out) {
  const double avail = m_geo.content_height();
  // the page being filled is measured again from its first box at each increment: its
  // break may depend on boxes that were not there before
  for (;;) {
    std::size_t start = m_start;
    double y = 0;
    double notes = carry_reserve(m_carry); // footnote area reserved on this page (with gap)
    bool has_content = false;              // a non-discardable box is on the page
    bool split_note = false;               // a note on this page continues on the next one
    std::size_t i = start;
    bool restart = false, wait = false;
    // closes the page [start, j) unless a float at j must move text first (restart) or
    // needs boxes not added yet (wait)
    auto break_before = [&](std::size_t j) {
      bool moved = false;
      if (!float_at_break(j, start, final, moved)) {
        wait = true;
        return false;
      }
      if (moved) {
        restart = true;
        return false;
      }
      place(start, j, out);
      // carried notes longer than a page fill pages of their own
      while (m_carry.height + k_note_gap > avail + k_eps)
        place(j, j, out);
      m_start = start = i = j;
      y = 0;
      notes = carry_reserve(m_carry);
      has_content = split_note = false;
      return true;
    };
    while (i < m_boxes.size()) {
      const VBox& b = m_boxes[i];
      if (!has_content && b.discardable) { // leading space: dropped
        ++i;
        continue;
      }
      if (b.force_break_before && has_content) {
        if (!break_before(i)) break;
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
          while (j > start && !m_boxes[j].break_before)
            --j;
          // j must leave some content on this page
          bool content_before = false;
          for (std::size_t k = start; k < j && !content_before; ++k)
            content_before = !m_boxes[k].discardable;
          if (j <= start || !content_before) j = i; // nothing allowed: cut here
          if (!break_before(j)) break;
          continue;
        }
        if (!m_carry.empty() && b_notes > 0) { // the carried notes get a page before this note
          if (!break_before(start)) break;
          if (m_carry.empty()) continue;
          // still carried (cannot happen: the carry fits a page): fall through and place b
        }
        // else b alone is too tall, or it pushes part of the carried notes further: place it
      }
      double reserve = need_notes;
      if (b_notes > 0 && splits &&
          !split_reserve(m_boxes, i, avail - (y + header + b.height), need_notes, final, reserve)) {
        wait = true; // the lines kept with this one are not all added yet
        break;
      }
      y += header + b.height;
      if (!b.discardable) has_content = true;
      if (b_notes > 0) notes = reserve;
      split_note = split_note || splits;
      ++i;
    }
    if (restart) continue;
    if (final && !wait) {
      if (has_content || m_pages_done == 0 || !m_carry.empty()) {
        place(start, m_boxes.size(), out);
        while (m_carry.height + k_note_gap > avail + k_eps)
          place(m_boxes.size(), m_boxes.size(), out);
      }
      while (!m_carry.empty()) // notes-only pages for what is still carried
        place(m_boxes.size(), m_boxes.size(), out);
      m_start = m_boxes.size();
    }
    break;
  }
  compact();
}

void Paginator::compact() {
  if (m_start == 0) return;
  m_boxes.erase(m_boxes.begin(), m_boxes.begin() + static_cast<std::ptrdiff_t>(m_start));
  m_base += m_start;
  m_start = 0;
  while (!m_floats.empty() && m_floats.front().begin < m_base)
    m_floats.erase(m_floats.begin());
}

std::vector<Page> paginate(std::vector<VBox>& boxes, const PageGeometry& geometry,
                           std::vector<OutlineEntry>& outline) {
  Paginator paginator(geometry, outline);
  paginator.add(std::move(boxes));
  return paginator.finish();
}

} // namespace sheaf::layout
