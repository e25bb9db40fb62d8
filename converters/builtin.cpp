// The one table of built-in formats: register_builtin_formats() adds every reader and writer.

#include "builtin.hpp"

#include "readers/markdown/markdown_reader.hpp"

#include <memory>

namespace sheaf {

void register_builtin_formats(format::Registry& registry) {
  registry.add_reader({"markdown",
                       "Markdown (CommonMark, GitHub extensions, YAML front matter)",
                       {".md", ".markdown", ".mdown", ".mkd"}},
                      [] { return std::make_unique<readers::MarkdownReader>(); });
}

} // namespace sheaf
