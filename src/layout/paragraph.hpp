// Paragraph layout: styled text segments -> shaped, hyphenated, broken, justified lines of
// positioned glyph runs (with link areas and anchors), using the line breaker.
#pragma once

#include "diag/diagnostic.hpp"
#include "layout/font_provider.hpp"
#include "layout/page_tree.hpp"
#include "style/computed_style.hpp"

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

struct UBreakIterator;

namespace sheaf::layout {

class Hyphenator;
class LazyHyphenator;

/// A run of text in one style.
struct TextSegment {
  std::string text;
  FontId font = 0;
  double size = 11; ///< pt
  Color color;
  double baseline_shift = 0;    ///< pt, positive = up (superscripts)
  double line_height = 0;       ///< pt this segment needs (0: paragraph's)
  bool hyphenate = true;        ///< false for code and URLs
  std::string link_uri;         ///< external link target
  std::string link_destination; ///< internal link target (named destination)
  std::string anchor;           ///< destination name placed where the segment starts
  bool hard_break = false;      ///< forced line break after the text
};

/// Paragraph-wide settings.
struct ParagraphSettings {
  double width = 400; ///< line width, pt
  double indent = 0;  ///< first-line indent, pt
  style::TextAlign align = style::TextAlign::justify;
  const Hyphenator* hyphenator = nullptr; ///< automatic hyphenation (or see lazy_hyphenator)
  const LazyHyphenator* lazy_hyphenator = nullptr; ///< loaded only when a paragraph needs it
  double line_height = 14;                         ///< minimum line height, pt
  std::size_t first_fit_words = 5000;              ///< paragraphs with more words use first fit
};

/// One shaped glyph of a cached word.
struct FlatGlyph {
  FontId font = 0;
  std::uint32_t glyph = 0;
  float advance = 0, x_offset = 0, y_offset = 0; ///< em
  std::uint32_t cluster = 0;                     ///< byte offset in the word
  std::uint32_t text_len = 0; ///< bytes of source text this glyph stands for (0: none)
};

/// A word shaped once per (font, direction, text).
struct ShapedWord {
  std::vector<FlatGlyph> glyphs;
  bool hyphens_known = false;
  std::vector<std::uint32_t> hyphens; ///< byte offsets of hyphenation points
};

/// Shaping cache and shared ICU state for one typesetting run (single-threaded).
class ShapeCache {
public:
  ShapeCache(FontProvider& fonts, std::string language, diag::DiagnosticSink& sink);
  ~ShapeCache();
  ShapeCache(const ShapeCache&) = delete;
  ShapeCache& operator=(const ShapeCache&) = delete;

  /// The shaped form of `text` in `font` (cached; missing glyphs reported once).
  const ShapedWord& word(FontId font, std::string_view text, bool rtl);
  const FontMetrics& metrics(FontId font);
  FontProvider& fonts() { return m_fonts; }
  const std::string& language() const { return m_language; }
  /// A line break iterator (UAX #14) for the document language.
  UBreakIterator* breaker();
  std::size_t size() const { return m_words.size(); }

private:
  FontProvider& m_fonts;
  std::string m_language;
  diag::DiagnosticSink& m_sink;
  std::unordered_map<std::string, std::unique_ptr<ShapedWord>> m_words;
  std::unordered_map<FontId, FontMetrics> m_metrics;
  std::string m_key;
  UBreakIterator* m_breaker = nullptr;
  std::vector<char32_t> m_reported_missing;
};

/// One laid-out line. Coordinates are relative to the line's top-left corner.
struct Line {
  double height = 0;          ///< line box height, pt
  double baseline = 0;        ///< baseline distance from the top, pt
  double width = 0;           ///< used width, pt
  std::vector<GlyphRun> runs; ///< y = baseline (minus shifts)
  std::vector<LinkArea> links;
  std::vector<Destination> anchors;
  /// The text of the line (glyph source texts), for tests.
  std::string text() const;
};

/// Result of laying out a paragraph.
struct ParagraphResult {
  std::vector<Line> lines;
  bool total_fit = false; ///< Knuth–Plass was used (false: first fit)
  std::size_t words = 0;
};

/// Lays out `segments` into lines. `where` locates diagnostics (`overfull-line`).
ParagraphResult layout_paragraph(const std::vector<TextSegment>& segments,
                                 const ParagraphSettings& settings, ShapeCache& cache,
                                 diag::DiagnosticSink& sink, const diag::SourceLocation& where);

} // namespace sheaf::layout
