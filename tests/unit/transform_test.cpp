// Transform passes shared by the writers: heading ids, note numbering and chunking.
#include "model/builder.hpp"
#include "model/walk.hpp"
#include "transform/chunk.hpp"
#include "transform/heading_levels.hpp"
#include "transform/ids.hpp"
#include "transform/notes.hpp"

#include <gtest/gtest.h>

using namespace sheaf;
using namespace sheaf::model;

namespace {

void heading(DocumentBuilder& b, int level, const std::string& text, Attr attr = {}) {
  b.open_heading(level, b.at(1), std::move(attr));
  b.text(text, b.at(1));
  b.close();
}

void para(DocumentBuilder& b, const std::string& text) {
  b.open_paragraph(b.at(1));
  b.text(text, b.at(1));
  b.close();
}

Attr with_id(std::string id) {
  Attr a;
  a.id = std::move(id);
  return a;
}

std::vector<std::string> heading_ids(const Document& d) {
  std::vector<std::string> ids;
  for (const auto& b : d.blocks)
    if (std::holds_alternative<Heading>(b.value)) ids.push_back(b.attr.id);
  return ids;
}

TEST(Slugify, FoldsToAsciiAndFallsBack) {
  EXPECT_EQ(transform::slugify("Hello, World!"), "hello-world");
  EXPECT_EQ(transform::slugify("Café crème"), "cafe-creme");
  EXPECT_EQ(transform::slugify("Привет мир"), "privet-mir");
  EXPECT_EQ(transform::slugify("Don\u2019t panic"), "dont-panic");
  EXPECT_EQ(transform::slugify("1984"), "section");
  EXPECT_EQ(transform::slugify("1. Getting started"), "getting-started");
  EXPECT_EQ(transform::slugify("Extension: `tex_math_dollars`"), "extension-tex_math_dollars");
  EXPECT_EQ(transform::slugify("Version 2.0 -- notes"), "version-2.0----notes");
  EXPECT_EQ(transform::slugify("!!!"), "section");
  EXPECT_EQ(transform::slugify(""), "section");
  EXPECT_LE(transform::slugify(std::string(200, 'a') + " b").size(), 60u);
}

TEST(SanitizeId, MakesXmlNames) {
  EXPECT_EQ(transform::sanitize_id("intro"), "intro");
  EXPECT_EQ(transform::sanitize_id("1st"), "id-1st");
  EXPECT_EQ(transform::sanitize_id("a b:c"), "a-b-c");
  EXPECT_EQ(transform::sanitize_id("été"), "été");
  EXPECT_TRUE(transform::is_reserved_id("fn12"));
  EXPECT_TRUE(transform::is_reserved_id("fnref3"));
  EXPECT_FALSE(transform::is_reserved_id("fnord"));
}

TEST(AssignIds, SlugsDuplicatesAndExistingIds) {
  DocumentBuilder b("t");
  heading(b, 1, "Intro");
  heading(b, 2, "Intro");
  heading(b, 2, "Details", with_id("intro-1")); // existing id wins over a generated one
  heading(b, 2, "Café");
  heading(b, 2, "!!!");
  heading(b, 3, "Again", with_id("details-x"));
  heading(b, 3, "Dup", with_id("details-x"));
  Document d = b.finish();
  transform::assign_ids(d);
  std::vector<std::string> expected{"intro",   "intro-2",   "intro-1",    "cafe",
                                    "section", "details-x", "details-x-1"};
  EXPECT_EQ(heading_ids(d), expected);
}

TEST(AssignIds, ReservedAndInvalidIdsAreRenamedAndLinksFollow) {
  DocumentBuilder b("t");
  heading(b, 1, "Notes", with_id("fn1"));
  heading(b, 1, "Numbers", with_id("2 words"));
  b.open_paragraph(b.at(1));
  b.open_link("#fn1", "", b.at(1));
  b.text("to notes", b.at(1));
  b.close();
  b.open_link("#2 words", "", b.at(1));
  b.text("to numbers", b.at(1));
  b.close();
  b.close();
  Document d = b.finish();
  transform::assign_ids(d);
  auto ids = heading_ids(d);
  ASSERT_EQ(ids.size(), 2u);
  EXPECT_EQ(ids[0], "fn1-1");
  EXPECT_EQ(ids[1], "id-2-words");
  const auto& p = std::get<Paragraph>(d.blocks[2].value);
  EXPECT_EQ(std::get<Link>(p.content[0].value).url, "#fn1-1");
  EXPECT_EQ(std::get<Link>(p.content[1].value).url, "#id-2-words");
}

TEST(AssignIds, HandWrittenPandocAndGithubIdsReachTheHeading) {
  DocumentBuilder b("t");
  heading(b, 1, "Été à Paris");
  heading(b, 2, "1. Intro");
  b.open_paragraph(b.at(1));
  for (const char* target : {"#été-à-paris", "#1-intro", "#ete-a-paris", "#intro"}) {
    b.open_link(target, "", b.at(1));
    b.text("x", b.at(1));
    b.close();
  }
  b.close();
  Document d = b.finish();
  transform::assign_ids(d);
  EXPECT_EQ(heading_ids(d), (std::vector<std::string>{"ete-a-paris", "intro"}));
  const auto& p = std::get<Paragraph>(d.blocks[2].value);
  EXPECT_EQ(std::get<Link>(p.content[0].value).url, "#ete-a-paris");
  EXPECT_EQ(std::get<Link>(p.content[1].value).url, "#intro");
  EXPECT_EQ(std::get<Link>(p.content[2].value).url, "#ete-a-paris");
  EXPECT_EQ(std::get<Link>(p.content[3].value).url, "#intro");
}

TEST(Notes, NumberedInReadingOrderWithNestedNotes) {
  DocumentBuilder b("t");
  b.open_paragraph(b.at(1));
  b.text("A", b.at(1));
  b.open_note(b.at(1));
  b.text("first", b.at(1));
  b.open_note(b.at(1));
  b.text("nested", b.at(1));
  b.close();
  b.close();
  b.text("B", b.at(1));
  b.open_note(b.at(1));
  b.text("third", b.at(1));
  b.close();
  b.close();
  Document d = b.finish();
  auto numbering = transform::number_notes(d.blocks);
  ASSERT_EQ(numbering.notes.size(), 3u);
  EXPECT_EQ(plain_text(numbering.notes[0]->content).substr(0, 5), "first");
  EXPECT_EQ(plain_text(numbering.notes[1]->content), "nested\n");
  EXPECT_EQ(plain_text(numbering.notes[2]->content), "third\n");
  EXPECT_EQ(numbering.number_of(*numbering.notes[2]), 3);
  Note stranger;
  EXPECT_EQ(numbering.number_of(stranger), 0);
}

Document chaptered() {
  DocumentBuilder b("t");
  b.meta().title = "Book";
  para(b, "Preface text.");
  heading(b, 1, "Part One");
  heading(b, 1, "Chapter 1"); // stays with "Part One": nothing but headings before it
  para(b, "One.");
  heading(b, 2, "Section 1.1");
  para(b, "One one.");
  b.open_div(b.at(1));
  heading(b, 2, "Inside div");
  b.close();
  heading(b, 1, "Chapter 2");
  b.open_paragraph(b.at(1));
  b.open_link("#section-1.1", "", b.at(1));
  b.text("back", b.at(1));
  b.close();
  b.close();
  Document d = b.finish();
  transform::assign_ids(d);
  return d;
}

TEST(Chunk, SplitsAtLevelOneHeadings) {
  Document d = chaptered();
  auto c = transform::chunk_document(d, 1);
  ASSERT_EQ(c.chunks.size(), 3u);
  EXPECT_EQ(c.chunks[0].title, "Book");
  EXPECT_EQ(c.chunks[0].file_name, "ch001.xhtml");
  EXPECT_EQ(c.chunks[1].title, "Part One");
  EXPECT_EQ(c.chunks[1].begin, 1u);
  EXPECT_EQ(c.chunks[2].title, "Chapter 2");
  EXPECT_EQ(c.chunks[2].file_name, "ch003.xhtml");
  EXPECT_EQ(c.chunks[2].end, d.blocks.size());
  EXPECT_EQ(c.href_for("section-1.1", 2), "ch002.xhtml#section-1.1");
  EXPECT_EQ(c.href_for("section-1.1", 1), "#section-1.1");
  EXPECT_EQ(c.href_for("inside-div", 0), "ch002.xhtml#inside-div");
  EXPECT_EQ(c.href_for("nowhere", 0), "");
  ASSERT_EQ(c.toc.size(), 5u);
  EXPECT_EQ(c.toc[3].title, "Inside div");
  EXPECT_EQ(c.toc[3].level, 2);
  EXPECT_EQ(c.toc[4].chunk, 2u);
}

TEST(Chunk, SplitLevelZeroAndTwo) {
  Document d = chaptered();
  EXPECT_EQ(transform::chunk_document(d, 0).chunks.size(), 1u);
  auto two = transform::chunk_document(d, 2);
  ASSERT_EQ(two.chunks.size(), 4u); // + "Section 1.1"; the heading in the div does not split
  EXPECT_EQ(two.chunks[2].title, "Section 1.1");
  Document empty;
  EXPECT_TRUE(transform::chunk_document(empty, 1).chunks.empty());
}

} // namespace

TEST(HeadingLevels, NeverSkipDownwardsButMayGoBackUp) {
  transform::HeadingLevels levels;
  EXPECT_EQ(levels.next(2), 2); // the first keeps its level
  EXPECT_EQ(levels.next(4), 3); // h2 -> h4 skips: h3
  EXPECT_EQ(levels.next(4), 4);
  EXPECT_EQ(levels.next(6), 5);
  EXPECT_EQ(levels.next(1), 1); // going up is free
  EXPECT_EQ(levels.next(3), 2);
}

TEST(HeadingLevels, AppliedToNestedHeadingsInDocumentOrder) {
  model::DocumentBuilder b("t.md");
  auto heading = [&](int level, const char* text) {
    b.open_heading(level, b.at(1));
    b.text(text, b.at(1));
    b.close();
  };
  heading(1, "A");
  b.open_block_quote(b.at(1));
  heading(3, "B");
  b.close();
  heading(5, "C");
  model::Document doc = b.finish();
  transform::close_heading_gaps(doc.blocks);
  std::vector<int> got;
  model::walk(
      doc.blocks,
      [&](const model::Block& blk) {
        if (auto* h = std::get_if<model::Heading>(&blk.value)) got.push_back(h->level);
      },
      [](const model::Inline&) {});
  EXPECT_EQ(got, (std::vector<int>{1, 2, 3}));
}
