// Publication metadata of an HTML page: title, authors, date, language, description, site
// name, canonical URL and cover image candidate, from <meta>/OpenGraph/Twitter/Dublin Core,
// JSON-LD, <title>, <html lang>, <time> and the first <h1>.
#pragma once

#include "model/metadata.hpp"

#include <gumbo.h>
#include <string>

namespace sheaf::readers::html {

/// Metadata found in a page, plus hints the reader needs afterwards.
struct PageMetadata {
  model::Metadata meta;  ///< title, authors, date, language, description, site_name, source_url
  std::string cover_url; ///< og:image / twitter:image as written (resolved by the reader)
};

/// Read the metadata of the parsed document `root` (the GUMBO_NODE_DOCUMENT).
PageMetadata read_metadata(const GumboNode* root);

/// The title from <title>'s text with a trailing (or leading) site-name part removed when the
/// rest is still a real title ("Story - Site" -> "Story"); exposed for tests.
std::string clean_document_title(const std::string& title);

/// Normalise whitespace of a metadata value (collapse runs, trim).
std::string clean_value(const std::string& s);

} // namespace sheaf::readers::html
