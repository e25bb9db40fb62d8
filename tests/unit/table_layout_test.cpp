// Table layout on the fake font provider (0.5 em per character, 0.25 em per space): column
// widths, font shrinking, column spans and header rows repeated after a page break.
#include "diag/diagnostic.hpp"
#include "layout/fake_font_provider.hpp"
#include "layout/table_layout.hpp"

#include <gtest/gtest.h>
#include <map>

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

namespace {

/// Texts of the glyph runs of `box`, in item order.
std::vector<std::string> box_texts(const VBox& box) {
  std::vector<std::string> out;
  for (const auto& item : box.items)
    if (const auto* r = std::get_if<GlyphRun>(&item)) {
      std::string s;
      for (const auto& g : r->glyphs)
        s += g.text;
      out.push_back(s);
    }
  return out;
}

/// A header row, then a row with "Tall" and a cell of `lines` one-line paragraphs.
void tall_row_table(Fixture& f, int lines) {
  f.table.columns = 2;
  f.table.width = 200;
  f.table.header_rows = 1;
  f.cell(0, "Head");
  f.cell(0, "Text");
  f.cell(1, "Tall");
  f.cell(1, "line1");
  for (int k = 2; k <= lines; ++k) {
    TextSegment s = f.table.cells.back().paragraphs.front().front();
    s.text = "line" + std::to_string(k);
    f.table.cells.back().paragraphs.push_back({s});
  }
}

} // namespace

TEST(TableLayout, RowTallerThanAPageSplitsBetweenLines) {
  Fixture whole;
  tall_row_table(whole, 40);
  auto unsplit = whole.run();
  ASSERT_EQ(unsplit.boxes.size(), 2u); // max_height 0: rows are never split
  Fixture f;
  tall_row_table(f, 40);
  f.table.max_height = 300;
  auto t = f.run();
  // header box (0.8 rule + 2 + 14 + 2 + 0.5 rule + 2 = 21.3 pt), then one slice per line:
  // the first holds the top padding, "Tall" and line1, the last line2's bottom padding and rule
  ASSERT_EQ(t.boxes.size(), 1u + 40);
  EXPECT_NEAR(t.boxes[0].height, 21.3, 1e-9);
  EXPECT_EQ(box_texts(t.boxes[1]), (std::vector<std::string>{"Tall", "line1"}));
  EXPECT_NEAR(t.boxes[1].height, 16, 1e-9);
  EXPECT_FALSE(t.boxes[1].break_before); // the first slice stays with the header
  double sum = 0;
  for (std::size_t k = 1; k < t.boxes.size(); ++k) {
    if (k >= 2) {
      EXPECT_EQ(box_texts(t.boxes[k]), std::vector<std::string>{"line" + std::to_string(k)});
      EXPECT_TRUE(t.boxes[k].break_before);
    }
    EXPECT_TRUE(t.boxes[k].repeat_header);
    sum += t.boxes[k].height;
  }
  EXPECT_NEAR(t.boxes.back().height, 14 + 2 + 0.8, 1e-9);
  EXPECT_NEAR(sum, unsplit.boxes[1].height, 1e-9); // unbroken slices give the same row

  PageGeometry g;
  g.width = 300;
  g.height = 400;
  g.top = g.bottom = g.left = g.right = 50; // 300 pt of text height
  std::vector<OutlineEntry> outline;
  auto pages = paginate(t.boxes, g, outline);
  // page 1: header + 16 + 18 * 14 = 289.3 (line1..line19); page 2: header + 19 lines
  ASSERT_EQ(pages.size(), 3u);
  EXPECT_EQ(page_text(pages[0]).rfind("Head|Text|Tall|line1|line2|"), 0u);
  EXPECT_NE(page_text(pages[0]).find("|line19|"), std::string::npos);
  EXPECT_EQ(page_text(pages[1]).rfind("Head|Text|line20|", 0), 0u) << page_text(pages[1]);
  EXPECT_NE(page_text(pages[1]).find("|line38|"), std::string::npos);
  EXPECT_EQ(page_text(pages[2]), "Head|Text|line39|line40|");
  std::string all;
  for (const auto& p : pages) {
    all += page_text(p);
    for (const auto& item : p.items) // nothing runs past the bottom margin
      std::visit([&](const auto& it) { EXPECT_LE(it.y, 350.01); }, item);
  }
  for (int k = 1; k <= 40; ++k) { // every line exactly once
    std::string key = "|line" + std::to_string(k) + "|";
    EXPECT_NE(all.find(key), std::string::npos) << key;
    EXPECT_EQ(all.find(key), all.rfind(key)) << key;
  }
}

TEST(TableLayout, TallRowWithUnevenLinesSplitsWithinTheLimit) {
  // two tall cells whose line heights (14 and 20 pt) share a boundary only every 140 pt: where
  // no common boundary is near enough, the crossing lines move down to the cut
  Fixture f;
  f.table.columns = 2;
  f.table.width = 200;
  f.table.max_height = 100;
  for (double lh : {14.0, 20.0}) {
    f.cell(0, "a1");
    auto& c = f.table.cells.back();
    c.line_height = lh;
    for (int k = 2; k <= 30; ++k) {
      TextSegment s = c.paragraphs.front().front();
      s.text = (lh == 14 ? "a" : "b") + std::to_string(k);
      c.paragraphs.push_back({s});
    }
    if (lh == 20) c.paragraphs.front().front().text = "b1";
  }
  auto t = f.run();
  ASSERT_GE(t.boxes.size(), 5u);
  std::map<std::string, int> seen;
  double last_bottom_a = -1, last_bottom_b = -1, top = 0;
  for (const auto& box : t.boxes) {
    EXPECT_LE(box.height, 100 + 1e-9);
    for (const auto& item : box.items)
      if (const auto* r = std::get_if<GlyphRun>(&item)) {
        std::string s;
        for (const auto& g : r->glyphs)
          s += g.text;
        ++seen[s];
        EXPECT_LE(r->y, box.height) << s; // the baseline inside its slice
        // within a column, lines follow each other without overlap
        double& last = s[0] == 'a' ? last_bottom_a : last_bottom_b;
        EXPECT_GT(top + r->y, last) << s;
        last = top + r->y;
      }
    top += box.height;
  }
  EXPECT_GT(top, 2 + 30 * 20 + 2 + 1.6); // the forced cuts left gaps
  EXPECT_EQ(seen.size(), 60u);
  for (const auto& [s, n] : seen)
    EXPECT_EQ(n, 1) << s;
}

TEST(TableLayout, TallRowSpanAlignsOffsetLinesOnce) {
  // a 40-line cell spanning two rows of 20 lines: the second row's lines sit 4 pt (two
  // paddings) off the spanning cell's; one forced cut aligns them, every later slice is a line
  Fixture f;
  f.table.columns = 2;
  f.table.width = 200;
  f.table.max_height = 100;
  auto lines = [&](std::size_t row, const std::string& tag, int n) {
    f.cell(row, tag + "1");
    for (int k = 2; k <= n; ++k) {
      TextSegment s = f.table.cells.back().paragraphs.front().front();
      s.text = tag + std::to_string(k);
      f.table.cells.back().paragraphs.push_back({s});
    }
  };
  lines(0, "a", 40);
  f.table.cells.back().row_span = 2;
  lines(0, "b", 20);
  lines(1, "c", 20);
  auto t = f.run();
  std::size_t tall = 0;
  double sum = 0;
  for (const auto& box : t.boxes) {
    EXPECT_LE(box.height, 100 + 1e-9);
    tall += box.height > 30;
    sum += box.height;
  }
  EXPECT_EQ(tall, 1u) << t.boxes.size() << " slices";   // the one before the forced cut
  EXPECT_LT(sum, 0.8 + 2 + 40 * 14 + 14 + 4 + 2 + 0.8); // less than a line of gap added
}
