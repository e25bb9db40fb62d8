// Function-word language guessing for the plain-text reader.
#include "readers/text/language_guess.hpp"

#include "util/utf8.hpp"

#include <algorithm>
#include <array>
#include <unicode/uchar.h>
#include <unordered_map>
#include <vector>

namespace sheaf::readers::text {

namespace {

struct Profile {
  const char* tag;
  std::vector<std::string_view> words; ///< frequent function words, lower case
};

const std::array<Profile, 7>& profiles() {
  static const std::array<Profile, 7> p = {{
      {"en",
       {"the",   "and", "of",   "to",  "in",  "is",   "that", "it",    "was", "for", "with", "as",
        "he",    "on",  "be",   "at",  "by",  "this", "had",  "not",   "are", "but", "from", "have",
        "which", "you", "they", "his", "her", "she",  "were", "would", "an",  "we"}},
      {"de", {"der",  "die", "und",  "in",       "den", "von",    "zu",  "das",   "mit",
              "sich", "des", "auf",  "f\u00FCr", "ist", "im",     "dem", "nicht", "ein",
              "eine", "als", "auch", "es",       "an",  "werden", "aus", "er",    "hat",
              "dass", "sie", "nach", "wird",     "bei", "einer",  "um"}},
      {"fr",
       {"le",  "la",   "les",  "de",  "des", "et",   "un",   "une",  "du", "en",   "est",  "que",
        "qui", "dans", "pour", "pas", "au",  "sur",  "ne",   "se",   "il", "elle", "avec", "ce",
        "par", "plus", "sont", "ont", "aux", "mais", "nous", "vous", "je", "son"}},
      {"es", {"el",   "la",       "los",  "las", "de",    "del",          "y",   "en",   "que",
              "un",   "una",      "es",   "por", "con",   "para",         "no",  "se",   "lo",
              "como", "m\u00E1s", "pero", "sus", "le",    "ya",           "fue", "este", "ha",
              "al",   "su",       "muy",  "sin", "sobre", "tambi\u00E9n", "me"}},
      {"it", {"il",    "la",     "di",       "che",  "e",   "un", "una",    "per", "non",
              "del",   "della",  "in",       "sono", "con", "si", "da",     "le",  "gli",
              "ma",    "come",   "anche",    "alla", "nel", "ha", "\u00E8", "lo",  "dei",
              "delle", "questo", "pi\u00F9", "suo",  "mi",  "al", "ci"}},
      {"pt", {"o",   "a",      "os",  "as",   "de",          "do",       "da",   "dos", "das",
              "e",   "em",     "um",  "uma",  "que",         "n\u00E3o", "para", "com", "por",
              "no",  "na",     "se",  "mais", "como",        "mas",      "foi",  "ao",  "ele",
              "ela", "\u00E9", "seu", "sua",  "tamb\u00E9m", "j\u00E1",  "pelo"}},
      {"nl",
       {"de",    "het",   "een", "en",  "van", "in",   "is",  "dat", "op",  "te",  "zijn", "met",
        "voor",  "niet",  "aan", "er",  "die", "maar", "om",  "ook", "als", "bij", "door", "naar",
        "wordt", "heeft", "hij", "zij", "was", "werd", "nog", "wat", "dit", "geen"}},
  }};
  return p;
}

constexpr std::size_t sample_bytes = 64 * 1024;
constexpr std::size_t min_words = 40;
constexpr double min_share = 0.15;
constexpr double max_runner_up = 2.0 / 3.0;

} // namespace

std::string guess_language(std::string_view text) {
  if (text.size() > sample_bytes) {
    std::size_t cut = sample_bytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
      --cut;
    text = text.substr(0, cut);
  }
  std::unordered_map<std::string, std::size_t> counts;
  std::size_t words = 0;
  std::string word;
  auto flush = [&] {
    if (!word.empty()) {
      ++words;
      ++counts[word];
      word.clear();
    }
  };
  for (std::size_t pos = 0; pos < text.size();) {
    char32_t c = util::next_code_point(text, pos);
    if (u_isalpha(static_cast<UChar32>(c)))
      util::append_utf8(word, static_cast<char32_t>(u_tolower(static_cast<UChar32>(c))));
    else
      flush();
  }
  flush();
  if (words < min_words) return {};
  std::vector<std::pair<double, const char*>> scores;
  for (const auto& p : profiles()) {
    std::size_t hits = 0;
    for (auto w : p.words) {
      auto it = counts.find(std::string(w));
      if (it != counts.end()) hits += it->second;
    }
    scores.emplace_back(static_cast<double>(hits) / static_cast<double>(words), p.tag);
  }
  std::sort(scores.begin(), scores.end(),
            [](const auto& a, const auto& b) { return a.first > b.first; });
  if (scores[0].first < min_share || scores[1].first > max_runner_up * scores[0].first) return {};
  return scores[0].second;
}

} // namespace sheaf::readers::text
