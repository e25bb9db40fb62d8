// Smart typography: straight quotes to curly ones in the document language's style,
// -- to en dash (or em dash in typewriter style), --- to em dash, ... to an ellipsis.
#pragma once

#include <string>
#include <string_view>
#include <utility>

namespace sheaf::transform {

/// Quote characters of one language.
struct QuoteStyle {
  std::string open_double = "\u201C", close_double = "\u201D";
  std::string open_single = "\u2018", close_single = "\u2019";
};

/// Quote style for a BCP 47 tag (en, de, fr, ru, cs, …; unknown → English).
QuoteStyle quote_style_for(std::string_view language);

/// How a double hyphen is read.
enum class DashStyle {
  markdown,  ///< `--` is always an en dash (pandoc's and SmartyPants' convention)
  typewriter ///< plain text: `word--word` is an em dash; spaced ` -- ` and `1--5` en dashes
};

/// Stateful smartener: feed it consecutive text runs of one paragraph so that a quote
/// opening in one run can close in another.
class Smartener {
public:
  explicit Smartener(QuoteStyle style, DashStyle dashes = DashStyle::markdown)
      : m_style(std::move(style)), m_dashes(dashes) {}
  /// Convert one run. `prev` context is remembered between calls.
  std::string convert(std::string_view text);
  /// Forget context (new paragraph).
  void reset() {
    m_prev = U' ';
    m_double_depth = 0;
    m_single_depth = 0;
  }

private:
  QuoteStyle m_style;
  DashStyle m_dashes;
  char32_t m_prev = U' ';
  int m_double_depth = 0; ///< double quotes opened and not yet closed
  int m_single_depth = 0; ///< single quotes opened and not yet closed
};

} // namespace sheaf::transform
