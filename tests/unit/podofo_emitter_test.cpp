// Tests of the PDF emitter on hand-built page trees, checked with the real validators
// (qpdf --check, pdffonts, pdftotext, pdfinfo); tests skip when poppler/qpdf are missing.
#include "diag/error.hpp"
#include "writers/pdf/podofo_emitter.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <iterator>
#include <set>
#include <sstream>
#include <thread>

using namespace sheaf;
using namespace sheaf::layout;

namespace {

HbFontProvider& fonts() {
  static HbFontProvider p;
  return p;
}

FontId font(const std::string& family, int weight = 400, bool italic = false) {
  FontRequest r;
  r.families = {family};
  r.weight = weight;
  r.italic = italic;
  return fonts().resolve(r);
}

/// Shape `text` and append its glyph runs to `page` at (x, y), the way the layout engine does:
/// each cluster's source text on its first glyph. Returns the width in pt.
double add_line(Page& page, FontId f, double size, double x, double y, const std::string& text,
                bool rtl = false) {
  auto runs = fonts().shape(f, text, "en", rtl);
  double pen = x;
  for (const auto& run : runs) {
    GlyphRun gr;
    gr.font = run.font;
    gr.size = size;
    gr.x = pen;
    gr.y = y;
    std::set<std::uint32_t> bounds{run.text_end};
    for (const auto& g : run.glyphs)
      bounds.insert(g.cluster);
    std::set<std::uint32_t> seen;
    double px = 0;
    for (const auto& g : run.glyphs) {
      PlacedGlyph pg;
      pg.glyph = g.glyph;
      pg.x = (px + g.x_offset) * size;
      pg.y_offset = g.y_offset * size;
      pg.advance = g.x_advance * size;
      if (seen.insert(g.cluster).second) {
        auto next = *bounds.upper_bound(g.cluster);
        pg.text = text.substr(g.cluster, next - g.cluster);
      }
      px += g.x_advance;
      gr.glyphs.push_back(pg);
    }
    pen += px * size;
    page.items.push_back(gr);
  }
  return pen - x;
}

bool have(const char* tool) {
  std::string cmd = std::string("command -v ") + tool + " >/dev/null 2>&1";
  return std::system(cmd.c_str()) == 0;
}

std::string run(const std::string& cmd) {
  std::string out;
  FILE* p = popen((cmd + " 2>&1").c_str(), "r");
  if (!p) return out;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0)
    out.append(buf, n);
  pclose(p);
  return out;
}

std::string write_temp(const std::string& name, const std::string& bytes) {
  auto dir = std::filesystem::temp_directory_path() / "sheaf-emitter-test";
  std::filesystem::create_directories(dir);
  auto path = dir / name;
  std::ofstream(path, std::ios::binary) << bytes;
  return path.string();
}

/// The value of "Key:   value" in pdfinfo output.
std::string field(const std::string& info, const std::string& key) {
  auto at = info.find("\n" + key + ":");
  if (at == std::string::npos) at = info.rfind(key + ":", 0) == 0 ? 0 : std::string::npos;
  if (at == std::string::npos) return {};
  at = info.find(':', at) + 1;
  while (at < info.size() && info[at] == ' ')
    ++at;
  return info.substr(at, info.find('\n', at) - at);
}

#define REQUIRE_TOOLS()                                                                            \
  if (!have("qpdf") || !have("pdftotext") || !have("pdffonts") || !have("pdfinfo"))                \
  GTEST_SKIP() << "qpdf/poppler-utils not installed"

PageTree sample_tree() {
  PageTree tree;
  tree.info.title = "Emitter test — Привет";
  tree.info.authors = {"Ada Lovelace", "Émile Zola"};
  tree.info.subject = "A subject";
  tree.info.keywords = "pdf, test";
  tree.info.language = "en-GB";
  tree.info.epoch = 1700000000;
  Page p1;
  FontId serif = font("serif");
  add_line(p1, serif, 12, 72, 100, "“Quotes” — em-dash, Cyrillic Привет, Greek αβγ, accented é");
  add_line(p1, serif, 12, 72, 120, "office fluffy affine AVATAR");
  add_line(p1, font("serif", 700), 12, 72, 140, "Bold 𝐀 non-BMP");
  add_line(p1, font("serif", 400, true), 12, 72, 160, "Italic text");
  add_line(p1, serif, 12, 72, 180, "co\u00ADoperate soft hyphen");
  add_line(p1, serif, 12, 72, 200, "שלום עולם", true);
  add_line(p1, font("monospace"), 10, 72, 220, "int main() { return 0; }");
  add_line(p1, serif, 12, 72, 240, "q\u0323\u0301 marks");
  p1.items.push_back(Rule{72, 250, 200, 0.5, Color{0.5, 0, 0}});
  double w = add_line(p1, serif, 12, 72, 270, "External link");
  p1.items.push_back(LinkArea{72, 260, w, 14, "https://example.org/a b", ""});
  double w2 = add_line(p1, serif, 12, 72, 290, "Internal link");
  p1.items.push_back(LinkArea{72, 280, w2, 14, "", "sec-2"});
  tree.pages.push_back(p1);
  Page p2;
  p2.items.push_back(Destination{"sec-2", 72, 90});
  add_line(p2, font("sans-serif", 700), 16, 72, 100, "Second page");
  tree.pages.push_back(p2);
  tree.outline = {{"Chapter one", 1, 0, 90},
                  {"Section 1.1", 2, 0, 180},
                  {"Section 1.2", 2, 1, 100},
                  {"Chapter two", 1, 1, 100}};
  return tree;
}

} // namespace

TEST(PodofoEmitter, WritesAValidPdfWithSubsetCidFonts) {
  REQUIRE_TOOLS();
  diag::CollectingSink sink;
  model::ResourceStore resources;
  std::string pdf = writers::emit_pdf(sample_tree(), fonts(), resources, sink);
  ASSERT_EQ(pdf.compare(0, 8, "%PDF-1.7"), 0);
  std::string path = write_temp("sample.pdf", pdf);
  std::string check = run("qpdf --check " + path);
  EXPECT_NE(check.find("No syntax or stream encoding errors"), std::string::npos) << check;
  EXPECT_EQ(check.find("WARNING"), std::string::npos) << check;

  std::string fontlist = run("pdffonts " + path);
  int lines = 0;
  std::istringstream in(fontlist);
  std::string line;
  std::getline(in, line);
  std::getline(in, line);
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    ++lines;
    EXPECT_NE(line.find("CID TrueType"), std::string::npos) << line;
    EXPECT_NE(line.find("Identity-H"), std::string::npos) << line;
    EXPECT_NE(line.find("yes yes yes"), std::string::npos) << line; // emb sub uni
    EXPECT_EQ(line[6], '+') << line;
  }
  EXPECT_GE(lines, 6) << fontlist;
  EXPECT_NE(fontlist.find("+NotoSerif-Regular"), std::string::npos) << fontlist;
  EXPECT_NE(fontlist.find("+NotoSerif-Italic"), std::string::npos) << fontlist;
  EXPECT_NE(fontlist.find("+DejaVuSansMono"), std::string::npos) << fontlist;
}

TEST(PodofoEmitter, TextExtractsExactly) {
  REQUIRE_TOOLS();
  diag::CollectingSink sink;
  model::ResourceStore resources;
  std::string path =
      write_temp("text.pdf", writers::emit_pdf(sample_tree(), fonts(), resources, sink));
  std::string text = run("pdftotext -f 1 -l 1 -layout " + path + " -");
  for (const char* expected :
       {"“Quotes” — em-dash, Cyrillic Привет, Greek αβγ, accented é", "office fluffy affine AVATAR",
        "Bold 𝐀 non-BMP", "Italic text", "cooperate soft hyphen", "int main() { return 0; }",
        "q\u0323\u0301 marks", "External link", "Internal link"})
    EXPECT_NE(text.find(expected), std::string::npos) << "missing: " << expected << "\n" << text;
  // Hebrew comes back in logical order (שלום first).
  std::string raw = run("pdftotext -f 1 -l 1 " + path + " -");
  EXPECT_NE(raw.find("שלום עולם"), std::string::npos) << raw;
  EXPECT_EQ(raw.find("\xC2\xAD"), std::string::npos) << "soft hyphen leaked into the text";
}

TEST(PodofoEmitter, LinksOutlineDestinationsAndMetadata) {
  REQUIRE_TOOLS();
  diag::CollectingSink sink;
  model::ResourceStore resources;
  std::string path =
      write_temp("nav.pdf", writers::emit_pdf(sample_tree(), fonts(), resources, sink));
  std::string urls = run("pdfinfo -url " + path);
  EXPECT_NE(urls.find("https://example.org/a%20b"), std::string::npos) << urls;
  std::string dests = run("pdfinfo -dests " + path);
  EXPECT_NE(dests.find("sec-2"), std::string::npos) << dests;
  std::string info = run("pdfinfo " + path);
  EXPECT_EQ(field(info, "Title"), "Emitter test — Привет") << info;
  EXPECT_EQ(field(info, "Author"), "Ada Lovelace, Émile Zola") << info;
  EXPECT_EQ(field(info, "Creator").rfind("sheaf ", 0), 0u) << info;
  EXPECT_EQ(field(info, "PDF version"), "1.7") << info;
  EXPECT_EQ(field(info, "Metadata Stream"), "yes") << info;
  info = run("pdfinfo -meta " + path);
  EXPECT_NE(info.find("<xmp:CreateDate>2023-11-14T22:13:20Z</xmp:CreateDate>"), std::string::npos)
      << info;
  std::string qpdf_json = run("qpdf --json --json-key=outlines " + path);
  for (const char* t : {"Chapter one", "Section 1.1", "Section 1.2", "Chapter two"})
    EXPECT_NE(qpdf_json.find(t), std::string::npos) << qpdf_json;
  std::string raw = run("qpdf --qdf --object-streams=disable " + path + " -");
  EXPECT_NE(raw.find("/Lang (en-GB)"), std::string::npos);
  EXPECT_NE(raw.find("/PageMode /UseOutlines"), std::string::npos);
  EXPECT_NE(raw.find("/DisplayDocTitle true"), std::string::npos);
  EXPECT_NE(raw.find("/CreationDate (D:20231114221320Z)"), std::string::npos);
  EXPECT_EQ(raw.find("/M (D:"), std::string::npos) << "annotation /M breaks reproducibility";
  // The chapter has two open children.
  EXPECT_NE(raw.find("/Count 2"), std::string::npos);
}

TEST(PodofoEmitter, ByteIdenticalTwice) {
  diag::CollectingSink sink;
  model::ResourceStore resources;
  PageTree tree = sample_tree();
  std::string a = writers::emit_pdf(tree, fonts(), resources, sink);
  std::string b = writers::emit_pdf(tree, fonts(), resources, sink);
  EXPECT_EQ(a.size(), b.size());
  EXPECT_TRUE(a == b);
  tree.info.epoch += 1;
  std::string c = writers::emit_pdf(tree, fonts(), resources, sink);
  EXPECT_FALSE(a == c); // the dates really come from the epoch
}

TEST(PodofoEmitter, SameGlyphForDifferentTextUsesActualText) {
  REQUIRE_TOOLS();
  PageTree tree;
  Page p;
  FontId serif = font("serif");
  add_line(p, serif, 12, 72, 100, "one");
  // The same glyphs again, but claiming another text (as a layout engine does for a
  // hyphen drawn at a break, or a normalized character).
  add_line(p, serif, 12, 72, 120, "one");
  auto& run2 = std::get<GlyphRun>(p.items.back());
  run2.glyphs[0].text = "O";
  tree.pages.push_back(p);
  diag::CollectingSink sink;
  model::ResourceStore resources;
  std::string pdf = writers::emit_pdf(tree, fonts(), resources, sink);
  std::string path = write_temp("actual.pdf", pdf);
  std::string text = run("pdftotext " + path + " -");
  EXPECT_NE(text.find("one\nOne"), std::string::npos) << text;
}

TEST(PodofoEmitter, ImagesAreDrawnAndUnknownOnesReported) {
  REQUIRE_TOOLS();
  // A 2x1 RGB PNG (red, blue), written by hand.
  static const unsigned char png[] = {
      0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48,
      0x44, 0x52, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00,
      0x00, 0x7B, 0x40, 0xE8, 0xDD, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78,
      0xDA, 0x63, 0xF8, 0xCF, 0x00, 0x04, 0xFF, 0x01, 0x07, 0x00, 0x01, 0xFF, 0x3D, 0x7D,
      0x8C, 0x49, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82};
  model::ResourceStore resources;
  std::string id = resources.add(std::string(reinterpret_cast<const char*>(png), sizeof png),
                                 "image/png", "tiny.png");
  std::string gif = resources.add("GIF89a not really", "image/gif", "anim.gif");
  std::string webp =
      resources.add(std::string("RIFF\x10\0\0\0WEBPVP8 ", 16), "image/webp", "pic.webp");
  PageTree tree;
  Page p;
  p.items.push_back(ImageItem{id, 72, 72, 200, 100, "a tiny image"});
  p.items.push_back(ImageItem{gif, 72, 200, 50, 50, "gif"});
  p.items.push_back(ImageItem{webp, 72, 300, 50, 50, "webp"});
  tree.pages.push_back(p);
  diag::CollectingSink sink;
  std::string path = write_temp("image.pdf", writers::emit_pdf(tree, fonts(), resources, sink));
  EXPECT_TRUE(sink.has("image-unreadable"));  // the damaged GIF
  EXPECT_TRUE(sink.has("unsupported-image")); // WebP is not embedded
  std::string list = run("pdfimages -list " + path);
  EXPECT_NE(list.find("     2     1  rgb"), std::string::npos) << list;
  EXPECT_NE(run("qpdf --check " + path).find("No syntax or stream encoding errors"),
            std::string::npos);
}

TEST(PodofoEmitter, EmptyTreeStillGivesAValidFile) {
  REQUIRE_TOOLS();
  diag::CollectingSink sink;
  model::ResourceStore resources;
  std::string path =
      write_temp("empty.pdf", writers::emit_pdf(PageTree{}, fonts(), resources, sink));
  EXPECT_EQ(field(run("pdfinfo " + path), "Pages"), "1");
}

TEST(PodofoEmitter, CffFontsEmbedAsFontFile3OpenType) {
  REQUIRE_TOOLS();
  // Any installed CFF-flavoured OpenType font, or one named by SHEAF_TEST_CFF_FONT.
  std::string file;
  if (const char* env = std::getenv("SHEAF_TEST_CFF_FONT")) file = env;
  if (file.empty() && have("fc-list")) {
    // one that covers English (the first CFF file may be a symbol font)
    file = run("fc-list ':fontformat=CFF:lang=en' file | sort | head -1");
    file = file.substr(0, file.find(':'));
  }
  if (file.empty() || !std::filesystem::exists(file)) GTEST_SKIP() << "no CFF font installed";
  FontId cff = fonts().add_font_file(file);
  ASSERT_TRUE(fonts().face_info(cff).cff);
  PageTree tree;
  Page p;
  add_line(p, cff, 14, 72, 100, "Office affairs, AVATAR");
  tree.pages.push_back(p);
  diag::CollectingSink sink;
  model::ResourceStore resources;
  std::string path = write_temp("cff.pdf", writers::emit_pdf(tree, fonts(), resources, sink));
  EXPECT_NE(run("qpdf --check " + path).find("No syntax or stream encoding errors"),
            std::string::npos);
  std::string list = run("pdffonts " + path);
  EXPECT_NE(list.find("CID Type 0C (OT)"), std::string::npos) << list;
  EXPECT_NE(list.find("yes yes yes"), std::string::npos) << list;
  EXPECT_NE(run("pdftotext " + path + " -").find("Office affairs, AVATAR"), std::string::npos);
}

TEST(PodofoEmitter, ManyDestinationsFormAValidNameTree) {
  REQUIRE_TOOLS();
  PageTree tree;
  for (int pg = 0; pg < 3; ++pg) {
    Page p;
    for (int i = 0; i < 60; ++i) {
      int n = (i * 37 + pg * 11) % 180; // names out of order
      p.items.push_back(
          Destination{"d" + std::to_string(n) + "-" + std::to_string(pg), 72, 72.0 + i * 10});
    }
    p.items.push_back(LinkArea{72, 72, 100, 12, "", "d0-0"});
    p.items.push_back(Destination{"d0-0", 10, 10}); // a duplicate: the first one wins
    tree.pages.push_back(p);
  }
  diag::CollectingSink sink;
  model::ResourceStore resources;
  std::string path = write_temp("dests.pdf", writers::emit_pdf(tree, fonts(), resources, sink));
  EXPECT_NE(run("qpdf --check " + path).find("No syntax or stream encoding errors"),
            std::string::npos);
  std::string dests = run("pdfinfo -dests " + path);
  std::size_t count = 0;
  for (std::size_t at = dests.find("[ XYZ"); at != std::string::npos;
       at = dests.find("[ XYZ", at + 1))
    ++count;
  EXPECT_EQ(count, 180u) << dests;
  EXPECT_NE(dests.find("\"d0-0\""), std::string::npos) << dests;
}

TEST(PodofoEmitter, JpegIsPassedThroughUnchanged) {
  REQUIRE_TOOLS();
  if (!have("pdfimages")) GTEST_SKIP() << "pdfimages not installed";
  // A 4x4 baseline JPEG made for this test with libjpeg (quality 50).
  static const unsigned char jpg[] = {
      0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00,
      0x01, 0x00, 0x01, 0x00, 0x00, 0xFF, 0xDB, 0x00, 0x43, 0x00, 0x10, 0x0B, 0x0C, 0x0E, 0x0C,
      0x0A, 0x10, 0x0E, 0x0D, 0x0E, 0x12, 0x11, 0x10, 0x13, 0x18, 0x28, 0x1A, 0x18, 0x16, 0x16,
      0x18, 0x31, 0x23, 0x25, 0x1D, 0x28, 0x3A, 0x33, 0x3D, 0x3C, 0x39, 0x33, 0x38, 0x37, 0x40,
      0x48, 0x5C, 0x4E, 0x40, 0x44, 0x57, 0x45, 0x37, 0x38, 0x50, 0x6D, 0x51, 0x57, 0x5F, 0x62,
      0x67, 0x68, 0x67, 0x3E, 0x4D, 0x71, 0x79, 0x70, 0x64, 0x78, 0x5C, 0x65, 0x67, 0x63, 0xFF,
      0xDB, 0x00, 0x43, 0x01, 0x11, 0x12, 0x12, 0x18, 0x15, 0x18, 0x2F, 0x1A, 0x1A, 0x2F, 0x63,
      0x42, 0x38, 0x42, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63,
      0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63,
      0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63,
      0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0x00, 0x04,
      0x00, 0x04, 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01, 0xFF, 0xC4, 0x00,
      0x15, 0x00, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
      0x00, 0x00, 0x00, 0x00, 0x01, 0xFF, 0xC4, 0x00, 0x19, 0x10, 0x01, 0x00, 0x02, 0x03, 0x00,
      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x04, 0x05,
      0x14, 0x23, 0xFF, 0xC4, 0x00, 0x15, 0x01, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x04, 0xFF, 0xC4, 0x00, 0x1B, 0x11,
      0x00, 0x01, 0x04, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
      0x00, 0x02, 0x00, 0x01, 0x03, 0x21, 0x11, 0x13, 0x31, 0xFF, 0xDA, 0x00, 0x0C, 0x03, 0x01,
      0x00, 0x02, 0x11, 0x03, 0x11, 0x00, 0x3F, 0x00, 0xB4, 0xF1, 0x35, 0x35, 0xE3, 0xCC, 0x04,
      0x64, 0x65, 0x97, 0xB4, 0xF0, 0x48, 0x7A, 0xC6, 0xDF, 0x8B, 0xFF, 0xD9};
  std::string jpeg(reinterpret_cast<const char*>(jpg), sizeof jpg);
  ASSERT_GT(jpeg.size(), 100u);
  model::ResourceStore resources;
  std::string id = resources.add(jpeg, "image/jpeg", "pixels.jpg");
  PageTree tree;
  Page p;
  p.items.push_back(ImageItem{id, 72, 72, 144, 144, "pixels"});
  tree.pages.push_back(p);
  diag::CollectingSink sink;
  std::string pdf = writers::emit_pdf(tree, fonts(), resources, sink);
  EXPECT_NE(pdf.find(jpeg), std::string::npos) << "the JPEG bytes are embedded as they are";
  std::string path = write_temp("jpeg.pdf", pdf);
  std::string list = run("pdfimages -list " + path);
  EXPECT_NE(list.find("jpeg"), std::string::npos) << list;
  EXPECT_EQ(sink.count(diag::Severity::warning), 0u);
}

TEST(PodofoEmitter, ConcurrentEmittersGiveTheSameBytes) {
  model::ResourceStore resources;
  diag::NullSink null_sink;
  PageTree tree = sample_tree();
  std::string reference = writers::emit_pdf(tree, fonts(), resources, null_sink);
  std::vector<std::string> results(4);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      diag::NullSink sink;
      for (int i = 0; i < 5; ++i)
        results[t] = writers::emit_pdf(tree, fonts(), resources, sink);
    });
  for (auto& th : threads)
    th.join();
  for (const auto& r : results)
    EXPECT_TRUE(r == reference);
}

TEST(PodofoEmitter, StructureTreeTagsContentLinksFiguresAndArtifacts) {
  REQUIRE_TOOLS();
  PageTree tree;
  tree.info.language = "en";
  tree.structure = {{"Document", -1, {}},          {"H1", 0, {}}, {"P", 0, {}},   {"Link", 2, {}},
                    {"Figure", 0, "a red square"}, {"P", 0, {}},  {"Note", 2, {}}};
  FontId serif = font("serif");
  Page p1;
  auto tag_last = [](Page& p, std::size_t from, int tag) {
    for (std::size_t i = from; i < p.items.size(); ++i)
      if (auto* r = std::get_if<GlyphRun>(&p.items[i])) r->tag = tag;
  };
  std::size_t at = p1.items.size();
  add_line(p1, serif, 18, 72, 100, "Heading text");
  tag_last(p1, at, 1);
  at = p1.items.size();
  add_line(p1, serif, 12, 72, 130, "Paragraph before");
  tag_last(p1, at, 2);
  at = p1.items.size();
  double w = add_line(p1, serif, 12, 72, 150, "the link");
  tag_last(p1, at, 3);
  LinkArea link{72, 140, w, 14, "https://example.org/", ""};
  link.tag = 3;
  p1.items.push_back(link);
  at = p1.items.size();
  add_line(p1, serif, 12, 72, 170, "and after it.");
  tag_last(p1, at, 2);
  at = p1.items.size();
  add_line(p1, serif, 9, 72, 180, "Running head");
  tag_last(p1, at, k_artifact);
  p1.items.push_back(Rule{72, 200, 100, 0.5, Color{}});
  at = p1.items.size();
  add_line(p1, serif, 9, 72, 700, "Note text at the foot.");
  tag_last(p1, at, 6);
  tree.pages.push_back(p1);
  Page p2;
  at = p2.items.size();
  add_line(p2, serif, 12, 72, 100, "Second page paragraph.");
  tag_last(p2, at, 5);
  tree.pages.push_back(p2);

  diag::CollectingSink sink;
  model::ResourceStore resources;
  std::string path = write_temp("tagged.pdf", writers::emit_pdf(tree, fonts(), resources, sink));
  std::string check = run("qpdf --check " + path);
  EXPECT_NE(check.find("No syntax or stream encoding errors"), std::string::npos) << check;
  EXPECT_EQ(check.find("WARNING"), std::string::npos) << check;
  EXPECT_EQ(field(run("pdfinfo " + path), "Tagged"), "yes");
  std::string st = run("pdfinfo -struct-text " + path);
  // reading order: the link inside the paragraph, the note after the paragraph's text
  auto pos = [&](const std::string& s) { return st.find(s); };
  ASSERT_NE(pos("H1"), std::string::npos) << st;
  EXPECT_LT(pos("Heading text"), pos("Paragraph before")) << st;
  EXPECT_LT(pos("Paragraph before"), pos("Link")) << st;
  EXPECT_LT(pos("the link"), pos("and after it.")) << st;
  EXPECT_LT(pos("and after it."), pos("Note")) << st;
  EXPECT_NE(pos("Second page paragraph."), std::string::npos) << st;
  EXPECT_EQ(pos("Running head"), std::string::npos) << "artifact in the structure: " << st;
  EXPECT_EQ(pos("Figure"), std::string::npos) << "an element without content is dropped";
  std::string raw = run("qpdf --qdf --object-streams=disable " + path + " -");
  EXPECT_NE(raw.find("/MarkInfo"), std::string::npos);
  EXPECT_NE(raw.find("/Marked true"), std::string::npos);
  EXPECT_NE(raw.find("/StructParents 1"), std::string::npos);
  EXPECT_NE(raw.find("/StructParent 2"), std::string::npos) << "annotation key after the pages";
  EXPECT_NE(raw.find("/Type /OBJR"), std::string::npos);
  EXPECT_NE(raw.find("/Artifact BMC"), std::string::npos);
  EXPECT_NE(raw.find("/P <</MCID 1>> BDC"), std::string::npos);
  EXPECT_NE(raw.find("/ParentTreeNextKey 3"), std::string::npos);
  // text extraction is not disturbed by the marks
  std::string text = run("pdftotext -layout " + path + " -");
  EXPECT_NE(text.find("Paragraph before"), std::string::npos) << text;
}

TEST(PodofoEmitter, UntaggedTreeGivesNoStructure) {
  REQUIRE_TOOLS();
  diag::CollectingSink sink;
  model::ResourceStore resources;
  std::string path =
      write_temp("untagged.pdf", writers::emit_pdf(sample_tree(), fonts(), resources, sink));
  EXPECT_EQ(field(run("pdfinfo " + path), "Tagged"), "no");
}

TEST(PodofoEmitter, PagesStreamedOneByOneGiveTheSameFile) {
  // the typesetter's path: pages handed over one at a time, then finish() with the rest
  PageTree tree = sample_tree();
  diag::CollectingSink sink;
  model::ResourceStore resources;
  const std::string whole = writers::emit_pdf(tree, fonts(), resources, sink);
  writers::PdfEmitter emitter(fonts(), resources, sink);
  for (std::size_t i = 0; i < tree.pages.size(); ++i)
    emitter.page(tree.pages[i], i, tree.structure);
  PageTree rest = tree;
  rest.pages.clear();
  EXPECT_EQ(emitter.finish(rest), whole);
}

TEST(PodofoEmitter, CodesGivenAtFirstUseMapToSubsetGlyphsOnEveryPage) {
  // TrueType glyphs are coded in order of first use, across pages, and mapped to the subset
  // by /CIDToGIDMap; a CFF face (when one is installed) has its glyph ids patched at the end
  REQUIRE_TOOLS();
  std::string cff_file = run("fc-list ':fontformat=CFF:lang=en' file | sort | head -1");
  cff_file = cff_file.substr(0, cff_file.find(':'));
  const bool with_cff = !cff_file.empty() && std::filesystem::exists(cff_file);
  FontId cff = with_cff ? fonts().add_font_file(cff_file) : 0;
  FontId serif = font("serif");
  const std::vector<std::string> lines = {"zebra quartz", "Jumping vexed fox", "abc xyz 123",
                                          "Quartz zebra again", "The end."};
  PageTree tree;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    Page p;
    add_line(p, serif, 12, 72, 100, lines[i]);
    if (with_cff) add_line(p, cff, 12, 72, 130, "cff " + lines[i]);
    tree.pages.push_back(p);
  }
  diag::CollectingSink sink;
  model::ResourceStore resources;
  std::string path = write_temp("codes.pdf", writers::emit_pdf(tree, fonts(), resources, sink));
  EXPECT_NE(run("qpdf --check " + path).find("No syntax or stream encoding errors"),
            std::string::npos);
  EXPECT_NE(run("qpdf --qdf --object-streams=disable " + path + " - | grep -a CIDToGIDMap")
                .find("CIDToGIDMap"),
            std::string::npos);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::string page = std::to_string(i + 1);
    std::string text = run("pdftotext -f " + page + " -l " + page + " " + path + " -");
    EXPECT_NE(text.find(lines[i]), std::string::npos) << "page " << page << ": " << text;
    if (with_cff) {
      EXPECT_NE(text.find("cff " + lines[i]), std::string::npos) << "page " << page << ": " << text;
    }
  }
}
