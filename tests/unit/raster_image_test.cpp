// GIF first frames (encoded here with giflib's own encoder) and SVG rasterization, checked
// pixel by pixel.
#include "writers/pdf/raster_image.hpp"

#include <gif_lib.h>
#include <gtest/gtest.h>

using namespace sheaf::writers;

namespace {

int write_mem(GifFileType* gif, const GifByteType* buf, int len) {
  static_cast<std::string*>(gif->UserData)->append(reinterpret_cast<const char*>(buf), len);
  return len;
}

/// A GIF: screen sw x sh, one (optionally interlaced) frame of w x h at (left, top) whose pixel
/// (x, y) has colour index (x / 2) % 3 and index 3 (transparent) in its last row; a second
/// frame all index 0 follows (it must be ignored).
std::string make_gif(int sw, int sh, int left, int top, int w, int h, bool interlace) {
  std::string out;
  int err = 0;
  GifFileType* gif = EGifOpen(&out, write_mem, &err);
  EXPECT_NE(gif, nullptr);
  GifColorType colours[4] = {{255, 0, 0}, {0, 255, 0}, {0, 0, 255}, {9, 9, 9}};
  ColorMapObject* map = GifMakeMapObject(4, colours);
  EGifSetGifVersion(gif, true);
  EXPECT_EQ(EGifPutScreenDesc(gif, sw, sh, 2, 0, map), GIF_OK);
  GraphicsControlBlock gcb{};
  gcb.TransparentColor = 3;
  GifByteType ext[4];
  EGifGCBToExtension(&gcb, ext);
  EXPECT_EQ(EGifPutExtension(gif, GRAPHICS_EXT_FUNC_CODE, 4, ext), GIF_OK);
  EXPECT_EQ(EGifPutImageDesc(gif, left, top, w, h, interlace, nullptr), GIF_OK);
  std::vector<std::vector<GifPixelType>> rows(h, std::vector<GifPixelType>(w));
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      rows[y][x] = static_cast<GifPixelType>(y == h - 1 ? 3 : (x / 2) % 3);
  std::vector<int> order;
  if (interlace) {
    for (auto [off, step] : {std::pair{0, 8}, {4, 8}, {2, 4}, {1, 2}})
      for (int y = off; y < h; y += step)
        order.push_back(y);
  } else {
    for (int y = 0; y < h; ++y)
      order.push_back(y);
  }
  for (int y : order)
    EXPECT_EQ(EGifPutLine(gif, rows[y].data(), w), GIF_OK);
  EXPECT_EQ(EGifPutImageDesc(gif, 0, 0, sw, sh, false, nullptr), GIF_OK);
  std::vector<GifPixelType> zero(sw, 0);
  for (int y = 0; y < sh; ++y)
    EXPECT_EQ(EGifPutLine(gif, zero.data(), sw), GIF_OK);
  EGifCloseFile(gif, &err);
  GifFreeMapObject(map);
  return out;
}

void expect_pixel(const RasterImage& r, int x, int y, int red, int green, int blue, int alpha) {
  const std::size_t at = static_cast<std::size_t>(y) * r.width + x;
  const int a = r.alpha.empty() ? 255 : r.alpha[at];
  EXPECT_EQ(a, alpha) << "alpha at " << x << "," << y;
  if (alpha == 0) return;
  EXPECT_NEAR(r.rgb[at * 3], red, 2) << "red at " << x << "," << y;
  EXPECT_NEAR(r.rgb[at * 3 + 1], green, 2) << "green at " << x << "," << y;
  EXPECT_NEAR(r.rgb[at * 3 + 2], blue, 2) << "blue at " << x << "," << y;
}

} // namespace

TEST(RasterImage, GifFirstFrameOnItsScreenWithTransparency) {
  for (bool interlace : {false, true}) {
    RasterImage r;
    std::string error;
    ASSERT_TRUE(decode_gif_first_frame(make_gif(12, 12, 2, 1, 8, 10, interlace), r, error))
        << error;
    ASSERT_EQ(r.width, 12);
    ASSERT_EQ(r.height, 12);
    ASSERT_EQ(r.alpha.size(), 144u);
    expect_pixel(r, 0, 0, 0, 0, 0, 0);     // outside the frame
    expect_pixel(r, 2, 1, 255, 0, 0, 255); // frame (0,0): index 0
    expect_pixel(r, 4, 5, 0, 255, 0, 255); // frame (2,4): index 1
    expect_pixel(r, 7, 9, 0, 0, 255, 255); // frame (5,8): index 2
    expect_pixel(r, 5, 10, 0, 0, 0, 0);    // last frame row: transparent index
    expect_pixel(r, 11, 11, 0, 0, 0, 0);   // outside again
  }
}

TEST(RasterImage, OpaqueGifHasNoAlpha) {
  // the frame covers the screen and its last row is the only transparent one: crop it away by
  // making the screen one row shorter than the frame
  RasterImage r;
  std::string error;
  ASSERT_TRUE(decode_gif_first_frame(make_gif(6, 3, 0, 0, 6, 4, false), r, error)) << error;
  EXPECT_TRUE(r.alpha.empty());
  expect_pixel(r, 2, 2, 0, 255, 0, 255);
}

TEST(RasterImage, GifWithoutColourTableIsTransparent) {
  // the well-known 1x1 spacer: no global or local colour table
  const unsigned char spacer[] = {0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00,
                                  0x00, 0x00, 0x00, 0x21, 0xF9, 0x04, 0x01, 0x0A, 0x00, 0x01,
                                  0x00, 0x2C, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00,
                                  0x00, 0x02, 0x02, 0x4C, 0x01, 0x00, 0x3B};
  RasterImage r;
  std::string error;
  ASSERT_TRUE(decode_gif_first_frame(
      std::string_view(reinterpret_cast<const char*>(spacer), sizeof spacer), r, error))
      << error;
  ASSERT_EQ(r.width, 1);
  expect_pixel(r, 0, 0, 0, 0, 0, 0);
}

TEST(RasterImage, DamagedGifIsRefused) {
  RasterImage r;
  std::string error;
  std::string gif = make_gif(12, 12, 0, 0, 12, 12, false);
  EXPECT_FALSE(decode_gif_first_frame(gif.substr(0, 30), r, error));
  EXPECT_FALSE(error.empty());
  EXPECT_FALSE(decode_gif_first_frame("GIF89a", r, error));
  EXPECT_FALSE(decode_gif_first_frame("not a gif at all", r, error));
}

TEST(RasterImage, SvgRasterizedToTheAskedSize) {
  const std::string svg =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"20\" viewBox=\"0 0 40 20\">"
      "<rect x=\"0\" y=\"0\" width=\"20\" height=\"20\" fill=\"#ff0000\"/>"
      "<rect x=\"20\" y=\"10\" width=\"20\" height=\"10\" fill=\"#0000ff\" fill-opacity=\"0.5\"/>"
      "</svg>";
  RasterImage r;
  std::string error;
  ASSERT_TRUE(rasterize_svg(svg, 80, 40, r, error)) << error;
  ASSERT_EQ(r.width, 80);
  ASSERT_EQ(r.height, 40);
  ASSERT_FALSE(r.alpha.empty());
  expect_pixel(r, 10, 10, 255, 0, 0, 255); // red square, scaled 2x
  expect_pixel(r, 60, 10, 0, 0, 0, 0);     // nothing drawn
  expect_pixel(r, 60, 30, 0, 0, 255, 128); // half-transparent blue, un-premultiplied
}

TEST(RasterImage, BrokenSvgIsRefused) {
  RasterImage r;
  std::string error;
  EXPECT_FALSE(rasterize_svg("<svg><rect", 10, 10, r, error));
  EXPECT_FALSE(error.empty());
  EXPECT_FALSE(rasterize_svg("<svg xmlns=\"http://www.w3.org/2000/svg\"/>", 0, 10, r, error));
}
