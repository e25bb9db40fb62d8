// The Markdown reader: CommonMark plus GitHub extensions (tables, strikethrough, autolinks,
// task lists, footnotes) via cmark-gfm, and YAML front matter via yaml-cpp.
#pragma once

#include "format/reader.hpp"

namespace sheaf::readers {

/// Reads Markdown (format "markdown": .md .markdown .mdown .mkd).
class MarkdownReader : public format::Reader {
public:
  model::Document read(std::string_view bytes, const format::ReadOptions& options,
                       diag::DiagnosticSink& sink) const override;
};

} // namespace sheaf::readers
