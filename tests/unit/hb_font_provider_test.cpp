// Tests of the fontconfig + HarfBuzz font provider against the Debian fonts the README installs
// (fonts-noto-core, fonts-dejavu-core/extra): family resolution, fallback, shaping, subsetting.
#include "layout/hb_font_provider.hpp"

#include <algorithm>
#include <gtest/gtest.h>
#include <thread>

using namespace sheaf::layout;

namespace {

HbFontProvider& provider() {
  static HbFontProvider p;
  return p;
}

FontId resolve(std::vector<std::string> families, int weight = 400, bool italic = false) {
  FontRequest r;
  r.families = std::move(families);
  r.weight = weight;
  r.italic = italic;
  return provider().resolve(r);
}

std::string file_of(FontId id) {
  std::string f = provider().face_info(id).file;
  return f.substr(f.find_last_of('/') + 1);
}

} // namespace

TEST(HbFontProvider, ResolvesNamedFamilyAndGenerics) {
  EXPECT_EQ(file_of(resolve({"Noto Serif"})), "NotoSerif-Regular.ttf");
  EXPECT_EQ(file_of(resolve({"serif"})), "NotoSerif-Regular.ttf");
  EXPECT_EQ(file_of(resolve({"sans-serif"})), "NotoSans-Regular.ttf");
  EXPECT_EQ(file_of(resolve({"monospace"})), "DejaVuSansMono.ttf");
  EXPECT_EQ(file_of(resolve({"'DejaVu Serif'"})), "DejaVuSerif.ttf");
  EXPECT_EQ(provider().face_name(resolve({"Noto Serif"})), "Noto Serif Regular");
}

TEST(HbFontProvider, MissingFamilyFallsBackToTheNextInTheList) {
  // FcFontMatch would answer DejaVu Sans for any unknown name; the provider must not.
  EXPECT_EQ(file_of(resolve({"NoSuchFontXYZ", "sans-serif"})), "NotoSans-Regular.ttf");
  EXPECT_EQ(file_of(resolve({"NoSuchFontXYZ"})), "NotoSerif-Regular.ttf");
  EXPECT_EQ(file_of(resolve({"NoSuchFontXYZ", "DejaVu Sans Mono"}, 700)),
            "DejaVuSansMono-Bold.ttf");
}

TEST(HbFontProvider, ItalicAndBoldAreRealFaces) {
  FontId it = resolve({"serif"}, 400, true);
  FaceInfo info = provider().face_info(it);
  EXPECT_EQ(file_of(it), "NotoSerif-Italic.ttf");
  EXPECT_TRUE(info.italic);
  EXPECT_LT(info.italic_angle, -5);
  EXPECT_EQ(info.postscript_name, "NotoSerif-Italic");
  EXPECT_EQ(file_of(resolve({"serif"}, 700)), "NotoSerif-Bold.ttf");
  EXPECT_EQ(file_of(resolve({"serif"}, 700, true)), "NotoSerif-BoldItalic.ttf");
  EXPECT_FALSE(provider().face_info(resolve({"serif"})).italic);
  EXPECT_GE(provider().face_info(resolve({"serif"}, 700)).weight, 700);
}

TEST(HbFontProvider, FaceFactsForTheEmitter) {
  FaceInfo serif = provider().face_info(resolve({"serif"}));
  EXPECT_EQ(serif.upem, 1000u);
  EXPECT_FALSE(serif.cff);
  EXPECT_TRUE(serif.serif);
  EXPECT_FALSE(serif.monospace);
  EXPECT_GT(serif.ascender, 500);
  EXPECT_LT(serif.descender, -100);
  EXPECT_GT(serif.cap_height, 500);
  EXPECT_LT(serif.cap_height, serif.ascender);
  EXPECT_LT(serif.bbox[0], 0);
  EXPECT_GT(serif.bbox[3], serif.ascender / 2);
  EXPECT_TRUE(provider().face_info(resolve({"monospace"})).monospace);
  FontMetrics m = provider().metrics(resolve({"serif"}));
  EXPECT_NEAR(m.ascender, serif.ascender / 1000.0, 1e-9);
  EXPECT_LT(m.descender, 0);
}

TEST(HbFontProvider, GreekAndCyrillicFromThePrimaryFace) {
  FontId serif = resolve({"serif"});
  std::vector<MissingGlyph> missing;
  auto runs = provider().shape(serif, "Ωμέγα Привет", "el", false, &missing);
  EXPECT_TRUE(missing.empty());
  ASSERT_EQ(runs.size(), 2u); // one run per script, both in Noto Serif
  for (const auto& r : runs) {
    EXPECT_EQ(r.font, serif);
    for (const auto& g : r.glyphs)
      EXPECT_NE(g.glyph, 0u);
  }
}

TEST(HbFontProvider, HebrewFallsBackToAFaceThatCoversIt) {
  FontId serif = resolve({"serif"});
  ASSERT_FALSE(provider().covers(serif, U'ש'));
  std::vector<MissingGlyph> missing;
  std::string text = "שלום עולם";
  auto runs = provider().shape(serif, text, "he", true, &missing);
  EXPECT_TRUE(missing.empty());
  ASSERT_EQ(runs.size(), 1u); // the space stays in the Hebrew run
  EXPECT_NE(runs[0].font, serif);
  EXPECT_TRUE(provider().covers(runs[0].font, U'ש'));
  EXPECT_TRUE(runs[0].rtl);
  // RTL: glyphs in visual order, so clusters decrease.
  ASSERT_GE(runs[0].glyphs.size(), 2u);
  EXPECT_GT(runs[0].glyphs.front().cluster, runs[0].glyphs.back().cluster);
  for (const auto& g : runs[0].glyphs)
    EXPECT_NE(g.glyph, 0u);
}

TEST(HbFontProvider, ArabicIsJoinedByTheFallbackFace) {
  FontId serif = resolve({"serif"});
  std::vector<MissingGlyph> missing;
  std::string text = "لا سلام"; // lam-alef ligature
  auto runs = provider().shape(serif, text, "ar", true, &missing);
  EXPECT_TRUE(missing.empty());
  ASSERT_FALSE(runs.empty());
  EXPECT_NE(runs[0].font, serif);
  std::size_t glyphs = 0;
  for (const auto& r : runs)
    glyphs += r.glyphs.size();
  EXPECT_LT(glyphs, 7u); // 7 code points; lam-alef forms one glyph
}

TEST(HbFontProvider, MixedScriptsSplitIntoRunsPerFace) {
  FontId serif = resolve({"serif"});
  std::string text = "Hello שלום world";
  auto runs = provider().shape(serif, text, "en", false);
  ASSERT_GE(runs.size(), 3u);
  EXPECT_EQ(runs.front().font, serif);
  EXPECT_EQ(runs.back().font, serif);
  EXPECT_EQ(runs.front().text_begin, 0u);
  EXPECT_EQ(runs.back().text_end, text.size());
  for (std::size_t i = 1; i < runs.size(); ++i)
    EXPECT_EQ(runs[i].text_begin, runs[i - 1].text_end);
}

TEST(HbFontProvider, ReportsCharactersNoFaceCovers) {
  FontId serif = resolve({"serif"});
  std::vector<MissingGlyph> missing;
  std::string text = "a\xCD\xB8"
                     "b"; // U+0378 is unassigned
  provider().shape(serif, text, "en", false, &missing);
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_EQ(missing[0].code_point, 0x378u);
  EXPECT_EQ(missing[0].offset, 1u);
  // Soft hyphens and joiners are invisible: never reported.
  missing.clear();
  provider().shape(serif, "co\xC2\xADop\xE2\x80\x8D", "en", false, &missing);
  EXPECT_TRUE(missing.empty());
}

TEST(HbFontProvider, KernsAV) {
  FontId serif = resolve({"serif"});
  auto runs = provider().shape(serif, "AV", "en", false);
  ASSERT_EQ(runs.size(), 1u);
  ASSERT_EQ(runs[0].glyphs.size(), 2u);
  const auto& a = runs[0].glyphs[0];
  double nominal = provider().glyph_advance(serif, a.glyph) / 1000.0;
  EXPECT_LT(a.x_advance, nominal - 0.01); // GPOS kerning pulls V under A
}

TEST(HbFontProvider, LigatureClustersAreByteOffsets) {
  FontId serif = resolve({"serif"});
  std::string text = "é office"; // é is two bytes
  auto runs = provider().shape(serif, text, "en", false);
  ASSERT_EQ(runs.size(), 1u);
  const auto& g = runs[0].glyphs;
  ASSERT_EQ(g.size(), 6u); // é, space, o, ffi, c, e
  EXPECT_EQ(g[0].cluster, 0u);
  EXPECT_EQ(g[1].cluster, 2u);
  EXPECT_EQ(g[2].cluster, 3u);
  EXPECT_EQ(g[3].cluster, 4u); // the ffi ligature
  EXPECT_EQ(g[4].cluster, 7u);
}

TEST(HbFontProvider, SubsetRemapsGlyphIds) {
  FontId serif = resolve({"serif"});
  auto runs = provider().shape(serif, "Typeset", "en", false);
  std::set<std::uint32_t> glyphs;
  for (const auto& g : runs[0].glyphs)
    glyphs.insert(g.glyph);
  FaceSubset s = provider().subset(serif, glyphs);
  EXPECT_GT(s.data.size(), 500u);
  EXPECT_LT(s.data.size(), 20000u);
  EXPECT_EQ(s.glyph_map.at(0), 0u);
  std::set<std::uint32_t> new_ids;
  for (auto& [o, n] : s.glyph_map)
    new_ids.insert(n);
  EXPECT_EQ(new_ids.size(), glyphs.size() + 1);
  EXPECT_EQ(*new_ids.rbegin(), glyphs.size()); // dense 0..n
}

TEST(HbFontProvider, ConcurrentShapingGivesTheSameResults) {
  std::string text = "Ωμέγα שלום office AVATAR";
  FontId serif = resolve({"serif"});
  auto reference = provider().shape(serif, text, "en", false);
  std::vector<std::thread> threads;
  std::vector<int> ok(4, 0);
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      HbFontProvider& p = provider();
      bool same = true;
      for (int i = 0; i < 50; ++i) {
        FontRequest r;
        r.families = {"sans-serif"};
        r.weight = 400 + 100 * (i % 4);
        p.resolve(r);
        auto runs = p.shape(serif, text, "en", false);
        same = same && runs.size() == reference.size();
        for (std::size_t k = 0; same && k < runs.size(); ++k)
          same = runs[k].glyphs.size() == reference[k].glyphs.size() &&
                 runs[k].font == reference[k].font;
      }
      ok[t] = same;
    });
  for (auto& th : threads)
    th.join();
  EXPECT_EQ(std::count(ok.begin(), ok.end(), 1), 4);
}
