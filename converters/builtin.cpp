// The one table of built-in formats: name, description, extensions, factory.
// Explicit registration (no static self-registration: linkers drop it from static libraries).
#include "builtin.hpp"

#include "readers/html/html_reader.hpp"
#include "readers/markdown/markdown_reader.hpp"
#include "readers/text/text_reader.hpp"
#include "writers/epub/epub_writer.hpp"
#include "writers/native/native_writer.hpp"
#include "writers/pdf/pdf_writer.hpp"

#include <memory>

namespace sheaf {

void register_builtin_formats(format::Registry& r) {
  // Readers
  r.add_reader({"text", "plain text (articles, Project Gutenberg books)", {".txt", ".text"}},
               [] { return std::make_unique<readers::TextReader>(); });
  r.add_reader(
      {"html", "HTML and XHTML web pages (article extraction)", {".html", ".htm", ".xhtml"}},
      [] { return std::make_unique<readers::HtmlReader>(); });
  r.add_reader({"markdown",
                "Markdown: CommonMark, GitHub extensions, YAML front matter",
                {".md", ".markdown", ".mdown", ".mkd"}},
               [] { return std::make_unique<readers::MarkdownReader>(); });
  // Writers
  r.add_writer({"native", "the document model as a stable text dump (for tests)", {".native"}},
               [] { return std::make_unique<writers::NativeWriter>(); });
  r.add_writer({"epub", "EPUB 3 e-book (with an NCX for EPUB 2 readers)", {".epub"}},
               [] { return std::make_unique<writers::EpubWriter>(); });
  r.add_writer({"pdf", "PDF 1.7, typeset by sheaf's layout engine (HarfBuzz, PoDoFo)", {".pdf"}},
               [] { return std::make_unique<writers::PdfWriter>(); });
}

} // namespace sheaf
