// Unit tests for src/transform/typography: quote styles per language, quote direction by
// context, apostrophes and elisions, dashes, ellipses and context carried across runs.
#include "transform/typography.hpp"
#include "util/utf8.hpp"

#include <gtest/gtest.h>

using sheaf::transform::quote_style_for;
using sheaf::transform::Smartener;

namespace {
std::string smart(std::string_view lang, std::string_view text) {
  Smartener s(quote_style_for(lang));
  return s.convert(text);
}
} // namespace

TEST(QuoteStyle, Languages) {
  EXPECT_EQ(quote_style_for("en").open_double, "\u201C");
  EXPECT_EQ(quote_style_for("EN-us").close_single, "\u2019");
  EXPECT_EQ(quote_style_for("de-AT").open_double, "\u201E");
  EXPECT_EQ(quote_style_for("de").close_double, "\u201C");
  EXPECT_EQ(quote_style_for("cs").open_single, "\u201A");
  EXPECT_EQ(quote_style_for("fr-CA").open_double, "\u00AB\u00A0");
  EXPECT_EQ(quote_style_for("fr").close_double, "\u00A0\u00BB");
  EXPECT_EQ(quote_style_for("ru").open_double, "\u00AB");
  EXPECT_EQ(quote_style_for("ru").open_single, "\u201E");
  EXPECT_EQ(quote_style_for("pl").close_double, "\u201D");
  EXPECT_EQ(quote_style_for("es").open_double, "\u00AB");
  EXPECT_EQ(quote_style_for("sv").open_double, "\u201D");
  EXPECT_EQ(quote_style_for("ja").open_double, "\u300C");
  EXPECT_EQ(quote_style_for("zh-Hant").open_single, "\u300E");
  EXPECT_EQ(quote_style_for("xx").open_double, "\u201C");
  EXPECT_EQ(quote_style_for("").open_double, "\u201C");
}

TEST(Smartener, EnglishQuotes) {
  EXPECT_EQ(smart("en", "\"Hello,\" she said."), "\u201CHello,\u201D she said.");
  EXPECT_EQ(smart("en", "He said \"She said 'hi' to me\" yesterday."),
            "He said \u201CShe said \u2018hi\u2019 to me\u201D yesterday.");
  EXPECT_EQ(smart("en", "\"'Hello,' she said.\""), "\u201C\u2018Hello,\u2019 she said.\u201D");
  EXPECT_EQ(smart("en", "(\"a\") [\"b\"]"), "(\u201Ca\u201D) [\u201Cb\u201D]");
  EXPECT_EQ(smart("en", "word---\"quote\""), "word\u2014\u201Cquote\u201D");
}

TEST(Smartener, Apostrophes) {
  EXPECT_EQ(smart("en", "don't"), "don\u2019t");
  EXPECT_EQ(smart("en", "the '90s"), "the \u201990s");
  EXPECT_EQ(smart("en", "'Tis the season"), "\u2019Tis the season");
  EXPECT_EQ(smart("en", "rock 'n' roll"), "rock \u2019n\u2019 roll");
  EXPECT_EQ(smart("en", "the students' books"), "the students\u2019 books");
  EXPECT_EQ(smart("en", "'quoted' and James' hat"), "\u2018quoted\u2019 and James\u2019 hat");
  EXPECT_EQ(smart("en", "caf\u00E9's menu"), "caf\u00E9\u2019s menu");
  // German: apostrophes stay U+2019 even though the closing single quote is U+2018.
  EXPECT_EQ(smart("de", "Wie geht's? 'Gut' sagt er."), "Wie geht\u2019s? \u201AGut\u2018 sagt er.");
}

TEST(Smartener, ElisionsOnlyInEnglishStyle) {
  EXPECT_EQ(smart("de", "'Im Garten' war es."), "\u201AIm Garten\u2018 war es.");
  EXPECT_EQ(smart("en", "'Em all"), "\u2019Em all");
  EXPECT_EQ(smart("nl", "in 't huis"), "in \u2019t huis");
  EXPECT_EQ(smart("de", "die '90er"), "die \u201990er");
}

TEST(Smartener, GermanAndFrench) {
  EXPECT_EQ(smart("de", "Er sagte: \"Das ist 'gut'.\""),
            "Er sagte: \u201EDas ist \u201Agut\u2018.\u201C");
  EXPECT_EQ(smart("fr", "Il a dit \"Bonjour\"."), "Il a dit \u00AB\u00A0Bonjour\u00A0\u00BB.");
  EXPECT_EQ(smart("fr", "Il a dit \" Bonjour \"."), "Il a dit \u00AB\u00A0Bonjour\u00A0\u00BB.");
  EXPECT_EQ(smart("fr", "l'homme"), "l\u2019homme");
}

TEST(Smartener, DashesAndEllipsis) {
  EXPECT_EQ(smart("en", "pages 10--20"), "pages 10\u201320");
  EXPECT_EQ(smart("en", "wait---what"), "wait\u2014what");
  EXPECT_EQ(smart("en", "well-known - plain"), "well-known - plain");
  EXPECT_EQ(smart("en", "Wait... what...."), "Wait\u2026 what\u2026.");
  EXPECT_EQ(smart("en", "a.b"), "a.b");
}

TEST(Smartener, QuotesAroundDashes) {
  // Interrupted speech closes after the dash; long dashes for elided names.
  EXPECT_EQ(smart("en", "\"I thought---\" he began."), "\u201CI thought\u2014\u201D he began.");
  EXPECT_EQ(smart("en", "\"Poor Clerval---\""), "\u201CPoor Clerval\u2014\u201D");
  EXPECT_EQ(smart("en", "the ----shire"), "the \u2014\u2014shire");
  EXPECT_EQ(smart("en", "General----'s regiment"), "General\u2014\u2014\u2019s regiment");
  EXPECT_EQ(smart("en", "a -- b"), "a \u2013 b");
}

TEST(Smartener, QuoteBeforeFormattedRun) {
  // `"<em>word</em>"`: the quote ends its run, the word is in the next one.
  Smartener s(quote_style_for("en"));
  EXPECT_EQ(s.convert("see '"), "see \u2018");
  EXPECT_EQ(s.convert("this"), "this");
  EXPECT_EQ(s.convert("' and \""), "\u2019 and \u201C");
  EXPECT_EQ(s.convert("that"), "that");
  EXPECT_EQ(s.convert("\"."), "\u201D.");
}

TEST(Smartener, ContextCarriesAcrossRuns) {
  Smartener s(quote_style_for("en"));
  EXPECT_EQ(s.convert("He said \"hello"), "He said \u201Chello");
  EXPECT_EQ(s.convert(" world"), " world"); // fast path, still updates context
  EXPECT_EQ(s.convert("\" and left."), "\u201D and left.");
  // A run ending in a letter: the next run's quote is an apostrophe / closing quote.
  EXPECT_EQ(s.convert("it"), "it");
  EXPECT_EQ(s.convert("'s"), "\u2019s");
  EXPECT_EQ(s.convert(" "), " ");
  EXPECT_EQ(s.convert("\"x\""), "\u201Cx\u201D");
  s.reset();
  EXPECT_EQ(s.convert("\"new paragraph\""), "\u201Cnew paragraph\u201D");
}

TEST(Smartener, FastPathLeavesTextAlone) {
  const std::string text = "No quotes here - just a single dash. And \u201Ccurly\u201D ones.";
  EXPECT_EQ(smart("en", text), text);
  EXPECT_EQ(smart("en", ""), "");
}

TEST(Smartener, RandomRunsStayValidUtf8) {
  // Runs made of quotes, dashes, dots, letters, spaces and multi-byte characters, fed in
  // pieces: the output is valid UTF-8 and keeps every non-converted character.
  static const char* const pieces[] = {"\"", "'", "-",      ".",      "a", "Z", " ",
                                       "\n", "(", "\u00E9", "\u2014", "9", ",", "!"};
  std::uint32_t seed = 7;
  auto next = [&] {
    seed = seed * 1664525u + 1013904223u;
    return seed >> 8;
  };
  for (const char* lang : {"en", "de", "fr", "ja"}) {
    Smartener s(quote_style_for(lang));
    for (int round = 0; round < 500; ++round) {
      std::string run;
      const std::size_t n = next() % 12;
      for (std::size_t i = 0; i < n; ++i)
        run += pieces[next() % (sizeof pieces / sizeof *pieces)];
      const std::string out = s.convert(run);
      ASSERT_TRUE(sheaf::util::is_valid_utf8(out)) << lang << ": " << run;
      EXPECT_EQ(out.find('"'), std::string::npos) << run;
      EXPECT_EQ(out.find('\''), std::string::npos) << run;
      EXPECT_EQ(out.find("--"), std::string::npos) << run;
      EXPECT_EQ(out.find("..."), std::string::npos) << run;
      if (round % 50 == 0) s.reset();
    }
  }
}
