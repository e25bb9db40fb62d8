// Options that readers and writers receive; filled by the CLI from flags and defaults.
#pragma once

#include "model/metadata.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace sheaf::format {

/// How a reader should interpret its input.
struct ReadOptions {
  std::string display_name;                          ///< name used in diagnostics ("-" for stdin)
  std::filesystem::path base_dir;                    ///< folder relative resources resolve against
  std::vector<std::filesystem::path> resource_paths; ///< extra allowed resource roots
  bool smart = true; ///< smart typography (quotes, dashes, ellipses)
  std::string extract =
      "auto";           ///< article extraction (HTML; Gutenberg frame of text): auto|always|never
  std::string language; ///< --lang, if given (guides quote style)
  std::string title;    ///< --title, if given (suppresses title guessing)
};

/// How a writer should serialize.
struct WriteOptions {
  int split_level = 1;           ///< EPUB: split chapters at headings of this level (0: one file)
  std::string style = "default"; ///< theme name (styles/NAME.css)
  std::vector<std::string> user_css; ///< contents of --css files, in order
  bool toc = false;                  ///< PDF: printed table of contents
  std::string paper;                 ///< PDF: a4|letter|a5|WxH (empty: from @page)
  std::string margin;                ///< PDF: margin override (CSS length)
  long long source_date_epoch = -1;  ///< fixed timestamp (seconds) or -1 for "now"
};

} // namespace sheaf::format
