// The running head's text: a short form of the document title (page furniture should not
// repeat a long web-page title on every page).
#pragma once

#include <cstddef>
#include <string>

namespace sheaf::layout {

/// The running-head form of `title`: its first part when it is split by a spaced separator
/// (" — ", " – ", " - ", " | ", " · ", " :: "), without a subtitle after "; " or ": " (when at
/// least 4 bytes remain), then cut at a word boundary with "…" when
/// it is longer than `max_chars` code points. Empty for an empty title.
std::string running_title(const std::string& title, std::size_t max_chars = 40);

} // namespace sheaf::layout
