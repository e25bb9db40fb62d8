// Table layout: column widths from content (min/max per column, distributed to the text
// width), cells wrapped as paragraphs in their column, booktabs rules, rows as vertical boxes
// whose header copy the paginator repeats after a page break.
#pragma once

#include "diag/diagnostic.hpp"
#include "layout/paginator.hpp"
#include "layout/paragraph.hpp"

#include <vector>

namespace sheaf::layout {

/// Content width range of one column, pt.
struct ColumnRange {
  double min = 0; ///< longest unbreakable word
  double max = 0; ///< natural one-line width
};

/// Column widths for `avail` pt: max widths when they fit, else each column gets its min
/// and the rest is shared in proportion to (max - min). When even the mins do not fit, the
/// mins are scaled down to `avail` (cells then wrap mid-word).
std::vector<double> distribute_columns(const std::vector<ColumnRange>& cols, double avail);

/// One cell to lay out: its grid position and its paragraphs (already flattened segments).
struct TableCellInput {
  std::size_t row = 0; ///< row index; the column is the next free grid slot (row spans)
  int col_span = 1, row_span = 1;
  bool header = false;
  int tag = k_untagged; ///< structure element (TH/TD) of the cell's text
  style::TextAlign align = style::TextAlign::left;
  double line_height = 14; ///< paragraph line height, pt
  bool hyphenate = true;
  std::vector<std::vector<TextSegment>> paragraphs;
};

/// One table to lay out.
struct TableInput {
  std::size_t columns = 0;
  std::size_t rows = 0;
  std::size_t header_rows = 0; ///< the first rows that repeat after a page break
  std::vector<TableCellInput> cells;
  /// Per-column width as a fraction of the text width (0 or missing: from the content).
  std::vector<double> fractions;
  double left = 0, width = 400; ///< text area, pt
  double gap = 6;               ///< horizontal space between columns, pt
  double padding = 2;           ///< vertical space above/below each row, pt
  double min_scale = 0.7;       ///< font shrink limit for too-wide tables
  /// Page text height, pt: a body row taller than this (less the repeated header) is split
  /// into slices at line boundaries. 0: rows are never split.
  double max_height = 0;
  Color rule_color;
};

/// Result: rows as boxes (the header rows form one box; a row taller than `max_height`
/// several boxes with breaks allowed between them) plus the computed geometry.
struct TableLayout {
  std::vector<VBox> boxes;
  std::vector<double> column_widths; ///< pt
  double scale = 1;                  ///< font scale applied (1 = none)
};

/// Lays out `table`. `hyphenator` may be null.
TableLayout layout_table(const TableInput& table, ShapeCache& cache,
                         const LazyHyphenator* hyphenator, diag::DiagnosticSink& sink,
                         const diag::SourceLocation& where);

} // namespace sheaf::layout
