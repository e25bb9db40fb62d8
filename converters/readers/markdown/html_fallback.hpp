// Inline raw HTML inside Markdown: cmark hands over one tag at a time, which no HTML parser can
// map alone, so paired inline tags (sup, sub, kbd, br, em/i, strong/b, del/s, ins/u, mark,
// small, abbr, span, a) are mapped here. HTML blocks go through the HTML reader's fragments.
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

} // namespace sheaf::readers
