// Line splitting and indentation helpers for the plain-text reader.
#include "readers/text/text_line.hpp"

namespace sheaf::readers::text {

TextLines split_lines(std::string_view text) {
  TextLines out;
  std::size_t pos = 0;
  int number = 1;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    out.push_back({text.substr(pos, nl - pos), number, 1});
    pos = nl + 1;
    ++number;
  }
  return out;
}

bool is_blank(std::string_view s) {
  for (char c : s)
    if (c != ' ' && c != '\t') return false;
  return true;
}

int indent_width(std::string_view s) {
  int w = 0;
  for (char c : s) {
    if (c == ' ')
      ++w;
    else if (c == '\t')
      w = (w / 4 + 1) * 4;
    else
      break;
  }
  return w;
}

std::size_t indent_bytes(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t'))
    ++i;
  return i;
}

TextLine strip_indent(const TextLine& l, int columns) {
  int w = 0;
  std::size_t i = 0;
  while (i < l.text.size() && w < columns) {
    char c = l.text[i];
    if (c == ' ')
      ++w;
    else if (c == '\t') {
      int next = (w / 4 + 1) * 4;
      if (next > columns) break; // a tab straddling the cut stays
      w = next;
    } else
      break;
    ++i;
  }
  return {l.text.substr(i), l.line, l.column + static_cast<int>(i)};
}

std::size_t display_length(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

std::string_view rtrim(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

std::string_view strip(std::string_view s) {
  s = rtrim(s);
  s.remove_prefix(indent_bytes(s));
  return s;
}

std::size_t first_word_length(std::string_view s) {
  s.remove_prefix(indent_bytes(s));
  std::size_t end = 0;
  while (end < s.size() && s[end] != ' ' && s[end] != '\t')
    ++end;
  return display_length(s.substr(0, end));
}

} // namespace sheaf::readers::text
