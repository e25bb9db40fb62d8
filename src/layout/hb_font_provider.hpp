// The real FontProvider: fontconfig finds faces (with per-character fallback), HarfBuzz hb-ot
// shapes, hb-subset cuts the embedded subsets. Also exposes the face facts the PDF emitter needs.
#pragma once

#include "layout/font_provider.hpp"

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

struct _FcConfig;
typedef struct _FcConfig FcConfig;

namespace sheaf::layout {

/// Facts about one face that a PDF font dictionary needs. Lengths are in font units.
struct FaceInfo {
  std::string file;            ///< font file path
  unsigned index = 0;          ///< face index inside a collection (.ttc)
  std::string family;          ///< family name as fontconfig reports it
  std::string style;           ///< style name ("Bold Italic")
  std::string postscript_name; ///< PostScript name (no spaces), e.g. "NotoSerif-Italic"
  unsigned upem = 1000;        ///< units per em
  int weight = 400;            ///< CSS weight (from the OS/2 table or fontconfig)
  bool italic = false;         ///< italic or oblique face
  bool cff = false;            ///< outlines in a 'CFF ' table (embed as FontFile3/OpenType)
  bool monospace = false;      ///< fixed pitch
  bool serif = false;          ///< serif design (guess from the family name)
  double italic_angle = 0;     ///< degrees, negative leans right
  int bbox[4] = {0, 0, 0, 0};  ///< xMin yMin xMax yMax from 'head'
  int ascender = 0;            ///< typographic ascender (positive)
  int descender = 0;           ///< typographic descender (negative)
  int cap_height = 0;          ///< cap height (estimated from the ascender when absent)
  int x_height = 0;
};

/// A subset of one face: the font program bytes and the glyph id mapping old -> new.
struct FaceSubset {
  std::string data;                                 ///< sfnt (TrueType or OpenType/CFF) bytes
  std::map<std::uint32_t, std::uint32_t> glyph_map; ///< original glyph id -> subset glyph id
};

/// fontconfig + HarfBuzz font provider. Safe for concurrent use from several threads.
class HbFontProvider : public FontProvider {
public:
  HbFontProvider();
  ~HbFontProvider() override;
  HbFontProvider(const HbFontProvider&) = delete;
  HbFontProvider& operator=(const HbFontProvider&) = delete;

  FontId resolve(const FontRequest& req) override;
  FontMetrics metrics(FontId font) override;
  std::vector<ShapedRun> shape(FontId primary, std::string_view text, std::string_view language,
                               bool rtl, std::vector<MissingGlyph>* missing = nullptr) override;
  std::string face_name(FontId font) override;

  /// Facts about a face for the PDF font dictionaries.
  FaceInfo face_info(FontId font);
  /// Horizontal advance of `glyph` in font units (from 'hmtx').
  int glyph_advance(FontId font, std::uint32_t glyph);
  /// True if the face itself (no fallback) has a glyph for `cp`.
  bool covers(FontId font, char32_t cp);
  /// Subset the face to `glyphs` (glyph 0 is always kept) with remapped glyph ids, layout
  /// tables dropped and hinting removed. Throws std::runtime_error when hb-subset fails.
  FaceSubset subset(FontId font, const std::set<std::uint32_t>& glyphs);
  /// Make a font file known (e.g. a user-supplied font) and load its face `index`; later
  /// resolve() calls can find it by family. Returns the face, or throws std::runtime_error
  /// when the file is not a usable font.
  FontId add_font_file(const std::string& path, unsigned index = 0);
  /// The family a CSS generic name stands for ("serif" -> "Noto Serif"); other names unchanged.
  static std::string map_generic_family(const std::string& family);

private:
  struct Face;
  struct FallbackChain;

  Face& face(FontId font);
  FontId load_face_locked(const std::string& file, unsigned index, const std::string& family,
                          const std::string& style);
  FontId fallback_for(FontId primary, char32_t cp);
  FontId match_family_locked(FcConfig* config, const std::string& family, const FontRequest& req);
  FcConfig* full_config_locked();
  FallbackChain& chain_locked(FontId primary);

  std::mutex m_mutex;
  FcConfig* m_fast = nullptr; // font folders only: exact family lookups
  FcConfig* m_full = nullptr; // the system configuration with all its rules (loaded lazily)
  std::vector<std::string> m_app_fonts;       // add_font_file() paths, for a later full config
  std::vector<std::unique_ptr<Face>> m_faces; // FontId = index; entries never move
  static constexpr std::size_t k_max_faces = 1024;
  /// The first faces again, for face() lookups without the mutex (shaping is the hot path).
  std::array<std::atomic<Face*>, k_max_faces> m_table{};
  std::map<std::pair<std::string, unsigned>, FontId> m_by_file;
  std::map<std::string, FontId> m_resolved; // request key -> face
  std::map<FontId, std::unique_ptr<FallbackChain>> m_chains;
  std::map<std::pair<FontId, char32_t>, FontId> m_fallback_cache; // FontId(-1) = none
  FontId m_default = 0;
};

} // namespace sheaf::layout
