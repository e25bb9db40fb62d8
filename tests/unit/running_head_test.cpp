// Running-head titles: the first part of a separated web title, long ones cut with "…".
#include "layout/running_head.hpp"

#include <gtest/gtest.h>

using sheaf::layout::running_title;

TEST(RunningHead, ShortTitleKept) {
  EXPECT_EQ(running_title("On Typesetting"), "On Typesetting");
  EXPECT_EQ(running_title(""), "");
}

TEST(RunningHead, FirstPartOfSeparatedTitle) {
  EXPECT_EQ(running_title("Firefox \u2014 Customize and make it your own \u2014 The most flexible "
                          "browser on the web"),
            "Firefox");
  EXPECT_EQ(running_title("Article headline | Site Name"), "Article headline");
  EXPECT_EQ(running_title("Breaking news - BBC News"), "Breaking news");
  EXPECT_EQ(running_title("Well-known hyphenated-words stay"), "Well-known hyphenated-words stay");
  EXPECT_EQ(running_title("| Leading separator only"), "| Leading separator only");
}

TEST(RunningHead, BookSubtitleDropped) {
  EXPECT_EQ(running_title("Frankenstein; Or, The Modern Prometheus"), "Frankenstein");
  EXPECT_EQ(running_title("Typography: A Primer — Site"), "Typography");
  EXPECT_EQ(running_title("C++: A Guide"), "C++: A Guide"); // too little would remain
  EXPECT_EQ(running_title("Ratio 1:2 explained"), "Ratio 1:2 explained");
}

TEST(RunningHead, LongTitleCutAtWord) {
  std::string t = "Node.js and CPU profiling on production (in real-time without downtime)";
  EXPECT_EQ(running_title(t), "Node.js and CPU profiling on production\u2026");
  EXPECT_EQ(running_title(t, 10), "Node.js\u2026");
  // no space in reach: cut at the limit, counting code points, not bytes
  EXPECT_EQ(running_title("\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9", 4),
            "\u00e9\u00e9\u00e9\u00e9\u2026");
}
