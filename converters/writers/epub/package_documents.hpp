// The EPUB package files built from a finished plan: container.xml, the package document
// (content.opf), the navigation document (nav.xhtml) and the EPUB 2 NCX (toc.ncx).
#pragma once

#include "model/metadata.hpp"

#include <string>
#include <vector>

namespace sheaf::writers {

/// One manifest entry; items with `spine` set form the reading order, in manifest order.
struct ManifestItem {
  std::string id;
  std::string href; ///< relative to the package document
  std::string media_type;
  std::string properties;
  bool spine = false;
  bool linear = true; ///< spine items only: false for auxiliary content (linear="no")
};

/// A table of contents entry (href relative to the package document).
struct NavEntry {
  int level = 1;
  std::string title;
  std::string href;
};

/// Accessibility facts computed from the content (never assumed).
struct AccessibilityFacts {
  int images = 0;          ///< images in the publication
  int images_with_alt = 0; ///< of those, images with non-empty alt text
  bool headings = false;   ///< the content has headings
  int chapters = 0;
  bool tables = false;
};

/// Everything the package documents need.
struct PackagePlan {
  model::Metadata meta;   ///< title and language already filled in
  std::string identifier; ///< dc:identifier value
  std::string modified;   ///< dcterms:modified, "YYYY-MM-DDThh:mm:ssZ"
  std::string date;       ///< dc:date, W3CDTF, or empty
  std::vector<ManifestItem> items;
  std::string cover_item;               ///< manifest id of the cover image, or empty
  std::vector<NavEntry> toc;            ///< in reading order, nested by level
  std::string title_page_href;          ///< landmark "titlepage"
  std::string body_start_href;          ///< landmark "bodymatter" (first chapter), or empty
  std::vector<std::string> stylesheets; ///< for nav.xhtml
  AccessibilityFacts a11y;
};

/// META-INF/container.xml pointing at `opf_path`.
std::string container_xml(const std::string& opf_path);
/// The package document.
std::string package_opf(const PackagePlan& plan);
/// The navigation document (toc and landmarks).
std::string nav_xhtml(const PackagePlan& plan);
/// The NCX for EPUB 2 reading systems.
std::string toc_ncx(const PackagePlan& plan);

/// The accessibility summary sentence for `facts`.
std::string accessibility_summary(const AccessibilityFacts& facts);

/// `date` as W3CDTF accepted by epubcheck ("YYYY", "YYYY-MM", "YYYY-MM-DD"; a timestamp is
/// cut to its date; English written dates such as "July 17, 2006" are converted), or "" when
/// it is not a date.
std::string normalize_date(const std::string& date);

} // namespace sheaf::writers
