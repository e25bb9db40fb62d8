// Pixels for images PDF cannot take as they are: the first frame of a GIF (giflib) and SVG
// rasterized with librsvg + cairo. 8-bit RGB plus an optional 8-bit alpha plane.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sheaf::writers {

/// A decoded raster image.
struct RasterImage {
  int width = 0, height = 0;
  std::vector<unsigned char> rgb;   ///< width * height * 3, rows top to bottom
  std::vector<unsigned char> alpha; ///< width * height, or empty when fully opaque
};

/// Decodes the first frame of a GIF onto its logical screen (pixels outside the frame and the
/// transparent colour become alpha 0). Returns false with `error` set when it cannot.
bool decode_gif_first_frame(std::string_view bytes, RasterImage& out, std::string& error);

/// Renders an SVG document to `width` x `height` pixels (its viewBox scaled to fit, aspect
/// kept). External resources are not loaded. Returns false with `error` set when it cannot.
bool rasterize_svg(std::string_view bytes, int width, int height, RasterImage& out,
                   std::string& error);

} // namespace sheaf::writers
