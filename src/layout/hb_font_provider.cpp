// fontconfig face selection with per-character fallback, HarfBuzz hb-ot shaping and hb-subset
// subsetting. One mutex guards the face table and the caches; shaping itself runs unlocked.
#include "layout/hb_font_provider.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fontconfig/fontconfig.h>
#include <hb-ot.h>
#include <hb-subset.h>
#include <hb.h>
#include <stdexcept>

namespace sheaf::layout {

namespace {

constexpr FontId no_font = static_cast<FontId>(-1);

/// Decode one UTF-8 code point at `pos` (invalid bytes give U+FFFD and advance one byte).
char32_t decode_utf8(std::string_view s, std::size_t& pos) {
  auto b0 = static_cast<unsigned char>(s[pos]);
  auto cont = [&](std::size_t i) {
    return i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80;
  };
  if (b0 < 0x80) {
    ++pos;
    return b0;
  }
  int len = 0;
  char32_t cp = 0;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2;
    cp = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3;
    cp = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4;
    cp = b0 & 0x07;
  } else {
    ++pos;
    return 0xFFFD;
  }
  for (int i = 1; i < len; ++i) {
    if (!cont(pos + i)) {
      ++pos;
      return 0xFFFD;
    }
    cp = (cp << 6) | (static_cast<unsigned char>(s[pos + i]) & 0x3F);
  }
  pos += len;
  return cp;
}

/// Characters that never need a glyph of their own (controls, default ignorables): they stay
/// in the current run and never trigger fallback or a missing-glyph report.
bool is_ignorable(char32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0xAD || cp == 0x34F || cp == 0x61C ||
         (cp >= 0x115F && cp <= 0x1160) || (cp >= 0x17B4 && cp <= 0x17B5) ||
         (cp >= 0x180B && cp <= 0x180F) || (cp >= 0x200B && cp <= 0x200F) ||
         (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x206F) || cp == 0x3164 ||
         (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFEFF || cp == 0xFFA0 ||
         (cp >= 0x1BCA0 && cp <= 0x1BCA3) || (cp >= 0x1D173 && cp <= 0x1D17A) ||
         (cp >= 0xE0000 && cp <= 0xE0FFF);
}

bool is_mark(char32_t cp) {
  auto gc = hb_unicode_general_category(hb_unicode_funcs_get_default(), cp);
  return gc == HB_UNICODE_GENERAL_CATEGORY_NON_SPACING_MARK ||
         gc == HB_UNICODE_GENERAL_CATEGORY_SPACING_MARK ||
         gc == HB_UNICODE_GENERAL_CATEGORY_ENCLOSING_MARK;
}

std::string lower(std::string s) {
  for (auto& c : s)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string strip_quotes(const std::string& s) {
  std::size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b])))
    ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1])))
    --e;
  if (e - b >= 2 && (s[b] == '"' || s[b] == '\'') && s[e - 1] == s[b]) {
    ++b;
    --e;
  }
  return s.substr(b, e - b);
}

/// Families a CSS family name expands to, best first (generic names map to installed faces).
std::vector<std::string> expand_family(const std::string& name) {
  std::string l = lower(name);
  if (l == "serif" || l == "ui-serif" || l == "cursive" || l == "fantasy")
    return {"Noto Serif", "DejaVu Serif"};
  if (l == "sans-serif" || l == "system-ui" || l == "ui-sans-serif")
    return {"Noto Sans", "DejaVu Sans"};
  if (l == "monospace" || l == "ui-monospace") return {"DejaVu Sans Mono", "Noto Sans Mono"};
  return {name};
}

std::string fc_string(FcPattern* p, const char* object, int n = 0) {
  FcChar8* v = nullptr;
  if (FcPatternGetString(p, object, n, &v) == FcResultMatch && v)
    return reinterpret_cast<const char*>(v);
  return {};
}

int fc_int(FcPattern* p, const char* object, int fallback) {
  int v = 0;
  return FcPatternGetInteger(p, object, 0, &v) == FcResultMatch ? v : fallback;
}

/// Only sfnt fonts with TrueType or CFF outlines can be shaped, subset and embedded.
bool usable_format(FcPattern* p) {
  std::string fmt = fc_string(p, FC_FONTFORMAT);
  FcBool scalable = FcFalse;
  FcPatternGetBool(p, FC_SCALABLE, 0, &scalable);
  return scalable && (fmt == "TrueType" || fmt == "CFF");
}

FcPattern* make_pattern(FcConfig* config, const std::string& family, int weight, bool italic) {
  FcPattern* pat = FcPatternCreate();
  if (!family.empty())
    FcPatternAddString(pat, FC_FAMILY, reinterpret_cast<const FcChar8*>(family.c_str()));
  FcPatternAddDouble(pat, FC_WEIGHT, FcWeightFromOpenTypeDouble(weight));
  FcPatternAddInteger(pat, FC_SLANT, italic ? FC_SLANT_ITALIC : FC_SLANT_ROMAN);
  FcPatternAddBool(pat, FC_SCALABLE, FcTrue);
  FcConfigSubstitute(config, pat, FcMatchPattern);
  FcDefaultSubstitute(pat);
  return pat;
}

std::string sanitize_ps_name(const std::string& s) {
  std::string out;
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (u > 0x20 && u < 0x7F && !std::strchr("()<>[]{}/%#", c)) out += c;
  }
  return out;
}

} // namespace

/// One loaded face: HarfBuzz objects plus what the emitter needs.
struct HbFontProvider::Face {
  FaceInfo info;
  hb_blob_t* blob = nullptr;
  hb_face_t* face = nullptr;
  hb_font_t* font = nullptr;
  hb_set_t* unicodes = nullptr;
  FontMetrics metrics;

  ~Face() {
    hb_set_destroy(unicodes);
    hb_font_destroy(font);
    hb_face_destroy(face);
    hb_blob_destroy(blob);
  }
};

/// The fontconfig fallback order for one primary face: candidate files with their charsets.
struct HbFontProvider::FallbackChain {
  FcFontSet* set = nullptr;
  ~FallbackChain() {
    if (set) FcFontSetDestroy(set);
  }
};

/// The font and cache folders of Debian's /etc/fonts/fonts.conf without its conf.d rules: the
/// caches are the same files, so building this configuration costs ~1 ms instead of ~10 ms of
/// XML parsing. It answers exact family lookups; everything that depends on the rules
/// (aliases, fallback order, "whatever matches") goes to the full configuration.
const char* const k_fast_config = R"xml(<?xml version="1.0"?>
<fontconfig>
  <dir>/usr/share/fonts</dir>
  <dir>/usr/local/share/fonts</dir>
  <dir prefix="xdg">fonts</dir>
  <dir>~/.fonts</dir>
  <cachedir>/var/cache/fontconfig</cachedir>
  <cachedir prefix="xdg">fontconfig</cachedir>
  <cachedir>~/.fontconfig</cachedir>
</fontconfig>
)xml";

HbFontProvider::HbFontProvider() {
  // A custom fontconfig setup (FONTCONFIG_FILE/PATH/SYSROOT) is honoured as it is: no fast path.
  bool custom = std::getenv("FONTCONFIG_FILE") || std::getenv("FONTCONFIG_PATH") ||
                std::getenv("FONTCONFIG_SYSROOT");
  if (!custom) {
    m_fast = FcConfigCreate();
    if (m_fast && (!FcConfigParseAndLoadFromMemory(
                       m_fast, reinterpret_cast<const FcChar8*>(k_fast_config), FcFalse) ||
                   !FcConfigBuildFonts(m_fast))) {
      FcConfigDestroy(m_fast);
      m_fast = nullptr;
    }
  }
  if (!m_fast) full_config_locked();
  FontRequest req;
  req.families = {"serif"};
  m_default = resolve(req);
}

HbFontProvider::~HbFontProvider() {
  m_chains.clear(); // font sets before the configurations
  if (m_fast) FcConfigDestroy(m_fast);
  if (m_full) FcConfigDestroy(m_full);
}

FcConfig* HbFontProvider::full_config_locked() {
  if (!m_full) {
    m_full = FcInitLoadConfigAndFonts();
    if (!m_full) throw std::runtime_error("cannot load the fontconfig configuration");
    for (const auto& file : m_app_fonts)
      FcConfigAppFontAddFile(m_full, reinterpret_cast<const FcChar8*>(file.c_str()));
  }
  return m_full;
}

std::string HbFontProvider::map_generic_family(const std::string& family) {
  return expand_family(family).front();
}

HbFontProvider::Face& HbFontProvider::face(FontId font) {
  // Lock-free: faces are published once in a fixed table and never move or go away.
  if (font < k_max_faces)
    if (Face* f = m_table[font].load(std::memory_order_acquire)) return *f;
  std::lock_guard<std::mutex> lock(m_mutex);
  if (font >= m_faces.size()) throw std::out_of_range("unknown font id");
  return *m_faces[font];
}

FontId HbFontProvider::load_face_locked(const std::string& file, unsigned index,
                                        const std::string& family, const std::string& style) {
  auto key = std::make_pair(file, index);
  if (auto it = m_by_file.find(key); it != m_by_file.end()) return it->second;
  hb_blob_t* blob = hb_blob_create_from_file_or_fail(file.c_str());
  if (!blob) return no_font;
  auto f = std::make_unique<Face>();
  f->blob = blob;
  f->face = hb_face_create(blob, index);
  f->font = hb_font_create(f->face);
  f->unicodes = hb_set_create();
  hb_face_collect_unicodes(f->face, f->unicodes);

  FaceInfo& info = f->info;
  info.file = file;
  info.index = index;
  info.family = family;
  info.style = style;
  info.upem = hb_face_get_upem(f->face);
  if (info.upem == 0) info.upem = 1000;

  char name[256];
  unsigned len = sizeof name;
  if (hb_ot_name_get_utf8(f->face, HB_OT_NAME_ID_POSTSCRIPT_NAME, HB_LANGUAGE_INVALID, &len, name) >
      0)
    info.postscript_name = sanitize_ps_name(std::string(name, len));
  if (info.postscript_name.empty()) info.postscript_name = sanitize_ps_name(family + "-" + style);
  if (info.postscript_name.empty()) info.postscript_name = "Font";

  hb_blob_t* cff = hb_face_reference_table(f->face, HB_TAG('C', 'F', 'F', ' '));
  info.cff = hb_blob_get_length(cff) > 0;
  hb_blob_destroy(cff);

  hb_blob_t* head = hb_face_reference_table(f->face, HB_TAG('h', 'e', 'a', 'd'));
  unsigned head_len = 0;
  const char* hd = hb_blob_get_data(head, &head_len);
  if (head_len >= 44) {
    for (int i = 0; i < 4; ++i) {
      auto hi = static_cast<unsigned char>(hd[36 + 2 * i]);
      auto lo = static_cast<unsigned char>(hd[37 + 2 * i]);
      info.bbox[i] = static_cast<std::int16_t>((hi << 8) | lo);
    }
  }
  hb_blob_destroy(head);

  info.italic_angle = hb_style_get_value(f->font, HB_STYLE_TAG_SLANT_ANGLE);
  info.weight = static_cast<int>(hb_style_get_value(f->font, HB_STYLE_TAG_WEIGHT));
  info.italic = hb_style_get_value(f->font, HB_STYLE_TAG_ITALIC) > 0.5 || info.italic_angle != 0 ||
                lower(style).find("italic") != std::string::npos ||
                lower(style).find("oblique") != std::string::npos;
  std::string lfam = lower(family);
  info.serif = lfam.find("serif") != std::string::npos && lfam.find("sans") == std::string::npos;

  hb_font_extents_t ext{};
  hb_font_get_h_extents(f->font, &ext);
  info.ascender = ext.ascender;
  info.descender = ext.descender;
  hb_position_t pos = 0;
  info.cap_height =
      hb_ot_metrics_get_position(f->font, HB_OT_METRICS_TAG_CAP_HEIGHT, &pos) && pos > 0
          ? pos
          : static_cast<int>(ext.ascender * 0.9);
  info.x_height = hb_ot_metrics_get_position(f->font, HB_OT_METRICS_TAG_X_HEIGHT, &pos) && pos > 0
                      ? pos
                      : static_cast<int>(info.cap_height * 0.7);
  // Fixed pitch: 'i' and 'M' advance alike.
  hb_codepoint_t gi = 0, gm = 0;
  if (hb_font_get_nominal_glyph(f->font, 'i', &gi) && hb_font_get_nominal_glyph(f->font, 'M', &gm))
    info.monospace =
        hb_font_get_glyph_h_advance(f->font, gi) == hb_font_get_glyph_h_advance(f->font, gm);

  double upem = info.upem;
  FontMetrics& m = f->metrics;
  m.ascender = ext.ascender / upem;
  m.descender = ext.descender / upem;
  m.line_gap = ext.line_gap / upem;
  m.cap_height = info.cap_height / upem;
  m.x_height = info.x_height / upem;
  if (hb_ot_metrics_get_position(f->font, HB_OT_METRICS_TAG_UNDERLINE_OFFSET, &pos))
    m.underline_position = pos / upem;
  if (hb_ot_metrics_get_position(f->font, HB_OT_METRICS_TAG_UNDERLINE_SIZE, &pos) && pos > 0)
    m.underline_thickness = pos / upem;

  auto id = static_cast<FontId>(m_faces.size());
  if (id < k_max_faces) m_table[id].store(f.get(), std::memory_order_release);
  m_faces.push_back(std::move(f));
  m_by_file[key] = id;
  return id;
}

FontId HbFontProvider::resolve(const FontRequest& req) {
  std::string key;
  for (const auto& f : req.families)
    key += lower(strip_quotes(f)) + ",";
  key += "|" + std::to_string(req.weight) + (req.italic ? "i" : "n");
  std::lock_guard<std::mutex> lock(m_mutex);
  if (auto it = m_resolved.find(key); it != m_resolved.end()) return it->second;

  std::vector<std::string> candidates;
  for (const auto& f : req.families)
    for (auto& e : expand_family(strip_quotes(f)))
      candidates.push_back(e);
  for (auto& e : expand_family("serif"))
    candidates.push_back(e); // the last resort

  FontId found = no_font;
  // Each family through the fast configuration first (an exact family match gives the same
  // face as the full rules), then through the full one.
  for (const auto& family : candidates) {
    if (family.empty()) continue;
    if (m_fast) found = match_family_locked(m_fast, family, req);
    if (found == no_font) found = match_family_locked(full_config_locked(), family, req);
    if (found != no_font) break;
  }
  if (found == no_font) {
    // Nothing of the list is installed: take whatever fontconfig offers for the style.
    FcConfig* full = full_config_locked();
    FcPattern* pat = make_pattern(full, "", req.weight, req.italic);
    FcResult res = FcResultNoMatch;
    FcPattern* match = FcFontMatch(full, pat, &res);
    FcPatternDestroy(pat);
    if (match) {
      found = load_face_locked(fc_string(match, FC_FILE),
                               static_cast<unsigned>(fc_int(match, FC_INDEX, 0)),
                               fc_string(match, FC_FAMILY), fc_string(match, FC_STYLE));
      FcPatternDestroy(match);
    }
  }
  if (found == no_font) {
    if (m_faces.empty()) throw std::runtime_error("no usable font found by fontconfig");
    found = m_default;
  }
  m_resolved[key] = found;
  return found;
}

FontId HbFontProvider::match_family_locked(FcConfig* config, const std::string& family,
                                           const FontRequest& req) {
  FcPattern* pat = make_pattern(config, family, req.weight, req.italic);
  FcResult res = FcResultNoMatch;
  FcPattern* match = FcFontMatch(config, pat, &res);
  FcPatternDestroy(pat);
  if (!match) return no_font;
  // FcFontMatch never fails: accept the result only if it is the family we asked for.
  bool same_family = false;
  for (int n = 0;; ++n) {
    std::string got = fc_string(match, FC_FAMILY, n);
    if (got.empty()) break;
    if (lower(got) == lower(family)) same_family = true;
  }
  FontId found = no_font;
  if (same_family && usable_format(match))
    found = load_face_locked(fc_string(match, FC_FILE),
                             static_cast<unsigned>(fc_int(match, FC_INDEX, 0)), family,
                             fc_string(match, FC_STYLE));
  FcPatternDestroy(match);
  return found;
}

FontId HbFontProvider::add_font_file(const std::string& path, unsigned index) {
  std::lock_guard<std::mutex> lock(m_mutex);
  int count = 0;
  FcPattern* pat = FcFreeTypeQuery(reinterpret_cast<const FcChar8*>(path.c_str()),
                                   static_cast<int>(index), nullptr, &count);
  if (!pat) throw std::runtime_error("not a font file: " + path);
  bool usable = usable_format(pat);
  std::string family = fc_string(pat, FC_FAMILY), style = fc_string(pat, FC_STYLE);
  FcPatternDestroy(pat);
  if (!usable) throw std::runtime_error("not a TrueType/OpenType font: " + path);
  m_app_fonts.push_back(path);
  if (m_fast) FcConfigAppFontAddFile(m_fast, reinterpret_cast<const FcChar8*>(path.c_str()));
  if (m_full) FcConfigAppFontAddFile(m_full, reinterpret_cast<const FcChar8*>(path.c_str()));
  m_resolved.clear(); // the new family may change earlier answers
  m_chains.clear();
  m_fallback_cache.clear();
  FontId id = load_face_locked(path, index, family, style);
  if (id == no_font) throw std::runtime_error("cannot load font " + path);
  return id;
}

FontMetrics HbFontProvider::metrics(FontId font) {
  return face(font).metrics;
}

std::string HbFontProvider::face_name(FontId font) {
  const FaceInfo& i = face(font).info;
  return i.style.empty() ? i.family : i.family + " " + i.style;
}

FaceInfo HbFontProvider::face_info(FontId font) {
  return face(font).info;
}

int HbFontProvider::glyph_advance(FontId font, std::uint32_t glyph) {
  return hb_font_get_glyph_h_advance(face(font).font, glyph);
}

bool HbFontProvider::covers(FontId font, char32_t cp) {
  return hb_set_has(face(font).unicodes, cp);
}

HbFontProvider::FallbackChain& HbFontProvider::chain_locked(FontId primary) {
  auto& slot = m_chains[primary];
  if (!slot) {
    slot = std::make_unique<FallbackChain>();
    const FaceInfo& info = m_faces[primary]->info;
    FcConfig* full = full_config_locked();
    FcPattern* pat =
        make_pattern(full, info.family, info.weight > 0 ? info.weight : 400, info.italic);
    FcResult res = FcResultNoMatch;
    slot->set = FcFontSort(full, pat, FcFalse, nullptr, &res);
    FcPatternDestroy(pat);
  }
  return *slot;
}

FontId HbFontProvider::fallback_for(FontId primary, char32_t cp) {
  std::lock_guard<std::mutex> lock(m_mutex);
  auto key = std::make_pair(primary, cp);
  if (auto it = m_fallback_cache.find(key); it != m_fallback_cache.end()) return it->second;
  FontId found = no_font;
  FallbackChain& chain = chain_locked(primary);
  if (chain.set) {
    for (int i = 0; i < chain.set->nfont && found == no_font; ++i) {
      FcPattern* p = chain.set->fonts[i];
      FcCharSet* cs = nullptr;
      if (FcPatternGetCharSet(p, FC_CHARSET, 0, &cs) != FcResultMatch || !cs) continue;
      if (!FcCharSetHasChar(cs, cp) || !usable_format(p)) continue;
      FontId id =
          load_face_locked(fc_string(p, FC_FILE), static_cast<unsigned>(fc_int(p, FC_INDEX, 0)),
                           fc_string(p, FC_FAMILY), fc_string(p, FC_STYLE));
      // fontconfig's charset is per pattern; confirm with the face's own cmap.
      if (id != no_font && hb_set_has(m_faces[id]->unicodes, cp)) found = id;
    }
  }
  m_fallback_cache[key] = found;
  return found;
}

std::vector<ShapedRun> HbFontProvider::shape(FontId primary, std::string_view text,
                                             std::string_view language, bool rtl,
                                             std::vector<MissingGlyph>* missing) {
  struct Segment {
    std::uint32_t begin, end;
    FontId font;
    hb_script_t script;
  };
  std::vector<Segment> segments;
  Face& prim = face(primary);
  hb_unicode_funcs_t* ufuncs = hb_unicode_funcs_get_default();

  FontId current = primary;
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto start = static_cast<std::uint32_t>(pos);
    char32_t cp = decode_utf8(text, pos);
    hb_script_t sc = hb_unicode_script(ufuncs, cp);
    bool neutral = sc == HB_SCRIPT_COMMON || sc == HB_SCRIPT_INHERITED || sc == HB_SCRIPT_UNKNOWN;
    FontId font = current;
    if (is_ignorable(cp)) {
      font = segments.empty() ? primary : current;
    } else if (is_mark(cp) && !segments.empty() && covers(current, cp)) {
      font = current;
    } else if (current != primary && neutral && covers(current, cp)) {
      font = current; // spaces and punctuation inside a fallback run stay with it
    } else if (hb_set_has(prim.unicodes, cp)) {
      font = primary;
    } else if (current != primary && covers(current, cp)) {
      font = current; // stay in the fallback face for a run of the same script
    } else {
      FontId fb = fallback_for(primary, cp);
      if (fb != no_font) {
        font = fb;
      } else {
        if (missing) missing->push_back({cp, start});
        font = segments.empty() ? primary : current;
      }
    }
    auto end = static_cast<std::uint32_t>(pos);
    if (!segments.empty() && segments.back().font == font &&
        (neutral || segments.back().script == HB_SCRIPT_INVALID || segments.back().script == sc)) {
      segments.back().end = end;
      if (!neutral) segments.back().script = sc;
    } else {
      segments.push_back({start, end, font, neutral ? HB_SCRIPT_INVALID : sc});
    }
    current = font;
  }

  std::vector<ShapedRun> runs;
  hb_language_t lang =
      language.empty()
          ? HB_LANGUAGE_INVALID
          : hb_language_from_string(language.data(), static_cast<int>(language.size()));
  for (const auto& seg : segments) {
    Face& f = face(seg.font);
    hb_buffer_t* buf = hb_buffer_create();
    hb_buffer_add_utf8(buf, text.data(), static_cast<int>(text.size()), seg.begin,
                       static_cast<int>(seg.end - seg.begin));
    hb_buffer_set_direction(buf, rtl ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
    if (seg.script != HB_SCRIPT_INVALID) hb_buffer_set_script(buf, seg.script);
    if (lang != HB_LANGUAGE_INVALID) hb_buffer_set_language(buf, lang);
    hb_buffer_set_cluster_level(buf, HB_BUFFER_CLUSTER_LEVEL_MONOTONE_CHARACTERS);
    // Invisible characters (soft hyphen, joiners) leave no glyph behind.
    unsigned flags = HB_BUFFER_FLAG_REMOVE_DEFAULT_IGNORABLES;
    if (seg.begin == 0) flags |= HB_BUFFER_FLAG_BOT;
    if (seg.end == text.size()) flags |= HB_BUFFER_FLAG_EOT;
    hb_buffer_set_flags(buf, static_cast<hb_buffer_flags_t>(flags));
    hb_buffer_guess_segment_properties(buf);
    hb_shape(f.font, buf, nullptr, 0);

    unsigned n = 0;
    hb_glyph_info_t* infos = hb_buffer_get_glyph_infos(buf, &n);
    hb_glyph_position_t* positions = hb_buffer_get_glyph_positions(buf, &n);
    ShapedRun run;
    run.font = seg.font;
    run.text_begin = seg.begin;
    run.text_end = seg.end;
    run.rtl = rtl;
    run.glyphs.reserve(n);
    double upem = f.info.upem;
    for (unsigned i = 0; i < n; ++i) {
      ShapedGlyph g;
      g.glyph = infos[i].codepoint;
      g.cluster = infos[i].cluster;
      g.x_advance = positions[i].x_advance / upem;
      g.x_offset = positions[i].x_offset / upem;
      g.y_offset = positions[i].y_offset / upem;
      run.glyphs.push_back(g);
    }
    hb_buffer_destroy(buf);
    runs.push_back(std::move(run));
  }
  if (rtl) std::reverse(runs.begin(), runs.end()); // runs in visual order, like the glyphs
  return runs;
}

FaceSubset HbFontProvider::subset(FontId font, const std::set<std::uint32_t>& glyphs) {
  Face& f = face(font);
  hb_subset_input_t* in = hb_subset_input_create_or_fail();
  if (!in) throw std::runtime_error("hb-subset: cannot create input");
  hb_set_t* gs = hb_subset_input_glyph_set(in);
  hb_set_add(gs, 0);
  for (auto g : glyphs)
    hb_set_add(gs, g);
  hb_set_clear(hb_subset_input_unicode_set(in));
  hb_set_t* drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
  for (const char* tag :
       {"GSUB", "GPOS", "GDEF", "kern", "name", "post", "BASE", "JSTF", "MATH", "morx", "mort",
        "feat", "DSIG", "hdmx", "VDMX", "LTSH", "STAT", "meta", "vhea", "vmtx", "VORG", "COLR",
        "CPAL", "SVG ", "sbix", "CBDT", "CBLC", "EBDT", "EBLC", "gasp", "PCLT"})
    hb_set_add(drop, hb_tag_from_string(tag, 4));
  hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);

  hb_subset_plan_t* plan = hb_subset_plan_create_or_fail(f.face, in);
  hb_subset_input_destroy(in);
  if (!plan) throw std::runtime_error("hb-subset: cannot plan the subset");
  FaceSubset out;
  const hb_map_t* map = hb_subset_plan_old_to_new_glyph_mapping(plan);
  out.glyph_map[0] = hb_map_get(map, 0);
  for (auto g : glyphs) {
    hb_codepoint_t n = hb_map_get(map, g);
    if (n != HB_MAP_VALUE_INVALID) out.glyph_map[g] = n;
  }
  hb_face_t* result = hb_subset_plan_execute_or_fail(plan);
  hb_subset_plan_destroy(plan);
  if (!result) throw std::runtime_error("hb-subset: subsetting failed");
  hb_blob_t* blob = hb_face_reference_blob(result);
  unsigned len = 0;
  const char* data = hb_blob_get_data(blob, &len);
  out.data.assign(data ? data : "", len);
  hb_blob_destroy(blob);
  hb_face_destroy(result);
  if (out.data.empty()) throw std::runtime_error("hb-subset: empty subset");
  return out;
}

} // namespace sheaf::layout
