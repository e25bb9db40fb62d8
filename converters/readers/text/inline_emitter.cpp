// Inline emission for the plain-text reader: bare URLs as links, smart typography elsewhere.
#include "readers/text/inline_emitter.hpp"

#include <cctype>

namespace sheaf::readers::text {

namespace {

bool url_char(unsigned char c) {
  return c > 0x20 && c != '<' && c != '>' && c != '"' && c != '`' && c != 0x7F;
}

/// Bytes of a trailing character that must not end a URL, or 0.
std::size_t trailing_punct(std::string_view u) {
  if (u.empty()) return 0;
  char c = u.back();
  if (std::string_view(".,;:!?'*_").find(c) != std::string_view::npos) return 1;
  if (c == ')' || c == ']') {
    char open = c == ')' ? '(' : '[';
    long balance = 0;
    for (char x : u)
      balance += (x == open) - (x == c);
    return balance < 0 ? 1 : 0;
  }
  // curly quotes, guillemets, ellipsis, dashes (3-byte UTF-8 sequences)
  static const std::string_view closers[] = {"\u2019", "\u201D", "\u00BB", "\u2026", "\u2014",
                                             "\u2013", "\u201C", "\u2018", "\u00AB"};
  for (auto s : closers)
    if (u.size() >= s.size() && u.substr(u.size() - s.size()) == s) return s.size();
  return 0;
}

} // namespace

std::optional<UrlMatch> find_url(std::string_view text, std::size_t from) {
  // fast exit for the common case (memchr/memmem-backed searches)
  if (text.find("://", from) == std::string_view::npos &&
      text.find("www.", from) == std::string_view::npos &&
      text.find("WWW.", from) == std::string_view::npos)
    return std::nullopt;
  for (std::size_t p = from; p < text.size(); ++p) {
    char c = text[p];
    if (c != 'h' && c != 'w' && c != 'H' && c != 'W') continue;
    if (p > 0) {
      unsigned char prev = static_cast<unsigned char>(text[p - 1]);
      if (std::isalnum(prev) || prev == '/' || prev == '@' || prev == '.' || prev == '-' ||
          prev == '_')
        continue;
    }
    std::size_t prefix = 0;
    std::string_view rest = text.substr(p);
    auto starts = [&](std::string_view s) {
      if (rest.size() < s.size()) return false;
      for (std::size_t i = 0; i < s.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(rest[i])) != s[i]) return false;
      return true;
    };
    if (starts("https://"))
      prefix = 8;
    else if (starts("http://"))
      prefix = 7;
    else if (starts("www."))
      prefix = 4;
    else
      continue;
    std::size_t e = p + prefix;
    while (e < text.size() && url_char(static_cast<unsigned char>(text[e]))) {
      // stop at curly quotes that follow a URL directly
      if (text.compare(e, 3, "\u201D") == 0 || text.compare(e, 3, "\u2019") == 0) break;
      ++e;
    }
    std::string_view u = text.substr(p, e - p);
    while (std::size_t n = trailing_punct(u))
      u.remove_suffix(n);
    std::string_view host = u.substr(std::min(prefix, u.size()));
    bool ok = !host.empty() && std::isalnum(static_cast<unsigned char>(host[0]));
    if (prefix == 4) ok = ok && host.find('.') != std::string_view::npos;
    if (ok) return UrlMatch{p, p + u.size()};
    p = e > p ? e - 1 : p;
  }
  return std::nullopt;
}

InlineEmitter::InlineEmitter(model::DocumentBuilder& builder, bool smart,
                             transform::QuoteStyle style)
    : m_builder(builder), m_smart(smart),
      m_smartener(std::move(style), transform::DashStyle::typewriter) {}

void InlineEmitter::lines(const TextLines& lines, bool hard_breaks) {
  m_smartener.reset();
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const TextLine& l = lines[i];
    if (i > 0) {
      if (hard_breaks)
        m_builder.line_break(m_builder.at(l.line, l.column));
      else
        plain(" ", l.line, l.column);
    }
    run(l.text, l.line, l.column);
  }
}

void InlineEmitter::run(std::string_view text, int line, int column) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto m = find_url(text, pos);
    std::size_t stop = m ? m->begin : text.size();
    if (stop > pos) plain(text.substr(pos, stop - pos), line, column + static_cast<int>(pos));
    if (!m) break;
    std::string_view u = text.substr(m->begin, m->end - m->begin);
    std::string url(u);
    if (url.size() >= 4 && (url[0] == 'w' || url[0] == 'W')) url = "http://" + url;
    auto span = m_builder.at(line, column + static_cast<int>(m->begin));
    m_builder.open_link(std::move(url), "", span);
    m_builder.text(u, span);
    m_builder.close();
    if (m_smart) m_smartener.convert(u.substr(u.size() - 1)); // context for a following quote
    pos = m->end;
  }
}

void InlineEmitter::plain(std::string_view text, int line, int column) {
  auto span = m_builder.at(line, column);
  if (m_smart)
    m_builder.text(m_smartener.convert(text), span);
  else
    m_builder.text(text, span);
}

} // namespace sheaf::readers::text
