// The plain-text reader (`-f text`): decodes, removes Project Gutenberg boilerplate, unwraps
// hard-wrapped lines, recognises headings, lists, quotes, breaks, code and URLs, and guesses
// title and author. The conventions are specified with examples in tests/spec/text-reader.md.
#pragma once

#include "format/reader.hpp"

namespace sheaf::readers {

/// Reads plain text (.txt) into a Document.
class TextReader : public format::Reader {
public:
  model::Document read(std::string_view bytes, const format::ReadOptions& options,
                       diag::DiagnosticSink& sink) const override;
};

} // namespace sheaf::readers
