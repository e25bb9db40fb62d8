// The HTML reader (format "html": .html, .htm, .xhtml): decode, parse with gumbo, extract the
// article, map elements to the document model.
#pragma once

#include "format/reader.hpp"

#include <string>
#include <string_view>

namespace sheaf::readers {

/// Reads web pages and HTML documents. Stateless.
class HtmlReader : public format::Reader {
public:
  model::Document read(std::string_view bytes, const format::ReadOptions& options,
                       diag::DiagnosticSink& sink) const override;
};

namespace html {

/// Encoding declared by a <meta charset> or http-equiv Content-Type in the first bytes of
/// `bytes` (lower case, e.g. "windows-1252"), or "" when none is declared.
std::string declared_charset(std::string_view bytes);

/// Deepest nesting of unclosed container tags the parser is given; deeper open tags (and their
/// matching end tags) are dropped before parsing because gumbo is quadratic on depth.
constexpr int max_parse_depth = 1500;

/// Copy of `html` with open tags nested deeper than `limit` removed (their content stays).
/// `dropped` receives how many tags were removed.
std::string limit_nesting(std::string_view html, int limit, std::size_t& dropped);

} // namespace html
} // namespace sheaf::readers
