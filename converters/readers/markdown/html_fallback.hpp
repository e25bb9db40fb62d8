// Raw HTML inside Markdown, handled without the HTML reader: a small set of inline tags is
// mapped (sup, sub, kbd, br, em/i, strong/b, del/s, ins/u, mark, small, span, a); HTML blocks
// are kept as their text. The single swap point for the HTML reader's fragment function.
#pragma once

#include "diag/diagnostic.hpp"
#include "model/builder.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace sheaf::readers {

/// Maps inline raw HTML tags of one Markdown paragraph onto builder containers. cmark hands
/// inline HTML over one tag at a time, so open tags are remembered until their end tag.
class InlineHtmlMapper {
public:
  /// Handle one raw inline HTML chunk (a start/end tag, comment, declaration…).
  void handle(std::string_view html, const model::SourceSpan& span, model::DocumentBuilder& b,
              diag::DiagnosticSink& sink);
  /// True while text is being collected for a <kbd> element.
  bool capturing() const { return m_kbd_depth > 0; }
  /// Add text to the <kbd> being collected.
  void capture(std::string_view text) { m_kbd_text += text; }
  /// Forget tags whose containers the builder has already closed (depth fell below them).
  void prune(std::size_t builder_depth);
  /// End of the paragraph: emit a pending <kbd> and forget all open tags.
  void finish(model::DocumentBuilder& b);

private:
  struct Open {
    std::string tag;
    std::size_t depth_before; ///< builder depth before the container was opened
  };
  void flush_kbd(model::DocumentBuilder& b);

  /// Open tags beyond this many are dropped (their text is kept).
  static constexpr std::size_t k_max_open = 16;
  std::vector<Open> m_open;
  int m_kbd_depth = 0;
  std::string m_kbd_text;
  model::SourceSpan m_kbd_span;
};

/// An HTML block: its text (tags dropped, script/style content removed, entities decoded)
/// becomes a paragraph; reports `raw-html-skipped` (info) when tags were dropped.
void append_html_block_text(std::string_view html, const model::SourceSpan& span,
                            model::DocumentBuilder& b, diag::DiagnosticSink& sink);

} // namespace sheaf::readers
