// Unit tests of util::normalize_url: IDNA hosts, percent-encoding, relative references kept.

#include "util/url.hpp"

#include <gtest/gtest.h>

using sheaf::util::normalize_url;

TEST(NormalizeUrl, AsciiUrlsAreUnchanged) {
  EXPECT_EQ(normalize_url("https://example.com/a/b?x=1&y=2#frag"),
            "https://example.com/a/b?x=1&y=2#frag");
  EXPECT_EQ(normalize_url("mailto:someone@example.org"), "mailto:someone@example.org");
  EXPECT_EQ(normalize_url("http://example.com/%E6%B5%8B"), "http://example.com/%E6%B5%8B");
}

TEST(NormalizeUrl, InternationalHostBecomesPunycode) {
  EXPECT_EQ(normalize_url("http://\u6D4B.com?\u6D4B=\u6D4B"),
            "http://xn--0zw.com?%E6%B5%8B=%E6%B5%8B");
  EXPECT_EQ(normalize_url("http://g\u00F6\u00F6gle.com"), "http://xn--ggle-5qaa.com");
  EXPECT_EQ(normalize_url("https://user@b\u00FCcher.de:8080/p"),
            "https://user@xn--bcher-kva.de:8080/p");
}

TEST(NormalizeUrl, UnsafeCharactersAreEscaped) {
  EXPECT_EQ(normalize_url("http://example.com/a b\"<>"), "http://example.com/a%20b%22%3C%3E");
  EXPECT_EQ(normalize_url("http://example.com/100%"), "http://example.com/100%25");
}

TEST(NormalizeUrl, RelativeReferencesAndFragmentsAreKept) {
  EXPECT_EQ(normalize_url("#\u00FCber"), "#\u00FCber");
  EXPECT_EQ(normalize_url("img/a b.png"), "img/a b.png");
  EXPECT_EQ(normalize_url("/bar/\u6D4B"), "/bar/\u6D4B");
  EXPECT_EQ(normalize_url("C:/x"), "C:/x"); // a drive letter is not a scheme
}
