// util::PointerSet (flat open-addressing pointer set), checked against std::unordered_set.
#include "util/pointer_set.hpp"

#include <gtest/gtest.h>
#include <random>
#include <set>
#include <unordered_set>
#include <vector>

using namespace sheaf;

namespace {

TEST(PointerSet, EmptySetHoldsNothing) {
  util::PointerSet s;
  int x = 0;
  EXPECT_TRUE(s.empty());
  EXPECT_EQ(s.size(), 0u);
  EXPECT_FALSE(s.contains(&x));
  EXPECT_EQ(s.count(&x), 0u);
  s.clear();
  EXPECT_TRUE(s.empty());
}

TEST(PointerSet, InsertReportsNewAndDuplicate) {
  util::PointerSet s;
  int a = 0, b = 0;
  EXPECT_TRUE(s.insert(&a));
  EXPECT_FALSE(s.insert(&a));
  EXPECT_TRUE(s.insert(&b));
  EXPECT_EQ(s.size(), 2u);
  EXPECT_EQ(s.count(&a), 1u);
  EXPECT_TRUE(s.contains(&b));
  s.clear();
  EXPECT_EQ(s.size(), 0u);
  EXPECT_FALSE(s.contains(&a));
  EXPECT_TRUE(s.insert(&a));
}

TEST(PointerSet, AgreesWithUnorderedSetThroughGrowth) {
  // Node-like pointers: 16-byte aligned addresses inside one buffer, inserted in random order
  // with repeats, so that probing, collisions and several rehashes are exercised.
  std::vector<char> buffer(16 * 20000);
  std::mt19937 rng(7);
  std::uniform_int_distribution<std::size_t> pick(0, 19999);
  util::PointerSet s;
  std::unordered_set<const void*> reference;
  for (int i = 0; i < 30000; ++i) {
    const void* p = buffer.data() + 16 * pick(rng);
    EXPECT_EQ(s.insert(p), reference.insert(p).second);
  }
  EXPECT_EQ(s.size(), reference.size());
  for (std::size_t k = 0; k < 20000; ++k) {
    const void* p = buffer.data() + 16 * k;
    ASSERT_EQ(s.contains(p), reference.count(p) == 1) << k;
  }
  std::set<const void*> seen;
  s.for_each([&](const void* p) { seen.insert(p); });
  EXPECT_EQ(seen, std::set<const void*>(reference.begin(), reference.end()));
}

TEST(PointerSet, ReserveKeepsContents) {
  util::PointerSet s;
  std::vector<int> xs(100);
  for (int& x : xs)
    s.insert(&x);
  s.reserve(5000);
  EXPECT_EQ(s.size(), 100u);
  for (int& x : xs)
    EXPECT_TRUE(s.contains(&x));
  int other = 0;
  EXPECT_FALSE(s.contains(&other));
}

} // namespace
