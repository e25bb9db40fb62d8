// Table layout: measures cells (min/max content widths), distributes the text width over the
// columns, shrinks the font of too-wide tables, lays the cells out as paragraphs and builds
// one vertical box per row (header rows together) with booktabs rules; a row taller than a
// page becomes slices at line boundaries, with a break allowed between them.
#include "layout/table_layout.hpp"

#include <algorithm>
#include <memory>
#include <numeric>

namespace sheaf::layout {
namespace {

constexpr double k_heavy_rule = 0.8;
constexpr double k_light_rule = 0.5;
constexpr double k_wide = 1e6;

/// A cell after placement on the grid and layout.
struct PlacedCell {
  const TableCellInput* in = nullptr;
  std::size_t col = 0;
  std::size_t span = 1;
  std::size_t rows = 1;
  double min = 0, max = 0;
  std::vector<Line> lines;
  double height = 0;
};

std::vector<TextSegment> scaled(const std::vector<TextSegment>& segs, double scale) {
  std::vector<TextSegment> out = segs;
  if (scale == 1) return out;
  for (auto& s : out) {
    s.size *= scale;
    s.line_height *= scale;
    s.baseline_shift *= scale;
  }
  return out;
}

/// Width of the longest space-separated word of `segs`.
double longest_word(const std::vector<TextSegment>& segs, ShapeCache& cache) {
  double best = 0;
  for (const auto& s : segs) {
    std::size_t i = 0;
    while (i < s.text.size()) {
      std::size_t j = s.text.find_first_of(" \n\t", i);
      if (j == std::string::npos) j = s.text.size();
      if (j > i) {
        const auto& w = cache.word(s.font, std::string_view(s.text).substr(i, j - i), false);
        double width = 0;
        for (const auto& g : w.glyphs)
          width += g.advance * s.size;
        best = std::max(best, width);
      }
      i = j + 1;
    }
  }
  return best;
}

ParagraphSettings settings_for(const TableCellInput& c, double width, double scale,
                               const LazyHyphenator* hyphenator) {
  ParagraphSettings ps;
  ps.width = width;
  ps.align = c.align == style::TextAlign::justify ? style::TextAlign::left : c.align;
  ps.lazy_hyphenator = c.hyphenate ? hyphenator : nullptr;
  ps.line_height = c.line_height * scale;
  return ps;
}

void measure(PlacedCell& pc, double scale, ShapeCache& cache) {
  diag::NullSink quiet;
  pc.min = pc.max = 0;
  for (const auto& para : pc.in->paragraphs) {
    auto segs = scaled(para, scale);
    pc.min = std::max(pc.min, longest_word(segs, cache));
    auto ps = settings_for(*pc.in, k_wide, scale, nullptr);
    ps.align = style::TextAlign::left;
    auto res = layout_paragraph(segs, ps, cache, quiet, {});
    for (const auto& l : res.lines)
      pc.max = std::max(pc.max, l.width);
  }
  pc.max = std::max(pc.max, pc.min);
}

std::vector<ColumnRange> column_ranges(const std::vector<PlacedCell>& cells, std::size_t ncols,
                                       double gap) {
  std::vector<ColumnRange> cols(ncols);
  for (const auto& c : cells)
    if (c.span == 1) {
      cols[c.col].min = std::max(cols[c.col].min, c.min);
      cols[c.col].max = std::max(cols[c.col].max, c.max);
    }
  // spanning cells: spread what the spanned columns lack evenly over them
  for (const auto& c : cells) {
    if (c.span == 1) continue;
    double have_min = gap * static_cast<double>(c.span - 1), have_max = have_min;
    for (std::size_t k = c.col; k < c.col + c.span; ++k) {
      have_min += cols[k].min;
      have_max += cols[k].max;
    }
    for (std::size_t k = c.col; k < c.col + c.span; ++k) {
      if (c.min > have_min) cols[k].min += (c.min - have_min) / static_cast<double>(c.span);
      if (c.max > have_max) cols[k].max += (c.max - have_max) / static_cast<double>(c.span);
      cols[k].max = std::max(cols[k].max, cols[k].min);
    }
  }
  return cols;
}

/// A vertical unit of a row box: items [first, last) of the box, occupying [top, bottom) in
/// columns [col, col_end). Slices of a tall row start only at the top of a line (never at a
/// rule).
struct Unit {
  std::size_t first = 0, last = 0;
  double top = 0, bottom = 0;
  std::size_t col = 0, col_end = 0;
  bool line = true;
  double shift = 0; ///< moved down by forced cuts
};

constexpr double k_eps = 1e-6;

/// Positions where a slice may start: tops of lines after the first that no other unit
/// straddles, then the box height.
std::vector<double> clean_cuts(const std::vector<Unit>& units, double height) {
  std::vector<const Unit*> order;
  for (const auto& u : units)
    order.push_back(&u);
  std::stable_sort(order.begin(), order.end(),
                   [](const Unit* a, const Unit* b) { return a->top < b->top; });
  std::vector<double> cuts{0};
  double max_bottom = 0;
  bool seen_line = false;
  for (const Unit* u : order) {
    if (u->line && seen_line && u->top >= max_bottom - k_eps && u->top > cuts.back() + k_eps)
      cuts.push_back(u->top);
    seen_line = seen_line || u->line;
    max_bottom = std::max(max_bottom, u->bottom);
  }
  cuts.push_back(std::max(height, cuts.back()));
  return cuts;
}

/// Where to cut a slice starting at `a` that has no common line boundary within `limit`.
/// Preferred: the first line top past a quarter of the limit that moves the lines crossing
/// it by at most half their height (cells whose lines are offset, as beside a row span, are
/// aligned by it and cut cleanly after); else `a + limit`. Negative when a single unit
/// starting at `a` is taller than the limit.
double forced_cut(const std::vector<Unit>& units, double a, double limit) {
  std::vector<const Unit*> window; // units starting in the slice's first `limit`
  for (const auto& u : units)
    if (u.top >= a - k_eps && u.top < a + limit - k_eps) window.push_back(&u);
  std::stable_sort(window.begin(), window.end(),
                   [](const Unit* p, const Unit* q) { return p->top < q->top; });
  auto small_move = [&](double c) {
    for (const Unit* u : window)
      if (u->top < c - k_eps && u->bottom > c + k_eps &&
          (u->top <= a + k_eps || c - u->top > (u->bottom - u->top) / 2))
        return false;
    return true;
  };
  for (const Unit* c : window)
    if (c->line && c->top >= a + limit / 4 && small_move(c->top)) return c->top;
  for (const Unit* u : window)
    if (u->top <= a + k_eps && u->bottom > a + limit + k_eps) return -1;
  return a + limit;
}

/// Moves down, column by column, the units crossing `y` and those after them in their
/// columns, so that `y` becomes a clean cut; returns the largest move.
double apply_cut(std::vector<Unit>& units, double y, std::size_t ncols) {
  std::vector<double> start(ncols, y); // per column: top of its first unit crossing y
  for (const auto& u : units)
    if (u.top < y - k_eps && u.bottom > y + k_eps)
      for (std::size_t k = u.col; k < u.col_end; ++k)
        start[k] = std::min(start[k], u.top);
  std::vector<Unit*> order;
  for (auto& u : units)
    order.push_back(&u);
  std::stable_sort(order.begin(), order.end(),
                   [](const Unit* p, const Unit* q) { return p->top < q->top; });
  std::vector<double> floor(ncols, 0); // moves only grow down a column: no overlaps
  double most = 0;
  for (Unit* u : order) {
    double d = 0;
    for (std::size_t k = u->col; k < u->col_end; ++k)
      d = std::max({d, floor[k], u->top >= start[k] - k_eps ? y - start[k] : 0.0});
    for (std::size_t k = u->col; k < u->col_end; ++k)
      floor[k] = d;
    u->top += d;
    u->bottom += d;
    u->shift += d;
    most = std::max(most, d);
  }
  return most;
}

/// Splits `box` (a row group taller than `limit`) into slices at line boundaries: each slice
/// holds, for every cell, the lines that start in it; a break is allowed between slices, so
/// unbroken slices reproduce the row exactly. Where no line boundary of all cells falls
/// within `limit` of a slice start, a forced cut (see forced_cut) moves the lines crossing it,
/// and those after them in their columns, down to it (a gap of less than a line there).
std::vector<VBox> slice_row(VBox box, std::vector<Unit> units, double limit, std::size_t ncols) {
  double height = box.height;
  std::vector<double> cuts = clean_cuts(units, height);
  double checked = 0; // slices starting before this are left as they are
  for (std::size_t guard = 0; guard <= 2 * units.size() + 8; ++guard) {
    std::size_t k = 0;
    while (k + 1 < cuts.size() && (cuts[k] < checked || cuts[k + 1] - cuts[k] <= limit + k_eps))
      ++k;
    if (k + 1 >= cuts.size()) break;
    const double y = forced_cut(units, cuts[k], limit);
    if (y < 0) { // one unit taller than the limit
      checked = cuts[k + 1];
      continue;
    }
    height += apply_cut(units, y, ncols);
    cuts = clean_cuts(units, height);
  }
  std::vector<VBox> out(cuts.size() - 1);
  for (std::size_t k = 0; k < out.size(); ++k)
    out[k].height = cuts[k + 1] - cuts[k];
  out.front().break_before = box.break_before;
  for (const auto& u : units) {
    std::size_t k = static_cast<std::size_t>(
        std::upper_bound(cuts.begin(), cuts.end() - 1, u.top + k_eps) - cuts.begin() - 1);
    const double dy = u.shift - cuts[k];
    for (std::size_t i = u.first; i < u.last; ++i) {
      std::visit([&](auto& it) { it.y += dy; }, box.items[i]);
      out[k].items.push_back(std::move(box.items[i]));
    }
  }
  return out;
}

void offset_line_items(Line& line, double dx, double dy, int tag, VBox& box) {
  for (auto& r : line.runs) {
    r.x += dx;
    r.y += dy;
    if (r.tag == k_untagged) r.tag = tag;
    box.items.push_back(std::move(r));
  }
  for (auto& l : line.links) {
    l.x += dx;
    l.y += dy;
    box.items.push_back(std::move(l));
  }
  for (auto& r : line.rules) {
    r.x += dx;
    r.y += dy;
    box.items.emplace_back(std::in_place_type<Rule>, r);
  }
  for (auto& d : line.anchors) {
    d.x += dx;
    d.y += dy;
    box.items.push_back(std::move(d));
  }
}

} // namespace

std::vector<double> distribute_columns(const std::vector<ColumnRange>& cols, double avail) {
  std::vector<double> out(cols.size());
  double sum_min = 0, sum_max = 0;
  for (const auto& c : cols) {
    sum_min += c.min;
    sum_max += std::max(c.max, c.min);
  }
  for (std::size_t i = 0; i < cols.size(); ++i) {
    const double mx = std::max(cols[i].max, cols[i].min);
    if (sum_max <= avail)
      out[i] = mx;
    else if (sum_min >= avail)
      out[i] = sum_min > 0 ? cols[i].min * avail / sum_min : avail / cols.size();
    else
      out[i] = cols[i].min + (avail - sum_min) * (mx - cols[i].min) / (sum_max - sum_min);
  }
  return out;
}

TableLayout layout_table(const TableInput& t, ShapeCache& cache, const LazyHyphenator* hyph,
                         diag::DiagnosticSink& sink, const diag::SourceLocation& where) {
  TableLayout out;
  // grid placement: a cell takes the next column not covered by a row span from above
  std::vector<std::vector<bool>> used(t.rows,
                                      std::vector<bool>(std::max<std::size_t>(t.columns, 1)));
  std::vector<std::size_t> next_col(t.rows, 0);
  std::vector<PlacedCell> cells;
  std::size_t ncols = t.columns;
  for (const auto& c : t.cells) {
    if (c.row >= t.rows) continue;
    std::size_t col = next_col[c.row];
    while (col < used[c.row].size() && used[c.row][col])
      ++col;
    PlacedCell pc;
    pc.in = &c;
    pc.col = col;
    pc.span = static_cast<std::size_t>(std::max(1, c.col_span));
    pc.rows =
        std::min<std::size_t>(static_cast<std::size_t>(std::max(1, c.row_span)), t.rows - c.row);
    ncols = std::max(ncols, col + pc.span);
    for (auto& r : used)
      if (r.size() < ncols) r.resize(ncols);
    for (std::size_t r = c.row; r < c.row + pc.rows; ++r)
      for (std::size_t k = col; k < col + pc.span; ++k)
        used[r][k] = true;
    next_col[c.row] = col + pc.span;
    cells.push_back(pc);
  }
  if (ncols == 0) return out;
  const double gaps = t.gap * static_cast<double>(ncols - 1);
  const double avail = std::max(1.0, t.width - gaps);

  for (auto& pc : cells)
    measure(pc, 1, cache);
  auto ranges = column_ranges(cells, ncols, t.gap);
  double sum_min = 0;
  for (const auto& r : ranges)
    sum_min += r.min;
  if (sum_min > avail) { // too wide: shrink the font within limits
    out.scale = std::max(t.min_scale, avail / sum_min);
    for (auto& pc : cells)
      measure(pc, out.scale, cache);
    ranges = column_ranges(cells, ncols, t.gap);
  }
  for (std::size_t k = 0; k < ncols && k < t.fractions.size(); ++k)
    if (t.fractions[k] > 0) { // a width from the source: fixed, but never below the min
      ranges[k].max = std::max(ranges[k].min, t.fractions[k] * t.width);
      ranges[k].min = ranges[k].max;
    }
  out.column_widths = distribute_columns(ranges, avail);
  std::vector<double> col_x(ncols, 0);
  for (std::size_t k = 1; k < ncols; ++k)
    col_x[k] = col_x[k - 1] + out.column_widths[k - 1] + t.gap;
  const double table_width = col_x[ncols - 1] + out.column_widths[ncols - 1];

  // lay the cells out; row heights from single-row cells, then spanning cells' excess
  std::vector<double> row_h(t.rows, 0);
  for (auto& pc : cells) {
    double w = col_x[pc.col + pc.span - 1] + out.column_widths[pc.col + pc.span - 1] -
               col_x[pc.col] + 0.05; // rounding: a width equal to the content must not wrap
    double y = 0;
    for (const auto& para : pc.in->paragraphs) {
      auto res = layout_paragraph(scaled(para, out.scale), settings_for(*pc.in, w, out.scale, hyph),
                                  cache, sink, where);
      for (auto& l : res.lines) {
        y += l.height;
        pc.lines.push_back(std::move(l));
      }
    }
    pc.height = y;
    if (pc.rows == 1) row_h[pc.in->row] = std::max(row_h[pc.in->row], y);
  }
  for (const auto& pc : cells) {
    if (pc.rows == 1) continue;
    double have = 0;
    for (std::size_t r = pc.in->row; r < pc.in->row + pc.rows; ++r)
      have += row_h[r] + 2 * t.padding;
    have -= 2 * t.padding;
    if (pc.height > have) row_h[pc.in->row + pc.rows - 1] += pc.height - have;
  }
  // a row span keeps its rows together
  std::vector<bool> joined(t.rows, false); // no break before this row
  for (const auto& pc : cells)
    for (std::size_t r = pc.in->row + 1; r < pc.in->row + pc.rows; ++r)
      joined[r] = true;

  const std::size_t head = std::min(t.header_rows, t.rows);
  auto rule = [&](VBox& b, double y, double h) {
    b.items.emplace_back(std::in_place_type<Rule>, Rule{t.left, y, table_width, h, t.rule_color});
  };
  VBox current;
  std::vector<Unit> units; // of `current`, for splitting a row taller than a page
  auto add_unit = [&](double top, double bottom, std::size_t col, std::size_t col_end, bool line) {
    const std::size_t first = units.empty() ? 0 : units.back().last;
    units.push_back({first, current.items.size(), top, bottom, col, col_end, line, 0});
  };
  auto flush = [&](bool break_before) {
    current.break_before = break_before;
    const bool body = head == 0 || !out.boxes.empty();
    double limit = t.max_height;
    if (head > 0 && body && limit - out.boxes.front().height > limit / 3)
      limit -= out.boxes.front().height; // the repeated header sits above each continuation
    if (t.max_height > 0 && body && current.height > limit) {
      for (auto& slice : slice_row(std::move(current), std::move(units), limit, ncols))
        out.boxes.push_back(std::move(slice));
    } else {
      out.boxes.push_back(std::move(current));
    }
    current = VBox{};
    units.clear();
  };
  for (std::size_t r = 0; r < t.rows; ++r) {
    if (r == 0) { // top rule
      rule(current, current.height, k_heavy_rule);
      add_unit(current.height, current.height + k_heavy_rule, 0, ncols, false);
      current.height += k_heavy_rule;
    }
    const double top = current.height + t.padding;
    for (auto& pc : cells) {
      if (pc.in->row != r) continue;
      double y = top;
      for (auto& l : pc.lines) {
        offset_line_items(l, t.left + col_x[pc.col], y, pc.in->tag, current);
        add_unit(y, y + l.height, pc.col, pc.col + pc.span, true);
        y += l.height;
      }
    }
    current.height = top + row_h[r] + t.padding;
    if (head > 0 && r + 1 == head) { // mid rule under the header
      rule(current, current.height, k_light_rule);
      add_unit(current.height, current.height + k_light_rule, 0, ncols, false);
      current.height += k_light_rule + t.padding;
    }
    if (r + 1 == t.rows) {
      rule(current, current.height, k_heavy_rule);
      add_unit(current.height, current.height + k_heavy_rule, 0, ncols, false);
      current.height += k_heavy_rule;
    }
    bool last_header_row = r + 1 < head;
    bool next_joined = r + 1 < t.rows && joined[r + 1];
    if (last_header_row || next_joined) continue; // header rows and row spans stay together
    // the first body row stays with the header; other rows may start a page
    bool first_box = out.boxes.empty();
    bool after_header = out.boxes.size() == 1 && head > 0;
    flush(first_box || !after_header);
  }
  if (head > 0 && out.boxes.size() > 1) {
    auto header = std::make_shared<VBox>(out.boxes.front());
    header->break_before = false;
    header->outline.clear();
    // the repeated copy carries no destinations (they must stay unique)
    header->items.erase(
        std::remove_if(header->items.begin(), header->items.end(),
                       [](const PageItem& it) { return std::holds_alternative<Destination>(it); }),
        header->items.end());
    for (auto& it : header->items) // the repeated copy is page furniture
      if (auto* r = std::get_if<GlyphRun>(&it))
        r->tag = k_artifact;
      else if (auto* l = std::get_if<LinkArea>(&it))
        l->tag = k_artifact;
    for (std::size_t i = 1; i < out.boxes.size(); ++i)
      out.boxes[i].repeat_header = header;
  }
  return out;
}

} // namespace sheaf::layout
