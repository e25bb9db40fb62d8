// Short running-head titles: first part of a separated web title or of a book title with a
// subtitle, cut at a word boundary.
#include "layout/running_head.hpp"

#include "layout/text_utils.hpp"

#include <vector>

namespace sheaf::layout {

std::string running_title(const std::string& title, std::size_t max_chars) {
  static const char* const k_separators[] = {" \u2014 ", " \u2013 ", " - ",
                                             " | ",      " \u00B7 ", " :: "};
  std::string t = title;
  std::size_t cut = std::string::npos;
  for (const char* sep : k_separators) {
    std::size_t at = t.find(sep);
    if (at != std::string::npos && at > 0 && at < cut) cut = at;
  }
  if (cut != std::string::npos) t.resize(cut);
  // a book's subtitle after "; " or ": " stays on the title page ("Frankenstein; Or, The
  // Modern Prometheus" runs as "Frankenstein"), unless that leaves a word or two of letters
  for (const char* sep : {"; ", ": "}) {
    std::size_t at = t.find(sep);
    if (at != std::string::npos && at >= 4) {
      t.resize(at);
      break;
    }
  }
  // code point boundaries
  std::vector<std::size_t> starts;
  for (std::size_t pos = 0; pos < t.size();) {
    starts.push_back(pos);
    decode_utf8(t, pos);
  }
  if (starts.size() <= max_chars) return t;
  std::size_t limit = starts[max_chars]; // bytes that may stay (before the ellipsis)
  std::size_t space = t.rfind(' ', limit);
  std::string out = t.substr(0, space != std::string::npos && space > limit / 2 ? space : limit);
  while (!out.empty() && (out.back() == ' ' || out.back() == ',' || out.back() == ':' ||
                          out.back() == ';' || out.back() == '-'))
    out.pop_back();
  return out + "\u2026";
}

} // namespace sheaf::layout
