// YAML front matter of Markdown files: finding the `---` block at the very start and turning
// its keys into model::Metadata (yaml-cpp).
#pragma once

#include "diag/diagnostic.hpp"
#include "model/metadata.hpp"

#include <functional>
#include <string>
#include <string_view>

namespace sheaf::readers {

/// Where a front-matter block sits in the text.
struct FrontMatterBlock {
  bool found = false;
  std::string yaml;    ///< the lines between the delimiters
  std::size_t end = 0; ///< byte offset just past the closing delimiter line
  int first_line = 0;  ///< 1-based line of the first YAML line (the one after `---`)
  int line_count = 0;  ///< lines covered, delimiters included
};

/// Find front matter: a first line `---`, then lines up to a closing `---` or `...` line.
/// Without a closing line there is no front matter (the `---` is Markdown).
FrontMatterBlock find_front_matter(std::string_view text);

/// What parse_front_matter() concluded.
enum class FrontMatterResult {
  metadata, ///< a YAML mapping (or empty): metadata filled, block removed from the text
  invalid,  ///< malformed YAML: `front-matter-invalid` reported, block removed from the text
  not_yaml, ///< well-formed YAML that is not a mapping: the block stays Markdown
};

/// Resolves a cover-image reference to a resource id ("" when it could not be loaded).
using CoverResolver = std::function<std::string(const std::string& ref, int line)>;

/// Parse the YAML of `block` into `meta`: title, subtitle, author(s), date, lang/language,
/// description, keywords (list or comma string), cover-image, identifier, publisher; other
/// scalar keys go to `meta.extra`. Problems are reported to `sink` with their line.
FrontMatterResult parse_front_matter(const FrontMatterBlock& block, const std::string& file_name,
                                     model::Metadata& meta, const CoverResolver& resolve_cover,
                                     diag::DiagnosticSink& sink);

/// A pandoc title block at the very start: up to three `%` lines (title, authors separated by
/// `;`, date), each continued by lines starting with a space. Fills `meta` and returns the
/// number of bytes it covers (0: none); `lines` gets the number of lines.
std::size_t read_title_block(std::string_view text, model::Metadata& meta, int& lines);

} // namespace sheaf::readers
