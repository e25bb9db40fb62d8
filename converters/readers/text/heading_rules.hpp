// Which lines of plain text read as headings: chapter lines ("CHAPTER IV", "Letter 1"),
// short unpunctuated lines standing alone, and the tests the title guess shares with them.
#pragma once

#include "readers/text/text_block.hpp"

#include <optional>
#include <string_view>

namespace sheaf::readers::text {

/// If `line` is a chapter-style line ("CHAPTER IV", "Chapter 4.", "Letter 1", "Part Two:
/// The Return", "[Chapter I.]"), its text without unbalanced brackets; else nullopt.
std::optional<std::string_view> chapter_heading(std::string_view line);

/// True when the text ends (before closing quotes/brackets) with . , ; : ! ? or an ellipsis.
bool has_closing_punctuation(std::string_view text);

/// True when the text ends with . ! ? or an ellipsis (before closing quotes/brackets).
bool ends_sentence(std::string_view text);

/// True when the first character is an upper-case letter, a digit or an opening quote.
bool starts_like_heading(std::string_view text);

/// Turn top-level paragraphs that read as headings into headings: chapter lines become level 1;
/// an isolated one-line paragraph that is short (<= 80 characters and < 0.6 of the median
/// paragraph length when there are at least 3 paragraphs), starts like a heading, has no closing
/// punctuation and is followed by another block becomes level 2.
void promote_headings(TextBlocks& blocks);

} // namespace sheaf::readers::text
