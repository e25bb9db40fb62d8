// Golden page-tree dumps (fake font provider) for each block type: the documents are built
// with DocumentBuilder here, the expected dumps live in tests/golden/layout/NAME.dump.
// SHEAF_ACCEPT=1 rewrites them (read every rewritten file before committing it).
#include "diag/diagnostic.hpp"
#include "layout/fake_font_provider.hpp"
#include "layout/typeset.hpp"
#include "model/builder.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <gtest/gtest.h>
#include <sstream>

using namespace sheaf;
using namespace sheaf::layout;
namespace fs = std::filesystem;

namespace {

using Build = std::function<void(model::DocumentBuilder&)>;

void para(model::DocumentBuilder& b, const std::string& text) {
  b.open_paragraph(b.at(1));
  b.text(text, b.at(1));
  b.close();
}

const std::string k_lorem =
    "Typography is the art and technique of arranging type to make written language legible, "
    "readable and appealing when displayed. The arrangement of type involves selecting "
    "typefaces, point sizes, line lengths, line spacing and letter spacing.";

struct Case {
  const char* name;
  Build build;
};

const Case k_cases[] = {
    {"title_block",
     [](model::DocumentBuilder& b) {
       b.meta().title = "On Typesetting";
       b.meta().subtitle = "A Short Study";
       b.meta().authors = {"Ada Lovelace", "Alan Turing"};
       b.meta().date = "2024-05-01";
       b.meta().source_url = "https://example.org/typesetting";
       para(b, k_lorem);
     }},
    {"paragraphs_inlines",
     [](model::DocumentBuilder& b) {
       b.open_paragraph(b.at(1));
       b.text("Plain, ", b.at(1));
       b.open_inline(model::InlineKind::emphasis, b.at(1));
       b.text("emphasised", b.at(1));
       b.close();
       b.text(" and ", b.at(1));
       b.open_inline(model::InlineKind::strong, b.at(1));
       b.text("strong", b.at(1));
       b.close();
       b.text(", ", b.at(1));
       b.open_inline(model::InlineKind::strikeout, b.at(1));
       b.text("struck", b.at(1));
       b.close();
       b.text(", ", b.at(1));
       b.open_inline(model::InlineKind::underline, b.at(1));
       b.text("underlined", b.at(1));
       b.close();
       b.text(" text with ", b.at(1));
       b.code("inline_code()", b.at(1));
       b.text(", an ", b.at(1));
       b.open_link("https://example.org/", "", b.at(1));
       b.text("external link", b.at(1));
       b.close();
       b.text(", an ", b.at(1));
       b.open_link("#target", "", b.at(1));
       b.text("internal one", b.at(1));
       b.close();
       b.text(" and E = mc", b.at(1));
       b.open_inline(model::InlineKind::superscript, b.at(1));
       b.text("2", b.at(1));
       b.close();
       b.text(".", b.at(1));
       b.line_break(b.at(1));
       b.text("After a hard break.", b.at(1));
       b.close();
       para(b, k_lorem);
       model::Attr id;
       id.id = "target";
       b.open_paragraph(b.at(1), id);
       b.text("The target paragraph.", b.at(1));
       b.close();
     }},
    {"headings",
     [](model::DocumentBuilder& b) {
       for (int level = 1; level <= 4; ++level) {
         model::Attr a;
         a.id = "h" + std::to_string(level);
         b.open_heading(level, b.at(1), a);
         b.text("Heading level " + std::to_string(level), b.at(1));
         b.close();
         para(b, "Text under the heading.");
       }
     }},
    {"lists",
     [](model::DocumentBuilder& b) {
       model::List bullet;
       b.open_list(bullet, b.at(1));
       b.open_list_item(b.at(1));
       para(b, "First bullet item.");
       b.close();
       b.open_list_item(b.at(1));
       para(b, "Second item with a nested ordered list:");
       model::List ordered;
       ordered.kind = model::ListKind::ordered;
       ordered.start = 3;
       b.open_list(ordered, b.at(1));
       for (int i = 0; i < 2; ++i) {
         b.open_list_item(b.at(1));
         para(b, "Nested item " + std::to_string(i + 1) + ".");
         b.close();
       }
       b.close();
       b.close();
       b.open_list_item(b.at(1));
       para(b, k_lorem);
       b.close();
       b.close();
       model::List roman;
       roman.kind = model::ListKind::ordered;
       roman.style = model::NumberStyle::lower_roman;
       b.open_list(roman, b.at(1));
       b.open_list_item(b.at(1));
       para(b, "Roman one.");
       b.close();
       b.open_list_item(b.at(1), true);
       para(b, "Checked task.");
       b.close();
       b.close();
     }},
    {"block_quote",
     [](model::DocumentBuilder& b) {
       para(b, "Before the quote.");
       b.open_block_quote(b.at(1));
       para(b, k_lorem);
       para(b, "A second quoted paragraph.");
       b.open_attribution(b.at(1));
       b.text("Somebody Famous", b.at(1));
       b.close();
       b.close();
       para(b, "After the quote.");
     }},
    {"code_block",
     [](model::DocumentBuilder& b) {
       para(b, "Some code:");
       b.code_block("cpp",
                    "int main() {\n\treturn 0; // tab indented\n}\n"
                    "a_very_long_line_of_code_that_is_much_wider_than_the_text_block_and_must_wrap("
                    "1, 2, 3);",
                    b.at(1));
       para(b, "Slightly too wide, so set smaller:");
       b.code_block("", "0123456789 0123456789 0123456789 0123456789 0123456789 0123456789 012345",
                    b.at(1));
       para(b, "Far too wide: wraps after a space, leading indentation kept:");
       b.code_block("",
                    "    alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi "
                    "omicron pi rho sigma tau upsilon phi chi psi omega",
                    b.at(1));
     }},
    {"thematic_break",
     [](model::DocumentBuilder& b) {
       para(b, "Above the break.");
       b.thematic_break(b.at(1));
       para(b, "Below the break.");
     }},
    {"fallbacks",
     [](model::DocumentBuilder& b) {
       b.open_paragraph(b.at(1));
       b.text("A note here", b.at(1));
       b.open_note(b.at(1));
       para(b, "The note text.");
       b.close();
       b.text(" and an image ", b.at(1));
       model::Image img;
       img.url = "cat.png";
       img.alt = "a cat";
       b.image(img, b.at(1));
       b.text(".", b.at(1));
       b.close();
       b.open_table({}, b.at(1));
       b.open_table_section(model::TableSection::head);
       b.open_row(b.at(1));
       b.open_cell(b.at(1), true);
       b.text("Name", b.at(1));
       b.close();
       b.open_cell(b.at(1), true);
       b.text("Value", b.at(1));
       b.close();
       b.close();
       b.close();
       b.open_table_section(model::TableSection::body);
       b.open_row(b.at(1));
       b.open_cell(b.at(1), false);
       b.text("alpha", b.at(1));
       b.close();
       b.open_cell(b.at(1), false);
       b.text("1", b.at(1));
       b.close();
       b.close();
       b.close();
       b.close();
       b.raw_block("html", "<video></video>", b.at(1));
     }},
    {"table_long", // a page-spanning table: the header row is repeated on page 2
     [](model::DocumentBuilder& b) {
       auto row = [&](const std::vector<std::string>& cells, bool header) {
         b.open_row(b.at(1));
         for (const auto& c : cells) {
           b.open_cell(b.at(1), header);
           b.text(c, b.at(1));
           b.close();
         }
         b.close();
       };
       b.open_table({}, b.at(1));
       b.open_table_section(model::TableSection::head);
       row({"Item", "Count", "Remarks"}, true);
       b.close();
       b.open_table_section(model::TableSection::body);
       for (int i = 1; i <= 30; ++i)
         row({"item " + std::to_string(i), std::to_string(i * 7),
              i % 5 ? "short" : "a longer remark that has to wrap inside its column"},
             false);
       b.close();
       b.close();
     }},
    {"table_cell_blocks", // blocks in cells stay blocks: list items, code lines, paragraphs
     [](model::DocumentBuilder& b) {
       b.open_table({}, b.at(1));
       b.open_table_section(model::TableSection::body);
       b.open_row(b.at(1));
       b.open_cell(b.at(1), false);
       para(b, "First paragraph.");
       para(b, "Second paragraph.");
       b.close();
       b.open_cell(b.at(1), false);
       model::List ol;
       ol.kind = model::ListKind::ordered;
       b.open_list(ol, b.at(1));
       for (const char* item : {"one", "two"}) {
         b.open_list_item(b.at(1));
         para(b, item);
         b.close();
       }
       b.open_list_item(b.at(1));
       para(b, "three with");
       b.open_list(model::List{}, b.at(1));
       b.open_list_item(b.at(1));
       para(b, "a nested item");
       b.close();
       b.close();
       b.close();
       b.close();
       b.close();
       b.open_cell(b.at(1), false);
       b.code_block("", "int x = 1;\nint y = 2;", b.at(1));
       b.close();
       b.close();
       b.close();
       b.close();
     }},
    {"table_tall_row", // a row taller than the page: split between lines, header repeated
     [](model::DocumentBuilder& b) {
       b.open_table({}, b.at(1));
       b.open_table_section(model::TableSection::head);
       b.open_row(b.at(1));
       for (const char* h : {"Label", "Text"}) {
         b.open_cell(b.at(1), true);
         b.text(h, b.at(1));
         b.close();
       }
       b.close();
       b.close();
       b.open_table_section(model::TableSection::body);
       b.open_row(b.at(1));
       b.open_cell(b.at(1), false);
       b.text("Tall", b.at(1));
       b.close();
       b.open_cell(b.at(1), false);
       for (int i = 1; i <= 16; ++i) // about two and a half pages
         para(b, "Paragraph " + std::to_string(i) + ". " + k_lorem);
       b.close();
       b.close();
       b.open_row(b.at(1));
       b.open_cell(b.at(1), false);
       b.text("Last", b.at(1));
       b.close();
       b.open_cell(b.at(1), false);
       b.text("A short row after the tall one.", b.at(1));
       b.close();
       b.close();
       b.close();
       b.close();
     }},
    {"footnote_long", // a note longer than the page: continued at the next page's foot,
                      // before the note of that page
     [](model::DocumentBuilder& b) {
       b.open_paragraph(b.at(1));
       b.text("A reference to a long note", b.at(1));
       b.open_note(b.at(1));
       for (int i = 1; i <= 13; ++i) // about one and a half pages
         para(b, "Note paragraph " + std::to_string(i) + ". " + k_lorem);
       b.close();
       b.text(" near the top of the first page.", b.at(1));
       b.close();
       for (int i = 1; i <= 2; ++i)
         para(b, "Body paragraph " + std::to_string(i) + ". " + k_lorem);
       b.open_paragraph(b.at(1));
       b.text("A short note", b.at(1));
       b.open_note(b.at(1));
       para(b, "The short note.");
       b.close();
       b.text(" follows the continued lines.", b.at(1));
       b.close();
     }},
    {"rtl",
     [](model::DocumentBuilder& b) {
       para(b, "English then \u05E9\u05DC\u05D5\u05DD \u05E2\u05D5\u05DC\u05DD then English.");
       para(b, "\u05E9\u05DC\u05D5\u05DD \u05E2\u05D5\u05DC\u05DD");
     }},
};

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

} // namespace

class LayoutGolden : public ::testing::TestWithParam<Case> {};

TEST_P(LayoutGolden, Dump) {
  const Case& c = GetParam();
  model::DocumentBuilder b(std::string(c.name) + ".txt");
  b.meta().language = "en";
  c.build(b);
  auto doc = b.finish();
  FakeFontProvider fonts;
  diag::CollectingSink sink;
  TypesetOptions opt;
  opt.paper = "a5";
  opt.margin = "50pt";
  auto tree = typeset(doc, style::Stylesheet{}, fonts, opt, sink);
  std::string got = dump(tree, fonts);
  for (const auto& d : sink.diagnostics())
    got += "diag " + d.code + "\n";
  fs::path file =
      fs::path(SHEAF_SOURCE_DIR) / "tests" / "golden" / "layout" / (std::string(c.name) + ".dump");
  const char* accept = std::getenv("SHEAF_ACCEPT");
  if (accept && std::string(accept) == "1") {
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << got;
    return;
  }
  ASSERT_TRUE(fs::exists(file)) << file << " missing (run with SHEAF_ACCEPT=1)";
  EXPECT_EQ(got, read_file(file)) << file;
}

INSTANTIATE_TEST_SUITE_P(Blocks, LayoutGolden, ::testing::ValuesIn(k_cases),
                         [](const auto& info) { return std::string(info.param.name); });
