// PDF layout of rich content on the fake font provider: block images (size, centring, page
// moves), figures kept with their caption, alt-text fallbacks, internal links and --toc.
#include "diag/diagnostic.hpp"
#include "layout/fake_font_provider.hpp"
#include "layout/image_layout.hpp"
#include "layout/toc.hpp"
#include "layout/typeset.hpp"
#include "model/builder.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <sstream>

using namespace sheaf;
using namespace sheaf::layout;

namespace {

/// The start of a PNG file: signature and IHDR with the given pixel size (enough for sniffing).
std::string png_header(std::uint32_t w, std::uint32_t h) {
  std::string s("\x89PNG\r\n\x1a\n", 8);
  s += std::string("\0\0\0\x0dIHDR", 8);
  for (std::uint32_t v : {w, h})
    for (int shift = 24; shift >= 0; shift -= 8)
      s += static_cast<char>((v >> shift) & 0xFF);
  s += std::string("\x08\x02\0\0\0\0\0\0\0", 9);
  return s;
}

std::string gif_header(int w, int h) {
  std::string s = "GIF89a";
  s += static_cast<char>(w & 0xFF);
  s += static_cast<char>(w >> 8);
  s += static_cast<char>(h & 0xFF);
  s += static_cast<char>(h >> 8);
  s += std::string("\0\0\0", 3);
  return s;
}

/// The start of a WebP file: a type the PDF writer cannot draw (the HTML reader converts WebP
/// to PNG; a resource that stayed WebP is set as its alt text).
std::string webp_bytes() {
  return std::string("RIFF\x10\0\0\0WEBPVP8 ", 16);
}

/// An image paragraph; `w` = declared width in CSS px (0 = none).
void image_para(model::DocumentBuilder& b, const std::string& id, const std::string& alt,
                int w = 0) {
  model::Image img;
  img.url = alt + ".png";
  img.resource = id;
  img.alt = alt;
  img.width = w;
  b.open_paragraph(b.at(1));
  b.image(img, b.at(1));
  b.close();
}

void text_para(model::DocumentBuilder& b, int words, const std::string& tag = "w") {
  b.open_paragraph(b.at(1));
  std::string t;
  for (int i = 0; i < words; ++i)
    t += tag + std::to_string(i) + " ";
  b.text(t, b.at(1));
  b.close();
}

TypesetOptions small() {
  TypesetOptions opt;
  opt.paper = "300x400pt"; // text area 200 x 300 pt at (50, 50)
  opt.margin = "50pt";
  opt.running_header = false;
  return opt;
}

struct Found {
  int page = -1;
  ImageItem item;
};

std::vector<Found> images(const PageTree& t) {
  std::vector<Found> out;
  for (std::size_t p = 0; p < t.pages.size(); ++p)
    for (const auto& it : t.pages[p].items)
      if (const auto* im = std::get_if<ImageItem>(&it)) out.push_back({static_cast<int>(p), *im});
  return out;
}

std::string page_text(const Page& page) {
  std::string s;
  for (const auto& it : page.items)
    if (const auto* r = std::get_if<GlyphRun>(&it))
      for (const auto& g : r->glyphs)
        s += g.text;
  return s;
}

} // namespace

TEST(PdfImages, FitImageKeepsAspectAndLimits) {
  model::Resource res;
  res.width = 800;
  res.height = 400;
  model::Image img;
  auto s = fit_image(img, res, 200, 300); // 600 pt natural: scaled to the column
  EXPECT_DOUBLE_EQ(s.width, 200);
  EXPECT_DOUBLE_EQ(s.height, 100);
  img.width = 100; // declared 100 px = 75 pt: smaller than the column, kept
  s = fit_image(img, res, 200, 300);
  EXPECT_DOUBLE_EQ(s.width, 75);
  EXPECT_DOUBLE_EQ(s.height, 37.5);
  res.width = 100;
  res.height = 1000;
  img.width = 0; // 75 x 750 pt: limited by the page height
  s = fit_image(img, res, 200, 300);
  EXPECT_DOUBLE_EQ(s.height, 300);
  EXPECT_DOUBLE_EQ(s.width, 30);
}

TEST(PdfImages, LoneImageDetection) {
  model::DocumentBuilder b("t.html");
  b.open_paragraph(b.at(1));
  b.text(" ", b.at(1));
  b.open_link("https://example.org/", "", b.at(1));
  model::Image img;
  img.alt = "x";
  b.image(img, b.at(1));
  b.close();
  b.close();
  text_para(b, 2);
  auto doc = b.finish();
  std::string url;
  const auto& p0 = std::get<model::Paragraph>(doc.blocks[0].value);
  ASSERT_NE(lone_image(p0.content, url), nullptr);
  EXPECT_EQ(url, "https://example.org/");
  const auto& p1 = std::get<model::Paragraph>(doc.blocks[1].value);
  EXPECT_EQ(lone_image(p1.content, url), nullptr);
}

TEST(PdfImages, BlockImagesAreScaledCentredAndMovedToTheNextPage) {
  model::DocumentBuilder b("t.html");
  std::string wide = b.resources().add(png_header(800, 400), "image/png", "wide.png");
  std::string small_png = b.resources().add(png_header(10, 10), "image/png", "small.png");
  image_para(b, wide, "wide");
  image_para(b, small_png, "small", 100);
  text_para(b, 55); // fills most of the first page
  image_para(b, wide, "moved");
  auto doc = b.finish();
  FakeFontProvider fonts;
  diag::CollectingSink sink;
  auto tree = typeset(doc, style::Stylesheet{}, fonts, small(), sink);
  auto found = images(tree);
  ASSERT_EQ(found.size(), 3u);
  EXPECT_EQ(found[0].page, 0);
  EXPECT_DOUBLE_EQ(found[0].item.x, 50);
  EXPECT_DOUBLE_EQ(found[0].item.y, 50);
  EXPECT_DOUBLE_EQ(found[0].item.width, 200);
  EXPECT_DOUBLE_EQ(found[0].item.height, 100);
  EXPECT_EQ(found[0].item.alt, "wide");
  EXPECT_EQ(found[1].page, 0);
  EXPECT_DOUBLE_EQ(found[1].item.width, 75);
  EXPECT_DOUBLE_EQ(found[1].item.x, 50 + (200 - 75) / 2.0);
  EXPECT_GT(found[1].item.y, 150); // below the first image
  // the last image does not fit below the text: it starts a new page at the top margin
  EXPECT_GT(found[2].page, found[1].page);
  EXPECT_DOUBLE_EQ(found[2].item.y, 50);
  for (const auto& f : found) {
    const Page& p = tree.pages[static_cast<std::size_t>(f.page)];
    EXPECT_LE(f.item.y + f.item.height, p.height - 50 + 1e-6);
  }
  // the page before the move is not empty, and its text left less than the image's height
  const Page& before = tree.pages[static_cast<std::size_t>(found[2].page) - 1];
  EXPECT_NE(page_text(before).find("w0"), std::string::npos);
  double text_bottom = 0;
  for (const auto& it : before.items)
    if (const auto* r = std::get_if<GlyphRun>(&it))
      if (r->y < before.height - 50) text_bottom = std::max(text_bottom, r->y);
  EXPECT_GT(text_bottom + found[2].item.height, before.height - 50);
}

TEST(PdfImages, FigureKeepsImageAndCaptionTogether) {
  model::DocumentBuilder b("t.html");
  std::string wide = b.resources().add(png_header(400, 200), "image/png", "fig.png");
  text_para(b, 190); // the image would fit on page 1, its caption would not
  b.open_figure(b.at(1));
  image_para(b, wide, "figure image");
  b.open_caption(b.at(1));
  b.text("Figure caption", b.at(1));
  b.close();
  b.close();
  auto doc = b.finish();
  FakeFontProvider fonts;
  diag::CollectingSink sink;
  auto tree = typeset(doc, style::Stylesheet{}, fonts, small(), sink);
  auto found = images(tree);
  ASSERT_EQ(found.size(), 1u);
  const Page& page = tree.pages[static_cast<std::size_t>(found[0].page)];
  EXPECT_NE(page_text(page).find("Figure caption"), std::string::npos);
  // caption below the image
  for (const auto& it : page.items)
    if (const auto* r = std::get_if<GlyphRun>(&it)) {
      if (!r->glyphs.empty() && r->glyphs[0].text == "F") {
        EXPECT_GT(r->y, found[0].item.y);
      }
    }
}

TEST(PdfImages, UnsupportedAndRemoteImagesBecomeAltText) {
  model::DocumentBuilder b("t.html");
  std::string gif = b.resources().add(webp_bytes(), "image/webp", "anim.webp");
  image_para(b, gif, "animation");
  model::Image remote;
  remote.url = "https://example.org/a.png";
  remote.alt = "remote picture";
  b.open_paragraph(b.at(2));
  b.image(remote, b.at(2));
  b.close();
  auto doc = b.finish();
  FakeFontProvider fonts;
  diag::CollectingSink sink;
  auto tree = typeset(doc, style::Stylesheet{}, fonts, small(), sink);
  EXPECT_TRUE(images(tree).empty());
  std::string text = page_text(tree.pages[0]);
  EXPECT_NE(text.find("[animation]"), std::string::npos);
  EXPECT_NE(text.find("[remote picture]"), std::string::npos);
  int unsupported = 0;
  for (const auto& d : sink.diagnostics())
    unsupported += d.code == "unsupported-image";
  EXPECT_EQ(unsupported, 1);
}

TEST(PdfImages, UndecodableImagesBecomeAltTextWithLocatedWarning) {
  model::DocumentBuilder b("t.html");
  std::string bad = b.resources().add(gif_header(4, 4), "image/gif", "cut.gif");
  std::string good = b.resources().add(png_header(40, 20), "image/png", "ok.png");
  image_para(b, bad, "waves");
  image_para(b, good, "fine");
  auto doc = b.finish();
  FakeFontProvider fonts;
  diag::CollectingSink sink;
  TypesetOptions opts = small();
  opts.unreadable_images[bad] = "truncated";
  auto tree = typeset(doc, style::Stylesheet{}, fonts, opts, sink);
  ASSERT_EQ(images(tree).size(), 1u); // only the readable PNG is drawn
  EXPECT_EQ(images(tree)[0].item.resource, good);
  EXPECT_NE(page_text(tree.pages[0]).find("[waves]"), std::string::npos);
  int unreadable = 0;
  for (const auto& d : sink.diagnostics())
    if (d.code == "image-unreadable") {
      ++unreadable;
      EXPECT_NE(d.message.find("cut.gif"), std::string::npos);
      EXPECT_NE(d.message.find("truncated"), std::string::npos);
      EXPECT_EQ(d.location.file, "t.html");
    }
  EXPECT_EQ(unreadable, 1);
  EXPECT_FALSE(sink.has("unsupported-image"));
}

TEST(PdfToc, ContentsPageListsHeadingsWithPagesAndLinks) {
  model::DocumentBuilder b("t.html");
  b.meta().title = "Book";
  for (int i = 1; i <= 3; ++i) {
    model::Attr attr;
    if (i == 2) attr.id = "second";
    b.open_heading(2, b.at(1), attr);
    b.text("Part " + std::to_string(i), b.at(1));
    b.close();
    text_para(b, 200, "p" + std::to_string(i) + "w");
  }
  b.open_paragraph(b.at(1));
  b.open_link("#second", "", b.at(1));
  b.text("back to two", b.at(1));
  b.close();
  b.close();
  auto doc = b.finish();
  FakeFontProvider fonts;
  diag::CollectingSink sink;
  auto opt = small();
  opt.toc = true;
  auto tree = typeset(doc, style::Stylesheet{}, fonts, opt, sink);
  ASSERT_EQ(tree.outline.size(), 3u);
  std::string first = page_text(tree.pages[0]);
  EXPECT_NE(first.find("Contents"), std::string::npos);
  // each entry is followed by the page its heading is on
  for (int i = 0; i < 3; ++i) {
    std::string entry = "Part " + std::to_string(i + 1) + std::to_string(tree.outline[i].page + 1);
    EXPECT_NE(first.find(entry), std::string::npos) << entry << " in " << first;
  }
  // the text starts after the contents page
  EXPECT_GE(tree.outline[0].page, 1);
  // destinations of the headings, and links to them from the contents and the text
  std::map<std::string, int> dests;
  std::vector<std::string> links;
  for (std::size_t p = 0; p < tree.pages.size(); ++p)
    for (const auto& it : tree.pages[p].items) {
      if (const auto* d = std::get_if<Destination>(&it)) dests[d->name] = static_cast<int>(p);
      if (const auto* l = std::get_if<LinkArea>(&it))
        if (!l->destination.empty()) links.push_back(l->destination);
    }
  ASSERT_TRUE(dests.count("sheaf-heading-1"));
  ASSERT_TRUE(dests.count("second"));
  ASSERT_TRUE(dests.count("sheaf-heading-3"));
  EXPECT_EQ(dests["second"], tree.outline[1].page);
  for (const auto& l : links)
    EXPECT_TRUE(dests.count(l)) << "dangling link " << l;
  EXPECT_GE(std::count(links.begin(), links.end(), "second"), 2); // contents + text link
}

TEST(PdfToc, LeaderDotsFillTheGapOnAGrid) {
  GlyphRun dot;
  dot.glyphs.push_back(PlacedGlyph{5, 0, 0, 2, "."});
  auto run = leader_dots(dot, 2, 5, 11, 30, 7);
  ASSERT_EQ(run.glyphs.size(), 3u); // at 15, 20 and 25; a dot at 30 would pass the end
  EXPECT_DOUBLE_EQ(run.x, 15);
  EXPECT_DOUBLE_EQ(run.y, 7);
  EXPECT_TRUE(run.glyphs[0].text.empty());
}

TEST(PdfImages, GoldenDumpOfImagesFigureAndContents) {
  // a page-tree dump pinning image boxes, the figure, destinations and the contents page
  model::DocumentBuilder b("images.html");
  b.meta().title = "Pictures";
  b.meta().language = "en";
  std::string wide = b.resources().add(png_header(800, 400), "image/png", "wide.png");
  std::string icon = b.resources().add(png_header(32, 32), "image/png", "icon.png");
  std::string gif = b.resources().add(webp_bytes(), "image/webp", "anim.webp");
  b.open_heading(2, b.at(1));
  b.text("Images", b.at(1));
  b.close();
  image_para(b, wide, "wide photo");
  image_para(b, icon, "icon");
  image_para(b, gif, "animation");
  text_para(b, 40);
  model::Attr fig;
  fig.id = "fig1";
  b.open_figure(b.at(1), fig);
  image_para(b, wide, "figure photo");
  b.open_caption(b.at(1));
  b.text("The caption", b.at(1));
  b.close();
  b.close();
  b.open_heading(2, b.at(1));
  b.text("After", b.at(1));
  b.close();
  b.open_paragraph(b.at(1));
  b.open_link("#fig1", "", b.at(1));
  b.text("see the figure", b.at(1));
  b.close();
  b.close();
  auto doc = b.finish();
  FakeFontProvider fonts;
  diag::CollectingSink sink;
  auto opt = small();
  opt.toc = true;
  auto tree = typeset(doc, style::Stylesheet{}, fonts, opt, sink);
  std::string got = dump(tree, fonts);
  for (const auto& d : sink.diagnostics())
    got += "diag " + d.code + "\n";
  namespace fs = std::filesystem;
  fs::path file = fs::path(SHEAF_SOURCE_DIR) / "tests" / "golden" / "layout" / "images_toc.dump";
  const char* accept = std::getenv("SHEAF_ACCEPT");
  if (accept && std::string(accept) == "1") {
    std::ofstream(file, std::ios::binary) << got;
    return;
  }
  std::ifstream in(file, std::ios::binary);
  ASSERT_TRUE(in) << file << " missing (run with SHEAF_ACCEPT=1)";
  std::stringstream ss;
  ss << in.rdbuf();
  EXPECT_EQ(got, ss.str());
}

TEST(PdfImages, FollowingTextFillsTheGapLeftByAFloatedImage) {
  model::DocumentBuilder b("t.html");
  std::string wide = b.resources().add(png_header(800, 400), "image/png", "wide.png");
  text_para(b, 135, "a"); // about 16 lines: the 100 pt image no longer fits below
  image_para(b, wide, "floated");
  text_para(b, 6, "b"); // one line each: these fill the gap
  text_para(b, 6, "c");
  text_para(b, 200, "d");
  auto doc = b.finish();
  FakeFontProvider fonts;
  diag::CollectingSink sink;
  auto tree = typeset(doc, style::Stylesheet{}, fonts, small(), sink);
  auto found = images(tree);
  ASSERT_EQ(found.size(), 1u);
  ASSERT_GE(found[0].page, 1);
  EXPECT_DOUBLE_EQ(found[0].item.y, 50); // at the top of the next page
  const std::string before = page_text(tree.pages[static_cast<std::size_t>(found[0].page) - 1]);
  EXPECT_NE(before.find("b0"), std::string::npos) << before; // the short paragraphs moved up
  EXPECT_NE(before.find("c0"), std::string::npos) << before;
  // the gap is filled down to the last line (the long paragraph starts in it, legally split)
  const Page& page = tree.pages[static_cast<std::size_t>(found[0].page) - 1];
  double text_bottom = 0;
  for (const auto& it : page.items)
    if (const auto* r = std::get_if<GlyphRun>(&it))
      if (r->y < page.height - 50) text_bottom = std::max(text_bottom, r->y);
  EXPECT_GT(text_bottom, page.height - 50 - 2 * 14.85);
  // the image page continues the text after the image
  const std::string after = page_text(tree.pages[static_cast<std::size_t>(found[0].page)]);
  EXPECT_EQ(after.find("b0"), std::string::npos);
  EXPECT_NE(after.find("d"), std::string::npos);
}

TEST(PdfImages, GifAndSvgAreDrawnAsImages) {
  model::DocumentBuilder b("t.html");
  std::string gif = b.resources().add(gif_header(40, 20), "image/gif", "anim.gif");
  std::string svg =
      b.resources().add("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"80\" height=\"40\"/>",
                        "image/svg+xml", "logo.svg");
  image_para(b, gif, "animation");
  image_para(b, svg, "logo");
  auto doc = b.finish();
  FakeFontProvider fonts;
  diag::CollectingSink sink;
  auto tree = typeset(doc, style::Stylesheet{}, fonts, small(), sink);
  auto found = images(tree);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_DOUBLE_EQ(found[0].item.width, 30); // 40 px = 30 pt
  EXPECT_DOUBLE_EQ(found[0].item.height, 15);
  EXPECT_DOUBLE_EQ(found[1].item.width, 60); // SVG size from its attributes
  EXPECT_DOUBLE_EQ(found[1].item.height, 30);
  EXPECT_FALSE(sink.has("unsupported-image"));
}
