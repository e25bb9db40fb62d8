// Groups plain-text lines into blocks: paragraphs (joined or with kept line breaks), `#` and
// underlined headings, lists, `>` quotes, thematic breaks, indented code and indented quotes.
#pragma once

#include "readers/text/text_block.hpp"
#include "readers/text/wrap_profile.hpp"

namespace sheaf::readers::text {

/// Line-level block recognition. Recursive for list items and block quotes.
class BlockParser {
public:
  /// `indented_blocks`: lines indented 4+ columns after a blank line form code / quotes
  /// (true when the text is otherwise unindented; see indentation_is_structure()).
  BlockParser(const WrapProfile& profile, bool indented_blocks, int depth = 0)
      : m_profile(profile), m_indented(indented_blocks), m_depth(depth) {}

  /// Quotes and lists nest at most this deep; deeper markers are read as text.
  static constexpr int max_depth = 32;

  /// Parse the lines of one container (the whole body, a quote's or a list item's content).
  TextBlocks parse(const TextLines& lines) const;

private:
  std::size_t parse_paragraph(const TextLines& lines, std::size_t i, bool after_blank,
                              TextBlocks& out) const;
  std::size_t parse_list(const TextLines& lines, std::size_t i, TextBlocks& out) const;
  std::size_t parse_quote(const TextLines& lines, std::size_t i, TextBlocks& out) const;
  std::size_t parse_indented(const TextLines& lines, std::size_t i, TextBlocks& out) const;

  /// A parser for content nested one level deeper.
  BlockParser nested(bool indented_blocks) const {
    return BlockParser(m_profile, indented_blocks, m_depth + 1);
  }

  const WrapProfile& m_profile;
  bool m_indented;
  int m_depth;
};

/// True when at most half of the blank-separated groups of `lines` start indented by 4+
/// columns, i.e. indentation marks special blocks rather than every paragraph.
bool indentation_is_structure(const TextLines& lines);

/// For input without any blank line: insert blank lines between paragraphs. Hard-wrapped text
/// is split where a break is not a wrap (or the next line is indented); otherwise every line
/// is its own paragraph (list and quote lines stay together).
TextLines separate_paragraphs(const TextLines& lines, const WrapProfile& profile);

/// True when the line is a bullet or ordered list item marker followed by text.
bool is_list_item_line(std::string_view line);

} // namespace sheaf::readers::text
