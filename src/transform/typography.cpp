// Smart typography: straight quotes to the language's curly quotes by context, apostrophes,
// -- / --- to en / em dashes and ... to an ellipsis. Stateful across the runs of a paragraph.
#include "transform/typography.hpp"

#include "util/utf8.hpp"

#include <cstring>
#include <unicode/uchar.h>

namespace sheaf::transform {

namespace {

constexpr char32_t k_apostrophe = U'\u2019';
// Canonical context markers stored in m_prev after a converted quote (language-neutral).
constexpr char32_t k_opened_double = U'\u201C', k_closed_double = U'\u201D';
constexpr char32_t k_opened_single = U'\u2018', k_closed_single = U'\u2019';

std::string primary_subtag(std::string_view tag) {
  std::string out;
  for (char c : tag) {
    if (c == '-' || c == '_') break;
    out.push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return out;
}

QuoteStyle make_style(const char* od, const char* cd, const char* os, const char* cs) {
  QuoteStyle s;
  s.open_double = od;
  s.close_double = cd;
  s.open_single = os;
  s.close_single = cs;
  return s;
}

bool is_space(char32_t c) {
  return c == U' ' || c == U'\t' || c == U'\n' || c == U'\r' || c == U'\f' ||
         (c >= 0x80 && u_isUWhiteSpace(static_cast<UChar32>(c)));
}

bool is_word_char(char32_t c) {
  if (c < 0x80)
    return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z') || (c >= U'0' && c <= U'9');
  return u_isalnum(static_cast<UChar32>(c)) ||
         u_getIntPropertyValue(static_cast<UChar32>(c), UCHAR_GENERAL_CATEGORY) ==
             U_NON_SPACING_MARK;
}

bool is_digit(char32_t c) {
  return c >= U'0' && c <= U'9';
}

bool is_dash(char32_t c) {
  return c == U'-' || c == U'\u2013' || c == U'\u2014';
}

/// Characters after which a quote opens rather than closes.
bool opens_after(char32_t c) {
  if (is_space(c)) return true;
  switch (c) {
  case U'(':
  case U'[':
  case U'{':
  case U'<':
  case U'/':
  case U'-':
  case U'\u2013': // en dash
  case U'\u2014': // em dash
  case U'\u2018':
  case U'\u201A':
  case U'\u201C':
  case U'\u201E':
  case U'\u00AB':
  case U'\u2039':
  case U'\u300C':
  case U'\u300E':
    return true;
  default:
    return false;
  }
}

/// English (and Dutch 't, 's) words that start with an elided letter ('tis, 'em, 'n' ...):
/// their leading quote is an apostrophe, not an opening quote.
bool is_elision_word(std::string_view rest) {
  static const char* const words[] = {"tis", "twas", "twere", "twill",  "em", "cause",
                                      "til", "bout", "n",     "nother", "t"};
  std::size_t len = 0;
  while (len < rest.size() &&
         ((rest[len] >= 'a' && rest[len] <= 'z') || (rest[len] >= 'A' && rest[len] <= 'Z')))
    ++len;
  if (len == 0) return false;
  if (len < rest.size() && static_cast<unsigned char>(rest[len]) >= 0x80)
    return false; // the word continues with non-ASCII letters
  std::string word(rest.substr(0, len));
  for (char& c : word)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  for (const char* w : words)
    if (word == w) return true;
  return false;
}

/// Bytes that start something the smartener converts (all ASCII, so never inside a
/// multi-byte sequence).
bool is_special_byte(char c) {
  return c == '"' || c == '\'' || c == '-' || c == '.';
}

/// The code point starting at `pos` without consuming it (0 at the end).
char32_t peek(std::string_view s, std::size_t pos) {
  if (pos >= s.size()) return 0;
  return util::next_code_point(s, pos);
}

/// The last code point of a string (a space for an empty one).
char32_t last_code_point(std::string_view s) {
  if (s.empty()) return U' ';
  std::size_t start = s.size() - 1;
  while (start > 0 && s.size() - start < 4 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80)
    --start;
  std::size_t pos = start;
  return util::next_code_point(s, pos);
}

bool starts_with(const std::string& s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

} // namespace

QuoteStyle quote_style_for(std::string_view language) {
  const std::string lang = primary_subtag(language);
  if (lang == "de" || lang == "cs" || lang == "sk" || lang == "sl" || lang == "lt" ||
      lang == "is" || lang == "et" || lang == "lb")
    return make_style("\u201E", "\u201C", "\u201A", "\u2018");
  if (lang == "fr") return make_style("\u00AB\u00A0", "\u00A0\u00BB", "\u2039", "\u203A");
  if (lang == "ru" || lang == "uk" || lang == "be")
    return make_style("\u00AB", "\u00BB", "\u201E", "\u201C");
  if (lang == "pl" || lang == "ro" || lang == "hu")
    return make_style("\u201E", "\u201D", "\u00AB", "\u00BB");
  if (lang == "es" || lang == "it" || lang == "pt" || lang == "ca" || lang == "el" ||
      lang == "no" || lang == "nb" || lang == "nn")
    return make_style("\u00AB", "\u00BB", "\u201C", "\u201D");
  if (lang == "da") return make_style("\u00BB", "\u00AB", "\u203A", "\u2039");
  if (lang == "sv" || lang == "fi") return make_style("\u201D", "\u201D", "\u2019", "\u2019");
  if (lang == "ja" || lang == "zh") return make_style("\u300C", "\u300D", "\u300E", "\u300F");
  return QuoteStyle{}; // English and everything unknown ("nl" uses the same marks)
}

std::string Smartener::convert(std::string_view text) {
  if (text.empty()) return {};
  // Fast path: nothing to convert.
  const bool has_quote = text.find_first_of("\"'") != std::string_view::npos;
  if (!has_quote && text.find("--") == std::string_view::npos &&
      text.find("...") == std::string_view::npos) {
    m_prev = last_code_point(text);
    return std::string(text);
  }

  std::string out;
  out.reserve(text.size() + text.size() / 8 + 8);
  std::size_t pos = 0;
  while (pos < text.size()) {
    const char c = text[pos];
    if (c == '-' || c == '.') {
      std::size_t run = 0;
      while (pos + run < text.size() && text[pos + run] == c)
        ++run;
      pos += run;
      if (c == '-') {
        if (run >= 4) {
          // A long dash (the 2-em dash of "the ----shire"): one em dash per two hyphens.
          for (std::size_t k = 0; k < run / 2; ++k)
            out += "\u2014";
        } else if (run == 3) {
          out += "\u2014";
        } else if (run == 2) {
          // Typewriter text writes the em dash as two hyphens between words ("Yes--no");
          // spaced or numeric ("1--5") double hyphens stay en dashes.
          const char32_t next = peek(text, pos);
          const bool closed = !is_space(m_prev) && next != 0 && !is_space(next);
          const bool numeric = is_digit(m_prev) && is_digit(next);
          const bool em = m_dashes == DashStyle::typewriter && closed && !numeric;
          out += em ? "\u2014" : "\u2013";
        } else {
          out += '-';
        }
        m_prev = out.back() == '-' ? U'-' : U'\u2014';
      } else {
        for (; run >= 3; run -= 3)
          out += "\u2026";
        out.append(run, '.');
        m_prev = run ? U'.' : U'\u2026';
      }
      continue;
    }
    if (c == '"') {
      ++pos;
      const char32_t next = peek(text, pos);
      bool open = opens_after(m_prev);
      // After a space but before a space, punctuation or the end, a quote closes an open
      // quotation (French spacing: " a ".).
      if (open && is_space(m_prev) && m_double_depth > 0 && !is_word_char(next) &&
          !opens_after(next))
        open = false;
      // After a dash and before a space or the end, a quote closes: “I thought—”
      if (open && is_dash(m_prev) && (next == 0 || is_space(next))) open = false;
      if (open) {
        out += m_style.open_double;
        ++m_double_depth;
        m_prev = k_opened_double;
        // The style already carries its inner space (French): do not double it.
        if (ends_with(m_style.open_double, "\u00A0") && next == U' ') ++pos;
      } else {
        if (starts_with(m_style.close_double, "\u00A0") && !out.empty() && out.back() == ' ')
          out.pop_back();
        out += m_style.close_double;
        if (m_double_depth > 0) --m_double_depth;
        m_prev = k_closed_double;
      }
      continue;
    }
    if (c == '\'') {
      ++pos;
      const char32_t next = peek(text, pos);
      if (is_word_char(m_prev)) {
        // Inside or after a word: an apostrophe, unless it closes an open single quote.
        if (!is_word_char(next) && m_single_depth > 0) {
          out += m_style.close_single;
          --m_single_depth;
          m_prev = k_closed_single;
        } else {
          util::append_utf8(out, k_apostrophe);
          m_prev = k_apostrophe;
        }
      } else if (opens_after(m_prev)) {
        // '90s, 'tis, rock 'n' roll: elisions; otherwise an opening quote.
        // A possessive after a dash or bracket ("General----'s") is an apostrophe too.
        const bool possessive = !is_space(m_prev) && (next == U's' || next == U'S') &&
                                !is_word_char(peek(text, pos + 1));
        const bool elision = possessive || (is_digit(next) && is_digit(peek(text, pos + 1))) ||
                             (m_style.open_single == "\u2018" && is_elision_word(text.substr(pos)));
        if (elision) {
          util::append_utf8(out, k_apostrophe);
          m_prev = k_apostrophe;
        } else if (is_space(next) || (next == 0 && is_dash(m_prev))) {
          // A lone quote before a space: close an open one, else leave an apostrophe. (At
          // the end of a run the quote usually opens a formatted run: 'see <em>this</em>'.)
          if (m_single_depth > 0) {
            out += m_style.close_single;
            --m_single_depth;
            m_prev = k_closed_single;
          } else {
            util::append_utf8(out, k_apostrophe);
            m_prev = k_apostrophe;
          }
        } else {
          out += m_style.open_single;
          ++m_single_depth;
          m_prev = k_opened_single;
        }
      } else {
        // After punctuation or a closing mark.
        if (m_single_depth > 0) {
          out += m_style.close_single;
          --m_single_depth;
          m_prev = k_closed_single;
        } else {
          util::append_utf8(out, k_apostrophe);
          m_prev = k_apostrophe;
        }
      }
      continue;
    }
    // Everything up to the next quote, hyphen or dot is copied in one piece; only its last
    // code point matters as context.
    const std::size_t start = pos;
    while (pos < text.size() && !is_special_byte(text[pos]))
      ++pos;
    out.append(text.substr(start, pos - start));
    m_prev = last_code_point(text.substr(start, pos - start));
  }
  return out;
}

} // namespace sheaf::transform
