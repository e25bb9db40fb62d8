// Project Gutenberg boilerplate detection.
#include "readers/text/gutenberg.hpp"

#include <array>
#include <cctype>
#include <utility>

namespace sheaf::readers::text {

namespace {

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

/// "*** START OF THE PROJECT GUTENBERG EBOOK X ***" (older files: "THIS PROJECT", no spaces).
bool is_marker(std::string_view line, std::string_view word) {
  std::string_view s = strip(line);
  if (s.size() < 3 || s.substr(0, 3) != "***") return false;
  std::string u = upper(s.substr(3, 120));
  std::size_t p = u.find_first_not_of(' ');
  if (p == std::string::npos || u.compare(p, word.size(), word) != 0) return false;
  return u.find("GUTENBERG") != std::string::npos;
}

/// Value of a "Key: value" header line, or empty.
std::string header_value(std::string_view line, std::string_view key) {
  std::string_view s = strip(line);
  if (s.size() <= key.size() + 1 || s.substr(0, key.size()) != key || s[key.size()] != ':')
    return {};
  return std::string(strip(s.substr(key.size() + 1)));
}

std::string language_tag(const std::string& name) {
  static const std::array<std::pair<const char*, const char*>, 16> names = {{
      {"English", "en"},
      {"French", "fr"},
      {"German", "de"},
      {"Spanish", "es"},
      {"Italian", "it"},
      {"Portuguese", "pt"},
      {"Dutch", "nl"},
      {"Finnish", "fi"},
      {"Latin", "la"},
      {"Russian", "ru"},
      {"Czech", "cs"},
      {"Swedish", "sv"},
      {"Danish", "da"},
      {"Polish", "pl"},
      {"Greek", "el"},
      {"Chinese", "zh"},
  }};
  for (const auto& [n, tag] : names)
    if (name == n) return tag;
  return {};
}

} // namespace

GutenbergFrame find_gutenberg_frame(const TextLines& lines) {
  GutenbergFrame f;
  std::size_t start = lines.size();
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (is_marker(lines[i].text, "START OF")) {
      start = i;
      break;
    }
  }
  if (start == lines.size()) return f;
  f.found = true;
  f.start_line = lines[start].line;
  f.begin = start + 1;
  f.end = lines.size();
  for (std::size_t i = lines.size(); i-- > f.begin;) {
    if (is_marker(lines[i].text, "END OF")) {
      f.end = i;
      break;
    }
  }
  for (std::size_t i = 0; i < start; ++i) {
    if (std::string v = header_value(lines[i].text, "Title"); !v.empty() && f.title.empty()) {
      f.title = v;
      // a long title continues on indented lines
      for (std::size_t k = i + 1;
           k < start && indent_width(lines[k].text) > 0 && !is_blank(lines[k].text); ++k)
        f.title += " " + std::string(strip(lines[k].text));
    } else if (std::string a = header_value(lines[i].text, "Author");
               !a.empty() && f.author.empty()) {
      f.author = a;
    } else if (std::string l = header_value(lines[i].text, "Language"); !l.empty()) {
      f.language = language_tag(l);
    }
  }
  return f;
}

} // namespace sheaf::readers::text
