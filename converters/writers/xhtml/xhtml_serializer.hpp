// XHTML serialization of model blocks and inlines through tinyxml2's XMLPrinter, for the
// EPUB writer's content documents (and any later XHTML/HTML writer).
#pragma once

#include "diag/diagnostic.hpp"
#include "model/document.hpp"
#include "transform/notes.hpp"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace tinyxml2 {
class XMLPrinter;
}

namespace sheaf::writers {

/// How references that leave the node tree are resolved.
struct XhtmlContext {
  /// href for an internal target id ("ch002.xhtml#intro" or "#intro"); "" when it is missing.
  std::function<std::string(const std::string& id)> internal_href;
  /// href of a packaged resource by id ("images/r1a2b.png"); "" when it is not packaged.
  std::function<std::string(const std::string& resource_id)> resource_href;
  /// The document's source URL: relative links are resolved against it.
  std::string base_url;
  /// Footnote numbers of the whole document (required when the tree has notes).
  const transform::NoteNumbering* notes = nullptr;
};

/// Writes blocks and inlines as XHTML elements onto a printer. Footnote references are
/// written where they occur; the notes themselves are queued and written as
/// <aside epub:type="footnote"> elements by write_notes().
class XhtmlSerializer {
public:
  XhtmlSerializer(tinyxml2::XMLPrinter& printer, const XhtmlContext& context,
                  diag::DiagnosticSink& sink);

  void write_blocks(const model::Blocks& blocks);
  void write_block(const model::Block& block);
  void write_inlines(const model::Inlines& inlines);

  /// True when notes were referenced since the last write_notes().
  bool has_pending_notes() const { return !m_pending_notes.empty(); }
  /// Write the queued notes (and the notes they reference) inside a
  /// <section epub:type="footnotes">, then clear the queue. Does nothing when it is empty.
  void write_notes();

private:
  using Prefix = std::function<void()>;

  void open(const char* name, const model::Attr* attr = nullptr,
            const std::vector<std::string>& extra_classes = {});
  void close();
  void text(std::string_view s);
  void attribute(const char* name, const std::string& value);
  void newline();
  /// An empty element carrying `id` (nothing when `id` is empty).
  void anchor(const char* name, const std::string& id);
  /// `label`: the prefix and the text go in one <label> (the prefix is a form control).
  void paragraph(const model::Inlines& content, const model::Attr* attr, const Prefix& prefix,
                 bool label = false);
  /// Block content of a list item, cell, definition or note: a lone paragraph is written as
  /// bare inlines when `tight`; `prefix` goes at the start of the first paragraph, and with
  /// `label` the prefix and that paragraph's text are wrapped in a <label> (task checkboxes).
  void flow(const model::Blocks& blocks, bool tight, const Prefix& prefix = {}, bool label = false);
  void list(const model::List& l, const model::Attr& attr);
  void table(const model::Table& t, const model::Attr& attr);
  void table_rows(const std::vector<model::TableRow>& rows, const model::Table& t,
                  const char* section);
  void write_inline(const model::Inline& node);
  void link(const model::Link& l, const model::Inline& node);
  void image(const model::Image& img, const model::Inline& node);
  void note_ref(const model::Note& note, const model::Inline& node);
  void dropped_raw(const std::string& format, const model::SourceSpan& span);

  tinyxml2::XMLPrinter& m_printer;
  const XhtmlContext& m_context;
  diag::DiagnosticSink& m_sink;
  std::vector<const model::Note*> m_pending_notes;
  std::vector<const model::Note*> m_refs_after_link; ///< notes met inside a link
  std::vector<const model::Note*> m_written_notes;   ///< already written in this document
  int m_link_depth = 0;
};

/// True for languages written right to left (ar, he, fa, ur, yi, ps, sd, ug, dv, ckb).
bool is_rtl_language(const std::string& language);

/// Open an XHTML content document: XML declaration, doctype, <html> with the EPUB namespace
/// and lang/xml:lang (plus dir="rtl" for right-to-left languages), <head> with title and stylesheet
/// links, then <body> (left open).
void open_xhtml_document(tinyxml2::XMLPrinter& printer, const std::string& title,
                         const std::string& language, const std::vector<std::string>& stylesheets,
                         const std::string& body_type = {});
/// Close <body> and <html>.
void close_xhtml_document(tinyxml2::XMLPrinter& printer);

} // namespace sheaf::writers
