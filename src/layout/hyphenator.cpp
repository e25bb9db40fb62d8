// libhyphen wrapper: dictionary lookup by language, lower-casing by code point (so indexes stay
// aligned) and conversion of libhyphen's code-point indexed marks back to byte offsets.
#include "layout/hyphenator.hpp"

#include "layout/text_utils.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <hyphen.h>
#include <map>
#include <thread>
#include <unicode/uchar.h>

namespace sheaf::layout {
namespace {

const char* const k_dir = "/usr/share/hyphen";

bool utf8_dictionary(const std::string& path) {
  std::ifstream in(path);
  std::string first;
  std::getline(in, first);
  for (auto& c : first)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return first.find("UTF-8") != std::string::npos;
}

} // namespace

std::string Hyphenator::dictionary_for(std::string_view language) {
  std::string lang(language);
  for (auto& c : lang)
    if (c == '-') c = '_';
  std::string primary = lang.substr(0, lang.find('_'));
  for (auto& c : primary)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (primary.empty() || primary.size() > 8) return {};
  std::string region;
  if (auto u = lang.find('_'); u != std::string::npos) {
    region = lang.substr(u + 1);
    region = region.substr(0, region.find('_'));
    for (auto& c : region)
      c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  std::vector<std::string> candidates;
  if (!region.empty()) candidates.push_back("hyph_" + primary + "_" + region + ".dic");
  static const std::map<std::string, std::string> k_default_region = {
      {"en", "US"}, {"de", "DE"}, {"fr", "FR"}, {"es", "ES"}, {"it", "IT"}, {"pt", "PT"},
      {"nl", "NL"}, {"ru", "RU"}, {"cs", "CZ"}, {"sv", "SE"}, {"da", "DK"}, {"pl", "PL"}};
  if (auto it = k_default_region.find(primary); it != k_default_region.end())
    candidates.push_back("hyph_" + primary + "_" + it->second + ".dic");
  candidates.push_back("hyph_" + primary + ".dic");
  std::error_code ec;
  for (const auto& c : candidates) {
    std::string p = std::string(k_dir) + "/" + c;
    if (std::filesystem::is_regular_file(p, ec)) return p;
  }
  // any regional variant, in name order
  std::vector<std::string> found;
  for (const auto& e : std::filesystem::directory_iterator(k_dir, ec)) {
    std::string name = e.path().filename().string();
    if (name.rfind("hyph_" + primary + "_", 0) == 0 && name.size() > 4 &&
        name.compare(name.size() - 4, 4, ".dic") == 0)
      found.push_back(e.path().string());
  }
  std::sort(found.begin(), found.end());
  return found.empty() ? std::string() : found.front();
}

namespace {

/// Loaded dictionaries by path (nullptr: unusable), shared by the whole process.
struct Registry {
  std::mutex mutex;
  std::map<std::string, std::shared_ptr<const Hyphenator>> cache;
};

Registry& registry() {
  // Never destroyed: freeing a dictionary at exit costs ~1 ms and the process ends anyway.
  static Registry* r = new Registry;
  return *r;
}

} // namespace

bool Hyphenator::ready(std::string_view language) {
  std::string path = dictionary_for(language.empty() ? "en" : language);
  if (path.empty()) return true;
  Registry& r = registry();
  std::lock_guard<std::mutex> lock(r.mutex);
  return r.cache.count(path) > 0;
}

std::shared_ptr<const Hyphenator> Hyphenator::for_language(std::string_view language) {
  Registry& r = registry();
  auto& mutex = r.mutex;
  auto& cache = r.cache;
  std::string path = dictionary_for(language.empty() ? "en" : language);
  std::lock_guard<std::mutex> lock(mutex);
  auto it = cache.find(path);
  if (it != cache.end()) return it->second;
  std::shared_ptr<const Hyphenator> h;
  if (!path.empty() && utf8_dictionary(path))
    if (HyphenDict* d = hnj_hyphen_load(path.c_str())) h = std::make_shared<Hyphenator>(d, path);
  cache.emplace(path, h);
  return h;
}

void Hyphenator::prefetch(std::string_view language) {
  if (ready(language)) return;
  // Detached: the loader holds the registry lock, so whoever asks meanwhile waits for it; a
  // process that ends first simply drops the half-loaded dictionary.
  std::thread([lang = std::string(language)] { for_language(lang); }).detach();
}

LazyHyphenator::LazyHyphenator(std::string language, bool prefetch)
    : m_language(std::move(language)) {
  if (prefetch) Hyphenator::prefetch(m_language);
}

const Hyphenator* LazyHyphenator::get() const {
  std::call_once(m_once, [this] { m_hyphenator = Hyphenator::for_language(m_language); });
  return m_hyphenator.get();
}

Hyphenator::~Hyphenator() {
  if (m_dict) hnj_hyphen_free(m_dict);
}

std::vector<std::size_t> Hyphenator::points(std::string_view word) const {
  std::vector<std::size_t> out;
  // code points with their byte offsets; strip punctuation at both ends
  std::vector<std::pair<char32_t, std::size_t>> cps;
  std::size_t pos = 0;
  while (pos < word.size()) {
    std::size_t at = pos;
    char32_t cp = decode_utf8(word, pos);
    cps.emplace_back(cp, at);
  }
  std::size_t first = 0, last = cps.size();
  while (first < last && !u_isalpha(static_cast<UChar32>(cps[first].first)))
    ++first;
  while (last > first && !u_isalpha(static_cast<UChar32>(cps[last - 1].first)))
    --last;
  if (last - first < 5) return out;
  std::string lowered;
  for (std::size_t i = first; i < last; ++i) {
    char32_t cp = cps[i].first;
    if (!u_isalpha(static_cast<UChar32>(cp)) && cp != U'\'' && cp != 0x2019) return out;
    encode_utf8(lowered, static_cast<char32_t>(u_tolower(static_cast<UChar32>(cp))));
  }
  std::vector<char> marks(lowered.size() + 5, 0);
  char** rep = nullptr;
  int* p = nullptr;
  int* cut = nullptr;
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    hnj_hyphen_hyphenate2(m_dict, lowered.c_str(), static_cast<int>(lowered.size()), marks.data(),
                          nullptr, &rep, &p, &cut);
  }
  std::size_t n = last - first;
  if (rep) {
    for (std::size_t i = 0; i < n; ++i)
      std::free(rep[i]);
    std::free(rep);
  }
  std::free(p);
  std::free(cut);
  // marks are indexed by code point: odd value at i means a break after code point i
  for (std::size_t i = 0; i + 1 < n; ++i)
    if (marks[i] & 1) out.push_back(cps[first + i + 1].second);
  return out;
}

} // namespace sheaf::layout
