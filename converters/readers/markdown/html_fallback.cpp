// Raw HTML inside Markdown without the HTML reader: inline tag mapping and block text.

#include "readers/markdown/html_fallback.hpp"

#include "util/utf8.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace sheaf::readers {
namespace {

/// One parsed tag.
struct Tag {
  enum Kind { start, end, other } kind = other;
  std::string name; ///< lower case
  bool self_closing = false;
  std::vector<std::pair<std::string, std::string>> attrs;

  const std::string* attr(std::string_view key) const {
    for (const auto& [k, v] : attrs)
      if (k == key) return &v;
    return nullptr;
  }
};

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

/// Parse the tag starting at s[0] == '<'; `length` gets the bytes it covers (0: not a tag).
Tag parse_tag(std::string_view s, std::size_t& length) {
  Tag tag;
  length = 0;
  if (s.size() < 2 || s[0] != '<') return tag;
  if (s.substr(0, 4) == "<!--") {
    std::size_t e = s.find("-->", 4);
    length = e == std::string_view::npos ? s.size() : e + 3;
    return tag;
  }
  if (s[1] == '!' || s[1] == '?') {
    std::size_t e = s.find('>');
    length = e == std::string_view::npos ? s.size() : e + 1;
    return tag;
  }
  std::size_t i = 1;
  if (s[i] == '/') {
    tag.kind = Tag::end;
    ++i;
  } else {
    tag.kind = Tag::start;
  }
  std::size_t name_begin = i;
  while (i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '-'))
    ++i;
  if (i == name_begin || !std::isalpha(static_cast<unsigned char>(s[name_begin]))) {
    tag.kind = Tag::other;
    return tag; // "<" followed by something that is no tag name
  }
  tag.name = lower(s.substr(name_begin, i - name_begin));
  while (i < s.size()) {
    while (i < s.size() && is_space(s[i]))
      ++i;
    if (i >= s.size()) break;
    if (s[i] == '>') {
      length = i + 1;
      return tag;
    }
    if (s[i] == '/') {
      tag.self_closing = true;
      ++i;
      continue;
    }
    std::size_t key_begin = i;
    while (i < s.size() && !is_space(s[i]) && s[i] != '=' && s[i] != '>' && s[i] != '/')
      ++i;
    std::string key = lower(s.substr(key_begin, i - key_begin));
    if (key.empty()) {
      ++i; // stray character
      continue;
    }
    while (i < s.size() && is_space(s[i]))
      ++i;
    std::string value;
    if (i < s.size() && s[i] == '=') {
      ++i;
      while (i < s.size() && is_space(s[i]))
        ++i;
      if (i < s.size() && (s[i] == '"' || s[i] == '\'')) {
        char q = s[i++];
        std::size_t e = s.find(q, i);
        if (e == std::string_view::npos) e = s.size();
        value = std::string(s.substr(i, e - i));
        i = std::min(s.size(), e + 1);
      } else {
        std::size_t v = i;
        while (i < s.size() && !is_space(s[i]) && s[i] != '>')
          ++i;
        value = std::string(s.substr(v, i - v));
      }
    }
    tag.attrs.emplace_back(std::move(key), std::move(value));
  }
  length = s.size(); // unterminated tag: it runs to the end
  return tag;
}

/// Decode the common character references (&amp; &lt; &gt; &quot; &apos; &nbsp; &#N; &#xN;).
std::string decode_entities(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out += s[i];
      continue;
    }
    std::size_t semi = s.find(';', i);
    if (semi == std::string_view::npos || semi - i > 10) {
      out += '&';
      continue;
    }
    std::string_view name = s.substr(i + 1, semi - i - 1);
    char32_t cp = 0;
    if (!name.empty() && name[0] == '#') {
      bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
      std::string digits(name.substr(hex ? 2 : 1));
      char* end = nullptr;
      unsigned long v = digits.empty() ? 0 : std::strtoul(digits.c_str(), &end, hex ? 16 : 10);
      if (!digits.empty() && end && *end == '\0')
        cp = (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) ? 0xFFFD : char32_t(v);
    } else if (name == "amp") {
      cp = '&';
    } else if (name == "lt") {
      cp = '<';
    } else if (name == "gt") {
      cp = '>';
    } else if (name == "quot") {
      cp = '"';
    } else if (name == "apos") {
      cp = '\'';
    } else if (name == "nbsp") {
      cp = 0xA0;
    }
    if (cp == 0) {
      out += '&';
      continue;
    }
    util::append_utf8(out, cp);
    i = semi;
  }
  return out;
}

} // namespace

void InlineHtmlMapper::handle(std::string_view html, const model::SourceSpan& span,
                              model::DocumentBuilder& b, diag::DiagnosticSink& sink) {
  std::size_t length = 0;
  Tag tag = parse_tag(html, length);
  if (tag.kind == Tag::other) {
    if (html.substr(0, 4) != "<!--")
      sink.emit("raw-html-skipped", "raw HTML '" + std::string(html.substr(0, 40)) + "' dropped",
                diag::SourceLocation::from(span));
    return;
  }
  const std::string& n = tag.name;
  if (n == "kbd") {
    if (tag.kind == Tag::start && !tag.self_closing) {
      if (m_kbd_depth++ == 0) {
        m_kbd_text.clear();
        m_kbd_span = span;
      }
    } else if (tag.kind == Tag::end && m_kbd_depth > 0 && --m_kbd_depth == 0) {
      flush_kbd(b);
    }
    return;
  }
  if (capturing()) return; // markup inside <kbd> is flattened to its text
  if (n == "br") {
    if (tag.kind == Tag::start) b.line_break(span);
    return;
  }
  model::InlineKind kind = model::InlineKind::span;
  model::Attr attr;
  bool known = true;
  if (n == "em" || n == "i" || n == "cite" || n == "var" || n == "dfn")
    kind = model::InlineKind::emphasis;
  else if (n == "strong" || n == "b")
    kind = model::InlineKind::strong;
  else if (n == "del" || n == "s" || n == "strike")
    kind = model::InlineKind::strikeout;
  else if (n == "ins" || n == "u")
    kind = model::InlineKind::underline;
  else if (n == "sup")
    kind = model::InlineKind::superscript;
  else if (n == "sub")
    kind = model::InlineKind::subscript;
  else if (n == "mark" || n == "small" || n == "abbr" || n == "span" || n == "q")
    attr.classes.push_back(n);
  else if (n != "a")
    known = false;
  if (!known) {
    sink.emit("raw-html-skipped", "raw HTML tag <" + n + "> dropped (its text is kept)",
              diag::SourceLocation::from(span));
    return;
  }
  if (tag.kind == Tag::start) {
    if (tag.self_closing || m_open.size() >= k_max_open) return;
    if (n == "span") attr.classes.clear();
    if (const std::string* title = tag.attr("title"); title && n == "abbr")
      attr.kv.emplace_back("title", decode_entities(*title));
    std::size_t before = b.depth();
    if (n == "a") {
      const std::string* href = tag.attr("href");
      const std::string* title = tag.attr("title");
      b.open_link(href ? decode_entities(*href) : std::string(),
                  title ? decode_entities(*title) : std::string(), span);
    } else {
      b.open_inline(kind, span, std::move(attr));
    }
    m_open.push_back({n, before});
    return;
  }
  // An end tag: close the innermost open element with this name, if it is still open.
  for (std::size_t k = m_open.size(); k-- > 0;) {
    if (m_open[k].tag != n) continue;
    if (b.depth() > m_open[k].depth_before) b.close_to(m_open[k].depth_before);
    m_open.resize(k);
    return;
  }
}

void InlineHtmlMapper::prune(std::size_t builder_depth) {
  while (!m_open.empty() && m_open.back().depth_before >= builder_depth)
    m_open.pop_back();
}

void InlineHtmlMapper::finish(model::DocumentBuilder& b) {
  if (capturing()) {
    m_kbd_depth = 0;
    flush_kbd(b);
  }
  m_open.clear();
}

void InlineHtmlMapper::flush_kbd(model::DocumentBuilder& b) {
  if (m_kbd_text.empty()) return;
  model::Attr attr;
  attr.classes.push_back("kbd");
  b.code(std::move(m_kbd_text), m_kbd_span, std::move(attr));
  m_kbd_text.clear();
}

} // namespace sheaf::readers
