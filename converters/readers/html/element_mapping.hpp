// The HTML element -> document model mapping: an iterative walk over the gumbo tree that
// drives a DocumentBuilder (blocks, inlines, tables, lists, figures, images, footnotes).
#pragma once

#include "diag/diagnostic.hpp"
#include "model/builder.hpp"
#include "readers/html/extract.hpp"
#include "readers/html/resources.hpp"
#include "transform/typography.hpp"

#include <gumbo.h>
#include <map>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace sheaf::readers::html {

/// Deepest element nesting the walker maps; deeper elements are flattened into their content.
constexpr std::size_t max_walk_depth = 200;

/// Converts gumbo subtrees into the document being built.
class ElementMapper {
public:
  /// `document` is the parsed GUMBO_NODE_DOCUMENT (for ids and footnotes); `removed` lists
  /// subtrees that extraction dropped.
  ElementMapper(const GumboNode* document, model::DocumentBuilder& builder,
                ResourceLoader& resources, diag::DiagnosticSink& sink, const NodeSet& removed,
                transform::QuoteStyle quotes);

  /// Convert `root` (and its descendants) at the current builder position.
  void convert(const GumboNode* root);

  /// Add `lines` to every source line (for a fragment that starts further down a file).
  void set_line_offset(int lines) { m_line_offset = lines; }

  /// Report the aggregated `skipped-content` diagnostics (call once at the end).
  void report_skipped();

  /// Ids of the elements that were emitted with an id (targets of internal links).
  const std::unordered_set<std::string>& emitted_ids() const { return m_emitted_ids; }

private:
  struct Frame;
  void enter(const GumboNode* n, std::vector<Frame>& stack);
  void enter_element(const GumboNode* n, std::vector<Frame>& stack);
  void leave(Frame& f);
  void emit_text(const char* text, const model::SourceSpan& span);
  void emit_image(const GumboNode* n, const model::SourceSpan& span);
  void emit_media(const GumboNode* n, const model::SourceSpan& span, std::vector<Frame>& stack);
  void emit_code_block(const GumboNode* n, const model::SourceSpan& span);
  void block_boundary();
  void skip(const GumboNode* n, const char* what);
  bool contains_block(const GumboNode* n) const;
  bool inline_only() const;
  bool in_inline() const;
  model::Attr attr_for(const GumboNode* n, bool keep_id);
  model::SourceSpan span_of(const GumboNode* n) const;
  void find_notes();
  void collect_ids(const GumboNode* document);

  model::DocumentBuilder& m_b;
  ResourceLoader& m_resources;
  diag::DiagnosticSink& m_sink;
  const NodeSet& m_removed;
  transform::QuoteStyle m_quotes;

  std::unordered_map<std::string, const GumboNode*> m_ids; ///< every id in the page
  std::unordered_set<std::string> m_targets;               ///< ids that internal links use
  std::vector<const GumboNode*> m_fragment_links;          ///< <a href="#…">, in document order
  std::unordered_set<std::string> m_emitted_ids;
  std::unordered_map<const GumboNode*, const GumboNode*> m_note_refs; ///< ref <a> -> note body
  std::unordered_set<const GumboNode*> m_note_hidden; ///< note bodies and their lists
  std::unordered_set<const GumboNode*> m_notes_done;
  std::unordered_set<std::string> m_backlink_ids; ///< ids of note references (back links)
  std::map<std::string, std::pair<int, diag::SourceLocation>> m_skipped;

  std::vector<Frame>* m_stack = nullptr;
  bool m_space = true; ///< the last emitted character was a (collapsible) space
  bool m_depth_warned = false;
  int m_line_offset = 0; ///< added to gumbo's line numbers (fragments of other files)
  const GumboNode* m_note_body = nullptr; ///< the note body being converted (else hidden)
};

} // namespace sheaf::readers::html
