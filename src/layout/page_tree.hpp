// The backend-neutral result of layout (typst's Frame/FrameItem idea): pages of positioned
// glyph runs, rules, images, link areas and destinations, plus the outline. Units are
// points; the origin is the top-left corner of the page, y grows downwards.
#pragma once

#include "layout/font_provider.hpp"
#include "layout/glyph_text.hpp"

#include <string>
#include <variant>
#include <vector>

namespace sheaf::layout {

/// Structure tags of drawn items (tagged PDF): an index into PageTree::structure, or one of
/// these. Untagged items are drawn as page furniture (artifacts).
inline constexpr int k_untagged = -1; ///< not assigned (yet)
inline constexpr int k_artifact = -2; ///< page furniture on purpose; never re-assigned

/// sRGB colour, components 0..1.
struct Color {
  double r = 0, g = 0, b = 0;
  bool operator==(const Color& o) const { return r == o.r && g == o.g && b == o.b; }
};

/// A glyph placed relative to the start of its run.
struct PlacedGlyph {
  std::uint32_t glyph = 0;
  double x = 0;        ///< pen position from the run origin, pt
  double y_offset = 0; ///< positive = up, pt
  double advance = 0;  ///< pt
  /// Source text this glyph stands for (the whole cluster on its first glyph, empty on the
  /// others); feeds the ToUnicode map so text extraction gives the source back.
  GlyphText text;
};

/// Glyphs of one face at one size on one baseline.
struct GlyphRun {
  FontId font = 0;
  double size = 10;    ///< pt
  double x = 0, y = 0; ///< run origin: left end of the baseline
  Color color;
  std::vector<PlacedGlyph> glyphs;
  std::string actual_text; ///< when non-empty, the exact text of the run (ActualText)
  int tag = k_untagged;    ///< structure element (PageTree::structure index)
};

/// A filled rectangle (rules, underlines, quote bars).
struct Rule {
  double x = 0, y = 0, width = 0, height = 0;
  Color color;
};

/// A raster image drawn into a box.
struct ImageItem {
  std::string resource; ///< id in the document's ResourceStore
  double x = 0, y = 0, width = 0, height = 0;
  std::string alt;
  int tag = k_untagged; ///< structure element (a Figure)
};

/// A clickable area: external URI or internal named destination.
struct LinkArea {
  double x = 0, y = 0, width = 0, height = 0;
  std::string uri;         ///< external target, or empty
  std::string destination; ///< internal target name, or empty
  int tag = k_untagged;    ///< structure element (a Link) the annotation belongs to
};

/// A named position other links can jump to.
struct Destination {
  std::string name;
  double x = 0, y = 0;
};

using PageItem = std::variant<GlyphRun, Rule, ImageItem, LinkArea, Destination>;

/// One page.
struct Page {
  double width = 595.276, height = 841.89; ///< A4 by default
  std::vector<PageItem> items;
};

/// One bookmark.
struct OutlineEntry {
  std::string title;
  int level = 1; ///< 1 = top
  int page = 0;  ///< page index
  double y = 0;  ///< position on the page (top-down)
};

/// One element of the logical structure (tagged PDF). Element 0 is the Document; children
/// follow their parents, in reading order.
struct StructElement {
  std::string role; ///< standard PDF structure type: Document, H1…H6, P, L, LI, Lbl, LBody,
                    ///< Table, TR, TH, TD, Figure, Caption, Note, Link, Code, BlockQuote, TOC, TOCI
  int parent = -1;  ///< index of the parent element (-1 for the Document)
  std::string alt;  ///< alternative text (Figure)
};

/// Document-level information the emitter writes into Info/XMP/catalog.
struct PageTreeInfo {
  std::string title, subject, keywords, language;
  std::vector<std::string> authors;
  long long epoch = 0; ///< creation/modification time (SOURCE_DATE_EPOCH)
};

/// The whole laid-out document.
struct PageTree {
  std::vector<Page> pages;
  std::vector<OutlineEntry> outline;
  PageTreeInfo info;
  std::vector<StructElement> structure; ///< empty: an untagged PDF
};

/// Stable text dump for golden tests (one item per line, coordinates rounded to 0.01 pt).
std::string dump(const PageTree& tree, FontProvider& fonts);

} // namespace sheaf::layout
