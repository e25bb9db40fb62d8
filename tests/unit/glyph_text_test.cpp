// GlyphText: the compact per-glyph source text of the page tree (inline and heap storage).
#include "layout/glyph_text.hpp"

#include <gtest/gtest.h>
#include <utility>
#include <vector>

using sheaf::layout::GlyphText;

TEST(GlyphText, InlineAndHeapTextsReadBack) {
  GlyphText empty;
  EXPECT_TRUE(empty.empty());
  EXPECT_EQ(empty, "");
  GlyphText ffi("ffi");
  EXPECT_EQ(ffi.size(), 3u);
  EXPECT_EQ(ffi, "ffi");
  std::string fifteen(15, 'x'),
      long_text = "a cluster of more than fifteen bytes: \xC3\xA9\xC3\xA9";
  GlyphText at_limit(fifteen), heap(long_text);
  EXPECT_EQ(at_limit, fifteen);
  EXPECT_EQ(heap, long_text);
  EXPECT_EQ(heap.size(), long_text.size());
  EXPECT_EQ(sizeof(GlyphText), 16u);
}

TEST(GlyphText, CopiesMovesAndAssignmentsKeepTheirOwnBytes) {
  std::string long_text(40, 'L');
  GlyphText a(long_text);
  GlyphText b = a; // deep copy of the heap text
  a = "short";
  EXPECT_EQ(b, long_text);
  EXPECT_EQ(a, "short");
  GlyphText c = std::move(b);
  EXPECT_EQ(c, long_text);
  EXPECT_TRUE(b.empty());                      // NOLINT: moved-from state is defined as empty
  c.assign(std::string_view(c).substr(2, 20)); // assignment from its own bytes
  EXPECT_EQ(c, std::string(20, 'L'));
  c.clear();
  EXPECT_TRUE(c.empty());
  std::vector<GlyphText> v;
  for (int i = 0; i < 100; ++i)
    v.emplace_back(std::string(static_cast<std::size_t>(i % 30), static_cast<char>('a' + i % 26)));
  for (int i = 0; i < 100; ++i)
    EXPECT_EQ(v[static_cast<std::size_t>(i)],
              std::string(static_cast<std::size_t>(i % 30), static_cast<char>('a' + i % 26)));
}

TEST(GlyphText, ComparesAndAppendsLikeAString) {
  GlyphText t("\xC2\xAD");
  std::string s = "x";
  s += t;
  EXPECT_EQ(s, "x\xC2\xAD");
  EXPECT_NE(t.find("\xC2\xAD"), std::string_view::npos);
  EXPECT_TRUE(std::string("-") != GlyphText("a"));
  EXPECT_TRUE(GlyphText("a") == std::string("a"));
}
