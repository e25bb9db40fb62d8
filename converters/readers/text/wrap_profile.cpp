// Wrap-width estimation and unwrap decisions for the plain-text reader.
#include "readers/text/wrap_profile.hpp"

#include "readers/text/block_parser.hpp"
#include "readers/text/heading_rules.hpp"
#include "util/utf8.hpp"

#include <algorithm>
#include <unicode/uchar.h>
#include <vector>

namespace sheaf::readers::text {

namespace {
constexpr std::size_t max_wrap_width = 160; // nobody hard-wraps prose wider than this
constexpr double wrap_slack = 0.85;         // tolerance for a wrapper narrower than W
/// True when `s` (after indentation and opening quotes) starts with a lower-case letter.
bool starts_lower_case(std::string_view s) {
  std::size_t pos = indent_bytes(s);
  while (pos < s.size()) {
    char32_t c = util::next_code_point(s, pos);
    if (c == U'"' || c == U'\'' || c == U'(' || c == U'_' || c == U'\u201C' || c == U'\u2018')
      continue;
    return u_islower(static_cast<UChar32>(c));
  }
  return false;
}

/// Not indented by 4+ columns and not a '>' quote line.
bool is_prose_line(std::string_view s) {
  if (indent_width(s) >= 4) return false;
  std::size_t p = indent_bytes(s);
  return p >= s.size() || s[p] != '>';
}

} // namespace

WrapProfile::WrapProfile(const TextLines& lines) {
  std::vector<std::size_t> lengths;
  lengths.reserve(lines.size());
  for (const auto& l : lines) {
    if (is_blank(l.text)) {
      m_no_blank_lines = false;
      continue;
    }
    lengths.push_back(display_length(rtrim(l.text)));
  }
  if (lengths.empty()) return;
  if (lengths.size() < 20) {
    m_width = *std::max_element(lengths.begin(), lengths.end());
  } else {
    std::size_t k = lengths.size() * 95 / 100;
    std::nth_element(lengths.begin(), lengths.begin() + static_cast<std::ptrdiff_t>(k),
                     lengths.end());
    m_width = lengths[k];
  }
  if (m_width == 0 || m_width > max_wrap_width) return;
  std::size_t breaks = 0, wraps = 0, sentence_ends = 0;
  for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
    if (is_blank(lines[i].text) || is_blank(lines[i + 1].text)) continue;
    if (!is_prose_line(lines[i].text) || !is_prose_line(lines[i + 1].text) ||
        is_list_item_line(lines[i + 1].text))
      continue; // lists, quotes and code say nothing about how the prose was wrapped
    ++breaks;
    if (is_wrap(lines[i].text, lines[i + 1].text)) ++wraps;
    if (ends_sentence(lines[i].text)) ++sentence_ends;
  }
  // Wrapped prose rarely breaks at a sentence end; lines that mostly end sentences are
  // paragraphs (or verse) of their own, whatever their lengths.
  m_hard_wrapped = breaks > 0 && wraps * 2 >= breaks && sentence_ends * 2 < breaks;
}

bool WrapProfile::is_wrap(std::string_view a, std::string_view b) const {
  double need = static_cast<double>(display_length(rtrim(a)) + 1 + first_word_length(b));
  return need > wrap_slack * static_cast<double>(m_width) || starts_lower_case(b);
}

bool WrapProfile::joins(const TextLines& lines) const {
  if (lines.size() < 2) return false;
  std::size_t wraps = 0, continued = 0, breaks = lines.size() - 1;
  for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
    if (is_wrap(lines[i].text, lines[i + 1].text)) ++wraps;
    if (starts_lower_case(lines[i + 1].text)) ++continued;
  }
  // every line after the first continues a sentence: wrapped, whatever the input's style
  if (continued == breaks) return true;
  return m_hard_wrapped && wraps * 2 >= breaks;
}

} // namespace sheaf::readers::text
