// GIF first-frame decoding (giflib) and SVG rasterization (librsvg + cairo) for the PDF writer.
#include "writers/pdf/raster_image.hpp"

#include <algorithm>
#include <cairo.h>
#include <cstdint>
#include <cstring>
#include <dlfcn.h>
#include <gif_lib.h>
#include <librsvg/rsvg.h>
#include <memory>

namespace sheaf::writers {
namespace {

struct GifSource {
  std::string_view bytes;
  std::size_t pos = 0;
};

int read_gif(GifFileType* gif, GifByteType* buf, int len) {
  auto* src = static_cast<GifSource*>(gif->UserData);
  const std::size_t n = std::min<std::size_t>(static_cast<std::size_t>(std::max(len, 0)),
                                              src->bytes.size() - src->pos);
  std::memcpy(buf, src->bytes.data() + src->pos, n);
  src->pos += n;
  return static_cast<int>(n);
}

struct GifCloser {
  void operator()(GifFileType* g) const {
    int err = 0;
    DGifCloseFile(g, &err);
  }
};

constexpr long long k_max_pixels = 64LL * 1024 * 1024; ///< refuse absurd canvases

} // namespace

bool decode_gif_first_frame(std::string_view bytes, RasterImage& out, std::string& error) {
  GifSource src{bytes, 0};
  int err = 0;
  std::unique_ptr<GifFileType, GifCloser> gif(DGifOpen(&src, read_gif, &err));
  if (!gif) {
    error = GifErrorString(err) ? GifErrorString(err) : "not a GIF";
    return false;
  }
  const int sw = gif->SWidth, sh = gif->SHeight;
  if (sw <= 0 || sh <= 0 || static_cast<long long>(sw) * sh > k_max_pixels) {
    error = "bad GIF screen size";
    return false;
  }
  int transparent = -1;
  for (;;) {
    GifRecordType type = UNDEFINED_RECORD_TYPE;
    if (DGifGetRecordType(gif.get(), &type) == GIF_ERROR) {
      error = GifErrorString(gif->Error) ? GifErrorString(gif->Error) : "truncated GIF";
      return false;
    }
    if (type == TERMINATE_RECORD_TYPE) {
      error = "GIF without an image";
      return false;
    }
    if (type == EXTENSION_RECORD_TYPE) {
      int code = 0;
      GifByteType* ext = nullptr;
      if (DGifGetExtension(gif.get(), &code, &ext) == GIF_ERROR) {
        error = "damaged GIF extension";
        return false;
      }
      if (code == GRAPHICS_EXT_FUNC_CODE && ext && ext[0] >= 4) {
        GraphicsControlBlock gcb;
        if (DGifExtensionToGCB(ext[0], ext + 1, &gcb) == GIF_OK) transparent = gcb.TransparentColor;
      }
      while (ext) {
        if (DGifGetExtensionNext(gif.get(), &ext) == GIF_ERROR) {
          error = "damaged GIF extension";
          return false;
        }
      }
      continue;
    }
    if (type != IMAGE_DESC_RECORD_TYPE) continue;
    if (DGifGetImageDesc(gif.get()) == GIF_ERROR) {
      error = "damaged GIF image descriptor";
      return false;
    }
    const GifImageDesc& d = gif->Image;
    // no colour table at all (1x1 spacer GIFs): every pixel is transparent, as in browsers
    const ColorMapObject* map = d.ColorMap ? d.ColorMap : gif->SColorMap;
    if (d.Width <= 0 || d.Height <= 0 ||
        static_cast<long long>(d.Width) * d.Height > k_max_pixels) {
      error = "GIF frame without a size";
      return false;
    }
    std::vector<GifPixelType> pixels(static_cast<std::size_t>(d.Width) * d.Height);
    static const int k_offset[] = {0, 4, 2, 1}, k_step[] = {8, 8, 4, 2};
    const int passes = d.Interlace ? 4 : 1;
    for (int p = 0; p < passes; ++p)
      for (int y = d.Interlace ? k_offset[p] : 0; y < d.Height; y += d.Interlace ? k_step[p] : 1)
        if (DGifGetLine(gif.get(), &pixels[static_cast<std::size_t>(y) * d.Width], d.Width) ==
            GIF_ERROR) {
          error = "truncated GIF image data";
          return false;
        }
    out.width = sw;
    out.height = sh;
    const std::size_t n = static_cast<std::size_t>(sw) * sh;
    out.rgb.assign(n * 3, 255);
    out.alpha.assign(n, 0); // outside the frame: transparent
    bool any_transparent = false;
    for (int y = 0; y < d.Height; ++y) {
      const int sy = d.Top + y;
      if (sy < 0 || sy >= sh) continue;
      for (int x = 0; x < d.Width; ++x) {
        const int sx = d.Left + x;
        if (sx < 0 || sx >= sw) continue;
        const int index = pixels[static_cast<std::size_t>(y) * d.Width + x];
        const std::size_t at = static_cast<std::size_t>(sy) * sw + sx;
        if (!map || index == transparent || index >= map->ColorCount) {
          any_transparent = true;
          continue;
        }
        const GifColorType& c = map->Colors[index];
        out.rgb[at * 3] = c.Red;
        out.rgb[at * 3 + 1] = c.Green;
        out.rgb[at * 3 + 2] = c.Blue;
        out.alpha[at] = 255;
      }
    }
    const bool covers =
        d.Left <= 0 && d.Top <= 0 && d.Left + d.Width >= sw && d.Top + d.Height >= sh;
    if (covers && !any_transparent) out.alpha.clear();
    return true;
  }
}

namespace {

/// librsvg (with cairo, GLib and Pango below it) is loaded on the first SVG only: linking it
/// would add ~10 ms of library loading to every run, a third of a short article's budget.
struct SvgLibrary {
  decltype(&rsvg_handle_new_from_data) new_from_data = nullptr;
  decltype(&rsvg_handle_render_document) render_document = nullptr;
  decltype(&cairo_image_surface_create) surface_create = nullptr;
  decltype(&cairo_create) create = nullptr;
  decltype(&cairo_destroy) destroy = nullptr;
  decltype(&cairo_surface_flush) surface_flush = nullptr;
  decltype(&cairo_image_surface_get_data) surface_data = nullptr;
  decltype(&cairo_image_surface_get_stride) surface_stride = nullptr;
  decltype(&cairo_surface_destroy) surface_destroy = nullptr;
  decltype(&g_error_free) error_free = nullptr;
  decltype(&g_object_unref) object_unref = nullptr;
  std::string problem; ///< why it could not be loaded (empty when loaded)
};

template <typename F> bool bind(void* lib, const char* name, F& fn) {
  fn = reinterpret_cast<F>(::dlsym(lib, name));
  return fn != nullptr;
}

const SvgLibrary& svg_library() {
  static const SvgLibrary lib = [] {
    SvgLibrary l;
    // The library's own dependencies (cairo, GObject, GLib) are searched through its handle.
    void* h = ::dlopen("librsvg-2.so.2", RTLD_NOW | RTLD_LOCAL);
    if (!h) {
      l.problem = "SVG support needs librsvg-2.so.2 (Debian package librsvg2-2)";
      return l;
    }
    const bool ok = bind(h, "rsvg_handle_new_from_data", l.new_from_data) &&
                    bind(h, "rsvg_handle_render_document", l.render_document) &&
                    bind(h, "cairo_image_surface_create", l.surface_create) &&
                    bind(h, "cairo_create", l.create) && bind(h, "cairo_destroy", l.destroy) &&
                    bind(h, "cairo_surface_flush", l.surface_flush) &&
                    bind(h, "cairo_image_surface_get_data", l.surface_data) &&
                    bind(h, "cairo_image_surface_get_stride", l.surface_stride) &&
                    bind(h, "cairo_surface_destroy", l.surface_destroy) &&
                    bind(h, "g_error_free", l.error_free) &&
                    bind(h, "g_object_unref", l.object_unref);
    if (!ok) l.problem = "librsvg-2.so.2 lacks a needed function";
    return l; // the library stays loaded for the life of the process
  }();
  return lib;
}

} // namespace

bool rasterize_svg(std::string_view bytes, int width, int height, RasterImage& out,
                   std::string& error) {
  if (width <= 0 || height <= 0 || static_cast<long long>(width) * height > k_max_pixels) {
    error = "bad raster size";
    return false;
  }
  const SvgLibrary& svg = svg_library();
  if (!svg.problem.empty()) {
    error = svg.problem;
    return false;
  }
  GError* gerr = nullptr;
  RsvgHandle* handle =
      svg.new_from_data(reinterpret_cast<const guint8*>(bytes.data()), bytes.size(), &gerr);
  if (!handle) {
    error = gerr && gerr->message ? gerr->message : "unreadable SVG";
    if (gerr) svg.error_free(gerr);
    return false;
  }
  cairo_surface_t* surface = svg.surface_create(CAIRO_FORMAT_ARGB32, width, height);
  cairo_t* cr = svg.create(surface);
  RsvgRectangle viewport{0, 0, static_cast<double>(width), static_cast<double>(height)};
  const bool ok = svg.render_document(handle, cr, &viewport, &gerr);
  if (!ok) error = gerr && gerr->message ? gerr->message : "SVG rendering failed";
  if (gerr) svg.error_free(gerr);
  svg.destroy(cr);
  if (ok) {
    svg.surface_flush(surface);
    const unsigned char* data = svg.surface_data(surface);
    const int stride = svg.surface_stride(surface);
    out.width = width;
    out.height = height;
    const std::size_t n = static_cast<std::size_t>(width) * height;
    out.rgb.assign(n * 3, 0);
    out.alpha.assign(n, 0);
    bool opaque = true;
    for (int y = 0; y < height; ++y) {
      const auto* row =
          reinterpret_cast<const std::uint32_t*>(data + static_cast<std::size_t>(y) * stride);
      for (int x = 0; x < width; ++x) {
        const std::uint32_t px = row[x]; // premultiplied ARGB, native endian
        const unsigned a = px >> 24;
        const std::size_t at = static_cast<std::size_t>(y) * width + x;
        out.alpha[at] = static_cast<unsigned char>(a);
        if (a != 255) opaque = false;
        for (int c = 0; c < 3; ++c) {
          const unsigned v = (px >> (16 - 8 * c)) & 0xFF;
          out.rgb[at * 3 + c] =
              static_cast<unsigned char>(a ? std::min(255u, (v * 255 + a / 2) / a) : 255);
        }
      }
    }
    if (opaque) out.alpha.clear();
  }
  svg.surface_destroy(surface);
  svg.object_unref(handle);
  return ok;
}

} // namespace sheaf::writers
