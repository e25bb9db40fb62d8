// DocumentBuilder: the only way readers construct documents. It merges adjacent text runs,
// opens implicit paragraphs/list items/cells, and enforces containment in one place.
#pragma once

#include "model/document.hpp"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace sheaf::model {

/// Which inline container open_inline() starts.
enum class InlineKind { emphasis, strong, underline, strikeout, superscript, subscript, span };

/// Which part of a table open_table_section() starts.
enum class TableSection { head, body, foot };

/// Streaming construction of a Document.
///
/// Containment rules (checked here and re-checked by validate()):
/// - inline content at block level opens an implicit Paragraph (whitespace-only text is dropped);
/// - inline content directly in a List opens an implicit ListItem; in a Table, an implicit
/// row/cell;
/// - a block opened inside inline content closes the open inline containers and the paragraph
///   (a Note is the exception: it holds blocks, so blocks may open inside it);
/// - close() closes the innermost *explicitly* opened node, with any implicit ones above it;
/// - paragraphs, headings and captions are trimmed of leading/trailing spaces and dropped when
///   empty; adjacent Text runs are merged.
class DocumentBuilder {
public:
  /// `file_name` is used in every SourceSpan this builder makes.
  explicit DocumentBuilder(std::string file_name);
  ~DocumentBuilder();
  DocumentBuilder(const DocumentBuilder&) = delete;
  DocumentBuilder& operator=(const DocumentBuilder&) = delete;

  /// A span in this builder's file.
  SourceSpan at(int line, int column = 0) const;
  const std::shared_ptr<const std::string>& file() const { return m_file; }

  Metadata& meta() { return m_doc.meta; }
  ResourceStore& resources() { return m_doc.resources; }

  // ---- leaf blocks
  void code_block(std::string language, std::string text, SourceSpan span, Attr attr = {});
  void thematic_break(SourceSpan span, Attr attr = {});
  void raw_block(std::string format, std::string text, SourceSpan span);

  // ---- block containers (end each with close())
  void open_paragraph(SourceSpan span, Attr attr = {});
  void open_heading(int level, SourceSpan span, Attr attr = {});
  void open_block_quote(SourceSpan span, Attr attr = {});
  /// Inline content of the innermost block quote's attribution (must be inside a block quote).
  void open_attribution(SourceSpan span);
  /// `proto` gives kind, start, style, reversed and tight; its items are ignored.
  void open_list(const List& proto, SourceSpan span, Attr attr = {});
  void open_list_item(SourceSpan span, std::optional<bool> checked = std::nullopt);
  void open_definition_list(SourceSpan span, Attr attr = {});
  /// A term (inline content) of the innermost definition list; starts a new item.
  void open_term(SourceSpan span);
  /// A definition (block content) of the current definition item.
  void open_definition(SourceSpan span);
  void open_div(SourceSpan span, Attr attr = {});
  void open_figure(SourceSpan span, Attr attr = {});
  /// Caption (inline content) of the innermost figure or table.
  void open_caption(SourceSpan span);
  void open_table(std::vector<ColumnSpec> columns, SourceSpan span, Attr attr = {});
  void open_table_section(TableSection section);
  void open_row(SourceSpan span);
  void open_cell(SourceSpan span, bool header, Alignment align = Alignment::default_,
                 int row_span = 1, int col_span = 1);

  // ---- inlines
  void text(std::string_view text, SourceSpan span);
  void soft_break(SourceSpan span);
  void line_break(SourceSpan span);
  void code(std::string text, SourceSpan span, Attr attr = {});
  void image(Image image, SourceSpan span, Attr attr = {});
  void raw_inline(std::string format, std::string text, SourceSpan span);
  /// Any finished inline node (e.g. one built by a helper).
  void append_inline(Inline node);
  /// Any finished block node.
  void append_block(Block node);
  void open_inline(InlineKind kind, SourceSpan span, Attr attr = {});
  void open_link(std::string url, std::string title, SourceSpan span, Attr attr = {});
  /// A footnote at this point; block content until close().
  void open_note(SourceSpan span);

  // ---- structure
  /// Close the innermost explicitly opened node.
  void close();
  /// Number of explicitly opened nodes still open.
  std::size_t depth() const;
  /// Close explicitly opened nodes until depth() == d.
  void close_to(std::size_t d);
  /// End an implicitly opened paragraph (and implicit inline frames), e.g. at the edge of an
  /// unwrapped HTML <div>; explicitly opened nodes stay open.
  void end_implicit_paragraph();
  /// True when inline content would go into an inline container right now.
  bool in_inline_context() const;
  /// True when the innermost open node is (inside) a code-like context that must keep spaces.
  /// Close everything and return the document. The builder is empty afterwards.
  Document finish();

  struct Frame;

private:
  Frame& top();
  void push(std::unique_ptr<Frame> f);
  void pop_one();
  void ensure_block_context();
  void ensure_inline_context(const SourceSpan& span);
  void add_inline(Inline node);
  void add_block(Block node);

  std::shared_ptr<const std::string> m_file;
  Document m_doc;
  std::vector<std::unique_ptr<Frame>> m_stack;
  std::size_t m_depth = 0; ///< explicitly opened frames on the stack
};

} // namespace sheaf::model
