// transform::fold_latin_ascii (built-in table) agrees with ICU's Latin-ASCII transliterator,
// character by character and on random Latin strings; slugify gives the same ids either way.
#include "transform/ids.hpp"
#include "transform/latin_ascii.hpp"

#include <gtest/gtest.h>
#include <memory>
#include <random>
#include <string>
#include <unicode/translit.h>
#include <unicode/unistr.h>
#include <vector>

using namespace sheaf;

namespace {

std::string utf8(char32_t c) {
  std::string out;
  icu::UnicodeString(static_cast<UChar32>(c)).toUTF8String(out);
  return out;
}

class LatinAscii : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    UErrorCode status = U_ZERO_ERROR;
    s_icu.reset(icu::Transliterator::createInstance("Latin-ASCII", UTRANS_FORWARD, status));
    ASSERT_TRUE(U_SUCCESS(status));
  }
  static std::string icu_fold(const std::string& s) {
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(s);
    s_icu->transliterate(u);
    std::string out;
    u.toUTF8String(out);
    return out;
  }
  static std::unique_ptr<icu::Transliterator> s_icu;
};
std::unique_ptr<icu::Transliterator> LatinAscii::s_icu;

TEST_F(LatinAscii, TableIsSortedAndAgreesWithIcuPerCharacter) {
  std::size_t n = 0;
  const transform::LatinAsciiEntry* table = transform::latin_ascii_table(n);
  ASSERT_GT(n, 500u);
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0) {
      ASSERT_LT(table[i - 1].code_point, table[i].code_point);
    }
    const std::string c = utf8(table[i].code_point);
    EXPECT_EQ(table[i].ascii, icu_fold(c)) << std::hex << table[i].code_point;
    std::string ours;
    ASSERT_TRUE(transform::fold_latin_ascii("x" + c + "Y", ours));
    EXPECT_EQ(ours, icu_fold("x" + c + "Y")) << std::hex << table[i].code_point;
  }
}

TEST_F(LatinAscii, RandomStringsAgreeWithIcu) {
  std::size_t n = 0;
  const transform::LatinAsciiEntry* table = transform::latin_ascii_table(n);
  std::mt19937 rng(2024);
  const std::string ascii = "aAzZ09 .-_,'\"()";
  for (int round = 0; round < 3000; ++round) {
    std::string s;
    for (std::size_t k = rng() % 12; k-- > 0;) {
      if (rng() % 2)
        s += ascii[rng() % ascii.size()];
      else
        s += utf8(table[rng() % n].code_point);
    }
    std::string ours;
    ASSERT_TRUE(transform::fold_latin_ascii(s, ours)) << s;
    ASSERT_EQ(ours, icu_fold(s)) << s;
  }
}

TEST_F(LatinAscii, UncoveredCharactersAreLeftToIcu) {
  std::string out;
  EXPECT_FALSE(transform::fold_latin_ascii("Привет", out));
  EXPECT_FALSE(transform::fold_latin_ascii("e\xCC\x81", out)); // combining acute
  EXPECT_FALSE(transform::fold_latin_ascii("\xFF", out));      // invalid UTF-8
  EXPECT_TRUE(transform::fold_latin_ascii("plain", out));
  EXPECT_EQ(out, "plain");
  EXPECT_TRUE(transform::fold_latin_ascii("Conservation des données", out));
  EXPECT_EQ(out, "Conservation des donnees");
}

TEST_F(LatinAscii, SlugsAgreeWithTheIcuPath) {
  // ICU's folding is plain ASCII, which slugify keeps as it is: the ids must be equal.
  for (const char* heading :
       {"Les «\u00A0boîtes noires\u00A0»", "L’élargissement de la surveillance électronique",
        "Straße – Übung", "Œuvre 1–2…", "Conservation des données", "Ærø ǅemal ĳssel"}) {
    EXPECT_EQ(transform::slugify(heading), transform::slugify(icu_fold(heading))) << heading;
  }
  EXPECT_EQ(transform::slugify("Conservation des données"), "conservation-des-donnees");
}

} // namespace
