// Unit tests of the Markdown reader: front matter, footnotes, task lists, tables, the image
// sandbox, heading ids, raw HTML, smart punctuation and the pandoc fixtures.

#include "model/validate.hpp"
#include "model/walk.hpp"
#include "readers/markdown/markdown_reader.hpp"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>

namespace fs = std::filesystem;
using namespace sheaf;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

model::Document read_md(std::string_view text, diag::CollectingSink& sink,
                        format::ReadOptions options = {}) {
  if (options.display_name.empty()) options.display_name = "test.md";
  return readers::MarkdownReader().read(text, options, sink);
}

/// Every inline of a given alternative, in document order.
/// Plain text of blocks, one line per paragraph, without the final newline.
std::string text_of(const model::Blocks& blocks) {
  std::string s = model::plain_text(blocks);
  while (!s.empty() && s.back() == '\n')
    s.pop_back();
  return s;
}

template <class T> std::vector<const model::Inline*> inlines_of(const model::Document& doc) {
  std::vector<const model::Inline*> out;
  model::walk(
      doc.blocks, [](const model::Block&) {},
      [&](const model::Inline& i) {
        if (std::holds_alternative<T>(i.value)) out.push_back(&i);
      });
  return out;
}

template <class T> std::vector<const model::Block*> blocks_of(const model::Document& doc) {
  std::vector<const model::Block*> out;
  model::walk(
      doc.blocks,
      [&](const model::Block& b) {
        if (std::holds_alternative<T>(b.value)) out.push_back(&b);
      },
      [](const model::Inline&) {});
  return out;
}

const diag::Diagnostic* find_code(const diag::CollectingSink& sink, std::string_view code,
                                  std::vector<diag::Diagnostic>& keep) {
  keep = sink.diagnostics();
  for (const auto& d : keep)
    if (d.code == code) return &d;
  return nullptr;
}

} // namespace

TEST(MarkdownReader, FrontMatterFillsMetadata) {
  diag::CollectingSink sink;
  auto doc = read_md("---\ntitle: The Title\nsubtitle: Sub\nauthor: Jane Doe\ndate: 2024-05-01\n"
                     "lang: de\ndescription: About.\nkeywords: a, b ,c\nidentifier: urn:x:1\n"
                     "publisher: Pub\nseries: S1\n---\n\nBody text.\n",
                     sink);
  EXPECT_EQ(doc.meta.title, "The Title");
  EXPECT_EQ(doc.meta.subtitle, "Sub");
  EXPECT_EQ(doc.meta.authors, std::vector<std::string>{"Jane Doe"});
  EXPECT_EQ(doc.meta.date, "2024-05-01");
  EXPECT_EQ(doc.meta.language, "de");
  EXPECT_EQ(doc.meta.description, "About.");
  EXPECT_EQ(doc.meta.keywords, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(doc.meta.identifier, "urn:x:1");
  EXPECT_EQ(doc.meta.publisher, "Pub");
  EXPECT_EQ(doc.meta.extra["series"], "S1");
  ASSERT_EQ(doc.blocks.size(), 1u);
  EXPECT_EQ(text_of(doc.blocks), "Body text.");
  // Line numbers after the front matter are those of the file.
  EXPECT_EQ(doc.blocks[0].span.line, 14);
  EXPECT_EQ(sink.count(diag::Severity::warning), 0u);
}

TEST(MarkdownReader, FrontMatterAuthorListAndKeywordList) {
  diag::CollectingSink sink;
  auto doc = read_md("---\nauthor:\n  - One\n  - name: Two\nkeywords: [x, y]\n...\n# H\n", sink);
  EXPECT_EQ(doc.meta.authors, (std::vector<std::string>{"One", "Two"}));
  EXPECT_EQ(doc.meta.keywords, (std::vector<std::string>{"x", "y"}));
  ASSERT_EQ(doc.blocks.size(), 1u);
  EXPECT_TRUE(std::holds_alternative<model::Heading>(doc.blocks[0].value));
}

TEST(MarkdownReader, MalformedFrontMatterWarnsWithLineAndDoesNotLeak) {
  diag::CollectingSink sink;
  auto doc = read_md("---\ntitle: ok\nauthor: [unclosed\nmore: x\n---\n\nBody.\n", sink);
  std::vector<diag::Diagnostic> keep;
  const diag::Diagnostic* d = find_code(sink, "front-matter-invalid", keep);
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->location.file, "test.md");
  EXPECT_GE(d->location.line, 3); // the error is on or after the unclosed list
  EXPECT_LE(d->location.line, 5);
  EXPECT_EQ(text_of(doc.blocks), "Body.");
  EXPECT_TRUE(doc.meta.title.empty());
}

TEST(MarkdownReader, DashesWithoutClosingLineAreMarkdown) {
  diag::CollectingSink sink;
  auto doc = read_md("---\ntitle: x\n", sink);
  EXPECT_FALSE(blocks_of<model::ThematicBreak>(doc).empty());
  EXPECT_TRUE(doc.meta.title.empty());
}

TEST(MarkdownReader, FootnotesBecomeNotesAtTheirReferences) {
  diag::CollectingSink sink;
  auto doc = read_md("A[^x] b[^y] c[^x].\n\n[^x]: First *note*.\n\n    Second para.\n"
                     "[^y]: Other.\n[^z]: Unused.\n",
                     sink);
  ASSERT_EQ(doc.blocks.size(), 1u); // definitions do not stay in the text
  auto notes = inlines_of<model::Note>(doc);
  ASSERT_EQ(notes.size(), 3u);
  const auto& first = std::get<model::Note>(notes[0]->value).content;
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(text_of(first), "First note.\nSecond para.");
  EXPECT_EQ(text_of(std::get<model::Note>(notes[1]->value).content), "Other.");
  EXPECT_EQ(text_of(std::get<model::Note>(notes[2]->value).content), text_of(first));
  EXPECT_EQ(notes[0]->span.line, 1);
  EXPECT_TRUE(model::validate(doc).empty());
}

TEST(MarkdownReader, SelfReferentialFootnoteDoesNotLoop) {
  diag::CollectingSink sink;
  auto doc = read_md("A[^r].\n\n[^r]: Again[^r].\n", sink);
  EXPECT_EQ(inlines_of<model::Note>(doc).size(), 1u);
  EXPECT_TRUE(sink.has("footnote-recursive"));
}

TEST(MarkdownReader, TaskListItemsAreChecked) {
  diag::CollectingSink sink;
  auto doc = read_md("- [ ] open\n- [x] done\n- plain\n", sink);
  ASSERT_EQ(doc.blocks.size(), 1u);
  const auto& list = std::get<model::List>(doc.blocks[0].value);
  ASSERT_EQ(list.items.size(), 3u);
  EXPECT_EQ(list.items[0].checked, std::optional<bool>(false));
  EXPECT_EQ(list.items[1].checked, std::optional<bool>(true));
  EXPECT_FALSE(list.items[2].checked.has_value());
  EXPECT_EQ(text_of(list.items[0].content), "open");
}

TEST(MarkdownReader, TableAlignmentAndSections) {
  diag::CollectingSink sink;
  auto doc = read_md("| L | C | R | N |\n|:--|:-:|--:|---|\n| 1 | 2 | 3 | 4 |\n| 5 |\n", sink);
  ASSERT_EQ(doc.blocks.size(), 1u);
  const auto& t = std::get<model::Table>(doc.blocks[0].value);
  ASSERT_EQ(t.columns.size(), 4u);
  EXPECT_EQ(t.columns[0].align, model::Alignment::left);
  EXPECT_EQ(t.columns[1].align, model::Alignment::center);
  EXPECT_EQ(t.columns[2].align, model::Alignment::right);
  EXPECT_EQ(t.columns[3].align, model::Alignment::default_);
  ASSERT_EQ(t.head.size(), 1u);
  ASSERT_EQ(t.body.size(), 2u);
  ASSERT_EQ(t.head[0].cells.size(), 4u);
  EXPECT_TRUE(t.head[0].cells[0].header);
  EXPECT_FALSE(t.body[0].cells[0].header);
  EXPECT_EQ(t.body[0].cells[2].align, model::Alignment::right);
  EXPECT_EQ(text_of(t.body[0].cells[1].content), "2");
  EXPECT_TRUE(model::validate(doc).empty());
}

class MarkdownImages : public ::testing::Test {
protected:
  void SetUp() override {
    m_root = fs::temp_directory_path() /
             ("sheaf-md-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
              "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(m_root);
    fs::create_directories(m_root / "doc" / "img");
    fs::copy_file(fs::path(SHEAF_SOURCE_DIR) / "examples/images/field-sketch.png",
                  m_root / "doc" / "img" / "pic.png");
    fs::copy_file(fs::path(SHEAF_SOURCE_DIR) / "examples/images/field-sketch.png",
                  m_root / "secret.png");
    std::ofstream(m_root / "doc" / "notes.txt") << "not an image";
  }
  void TearDown() override { fs::remove_all(m_root); }
  format::ReadOptions options() const {
    format::ReadOptions o;
    o.display_name = "doc.md";
    o.base_dir = m_root / "doc";
    return o;
  }
  fs::path m_root;
};

TEST_F(MarkdownImages, LocalImageIsStoredWithSniffedType) {
  diag::CollectingSink sink;
  auto doc = read_md("Look: ![pic](img/pic.png \"T\")\n", sink, options());
  auto images = inlines_of<model::Image>(doc);
  ASSERT_EQ(images.size(), 1u);
  const auto& img = std::get<model::Image>(images[0]->value);
  EXPECT_EQ(img.url, "img/pic.png");
  EXPECT_EQ(img.title, "T");
  ASSERT_FALSE(img.resource.empty());
  const model::Resource* r = doc.resources.find(img.resource);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->media_type, "image/png");
  EXPECT_EQ(img.width, 240);
  EXPECT_EQ(img.height, 120);
  EXPECT_EQ(sink.count(diag::Severity::warning), 0u);
  EXPECT_TRUE(model::validate(doc).empty());
}

TEST_F(MarkdownImages, SandboxRules) {
  struct Case {
    const char* md;
    const char* code;
  } cases[] = {
      {"![x](../secret.png)\n", "resource-outside-root"},
      {"![x](/etc/passwd)\n", "resource-outside-root"},
      {"![x](img/missing.png)\n", "resource-not-found"},
      {"![x](https://example.com/a.png)\n", "resource-not-fetched"},
      {"![x](notes.txt)\n", "image-unreadable"},
  };
  for (const Case& c : cases) {
    diag::CollectingSink sink;
    auto doc = read_md(c.md, sink, options());
    EXPECT_TRUE(sink.has(c.code)) << c.md;
    EXPECT_TRUE(doc.resources.empty()) << c.md;
    auto images = inlines_of<model::Image>(doc);
    ASSERT_EQ(images.size(), 1u) << c.md; // the image stays, unloaded
    EXPECT_TRUE(std::get<model::Image>(images[0]->value).resource.empty());
  }
}

TEST_F(MarkdownImages, ExtraResourceRootIsAllowed) {
  diag::CollectingSink sink;
  auto o = options();
  o.resource_paths.push_back(m_root);
  auto doc = read_md("![x](../secret.png)\n", sink, o);
  EXPECT_FALSE(sink.has("resource-outside-root"));
  EXPECT_EQ(doc.resources.all().size(), 1u);
}

TEST_F(MarkdownImages, CoverImageFromFrontMatter) {
  diag::CollectingSink sink;
  auto doc = read_md("---\ncover-image: img/pic.png\n---\nText\n", sink, options());
  ASSERT_FALSE(doc.meta.cover_image.empty());
  ASSERT_NE(doc.resources.find(doc.meta.cover_image), nullptr);
  EXPECT_EQ(doc.resources.find(doc.meta.cover_image)->media_type, "image/png");
}

TEST_F(MarkdownImages, RawHtmlGoesThroughTheHtmlMapping) {
  diag::CollectingSink sink;
  auto doc = read_md("Intro.\n\n<figure>\n<img src=\"img/pic.png\" alt=\"Pic\">\n"
                     "<figcaption>The <em>caption</em></figcaption>\n</figure>\n\n"
                     "<p>Missing: <img src=\"img/none.png\" alt=\"none\"></p>\n",
                     sink, options());
  auto figures = blocks_of<model::Figure>(doc);
  ASSERT_EQ(figures.size(), 1u);
  EXPECT_EQ(figures[0]->span.line, 3); // lines count from the Markdown file, not the fragment
  auto images = inlines_of<model::Image>(doc);
  ASSERT_GE(images.size(), 1u);
  const auto& img = std::get<model::Image>(images[0]->value);
  ASSERT_NE(doc.resources.find(img.resource), nullptr);
  EXPECT_EQ(model::plain_text(std::get<model::Figure>(figures[0]->value).caption), "The caption");
  std::vector<diag::Diagnostic> keep;
  const diag::Diagnostic* d = find_code(sink, "resource-not-found", keep);
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->location.line, 8);
  EXPECT_TRUE(model::validate(doc).empty());
}

TEST(MarkdownReader, HeadingIdsExplicitAndDeduplicated) {
  diag::CollectingSink sink;
  auto doc =
      read_md("# One {#a}\n\n## Two {#a}\n\n## Three {#a .c}\n\n## Plain\n\n## X {y}\n", sink);
  auto hs = blocks_of<model::Heading>(doc);
  ASSERT_EQ(hs.size(), 5u);
  EXPECT_EQ(hs[0]->attr.id, "a");
  EXPECT_EQ(hs[1]->attr.id, "a-1");
  EXPECT_EQ(hs[2]->attr.id, "a-2");
  EXPECT_TRUE(hs[2]->attr.has_class("c"));
  EXPECT_EQ(hs[3]->attr.id, "");
  EXPECT_EQ(model::plain_text(std::get<model::Heading>(hs[0]->value).content), "One");
  EXPECT_EQ(model::plain_text(std::get<model::Heading>(hs[4]->value).content), "X {y}");
  EXPECT_EQ(hs[3]->span.line, 7);
}

TEST(MarkdownReader, SmartPunctuationFollowsOptionAndSkipsCode) {
  diag::CollectingSink sink;
  auto doc = read_md("\"Hi\" -- it's... `\"x\"`\n", sink);
  EXPECT_EQ(text_of(doc.blocks), "\u201CHi\u201D \u2013 it\u2019s\u2026 \"x\"");
  format::ReadOptions plain;
  plain.smart = false;
  auto raw = read_md("\"Hi\" -- it's...\n", sink, plain);
  EXPECT_EQ(text_of(raw.blocks), "\"Hi\" -- it's...");
}

TEST(MarkdownReader, InlineRawHtmlIsMapped) {
  diag::CollectingSink sink;
  auto doc = read_md("x<sup>2</sup> <kbd>Ctrl</kbd> <em>e</em> <blink>b</blink>\n", sink);
  ASSERT_EQ(inlines_of<model::Superscript>(doc).size(), 1u);
  ASSERT_EQ(inlines_of<model::Emphasis>(doc).size(), 1u);
  auto codes = inlines_of<model::Code>(doc);
  ASSERT_EQ(codes.size(), 1u);
  EXPECT_EQ(std::get<model::Code>(codes[0]->value).text, "Ctrl");
  EXPECT_TRUE(codes[0]->attr.has_class("kbd"));
  EXPECT_TRUE(sink.has("raw-html-skipped")); // <blink>
  EXPECT_EQ(text_of(doc.blocks), "x2 Ctrl e b");
}

TEST(MarkdownReader, HtmlBlockScriptsNeverReachTheText) {
  diag::CollectingSink sink;
  auto doc = read_md("<div>\n<script>alert(1)</script>\n<p>Kept &amp; shown</p>\n</div>\n", sink);
  EXPECT_EQ(text_of(doc.blocks), "Kept & shown");
}

TEST(MarkdownReader, PandocFixturesGiveValidDocuments) {
  for (const char* name : {"testsuite.txt", "markdown-reader-more.txt"}) {
    fs::path p = fs::path(SHEAF_SOURCE_DIR) / "tests/fixtures/markdown" / name;
    std::string bytes = slurp(p);
    ASSERT_FALSE(bytes.empty()) << p;
    diag::CollectingSink sink;
    format::ReadOptions o;
    o.display_name = name;
    o.base_dir = p.parent_path();
    auto doc = readers::MarkdownReader().read(bytes, o, sink);
    EXPECT_GT(doc.blocks.size(), 20u) << name;
    auto problems = model::validate(doc);
    EXPECT_TRUE(problems.empty()) << name << ": " << (problems.empty() ? "" : problems[0]);
  }
}

TEST(MarkdownReader, FieldNotesExampleReadsCleanly) {
  fs::path p = fs::path(SHEAF_SOURCE_DIR) / "examples/field-notes.md";
  diag::CollectingSink sink;
  format::ReadOptions o;
  o.display_name = "field-notes.md";
  o.base_dir = p.parent_path();
  auto doc = readers::MarkdownReader().read(slurp(p), o, sink);
  EXPECT_EQ(doc.meta.title, "Field Notes from the Upper Meadow");
  EXPECT_EQ(doc.meta.authors.size(), 2u);
  EXPECT_FALSE(doc.meta.cover_image.empty());
  EXPECT_EQ(blocks_of<model::Table>(doc).size(), 1u);
  EXPECT_EQ(blocks_of<model::Figure>(doc).size(), 1u);
  EXPECT_EQ(blocks_of<model::CodeBlock>(doc).size(), 1u);
  EXPECT_EQ(inlines_of<model::Note>(doc).size(), 2u);
  EXPECT_EQ(inlines_of<model::Strikeout>(doc).size(), 1u);
  EXPECT_EQ(sink.count(diag::Severity::warning), 0u);
  EXPECT_TRUE(model::validate(doc).empty());
}

TEST(MarkdownReader, PathologicalInputsStayBoundedAndValid) {
  std::string deep_quotes(20000, '>');
  deep_quotes += " deep\n";
  std::string deep_lists;
  for (int i = 0; i < 1000; ++i)
    deep_lists += std::string(2 * static_cast<std::size_t>(i), ' ') + "- a\n";
  std::string open_sups;
  for (int i = 0; i < 20000; ++i)
    open_sups += "<sup>";
  open_sups += "x\n";
  std::string note_storm;
  for (int i = 0; i < 2000; ++i)
    note_storm += "[^a]";
  note_storm += "\n\n[^a]: x[^b]\n[^b]: y[^a]\n";
  std::string emphasis;
  for (int i = 0; i < 20000; ++i)
    emphasis += "*a **_b [c ";
  for (const std::string* input : {&deep_quotes, &deep_lists, &open_sups, &note_storm, &emphasis}) {
    diag::CollectingSink sink;
    auto doc = read_md(*input, sink);
    auto problems = model::validate(doc);
    EXPECT_TRUE(problems.empty()) << (problems.empty() ? "" : problems[0]);
    EXPECT_FALSE(doc.blocks.empty());
  }
}
