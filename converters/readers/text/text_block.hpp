// The plain-text reader's intermediate block tree: what each group of lines was recognised as,
// before the reader turns it into model nodes through the DocumentBuilder.
#pragma once

#include "model/document.hpp"
#include "readers/text/text_line.hpp"

#include <string>
#include <vector>

namespace sheaf::readers::text {

/// What a group of lines is.
enum class TextBlockKind { paragraph, heading, code, quote, list, thematic_break };

/// One recognised block.
struct TextBlock {
  TextBlockKind kind = TextBlockKind::paragraph;
  int line = 0; ///< source position of the block's first character
  int column = 1;
  /// paragraph/heading: the content lines (indentation and markers removed).
  TextLines lines;
  /// paragraph/heading: keep the line breaks (verse, addresses) instead of joining with spaces.
  bool hard_breaks = false;
  /// paragraph: blank lines (or the input's edges) on both sides.
  bool isolated = false;
  /// heading: 1..6.
  int level = 0;
  /// code: verbatim text, relative indentation kept.
  std::string code;
  /// quote: content.
  std::vector<TextBlock> children;
  /// list: kind, first number, tightness and items (each item's content blocks).
  model::ListKind list_kind = model::ListKind::bullet;
  int start = 1;
  bool tight = true;
  std::vector<std::vector<TextBlock>> items;
  std::vector<TextLine> item_starts; ///< position of each item's marker
};

using TextBlocks = std::vector<TextBlock>;

} // namespace sheaf::readers::text
