// DocumentBuilder containment and merging, the native dump format, and validate().
#include "model/builder.hpp"
#include "model/dump.hpp"
#include "model/validate.hpp"
#include "model/walk.hpp"

#include <gtest/gtest.h>

using namespace sheaf::model;

namespace {

TEST(Builder, MergesAdjacentTextAndTrimsParagraphs) {
  DocumentBuilder b("t.txt");
  b.open_paragraph(b.at(1, 1));
  b.text("  Hello", b.at(1, 1));
  b.text(", ", b.at(1, 8));
  b.text("world  ", b.at(1, 10));
  b.close();
  Document d = b.finish();
  EXPECT_EQ(dump(d), "Para\n  Str \"Hello, world\"\n");
  EXPECT_TRUE(validate(d).empty());
}

TEST(Builder, InlineAtBlockLevelOpensImplicitParagraph) {
  DocumentBuilder b("t");
  b.text("loose", b.at(1, 1));
  b.open_div(b.at(2, 1));
  b.text("inside", b.at(2, 5));
  b.close();
  b.text("   ", b.at(3, 1)); // whitespace at block level is dropped
  Document d = b.finish();
  EXPECT_EQ(dump(d), "Para\n  Str \"loose\"\nDiv\n  Para\n    Str \"inside\"\n");
}

TEST(Builder, BlockInsideInlineClosesParagraphAndInlines) {
  DocumentBuilder b("t");
  auto d0 = b.depth();
  b.open_paragraph(b.at(1, 1));
  b.open_inline(InlineKind::emphasis, b.at(1, 2));
  b.text("a", b.at(1, 3));
  b.code_block("", "x = 1", b.at(2, 1));
  b.text("b", b.at(3, 1));
  b.close_to(d0);
  Document d = b.finish();
  EXPECT_EQ(dump(d), "Para\n  Emph\n    Str \"a\"\nCodeBlock\n  \"x = 1\"\nPara\n  Str \"b\"\n");
}

TEST(Builder, NoteHoldsBlocksInsideParagraph) {
  DocumentBuilder b("t");
  b.open_paragraph(b.at(1, 1));
  b.text("Claim", b.at(1, 1));
  b.open_note(b.at(1, 6));
  b.text("Source one.", b.at(5, 1));
  b.open_paragraph(b.at(6, 1));
  b.text("Second.", b.at(6, 1));
  b.close();
  b.close();
  b.text(" continues", b.at(1, 8));
  b.close();
  Document d = b.finish();
  EXPECT_EQ(dump(d), "Para\n  Str \"Claim\"\n  Note\n    Para\n      Str \"Source one.\"\n"
                     "    Para\n      Str \"Second.\"\n  Str \" continues\"\n");
  EXPECT_TRUE(validate(d).empty());
}

TEST(Builder, ListItemsAndImplicitList) {
  DocumentBuilder b("t");
  List proto;
  proto.kind = ListKind::ordered;
  proto.start = 3;
  b.open_list(proto, b.at(1, 1));
  b.text("implicit item", b.at(1, 1));
  b.open_list_item(b.at(2, 1), true);
  b.text("task", b.at(2, 3));
  b.close();
  b.close();
  b.open_list_item(b.at(4, 1)); // no list open: an implicit bullet list
  b.text("alone", b.at(4, 3));
  Document d = b.finish();
  EXPECT_EQ(dump(d), "OrderedList start=3 tight\n  Item\n    Para\n      Str \"implicit item\"\n"
                     "  Item [x]\n    Para\n      Str \"task\"\n"
                     "BulletList tight\n  Item\n    Para\n      Str \"alone\"\n");
}

TEST(Builder, TablesWithImplicitSectionsRowsAndCells) {
  DocumentBuilder b("t");
  b.open_table({}, b.at(1, 1));
  b.open_caption(b.at(1, 1));
  b.text("Prices", b.at(1, 1));
  b.close();
  b.open_table_section(TableSection::head);
  b.open_row(b.at(2, 1));
  b.open_cell(b.at(2, 1), true, Alignment::left);
  b.text("Item", b.at(2, 1));
  b.close();
  b.open_cell(b.at(2, 5), true, Alignment::right, 1, 2);
  b.text("Cost", b.at(2, 5));
  b.close();
  b.close();
  b.close();
  b.open_cell(b.at(3, 1), false); // implicit body + row
  b.text("Tea", b.at(3, 1));
  Document d = b.finish();
  EXPECT_EQ(dump(d),
            "Table cols=[default,default,default]\n  Caption\n    Str \"Prices\"\n"
            "  Head\n    Row\n      Cell th align=left\n        Para\n          Str \"Item\"\n"
            "      Cell th align=right colspan=2\n        Para\n          Str \"Cost\"\n"
            "  Body\n    Row\n      Cell\n        Para\n          Str \"Tea\"\n");
}

TEST(Builder, EmptyContainersAreDropped) {
  DocumentBuilder b("t");
  b.open_paragraph(b.at(1, 1));
  b.text(" ", b.at(1, 1));
  b.close();
  b.open_heading(2, b.at(2, 1));
  b.close();
  b.open_list(List{}, b.at(3, 1));
  b.close();
  Document d = b.finish();
  EXPECT_TRUE(d.blocks.empty());
}

TEST(Builder, HeadingLevelClampedAndAttributesKept) {
  DocumentBuilder b("t");
  Attr a;
  a.id = "intro";
  a.classes = {"lead"};
  b.open_heading(9, b.at(1, 1), a);
  b.text("Intro", b.at(1, 1));
  b.close();
  Document d = b.finish();
  EXPECT_EQ(dump(d), "Header 6 #intro .lead\n  Str \"Intro\"\n");
  EXPECT_EQ(dump(d, true), "Header 6 #intro .lead @1:1\n  Str \"Intro\" @1:1\n");
}

TEST(Builder, CloseToSurvivesForcedCloses) {
  DocumentBuilder b("t");
  auto d0 = b.depth();
  b.open_inline(InlineKind::strong, b.at(1, 1));
  auto d1 = b.depth();
  b.text("bold", b.at(1, 1));
  b.open_block_quote(b.at(1, 5)); // forces the strong (and paragraph) closed
  b.text("quoted", b.at(1, 6));
  b.close_to(d1); // closes the quote; the strong is already gone
  b.close_to(d0);
  b.text("after", b.at(2, 1));
  Document d = b.finish();
  EXPECT_EQ(dump(d), "Para\n  Strong\n    Str \"bold\"\nBlockQuote\n  Para\n    Str \"quoted\"\n"
                     "Para\n  Str \"after\"\n");
}

TEST(Dump, EscapesAndMetadata) {
  DocumentBuilder b("t");
  b.meta().title = "A \"quoted\" title";
  b.meta().authors = {"Ann", "Bob"};
  b.code_block("cpp", "a\tb\n\x01", b.at(1, 1));
  Document d = b.finish();
  EXPECT_EQ(dump(d), "Meta\n  title \"A \\\"quoted\\\" title\"\n  authors [\"Ann\", \"Bob\"]\n"
                     "CodeBlock lang=\"cpp\"\n  \"a\\tb\\n\\x01\"\n");
}

TEST(Validate, ReportsProblemsInHandBuiltTrees) {
  Document d;
  Block h;
  h.value = Heading{0, {}};
  d.blocks.push_back(h);
  Block p;
  Paragraph para;
  Inline t1;
  t1.value = Text{"a"};
  para.content = {t1, t1};
  p.value = para;
  p.attr.id = "x";
  d.blocks.push_back(p);
  Block p2 = p;
  d.blocks.push_back(p2);
  auto problems = validate(d);
  ASSERT_EQ(problems.size(), 5u) << ::testing::PrintToString(problems);
}

TEST(Walk, VisitsNestedNotesAndCells) {
  DocumentBuilder b("t");
  b.open_paragraph(b.at(1, 1));
  b.text("x", b.at(1, 1));
  b.open_note(b.at(1, 2));
  b.text("in note", b.at(1, 2));
  b.close();
  b.close();
  b.open_cell(b.at(2, 1), false);
  b.text("in cell", b.at(2, 1));
  Document d = b.finish();
  int texts = 0;
  walk(
      d.blocks, [](const Block&) {},
      [&](const Inline& in) {
        if (std::holds_alternative<Text>(in.value)) ++texts;
      });
  EXPECT_EQ(texts, 3);
  EXPECT_EQ(plain_text(d.blocks), "x\nin note\nin cell\n");
}

} // namespace
