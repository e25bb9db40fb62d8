// Walks a cmark-gfm syntax tree (CommonMark + GFM extensions) into a DocumentBuilder:
// blocks and inlines with source positions, tables, task lists, footnotes as notes at their
// references, images through the sandboxed loader, smart punctuation on text.
#pragma once

#include "diag/diagnostic.hpp"
#include "format/options.hpp"
#include "model/builder.hpp"
#include "readers/html/resources.hpp"
#include "readers/markdown/html_fallback.hpp"
#include "transform/typography.hpp"

#include <cmark-gfm.h>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace sheaf::readers {

/// One-shot converter of a parsed cmark-gfm document. Not thread-safe; make one per read.
class CmarkWalker {
public:
  /// `source` is the parsed text (for quoting it back); images load through `images` (the
  /// HTML reader's sandboxed loader); `smart` empty: no smart punctuation.
  CmarkWalker(std::string_view source, model::DocumentBuilder& builder,
              const format::ReadOptions& options, html::ResourceLoader& images,
              diag::DiagnosticSink& sink, std::optional<transform::Smartener> smart);

  /// Emit the whole document (footnote definitions appear only at their references).
  void walk_document(cmark_node* document);

private:
  struct TableState {
    std::size_t depth; ///< builder depth inside the table
    std::vector<model::Alignment> alignments;
    bool in_head = false;
    bool in_body = false;
    std::size_t column = 0;
    bool header_row = false;
  };

  /// Walk `root`'s subtree; `skip_root` leaves the root's own enter/exit out.
  void walk(cmark_node* root, bool skip_root);
  /// Handle an enter event. Containers whose exit event will come push the builder depth on
  /// m_depths; nodes whose subtree is handled at once (images, notes, figures) skip it.
  void enter(cmark_node* node, cmark_iter* it);
  void exit(cmark_node* node);

  void paragraph_or_figure(cmark_node* node, cmark_iter* it);
  void heading(cmark_node* node);
  void list_item(cmark_node* node);
  void table(cmark_node* node);
  void table_row(cmark_node* node, bool header);
  void table_cell(cmark_node* node);
  void image(cmark_node* node, cmark_iter* it);
  void footnote_reference(cmark_node* node, cmark_iter* it);
  void text(std::string_view literal, const model::SourceSpan& span);

  /// Strip trailing `{#id .class}` from every heading and remember the attributes.
  void collect_heading_attributes(cmark_node* document);
  /// `id` made unique among explicit ids (suffixes -1, -2, …).
  std::string unique_id(const std::string& id);

  model::SourceSpan span_of(cmark_node* node);
  /// The source text a node covers, when it lies on one line; else "".
  std::string source_of(cmark_node* node);
  void close_to(std::size_t depth);

  std::string_view m_source;
  std::vector<std::size_t> m_line_starts; ///< byte offset of each line, built on demand
  model::DocumentBuilder& m_b;
  const format::ReadOptions& m_options;
  html::ResourceLoader& m_images;
  diag::DiagnosticSink& m_sink;
  std::optional<transform::Smartener> m_smart;
  InlineHtmlMapper m_html;
  std::vector<std::size_t> m_depths; ///< builder depth at each open container's enter
  std::vector<TableState> m_tables;
  std::vector<cmark_node*> m_footnotes;    ///< definitions in reference-number order
  std::vector<cmark_node*> m_active_notes; ///< definitions being emitted (recursion guard)
  std::vector<std::pair<cmark_node*, model::Attr>> m_heading_attrs;
  std::set<std::string> m_ids;
  std::set<cmark_node*> m_reported_recursive; ///< definitions already reported as recursive
  int m_last_line = 1;
  std::size_t m_outer_depth = 0; ///< containers open outside the note being walked
  bool m_reported_nesting = false;
};

} // namespace sheaf::readers
