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

namespace {

/// Rule heights on each page: identifies which boxes went where.
std::vector<std::vector<double>> heights_per_page(const std::vector<Page>& pages) {
  std::vector<std::vector<double>> out;
  for (const auto& p : pages) {
    out.emplace_back();
    for (const auto& item : p.items)
      if (const auto* r = std::get_if<Rule>(&item)) out.back().push_back(r->height);
  }
  return out;
}

/// A float of one box `h` tall (a block image) at index `at` of `boxes`.
VBox float_box(double h) {
  return box(h, true);
}

} // namespace

TEST(Paginator, IncrementsGiveTheSamePagesAsOneGo) {
  // mixed heights, forbidden breaks, a forced break, spaces, notes and two floats
  auto make = [] {
    std::vector<VBox> boxes;
    for (int i = 0; i < 60; ++i) {
      VBox b = box(10 + (i * 37) % 50, i % 4 != 1);
      if (i % 17 == 5) {
        VBox space;
        space.height = 12;
        space.discardable = true;
        boxes.push_back(space);
      }
      if (i == 30) b.force_break_before = true;
      if (i % 11 == 3) b.notes.push_back(box(15));
      boxes.push_back(std::move(b));
    }
    boxes[20] = float_box(180);
    boxes[45] = float_box(200);
    return boxes;
  };
  const std::vector<FloatRange> floats{{20, 21}, {45, 46}};
  std::vector<OutlineEntry> outline_one, outline_inc;
  std::vector<Page> one_go;
  {
    Paginator p(small_page(), outline_one, 24);
    p.add(make(), floats);
    one_go = p.finish();
  }
  for (std::size_t chunk : {1u, 3u, 7u}) {
    std::vector<VBox> all = make();
    Paginator p(small_page(), outline_inc, 24);
    std::vector<Page> pages;
    for (std::size_t at = 0; at < all.size(); at += chunk) {
      std::vector<VBox> part;
      std::vector<FloatRange> part_floats;
      for (std::size_t k = at; k < std::min(all.size(), at + chunk); ++k) {
        for (const auto& f : floats)
          if (f.begin == k) part_floats.push_back({k - at, f.end - at});
        part.push_back(std::move(all[k]));
      }
      p.add(std::move(part), part_floats);
      for (auto& page : p.take_pages())
        pages.push_back(std::move(page));
      EXPECT_EQ(p.pages_done(), pages.size());
    }
    for (auto& page : p.finish())
      pages.push_back(std::move(page));
    EXPECT_EQ(heights_per_page(pages), heights_per_page(one_go)) << "chunks of " << chunk;
  }
}

TEST(Paginator, PageWaitsUntilTheTextAfterAFloatIsKnown) {
  // 300 pt per page: 200 pt of text, then a 150-pt float that does not fit (gap 100 pt)
  std::vector<OutlineEntry> outline;
  Paginator p(small_page(), outline, 24);
  std::vector<VBox> first;
  first.push_back(box(100));
  first.push_back(box(100));
  first.push_back(float_box(150));
  p.add(std::move(first), {{2, 3}});
  EXPECT_TRUE(p.take_pages().empty()); // page 1 may still receive the text after the float
  std::vector<VBox> more;
  more.push_back(box(40));
  p.add(std::move(more));
  EXPECT_TRUE(p.take_pages().empty()); // 40 pt fit the gap; the next box may fit as well
  std::vector<VBox> rest;
  rest.push_back(box(50));
  rest.push_back(box(30));
  p.add(std::move(rest));
  auto pages = p.take_pages(); // 40 + 50 fill the gap (100 pt), 30 does not: page 1 is final
  ASSERT_EQ(pages.size(), 1u);
  EXPECT_EQ(heights_per_page(pages)[0], (std::vector<double>{100, 100, 40, 50}));
  EXPECT_EQ(p.boxes_held(), 2u); // the float and the last box
  auto last = p.finish();
  ASSERT_EQ(last.size(), 1u);
  EXPECT_EQ(heights_per_page(last)[0], (std::vector<double>{150, 30}));
}

namespace {

/// Records the pages it receives and how much structure existed at each delivery.
struct RecordingSink : PageSink {
  void page(const Page& page, std::size_t index,
            const std::vector<StructElement>& structure) override {
    indices.push_back(index);
    structure_sizes.push_back(structure.size());
    pages.push_back(page);
  }
  std::vector<std::size_t> indices, structure_sizes;
  std::vector<Page> pages;
};

model::Document many_paragraphs(int n) {
  model::DocumentBuilder b("t.txt");
  for (int i = 0; i < n; ++i) {
    if (i % 10 == 0) {
      b.open_heading(1, b.at(1));
      b.text("Part " + std::to_string(i / 10), b.at(1));
      b.close();
    }
    b.open_paragraph(b.at(1));
    std::string t;
    for (int w = 0; w < 30; ++w)
      t += "w" + std::to_string(i) + "x" + std::to_string(w) + " ";
    b.text(t, b.at(1));
    b.close();
  }
  return b.finish();
}

} // namespace

TEST(Typeset, PagesReachTheSinkWhileTypesettingGoesOn) {
  auto doc = many_paragraphs(80);
  FakeFontProvider fonts;
  diag::CollectingSink sink;
  TypesetOptions opt;
  opt.paper = "300x400pt";
  opt.margin = "50pt";
  RecordingSink pages;
  PageTree streamed = typeset(doc, style::Stylesheet{}, fonts, opt, sink, &pages);
  EXPECT_TRUE(streamed.pages.empty()); // they went to the sink
  ASSERT_GE(pages.pages.size(), 10u);
  for (std::size_t i = 0; i < pages.indices.size(); ++i)
    EXPECT_EQ(pages.indices[i], i);
  // the first pages were delivered while most paragraphs (each one a structure element)
  // were not set yet
  EXPECT_LT(pages.structure_sizes.front() * 4, streamed.structure.size());
  EXPECT_LT(pages.structure_sizes[pages.structure_sizes.size() / 2], streamed.structure.size());
  // and they are the pages of a typesetting run that keeps them all
  PageTree kept = typeset(doc, style::Stylesheet{}, fonts, opt, sink);
  streamed.pages = pages.pages;
  EXPECT_EQ(dump(streamed, fonts), dump(kept, fonts));
}

TEST(Typeset, TableOfContentsPassesStreamOnlyTheKeptPass) {
  auto doc = many_paragraphs(40);
  FakeFontProvider fonts;
  diag::CollectingSink sink;
  TypesetOptions opt;
  opt.paper = "300x400pt";
  opt.margin = "50pt";
  opt.toc = true;
  RecordingSink pages;
  PageTree streamed = typeset(doc, style::Stylesheet{}, fonts, opt, sink, &pages);
  PageTree kept = typeset(doc, style::Stylesheet{}, fonts, opt, sink);
  ASSERT_EQ(pages.pages.size(), kept.pages.size()); // trial passes delivered nothing
  streamed.pages = pages.pages;
  EXPECT_EQ(dump(streamed, fonts), dump(kept, fonts));
}

TEST(Paginator, IncrementsCarryLongFootnotesLikeOneGo) {
  // a note of 12 lines (480 pt) cannot fit any 300-pt page: it is split and carried
  auto make = [] {
    std::vector<VBox> boxes;
    for (int i = 0; i < 30; ++i) {
      VBox b = box(20 + (i * 13) % 30, i % 3 != 2);
      if (i == 4 || i == 17)
        for (int k = 0; k < 12; ++k)
          b.notes.push_back(box(40));
      if (i == 9) b.notes.push_back(box(25));
      boxes.push_back(std::move(b));
    }
    return boxes;
  };
  std::vector<OutlineEntry> outline;
  std::vector<VBox> all = make();
  auto one_go = paginate(all, small_page(), outline);
  for (std::size_t chunk : {1u, 2u, 5u}) {
    std::vector<VBox> boxes = make();
    Paginator p(small_page(), outline);
    std::vector<Page> pages;
    for (std::size_t at = 0; at < boxes.size(); at += chunk) {
      std::vector<VBox> part;
      for (std::size_t k = at; k < std::min(boxes.size(), at + chunk); ++k)
        part.push_back(std::move(boxes[k]));
      p.add(std::move(part));
      for (auto& page : p.take_pages())
        pages.push_back(std::move(page));
    }
    for (auto& page : p.finish())
      pages.push_back(std::move(page));
    EXPECT_EQ(heights_per_page(pages), heights_per_page(one_go)) << "chunks of " << chunk;
  }
  EXPECT_GT(one_go.size(), 3u);
}

TEST(Paginator, TextMovedBeforeAFloatNeverEndsInsideATable) {
  // 200 pt of text, a 150-pt float pushed to page 2 (gap 100 pt), then a table of 30-pt rows
  // (rows after the first repeat the header when they start a page): only whole tables may
  // fill the gap, since the rest would follow the float without its header
  auto header = std::make_shared<VBox>(box(5));
  auto rows = [&](std::vector<VBox>& boxes, int n) {
    for (int r = 0; r < n; ++r) {
      VBox row = box(30);
      if (r > 0) row.repeat_header = header;
      boxes.push_back(std::move(row));
    }
  };
  for (int n : {2, 5}) {
    std::vector<VBox> boxes;
    boxes.push_back(box(100));
    boxes.push_back(box(100));
    boxes.push_back(float_box(150));
    rows(boxes, n);
    std::vector<OutlineEntry> outline;
    Paginator p(small_page(), outline, 24);
    p.add(std::move(boxes), {{2, 3}});
    auto pages = p.finish();
    ASSERT_EQ(pages.size(), 2u);
    if (n == 2) // the whole table fits the gap: moved
      EXPECT_EQ(heights_per_page(pages)[0], (std::vector<double>{100, 100, 30, 30}));
    else // three rows would fit, but not the whole table: the gap stays
      EXPECT_EQ(heights_per_page(pages)[0], (std::vector<double>{100, 100}));
  }
}
