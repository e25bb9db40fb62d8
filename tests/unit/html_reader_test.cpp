// HTML reader: tag soup, binary garbage, deep nesting bounds, images (broken, remote, outside
// the root, data: URIs, WebP), charset detection, metadata and the nesting pre-scan.
#include "diag/error.hpp"
#include "model/validate.hpp"
#include "readers/html/html_metadata.hpp"
#include "readers/html/html_reader.hpp"
#include "readers/html/resources.hpp"
#include "util/media.hpp"

#include <ctime>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <random>
#include <webp/encode.h>

using namespace sheaf;
namespace fs = std::filesystem;

namespace {

model::Document read_html(std::string_view html, diag::CollectingSink& sink,
                          const std::string& extract = "never", fs::path base = {}) {
  format::ReadOptions o;
  o.display_name = "test.html";
  o.extract = extract;
  o.base_dir = std::move(base);
  return readers::HtmlReader().read(html, o, sink);
}

std::string text_of(const model::Document& d) {
  return model::plain_text(d.blocks);
}

double cpu_seconds() {
  return static_cast<double>(std::clock()) / CLOCKS_PER_SEC;
}

fs::path scratch_dir(const std::string& name) {
  fs::path p = fs::temp_directory_path() / ("sheaf_html_test_" + name);
  fs::remove_all(p);
  fs::create_directories(p);
  return p;
}

void write_file(const fs::path& p, const std::string& data) {
  std::ofstream(p, std::ios::binary) << data;
}

const std::string k_png_1x1 = [] {
  // 1x1 green PNG.
  std::string s = "\x89PNG\r\n\x1a\n";
  const unsigned char bytes[] = {0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00,
                                 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x90,
                                 0x77, 0x53, 0xde, 0x00, 0x00, 0x00, 0x0c, 0x49, 0x44, 0x41, 0x54,
                                 0x78, 0x9c, 0x63, 0x60, 0xf8, 0xcf, 0x00, 0x00, 0x02, 0x02, 0x01,
                                 0x00, 0x7b, 0x09, 0x81, 0x78, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
                                 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};
  s.append(reinterpret_cast<const char*>(bytes), sizeof bytes);
  return s;
}();

} // namespace

TEST(HtmlReader, TagSoupGivesAValidDocument) {
  const char* soups[] = {
      "<p>unclosed <b>bold <i>both</b> italic</i><div>x</p></div>",
      "<table><td>no row<tr><th>h<table><td>nested</table></table>",
      "<ul><li>a<ol><li>b</ul><dd>stray<dt>term",
      "</br></p></div><li><a href=#x>dangling",
      "<h1><h2><h3>headings<p>para</h3></h2></h1><figcaption>cap</figcaption>",
      "<blockquote><footer>only attribution</footer></blockquote><caption>c</caption>",
      "<a href='#fn1'><sup>1</sup></a><li id=fn1><a href='#fn1'>self</a></li>",
      "<sup><a href='#n'>1</a></sup><ol><li id=n>note <sup><a href='#n'>again</a></sup></ol>",
      "<pre><b>bold in pre</b>\n<br>x</pre><code><p>block in code</p></code>",
      "<q><q><q>deep quotes</q></q></q><details><summary><h2>s</h2></summary></details>",
      "&#xD800; &#0; &notanentity; &amp &lt;script&gt;",
  };
  for (const char* soup : soups) {
    diag::CollectingSink sink;
    model::Document doc = read_html(soup, sink);
    EXPECT_EQ(model::validate(doc), std::vector<std::string>{}) << soup;
  }
}

TEST(HtmlReader, BinaryGarbageIsRefusedOrDegradesGracefully) {
  std::mt19937 rng(42);
  for (int round = 0; round < 20; ++round) {
    std::string bytes(4096, '\0');
    for (char& c : bytes)
      c = static_cast<char>(rng() & 0xFF);
    diag::CollectingSink sink;
    try {
      model::Document doc = read_html(bytes, sink);
      EXPECT_EQ(model::validate(doc), std::vector<std::string>{});
    } catch (const diag::Error& e) {
      EXPECT_EQ(e.kind(), diag::ErrorKind::input);
      EXPECT_FALSE(e.diagnostic().code.empty());
    }
  }
  // NUL-heavy input (a binary file named .html) is refused with a clear error.
  std::string elf = std::string("\x7f"
                                "ELF\x02\x01\x01",
                                7) +
                    std::string(200, '\0') + "<p>x</p>";
  diag::CollectingSink sink;
  EXPECT_THROW(read_html(elf, sink), diag::Error);
}

TEST(HtmlReader, HundredThousandNestedDivsFinishFast) {
  std::string html;
  for (int i = 0; i < 100000; ++i)
    html += "<div>";
  html += "deep text";
  for (int i = 0; i < 100000; ++i)
    html += "</div>";
  diag::CollectingSink sink;
  double start = cpu_seconds();
  model::Document doc = read_html(html, sink);
  EXPECT_LT(cpu_seconds() - start, 2.0);
  EXPECT_NE(text_of(doc).find("deep text"), std::string::npos);
  EXPECT_TRUE(sink.has("nesting-too-deep"));
  EXPECT_EQ(model::validate(doc), std::vector<std::string>{});
}

TEST(HtmlReader, UnclosedInlineAndTableNestingIsBounded) {
  for (std::string unit : {"<b><i>", "<table><tr><td>", "<span><em>", "<blockquote>"}) {
    std::string html;
    for (int i = 0; i < 30000; ++i)
      html += unit;
    html += "end";
    diag::CollectingSink sink;
    double start = cpu_seconds();
    model::Document doc = read_html(html, sink, "auto");
    EXPECT_LT(cpu_seconds() - start, 2.0) << unit;
    EXPECT_NE(text_of(doc).find("end"), std::string::npos) << unit;
    EXPECT_EQ(model::validate(doc), std::vector<std::string>{}) << unit;
  }
}

TEST(HtmlReader, LimitNestingDropsOnlyDeepTags) {
  std::size_t dropped = 0;
  std::string out = readers::html::limit_nesting(
      "<div><div><div><p>x</p><script>'<div>'</script></div></div></div>", 2, dropped);
  EXPECT_EQ(dropped, 1u);
  EXPECT_EQ(out, "<div><div><p>x</p><script>'<div>'</script></div></div>");
  out = readers::html::limit_nesting("<!-- <div><div> --><br/><img><p><p>", 1, dropped);
  EXPECT_EQ(dropped, 0u);
  EXPECT_EQ(out, "<!-- <div><div> --><br/><img><p><p>");
  // Elements that never nest do not count, in any case; other names (long ones too) do, and a
  // dropped tag's end tag goes with it; quoted '>' do not end a tag.
  out =
      readers::html::limit_nesting("<div><P><li><MenuItem><OPTGROUP><a href='x>y'><my-long-element>"
                                   "<div data-x=\"a>b\">x</div></my-long-element></div>",
                                   2, dropped);
  EXPECT_EQ(dropped, 1u);
  EXPECT_EQ(out, "<div><P><li><MenuItem><OPTGROUP><a href='x>y'><my-long-element>x"
                 "</my-long-element></div>");
}

TEST(HtmlReader, DeclaredCharsetIsFoundAndUsed) {
  EXPECT_EQ(readers::html::declared_charset("<meta charset=\"ISO-8859-1\">"), "iso-8859-1");
  EXPECT_EQ(readers::html::declared_charset(
                "<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=windows-1252\">"),
            "windows-1252");
  EXPECT_EQ(readers::html::declared_charset("<p>no meta</p>"), "");
  diag::CollectingSink sink;
  model::Document doc = read_html(
      "<html><head><meta charset=\"windows-1252\"></head><body><p>caf\xe9 \x93q\x94</p>", sink);
  EXPECT_EQ(text_of(doc), "caf\u00e9 \u201cq\u201d\n");
}

TEST(HtmlReader, BrokenAndForbiddenImagesBecomeAltText) {
  fs::path dir = scratch_dir("images");
  fs::create_directories(dir / "page");
  write_file(dir / "page" / "ok.png", k_png_1x1);
  write_file(dir / "page" / "broken.png", "\x89PNG\r\n\x1a\n\x00\x00\x00");
  write_file(dir / "page" / "text.jpg", "not an image at all");
  write_file(dir / "secret.png", k_png_1x1);
  const char* html = "<p><img src='ok.png' alt='fine'></p>"
                     "<p><img src='broken.png' alt='broken'></p>"
                     "<p><img src='text.jpg' alt='text'></p>"
                     "<p><img src='../secret.png' alt='outside'></p>"
                     "<p><img src='missing.png' alt='missing'></p>"
                     "<p><img src='http://example.org/x.png' alt='remote'></p>";
  diag::CollectingSink sink;
  model::Document doc = read_html(html, sink, "never", dir / "page");
  EXPECT_EQ(doc.resources.all().size(), 1u);
  EXPECT_EQ(text_of(doc), "fine\nbroken\ntext\noutside\nmissing\nremote\n");
  EXPECT_TRUE(sink.has("image-unreadable"));
  EXPECT_TRUE(sink.has("resource-outside-root"));
  EXPECT_TRUE(sink.has("resource-not-found"));
  EXPECT_TRUE(sink.has("resource-not-fetched"));
  EXPECT_EQ(model::validate(doc), std::vector<std::string>{});

  // An extra resource root makes the outside image usable.
  format::ReadOptions o;
  o.display_name = "t.html";
  o.extract = "never";
  o.base_dir = dir / "page";
  o.resource_paths.push_back(dir);
  diag::CollectingSink sink2;
  model::Document doc2 =
      readers::HtmlReader().read("<p><img src='../secret.png' alt='outside'></p>", o, sink2);
  EXPECT_FALSE(sink2.has("resource-outside-root"));
  EXPECT_EQ(doc2.resources.all().size(), 1u);
}

TEST(HtmlReader, SameImageTwiceIsStoredOnce) {
  fs::path dir = scratch_dir("dedup");
  write_file(dir / "a.png", k_png_1x1);
  write_file(dir / "b.png", k_png_1x1);
  diag::CollectingSink sink;
  model::Document doc =
      read_html("<p><img src='a.png'><img src='b.png'><img src='a.png'></p>", sink, "never", dir);
  EXPECT_EQ(doc.resources.all().size(), 1u);
}

TEST(HtmlReader, DataUris) {
  std::string type, data;
  EXPECT_TRUE(readers::html::decode_data_uri("data:text/plain;base64,aGVsbG8=", type, data));
  EXPECT_EQ(type, "text/plain");
  EXPECT_EQ(data, "hello");
  EXPECT_TRUE(readers::html::decode_data_uri("data:,a%20b", type, data));
  EXPECT_EQ(data, "a b");
  EXPECT_FALSE(readers::html::decode_data_uri("data:;base64,!!!!", type, data));
  EXPECT_FALSE(readers::html::decode_data_uri("data:,aaaaaaaaaa", type, data, 4));
  EXPECT_FALSE(readers::html::decode_data_uri("nodata", type, data));
}

TEST(HtmlReader, WebpIsConvertedToPng) {
  std::vector<uint8_t> rgba(4 * 3 * 2, 0x80);
  uint8_t* out = nullptr;
  size_t size = WebPEncodeLosslessRGBA(rgba.data(), 3, 2, 12, &out);
  ASSERT_GT(size, 0u);
  std::string webp(reinterpret_cast<const char*>(out), size);
  WebPFree(out);
  std::string png;
  ASSERT_TRUE(readers::html::webp_to_png(webp, png));
  EXPECT_EQ(util::sniff_media_type(png), "image/png");
  int w = 0, h = 0;
  EXPECT_TRUE(util::image_size(png, w, h));
  EXPECT_EQ(w, 3);
  EXPECT_EQ(h, 2);
  EXPECT_FALSE(readers::html::webp_to_png("RIFF\x10\0\0\0WEBPjunk", png));

  fs::path dir = scratch_dir("webp");
  write_file(dir / "pic.webp", webp);
  diag::CollectingSink sink;
  model::Document doc = read_html("<p><img src='pic.webp' alt='w'></p>", sink, "never", dir);
  ASSERT_EQ(doc.resources.all().size(), 1u);
  EXPECT_EQ(doc.resources.all().begin()->second.media_type, "image/png");
}

TEST(HtmlReader, TitleCleaning) {
  using readers::html::clean_document_title;
  EXPECT_EQ(clean_document_title("United States to Lift Sudan Sanctions - The New York Times"),
            "United States to Lift Sudan Sanctions");
  EXPECT_EQ(clean_document_title("Mozilla - Wikipedia"), "Mozilla - Wikipedia");
  EXPECT_EQ(clean_document_title("  Plain   title "), "Plain title");
  EXPECT_EQ(clean_document_title("A long headline about something | Section | Site"),
            "A long headline about something | Section");
}

TEST(HtmlReader, MetadataSourcesAndCommandLineTitle) {
  const char* page = "<html lang='de'><head><title>Doc Title | Site</title>"
                     "<meta name='author' content='A. Person'>"
                     "<meta property='og:locale' content='fr_FR'></head>"
                     "<body><h1>Heading</h1><p>x</p></body></html>";
  diag::CollectingSink sink;
  model::Document doc = read_html(page, sink);
  EXPECT_EQ(doc.meta.title, "Doc Title | Site");
  EXPECT_EQ(doc.meta.language, "de");
  ASSERT_EQ(doc.meta.authors.size(), 1u);
  EXPECT_EQ(doc.meta.authors[0], "A. Person");

  format::ReadOptions o;
  o.display_name = "t.html";
  o.title = "From the command line";
  diag::CollectingSink sink2;
  EXPECT_EQ(readers::HtmlReader().read(page, o, sink2).meta.title, "From the command line");
}

TEST(HtmlReader, SkippedContentIsReportedOncePerKind) {
  diag::CollectingSink sink;
  read_html("<body><p>x</p><script>a</script><script>b</script><style>c</style></body>", sink);
  int skipped = 0;
  for (const auto& d : sink.diagnostics())
    if (d.code == "skipped-content") ++skipped;
  EXPECT_EQ(skipped, 2);
}
