// Fixed-advance fake font provider used by the layout tests.
#include "layout/fake_font_provider.hpp"

#include "layout/text_utils.hpp"

#include <algorithm>

namespace sheaf::layout {

FontId FakeFontProvider::resolve(const FontRequest& req) {
  std::string family = req.families.empty() ? "serif" : req.families.front();
  bool mono = std::any_of(req.families.begin(), req.families.end(), [](const std::string& f) {
    return f == "monospace" || f.find("Mono") != std::string::npos ||
           f.find("mono") != std::string::npos || f.find("Courier") != std::string::npos;
  });
  std::string name = "Fake " + family;
  if (req.weight >= 600) name += " Bold";
  if (req.italic) name += " Italic";
  std::lock_guard<std::mutex> lock(m_mutex);
  auto it = m_by_key.find(name);
  if (it != m_by_key.end()) return it->second;
  FontId id = static_cast<FontId>(m_faces.size());
  m_faces.push_back({name, mono});
  m_by_key.emplace(name, id);
  return id;
}

FontMetrics FakeFontProvider::metrics(FontId) {
  return FontMetrics{};
}

std::vector<ShapedRun> FakeFontProvider::shape(FontId primary, std::string_view text,
                                               std::string_view, bool rtl,
                                               std::vector<MissingGlyph>* missing) {
  bool mono = false;
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    if (primary < m_faces.size()) mono = m_faces[primary].mono;
  }
  ShapedRun run;
  run.font = primary;
  run.rtl = rtl;
  run.text_begin = 0;
  run.text_end = static_cast<std::uint32_t>(text.size());
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::uint32_t cluster = static_cast<std::uint32_t>(pos);
    char32_t cp = decode_utf8(text, pos);
    ShapedGlyph g;
    g.glyph = cp;
    g.cluster = cluster;
    if (cp == U' ' || cp == 0xA0)
      g.x_advance = mono ? 0.5 : 0.25;
    else if (cp == 0xAD || (cp >= 0x300 && cp < 0x370) || cp == 0x200B)
      g.x_advance = 0;
    else
      g.x_advance = 0.5;
    if (missing && std::find(m_missing.begin(), m_missing.end(), cp) != m_missing.end()) {
      missing->push_back({cp, cluster});
      g.glyph = 0;
    }
    run.glyphs.push_back(g);
  }
  if (rtl) std::reverse(run.glyphs.begin(), run.glyphs.end());
  return {run};
}

std::string FakeFontProvider::face_name(FontId font) {
  std::lock_guard<std::mutex> lock(m_mutex);
  return font < m_faces.size() ? m_faces[font].name : "Fake ?";
}

} // namespace sheaf::layout
