// Pagination: page filling, permitted breaks, forced breaks, widows/orphans and headings kept
// with the following text, on the fake font provider.
#include "diag/diagnostic.hpp"
#include "diag/error.hpp"
#include "layout/fake_font_provider.hpp"
#include "layout/paginator.hpp"
#include "layout/typeset.hpp"
#include "model/builder.hpp"

#include <gtest/gtest.h>

using namespace sheaf;
using namespace sheaf::layout;

namespace {

VBox box(double h, bool breakable = true) {
  VBox b;
  b.height = h;
  b.break_before = breakable;
  b.items.push_back(Rule{0, 0, 10, h, {}});
  return b;
}

std::vector<std::size_t> rules_per_page(const std::vector<Page>& pages) {
  std::vector<std::size_t> out;
  for (const auto& p : pages)
    out.push_back(p.items.size());
  return out;
}

PageGeometry small_page() {
  PageGeometry g;
  g.width = 300;
  g.height = 400;
  g.top = g.bottom = g.left = g.right = 50; // 300 pt of text height
  return g;
}

/// Texts of the glyph runs on each page (running header/footer excluded by y range).
std::vector<std::vector<std::string>> page_lines(const PageTree& t, double top, double bottom) {
  std::vector<std::vector<std::string>> out;
  for (const auto& p : t.pages) {
    std::vector<std::string> lines;
    for (const auto& item : p.items)
      if (const auto* r = std::get_if<GlyphRun>(&item)) {
        if (r->y < top || r->y > p.height - bottom) continue;
        std::string s;
        for (const auto& g : r->glyphs)
          s += g.text;
        lines.push_back(s);
      }
    out.push_back(lines);
  }
  return out;
}

} // namespace

TEST(Paginator, FillsPagesGreedily) {
  std::vector<VBox> boxes;
  for (int i = 0; i < 10; ++i)
    boxes.push_back(box(70));
  std::vector<OutlineEntry> outline;
  auto pages = paginate(boxes, small_page(), outline);
  EXPECT_EQ(rules_per_page(pages), (std::vector<std::size_t>{4, 4, 2}));
}

TEST(Paginator, BacktracksToLastPermittedBreak) {
  std::vector<VBox> boxes;
  for (int i = 0; i < 6; ++i)
    boxes.push_back(box(70, i != 3 && i != 4));
  std::vector<OutlineEntry> outline;
  auto pages = paginate(boxes, small_page(), outline);
  // box 4 does not fit; neither 4 nor 3 may start a page: break before 2
  EXPECT_EQ(rules_per_page(pages), (std::vector<std::size_t>{2, 4}));
}

TEST(Paginator, ForcedBreakAndDiscardedSpace) {
  std::vector<VBox> boxes;
  boxes.push_back(box(10));
  VBox space;
  space.height = 50;
  space.discardable = true;
  boxes.push_back(space);
  VBox forced = box(10);
  forced.force_break_before = true;
  boxes.push_back(forced);
  boxes.push_back(box(280));
  boxes.push_back(space); // lands at a page top: dropped
  boxes.push_back(box(10));
  std::vector<OutlineEntry> outline;
  VBox with_outline = box(5);
  with_outline.outline.push_back({"Head", 1, 0, 0});
  boxes.push_back(with_outline);
  auto pages = paginate(boxes, small_page(), outline);
  ASSERT_EQ(pages.size(), 3u);
  EXPECT_EQ(rules_per_page(pages), (std::vector<std::size_t>{1, 2, 2}));
  const auto& first_on_3 = std::get<Rule>(pages[2].items[0]);
  EXPECT_DOUBLE_EQ(first_on_3.y, 50); // no space above it
  ASSERT_EQ(outline.size(), 1u);
  EXPECT_EQ(outline[0].page, 2);
  EXPECT_DOUBLE_EQ(outline[0].y, 60);
}

TEST(Typeset, WidowsOrphansAndHeadingKeepWithNext) {
  model::DocumentBuilder b("t.txt");
  // paragraphs of 3 lines each; the page holds a fixed number of lines
  for (int i = 0; i < 12; ++i) {
    if (i == 7) {
      b.open_heading(2, b.at(1));
      b.text("Section", b.at(1));
      b.close();
    }
    b.open_paragraph(b.at(1));
    std::string t;
    for (int w = 0; w < 24; ++w)
      t += "p" + std::to_string(i) + "w" + std::to_string(w) + " ";
    b.text(t, b.at(1));
    b.close();
  }
  auto doc = b.finish();
  FakeFontProvider fonts;
  diag::CollectingSink sink;
  TypesetOptions opt;
  opt.paper = "300x400pt";
  opt.margin = "50pt";
  auto tree = typeset(doc, style::Stylesheet{}, fonts, opt, sink);
  ASSERT_GE(tree.pages.size(), 2u);
  auto pages = page_lines(tree, 50, 50);
  for (std::size_t p = 0; p < pages.size(); ++p) {
    ASSERT_FALSE(pages[p].empty());
    // the last line on a page is never a heading
    EXPECT_NE(pages[p].back(), "Section") << "page " << p + 1;
  }
  // no paragraph is split leaving a single line on either side
  int splits = 0;
  for (std::size_t p = 0; p + 1 < pages.size(); ++p) {
    const std::string& last = pages[p].back();
    const std::string& next = pages[p + 1].front();
    std::string para_last = last.substr(0, last.find('w'));
    std::string para_next = next.substr(0, next.find('w'));
    if (para_last != para_next) continue;
    std::size_t before = 0, after = 0;
    for (const auto& l : pages[p])
      if (l.rfind(para_last + "w", 0) == 0) ++before;
    for (const auto& l : pages[p + 1])
      if (l.rfind(para_last + "w", 0) == 0) ++after;
    ++splits;
    EXPECT_GE(before, 2u) << "orphan on page " << p + 1;
    EXPECT_GE(after, 2u) << "widow on page " << p + 2;
  }
  EXPECT_GE(splits, 1) << "no paragraph crosses a page: the test checks nothing";
  // the outline points at the heading's page
  ASSERT_EQ(tree.outline.size(), 1u);
  bool found = false;
  for (const auto& l : pages[static_cast<std::size_t>(tree.outline[0].page)])
    found = found || l == "Section";
  EXPECT_TRUE(found);
}

TEST(Typeset, PageBreakBeforeFromStyleAndBadOptions) {
  model::DocumentBuilder b("t.txt");
  for (int i = 0; i < 3; ++i) {
    b.open_heading(1, b.at(1));
    b.text("Chapter " + std::to_string(i), b.at(1));
    b.close();
    b.open_paragraph(b.at(1));
    b.text("Short text.", b.at(1));
    b.close();
  }
  auto doc = b.finish();
  FakeFontProvider fonts;
  diag::CollectingSink sink;
  auto sheet = style::parse_css("h1 { page-break-before: always }", sink);
  auto tree = typeset(doc, sheet, fonts, {}, sink);
  EXPECT_EQ(tree.pages.size(), 3u);
  EXPECT_EQ(tree.outline.size(), 3u);
  TypesetOptions bad;
  bad.paper = "huge";
  EXPECT_THROW(typeset(doc, sheet, fonts, bad, sink), diag::Error);
  bad.paper = "a5";
  bad.margin = "-3cm";
  EXPECT_THROW(typeset(doc, sheet, fonts, bad, sink), diag::Error);
}

TEST(Typeset, HeadingNeverAloneAtPageFoot) {
  // 17 lines of 14.85 pt, then a heading that would still fit on the 300 pt page but
  // the text after it would not: the heading moves to page 2.
  model::DocumentBuilder b("t.txt");
  b.open_paragraph(b.at(1));
  for (int i = 1; i <= 17; ++i) {
    b.text("line " + std::to_string(i), b.at(1));
    if (i < 17) b.line_break(b.at(1));
  }
  b.close();
  b.open_heading(2, b.at(1));
  b.text("Heading", b.at(1));
  b.close();
  b.open_paragraph(b.at(1));
  b.text("Text after the heading, long enough for two lines of text in this narrow page.", b.at(1));
  b.close();
  auto doc = b.finish();
  FakeFontProvider fonts;
  diag::CollectingSink sink;
  TypesetOptions opt;
  opt.paper = "300x400pt";
  opt.margin = "50pt";
  auto tree = typeset(doc, style::Stylesheet{}, fonts, opt, sink);
  auto pages = page_lines(tree, 50, 50);
  ASSERT_EQ(pages.size(), 2u);
  EXPECT_EQ(pages[0].back(), "line 17");
  EXPECT_EQ(pages[1].front(), "Heading");
  // without keep-with-next (heading styled as a plain block) it would stay on page 1
  diag::NullSink quiet;
  auto loose = style::parse_css("h2 { page-break-after: auto }", quiet);
  auto tree2 = typeset(doc, loose, fonts, opt, sink);
  auto pages2 = page_lines(tree2, 50, 50);
  ASSERT_EQ(pages2.size(), 2u);
  EXPECT_EQ(pages2[0].back(), "Heading");
}

TEST(Typeset, DeepNestingStaysOnThePage) {
  model::DocumentBuilder b("t.txt");
  for (int i = 0; i < 60; ++i)
    b.open_block_quote(b.at(1));
  b.open_paragraph(b.at(1));
  b.text("Deeply quoted text that still has to be readable on the page.", b.at(1));
  b.close();
  b.close_to(0);
  auto doc = b.finish();
  FakeFontProvider fonts;
  diag::CollectingSink sink;
  auto tree = typeset(doc, style::Stylesheet{}, fonts, {}, sink);
  for (const auto& page : tree.pages)
    for (const auto& item : page.items)
      if (const auto* r = std::get_if<GlyphRun>(&item)) {
        EXPECT_GE(r->x, 0);
        double right =
            r->x + (r->glyphs.empty() ? 0 : r->glyphs.back().x + r->glyphs.back().advance);
        EXPECT_LE(right, page.width);
      }
}

TEST(Typeset, ListStyleTypeFromTheStylesheet) {
  model::DocumentBuilder b("t.txt");
  model::List proto;
  b.open_list(proto, b.at(1));
  for (int i = 0; i < 2; ++i) {
    b.open_list_item(b.at(1));
    b.open_paragraph(b.at(1));
    b.text("item", b.at(1));
    b.close();
    b.close();
  }
  b.close();
  auto doc = b.finish();
  FakeFontProvider fonts;
  diag::CollectingSink sink;
  auto texts_of = [&](const char* css) {
    auto tree = typeset(doc, style::parse_css(css, sink), fonts, {}, sink);
    auto pages = page_lines(tree, 72, 72);
    return pages.at(0);
  };
  EXPECT_EQ(texts_of(""), (std::vector<std::string>{"\u2022", "item", "\u2022", "item"}));
  EXPECT_EQ(texts_of("ul { list-style-type: none }"), (std::vector<std::string>{"item", "item"}));
  EXPECT_EQ(texts_of("ul { list-style-type: upper-roman }"),
            (std::vector<std::string>{"I.", "item", "II.", "item"}));
}

TEST(Paginator, FootnoteGoesToTheFootOfItsReferencePage) {
  // 300 pt of text height; lines of 70 pt; line 3 carries a 60-pt note: 3*70 + 70 + 60 + gap
  // exceeds 300, so line 3 moves to page 2 together with its note
  std::vector<VBox> boxes;
  for (int i = 0; i < 5; ++i)
    boxes.push_back(box(70));
  boxes[3].notes.push_back(box(60));
  std::vector<OutlineEntry> outline;
  auto pages = paginate(boxes, small_page(), outline);
  ASSERT_EQ(pages.size(), 2u);
  EXPECT_EQ(pages[0].items.size(), 3u);     // three lines, no note
  EXPECT_EQ(pages[1].items.size(), 2u + 2); // two lines, the note rule and the note
  // the note sits at the page foot: its bottom on the bottom margin
  const auto& note = std::get<Rule>(pages[1].items.back());
  EXPECT_DOUBLE_EQ(note.y + note.height, 350);
  EXPECT_DOUBLE_EQ(note.height, 60);
}

TEST(Paginator, FootnoteStaysWhenItFits) {
  std::vector<VBox> boxes;
  for (int i = 0; i < 3; ++i)
    boxes.push_back(box(70));
  boxes[1].notes.push_back(box(40));
  std::vector<OutlineEntry> outline;
  auto pages = paginate(boxes, small_page(), outline);
  ASSERT_EQ(pages.size(), 1u);
  EXPECT_EQ(pages[0].items.size(), 3u + 2);
}

namespace {

/// A box of height `h` whose rule has width `id` (to follow it across pages).
VBox tagged(double h, double id, bool breakable = true) {
  VBox b = box(h, breakable);
  std::get<Rule>(b.items[0]).width = id;
  return b;
}

/// Rule widths on each page (the footnote separator, 50 pt wide on small_page, left out).
std::vector<std::vector<double>> ids_per_page(const std::vector<Page>& pages) {
  std::vector<std::vector<double>> out;
  for (const auto& p : pages) {
    out.emplace_back();
    for (const auto& item : p.items)
      if (const auto* r = std::get_if<Rule>(&item))
        if (r->width != 50) out.back().push_back(r->width);
  }
  return out;
}

/// A note of `n` lines of 30 pt, ids first, first + 1, ...
std::vector<VBox> note_lines(int n, double first) {
  std::vector<VBox> out;
  for (int k = 0; k < n; ++k)
    out.push_back(tagged(30, first + k));
  return out;
}

} // namespace

TEST(Paginator, LongFootnoteContinuesAtTheNextPageFoot) {
  // 300 pt of text; line 2 carries a 10-line note (300 pt): it cannot stay whole with its
  // reference on any page, so as many lines as fit go under it (300 - 140 - 8 = 152: five),
  // the other five open the next page's foot (150 + 8 reserved: two 70-pt lines fit above)
  std::vector<VBox> boxes;
  for (int i = 1; i <= 5; ++i)
    boxes.push_back(tagged(70, i));
  boxes[1].notes = note_lines(10, 101);
  std::vector<OutlineEntry> outline;
  auto pages = paginate(boxes, small_page(), outline);
  using V = std::vector<double>;
  EXPECT_EQ(
      ids_per_page(pages),
      (std::vector<V>{{1, 2, 101, 102, 103, 104, 105}, {3, 4, 106, 107, 108, 109, 110}, {5}}));
  // the continued lines sit at the foot, the last one on the bottom margin
  const auto& last = std::get<Rule>(pages[1].items.back());
  EXPECT_DOUBLE_EQ(last.width, 110);
  EXPECT_DOUBLE_EQ(last.y + last.height, 350);
  const auto& first = std::get<Rule>(pages[0].items[3]);
  EXPECT_DOUBLE_EQ(first.width, 101);
  EXPECT_DOUBLE_EQ(first.y, 350 - 150);
}

TEST(Paginator, CarriedNoteLinesComeBeforeThePagesOwnNotes) {
  std::vector<VBox> boxes;
  for (int i = 1; i <= 4; ++i)
    boxes.push_back(tagged(50, i));
  boxes[0].notes = note_lines(12, 101); // 360 pt: 8 lines fit under line 1 (300-50-8 = 242)
  boxes[2].notes = note_lines(1, 201);  // on page 2 after the four carried lines
  std::vector<OutlineEntry> outline;
  auto pages = paginate(boxes, small_page(), outline);
  using V = std::vector<double>;
  // the page with a split note takes no more text; page 2: 120 + 8 carried, lines 2 and 3
  // and line 3's own note (258 pt); line 4 would need 308
  EXPECT_EQ(ids_per_page(pages), (std::vector<V>{{1, 101, 102, 103, 104, 105, 106, 107, 108},
                                                 {2, 3, 109, 110, 111, 112, 201},
                                                 {4}}));
}

TEST(Paginator, NoteLongerThanTwoPagesFillsAPageOfItsOwn) {
  std::vector<VBox> boxes;
  boxes.push_back(tagged(70, 1));
  boxes.push_back(tagged(70, 2));
  boxes[0].notes = note_lines(25, 101); // 750 pt
  std::vector<OutlineEntry> outline;
  auto pages = paginate(boxes, small_page(), outline);
  auto ids = ids_per_page(pages);
  // page 1: line 1 + 7 note lines (222 pt); page 2: 9 lines (292 pt), only notes;
  // page 3: line 2 under 7 of the last 9 (70 + 8 + 270 > 300); page 4: the last two
  std::vector<double> all;
  for (const auto& p : ids)
    all.insert(all.end(), p.begin(), p.end());
  std::vector<double> want{1};
  for (int k = 0; k < 25; ++k) {
    if (k == 16) want.push_back(2);
    want.push_back(101 + k);
  }
  EXPECT_EQ(all, want); // every line once, in order
  ASSERT_EQ(ids.size(), 4u);
  EXPECT_EQ(ids[0].size(), 8u);
  EXPECT_EQ(ids[1].size(), 9u);
  EXPECT_EQ(ids[1].front(), 108);
  EXPECT_EQ(ids[2].front(), 2);
  for (const auto& p : pages) // nothing below the bottom margin
    for (const auto& item : p.items)
      if (const auto* r = std::get_if<Rule>(&item)) {
        EXPECT_LE(r->y + r->height, 350 + 1e-9);
      }
}

TEST(Paginator, SplitNoteKeepsTheRestOfItsParagraph) {
  // line 3 refers to a long note; lines 4 and 5 may not be parted from it (widow rule):
  // the note leaves room for them and the page breaks after line 5
  std::vector<VBox> boxes;
  for (int i = 1; i <= 6; ++i)
    boxes.push_back(tagged(30, i, i != 4 && i != 5));
  boxes[2].notes = note_lines(12, 101);
  std::vector<OutlineEntry> outline;
  auto pages = paginate(boxes, small_page(), outline);
  auto ids = ids_per_page(pages);
  using V = std::vector<double>;
  ASSERT_GE(ids.size(), 2u);
  // 5 lines (150) + 8: four note lines (120) fit
  EXPECT_EQ(ids[0], (V{1, 2, 3, 4, 5, 101, 102, 103, 104}));
  EXPECT_EQ(ids[1].front(), 6);
}
