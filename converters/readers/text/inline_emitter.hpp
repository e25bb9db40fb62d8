// Inline content of plain-text blocks: joins lines (with spaces or line breaks), turns bare
// URLs into links and applies smart typography outside URLs.
#pragma once

#include "model/builder.hpp"
#include "readers/text/text_line.hpp"
#include "transform/typography.hpp"

#include <optional>
#include <string_view>

namespace sheaf::readers::text {

/// Where a bare URL sits in a run of text.
struct UrlMatch {
  std::size_t begin = 0;
  std::size_t end = 0; ///< one past the last byte (trailing punctuation excluded)
};

/// The first bare URL (http://, https://, www.) in `text` at or after `from`.
std::optional<UrlMatch> find_url(std::string_view text, std::size_t from = 0);

/// Emits inline content into a DocumentBuilder.
class InlineEmitter {
public:
  /// `smart`: convert quotes, dashes and ellipses with `style`.
  InlineEmitter(model::DocumentBuilder& builder, bool smart, transform::QuoteStyle style);

  /// The lines of one paragraph or heading, joined by spaces or (hard_breaks) line breaks.
  void lines(const TextLines& lines, bool hard_breaks);

private:
  void run(std::string_view text, int line, int column);
  void plain(std::string_view text, int line, int column);

  model::DocumentBuilder& m_builder;
  bool m_smart;
  transform::Smartener m_smartener;
};

} // namespace sheaf::readers::text
