// Table layout on the fake font provider (0.5 em per character, 0.25 em per space): column
// widths, font shrinking, column spans and header rows repeated after a page break.
#include "diag/diagnostic.hpp"
#include "layout/fake_font_provider.hpp"
#include "layout/table_layout.hpp"

#include <gtest/gtest.h>

using namespace sheaf;
using namespace sheaf::layout;

namespace {

struct Fixture {
  FakeFontProvider fonts;
  diag::CollectingSink sink;
  ShapeCache cache{fonts, "en", sink};
  FontId font = fonts.resolve({{"serif"}, 400, false});
  TableInput table;

  void cell(std::size_t row, const std::string& text, int col_span = 1) {
    TextSegment s;
    s.text = text;
    s.font = font;
    s.size = 10; // 5 pt per character, 2.5 pt per space
    TableCellInput c;
    c.row = row;
    c.col_span = col_span;
    c.line_height = 14;
    c.paragraphs.push_back({s});
    table.cells.push_back(std::move(c));
    table.rows = std::max(table.rows, row + 1);
  }
  TableLayout run() { return layout_table(table, cache, nullptr, sink, {}); }
};

std::string page_text(const Page& p) {
  std::string out;
  for (const auto& item : p.items)
    if (const auto* r = std::get_if<GlyphRun>(&item)) {
      for (const auto& g : r->glyphs)
        out += g.text;
      out += "|";
    }
  return out;
}

} // namespace

TEST(TableLayout, DistributeUsesMaxWhenItFits) {
  auto w = distribute_columns({{10, 50}, {20, 30}}, 100);
  EXPECT_DOUBLE_EQ(w[0], 50);
  EXPECT_DOUBLE_EQ(w[1], 30);
}

TEST(TableLayout, DistributeSharesRestByMaxMinusMin) {
  auto w = distribute_columns({{10, 50}, {20, 30}}, 50); // 20 pt over the mins, 40:10
  EXPECT_DOUBLE_EQ(w[0], 26);
  EXPECT_DOUBLE_EQ(w[1], 24);
}

TEST(TableLayout, DistributeScalesMinsWhenTooNarrow) {
  auto w = distribute_columns({{10, 50}, {20, 30}}, 15);
  EXPECT_DOUBLE_EQ(w[0], 5);
  EXPECT_DOUBLE_EQ(w[1], 10);
}

TEST(TableLayout, ColumnWidthsFromContent) {
  Fixture f;
  f.table.columns = 2;
  f.table.width = 200;
  f.cell(0, "ab cdef"); // min 20 (cdef), max 32.5
  f.cell(0, "x");
  f.cell(1, "abc");
  f.cell(1, "yy");
  auto t = f.run();
  ASSERT_EQ(t.column_widths.size(), 2u);
  EXPECT_DOUBLE_EQ(t.column_widths[0], 32.5);
  EXPECT_DOUBLE_EQ(t.column_widths[1], 10);
  EXPECT_DOUBLE_EQ(t.scale, 1);
}

TEST(TableLayout, NarrowTableWrapsCells) {
  Fixture f;
  f.table.columns = 2;
  f.table.width = 6 + 60; // gap 6: 60 pt for the columns
  f.table.header_rows = 0;
  f.cell(0, "aaaa bbbb cccc dddd"); // min 20, max 87.5
  f.cell(0, "zz");                  // 10
  auto t = f.run();
  EXPECT_DOUBLE_EQ(t.column_widths[1], 10);
  EXPECT_DOUBLE_EQ(t.column_widths[0], 50);
  ASSERT_EQ(t.boxes.size(), 1u);
  std::size_t runs = 0;
  for (const auto& item : t.boxes[0].items)
    runs += std::holds_alternative<GlyphRun>(item);
  EXPECT_GE(runs, 3u); // the first cell takes two lines (or more), the second one
}

TEST(TableLayout, TooWideTableShrinksFont) {
  Fixture f;
  f.table.columns = 3;
  f.table.width = 100; // 88 pt for three 50-pt words
  for (int i = 0; i < 3; ++i)
    f.cell(0, "abcdefghij");
  auto t = f.run();
  EXPECT_DOUBLE_EQ(t.scale, 0.7);
  double sum = 0;
  for (double w : t.column_widths)
    sum += w;
  EXPECT_NEAR(sum, 88, 1e-9); // never past the text width
}

TEST(TableLayout, ColumnSpanWidensSpannedColumns) {
  Fixture f;
  f.table.columns = 2;
  f.table.width = 400;
  f.cell(0, "a");
  f.cell(0, "b");
  f.cell(1, "abcdefghijklmnopqrst", 2); // 100 pt over 5 + 6 + 5
  auto t = f.run();
  EXPECT_DOUBLE_EQ(t.column_widths[0] + t.column_widths[1] + 6, 100);
}

TEST(TableLayout, RowSpanShiftsFollowingCells) {
  Fixture f;
  f.table.columns = 2;
  f.table.width = 400;
  f.cell(0, "tall");
  f.table.cells.back().row_span = 2;
  f.cell(0, "r0");
  f.cell(1, "r1"); // goes to column 1: column 0 is covered
  auto t = f.run();
  ASSERT_EQ(t.boxes.size(), 1u); // the spanned rows stay together
  double x_r0 = -1, x_r1 = -2;
  for (const auto& item : t.boxes[0].items)
    if (const auto* r = std::get_if<GlyphRun>(&item)) {
      if (r->glyphs.size() == 2 && r->glyphs[1].text == "0") x_r0 = r->x;
      if (r->glyphs.size() == 2 && r->glyphs[1].text == "1") x_r1 = r->x;
    }
  EXPECT_DOUBLE_EQ(x_r0, x_r1);
  EXPECT_GT(x_r0, 0);
}

TEST(TableLayout, HeaderRepeatedAfterPageBreak) {
  Fixture f;
  f.table.columns = 2;
  f.table.width = 200;
  f.table.header_rows = 1;
  f.cell(0, "Head");
  f.cell(0, "Other");
  for (std::size_t r = 1; r <= 40; ++r) {
    f.cell(r, "row" + std::to_string(r));
    f.cell(r, "v");
  }
  auto t = f.run();
  ASSERT_EQ(t.boxes.size(), 41u); // the header, then one box per row
  EXPECT_FALSE(t.boxes[0].repeat_header);
  EXPECT_TRUE(t.boxes[1].repeat_header);
  EXPECT_FALSE(t.boxes[1].break_before);
  PageGeometry g;
  g.width = 300;
  g.height = 400;
  g.top = g.bottom = g.left = g.right = 50;
  std::vector<OutlineEntry> outline;
  auto pages = paginate(t.boxes, g, outline);
  ASSERT_GE(pages.size(), 3u);
  for (const auto& p : pages) {
    std::string text = page_text(p);
    EXPECT_EQ(text.rfind("Head|Other|", 0), 0u) << text; // each page starts with the header
    for (const auto& item : p.items)                     // nothing runs past the bottom margin
      if (const auto* r = std::get_if<Rule>(&item)) {
        EXPECT_LE(r->y + r->height, 350.01);
      }
  }
  // every row exactly once over all pages
  std::string all;
  for (const auto& p : pages)
    all += page_text(p);
  for (int r = 1; r <= 40; ++r) {
    std::string key = "|row" + std::to_string(r) + "|";
    EXPECT_NE(all.find(key), std::string::npos) << key;
    EXPECT_EQ(all.find(key), all.rfind(key)) << key;
  }
}

TEST(TableLayout, SourceWidthFractionsFixColumns) {
  Fixture f;
  f.table.columns = 2;
  f.table.width = 206;
  f.table.fractions = {0.5, 0};
  f.cell(0, "a");
  f.cell(0, "b");
  auto t = f.run();
  EXPECT_DOUBLE_EQ(t.column_widths[0], 103);
  EXPECT_DOUBLE_EQ(t.column_widths[1], 5);
}
