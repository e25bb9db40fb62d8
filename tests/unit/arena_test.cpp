// util::Arena (bump allocator) and html::ParsedHtml (gumbo parsing into an arena).
#include "readers/html/dom.hpp"
#include "readers/html/parsed_html.hpp"
#include "util/arena.hpp"

#include <cstdint>
#include <cstring>
#include <gtest/gtest.h>
#include <set>
#include <vector>

using namespace sheaf;

namespace {

bool aligned(const void* p) {
  return reinterpret_cast<std::uintptr_t>(p) % util::Arena::alignment == 0;
}

TEST(Arena, AllocationsAreAlignedDistinctAndWritable) {
  util::Arena arena(4096);
  std::vector<std::pair<char*, std::size_t>> got;
  for (std::size_t i = 0; i < 2000; ++i) {
    std::size_t size = (i * 37) % 300;
    auto* p = static_cast<char*>(arena.allocate(size));
    ASSERT_TRUE(aligned(p)) << i;
    std::memset(p, static_cast<int>(i & 0xFF), size);
    got.emplace_back(p, size);
  }
  // Nothing overlaps: every block still holds the byte it was filled with.
  for (std::size_t i = 0; i < got.size(); ++i)
    for (std::size_t k = 0; k < got[i].second; ++k)
      ASSERT_EQ(static_cast<unsigned char>(got[i].first[k]), i & 0xFF) << i;
  std::set<char*> distinct;
  for (auto& g : got)
    distinct.insert(g.first);
  EXPECT_EQ(distinct.size(), got.size()); // size 0 still gets its own address
}

TEST(Arena, CountsUsedAndReservedBytes) {
  util::Arena arena(4096);
  EXPECT_EQ(arena.used(), 0u);
  EXPECT_EQ(arena.blocks(), 0u);
  arena.allocate(1);
  arena.allocate(17);
  EXPECT_EQ(arena.used(), 16u + 32u);
  EXPECT_EQ(arena.blocks(), 1u);
  EXPECT_EQ(arena.reserved(), 4096u);
  // A request that does not fit and is larger than a quarter block gets a block of its own;
  // the current block stays in use.
  void* big = arena.allocate(4090);
  EXPECT_EQ(arena.blocks(), 2u);
  void* small = arena.allocate(16);
  EXPECT_EQ(arena.blocks(), 2u);
  EXPECT_NE(big, small);
  // Filling the current block opens a new one.
  for (int i = 0; i < 300; ++i)
    arena.allocate(16);
  EXPECT_EQ(arena.blocks(), 3u);
  arena.reset();
  EXPECT_EQ(arena.used(), 0u);
  EXPECT_EQ(arena.blocks(), 0u);
  EXPECT_EQ(arena.reserved(), 0u);
  EXPECT_TRUE(aligned(arena.allocate(5)));
}

TEST(Arena, LargeBlocksAreUsableAndReleased) {
  // 1 MB blocks are mapped (pages populated up front); a 3 MB request gets its own block.
  util::Arena arena(1 << 20);
  std::vector<char*> got;
  for (int i = 0; i < 3; ++i) {
    auto* p = static_cast<char*>(arena.allocate(700 * 1024));
    std::memset(p, i + 1, 700 * 1024);
    got.push_back(p);
  }
  auto* huge = static_cast<char*>(arena.allocate(3 << 20));
  std::memset(huge, 9, 3 << 20);
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(got[i][700 * 1024 - 1], i + 1);
  EXPECT_EQ(huge[(3 << 20) - 1], 9);
  EXPECT_EQ(arena.blocks(), 4u);
  arena.reset();
  EXPECT_EQ(arena.blocks(), 0u);
  EXPECT_TRUE(aligned(arena.allocate(1 << 20)));
}

TEST(Arena, CallbacksAllocateFromTheArenaAndIgnoreFrees) {
  util::Arena arena(4096);
  void* p = util::Arena::allocate_callback(&arena, 100);
  EXPECT_EQ(arena.used(), 112u);
  util::Arena::deallocate_callback(&arena, p);
  EXPECT_EQ(arena.used(), 112u);
  util::Arena::deallocate_callback(&arena, nullptr);
}

TEST(ParsedHtml, TreeLivesInTheArena) {
  std::string html = "<!doctype html><title>T</title><p class=a>one <b>two</b><p>three";
  readers::html::ParsedHtml parsed(html);
  const GumboNode* doc = parsed.document();
  ASSERT_NE(doc, nullptr);
  EXPECT_GT(parsed.arena_bytes(), html.size());
  auto ps = readers::html::find_all(doc, GUMBO_TAG_P);
  ASSERT_EQ(ps.size(), 2u);
  EXPECT_EQ(readers::html::text_content(ps[0]), "one two");
  EXPECT_EQ(readers::html::attr_or_empty(ps[0], "class"), "a");
  EXPECT_EQ(readers::html::text_content(ps[1]), "three");
  // Positions point into the text the parse owns.
  EXPECT_EQ(ps[1]->v.element.start_pos.offset, html.rfind("<p>"));
}

TEST(ParsedHtml, LargeInputParses) {
  std::string html = "<body>";
  for (int i = 0; i < 20000; ++i)
    html += "<p>paragraph " + std::to_string(i) + " <a href='#x'>link</a></p>\n";
  readers::html::ParsedHtml parsed(html);
  ASSERT_NE(parsed.document(), nullptr);
  EXPECT_EQ(readers::html::find_all(parsed.document(), GUMBO_TAG_A).size(), 20000u);
}

} // namespace
