// All font selection, metrics and shaping behind one interface (litehtml's document_container
// idea): the HarfBuzz/fontconfig provider for real output, a fixed-advance fake for tests.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sheaf::layout {

/// Index of a face known to a FontProvider (stable for the provider's lifetime).
using FontId = std::uint32_t;

/// What a style asks for.
struct FontRequest {
  std::vector<std::string> families; ///< CSS font-family list, generic names allowed
  int weight = 400;                  ///< CSS weight 100..900
  bool italic = false;
};

/// Vertical metrics of a face, in em (multiply by the font size in pt).
struct FontMetrics {
  double ascender = 0.8;
  double descender = -0.2; ///< negative below the baseline
  double line_gap = 0;
  double cap_height = 0.7;
  double x_height = 0.5;
  double underline_position = -0.1;
  double underline_thickness = 0.05;
};

/// One shaped glyph. Advances and offsets are in em.
struct ShapedGlyph {
  std::uint32_t glyph = 0; ///< glyph id in the face
  double x_advance = 0;
  double x_offset = 0;
  double y_offset = 0;
  std::uint32_t cluster = 0; ///< byte offset of the glyph's cluster in the shaped text
};

/// A maximal sequence of glyphs from one face, in visual order.
struct ShapedRun {
  FontId font = 0;
  std::vector<ShapedGlyph> glyphs;
  std::uint32_t text_begin = 0; ///< byte range of the source text this run covers
  std::uint32_t text_end = 0;
  bool rtl = false;
  /// Total advance in em.
  double advance() const {
    double a = 0;
    for (const auto& g : glyphs)
      a += g.x_advance;
    return a;
  }
};

/// Reports a character no face covers (for `missing-glyph` diagnostics).
struct MissingGlyph {
  char32_t code_point;
  std::uint32_t offset; ///< byte offset in the shaped text
};

/// Font selection and shaping. Implementations must be safe for concurrent use after
/// construction (batch conversion shares one provider between threads).
class FontProvider {
public:
  virtual ~FontProvider() = default;
  /// The face that best satisfies `req` (never fails: falls back to a default face).
  virtual FontId resolve(const FontRequest& req) = 0;
  virtual FontMetrics metrics(FontId font) = 0;
  /// Shape UTF-8 `text` starting with face `primary`; characters it lacks come from fallback
  /// faces. `rtl` selects right-to-left direction. `language` is a BCP 47 tag.
  virtual std::vector<ShapedRun> shape(FontId primary, std::string_view text,
                                       std::string_view language, bool rtl,
                                       std::vector<MissingGlyph>* missing = nullptr) = 0;
  /// Human-readable face name ("Noto Serif Italic"), for diagnostics and dumps.
  virtual std::string face_name(FontId font) = 0;
};

} // namespace sheaf::layout
