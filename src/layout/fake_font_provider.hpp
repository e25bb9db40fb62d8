// A font provider with fixed advances for tests: every code point 0.5 em (monospace families
// included), a space 0.25 em (0.5 em in monospace), marks and U+00AD zero; glyph id = code point.
#pragma once

#include "layout/font_provider.hpp"

#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace sheaf::layout {

/// Deterministic, font-file-free FontProvider (litehtml's test container idea).
class FakeFontProvider : public FontProvider {
public:
  FontId resolve(const FontRequest& req) override;
  FontMetrics metrics(FontId font) override;
  std::vector<ShapedRun> shape(FontId primary, std::string_view text, std::string_view language,
                               bool rtl, std::vector<MissingGlyph>* missing = nullptr) override;
  std::string face_name(FontId font) override;

  /// Code points this provider pretends no face has (reported as missing).
  void set_missing(std::vector<char32_t> cps) { m_missing = std::move(cps); }

private:
  struct Face {
    std::string name;
    bool mono = false;
  };
  std::mutex m_mutex;
  std::vector<Face> m_faces;
  std::map<std::string, FontId> m_by_key;
  std::vector<char32_t> m_missing;
};

} // namespace sheaf::layout
