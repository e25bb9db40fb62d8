// Article extraction rules on small synthetic pages: what a general algorithm must keep and drop
// on page shapes the real-page fixtures do not cover (old table layouts, plain documents).
#include "model/walk.hpp"
#include "readers/html/html_reader.hpp"

#include <gtest/gtest.h>

using namespace sheaf;

namespace {

std::string text_of(const std::string& html, const std::string& extract = "auto") {
  format::ReadOptions o;
  o.display_name = "test.html";
  o.extract = extract;
  diag::CollectingSink sink;
  return model::plain_text(readers::HtmlReader().read(html, o, sink).blocks);
}

std::string story_paragraphs(int n) {
  std::string out;
  for (int i = 1; i <= n; ++i)
    out += "<p>Paragraph " + std::to_string(i) +
           " of the story tells, in some detail, how the old mill by the river was rebuilt, "
           "stone by stone, over three long summers by the people of the village.</p>\n";
  return out;
}

/// A page laid out with a table, as many older sites are: a bar of links on top, a sidebar
/// cell, the article's cell, a footer row. No class names, no semantic elements.
std::string table_layout_page() {
  std::string nav;
  for (int i = 0; i < 12; ++i)
    nav += "<a href=\"/s" + std::to_string(i) + "\">Section " + std::to_string(i) + "</a> | ";
  return "<!DOCTYPE html><html><head><title>The mill</title></head><body>"
         "<table width=\"100%\"><tr><td colspan=\"2\">" +
         nav +
         "</td></tr><tr><td width=\"20%\"><p>Archive</p><p><a href=\"/a\">2019</a> "
         "<a href=\"/b\">2020</a></p><p>Subscribe to our newsletter, it is free, weekly and "
         "short.</p></td><td><h2>The mill</h2>" +
         story_paragraphs(6) +
         "</td></tr><tr><td colspan=\"2\">Copyright 2003, Village News, all rights reserved."
         "</td></tr></table></body></html>";
}

} // namespace

TEST(HtmlExtractRules, ParagraphsInsideLayoutCellsAreScored) {
  // With extraction forced, the article's cell wins over the row that also holds the sidebar.
  std::string text = text_of(table_layout_page(), "always");
  for (int i = 1; i <= 6; ++i)
    EXPECT_NE(text.find("Paragraph " + std::to_string(i) + " of the story"), std::string::npos);
  EXPECT_EQ(text.find("Section 3"), std::string::npos) << text;
  EXPECT_EQ(text.find("Subscribe"), std::string::npos) << text;
  EXPECT_EQ(text.find("Copyright"), std::string::npos) << text;
}

TEST(HtmlExtractRules, BarOfLinksWithoutSemanticMarkupIsBoilerplate) {
  // `auto` extracts: the bar of twelve links marks the page as one with boilerplate.
  std::string text = text_of(table_layout_page());
  EXPECT_NE(text.find("Paragraph 6 of the story"), std::string::npos);
  EXPECT_EQ(text.find("Section 3"), std::string::npos) << text;
  EXPECT_EQ(text.find("Subscribe"), std::string::npos) << text;
}

TEST(HtmlExtractRules, PlainDocumentIsKeptWhole) {
  // No menus, no page furniture: `auto` keeps everything, including a short list of links
  // and a closing line that extraction would drop.
  std::string html = "<html><body><h1>Notes</h1>" + story_paragraphs(3) +
                     "<ul><li><a href=\"a.html\">First</a></li><li><a href=\"b.html\">Second"
                     "</a></li><li><a href=\"c.html\">Third</a></li></ul><p>Thanks.</p></body>"
                     "</html>";
  std::string text = text_of(html);
  for (const char* want : {"Notes", "Paragraph 3", "First", "Second", "Third", "Thanks."})
    EXPECT_NE(text.find(want), std::string::npos) << want << " missing from:\n" << text;
}

TEST(HtmlExtractRules, NestedLayoutTablesMarkBoilerplate) {
  // No menu of five links anywhere, but a table inside a table: the page is laid out with
  // tables, so `auto` extracts and the sidebar's boxes go.
  std::string html = "<html><body><table><tr><td><table><tr><td><b>Today's tip</b><br>"
                     "<a href=\"/t\">Fold a paper dog</a></td></tr><tr><td><b>Birthday</b><br>"
                     "<a href=\"/b\">A famous magician</a></td></tr></table></td><td>" +
                     story_paragraphs(5) + "</td></tr></table></body></html>";
  std::string text = text_of(html);
  EXPECT_NE(text.find("Paragraph 5 of the story"), std::string::npos) << text;
  EXPECT_EQ(text.find("paper dog"), std::string::npos) << text;
  EXPECT_EQ(text.find("magician"), std::string::npos) << text;
}
