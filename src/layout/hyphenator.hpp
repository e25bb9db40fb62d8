// Hyphenation with libhyphen and the Debian hyph_<lang>.dic dictionaries: lower-cased input,
// code-point indexed results. Dictionaries are loaded once per process and shared.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

struct _HyphenDict;

namespace sheaf::layout {

/// One loaded dictionary; thread-safe.
class Hyphenator {
public:
  /// The shared hyphenator for a BCP 47 language (en → hyph_en_US.dic, de-AT → hyph_de_AT,
  /// hyph_de_DE, hyph_de …), or nullptr when no dictionary exists.
  static std::shared_ptr<const Hyphenator> for_language(std::string_view language);
  /// Starts loading the dictionary for `language` on a background thread (no-op when ready);
  /// a later for_language() waits for it instead of loading it again.
  static void prefetch(std::string_view language);
  /// True when for_language(language) would answer at once (already loaded, or no dictionary).
  static bool ready(std::string_view language);
  /// Dictionary file that `language` maps to, or empty.
  static std::string dictionary_for(std::string_view language);

  explicit Hyphenator(_HyphenDict* dict, std::string path)
      : m_dict(dict), m_path(std::move(path)) {}
  ~Hyphenator();
  Hyphenator(const Hyphenator&) = delete;
  Hyphenator& operator=(const Hyphenator&) = delete;

  /// Byte offsets inside `word` where a hyphen may be inserted (the break falls before the
  /// byte). Leading/trailing punctuation is ignored; words with digits or fewer than five
  /// letters get none.
  std::vector<std::size_t> points(std::string_view word) const;
  const std::string& path() const { return m_path; }

private:
  _HyphenDict* m_dict;
  std::string m_path;
  mutable std::mutex m_mutex;
};

/// A hyphenator loaded on first use (dictionaries take milliseconds to load; most paragraphs
/// never need one). With `prefetch`, the dictionary is loaded on another thread from the start,
/// so that the first paragraph that needs it does not wait the whole loading time. Thread-safe.
class LazyHyphenator {
public:
  explicit LazyHyphenator(std::string language, bool prefetch = false);
  LazyHyphenator(const LazyHyphenator&) = delete;
  LazyHyphenator& operator=(const LazyHyphenator&) = delete;
  /// The dictionary for the language, loading it on the first call; nullptr if none.
  const Hyphenator* get() const;

private:
  std::string m_language;
  mutable std::once_flag m_once;
  mutable std::shared_ptr<const Hyphenator> m_hyphenator;
};

} // namespace sheaf::layout
