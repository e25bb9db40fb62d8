// PoDoFo-backed PDF serialization of a page tree: subset fonts (Type0 + CIDFontType2/0), our own
// content streams (TJ with kerning), images, links, named destinations, outline and metadata.
#include "writers/pdf/podofo_emitter.hpp"

#include "diag/error.hpp"
#include "writers/pdf/raster_image.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <ctime>
#include <deque>
#include <future>
#include <hb.h>
#include <map>
#include <memory>
#include <podofo/podofo.h>
#include <set>
#include <stdexcept>
#include <zlib.h>

#ifndef SHEAF_VERSION
#define SHEAF_VERSION "dev"
#endif

namespace sheaf::writers {

namespace {

using namespace PoDoFo;

/// Locale-independent number: at most 3 decimals, trailing zeros trimmed.
std::string num(double v) {
  if (std::abs(v) < 0.0005) return "0";
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, 3);
  std::string s(buf, res.ptr);
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0')
      s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  if (s == "-0") s = "0";
  return s;
}

char32_t decode(std::string_view s, std::size_t& pos) {
  auto b0 = static_cast<unsigned char>(s[pos]);
  int len = b0 < 0x80             ? 1
            : (b0 & 0xE0) == 0xC0 ? 2
            : (b0 & 0xF0) == 0xE0 ? 3
            : (b0 & 0xF8) == 0xF0 ? 4
                                  : 0;
  if (len == 0 || pos + len > s.size()) {
    ++pos;
    return 0xFFFD;
  }
  char32_t cp = len == 1 ? b0 : b0 & (0x7F >> len);
  for (int i = 1; i < len; ++i) {
    auto b = static_cast<unsigned char>(s[pos + i]);
    if ((b & 0xC0) != 0x80) {
      ++pos;
      return 0xFFFD;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  pos += len;
  return cp;
}

/// UTF-8 -> UTF-16BE hex digits (surrogate pairs for non-BMP).
std::string utf16be_hex(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  auto unit = [&](unsigned u) {
    for (int shift = 12; shift >= 0; shift -= 4)
      out += hex[(u >> shift) & 0xF];
  };
  std::size_t pos = 0;
  while (pos < s.size()) {
    char32_t cp = decode(s, pos);
    if (cp >= 0x10000) {
      cp -= 0x10000;
      unit(0xD800 + (cp >> 10));
      unit(0xDC00 + (cp & 0x3FF));
    } else {
      unit(cp);
    }
  }
  return out;
}

bool has_rtl_chars(std::string_view s) {
  std::size_t pos = 0;
  while (pos < s.size()) {
    char32_t cp = decode(s, pos);
    if ((cp >= 0x0590 && cp <= 0x08FF) || (cp >= 0xFB1D && cp <= 0xFDFF) ||
        (cp >= 0xFE70 && cp <= 0xFEFF) || (cp >= 0x10800 && cp <= 0x10FFF) ||
        (cp >= 0x1E800 && cp <= 0x1EFFF))
      return true;
  }
  return false;
}

std::string hex4(unsigned v) {
  static const char* hex = "0123456789ABCDEF";
  std::string out(4, '0');
  for (int i = 3; i >= 0; --i, v >>= 4)
    out[i] = hex[v & 0xF];
  return out;
}

/// A text string: plain bytes when ASCII, UTF-16BE otherwise.
PdfString utf8_string(const std::string& s) {
  bool ascii =
      std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (ascii) return PdfString(s);
  return PdfString(reinterpret_cast<const pdf_utf8*>(s.c_str()));
}

/// The text a glyph should extract as. Soft hyphens are invisible (dropped), except a glyph
/// that stands for nothing but a soft hyphen: that is a hyphen drawn at a line break, and it
/// extracts as "-" so that extraction tools rejoin the word.
std::string extraction_text(std::string_view t) {
  static const std::string_view shy = "\xC2\xAD";
  if (t == shy) return "-";
  if (t.find(shy) == std::string_view::npos) return std::string(t);
  std::string out;
  for (std::size_t i = 0; i < t.size();) {
    if (t.compare(i, 2, shy) == 0) {
      i += 2;
    } else {
      out += t[i++];
    }
  }
  return out;
}

std::string xml_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '"':
      out += "&quot;";
      break;
    default:
      if (static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\n') out += c;
    }
  }
  return out;
}

/// URIs in PDF are 7-bit: percent-encode everything else.
std::string ascii_uri(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7F) {
      out += '%';
      out += hex[u >> 4];
      out += hex[u & 0xF];
    } else {
      out += c;
    }
  }
  return out;
}

std::tm utc(long long epoch) {
  std::time_t t = static_cast<std::time_t>(epoch < 0 ? 0 : epoch);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return tm;
}

std::string pdf_date(long long epoch) {
  std::tm tm = utc(epoch);
  char buf[64];
  std::snprintf(buf, sizeof buf, "D:%04d%02d%02d%02d%02d%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

std::string iso_date(long long epoch) {
  std::tm tm = utc(epoch);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

/// Everything the emitter knows about one used face.
/// Everything the emitter knows about one used face. Content streams are written before the
/// subset exists, so they cannot hold subset glyph ids. TrueType faces use codes given in
/// order of first use (a /CIDToGIDMap stream maps them to subset ids at the end); CFF faces
/// (CIDFontType0 has no CIDToGIDMap) are written with original glyph ids that are patched
/// to subset ids at the end (see Impl::DeferredContent).
struct FontUse {
  layout::FontId id = 0;
  std::string resource_name;          ///< "F1"
  bool cff = false;                   ///< CFF outlines: codes are patched at the end
  double scale = 1;                   ///< 1000 / units per em
  std::vector<std::uint32_t> code_of; ///< TrueType: by original glyph id (0: none yet)
  std::vector<std::uint32_t> gid_of;  ///< TrueType: original glyph id of each code
  std::vector<char> used;             ///< by original glyph id: drawn somewhere
  std::vector<std::string> text;      ///< by original glyph id: ToUnicode text
  std::vector<int> width_of;          ///< by original glyph id, 1/1000 em (-1: not known)
  std::set<std::uint32_t> glyphs;     ///< original glyph ids (filled before subsetting)
  std::vector<std::uint32_t> new_gid; ///< by original glyph id: subset glyph id
  layout::FaceSubset subset;
  std::future<layout::FaceSubset> pending; ///< subset being cut on another thread
  PdfReference ref;                        ///< the Type0 font object
};

/// Deterministic six-letter subset tag from the face name and glyph set.
std::string subset_tag(const std::string& ps_name, const std::set<std::uint32_t>& glyphs) {
  std::uint64_t h = 1469598103934665603ULL;
  auto mix = [&](std::uint64_t v) {
    h ^= v;
    h *= 1099511628211ULL;
  };
  for (char c : ps_name)
    mix(static_cast<unsigned char>(c));
  for (auto g : glyphs)
    mix(g);
  std::string tag;
  for (int i = 0; i < 6; ++i) {
    tag += static_cast<char>('A' + h % 26);
    h /= 26;
  }
  return tag;
}

std::string tounicode_cmap(const std::vector<std::pair<unsigned, std::string>>& entries) {
  std::string s = "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                  "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                  "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                  "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n";
  for (std::size_t i = 0; i < entries.size(); i += 100) {
    std::size_t n = std::min<std::size_t>(100, entries.size() - i);
    s += std::to_string(n) + " beginbfchar\n";
    for (std::size_t j = i; j < i + n; ++j)
      s += "<" + hex4(entries[j].first) + "> <" + utf16be_hex(entries[j].second) + ">\n";
    s += "endbfchar\n";
  }
  s += "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";
  return s;
}

PdfArray int_array(std::initializer_list<long long> values) {
  PdfArray a;
  for (auto v : values)
    a.push_back(PdfObject(static_cast<pdf_int64>(v)));
  return a;
}

} // namespace

class PdfEmitter::Impl {
public:
  Impl(layout::HbFontProvider& fonts, const model::ResourceStore& resources,
       diag::DiagnosticSink& sink)
      : m_fonts(fonts), m_resources(resources), m_sink(sink) {
    m_doc.SetPdfVersion(ePdfVersion_1_7);
    // one shared /Resources for all pages; its font and image dictionaries are filled at
    // the end, when every face and image is known
    m_resources_obj = m_doc.GetObjects().CreateObject();
  }

  std::string finish(const layout::PageTree& tree) {
    for (std::size_t i = 0; i < tree.pages.size(); ++i)
      emit_page(tree.pages[i], m_page_refs.size(), tree.structure);
    if (m_page_refs.empty()) emit_blank_page();
    // hb-subset is the costliest step for a short document: the faces after the first are
    // cut on other threads while the first one is cut and embedded here
    bool first = true;
    for (auto& [id, use] : m_used) {
      for (std::uint32_t g = 0; g < use.used.size(); ++g)
        if (use.used[g]) use.glyphs.insert(g);
      if (!first)
        use.pending = std::async(std::launch::async,
                                 [this, &use] { return m_fonts.subset(use.id, use.glyphs); });
      first = false;
    }
    for (auto& [id, use] : m_used)
      embed_font(use);
    embed_svgs();
    fill_resources();
    patch_deferred();
    finish_contents();
    link_pages();
    add_destinations();
    add_outline(tree);
    add_metadata(tree.info);
    add_structure(tree.structure);
    PdfRefCountedBuffer buffer;
    PdfOutputDevice device(&buffer);
    m_doc.Write(&device);
    return std::string(buffer.GetBuffer(), device.GetLength());
  }

  // ---- fonts --------------------------------------------------------------------------
  FontUse& font_use(layout::FontId font) {
    auto [it, inserted] = m_used.try_emplace(font);
    FontUse& use = it->second;
    if (inserted) {
      layout::FaceInfo info = m_fonts.face_info(font);
      use.id = font;
      use.resource_name = "F" + std::to_string(m_used.size());
      use.cff = info.cff;
      use.scale = 1000.0 / info.upem;
      use.gid_of.push_back(0); // code 0 is .notdef
      m_font_order.push_back(font);
    }
    return use;
  }

  /// Records that run's glyphs are drawn, with the text of each glyph that is its cluster's
  /// only glyph (first one wins: it becomes the ToUnicode entry).
  void record_glyphs(FontUse& use, const layout::GlyphRun& run) {
    for (std::size_t i = 0; i < run.glyphs.size(); ++i) {
      const auto& g = run.glyphs[i];
      if (g.glyph >= use.used.size()) {
        const std::size_t n = std::max<std::size_t>(g.glyph + 1, use.used.size() * 2);
        use.used.resize(n, 0);
        use.text.resize(n);
        use.width_of.resize(n, -1);
        if (!use.cff) use.code_of.resize(n, 0);
      }
      if (!use.used[g.glyph]) {
        use.used[g.glyph] = 1;
        use.width_of[g.glyph] =
            static_cast<int>(std::lround(m_fonts.glyph_advance(use.id, g.glyph) * use.scale));
        if (!use.cff && g.glyph != 0) {
          if (use.gid_of.size() > 0xFFFF)
            throw diag::Error(diag::ErrorKind::output, "pdf-write-failed",
                              "while embedding font " + m_fonts.face_name(use.id) +
                                  ": more than 65535 glyphs");
          use.code_of[g.glyph] = static_cast<std::uint32_t>(use.gid_of.size());
          use.gid_of.push_back(g.glyph);
        }
      }
      // Only a glyph that is its cluster's only glyph may define the ToUnicode entry;
      // multi-glyph clusters (base + marks) extract through ActualText instead.
      bool sole = i + 1 == run.glyphs.size() || !run.glyphs[i + 1].text.empty();
      if (g.glyph != 0 && sole && !g.text.empty() && use.text[g.glyph].empty())
        use.text[g.glyph] = extraction_text(g.text);
    }
  }

  void embed_font(FontUse& use) {
    layout::FaceInfo info = m_fonts.face_info(use.id);
    try {
      use.subset = use.pending.valid() ? use.pending.get() : m_fonts.subset(use.id, use.glyphs);
      use.new_gid.assign(use.used.size(), 0);
      for (auto& [old_gid, new_gid] : use.subset.glyph_map)
        if (old_gid < use.new_gid.size()) use.new_gid[old_gid] = new_gid;
      unsigned count = 0;
      for (auto& [old_gid, new_gid] : use.subset.glyph_map)
        count = std::max(count, new_gid + 1);
      if (count > 0xFFFF) throw std::runtime_error("more than 65535 glyphs");
      const double scale = use.scale;
      // widths and ToUnicode by character code: the subset glyph id (CFF) or the code given
      // at first use (TrueType, mapped to subset ids by /CIDToGIDMap)
      std::vector<int> widths;
      std::vector<std::pair<unsigned, std::string>> entries;
      if (use.cff) {
        widths.assign(count, 0);
        for (auto& [old_gid, new_gid] : use.subset.glyph_map)
          widths[new_gid] =
              static_cast<int>(std::lround(m_fonts.glyph_advance(use.id, old_gid) * scale));
        for (std::uint32_t old_gid = 1; old_gid < use.text.size(); ++old_gid)
          if (!use.text[old_gid].empty() && use.new_gid[old_gid] != 0)
            entries.emplace_back(use.new_gid[old_gid], use.text[old_gid]);
        std::sort(entries.begin(), entries.end());
      } else {
        widths.reserve(use.gid_of.size());
        for (std::uint32_t gid : use.gid_of)
          widths.push_back(
              gid < use.width_of.size() && use.width_of[gid] >= 0
                  ? use.width_of[gid]
                  : static_cast<int>(std::lround(m_fonts.glyph_advance(use.id, gid) * scale)));
        for (std::size_t code = 1; code < use.gid_of.size(); ++code) {
          const std::uint32_t gid = use.gid_of[code];
          if (!use.text[gid].empty() && use.new_gid[gid] != 0)
            entries.emplace_back(static_cast<unsigned>(code), use.text[gid]);
        }
      }

      std::string base = subset_tag(info.postscript_name, use.glyphs) + "+" + info.postscript_name;
      auto& objects = m_doc.GetObjects();

      PdfObject* file = objects.CreateObject();
      if (info.cff) {
        file->GetDictionary().AddKey(PdfName("Subtype"), PdfName("OpenType"));
      } else {
        file->GetDictionary().AddKey(PdfName("Length1"),
                                     PdfObject(static_cast<pdf_int64>(use.subset.data.size())));
      }
      file->GetStream()->Set(use.subset.data.data(), static_cast<pdf_long>(use.subset.data.size()));

      auto s = [&](int v) { return static_cast<long long>(std::lround(v * scale)); };
      PdfObject* desc = objects.CreateObject("FontDescriptor");
      PdfDictionary& d = desc->GetDictionary();
      d.AddKey(PdfName("FontName"), PdfName(base));
      if (!info.family.empty()) d.AddKey(PdfName("FontFamily"), utf8_string(info.family));
      long long flags = 4; // symbolic: glyphs outside the standard Latin set
      if (info.monospace) flags |= 1;
      if (info.serif) flags |= 2;
      if (info.italic) flags |= 64;
      d.AddKey(PdfName("Flags"), PdfObject(static_cast<pdf_int64>(flags)));
      d.AddKey(PdfName("FontBBox"),
               int_array({s(info.bbox[0]), s(info.bbox[1]), s(info.bbox[2]), s(info.bbox[3])}));
      d.AddKey(PdfName("ItalicAngle"),
               PdfObject(static_cast<pdf_int64>(std::lround(info.italic_angle))));
      d.AddKey(PdfName("Ascent"), PdfObject(static_cast<pdf_int64>(s(info.ascender))));
      d.AddKey(PdfName("Descent"), PdfObject(static_cast<pdf_int64>(s(info.descender))));
      d.AddKey(PdfName("CapHeight"), PdfObject(static_cast<pdf_int64>(s(info.cap_height))));
      d.AddKey(PdfName("XHeight"), PdfObject(static_cast<pdf_int64>(s(info.x_height))));
      // No stem widths in the font: estimate from the weight (≈70 regular, ≈160 bold).
      long long stemv = std::clamp(70 + (info.weight - 400) * 3 / 10, 40, 220);
      d.AddKey(PdfName("StemV"), PdfObject(static_cast<pdf_int64>(stemv)));
      d.AddKey(PdfName(info.cff ? "FontFile3" : "FontFile2"), file->Reference());

      PdfObject* cid = objects.CreateObject("Font");
      PdfDictionary& c = cid->GetDictionary();
      c.AddKey(PdfName("Subtype"), PdfName(info.cff ? "CIDFontType0" : "CIDFontType2"));
      c.AddKey(PdfName("BaseFont"), PdfName(base));
      PdfDictionary sysinfo;
      sysinfo.AddKey(PdfName("Registry"), PdfString("Adobe"));
      sysinfo.AddKey(PdfName("Ordering"), PdfString("Identity"));
      sysinfo.AddKey(PdfName("Supplement"), PdfObject(static_cast<pdf_int64>(0)));
      c.AddKey(PdfName("CIDSystemInfo"), sysinfo);
      c.AddKey(PdfName("FontDescriptor"), desc->Reference());
      PdfArray width_array;
      for (int w : widths)
        width_array.push_back(PdfObject(static_cast<pdf_int64>(w)));
      PdfArray warray;
      warray.push_back(PdfObject(static_cast<pdf_int64>(0)));
      warray.push_back(width_array);
      c.AddKey(PdfName("W"), warray);
      if (!use.cff) { // code -> subset glyph id, two bytes per code
        std::string map(use.gid_of.size() * 2, '\0');
        for (std::size_t code = 0; code < use.gid_of.size(); ++code) {
          const std::uint32_t gid = use.new_gid[use.gid_of[code]];
          map[2 * code] = static_cast<char>(gid >> 8);
          map[2 * code + 1] = static_cast<char>(gid & 0xFF);
        }
        PdfObject* cid_map = objects.CreateObject();
        cid_map->GetStream()->Set(map.data(), static_cast<pdf_long>(map.size()));
        c.AddKey(PdfName("CIDToGIDMap"), cid_map->Reference());
      }
      PdfObject* cmap = objects.CreateObject();
      std::string cmap_text = tounicode_cmap(entries);
      cmap->GetStream()->Set(cmap_text.data(), static_cast<pdf_long>(cmap_text.size()));

      PdfObject* type0 = objects.CreateObject("Font");
      PdfDictionary& t = type0->GetDictionary();
      t.AddKey(PdfName("Subtype"), PdfName("Type0"));
      t.AddKey(PdfName("BaseFont"), PdfName(base));
      t.AddKey(PdfName("Encoding"), PdfName("Identity-H"));
      PdfArray descendants;
      descendants.push_back(cid->Reference());
      t.AddKey(PdfName("DescendantFonts"), descendants);
      t.AddKey(PdfName("ToUnicode"), cmap->Reference());
      use.ref = type0->Reference();
    } catch (const PdfError& e) {
      throw diag::Error(diag::ErrorKind::output, "pdf-write-failed",
                        "while embedding font " + m_fonts.face_name(use.id) + ": " +
                            PdfError::ErrorMessage(e.GetError()));
    } catch (const std::exception& e) {
      throw diag::Error(diag::ErrorKind::output, "pdf-write-failed",
                        "while embedding font " + m_fonts.face_name(use.id) + ": " + e.what());
    }
  }

  // ---- images and shared resources ----------------------------------------------------
  /// The XObject name of an image resource, embedded at its first use; empty when it cannot
  /// be drawn. An SVG only gets its name here: it is rasterized at the end (embed_svgs), at
  /// the largest size it is placed at.
  std::string image_name(const layout::ImageItem& img) {
    auto found = m_images.find(img.resource);
    if (found != m_images.end()) {
      auto svg = m_svgs.find(img.resource);
      if (svg != m_svgs.end()) {
        svg->second.first = std::max(svg->second.first, img.width);
        svg->second.second = std::max(svg->second.second, img.height);
      }
      return found->second;
    }
    if (m_bad_images.count(img.resource)) return {};
    const model::Resource* res = m_resources.find(img.resource);
    if (!res) {
      m_sink.emit("resource-not-found", "image resource " + img.resource + " is missing");
      m_bad_images.insert(img.resource);
      return {};
    }
    std::string name = "Im" + std::to_string(m_images.size() + 1);
    if (res->media_type == "image/svg+xml") {
      m_svgs[img.resource] = {img.width, img.height};
      m_images[img.resource] = name;
      return name;
    }
    try {
      PdfImage image(&m_doc);
      const auto* data = reinterpret_cast<const unsigned char*>(res->data.data());
      auto len = static_cast<pdf_long>(res->data.size());
      if (res->media_type == "image/jpeg") {
        image.LoadFromJpegData(data, len);
      } else if (res->media_type == "image/png") {
        image.LoadFromPngData(data, len);
      } else if (res->media_type == "image/gif") {
        RasterImage raster;
        std::string error;
        if (!decode_gif_first_frame(res->data, raster, error)) {
          m_sink.emit("image-unreadable",
                      "image " + res->name_hint + " cannot be decoded: " + error);
          m_bad_images.insert(img.resource);
          return {};
        }
        set_raster(image, raster);
      } else {
        m_sink.emit("unsupported-image", "image " + res->name_hint + " (" + res->media_type +
                                             ") cannot be embedded in PDF");
        m_bad_images.insert(img.resource);
        return {};
      }
      m_xobjects.emplace_back(name, image.GetObject()->Reference());
      m_images[img.resource] = name;
      return name;
    } catch (const PdfError& e) {
      m_sink.emit("image-unreadable", "image " + res->name_hint + " cannot be decoded: " +
                                          PdfError::ErrorMessage(e.GetError()));
      m_bad_images.insert(img.resource);
      return {};
    }
  }

  /// Rasterizes the SVGs at 2 px per placed pt (144 dpi), the longer side at most
  /// k_max_svg_px. One that fails now (the writer checked each before layout) becomes a
  /// transparent pixel, since pages already refer to its name.
  void embed_svgs() {
    for (const auto& [id, size] : m_svgs) {
      const model::Resource* res = m_resources.find(id);
      RasterImage raster;
      std::string error;
      auto [w, h] = size;
      double scale = std::min(2.0, k_max_svg_px / std::max({w, h, 1.0}));
      bool ok = res &&
                rasterize_svg(res->data, std::max(1, static_cast<int>(std::lround(w * scale))),
                              std::max(1, static_cast<int>(std::lround(h * scale))), raster, error);
      if (!ok) {
        m_sink.emit("image-unreadable",
                    "image " + (res ? res->name_hint : id) + " cannot be decoded: " + error);
        raster = RasterImage{};
        raster.width = raster.height = 1;
        raster.rgb.assign(3, 0);
        raster.alpha.assign(1, 0);
      }
      PdfImage image(&m_doc);
      set_raster(image, raster);
      m_xobjects.emplace_back(m_images.at(id), image.GetObject()->Reference());
    }
  }

  void fill_resources() {
    PdfDictionary fonts;
    for (auto id : m_font_order) {
      const FontUse& use = m_used.at(id);
      fonts.AddKey(PdfName(use.resource_name), use.ref);
    }
    PdfDictionary xobjects;
    for (const auto& [name, ref] : m_xobjects)
      xobjects.AddKey(PdfName(name), ref);
    PdfDictionary& r = m_resources_obj->GetDictionary();
    r.AddKey(PdfName("Font"), fonts);
    if (!m_xobjects.empty()) r.AddKey(PdfName("XObject"), xobjects);
  }

  void set_raster(PdfImage& image, const RasterImage& raster) {
    const auto w = static_cast<unsigned>(raster.width), h = static_cast<unsigned>(raster.height);
    image.SetImageColorSpace(ePdfColorSpace_DeviceRGB);
    PdfMemoryInputStream rgb(reinterpret_cast<const char*>(raster.rgb.data()),
                             static_cast<pdf_long>(raster.rgb.size()));
    image.SetImageData(w, h, 8, &rgb);
    if (raster.alpha.empty()) return;
    PdfImage mask(&m_doc);
    mask.SetImageColorSpace(ePdfColorSpace_DeviceGray);
    PdfMemoryInputStream alpha(reinterpret_cast<const char*>(raster.alpha.data()),
                               static_cast<pdf_long>(raster.alpha.size()));
    mask.SetImageData(w, h, 8, &alpha);
    image.SetImageSoftmask(&mask);
  }
  static constexpr double k_max_svg_px = 3000; ///< longest side of a rasterized SVG

  // ---- pages ----------------------------------------------------------------------------
  /// A new page object outside PoDoFo's page tree: PdfDocument::CreatePage copies the whole
  /// /Kids array for every page added (quadratic: 20% of the time for a 700-page book), so the
  /// pages are linked into the (flat) tree at once by link_pages().
  std::unique_ptr<PdfPage> new_page(double width, double height) {
    auto page = std::make_unique<PdfPage>(PdfRect(0, 0, width, height), &m_doc);
    page->GetObject()->GetDictionary().AddKey(PdfName("Parent"),
                                              m_doc.GetPagesTree()->GetObject()->Reference());
    m_page_refs.push_back(page->GetObject()->Reference());
    return page;
  }

  void link_pages() {
    PdfArray kids;
    kids.reserve(m_page_refs.size());
    for (const auto& ref : m_page_refs)
      kids.push_back(ref);
    PdfDictionary& root = m_doc.GetPagesTree()->GetObject()->GetDictionary();
    root.AddKey(PdfName("Kids"), kids);
    root.AddKey(PdfName("Count"), PdfObject(static_cast<pdf_int64>(m_page_refs.size())));
  }

  void emit_blank_page() {
    auto page = new_page(595.276, 841.89);
    page->GetObject()->GetDictionary().AddKey(PdfName("Resources"), m_resources_obj->Reference());
  }

  /// A page's content stream: written at once, or (when it draws CFF glyphs, whose subset
  /// ids are known only at the end) kept with the places of those glyph ids until then.
  struct Patch {
    std::size_t offset; ///< four hex digits of an original glyph id
    layout::FontId font;
  };
  struct DeferredContent {
    PdfObject* object;
    std::string content;
    std::vector<Patch> patches;
  };

  void emit_page(const layout::Page& page, std::size_t index,
                 const std::vector<layout::StructElement>& structure) {
    auto owned_page = new_page(page.width, page.height);
    m_page_heights.push_back(page.height);
    PdfPage* pdf_page = owned_page.get();
    pdf_page->GetObject()->GetDictionary().AddKey(PdfName("Resources"),
                                                  m_resources_obj->Reference());
    std::string content;
    std::vector<Patch> patches;
    m_fill = layout::Color{};
    const bool tagged = !structure.empty();
    if (tagged) {
      pdf_page->GetObject()->GetDictionary().AddKey(PdfName("StructParents"),
                                                    PdfObject(static_cast<pdf_int64>(index)));
      pdf_page->GetObject()->GetDictionary().AddKey(PdfName("Tabs"), PdfName("S"));
      m_page_mcids.emplace_back();
    }
    int open = k_none; // the marked content open in the stream
    auto mark = [&](int tag) {
      if (!tagged) return;
      if (tag < 0 || static_cast<std::size_t>(tag) >= structure.size()) tag = layout::k_artifact;
      if (tag == open) return;
      if (open != k_none) content += "EMC\n";
      open = tag;
      if (tag == layout::k_artifact) {
        content += "/Artifact BMC\n";
        return;
      }
      auto& mcids = m_page_mcids.back();
      content +=
          "/" + structure[tag].role + " <</MCID " + std::to_string(mcids.size()) + ">> BDC\n";
      mcids.push_back(tag);
      m_content[tag].push_back({m_seq++, index, static_cast<int>(mcids.size() - 1), {}});
    };
    for (const auto& item : page.items) {
      std::visit(
          [&](const auto& it) {
            using T = std::decay_t<decltype(it)>;
            if constexpr (std::is_same_v<T, layout::GlyphRun>) {
              if (it.glyphs.empty()) return;
              mark(it.tag);
              write_run(content, it, page.height, patches);
            } else if constexpr (std::is_same_v<T, layout::Rule>) {
              mark(layout::k_artifact);
              set_fill(content, it.color);
              content += num(it.x) + " " + num(page.height - it.y - it.height) + " " +
                         num(it.width) + " " + num(it.height) + " re f\n";
            } else if constexpr (std::is_same_v<T, layout::ImageItem>) {
              const std::string name = image_name(it);
              if (name.empty()) return;
              mark(it.tag);
              content += "q " + num(it.width) + " 0 0 " + num(it.height) + " " + num(it.x) + " " +
                         num(page.height - it.y - it.height) + " cm /" + name + " Do Q\n";
            } else if constexpr (std::is_same_v<T, layout::LinkArea>) {
              add_link(pdf_page, it, page.height, index, structure);
            } else if constexpr (std::is_same_v<T, layout::Destination>) {
              m_destinations.push_back({it.name, index, it.x, page.height - it.y});
            }
          },
          item);
    }
    if (open != k_none) content += "EMC\n";
    if (patches.empty())
      queue_content(pdf_page->GetContents(), std::move(content));
    else
      m_deferred.push_back({pdf_page->GetContents(), std::move(content), std::move(patches)});
  }

  /// Puts the subset glyph ids into the content streams that waited for them (CFF faces).
  void patch_deferred() {
    static const char* const hex = "0123456789ABCDEF";
    for (auto& d : m_deferred) {
      for (const auto& p : d.patches) {
        unsigned old_gid = 0;
        for (std::size_t k = 0; k < 4; ++k) {
          const char c = d.content[p.offset + k];
          old_gid = old_gid * 16 + static_cast<unsigned>(c <= '9' ? c - '0' : c - 'A' + 10);
        }
        const FontUse& use = m_used.at(p.font);
        const unsigned gid = old_gid < use.new_gid.size() ? use.new_gid[old_gid] : 0;
        for (std::size_t k = 0; k < 4; ++k)
          d.content[p.offset + k] = hex[(gid >> (12 - 4 * k)) & 0xF];
      }
      queue_content(d.object, std::move(d.content));
    }
    m_deferred.clear();
  }

  // ---- content stream compression -------------------------------------------------------
  // Deflating the content streams is a fifth of the time for a book: it runs on other threads
  // (batches of pages) while the next pages are built, with zlib's default level as PoDoFo's
  // own Flate filter, so the bytes are the same as PdfStream::Set would write.
  static constexpr std::size_t k_batch_bytes = 256 * 1024;

  struct ContentBatch {
    std::vector<PdfObject*> objects;
    std::vector<std::string> data; ///< raw, then deflated
  };

  static std::vector<std::string> deflate_all(std::vector<std::string> raw) {
    for (auto& text : raw) {
      uLongf len = compressBound(static_cast<uLong>(text.size()));
      std::string out(len, '\0');
      int rc = compress2(reinterpret_cast<Bytef*>(out.data()), &len,
                         reinterpret_cast<const Bytef*>(text.data()),
                         static_cast<uLong>(text.size()), Z_DEFAULT_COMPRESSION);
      if (rc != Z_OK) throw std::runtime_error("zlib: cannot compress a content stream");
      out.resize(len);
      text = std::move(out);
    }
    return raw;
  }

  void queue_content(PdfObject* object, std::string content) {
    m_batch_bytes += content.size();
    m_batch.objects.push_back(object);
    m_batch.data.push_back(std::move(content));
    if (m_batch_bytes >= k_batch_bytes) start_batch();
  }

  void start_batch() {
    if (m_batch.objects.empty()) return;
    // batches already deflated go into their streams now: nothing waits for the end
    while (!m_batch_results.empty() &&
           m_batch_results.front().wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
      set_deflated(m_batch_objects.front(), m_batch_results.front().get());
      m_batch_objects.pop_front();
      m_batch_results.pop_front();
    }
    m_batch_objects.push_back(std::move(m_batch.objects));
    m_batch_results.push_back(std::async(std::launch::async, deflate_all, std::move(m_batch.data)));
    m_batch = ContentBatch{};
    m_batch_bytes = 0;
  }

  static void set_deflated(const std::vector<PdfObject*>& objects,
                           const std::vector<std::string>& data) {
    for (std::size_t i = 0; i < objects.size(); ++i) {
      PdfMemoryInputStream in(data[i].data(), static_cast<pdf_long>(data[i].size()));
      PdfStream* stream = objects[i]->GetStream();
      stream->SetRawData(&in, static_cast<pdf_long>(data[i].size()));
      objects[i]->GetDictionary().AddKey(PdfName::KeyFilter, PdfName("FlateDecode"));
    }
  }

  void finish_contents() {
    // a small document (the last batch) is deflated here: no thread for a few pages
    auto last_objects = std::move(m_batch.objects);
    auto last = deflate_all(std::move(m_batch.data));
    m_batch = ContentBatch{};
    for (std::size_t b = 0; b < m_batch_results.size(); ++b)
      set_deflated(m_batch_objects[b], m_batch_results[b].get());
    set_deflated(last_objects, last);
    m_batch_results.clear();
    m_batch_objects.clear();
  }

  void set_fill(std::string& content, const layout::Color& c) {
    if (c == m_fill) return;
    m_fill = c;
    content += num(c.r) + " " + num(c.g) + " " + num(c.b) + " rg\n";
  }

  /// Does extraction through ToUnicode give this run's text back? If not, use ActualText.
  bool needs_actual_text(const FontUse& use, const layout::GlyphRun& run) const {
    for (const auto& g : run.glyphs) {
      // Raised or lowered marks extract out of order (poppler sorts them by position).
      if (std::abs(g.y_offset) > 0.001) return true;
      if (g.glyph == 0) {
        if (!g.text.empty()) return true;
        continue;
      }
      const std::string& mapped = use.text[g.glyph];
      if (g.text.find("\xC2\xAD") == std::string_view::npos ? mapped != g.text
                                                            : mapped != extraction_text(g.text))
        return true;
    }
    return false;
  }

  void write_run(std::string& content, const layout::GlyphRun& run, double page_height,
                 std::vector<Patch>& patches) {
    if (run.glyphs.empty()) return;
    FontUse& use = font_use(run.font);
    record_glyphs(use, run);
    std::string actual = extraction_text(run.actual_text);
    if (actual.empty() && needs_actual_text(use, run)) {
      std::vector<std::string> parts;
      for (const auto& g : run.glyphs)
        parts.push_back(extraction_text(g.text));
      bool rtl = false;
      for (const auto& p : parts)
        rtl = rtl || has_rtl_chars(p);
      if (rtl) std::reverse(parts.begin(), parts.end()); // glyphs are in visual order
      for (const auto& p : parts)
        actual += p;
    }
    set_fill(content, run.color);
    if (!actual.empty()) content += "/Span <</ActualText <FEFF" + utf16be_hex(actual) + ">>> BDC\n";
    content += "BT\n/";
    content += use.resource_name;
    content += ' ';
    content += num(run.size);
    content += " Tf\n";
    content += num(run.x);
    content += ' ';
    content += num(page_height - run.y);
    content += " Td\n[";
    double pen = 0; // where the viewer's pen is, in pt from the run origin
    double rise = 0;
    bool in_string = false;
    static const char* const hex = "0123456789ABCDEF";
    content.reserve(content.size() + run.glyphs.size() * 6 + 16);
    for (const auto& g : run.glyphs) {
      if (std::abs(g.y_offset - rise) > 0.0005) {
        if (in_string) content += '>';
        in_string = false;
        content += "] TJ\n";
        content += num(g.y_offset);
        content += " Ts\n[";
        rise = g.y_offset;
      }
      double delta = g.x - pen;
      long long adj = std::llround(-delta * 1000.0 / run.size);
      // ±1/1000 em is width rounding noise (<0.02 pt): skip it; the pen keeps the true
      // position, so the error never accumulates past that.
      if (adj > 1 || adj < -1) {
        if (in_string) content += '>';
        in_string = false;
        char buf[24];
        auto res = std::to_chars(buf, buf + sizeof buf, adj);
        content.append(buf, res.ptr);
        pen -= adj * run.size / 1000.0;
      }
      if (!in_string) content += '<';
      in_string = true;
      // CFF: the original glyph id, replaced by the subset id at the end
      const unsigned code = use.cff ? g.glyph : use.code_of[g.glyph];
      if (use.cff) patches.push_back({content.size(), run.font});
      const char digits[4] = {hex[(code >> 12) & 0xF], hex[(code >> 8) & 0xF],
                              hex[(code >> 4) & 0xF], hex[code & 0xF]};
      content.append(digits, 4);
      pen += use.width_of[g.glyph] * run.size / 1000.0;
    }
    if (in_string) content += ">";
    content += "] TJ\n";
    if (rise != 0) content += "0 Ts\n";
    content += "ET\n";
    if (!actual.empty()) content += "EMC\n";
  }

  void add_link(PdfPage* page, const layout::LinkArea& link, double page_height,
                std::size_t page_index, const std::vector<layout::StructElement>& structure) {
    if (link.uri.empty() && link.destination.empty()) return;
    PdfAnnotation* annot = page->CreateAnnotation(
        ePdfAnnotation_Link,
        PdfRect(link.x, page_height - link.y - link.height, link.width, link.height));
    PdfDictionary& d = annot->GetObject()->GetDictionary();
    d.RemoveKey(PdfName("M")); // "now": breaks reproducibility
    annot->SetBorderStyle(0, 0, 0);
    if (!link.uri.empty()) {
      PdfAction action(ePdfAction_URI, &m_doc);
      action.SetURI(PdfString(ascii_uri(link.uri)));
      annot->SetAction(action);
    } else {
      d.AddKey(PdfName("Dest"), utf8_string(link.destination));
    }
    if (link.tag >= 0 && static_cast<std::size_t>(link.tag) < structure.size()) {
      std::string what = link.uri.empty() ? "internal link" : "link to " + link.uri;
      d.AddKey(PdfName("Contents"), utf8_string(what));
      m_content[link.tag].push_back({m_seq++, page_index, -1, annot->GetObject()->Reference()});
    }
  }

  // ---- logical structure (tagged PDF) -----------------------------------------------------
  /// Builds the StructTreeRoot from tree.structure and the marked content recorded while the
  /// pages were written: element kids in reading order (own content and child elements by
  /// their first content), empty elements left out, a ParentTree for pages and annotations.
  void add_structure(const std::vector<layout::StructElement>& elems) {
    const std::size_t n = elems.size();
    if (n == 0 || m_page_heights.empty()) return;
    std::vector<std::vector<std::size_t>> kids(n);
    for (std::size_t i = 1; i < n; ++i)
      if (elems[i].parent >= 0 && static_cast<std::size_t>(elems[i].parent) < i)
        kids[elems[i].parent].push_back(i);
    // first content position of each subtree (children come after their parent)
    const std::size_t none = static_cast<std::size_t>(-1);
    std::vector<std::size_t> first(n, none);
    for (std::size_t i = n; i-- > 0;) {
      auto found = m_content.find(static_cast<int>(i));
      if (found != m_content.end() && !found->second.empty())
        first[i] = std::min(first[i], found->second.front().seq);
      for (auto k : kids[i])
        first[i] = std::min(first[i], first[k]);
    }
    auto& objects = m_doc.GetObjects();
    PdfObject* root = objects.CreateObject("StructTreeRoot");
    std::vector<PdfObject*> obj(n, nullptr);
    // no /Type /StructElem (optional): thousands of elements in a long document
    obj[0] = objects.CreateObject();
    for (std::size_t i = 1; i < n; ++i)
      if (first[i] != none) obj[i] = objects.CreateObject();
    std::vector<PdfArray> page_parents(m_page_mcids.size());
    for (std::size_t p = 0; p < m_page_mcids.size(); ++p)
      for (int tag : m_page_mcids[p])
        page_parents[p].push_back(obj[static_cast<std::size_t>(tag)]->Reference());
    std::vector<std::pair<std::size_t, PdfReference>> annot_parents;
    for (std::size_t i = 0; i < n; ++i) {
      if (!obj[i]) continue;
      PdfDictionary& d = obj[i]->GetDictionary();
      d.AddKey(PdfName("S"), PdfName(elems[i].role));
      d.AddKey(PdfName("P"), i == 0 ? root->Reference() : obj[elems[i].parent]->Reference());
      if (!elems[i].alt.empty()) d.AddKey(PdfName("Alt"), utf8_string(elems[i].alt));
      // kids: own marked content and annotations merged with child elements by position
      struct Kid {
        std::size_t seq;
        PdfObject value;
      };
      std::vector<Kid> list;
      std::size_t home_page = none;
      auto found = m_content.find(static_cast<int>(i));
      if (found != m_content.end()) {
        for (const auto& c : found->second) {
          if (home_page == none) home_page = c.page;
          PdfObject page_ref(m_page_refs.at(c.page));
          if (c.mcid < 0) { // an annotation
            PdfDictionary objr;
            objr.AddKey(PdfName("Type"), PdfName("OBJR"));
            objr.AddKey(PdfName("Obj"), c.annot);
            objr.AddKey(PdfName("Pg"), page_ref);
            list.push_back({c.seq, PdfObject(objr)});
            std::size_t key = m_page_mcids.size() + annot_parents.size();
            annot_parents.emplace_back(key, obj[i]->Reference());
            objects.GetObject(c.annot)->GetDictionary().AddKey(
                PdfName("StructParent"), PdfObject(static_cast<pdf_int64>(key)));
          } else if (c.page == home_page) {
            list.push_back({c.seq, PdfObject(static_cast<pdf_int64>(c.mcid))});
          } else {
            PdfDictionary mcr;
            mcr.AddKey(PdfName("Type"), PdfName("MCR"));
            mcr.AddKey(PdfName("Pg"), page_ref);
            mcr.AddKey(PdfName("MCID"), PdfObject(static_cast<pdf_int64>(c.mcid)));
            list.push_back({c.seq, PdfObject(mcr)});
          }
        }
      }
      if (home_page != none) d.AddKey(PdfName("Pg"), m_page_refs.at(home_page));
      for (auto k : kids[i])
        if (obj[k]) list.push_back({first[k], PdfObject(obj[k]->Reference())});
      std::stable_sort(list.begin(), list.end(),
                       [](const Kid& a, const Kid& b) { return a.seq < b.seq; });
      PdfArray karray;
      for (auto& k : list)
        karray.push_back(k.value);
      d.AddKey(PdfName("K"), karray);
    }
    PdfArray nums;
    for (std::size_t p = 0; p < page_parents.size(); ++p) {
      nums.push_back(PdfObject(static_cast<pdf_int64>(p)));
      nums.push_back(page_parents[p]);
    }
    for (auto& [key, ref] : annot_parents) {
      nums.push_back(PdfObject(static_cast<pdf_int64>(key)));
      nums.push_back(ref);
    }
    PdfObject* parent_tree = objects.CreateObject();
    parent_tree->GetDictionary().AddKey(PdfName("Nums"), nums);
    PdfDictionary& r = root->GetDictionary();
    r.AddKey(PdfName("K"), obj[0]->Reference());
    r.AddKey(PdfName("ParentTree"), parent_tree->Reference());
    r.AddKey(PdfName("ParentTreeNextKey"),
             PdfObject(static_cast<pdf_int64>(m_page_mcids.size() + annot_parents.size())));
    PdfDictionary& catalog = m_doc.GetCatalog()->GetDictionary();
    catalog.AddKey(PdfName("StructTreeRoot"), root->Reference());
    PdfDictionary mark_info;
    mark_info.AddKey(PdfName("Marked"), PdfObject(true));
    catalog.AddKey(PdfName("MarkInfo"), mark_info);
  }

  // ---- document-level structures ---------------------------------------------------------
  PdfArray xyz(std::size_t page, double left, double top) {
    PdfArray a;
    a.push_back(m_page_refs.at(page));
    a.push_back(PdfName("XYZ"));
    a.push_back(PdfObject(left));
    a.push_back(PdfObject(top));
    a.push_back(PdfObject(static_cast<pdf_int64>(0)));
    return a;
  }

  void add_destinations() {
    if (m_destinations.empty()) return;
    std::set<std::string> seen;
    PdfNamesTree* names = m_doc.GetNamesTree();
    for (const auto& dest : m_destinations) {
      if (!seen.insert(dest.name).second) continue; // first definition wins
      PdfObject value(xyz(dest.page, dest.x, dest.top));
      names->AddValue(PdfName("Dests"), utf8_string(dest.name), value);
    }
  }

  void add_outline(const layout::PageTree& tree) {
    const auto& entries = tree.outline;
    if (entries.empty() || m_page_heights.empty()) return;
    struct Node {
      PdfObject* obj = nullptr;
      int parent = -1; // -1 = the Outlines dictionary
      std::vector<int> children;
      int descendants = 0;
    };
    std::vector<Node> nodes(entries.size());
    std::vector<int> roots;
    std::vector<std::pair<int, int>> stack; // (level, node)
    PdfObject* outlines = m_doc.GetObjects().CreateObject("Outlines");
    for (std::size_t i = 0; i < entries.size(); ++i) {
      const auto& e = entries[i];
      while (!stack.empty() && stack.back().first >= e.level)
        stack.pop_back();
      int parent = stack.empty() ? -1 : stack.back().second;
      nodes[i].parent = parent;
      (parent < 0 ? roots : nodes[parent].children).push_back(static_cast<int>(i));
      stack.emplace_back(e.level, static_cast<int>(i));
      PdfObject* obj = m_doc.GetObjects().CreateObject();
      nodes[i].obj = obj;
      std::size_t page = std::min<std::size_t>(std::max(e.page, 0), m_page_heights.size() - 1);
      double top = m_page_heights[page] - e.y;
      obj->GetDictionary().AddKey(PdfName("Title"), utf8_string(e.title));
      obj->GetDictionary().AddKey(PdfName("Dest"), xyz(page, 0, top));
    }
    for (std::size_t i = entries.size(); i-- > 0;) {
      int p = nodes[i].parent;
      if (p >= 0) nodes[p].descendants += 1 + nodes[i].descendants;
    }
    auto link_siblings = [&](const std::vector<int>& kids, PdfObject* parent) {
      for (std::size_t k = 0; k < kids.size(); ++k) {
        PdfDictionary& d = nodes[kids[k]].obj->GetDictionary();
        d.AddKey(PdfName("Parent"), parent->Reference());
        if (k > 0) d.AddKey(PdfName("Prev"), nodes[kids[k - 1]].obj->Reference());
        if (k + 1 < kids.size()) d.AddKey(PdfName("Next"), nodes[kids[k + 1]].obj->Reference());
      }
      if (!kids.empty()) {
        parent->GetDictionary().AddKey(PdfName("First"), nodes[kids.front()].obj->Reference());
        parent->GetDictionary().AddKey(PdfName("Last"), nodes[kids.back()].obj->Reference());
      }
    };
    link_siblings(roots, outlines);
    for (auto& n : nodes) {
      link_siblings(n.children, n.obj);
      // Positive count: the entry is open.
      if (!n.children.empty())
        n.obj->GetDictionary().AddKey(PdfName("Count"),
                                      PdfObject(static_cast<pdf_int64>(n.descendants)));
    }
    outlines->GetDictionary().AddKey(PdfName("Count"),
                                     PdfObject(static_cast<pdf_int64>(entries.size())));
    m_doc.GetCatalog()->GetDictionary().AddKey(PdfName("Outlines"), outlines->Reference());
    m_doc.SetPageMode(ePdfPageModeUseBookmarks);
  }

  void add_metadata(const layout::PageTreeInfo& info) {
    std::string authors;
    for (const auto& a : info.authors)
      authors += (authors.empty() ? "" : ", ") + a;
    std::string creator = std::string("sheaf ") + SHEAF_VERSION;
    std::string producer =
        creator + " (PoDoFo " + PODOFO_VERSION_STRING + ", HarfBuzz " + hb_version_string() + ")";
    PdfInfo* pdf_info = m_doc.GetInfo();
    if (!info.title.empty()) pdf_info->SetTitle(utf8_string(info.title));
    if (!authors.empty()) pdf_info->SetAuthor(utf8_string(authors));
    if (!info.subject.empty()) pdf_info->SetSubject(utf8_string(info.subject));
    if (!info.keywords.empty()) pdf_info->SetKeywords(utf8_string(info.keywords));
    pdf_info->SetCreator(PdfString(creator));
    pdf_info->SetProducer(PdfString(producer));
    PdfDictionary& idict = pdf_info->GetObject()->GetDictionary();
    idict.AddKey(PdfName("CreationDate"), PdfString(pdf_date(info.epoch)));
    idict.AddKey(PdfName("ModDate"), PdfString(pdf_date(info.epoch)));

    std::string date = iso_date(info.epoch);
    std::string x = "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                    "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                    "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
                    "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\""
                    " xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\""
                    " xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n"
                    "<dc:format>application/pdf</dc:format>\n";
    if (!info.title.empty())
      x += "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">" + xml_escape(info.title) +
           "</rdf:li></rdf:Alt></dc:title>\n";
    if (!info.authors.empty()) {
      x += "<dc:creator><rdf:Seq>";
      for (const auto& a : info.authors)
        x += "<rdf:li>" + xml_escape(a) + "</rdf:li>";
      x += "</rdf:Seq></dc:creator>\n";
    }
    if (!info.subject.empty())
      x += "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">" + xml_escape(info.subject) +
           "</rdf:li></rdf:Alt></dc:description>\n";
    if (!info.language.empty())
      x += "<dc:language><rdf:Bag><rdf:li>" + xml_escape(info.language) +
           "</rdf:li></rdf:Bag></dc:language>\n";
    x += "<xmp:CreateDate>" + date + "</xmp:CreateDate>\n<xmp:ModifyDate>" + date +
         "</xmp:ModifyDate>\n<xmp:MetadataDate>" + date + "</xmp:MetadataDate>\n<xmp:CreatorTool>" +
         xml_escape(creator) + "</xmp:CreatorTool>\n<pdf:Producer>" + xml_escape(producer) +
         "</pdf:Producer>\n";
    if (!info.keywords.empty())
      x += "<pdf:Keywords>" + xml_escape(info.keywords) + "</pdf:Keywords>\n";
    x += "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>\n";
    PdfObject* meta = m_doc.GetObjects().CreateObject("Metadata");
    meta->GetDictionary().AddKey(PdfName("Subtype"), PdfName("XML"));
    meta->GetStream()->Set(x.data(), static_cast<pdf_long>(x.size()), TVecFilters());
    PdfDictionary& catalog = m_doc.GetCatalog()->GetDictionary();
    catalog.AddKey(PdfName("Metadata"), meta->Reference());
    if (!info.language.empty()) catalog.AddKey(PdfName("Lang"), utf8_string(info.language));
    m_doc.SetDisplayDocTitle();
  }

  /// Content of a structure element: a marked-content id on a page, or an annotation.
  struct TaggedContent {
    std::size_t seq;  ///< emission order (reading order of the content)
    std::size_t page; ///< page index
    int mcid;         ///< -1: the annotation `annot`
    PdfReference annot;
  };
  static constexpr int k_none = -100; ///< no marked content open

  struct DestinationRecord {
    std::string name;
    std::size_t page;
    double x, top;
  };

  layout::HbFontProvider& m_fonts;
  const model::ResourceStore& m_resources;
  diag::DiagnosticSink& m_sink;
  PdfMemDocument m_doc;
  std::map<layout::FontId, FontUse> m_used;
  std::vector<layout::FontId> m_font_order;
  PdfObject* m_resources_obj = nullptr;
  std::map<std::string, std::string> m_images;                  ///< resource id -> XObject name
  std::vector<std::pair<std::string, PdfReference>> m_xobjects; ///< name -> image object
  std::map<std::string, std::pair<double, double>> m_svgs;      ///< SVG id -> largest placed size
  std::set<std::string> m_bad_images;
  std::vector<DestinationRecord> m_destinations;
  std::vector<PdfReference> m_page_refs;   ///< page objects in order
  std::vector<double> m_page_heights;      ///< by page (not the blank page of an empty tree)
  std::vector<DeferredContent> m_deferred; ///< content streams waiting for CFF subsets
  ContentBatch m_batch;                    ///< content streams not yet handed to a thread
  std::size_t m_batch_bytes = 0;
  std::deque<std::vector<PdfObject*>> m_batch_objects; ///< per started batch
  std::deque<std::future<std::vector<std::string>>> m_batch_results;
  std::map<int, std::vector<TaggedContent>> m_content; ///< by structure element
  std::vector<std::vector<int>> m_page_mcids;          ///< by page: element of each MCID
  std::size_t m_seq = 0;
  layout::Color m_fill;
};

PdfEmitter::PdfEmitter(layout::HbFontProvider& fonts, const model::ResourceStore& resources,
                       diag::DiagnosticSink& sink)
    : m_impl(std::make_unique<Impl>(fonts, resources, sink)) {}

PdfEmitter::~PdfEmitter() = default;

namespace {

[[noreturn]] void rethrow_pdf_error(const PdfError& e) {
  throw diag::Error(diag::ErrorKind::output, "pdf-write-failed",
                    std::string("while writing the PDF: ") + PdfError::ErrorMessage(e.GetError()));
}

} // namespace

void PdfEmitter::page(const layout::Page& page, std::size_t index,
                      const std::vector<layout::StructElement>& structure) {
  try {
    m_impl->emit_page(page, index, structure);
  } catch (const PdfError& e) {
    rethrow_pdf_error(e);
  }
}

std::string PdfEmitter::finish(const layout::PageTree& tree) {
  try {
    return m_impl->finish(tree);
  } catch (const PdfError& e) {
    rethrow_pdf_error(e);
  }
}

std::string emit_pdf(const layout::PageTree& tree, layout::HbFontProvider& fonts,
                     const model::ResourceStore& resources, diag::DiagnosticSink& sink) {
  PdfEmitter emitter(fonts, resources, sink);
  return emitter.finish(tree);
}

} // namespace sheaf::writers
