// Plain-text reader tests: the seed, Project Gutenberg excerpts (CP1252, CRLF), encodings,
// empty and pathological input, spans, registration; the full books and big.txt too when the
// corpus exists (SHEAF_CORPUS_DIR, default /work/shared/corpus).
#include "builtin.hpp"
#include "diag/error.hpp"
#include "format/registry.hpp"
#include "model/dump.hpp"
#include "model/validate.hpp"
#include "model/walk.hpp"
#include "readers/text/block_parser.hpp"
#include "readers/text/heading_rules.hpp"
#include "readers/text/inline_emitter.hpp"
#include "readers/text/text_reader.hpp"
#include "readers/text/wrap_profile.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <gtest/gtest.h>
#include <sstream>

using namespace sheaf;
namespace fs = std::filesystem;

namespace {

std::string read_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

fs::path fixture(const std::string& name) {
  return fs::path(SHEAF_SOURCE_DIR) / "tests" / "fixtures" / "text" / name;
}

/// The corpus folder, or empty when it is not available on this machine.
fs::path corpus_dir() {
  const char* env = std::getenv("SHEAF_CORPUS_DIR");
  fs::path p = env ? fs::path(env) : fs::path("/work/shared/corpus");
  return fs::exists(p / "plain") ? p / "plain" : fs::path();
}

model::Document read_text(std::string_view bytes, diag::CollectingSink& sink,
                          const std::string& name = "input.txt", bool smart = true,
                          const std::string& extract = "auto") {
  format::ReadOptions o;
  o.display_name = name;
  o.smart = smart;
  o.extract = extract;
  readers::TextReader reader;
  model::Document doc = reader.read(bytes, o, sink);
  auto problems = model::validate(doc);
  EXPECT_TRUE(problems.empty()) << (problems.empty() ? "" : problems.front());
  return doc;
}

struct Counts {
  int paragraphs = 0;
  int other = 0;
  std::vector<std::pair<int, std::string>> headings; ///< level, text
};

Counts top_level(const model::Document& doc) {
  Counts c;
  for (const auto& b : doc.blocks) {
    if (auto* h = std::get_if<model::Heading>(&b.value))
      c.headings.emplace_back(h->level, model::plain_text(h->content));
    else if (std::holds_alternative<model::Paragraph>(b.value))
      ++c.paragraphs;
    else
      ++c.other;
  }
  return c;
}

std::vector<std::string> level1(const model::Document& doc) {
  std::vector<std::string> out;
  for (const auto& [level, text] : top_level(doc).headings)
    if (level == 1) out.push_back(text);
  return out;
}

bool has_paragraph(const model::Document& doc, const std::string& text) {
  for (const auto& b : doc.blocks)
    if (auto* p = std::get_if<model::Paragraph>(&b.value))
      if (model::plain_text(p->content) == text) return true;
  return false;
}

void expect_spans_everywhere(const model::Document& doc) {
  int missing = 0;
  model::walk(
      doc.blocks, [&](const model::Block& b) { missing += b.span.line <= 0; },
      [&](const model::Inline& i) { missing += i.span.line <= 0; });
  EXPECT_EQ(missing, 0);
}

// ---- the seed article

TEST(TextReader, SeedHasThreeHeadingsAndNineParagraphs) {
  diag::CollectingSink sink;
  auto doc = read_text(read_bytes(fixture("seed-nato.txt")), sink, "seed-nato.txt");
  Counts c = top_level(doc);
  // The seed has 12 non-empty lines: 3 subheadings and 9 paragraphs.
  ASSERT_EQ(c.headings.size(), 3u);
  EXPECT_EQ(c.headings[0], std::make_pair(2, std::string("NATO Secretary General talks about "
                                                         "Russian invasion of Ukraine")));
  EXPECT_EQ(c.headings[1],
            std::make_pair(2, std::string("\u2018High economic and political price\u2019")));
  EXPECT_EQ(c.headings[2], std::make_pair(2, std::string("NATO Secretary General: There will be "
                                                         "a new Europe after this invasion")));
  EXPECT_EQ(c.paragraphs, 9);
  EXPECT_EQ(c.other, 0);
  EXPECT_EQ(doc.blocks.size(), 12u);
  EXPECT_EQ(doc.meta.title, "Seed nato"); // from the file name: two words
  EXPECT_EQ(doc.meta.language, "en");     // guessed from the text
  EXPECT_TRUE(sink.has("language-guessed"));
  EXPECT_FALSE(sink.has("no-title"));
  expect_spans_everywhere(doc);
  EXPECT_EQ(doc.blocks[4].span.line, 9); // the first heading's line
}

TEST(TextReader, SeedWithOpaqueNameGetsFirstWordsAndWarning) {
  diag::CollectingSink sink;
  auto doc = read_text(read_bytes(fixture("seed-nato.txt")), sink, "000_94bdb9f696b7fbb9.txt");
  EXPECT_EQ(doc.meta.title, "NATO \u2013 the Western military alliance \u2013 said\u2026");
  ASSERT_TRUE(sink.has("no-title"));
  for (const auto& d : sink.diagnostics())
    if (d.code == "no-title") {
      ASSERT_FALSE(d.hints.empty());
      EXPECT_NE(d.hints[0].find("--title"), std::string::npos);
    }
}

// ---- Project Gutenberg (Windows-1252, CRLF, hard-wrapped)

TEST(TextReader, PrideAndPrejudiceExcerpt) {
  diag::CollectingSink sink;
  auto doc = read_text(read_bytes(fixture("pg1342-excerpt.txt")), sink, "pg1342.txt");
  EXPECT_TRUE(sink.has("gutenberg-boilerplate-removed"));
  EXPECT_FALSE(sink.has("invalid-encoding"));
  EXPECT_EQ(doc.meta.title, "Pride and Prejudice");
  EXPECT_EQ(doc.meta.authors, std::vector<std::string>{"Jane Austen"});
  EXPECT_EQ(doc.meta.language, "en");
  EXPECT_EQ(level1(doc), (std::vector<std::string>{"Chapter I.", "CHAPTER II.", "CHAPTER III."}));
  EXPECT_TRUE(has_paragraph(doc, "It is a truth universally acknowledged, that a single man in "
                                 "possession of a good fortune must be in want of a wife."));
  EXPECT_TRUE(has_paragraph(doc,
                            "\u201CMy dear Mr. Bennet,\u201D said his lady to him one day, "
                            "\u201Chave you heard that Netherfield Park is let at last?\u201D"));
  std::string all = model::plain_text(doc.blocks);
  EXPECT_EQ(all.find("Project Gutenberg"), std::string::npos);
  EXPECT_EQ(all.find('\r'), std::string::npos);
  expect_spans_everywhere(doc);
}

TEST(TextReader, ExtractNeverKeepsGutenbergHeaderAndLicence) {
  diag::CollectingSink sink;
  auto doc =
      read_text(read_bytes(fixture("pg1342-excerpt.txt")), sink, "pg1342.txt", true, "never");
  EXPECT_FALSE(sink.has("gutenberg-boilerplate-removed"));
  // the header still fills the metadata
  EXPECT_EQ(doc.meta.title, "Pride and Prejudice");
  EXPECT_EQ(doc.meta.authors, std::vector<std::string>{"Jane Austen"});
  std::string all = model::plain_text(doc.blocks);
  auto header = all.find("START OF THE PROJECT GUTENBERG EBOOK");
  auto body = all.find("It is a truth universally acknowledged");
  auto end = all.find("END OF THE PROJECT GUTENBERG EBOOK");
  ASSERT_NE(header, std::string::npos);
  ASSERT_NE(body, std::string::npos);
  ASSERT_NE(end, std::string::npos);
  EXPECT_LT(header, body);
  EXPECT_LT(body, end);
  expect_spans_everywhere(doc);
}

TEST(TextReader, FrankensteinExcerpt) {
  diag::CollectingSink sink;
  auto doc = read_text(read_bytes(fixture("pg84-excerpt.txt")), sink, "pg84.txt");
  EXPECT_EQ(doc.meta.title, "Frankenstein; Or, The Modern Prometheus");
  EXPECT_EQ(doc.meta.authors, std::vector<std::string>{"Mary Wollstonecraft Shelley"});
  // The contents list ("Letter 1" … "Chapter 24" on consecutive lines) is not headings.
  EXPECT_EQ(level1(doc), (std::vector<std::string>{"Letter 1", "Letter 2", "Letter 3", "Letter 4",
                                                   "Chapter 1", "Chapter 2"}));
  EXPECT_TRUE(has_paragraph(
      doc, "You will rejoice to hear that no disaster has accompanied the commencement of an "
           "enterprise which you have regarded with such evil forebodings. I arrived here "
           "yesterday, and my first task is to assure my dear sister of my welfare and "
           "increasing confidence in the success of my undertaking."));
  // the signature keeps its line break
  bool signature = false;
  for (const auto& b : doc.blocks)
    if (auto* p = std::get_if<model::Paragraph>(&b.value))
      if (model::plain_text(p->content) == "Your affectionate brother, R. Walton" ||
          model::plain_text(p->content) == "Your affectionate brother, Robert Walton")
        signature = std::any_of(p->content.begin(), p->content.end(), [](const model::Inline& i) {
          return std::holds_alternative<model::LineBreak>(i.value);
        });
  EXPECT_TRUE(signature);
}

TEST(TextReader, FullGutenbergBooksFromCorpus) {
  fs::path dir = corpus_dir();
  if (dir.empty()) GTEST_SKIP() << "corpus not available";
  {
    diag::CollectingSink sink;
    auto doc = read_text(read_bytes(dir / "pg1342-pride-and-prejudice.txt"), sink, "pg1342.txt");
    auto chapters = level1(doc);
    EXPECT_EQ(chapters.size(), 61u);
    for (const auto& c : chapters)
      EXPECT_TRUE(c.rfind("CHAPTER ", 0) == 0 || c.rfind("Chapter ", 0) == 0) << c;
    EXPECT_EQ(chapters.back(), "CHAPTER LXI.");
  }
  {
    diag::CollectingSink sink;
    auto doc = read_text(read_bytes(dir / "pg84-frankenstein.txt"), sink, "pg84.txt");
    auto chapters = level1(doc);
    ASSERT_EQ(chapters.size(), 28u);
    for (int i = 0; i < 4; ++i)
      EXPECT_EQ(chapters[i], "Letter " + std::to_string(i + 1));
    for (int i = 0; i < 24; ++i)
      EXPECT_EQ(chapters[4 + i], "Chapter " + std::to_string(i + 1));
  }
}

TEST(TextReader, BigFile) {
  fs::path dir = corpus_dir();
  if (dir.empty()) GTEST_SKIP() << "corpus not available";
  std::string bytes = read_bytes(dir / "big.txt");
  diag::CollectingSink sink;
  readers::TextReader reader;
  format::ReadOptions o;
  o.display_name = "big.txt";
  model::Document doc = reader.read(bytes, o, sink);
  EXPECT_GT(doc.blocks.size(), 1000u); // speed is measured by tests/bench/bench.sh
}

// ---- encodings and line ends

TEST(TextReader, Utf8BomIsDropped) {
  diag::CollectingSink sink;
  auto doc = read_text("\xEF\xBB\xBFHello world, this is text.\n", sink);
  ASSERT_EQ(doc.blocks.size(), 1u);
  EXPECT_EQ(model::plain_text(doc.blocks), "Hello world, this is text.\n");
}

TEST(TextReader, Utf16WithBom) {
  std::string le = "\xFF\xFE", be = "\xFE\xFF";
  std::u16string text = u"Caf\u00E9 one.\n\nTwo \u201Cquoted\u201D.\n";
  for (char16_t u : text) {
    le += static_cast<char>(u & 0xFF);
    le += static_cast<char>(u >> 8);
    be += static_cast<char>(u >> 8);
    be += static_cast<char>(u & 0xFF);
  }
  for (const auto& bytes : {le, be}) {
    diag::CollectingSink sink;
    auto doc = read_text(bytes, sink);
    ASSERT_EQ(doc.blocks.size(), 2u);
    EXPECT_EQ(model::plain_text(doc.blocks), "Caf\u00E9 one.\nTwo \u201Cquoted\u201D.\n");
  }
}

TEST(TextReader, Windows1252IsDetected) {
  // "It’s a “smart” café – isn’t it?" in CP1252, repeated so detection has evidence.
  std::string line = "It\x92s a \x93smart\x94 caf\xE9 \x96 isn\x92t it? The na\xEFve r\xE9sum\xE9 "
                     "was written in a hurry.\r\n\r\n";
  std::string bytes;
  for (int i = 0; i < 5; ++i)
    bytes += line;
  diag::CollectingSink sink;
  auto doc = read_text(bytes, sink);
  ASSERT_EQ(doc.blocks.size(), 5u);
  EXPECT_EQ(model::plain_text(std::get<model::Paragraph>(doc.blocks[0].value).content),
            "It\u2019s a \u201Csmart\u201D caf\u00E9 \u2013 isn\u2019t it? The na\u00EFve "
            "r\u00E9sum\u00E9 was written in a hurry.");
}

TEST(TextReader, InvalidUtf8BecomesReplacementWithOneWarning) {
  std::string bytes = "Good text here, all of it valid UTF-8 \xE2\x80\x94 mostly.\n\nBad \xFF byte "
                      "and \xC3 another.\n";
  diag::CollectingSink sink;
  auto doc = read_text(bytes, sink);
  std::string all = model::plain_text(doc.blocks);
  EXPECT_NE(all.find("\uFFFD"), std::string::npos) << all;
  int warnings = 0;
  for (const auto& d : sink.diagnostics())
    warnings += d.code == "invalid-encoding";
  EXPECT_EQ(warnings, 1);
}

TEST(TextReader, CrlfAndCrLineEnds) {
  for (std::string nl : {"\r\n", "\r"}) {
    diag::CollectingSink sink;
    auto doc = read_text("One paragraph here." + nl + nl + "Another one there." + nl, sink);
    ASSERT_EQ(doc.blocks.size(), 2u) << (nl == "\r" ? "CR" : "CRLF");
    EXPECT_EQ(model::plain_text(doc.blocks), "One paragraph here.\nAnother one there.\n");
  }
}

TEST(TextReader, NfcNormalization) {
  diag::CollectingSink sink;
  auto doc = read_text("Cafe\xCC\x81 society is a phrase.\n", sink); // e + combining acute
  EXPECT_EQ(model::plain_text(doc.blocks), "Caf\u00E9 society is a phrase.\n");
}

// ---- degenerate input

TEST(TextReader, EmptyInputGivesEmptyDocumentAndWarning) {
  for (std::string bytes : {std::string(), std::string("  \n\n\t\n")}) {
    diag::CollectingSink sink;
    auto doc = read_text(bytes, sink);
    EXPECT_TRUE(doc.blocks.empty());
    EXPECT_TRUE(sink.has("empty-input"));
  }
}

TEST(TextReader, BinaryGarbageIsAnError) {
  std::string bytes;
  for (int i = 0; i < 4096; ++i)
    bytes += static_cast<char>((i * 7919) % 256);
  diag::CollectingSink sink;
  readers::TextReader reader;
  format::ReadOptions o;
  o.display_name = "garbage.txt";
  try {
    reader.read(bytes, o, sink);
    FAIL() << "binary input was accepted";
  } catch (const diag::Error& e) {
    EXPECT_EQ(e.diagnostic().code, "binary-input");
    EXPECT_EQ(e.kind(), diag::ErrorKind::input);
  }
}

TEST(TextReader, TwentyMegabyteLine) {
  std::string bytes;
  bytes.reserve(20u << 20);
  const std::string chunk = "word \"quoted\" -- it's a long line, then... more ";
  bytes = "See www.example.org first. ";
  while (bytes.size() < (20u << 20))
    bytes += chunk;
  diag::CollectingSink sink;
  auto doc = read_text(bytes, sink, "long-line.txt");
  ASSERT_EQ(doc.blocks.size(), 1u);
  EXPECT_TRUE(std::holds_alternative<model::Paragraph>(doc.blocks[0].value));
}

TEST(TextReader, DeepNestingIsBounded) {
  std::string quotes(100000, '>');
  quotes += " deep\n";
  std::string lists;
  for (int i = 0; i < 400; ++i)
    lists += std::string(static_cast<std::size_t>(i) * 2, ' ') + "- item\n";
  for (const auto& bytes : {quotes, lists, std::string(50000, '-') + " x\n"}) {
    diag::CollectingSink sink;
    auto doc = read_text(bytes, sink);
    ASSERT_FALSE(doc.blocks.empty());
    int depth = 0, max_depth = 0;
    std::function<void(const model::Blocks&)> measure = [&](const model::Blocks& bs) {
      ++depth;
      max_depth = std::max(max_depth, depth);
      for (const auto& b : bs) {
        if (auto* q = std::get_if<model::BlockQuote>(&b.value)) measure(q->content);
        if (auto* l = std::get_if<model::List>(&b.value))
          for (const auto& it : l->items)
            measure(it.content);
      }
      --depth;
    };
    measure(doc.blocks);
    EXPECT_LE(max_depth, readers::text::BlockParser::max_depth + 1);
  }
}

// ---- pieces

TEST(TextReaderParts, ChapterLines) {
  using readers::text::chapter_heading;
  for (const char* yes : {"CHAPTER IV", "Chapter 4.", "CHAPTER I.", "Chapter 1", "Letter 1",
                          "Chapter I.]", "Part Two: The Return", "BOOK III", "Epilogue"})
    EXPECT_TRUE(chapter_heading(yes).has_value()) << yes;
  for (const char* no : {"Chapter and verse", "Letters from home", "chapter 1",
                         "Chapter 4 was the best part of the book.", "CHAPTERS"})
    EXPECT_FALSE(chapter_heading(no).has_value()) << no;
  EXPECT_EQ(*chapter_heading("Chapter I.]"), "Chapter I.");
}

TEST(TextReaderParts, UrlsExcludeTrailingPunctuation) {
  using readers::text::find_url;
  auto url = [](std::string_view s) {
    auto m = find_url(s);
    return m ? std::string(s.substr(m->begin, m->end - m->begin)) : std::string();
  };
  EXPECT_EQ(url("see https://a.org/x."), "https://a.org/x");
  EXPECT_EQ(url("(http://a.org/b_(c))"), "http://a.org/b_(c)");
  EXPECT_EQ(url("\u201Chttps://a.org/\u201D"), "https://a.org/");
  EXPECT_EQ(url("go to www.a.org!"), "www.a.org");
  EXPECT_EQ(url("no http:// here"), "");
  EXPECT_EQ(url("email@www.a.org"), "");
}

TEST(TextReaderParts, WrapProfileTellsWrappedFromLongLines) {
  using namespace readers::text;
  std::string wrapped;
  for (int i = 0; i < 30; ++i)
    wrapped += "the quick brown fox jumps over the lazy dog and then it runs\naway from the\n";
  auto wl = split_lines(wrapped);
  EXPECT_TRUE(WrapProfile(wl).hard_wrapped());
  std::string longlines;
  for (int i = 0; i < 30; ++i)
    longlines += std::string(200, 'x') + " ends here.\n\n";
  auto ll = split_lines(longlines);
  EXPECT_FALSE(WrapProfile(ll).hard_wrapped());
}

TEST(TextReaderParts, NoSmartKeepsQuotes) {
  diag::CollectingSink sink;
  auto doc = read_text("He said \"hi\" -- and left...\n", sink, "a-b.txt", false);
  EXPECT_EQ(model::plain_text(doc.blocks), "He said \"hi\" -- and left...\n");
}

TEST(TextReaderParts, LanguageOptionWinsOverGuess) {
  format::ReadOptions o;
  o.display_name = "seed-nato.txt";
  o.language = "pt";
  diag::CollectingSink sink;
  auto doc = readers::TextReader().read(read_bytes(fixture("seed-nato.txt")), o, sink);
  EXPECT_EQ(doc.meta.language, "pt");
  EXPECT_FALSE(sink.has("language-guessed"));
}

TEST(TextReaderParts, RegisteredForTxtAndText) {
  format::Registry r;
  register_builtin_formats(r);
  EXPECT_EQ(r.reader_for_path("a/b.txt"), std::optional<std::string>("text"));
  EXPECT_EQ(r.reader_for_path("B.TEXT"), std::optional<std::string>("text"));
  EXPECT_NO_THROW(r.reader("text"));
}

} // namespace
