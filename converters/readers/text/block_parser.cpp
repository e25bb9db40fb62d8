// Block recognition for the plain-text reader (see tests/spec/text-reader.md for the rules).
#include "readers/text/block_parser.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

namespace sheaf::readers::text {

namespace {

constexpr int centred_indent = 10; // indented this far, text is centred display text

struct ListMarker {
  bool ordered = false;
  char bullet = 0;    ///< '-', '*', '+' or 'o' for U+2022
  char delimiter = 0; ///< '.' or ')' for ordered items
  int number = 1;
  std::size_t content_bytes = 0; ///< bytes from the line start to the item text
  int content_columns = 0;       ///< columns from the line start to the item text
};

std::optional<ListMarker> list_marker(std::string_view s) {
  int indent = indent_width(s);
  if (indent > 3) return std::nullopt;
  std::size_t p = indent_bytes(s);
  ListMarker m;
  std::size_t marker_end = p;
  if (p < s.size() && (s[p] == '-' || s[p] == '*' || s[p] == '+')) {
    m.bullet = s[p];
    marker_end = p + 1;
  } else if (s.substr(p, 3) == "\u2022") {
    m.bullet = 'o';
    marker_end = p + 3;
  } else {
    std::size_t q = p;
    while (q < s.size() && q - p < 9 && std::isdigit(static_cast<unsigned char>(s[q])))
      ++q;
    if (q == p || q >= s.size() || (s[q] != '.' && s[q] != ')')) return std::nullopt;
    m.ordered = true;
    m.delimiter = s[q];
    m.number = std::stoi(std::string(s.substr(p, q - p)));
    marker_end = q + 1;
  }
  std::size_t q = marker_end;
  while (q < s.size() && s[q] == ' ')
    ++q;
  if (q == marker_end || q >= s.size() || is_blank(s.substr(q))) return std::nullopt;
  int marker_cols = indent + static_cast<int>(display_length(s.substr(p, marker_end - p)));
  int spaces = static_cast<int>(q - marker_end);
  if (spaces > 4) { // the item text is itself indented: only one space belongs to the marker
    q = marker_end + 1;
    spaces = 1;
  }
  m.content_bytes = q;
  m.content_columns = marker_cols + spaces;
  return m;
}

bool same_list(const ListMarker& a, const ListMarker& b) {
  return a.ordered == b.ordered && a.bullet == b.bullet && a.delimiter == b.delimiter;
}

bool is_thematic_break(std::string_view s) {
  s = strip(s);
  if (s.size() < 3) return false;
  char c = s[0];
  if (c != '-' && c != '*' && c != '_') return false;
  int count = 0;
  for (char x : s) {
    if (x == c)
      ++count;
    else if (x != ' ' && x != '\t')
      return false;
  }
  return count >= 3;
}

/// 1 for "===", 2 for "---" (a setext underline), else 0.
int underline_level(std::string_view s) {
  if (indent_width(s) > 3) return 0;
  s = strip(s);
  if (s.size() < 3) return 0;
  char c = s[0];
  if (c != '=' && c != '-') return 0;
  if (!std::all_of(s.begin(), s.end(), [c](char x) { return x == c; })) return 0;
  return c == '=' ? 1 : 2;
}

/// ATX heading: level and content, or level 0.
int atx_heading(const TextLine& l, TextLine& content) {
  if (indent_width(l.text) > 3) return 0;
  std::size_t p = indent_bytes(l.text);
  std::size_t q = p;
  while (q < l.text.size() && l.text[q] == '#')
    ++q;
  int level = static_cast<int>(q - p);
  if (level < 1 || level > 6) return 0;
  if (q < l.text.size() && l.text[q] != ' ' && l.text[q] != '\t') return 0; // "#hashtag"
  std::string_view rest = l.text.substr(q);
  std::size_t skip = indent_bytes(rest);
  std::string_view body = rtrim(rest.substr(skip));
  // optional closing sequence: " ##"
  std::size_t end = body.size();
  while (end > 0 && body[end - 1] == '#')
    --end;
  if (end < body.size() && (end == 0 || body[end - 1] == ' ' || body[end - 1] == '\t'))
    body = rtrim(body.substr(0, end));
  content = {body, l.line, l.column + static_cast<int>(q + skip)};
  return level;
}

bool is_quote_line(std::string_view s) {
  return indent_width(s) <= 3 && indent_bytes(s) < s.size() && s[indent_bytes(s)] == '>';
}

/// The line with its '>' marker (and one following space) removed.
TextLine strip_quote_marker(const TextLine& l) {
  std::size_t p = indent_bytes(l.text) + 1;
  if (p < l.text.size() && l.text[p] == ' ') ++p;
  return {l.text.substr(p), l.line, l.column + static_cast<int>(p)};
}

/// True when an indented group reads as code rather than prose or verse: code punctuation
/// appears, or (unless the text is centred) a line begins with a lower-case ASCII letter or a
/// symbol.
bool looks_like_code(const TextLines& lines, bool centred) {
  for (const auto& l : lines) {
    std::string_view t = strip(l.text);
    if (t.empty()) continue;
    unsigned char c = static_cast<unsigned char>(t[0]);
    // centred display text often starts lines in lower case ("and", "by"): only punctuation
    // counts there
    if (!centred && (std::islower(c) ||
                     std::string_view("./$#@%-~`<{}=+|\\").find(t[0]) != std::string_view::npos))
      return true;
    for (std::size_t i = 0; i < t.size(); ++i) {
      char x = t[i];
      if (x == '{' || x == '}' || x == '=' || x == '<' || x == '>' || x == '\\' || x == '|' ||
          x == '`')
        return true;
      if (i + 1 < t.size()) {
        char y = t[i + 1];
        if ((x == '(' && y == ')') || (x == '/' && y == '/') || (x == ':' && y == ':') ||
            (x == '-' && y == '>') || (x == ')' && y == ';'))
          return true;
        if (x == '_' && i > 0 && std::isalnum(static_cast<unsigned char>(t[i - 1])) &&
            std::isalnum(static_cast<unsigned char>(y)))
          return true;
      }
    }
  }
  return false;
}

/// True when `l` can interrupt a paragraph (a new block starts on the next line).
bool interrupts_paragraph(const TextLine& l) {
  TextLine dummy;
  if (atx_heading(l, dummy) > 0 || is_quote_line(l.text) || is_thematic_break(l.text)) return true;
  auto m = list_marker(l.text);
  return m && (!m->ordered || m->number == 1);
}

} // namespace

bool is_list_item_line(std::string_view line) {
  return list_marker(line).has_value();
}

TextBlocks BlockParser::parse(const TextLines& lines) const {
  TextBlocks out;
  std::size_t i = 0;
  bool after_blank = true;
  while (i < lines.size()) {
    const TextLine& l = lines[i];
    if (is_blank(l.text)) {
      after_blank = true;
      ++i;
      continue;
    }
    TextLine content;
    if (is_thematic_break(l.text)) {
      TextBlock b;
      b.kind = TextBlockKind::thematic_break;
      b.line = l.line;
      b.column = l.column + static_cast<int>(indent_bytes(l.text));
      out.push_back(std::move(b));
      ++i;
    } else if (int level = atx_heading(l, content)) {
      TextBlock b;
      b.kind = TextBlockKind::heading;
      b.level = level;
      b.line = l.line;
      b.column = l.column + static_cast<int>(indent_bytes(l.text));
      if (!content.text.empty()) b.lines.push_back(content);
      out.push_back(std::move(b));
      ++i;
    } else if (m_depth < max_depth && is_quote_line(l.text)) {
      i = parse_quote(lines, i, out);
    } else if (m_depth < max_depth && list_marker(l.text)) {
      i = parse_list(lines, i, out);
    } else if (after_blank && m_indented && indent_width(l.text) >= 4) {
      i = parse_indented(lines, i, out);
    } else {
      i = parse_paragraph(lines, i, after_blank, out);
    }
    after_blank = false;
  }
  return out;
}

std::size_t BlockParser::parse_paragraph(const TextLines& lines, std::size_t i, bool after_blank,
                                         TextBlocks& out) const {
  TextBlock b;
  b.line = lines[i].line;
  b.column = lines[i].column + static_cast<int>(indent_bytes(lines[i].text));
  std::size_t j = i;
  while (j < lines.size() && !is_blank(lines[j].text)) {
    if (j > i) {
      if (j == i + 1) {
        if (int level = underline_level(lines[j].text)) {
          b.kind = TextBlockKind::heading;
          b.level = level;
          ++j;
          break;
        }
      }
      if (interrupts_paragraph(lines[j])) break;
    }
    TextLine l = lines[j];
    std::size_t skip = indent_bytes(l.text);
    b.lines.push_back({rtrim(l.text.substr(skip)), l.line, l.column + static_cast<int>(skip)});
    ++j;
  }
  if (b.kind == TextBlockKind::paragraph) {
    TextLines raw(lines.begin() + static_cast<std::ptrdiff_t>(i),
                  lines.begin() + static_cast<std::ptrdiff_t>(j));
    b.hard_breaks = b.lines.size() > 1 && !m_profile.joins(raw);
    b.isolated = after_blank && (j >= lines.size() || is_blank(lines[j].text));
  }
  out.push_back(std::move(b));
  return j;
}

std::size_t BlockParser::parse_quote(const TextLines& lines, std::size_t i, TextBlocks& out) const {
  TextBlock b;
  b.kind = TextBlockKind::quote;
  b.line = lines[i].line;
  b.column = lines[i].column + static_cast<int>(indent_bytes(lines[i].text));
  TextLines inner;
  std::size_t j = i;
  while (j < lines.size() && is_quote_line(lines[j].text))
    inner.push_back(strip_quote_marker(lines[j++]));
  b.children = nested(m_indented).parse(inner);
  out.push_back(std::move(b));
  return j;
}

std::size_t BlockParser::parse_list(const TextLines& lines, std::size_t i, TextBlocks& out) const {
  const ListMarker first = *list_marker(lines[i].text);
  TextBlock list;
  list.kind = TextBlockKind::list;
  list.list_kind = first.ordered ? model::ListKind::ordered : model::ListKind::bullet;
  list.start = first.number;
  list.line = lines[i].line;
  list.column = lines[i].column + static_cast<int>(indent_bytes(lines[i].text));
  std::size_t j = i;
  while (j < lines.size()) {
    auto m = list_marker(lines[j].text);
    if (!m || !same_list(*m, first)) break;
    const TextLine& ml = lines[j];
    TextLines item{{ml.text.substr(m->content_bytes), ml.line,
                    ml.column + static_cast<int>(m->content_bytes)}};
    list.item_starts.push_back(
        {ml.text, ml.line, ml.column + static_cast<int>(indent_bytes(ml.text))});
    ++j;
    bool last_blank = false;
    while (j < lines.size()) {
      const TextLine& l = lines[j];
      if (is_blank(l.text)) {
        std::size_t k = j;
        while (k < lines.size() && is_blank(lines[k].text))
          ++k;
        if (k < lines.size() && indent_width(lines[k].text) >= m->content_columns) {
          for (; j < k; ++j)
            item.push_back({std::string_view(), lines[j].line, 1});
          last_blank = true;
          list.tight = false;
          continue;
        }
        auto next = list_marker(k < lines.size() ? lines[k].text : std::string_view());
        if (next && same_list(*next, first) && indent_width(lines[k].text) < m->content_columns) {
          list.tight = false;
          j = k;
        }
        break;
      }
      if (indent_width(l.text) >= m->content_columns) {
        item.push_back(strip_indent(l, m->content_columns));
        ++j;
        last_blank = false;
        continue;
      }
      if (list_marker(l.text) || last_blank || interrupts_paragraph(l)) break;
      // lazy continuation of the item's text (a wrapped line)
      item.push_back(strip_indent(l, indent_width(l.text)));
      ++j;
    }
    list.items.push_back(nested(m_indented).parse(item));
  }
  out.push_back(std::move(list));
  return j;
}

std::size_t BlockParser::parse_indented(const TextLines& lines, std::size_t i,
                                        TextBlocks& out) const {
  std::size_t j = i, end = i;
  int min_indent = 1 << 30;
  while (j < lines.size() && (is_blank(lines[j].text) || indent_width(lines[j].text) >= 4)) {
    if (!is_blank(lines[j].text)) {
      min_indent = std::min(min_indent, indent_width(lines[j].text));
      end = j + 1;
    }
    ++j;
  }
  TextLines inner;
  for (std::size_t k = i; k < end; ++k)
    inner.push_back(is_blank(lines[k].text) ? TextLine{std::string_view(), lines[k].line, 1}
                                            : strip_indent(lines[k], min_indent));
  if (looks_like_code(inner, min_indent >= centred_indent)) {
    TextBlock b;
    b.kind = TextBlockKind::code;
    b.line = inner.front().line;
    b.column = inner.front().column;
    for (std::size_t k = 0; k < inner.size(); ++k) {
      if (k) b.code += '\n';
      std::string_view t = rtrim(inner[k].text);
      // a tab that straddled the cut expands to the remaining spaces
      std::size_t p = 0;
      while (p < t.size() && t[p] == '\t') {
        b.code += "    ";
        ++p;
      }
      b.code.append(t.substr(p));
    }
    out.push_back(std::move(b));
  } else if (min_indent >= centred_indent) {
    // centred display text (title pages, epigraphs): ordinary blocks
    BlockParser plain(m_profile, false);
    TextBlocks blocks = plain.parse(inner);
    for (auto& b : blocks)
      out.push_back(std::move(b));
  } else {
    TextBlock b;
    b.kind = TextBlockKind::quote;
    b.line = inner.front().line;
    b.column = inner.front().column;
    b.children = nested(false).parse(inner);
    out.push_back(std::move(b));
  }
  return end;
}

bool indentation_is_structure(const TextLines& lines) {
  std::size_t groups = 0, indented = 0;
  bool after_blank = true;
  for (const auto& l : lines) {
    if (is_blank(l.text)) {
      after_blank = true;
      continue;
    }
    if (after_blank) {
      ++groups;
      if (indent_width(l.text) >= 4) ++indented;
    }
    after_blank = false;
  }
  return indented * 2 <= groups;
}

TextLines separate_paragraphs(const TextLines& lines, const WrapProfile& profile) {
  TextLines out;
  out.reserve(lines.size() * 2);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i > 0) {
      const TextLine& a = lines[i - 1];
      const TextLine& b = lines[i];
      bool split;
      if (is_list_item_line(b.text) || (is_quote_line(a.text) && is_quote_line(b.text)))
        split = false;
      else if (profile.hard_wrapped())
        split = !profile.is_wrap(a.text, b.text) ||
                (indent_width(b.text) >= 2 && indent_width(a.text) < 2);
      else
        split = indent_width(b.text) < 2 || indent_width(a.text) >= 2;
      if (split) out.push_back({std::string_view(), b.line, 1});
    }
    out.push_back(lines[i]);
  }
  return out;
}

} // namespace sheaf::readers::text
