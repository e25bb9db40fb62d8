// A small language guesser for plain text without metadata: counts the most frequent function
// words of a few European languages and answers only when the evidence is clear.
#pragma once

#include <string>
#include <string_view>

namespace sheaf::readers::text {

/// BCP 47 tag (en, de, fr, es, it, pt, nl) of the language `text` is written in, judged from
/// its first 64 KiB; empty when there are fewer than 40 words, fewer than 15% of them are
/// function words of the best language, or the runner-up scores more than 2/3 of the best.
std::string guess_language(std::string_view text);

} // namespace sheaf::readers::text
