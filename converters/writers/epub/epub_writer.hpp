// The EPUB 3 writer: chunked XHTML content, package documents and an OCF zip, in memory.
#pragma once

#include "format/writer.hpp"

namespace sheaf::writers {

/// Writes EPUB 3 (with an NCX for EPUB 2 reading systems) that passes epubcheck 4.2.6.
/// Output bytes depend only on the document, the options and the timestamp
/// (options.source_date_epoch, else util::now_epoch()).
class EpubWriter : public format::Writer {
public:
  std::string write(const model::Document& doc, const format::WriteOptions& options,
                    diag::DiagnosticSink& sink) const override;
};

} // namespace sheaf::writers
