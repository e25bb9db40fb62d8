// Line breaking on the fake font (0.5 em per character, 0.25 em per space, 10 pt): pinned
// Knuth–Plass breaks, hyphenation, overfull splitting and the first-fit fallback.
#include "diag/diagnostic.hpp"
#include "layout/fake_font_provider.hpp"
#include "layout/hyphenator.hpp"
#include "layout/line_breaker.hpp"
#include "layout/paragraph.hpp"

#include <cmath>
#include <gtest/gtest.h>

using namespace sheaf;
using namespace sheaf::layout;

namespace {

struct Fixture {
  FakeFontProvider fonts;
  diag::CollectingSink sink;
  ShapeCache cache{fonts, "en", sink};
  FontId font = fonts.resolve({{"serif"}, 400, false});

  ParagraphResult run(const std::string& text, double width, style::TextAlign align,
                      const Hyphenator* hyph = nullptr, std::size_t ff_words = 5000) {
    TextSegment seg;
    seg.text = text;
    seg.font = font;
    seg.size = 10;
    ParagraphSettings ps;
    ps.width = width;
    ps.align = align;
    ps.hyphenator = hyph;
    ps.line_height = 12;
    ps.first_fit_words = ff_words;
    return layout_paragraph({seg}, ps, cache, sink, {});
  }
};

std::vector<std::string> texts(const ParagraphResult& r) {
  std::vector<std::string> out;
  for (const auto& l : r.lines)
    out.push_back(l.text());
  return out;
}

/// Sum of squared adjustment ratios of all lines but the last (how uneven the spacing is).
double unevenness(const std::vector<BreakItem>& items, const std::vector<std::size_t>& breaks,
                  double w) {
  double sum = 0;
  std::size_t from = 0;
  for (std::size_t i = 0; i + 1 < breaks.size(); ++i) {
    double r = adjustment_ratio(items, from, breaks[i], w);
    sum += r * r;
    from = line_start_after(items, breaks[i]);
  }
  return sum;
}

/// Items for words of the given lengths (in characters of 5 pt) separated by 2.5 pt spaces.
std::vector<BreakItem> word_items(const std::vector<int>& lengths) {
  std::vector<BreakItem> items;
  for (std::size_t i = 0; i < lengths.size(); ++i) {
    if (i) items.push_back(BreakItem::glue(2.5, 1.25, 0.833));
    items.push_back(BreakItem::box(lengths[i] * 5.0));
  }
  items.push_back(BreakItem::glue(0, 1e6, 0));
  items.push_back(BreakItem::pen(0, -k_infinite_penalty, false));
  return items;
}

} // namespace

TEST(LineBreaker, TotalFitBeatsFirstFit) {
  // Greedy filling leaves a very loose second line; total fit evens the paragraph out.
  std::vector<int> words = {6, 1, 8, 1, 1, 1, 5, 7, 4, 5, 5, 7};
  auto items = word_items(words);
  BreakParams p;
  p.line_width = 100;
  auto kp = break_total_fit(items, p);
  auto ff = break_first_fit(items, p);
  ASSERT_TRUE(kp.total_fit);
  EXPECT_NE(kp.breaks, ff.breaks);
  double u_kp = unevenness(items, kp.breaks, p.line_width);
  double u_ff = unevenness(items, ff.breaks, p.line_width);
  EXPECT_LT(u_kp, u_ff);
  EXPECT_EQ(kp.breaks, (std::vector<std::size_t>{9, 17, 24}));
  EXPECT_EQ(ff.breaks, (std::vector<std::size_t>{11, 17, 24}));
  // first fit's second line is stretched to six times its stretchability
  EXPECT_NEAR(adjustment_ratio(items, line_start_after(items, 11), 17, 100), 6.0, 1e-9);
  EXPECT_LE(adjustment_ratio(items, line_start_after(items, 9), 17, 100), 2.0);
}

TEST(LineBreaker, PinnedParagraph) {
  Fixture f;
  auto r = f.run("The quick brown fox jumps over the lazy dog and keeps running far away "
                 "into the deep dark forest where nobody can see it anymore.",
                 150, style::TextAlign::justify);
  EXPECT_TRUE(r.total_fit);
  EXPECT_EQ(texts(r), (std::vector<std::string>{"The quick brown fox jumps over",
                                                "the lazy dog and keeps running",
                                                "far away into the deep dark forest",
                                                "where nobody can see it anymore."}));
  // justified lines fill the measure exactly (except the last)
  for (std::size_t i = 0; i + 1 < r.lines.size(); ++i)
    EXPECT_NEAR(r.lines[i].width, 150, 0.01);
}

TEST(LineBreaker, RaggedUsesNaturalSpaces) {
  Fixture f;
  auto r = f.run("aaa bbb ccc ddd eee fff ggg", 60, style::TextAlign::left);
  EXPECT_EQ(texts(r), (std::vector<std::string>{"aaa bbb ccc", "ddd eee fff", "ggg"}));
  EXPECT_DOUBLE_EQ(r.lines[0].width, 50);
}

TEST(LineBreaker, Hyphenation) {
  auto hyph = Hyphenator::for_language("en");
  ASSERT_TRUE(hyph) << "hyphen-en-us not installed";
  EXPECT_EQ(hyph->points("hyphenation"), (std::vector<std::size_t>{2, 6}));
  EXPECT_EQ(hyph->points("Hyphenation"), (std::vector<std::size_t>{2, 6}));
  EXPECT_EQ(hyph->points("(hyphenation),"), (std::vector<std::size_t>{3, 7}));
  EXPECT_TRUE(hyph->points("word").empty());
  EXPECT_TRUE(hyph->points("abc123def456").empty());
  EXPECT_EQ(Hyphenator::dictionary_for("en-GB").empty(), false);
  Fixture f;
  auto r = f.run("Typesetting requires hyphenation of extraordinarily long words.", 120,
                 style::TextAlign::justify, hyph.get());
  auto t = texts(r);
  bool hyphenated = false;
  for (const auto& l : t)
    hyphenated = hyphenated || (!l.empty() && l.back() == '-');
  EXPECT_TRUE(hyphenated);
  EXPECT_EQ(t, (std::vector<std::string>{"Typesetting requires hy-", "phenation of extraordi-",
                                         "narily long words."}));
}

TEST(LineBreaker, SoftHyphenIsABreakThatDrawsAHyphen) {
  Fixture f;
  auto r = f.run("aaaa bbbb super\u00ADcalifragilistic", 110, style::TextAlign::left);
  EXPECT_EQ(texts(r), (std::vector<std::string>{"aaaa bbbb super-", "califragilistic"}));
  auto wide = f.run("super\u00ADcalifragilistic", 400, style::TextAlign::left);
  EXPECT_EQ(texts(wide), (std::vector<std::string>{"supercalifragilistic"}));
}

TEST(LineBreaker, OverfullWordIsSplitWithWarning) {
  Fixture f;
  std::string word(40, 'x'); // 200 pt in a 100 pt line
  auto r = f.run("go " + word + " end", 100, style::TextAlign::justify);
  EXPECT_TRUE(f.sink.has("overfull-line"));
  for (const auto& l : r.lines)
    EXPECT_LE(l.width, 100.01);
  std::string all;
  for (const auto& l : texts(r))
    all += l;
  EXPECT_NE(all.find(std::string(20, 'x')), std::string::npos);
}

TEST(LineBreaker, HugeParagraphFallsBackToFirstFit) {
  Fixture f;
  std::string text;
  for (int i = 0; i < 5200; ++i)
    text += (i % 7 == 0 ? "lorem " : "ipsum ");
  auto big = f.run(text, 300, style::TextAlign::justify);
  EXPECT_FALSE(big.total_fit);
  EXPECT_GT(big.words, 5000u);
  auto small = f.run("lorem ipsum dolor sit amet", 300, style::TextAlign::justify);
  EXPECT_TRUE(small.total_fit);
}

TEST(LineBreaker, HardBreakAndRightToLeft) {
  Fixture f;
  TextSegment a;
  a.text = "first";
  a.font = f.font;
  a.size = 10;
  a.hard_break = true;
  TextSegment b = a;
  b.text = "second line";
  b.hard_break = false;
  ParagraphSettings ps;
  ps.width = 200;
  auto r = layout_paragraph({a, b}, ps, f.cache, f.sink, {});
  EXPECT_EQ(texts(r), (std::vector<std::string>{"first", "second line"}));
  // Hebrew words come out in visual order (right to left), glyphs reversed within a word
  auto h = f.run("abc \u05D0\u05D1 \u05D2\u05D3 xyz", 400, style::TextAlign::left);
  ASSERT_EQ(h.lines.size(), 1u);
  EXPECT_EQ(h.lines[0].text(), "abc \u05D3\u05D2 \u05D1\u05D0 xyz");
}

TEST(LineBreaker, NoLineIsWiderThanTheMeasure) {
  Fixture f;
  // words chosen so that first fit needs shrinking on its lines, the last one included
  std::string text;
  for (int i = 0; i < 60; ++i)
    text += (i % 3 == 0 ? "abcdefgh " : i % 3 == 1 ? "ij " : "klmnop ");
  for (double width : {61.0, 97.0, 133.0, 150.0}) {
    for (auto align : {style::TextAlign::justify, style::TextAlign::left}) {
      auto r = f.run(text, width, align);
      for (const auto& l : r.lines)
        EXPECT_LE(l.width, width + 0.01) << width << " " << l.text();
    }
  }
  // a last line that fits only by shrinking its spaces (natural 65 pt in 64 pt)
  auto tight = f.run("aaaa bbbb cccc", 64, style::TextAlign::justify);
  ASSERT_EQ(tight.lines.size(), 1u);
  EXPECT_NEAR(tight.lines[0].width, 64, 0.01);
  auto big = f.run(text, 97, style::TextAlign::justify, nullptr, 10); // first-fit path
  EXPECT_FALSE(big.total_fit);
  for (const auto& l : big.lines)
    EXPECT_LE(l.width, 97.01) << l.text();
}
