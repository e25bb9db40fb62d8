// EPUB writer: package structure, metadata, accessibility facts, chunking, links, notes,
// images, reproducible bytes across time zones, and epubcheck on a document with every node.
#include "diag/diagnostic.hpp"
#include "diag/error.hpp"
#include "model/builder.hpp"
#include "writers/epub/epub_writer.hpp"
#include "writers/epub/ocf_archive.hpp"
#include "writers/epub/package_documents.hpp"
#include "writers/xhtml/link_policy.hpp"

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <regex>
#include <sstream>
#include <tinyxml2.h>
#include <unistd.h>

using namespace sheaf;
using namespace sheaf::model;

namespace {

const std::string k_png("\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\x00\x00"
                        "\x00\x02\x00\x00\x00\x02\x08\x02\x00\x00\x00\xfd\xd4\x9a\x73\x00\x00\x00"
                        "\x10\x49\x44\x41\x54\x78\xda\x63\xf8\xcf\xc0\x00\x44\x0c\x10\x0a\x00\x1f"
                        "\xee\x03\xfd\x63\x5e\xbb\x5b\x00\x00\x00\x00\x49\x45\x4e\x44\xae\x42\x60"
                        "\x82",
                        73);

constexpr long long k_epoch = 1700000000; // 2023-11-14T22:13:20Z

format::WriteOptions options(int split_level = 1) {
  format::WriteOptions o;
  o.split_level = split_level;
  o.source_date_epoch = k_epoch;
  return o;
}

std::string write(const Document& d, diag::CollectingSink& sink,
                  const format::WriteOptions& o = options()) {
  return writers::EpubWriter().write(d, o, sink);
}

std::map<std::string, std::string> unzip(const std::string& bytes) {
  std::map<std::string, std::string> out;
  for (auto& e : writers::read_zip(bytes))
    out[e.name] = e.data;
  return out;
}

bool contains(const std::string& hay, const std::string& needle) {
  return hay.find(needle) != std::string::npos;
}

void para(DocumentBuilder& b, const std::string& text) {
  b.open_paragraph(b.at(1));
  b.text(text, b.at(1));
  b.close();
}

void heading(DocumentBuilder& b, int level, const std::string& text) {
  b.open_heading(level, b.at(1));
  b.text(text, b.at(1));
  b.close();
}

void image(DocumentBuilder& b, const std::string& resource, const std::string& alt) {
  Image img;
  img.url = "pic.png";
  img.resource = resource;
  img.alt = alt;
  b.image(img, b.at(1));
}

Document simple(const std::string& text = "Body text.") {
  DocumentBuilder b("simple.txt");
  b.meta().title = "Simple";
  b.meta().language = "en";
  heading(b, 1, "Start");
  para(b, text);
  return b.finish();
}

/// A document with every block and inline kind, metadata and a cover.
Document kitchen_sink() {
  DocumentBuilder b("sink.html");
  Metadata& m = b.meta();
  m.title = "Every Node";
  m.subtitle = "A test of the EPUB writer";
  m.authors = {"Ada Lovelace", "Charles Babbage"};
  m.language = "en-GB";
  m.date = "2024-02-29T10:00:00Z";
  m.description = "Covers every block and inline.";
  m.publisher = "sheaf tests";
  m.source_url = "https://example.org/articles/every-node.html";
  m.keywords = {"testing", "epub"};
  std::string pic = b.resources().add(k_png, "image/png", "pic.png");
  m.cover_image = pic;

  heading(b, 1, "Inlines");
  b.open_paragraph(b.at(2));
  b.text("Plain \x01text with a control character, ", b.at(2));
  for (auto [kind, word] : {std::pair{InlineKind::emphasis, "em"},
                            {InlineKind::strong, "strong"},
                            {InlineKind::underline, "under"},
                            {InlineKind::strikeout, "struck"},
                            {InlineKind::superscript, "sup"},
                            {InlineKind::subscript, "sub"}}) {
    b.open_inline(kind, b.at(2));
    b.text(word, b.at(2));
    b.close();
    b.text(" ", b.at(2));
  }
  Attr cls;
  cls.classes = {"smallcaps", "mark"};
  b.open_inline(InlineKind::span, b.at(2), cls);
  b.text("span", b.at(2));
  b.close();
  b.code("x < y && z", b.at(2));
  Attr kbd;
  kbd.classes = {"kbd"};
  b.code("Ctrl+C", b.at(2), kbd);
  b.soft_break(b.at(2));
  b.open_link("https://example.com/a b?q=1&r=2", "Example", b.at(3));
  b.text("external", b.at(3));
  b.open_note(b.at(3));
  b.text("A note inside a link.", b.at(3));
  b.close();
  b.close();
  b.text(", ", b.at(3));
  b.open_link("#tables", "", b.at(3));
  b.text("internal", b.at(3));
  b.close();
  b.text(", ", b.at(3));
  b.open_link("/news", "", b.at(3));
  b.text("site-relative", b.at(3));
  b.close();
  b.text(", ", b.at(3));
  b.open_link("javascript:alert(1)", "", b.at(3));
  b.text("script", b.at(3));
  b.close();
  b.line_break(b.at(3));
  image(b, pic, "A red square");
  b.text(" and a note", b.at(4));
  b.open_note(b.at(4));
  b.text("Outer note", b.at(4));
  b.open_note(b.at(4));
  b.text("Nested note.", b.at(4));
  b.close();
  b.open_paragraph(b.at(5));
  b.text("Second paragraph of the note.", b.at(5));
  b.close();
  b.close();
  b.raw_inline("html", "<blink>raw</blink>", b.at(5));
  b.close();

  heading(b, 2, "Blocks");
  b.open_block_quote(b.at(6));
  para(b, "Quoted words.");
  b.open_attribution(b.at(7));
  b.text("Someone", b.at(7));
  b.close();
  b.close();
  List bullets;
  b.open_list(bullets, b.at(8));
  b.open_list_item(b.at(8));
  b.text("bullet", b.at(8));
  b.close();
  b.open_list_item(b.at(9));
  para(b, "loose item");
  para(b, "second paragraph");
  b.close();
  b.close();
  List ordered;
  ordered.kind = ListKind::ordered;
  ordered.start = 3;
  ordered.style = NumberStyle::lower_roman;
  ordered.reversed = true;
  b.open_list(ordered, b.at(10));
  b.open_list_item(b.at(10));
  b.text("third", b.at(10));
  b.close();
  b.close();
  b.open_list(bullets, b.at(11));
  b.open_list_item(b.at(11), true);
  b.text("done", b.at(11));
  b.close();
  b.open_list_item(b.at(12), false);
  b.text("to do", b.at(12));
  b.close();
  b.close();
  b.open_definition_list(b.at(13));
  b.open_term(b.at(13));
  b.text("Term", b.at(13));
  b.close();
  b.open_definition(b.at(14));
  b.text("Definition.", b.at(14));
  b.close();
  b.close();
  b.code_block("c++", "int main() {\n  return 0; // <ok> & done\n}", b.at(15));
  b.open_figure(b.at(18));
  b.open_paragraph(b.at(18));
  image(b, pic, "");
  b.close();
  b.open_caption(b.at(19));
  b.text("A figure caption", b.at(19));
  b.close();
  b.close();
  b.thematic_break(b.at(20));
  Attr div;
  div.classes = {"aside-box"};
  div.id = "box";
  b.open_div(b.at(21), div);
  heading(b, 3, "Heading three");
  heading(b, 4, "Heading four");
  heading(b, 5, "Heading five");
  heading(b, 6, "Heading six");
  para(b, "In a div.");
  b.close();
  b.raw_block("html", "<script>alert(1)</script>", b.at(22));
  Attr raw_id;
  raw_id.id = "raw-target";
  b.append_block(Block{RawBlock{"tex", "\\relax"}, raw_id, b.at(22)});

  b.open_heading(1, b.at(23));
  b.text("Tables", b.at(23));
  b.close();
  std::vector<ColumnSpec> cols{
      {Alignment::left, 0.5}, {Alignment::right, 0.25}, {Alignment::center, 0.25}};
  b.open_table(cols, b.at(24));
  b.open_caption(b.at(24));
  b.text("Table caption", b.at(24));
  b.close();
  b.open_table_section(TableSection::head);
  b.open_row(b.at(25));
  for (const char* h : {"Name", "Value", "Note"}) {
    b.open_cell(b.at(25), true);
    b.text(h, b.at(25));
    b.close();
  }
  b.close();
  b.close();
  b.open_table_section(TableSection::body);
  b.open_row(b.at(26));
  b.open_cell(b.at(26), false, Alignment::default_, 2, 1);
  b.text("spans two rows", b.at(26));
  b.close();
  b.open_cell(b.at(26), false, Alignment::default_, 1, 2);
  b.text("spans two columns", b.at(26));
  b.close();
  b.close();
  b.open_row(b.at(27));
  b.open_cell(b.at(27), false);
  b.text("1", b.at(27));
  b.close();
  b.open_cell(b.at(27), false);
  b.close();
  b.close();
  b.close();
  b.open_table_section(TableSection::foot);
  b.open_row(b.at(28));
  b.open_cell(b.at(28), false, Alignment::default_, 1, 3);
  b.text("Footer", b.at(28));
  b.close();
  b.close();
  b.close();
  b.close();
  b.open_paragraph(b.at(29));
  b.text("The end, with links to ", b.at(29));
  b.open_link("#raw-target", "", b.at(29));
  b.text("a dropped raw block", b.at(29));
  b.close();
  b.text(" and ", b.at(29));
  b.open_link("#break-target", "", b.at(29));
  b.text("a line break", b.at(29));
  b.close();
  Inline br{LineBreak{}, {}, b.at(29)};
  br.attr.id = "break-target";
  b.append_inline(br);
  b.text("after the break.", b.at(29));
  b.close();
  return b.finish();
}

bool well_formed(const std::string& xml, std::string& error) {
  tinyxml2::XMLDocument doc;
  if (doc.Parse(xml.c_str(), xml.size()) == tinyxml2::XML_SUCCESS) return true;
  error = doc.ErrorStr();
  return false;
}

TEST(EpubWriter, ContainerLayout) {
  diag::CollectingSink sink;
  std::string bytes = write(simple(), sink);
  ASSERT_GT(bytes.size(), 100u);
  EXPECT_EQ(bytes.substr(0, 2), "PK");
  EXPECT_EQ(bytes.substr(30, 28), "mimetypeapplication/epub+zip"); // stored, no extra field
  auto entries = writers::read_zip(bytes);
  ASSERT_GE(entries.size(), 7u);
  EXPECT_EQ(entries[0].name, "mimetype");
  EXPECT_TRUE(entries[0].stored);
  EXPECT_EQ(entries[1].name, "META-INF/container.xml");
  auto files = unzip(bytes);
  EXPECT_TRUE(contains(files["META-INF/container.xml"], "full-path=\"EPUB/content.opf\""));
  for (const char* f : {"EPUB/content.opf", "EPUB/nav.xhtml", "EPUB/toc.ncx", "EPUB/title.xhtml",
                        "EPUB/ch001.xhtml", "EPUB/styles/default.css"})
    EXPECT_EQ(files.count(f), 1u) << f;
  const std::string& opf = files["EPUB/content.opf"];
  EXPECT_TRUE(contains(opf, "<dc:title id=\"title\">Simple</dc:title>"));
  EXPECT_TRUE(contains(opf, "<dc:language>en</dc:language>"));
  EXPECT_TRUE(contains(opf, "<meta property=\"dcterms:modified\">2023-11-14T22:13:20Z</meta>"));
  EXPECT_TRUE(contains(opf, "<spine toc=\"ncx\">"));
  for (const auto& [name, data] : files) {
    if (name == "mimetype" || name.find(".css") != std::string::npos) continue;
    std::string err;
    EXPECT_TRUE(well_formed(data, err)) << name << ": " << err;
  }
  EXPECT_FALSE(sink.has("language-unknown"));
}

TEST(EpubWriter, IdentifierIsDeterministicAndFollowsContent) {
  diag::CollectingSink sink;
  auto id_of = [&](const Document& d) {
    std::string opf = unzip(write(d, sink))["EPUB/content.opf"];
    std::smatch m;
    std::regex re("<dc:identifier id=\"pub-id\">([^<]*)</dc:identifier>");
    return std::regex_search(opf, m, re) ? m[1].str() : std::string();
  };
  std::string a = id_of(simple());
  EXPECT_EQ(a, id_of(simple()));
  EXPECT_TRUE(std::regex_match(
      a,
      std::regex("urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")))
      << a;
  EXPECT_NE(a, id_of(simple("Other text.")));
  Document given = simple();
  given.meta.identifier = "isbn:9780000000000";
  EXPECT_EQ(id_of(given), "isbn:9780000000000");
  std::string ncx = unzip(write(given, sink))["EPUB/toc.ncx"];
  EXPECT_TRUE(contains(ncx, "<meta name=\"dtb:uid\" content=\"isbn:9780000000000\"/>"));
}

TEST(EpubWriter, UnknownLanguageWarnsAndUsesEnglish) {
  Document d = simple();
  d.meta.language.clear();
  diag::CollectingSink sink;
  auto files = unzip(write(d, sink));
  EXPECT_TRUE(sink.has("language-unknown"));
  EXPECT_TRUE(contains(files["EPUB/content.opf"], "<dc:language>en</dc:language>"));
  EXPECT_TRUE(contains(files["EPUB/ch001.xhtml"], "lang=\"en\" xml:lang=\"en\""));

  d.meta.language = "fr_CA";
  diag::CollectingSink sink2;
  files = unzip(write(d, sink2));
  EXPECT_FALSE(sink2.has("language-unknown"));
  EXPECT_TRUE(contains(files["EPUB/content.opf"], "<dc:language>fr-CA</dc:language>"));
  EXPECT_TRUE(contains(files["EPUB/nav.xhtml"], "Table des mati\u00e8res"));

  d.meta.language = "ar";
  files = unzip(write(d, sink2));
  EXPECT_TRUE(contains(files["EPUB/content.opf"], "page-progression-direction=\"rtl\""));
  EXPECT_TRUE(contains(files["EPUB/ch001.xhtml"], "lang=\"ar\" xml:lang=\"ar\" dir=\"rtl\""));
  EXPECT_TRUE(contains(files["EPUB/nav.xhtml"], "dir=\"rtl\""));
}

std::string opf_with_image(const std::string& alt, bool add_image = true) {
  DocumentBuilder b("a.html");
  b.meta().title = "T";
  b.meta().language = "en";
  para(b, "Text.");
  if (add_image) {
    std::string id = b.resources().add(k_png, "image/png", "a.png");
    b.open_paragraph(b.at(1));
    image(b, id, alt);
    b.close();
  }
  diag::CollectingSink sink;
  return unzip(write(b.finish(), sink))["EPUB/content.opf"];
}

TEST(EpubWriter, AccessibilityMetadataIsTrueToContent) {
  const std::string mode = "<meta property=\"schema:accessMode\">";
  const std::string sufficient = "<meta property=\"schema:accessModeSufficient\">";
  const std::string feature = "<meta property=\"schema:accessibilityFeature\">";

  std::string none = opf_with_image("", false);
  EXPECT_TRUE(contains(none, mode + "textual</meta>"));
  EXPECT_FALSE(contains(none, mode + "visual</meta>"));
  EXPECT_TRUE(contains(none, sufficient + "textual</meta>"));
  EXPECT_FALSE(contains(none, feature + "alternativeText</meta>"));
  EXPECT_FALSE(contains(none, feature + "structuralNavigation</meta>")); // no headings
  EXPECT_TRUE(contains(none, feature + "tableOfContents</meta>"));
  EXPECT_TRUE(contains(none, "<meta property=\"schema:accessibilityHazard\">none</meta>"));
  EXPECT_TRUE(contains(none, "It contains no images."));

  std::string with_alt = opf_with_image("A red square");
  EXPECT_TRUE(contains(with_alt, mode + "visual</meta>"));
  EXPECT_TRUE(contains(with_alt, sufficient + "textual</meta>"));
  EXPECT_TRUE(contains(with_alt, feature + "alternativeText</meta>"));

  std::string without_alt = opf_with_image("");
  EXPECT_TRUE(contains(without_alt, mode + "visual</meta>"));
  EXPECT_TRUE(contains(without_alt, sufficient + "textual,visual</meta>"));
  EXPECT_FALSE(contains(without_alt, feature + "alternativeText</meta>"));
  EXPECT_TRUE(contains(without_alt, "1 of 1 image lacks alternative text"));

  diag::CollectingSink sink;
  std::string headed = unzip(write(simple(), sink))["EPUB/content.opf"];
  EXPECT_TRUE(contains(headed, feature + "structuralNavigation</meta>"));
}

Document three_chapters() {
  DocumentBuilder b("c.txt");
  b.meta().title = "Chapters";
  b.meta().language = "en";
  heading(b, 1, "One");
  para(b, "First.");
  heading(b, 2, "One point one");
  para(b, "Nested.");
  heading(b, 1, "Two");
  para(b, "Second.");
  heading(b, 1, "Three");
  b.open_paragraph(b.at(1));
  b.open_link("#one-point-one", "", b.at(1));
  b.text("back to 1.1", b.at(1));
  b.close();
  b.text(" ", b.at(1));
  b.open_link("#three", "", b.at(1));
  b.text("here", b.at(1));
  b.close();
  b.text(" ", b.at(1));
  b.open_link("#missing", "", b.at(1));
  b.text("nowhere", b.at(1));
  b.close();
  b.close();
  return b.finish();
}

TEST(EpubWriter, ChunksAtLevelOneAndRewritesInternalLinks) {
  diag::CollectingSink sink;
  auto files = unzip(write(three_chapters(), sink));
  EXPECT_EQ(files.count("EPUB/ch003.xhtml"), 1u);
  EXPECT_EQ(files.count("EPUB/ch004.xhtml"), 0u);
  const std::string& opf = files["EPUB/content.opf"];
  EXPECT_TRUE(contains(opf,
                       "<itemref idref=\"titlepage\"/>\n<itemref idref=\"nav\" linear=\"no\"/>\n"
                       "<itemref idref=\"ch001\"/>\n"
                       "<itemref idref=\"ch002\"/>\n<itemref idref=\"ch003\"/>"));
  const std::string& ch3 = files["EPUB/ch003.xhtml"];
  EXPECT_TRUE(contains(ch3, "<a href=\"ch001.xhtml#one-point-one\">back to 1.1</a>"));
  EXPECT_TRUE(contains(ch3, "<a href=\"#three\">here</a>"));
  EXPECT_TRUE(contains(ch3, " nowhere</p>"));
  EXPECT_TRUE(sink.has("link-target-missing"));
  const std::string& nav = files["EPUB/nav.xhtml"];
  EXPECT_TRUE(contains(nav, "<li><a href=\"ch001.xhtml#one\">One</a><ol>\n<li><a "
                            "href=\"ch001.xhtml#one-point-one\">One point one</a></li>"));
  EXPECT_TRUE(contains(nav, "epub:type=\"landmarks\""));
  const std::string& ncx = files["EPUB/toc.ncx"];
  EXPECT_TRUE(contains(ncx, "<meta name=\"dtb:depth\" content=\"2\"/>"));
  EXPECT_TRUE(contains(ncx, "playOrder=\"4\""));

  diag::CollectingSink sink0;
  auto single = unzip(write(three_chapters(), sink0, options(0)));
  EXPECT_EQ(single.count("EPUB/ch002.xhtml"), 0u);
  EXPECT_TRUE(contains(single["EPUB/ch001.xhtml"], "<a href=\"#one-point-one\">"));
}

TEST(EpubWriter, NotesBecomeAsidesWithBackLinks) {
  diag::CollectingSink sink;
  auto files = unzip(write(kitchen_sink(), sink));
  const std::string& ch1 = files["EPUB/ch001.xhtml"];
  // the note inside a link gets its reference right after the link
  EXPECT_TRUE(contains(ch1, "external</a><sup><a class=\"noteref\" epub:type=\"noteref\" "
                            "href=\"#fn1\" id=\"fnref1\" role=\"doc-noteref\">1</a></sup>"));
  EXPECT_TRUE(contains(ch1, "<aside class=\"footnote\" epub:type=\"footnote\" id=\"fn1\" "
                            "role=\"doc-footnote\"><p><a class=\"backlink\" href=\"#fnref1\" "
                            "role=\"doc-backlink\">1.</a> A note inside a link.</p>\n</aside>"))
      << ch1;
  // nested note: numbered after its outer note, written in the same footnotes section
  EXPECT_TRUE(contains(ch1, "Outer note<sup><a class=\"noteref\" epub:type=\"noteref\" "
                            "href=\"#fn3\""));
  EXPECT_TRUE(contains(ch1, "id=\"fn3\""));
  EXPECT_TRUE(contains(ch1, "<section class=\"footnotes\" epub:type=\"footnotes\">"));
  EXPECT_TRUE(sink.has("raw-dropped"));
  EXPECT_FALSE(contains(ch1, "blink"));
  EXPECT_FALSE(contains(ch1, "\x01"));
  // ids of nodes written without an element survive as anchors
  const std::string& ch2 = files["EPUB/ch002.xhtml"];
  EXPECT_TRUE(contains(ch1, "<div id=\"raw-target\"/>")) << ch1;
  EXPECT_TRUE(contains(ch2, "<a href=\"ch001.xhtml#raw-target\">"));
  EXPECT_TRUE(contains(ch2, "<span id=\"break-target\"/><br/>after the break.")) << ch2;
}

TEST(EpubWriter, LinksFollowThePolicy) {
  diag::CollectingSink sink;
  auto files = unzip(write(kitchen_sink(), sink));
  const std::string& ch1 = files["EPUB/ch001.xhtml"];
  EXPECT_TRUE(
      contains(ch1, "<a href=\"https://example.com/a%20b?q=1&amp;r=2\" title=\"Example\">"));
  EXPECT_TRUE(contains(ch1, "<a href=\"https://example.org/news\">site-relative</a>"));
  EXPECT_TRUE(contains(ch1, ", script<br/>"));
  EXPECT_TRUE(contains(ch1, "<a href=\"ch002.xhtml#tables\">internal</a>"));
  EXPECT_TRUE(sink.has("link-unwrapped"));

  Document no_source = kitchen_sink();
  no_source.meta.source_url.clear();
  diag::CollectingSink sink2;
  auto ch = unzip(write(no_source, sink2))["EPUB/ch001.xhtml"];
  EXPECT_TRUE(contains(ch, ", site-relative, "));

  EXPECT_EQ(writers::resolve_url("../b/c.html?x#y", "https://h.org/a/d/e.html"),
            "https://h.org/a/b/c.html?x#y");
  EXPECT_EQ(writers::resolve_url("//cdn.org/x", "http://h.org/"), "http://cdn.org/x");
  EXPECT_EQ(writers::resolve_url("x", "file:///tmp/a"), "");
  EXPECT_EQ(writers::decide_link("JavaScript:void(0)", "").action, writers::LinkAction::unwrap);
  EXPECT_EQ(writers::decide_link("mailto:a@b.org", "").action, writers::LinkAction::keep);
  EXPECT_EQ(writers::clean_url("http://g\u00f6\u00f6gle.com/\u00e9?q=\u6d4b&p=100%"),
            "http://xn--ggle-5qaa.com/%C3%A9?q=%E6%B5%8B&p=100%25");
  EXPECT_EQ(writers::clean_url("https://user@\u6d4b.com:8080/a%20b"),
            "https://user@xn--0zw.com:8080/a%20b");
}

TEST(EpubWriter, ImagesAndCoverInManifest) {
  diag::CollectingSink sink;
  Document d = kitchen_sink();
  std::string id = d.meta.cover_image;
  auto files = unzip(write(d, sink));
  const std::string& opf = files["EPUB/content.opf"];
  std::string href = "images/" + id + ".png";
  EXPECT_EQ(files.count("EPUB/" + href), 1u);
  EXPECT_EQ(files["EPUB/" + href], k_png);
  EXPECT_TRUE(contains(opf, "<item id=\"img-" + id + "\" href=\"" + href +
                                "\" media-type=\"image/png\" properties=\"cover-image\"/>"));
  EXPECT_TRUE(contains(opf, "<meta name=\"cover\" content=\"img-" + id + "\"/>"));
  EXPECT_TRUE(
      contains(files["EPUB/ch001.xhtml"], "<img src=\"" + href + "\" alt=\"A red square\"/>"));
  EXPECT_TRUE(contains(files["EPUB/title.xhtml"], "<img src=\"" + href + "\""));
  // the figure image has no alt text: the metadata must say so
  EXPECT_TRUE(contains(opf, "textual,visual"));

  // an image that is not packaged becomes its alt text
  DocumentBuilder b("x.html");
  b.meta().language = "en";
  b.open_paragraph(b.at(1));
  Image remote;
  remote.url = "https://example.org/x.png";
  remote.alt = "remote picture";
  b.image(remote, b.at(1));
  b.close();
  diag::CollectingSink sink2;
  auto f2 = unzip(write(b.finish(), sink2));
  EXPECT_TRUE(contains(f2["EPUB/ch001.xhtml"], "<span class=\"image-alt\">remote picture</span>"));
  EXPECT_TRUE(sink2.has("image-not-packaged"));
  EXPECT_TRUE(contains(f2["EPUB/content.opf"], "<dc:title id=\"title\">Untitled</dc:title>"));
}

TEST(EpubWriter, ThemesAndUserCss) {
  diag::CollectingSink sink;
  format::WriteOptions o = options();
  o.style = "modern";
  o.user_css = {"p { color: red; }"};
  auto files = unzip(write(simple(), sink, o));
  ASSERT_EQ(files.count("EPUB/styles/modern.css"), 1u);
  EXPECT_TRUE(contains(files["EPUB/styles/modern.css"], "sans-serif"));
  EXPECT_TRUE(contains(files["EPUB/styles/modern.css"], "p { color: red; }"));
  EXPECT_TRUE(contains(files["EPUB/ch001.xhtml"], "href=\"styles/modern.css\""));
  o.style = "no-such-theme";
  EXPECT_THROW(write(simple(), sink, o), diag::Error);
}

TEST(EpubWriter, ReproducibleBytesInAnyTimeZone) {
  const char* old = std::getenv("TZ");
  std::string saved = old ? old : "";
  std::vector<std::string> outputs;
  for (const char* tz : {"UTC", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata"}) {
    setenv("TZ", tz, 1);
    tzset();
    diag::CollectingSink sink;
    outputs.push_back(write(kitchen_sink(), sink));
  }
  if (old)
    setenv("TZ", saved.c_str(), 1);
  else
    unsetenv("TZ");
  tzset();
  for (std::size_t i = 1; i < outputs.size(); ++i)
    EXPECT_TRUE(outputs[i] == outputs[0]) << "time zone #" << i << " differs";
  // the DOS time fields of the first local header hold the UTC time of the epoch:
  // 2023-11-14 22:13:20 -> time 22:13:20 (0xB1AA), date 2023-11-14 (0x576E)
  const std::string& z = outputs[0];
  auto u16 = [&z](std::size_t at) {
    return static_cast<unsigned>(static_cast<unsigned char>(z[at])) |
           static_cast<unsigned>(static_cast<unsigned char>(z[at + 1])) << 8;
  };
  EXPECT_EQ(u16(10), (22u << 11) | (13u << 5) | (20u / 2));
  EXPECT_EQ(u16(12), ((2023u - 1980u) << 9) | (11u << 5) | 14u);
}

TEST(PackageDocuments, DatesAndSummary) {
  EXPECT_EQ(writers::normalize_date("2024-02-29T10:00:00Z"), "2024-02-29");
  EXPECT_EQ(writers::normalize_date("2024"), "2024");
  EXPECT_EQ(writers::normalize_date("2024-13"), "");
  EXPECT_EQ(writers::normalize_date("March 3, 2020"), "2020-03-03");
  EXPECT_EQ(writers::normalize_date("17th July 2006"), "2006-07-17");
  EXPECT_EQ(writers::normalize_date("Sept 1999"), "1999-09");
  EXPECT_EQ(writers::normalize_date("2006/07/17"), "2006-07-17");
  EXPECT_EQ(writers::normalize_date("Someday 2020"), "");
  Document d = simple();
  d.meta.date = "yesterday";
  diag::CollectingSink sink;
  auto opf = unzip(write(d, sink))["EPUB/content.opf"];
  EXPECT_TRUE(sink.has("invalid-date"));
  EXPECT_FALSE(contains(opf, "<dc:date>"));
}

/// epubcheck (one JVM for all files, see tests/tools/EpubcheckBatch.java) over the document
/// with every node kind, in both themes and unsplit, and over an empty document.
TEST(EpubWriter, EpubcheckAcceptsEveryNodeKind) {
  const char* jar = "/usr/share/java/epubcheck.jar";
  if (!std::filesystem::exists(jar) || std::system("java -version >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "java or epubcheck not installed";
  auto dir =
      std::filesystem::temp_directory_path() / ("sheaf-epubcheck-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::vector<std::pair<std::string, std::string>> books; // name, bytes
  diag::CollectingSink sink;
  books.emplace_back("sink.epub", write(kitchen_sink(), sink));
  format::WriteOptions modern = options(0);
  modern.style = "modern";
  modern.user_css = {"p.custom { margin: 0; }"};
  books.emplace_back("sink-modern-single.epub", write(kitchen_sink(), sink, modern));
  books.emplace_back("three.epub", write(three_chapters(), sink, options(2)));
  books.emplace_back("empty.epub", write(Document{}, sink));
  Document hebrew = simple("\u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd.");
  hebrew.meta.language = "he";
  books.emplace_back("rtl.epub", write(hebrew, sink));
  std::string files;
  for (const auto& [name, bytes] : books) {
    std::ofstream(dir / name, std::ios::binary) << bytes;
    files += " " + (dir / name).string();
  }
  auto report = dir / "report.txt";
  std::string cmd = std::string("java -cp ") + jar + " " + SHEAF_SOURCE_DIR +
                    "/tests/tools/EpubcheckBatch.java" + files + " > " + report.string() + " 2>&1";
  int rc = std::system(cmd.c_str());
  std::ifstream in(report);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string out = ss.str();
  EXPECT_EQ(rc, 0) << out;
  std::size_t clean = 0;
  for (std::size_t at = out.find("No errors or warnings detected"); at != std::string::npos;
       at = out.find("No errors or warnings detected", at + 1))
    ++clean;
  EXPECT_EQ(clean, books.size()) << out;
  EXPECT_FALSE(std::regex_search(out, std::regex("(^|\n)(FATAL|ERROR|WARNING)"))) << out;
  std::filesystem::remove_all(dir);
}

} // namespace

// What Ace by DAISY (axe rules label, empty-table-header, heading-order) asks of the XHTML.
TEST(EpubWriter, AccessibleTaskListsTableHeadersAndHeadingOrder) {
  DocumentBuilder b("a11y.md");
  b.meta().title = "A11y";
  b.meta().language = "en";
  heading(b, 1, "Top");
  heading(b, 3, "Skipped a level");
  List tasks;
  tasks.kind = ListKind::bullet;
  tasks.tight = true;
  b.open_list(tasks, b.at(3));
  for (bool done : {true, false}) {
    b.open_list_item(b.at(3), done);
    b.text(done ? "Done task" : "Open task", b.at(3));
    b.close();
  }
  b.close();
  auto table = [&](bool corner_only) {
    b.open_table({ColumnSpec{}, ColumnSpec{}}, b.at(5));
    b.open_table_section(TableSection::head);
    b.open_row(b.at(5));
    b.open_cell(b.at(5), true); // empty corner
    b.close();
    b.open_cell(b.at(5), true);
    if (!corner_only) b.text("Header", b.at(5));
    b.close();
    b.close();
    b.close();
    b.open_table_section(TableSection::body);
    b.open_row(b.at(6));
    for (const char* t : {"a", "b"}) {
      b.open_cell(b.at(6), false);
      b.text(t, b.at(6));
      b.close();
    }
    b.close();
    b.close();
    b.close();
  };
  table(false);
  table(true);
  diag::CollectingSink sink;
  auto files = unzip(write(b.finish(), sink, options(0)));
  const std::string& ch = files["EPUB/ch001.xhtml"];
  EXPECT_TRUE(contains(ch, "<li class=\"task\"><label><input type=\"checkbox\" "
                           "disabled=\"disabled\" checked=\"checked\"/> Done task</label></li>"))
      << ch;
  EXPECT_TRUE(contains(ch, "<label><input type=\"checkbox\" disabled=\"disabled\"/> Open "
                           "task</label>"));
  EXPECT_TRUE(contains(ch, "<thead><tr><td/><th>Header</th></tr>")) << ch;
  EXPECT_EQ(ch.find("<th/>"), std::string::npos);
  // the second table's head has no text at all: left out
  std::size_t second = ch.find("<table", ch.find("<table") + 1);
  ASSERT_NE(second, std::string::npos);
  EXPECT_EQ(ch.find("<thead", second), std::string::npos);
  EXPECT_TRUE(contains(ch, "<h2 id=\"skipped-a-level\">Skipped a level</h2>")) << ch;
  std::string error;
  EXPECT_TRUE(well_formed(ch, error)) << error;
}
