// Tests of the CSS subset parser and the cascade (specificity, order, inheritance, units).
#include "diag/diagnostic.hpp"
#include "style/cascade.hpp"
#include "style/css_parser.hpp"

#include <gtest/gtest.h>
#include <random>

using namespace sheaf;
using namespace sheaf::style;

namespace {

Stylesheet parse(const std::string& css, diag::CollectingSink* sink = nullptr) {
  diag::NullSink null;
  return parse_css(css, sink ? static_cast<diag::DiagnosticSink&>(*sink) : null, "test.css");
}

} // namespace

TEST(Css, RulesSelectorsAndDeclarations) {
  auto s = parse("/* c */ p, h1.title { font-size: 12pt; color: #ff0000 }\n"
                 "blockquote p { margin: 1em 2em }");
  ASSERT_EQ(s.rules.size(), 2u);
  ASSERT_EQ(s.rules[0].selectors.size(), 2u);
  EXPECT_EQ(s.rules[0].selectors[1].parts[0].element, "h1");
  EXPECT_EQ(s.rules[0].selectors[1].parts[0].classes, std::vector<std::string>{"title"});
  EXPECT_EQ(s.rules[0].declarations.size(), 2u);
  EXPECT_EQ(s.rules[1].selectors[0].parts.size(), 2u);
  EXPECT_EQ(s.rules[1].selectors[0].specificity(), 2);
  EXPECT_EQ(s.rules[0].selectors[1].specificity(), 257);
}

TEST(Css, UnknownPropertyIsDebugDiagnostic) {
  diag::CollectingSink sink;
  auto s = parse("p { frobnicate: 3; font-weight: bold }", &sink);
  ASSERT_EQ(s.rules.size(), 1u);
  ASSERT_EQ(s.rules[0].declarations.size(), 1u);
  EXPECT_EQ(s.rules[0].declarations[0].property, "font-weight");
  EXPECT_TRUE(sink.has("css-unknown-property"));
  EXPECT_EQ(sink.count(diag::Severity::info), 0u);
  diag::CollectingSink lines;
  parse("/* x */\np {\n  color: red;\n  frob: 1;\n}\n", &lines);
  ASSERT_EQ(lines.diagnostics().size(), 1u);
  EXPECT_EQ(lines.diagnostics()[0].location.line, 4);
  EXPECT_EQ(lines.diagnostics()[0].location.file, "test.css");
}

TEST(Css, PageRule) {
  auto s = parse("@page { size: a5; margin: 20mm 15mm }");
  EXPECT_TRUE(s.page.size_set);
  EXPECT_NEAR(s.page.width, 419.53, 0.01);
  EXPECT_NEAR(s.page.margin.top, 56.69, 0.01);
  EXPECT_NEAR(s.page.margin.left, 42.52, 0.01);
  auto l = parse("@page { size: letter landscape }");
  EXPECT_DOUBLE_EQ(l.page.width, 792);
  EXPECT_DOUBLE_EQ(l.page.height, 612);
}

TEST(Css, UnsupportedSelectorsAndAtRulesAreSkipped) {
  diag::CollectingSink sink;
  auto s = parse("@import url(x.css); a:hover { color: red } #x { color: blue } "
                 "@media screen { p { color: red } } @media print { p { color: green } } em { "
                 "font-style: italic }",
                 &sink);
  ASSERT_EQ(s.rules.size(), 2u);
  EXPECT_EQ(s.rules[0].selectors[0].parts[0].element, "p");
  EXPECT_EQ(s.rules[1].selectors[0].parts[0].element, "em");
}

TEST(Css, MalformedInputNeverCrashes) {
  const char* bad[] = {"p {",
                       "}}}{{{",
                       "p { color: ; : red; font-size }",
                       "/* unterminated",
                       "p { content: \"}\" } q { color: red }",
                       "@media { p {",
                       "...{}",
                       "",
                       "p{margin:1e999em}",
                       "h1 { font-size: -3em; line-height: 0 }"};
  for (const char* b : bad) {
    diag::CollectingSink sink;
    auto s = parse(b, &sink);
    Cascade c(s);
    c.compute({{"p", {}}});
  }
  std::mt19937 rng(42);
  const std::string alphabet = "p{}:;.,/* \"'@a1em#-\n";
  for (int i = 0; i < 500; ++i) {
    std::string css;
    int n = static_cast<int>(rng() % 80);
    for (int k = 0; k < n; ++k)
      css += alphabet[rng() % alphabet.size()];
    auto s = parse(css);
    Cascade c(s);
    c.compute({{"p", {"a"}}});
  }
  // a quoted brace does not end the block
  auto q = parse("p { font-family: \"a}b\" } q { color: red }");
  EXPECT_EQ(q.rules.size(), 2u);
}

TEST(Cascade, SpecificityOrderAndInheritance) {
  auto s = parse("body { font-size: 10pt; font-family: 'Noto Serif', serif }\n"
                 "p { margin-bottom: 1em; color: #000 }\n"
                 "p.note { font-size: 0.8em }\n"
                 "p { font-weight: bold }\n"
                 "blockquote p { font-style: italic }\n"
                 "em { font-weight: normal }\n");
  Cascade c(s);
  const auto& p = c.compute({{"p", {}}});
  EXPECT_DOUBLE_EQ(p.font_size, 10);
  EXPECT_EQ(p.font_family, (std::vector<std::string>{"Noto Serif", "serif"}));
  EXPECT_EQ(p.font_weight, 700);
  EXPECT_DOUBLE_EQ(p.margin.bottom, 10);
  const auto& note = c.compute({{"p", {"note"}}});
  EXPECT_DOUBLE_EQ(note.font_size, 8);
  EXPECT_DOUBLE_EQ(note.margin.bottom, 8); // em of the element's own font size
  const auto& quoted = c.compute({{"blockquote", {}}, {"div", {}}, {"p", {}}});
  EXPECT_TRUE(quoted.italic);
  EXPECT_FALSE(p.italic);
  const auto& em = c.compute({{"blockquote", {}}, {"p", {}}, {"em", {}}});
  EXPECT_TRUE(em.italic);                // inherited
  EXPECT_EQ(em.font_weight, 400);        // own rule
  EXPECT_DOUBLE_EQ(em.margin.bottom, 0); // margins are not inherited
}

TEST(Cascade, LaterRuleWinsOnEqualSpecificityAndImportantWins) {
  auto s =
      parse("p { color: red !important; text-align: left } p { color: blue; text-align: justify }");
  Cascade c(s);
  const auto& p = c.compute({{"p", {}}});
  EXPECT_DOUBLE_EQ(p.color.r, 1);
  EXPECT_EQ(p.text_align, TextAlign::justify);
}

TEST(Cascade, UnitsAndKeywords) {
  auto s =
      parse("html { font-size: 16px } h1 { font-size: 2rem; line-height: 120%; margin: 0 auto }"
            " pre { white-space: pre; hyphens: none; page-break-inside: avoid }"
            " h2 { page-break-before: always; break-after: avoid }");
  Cascade c(s);
  const auto& h1 = c.compute({{"h1", {}}});
  EXPECT_DOUBLE_EQ(h1.font_size, 24);
  EXPECT_DOUBLE_EQ(h1.line_height, 1.2);
  const auto& pre = c.compute({{"pre", {}}});
  EXPECT_EQ(pre.white_space, WhiteSpace::pre);
  EXPECT_EQ(pre.hyphens, Hyphens::none);
  EXPECT_EQ(pre.page_break_inside, PageBreak::avoid);
  const auto& h2 = c.compute({{"h2", {}}});
  EXPECT_EQ(h2.page_break_before, PageBreak::always);
  EXPECT_EQ(h2.page_break_after, PageBreak::avoid);
}

TEST(Css, LengthsAndPaper) {
  double v = 0;
  EXPECT_TRUE(parse_length("12px", 10, 10, v));
  EXPECT_DOUBLE_EQ(v, 9);
  EXPECT_TRUE(parse_length("1.5em", 10, 12, v));
  EXPECT_DOUBLE_EQ(v, 15);
  EXPECT_TRUE(parse_length("1in", 10, 12, v));
  EXPECT_DOUBLE_EQ(v, 72);
  EXPECT_FALSE(parse_length("12", 10, 10, v));
  EXPECT_FALSE(parse_length("abc", 10, 10, v));
  double w = 0, h = 0;
  EXPECT_TRUE(parse_paper("Letter", w, h));
  EXPECT_DOUBLE_EQ(w, 612);
  EXPECT_TRUE(parse_paper("150x200mm", w, h));
  EXPECT_NEAR(w, 425.2, 0.01);
  EXPECT_NEAR(h, 566.93, 0.01);
  EXPECT_FALSE(parse_paper("a9000", w, h));
  EXPECT_FALSE(parse_paper("1x1mm", w, h));
}
