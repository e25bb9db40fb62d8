// CSS subset parser: comments, rules with selector lists, declarations, @page and @media.
// Anything it does not understand is skipped with a diagnostic; it never throws.
#include "style/css_parser.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>

namespace sheaf::style {
namespace {

const char* const k_known[] = {"font-family",
                               "font-size",
                               "font-weight",
                               "font-style",
                               "line-height",
                               "margin",
                               "margin-top",
                               "margin-right",
                               "margin-bottom",
                               "margin-left",
                               "padding",
                               "padding-top",
                               "padding-right",
                               "padding-bottom",
                               "padding-left",
                               "text-indent",
                               "text-align",
                               "hyphens",
                               "-webkit-hyphens",
                               "color",
                               "page-break-before",
                               "page-break-after",
                               "page-break-inside",
                               "break-before",
                               "break-after",
                               "break-inside",
                               "white-space",
                               "display",
                               "border-left",
                               "border-left-width",
                               "border-left-color",
                               "list-style-type",
                               "font"};

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim_view(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
    s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
    s.remove_suffix(1);
  return s;
}

/// Removes comments, keeping newlines so that line numbers stay right.
std::string strip_comments(std::string_view css) {
  std::string out;
  out.reserve(css.size());
  char quote = 0;
  for (std::size_t i = 0; i < css.size(); ++i) {
    char c = css[i];
    if (quote) {
      out += c;
      if (c == '\\' && i + 1 < css.size())
        out += css[++i];
      else if (c == quote)
        quote = 0;
      continue;
    }
    if (c == '"' || c == '\'') {
      quote = c;
      out += c;
    } else if (c == '/' && i + 1 < css.size() && css[i + 1] == '*') {
      std::size_t end = css.find("*/", i + 2);
      std::size_t stop = end == std::string_view::npos ? css.size() : end + 2;
      for (std::size_t j = i; j < stop; ++j)
        if (css[j] == '\n') out += '\n';
      i = stop - 1;
    } else {
      out += c;
    }
  }
  return out;
}

class Parser {
public:
  Parser(std::string_view text, diag::DiagnosticSink& sink, std::string_view origin)
      : m_text(text), m_sink(sink), m_origin(origin) {}

  void parse_rules(Stylesheet& sheet, std::size_t end, int depth) {
    while (m_pos < end) {
      skip_space(end);
      if (m_pos >= end) break;
      char c = m_text[m_pos];
      if (c == '}') { // stray close brace
        warn("unexpected '}'");
        ++m_pos;
        continue;
      }
      if (c == '@') {
        parse_at_rule(sheet, end, depth);
        continue;
      }
      std::size_t brace = find_unquoted(m_pos, end, "{;}");
      if (brace >= end || m_text[brace] != '{') {
        warn("selector without a declaration block");
        m_pos = brace >= end ? end : brace + 1;
        continue;
      }
      std::string_view prelude = m_text.substr(m_pos, brace - m_pos);
      std::size_t close = matching_brace(brace, end);
      std::string_view body = m_text.substr(brace + 1, close - brace - 1);
      m_pos = close < end ? close + 1 : end;
      Rule rule;
      rule.selectors = parse_selectors(prelude);
      if (rule.selectors.empty()) continue;
      rule.declarations = parse_declarations(body);
      rule.order = sheet.rules.size();
      sheet.rules.push_back(std::move(rule));
    }
  }

private:
  void warn(std::string msg) { m_sink.emit("css-syntax", std::move(msg), location()); }
  diag::SourceLocation location() const {
    diag::SourceLocation loc;
    loc.file = std::string(m_origin);
    std::size_t at = m_diag_pos != std::string_view::npos ? m_diag_pos : m_pos;
    loc.line = 1 + static_cast<int>(std::count(m_text.begin(),
                                               m_text.begin() + std::min(at, m_text.size()), '\n'));
    return loc;
  }
  void skip_space(std::size_t end) {
    while (m_pos < end && std::isspace(static_cast<unsigned char>(m_text[m_pos])))
      ++m_pos;
  }
  /// First position in [from, end) of one of `chars` outside strings, or end.
  std::size_t find_unquoted(std::size_t from, std::size_t end, std::string_view chars) const {
    char quote = 0;
    for (std::size_t i = from; i < end; ++i) {
      char c = m_text[i];
      if (quote) {
        if (c == '\\')
          ++i;
        else if (c == quote)
          quote = 0;
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (chars.find(c) != std::string_view::npos) {
        return i;
      }
    }
    return end;
  }
  /// Position of the '}' matching the '{' at `open`, or end.
  std::size_t matching_brace(std::size_t open, std::size_t end) const {
    int level = 0;
    std::size_t i = open;
    while (i < end) {
      i = find_unquoted(i, end, "{}");
      if (i >= end) break;
      level += m_text[i] == '{' ? 1 : -1;
      if (level == 0) return i;
      ++i;
    }
    return end;
  }

  void parse_at_rule(Stylesheet& sheet, std::size_t end, int depth) {
    std::size_t stop = find_unquoted(m_pos, end, "{;");
    std::string name;
    std::size_t i = m_pos + 1;
    while (i < stop && (std::isalnum(static_cast<unsigned char>(m_text[i])) || m_text[i] == '-'))
      name += static_cast<char>(std::tolower(static_cast<unsigned char>(m_text[i++])));
    std::string_view prelude = trim_view(m_text.substr(i, stop - i));
    if (stop >= end || m_text[stop] == ';') {
      m_pos = stop >= end ? end : stop + 1; // @import, @charset …: ignored
      if (name != "charset") m_sink.emit("css-unsupported", "@" + name + " ignored", location());
      return;
    }
    std::size_t close = matching_brace(stop, end);
    if (name == "page") {
      apply_page(sheet.page, parse_declarations(m_text.substr(stop + 1, close - stop - 1)));
      m_pos = close < end ? close + 1 : end;
    } else if (name == "media" && depth < 8) {
      std::string q = lower(prelude);
      bool applies = q.find("print") != std::string::npos || q.find("all") != std::string::npos ||
                     q.find("screen") == std::string::npos;
      if (applies) {
        m_pos = stop + 1;
        parse_rules(sheet, close, depth + 1);
      }
      m_pos = close < end ? close + 1 : end;
    } else {
      m_sink.emit("css-unsupported", "@" + name + " ignored", location());
      m_pos = close < end ? close + 1 : end;
    }
  }

  void apply_page(PageSetup& page, const std::vector<Declaration>& decls) {
    for (const auto& d : decls) {
      if (d.property == "size") {
        std::string v = lower(d.value);
        bool landscape = false;
        if (auto p = v.find("landscape"); p != std::string::npos) {
          landscape = true;
          v.erase(p, 9);
        }
        if (auto p = v.find("portrait"); p != std::string::npos) v.erase(p, 8);
        std::string_view t = trim_view(v);
        double w = 0, h = 0;
        bool ok = parse_paper(t, w, h);
        if (!ok) { // "W H" lengths
          auto sp = t.find(' ');
          if (sp != std::string_view::npos)
            ok = parse_length(t.substr(0, sp), 12, 12, w) &&
                 parse_length(trim_view(t.substr(sp)), 12, 12, h);
          else if (parse_length(t, 12, 12, w)) {
            h = w;
            ok = true;
          }
        }
        if (ok && w > 0 && h > 0) {
          if (landscape && w < h) std::swap(w, h);
          page.width = w;
          page.height = h;
          page.size_set = true;
        } else {
          m_sink.emit("css-bad-value", "bad @page size: " + d.value, location());
        }
      } else if (d.property.rfind("margin", 0) == 0) {
        std::vector<double> v;
        std::string_view rest = d.value;
        bool ok = true;
        while (!(rest = trim_view(rest)).empty()) {
          auto sp = rest.find(' ');
          double x = 0;
          if (!parse_length(rest.substr(0, sp), 12, 12, x)) ok = false;
          v.push_back(x);
          rest = sp == std::string_view::npos ? std::string_view() : rest.substr(sp);
        }
        if (!ok || v.empty() || v.size() > 4) {
          m_sink.emit("css-bad-value", "bad @page margin: " + d.value, location());
          continue;
        }
        Edges& m = page.margin;
        if (d.property == "margin") {
          m.top = v[0];
          m.right = v.size() > 1 ? v[1] : v[0];
          m.bottom = v.size() > 2 ? v[2] : v[0];
          m.left = v.size() > 3 ? v[3] : m.right;
        } else if (d.property == "margin-top")
          m.top = v[0];
        else if (d.property == "margin-right")
          m.right = v[0];
        else if (d.property == "margin-bottom")
          m.bottom = v[0];
        else if (d.property == "margin-left")
          m.left = v[0];
        page.margin_set = true;
      }
    }
  }

  std::vector<Selector> parse_selectors(std::string_view prelude) {
    std::vector<Selector> out;
    std::size_t start = 0;
    while (start <= prelude.size()) {
      std::size_t comma = prelude.find(',', start);
      std::string_view one = trim_view(prelude.substr(
          start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
      start = comma == std::string_view::npos ? prelude.size() + 1 : comma + 1;
      if (one.empty()) continue;
      Selector sel;
      if (parse_selector(one, sel))
        out.push_back(std::move(sel));
      else
        m_sink.emit("css-unsupported", "selector ignored: " + std::string(one), location());
    }
    return out;
  }

  static bool name_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ||
           static_cast<unsigned char>(c) >= 0x80;
  }

  static bool parse_selector(std::string_view s, Selector& sel) {
    std::size_t i = 0;
    while (i < s.size()) {
      while (i < s.size() && (std::isspace(static_cast<unsigned char>(s[i])) || s[i] == '>'))
        ++i;
      if (i >= s.size()) break;
      SimpleSelector part;
      bool any = false;
      if (s[i] == '*') {
        ++i;
        any = true;
      }
      while (i < s.size() && name_char(s[i])) {
        part.element += static_cast<char>(std::tolower(static_cast<unsigned char>(s[i++])));
        any = true;
      }
      while (i < s.size() && s[i] == '.') {
        ++i;
        std::string cls;
        while (i < s.size() && name_char(s[i]))
          cls += s[i++];
        if (cls.empty()) return false;
        part.classes.push_back(std::move(cls));
        any = true;
      }
      if (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i])) && s[i] != '>')
        return false; // #id, :pseudo, [attr], + and ~ are not supported
      if (!any) return false;
      sel.parts.push_back(std::move(part));
    }
    return !sel.parts.empty();
  }

  std::vector<Declaration> parse_declarations(std::string_view body) {
    struct Reset {
      std::size_t& p;
      ~Reset() { p = std::string_view::npos; }
    } reset{m_diag_pos};
    std::vector<Declaration> out;
    std::size_t i = 0;
    while (i < body.size()) {
      std::size_t semi = i;
      char quote = 0;
      int paren = 0;
      for (; semi < body.size(); ++semi) {
        char c = body[semi];
        if (quote) {
          if (c == quote) quote = 0;
        } else if (c == '"' || c == '\'')
          quote = c;
        else if (c == '(')
          ++paren;
        else if (c == ')')
          --paren;
        else if (c == ';' && paren <= 0)
          break;
      }
      std::string_view decl = trim_view(body.substr(i, semi - i));
      if (!decl.empty() && decl.data() >= m_text.data() &&
          decl.data() <= m_text.data() + m_text.size())
        m_diag_pos = static_cast<std::size_t>(decl.data() - m_text.data());
      i = semi + 1;
      if (decl.empty()) continue;
      auto colon = decl.find(':');
      if (colon == std::string_view::npos) {
        warn("declaration without ':': " + std::string(decl));
        continue;
      }
      Declaration d;
      d.property = lower(trim_view(decl.substr(0, colon)));
      std::string_view value = trim_view(decl.substr(colon + 1));
      auto bang = value.rfind('!');
      if (bang != std::string_view::npos &&
          lower(trim_view(value.substr(bang + 1))) == "important") {
        d.important = true;
        value = trim_view(value.substr(0, bang));
      }
      d.value = std::string(value);
      if (d.property.empty() || d.value.empty()) {
        warn("empty declaration: " + std::string(decl));
        continue;
      }
      if (!is_known_property(d.property) && d.property != "size") {
        m_sink.emit("css-unknown-property", "unknown property '" + d.property + "' ignored",
                    location());
        continue;
      }
      out.push_back(std::move(d));
    }
    return out;
  }

  std::string_view m_text;
  diag::DiagnosticSink& m_sink;
  std::string_view m_origin;
  std::size_t m_pos = 0;
  std::size_t m_diag_pos = std::string_view::npos; ///< position diagnostics point at, if set
};

} // namespace

int Selector::specificity() const {
  int classes = 0, elements = 0;
  for (const auto& p : parts) {
    classes += static_cast<int>(p.classes.size());
    if (!p.element.empty()) ++elements;
  }
  return classes * 256 + elements;
}

void Stylesheet::append(const Stylesheet& other) {
  std::size_t base = rules.size();
  for (const auto& r : other.rules) {
    rules.push_back(r);
    rules.back().order = base + r.order;
  }
  if (other.page.size_set) {
    page.width = other.page.width;
    page.height = other.page.height;
    page.size_set = true;
  }
  if (other.page.margin_set) {
    page.margin = other.page.margin;
    page.margin_set = true;
  }
}

Stylesheet parse_css(std::string_view css, diag::DiagnosticSink& sink, std::string_view origin) {
  std::string text = strip_comments(css);
  Stylesheet sheet;
  Parser parser(text, sink, origin);
  parser.parse_rules(sheet, text.size(), 0);
  return sheet;
}

bool parse_length(std::string_view text, double em_base, double rem_base, double& out_pt) {
  text = trim_view(text);
  if (text.empty()) return false;
  std::string s(text);
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (end == s.c_str()) return false;
  std::string unit = lower(std::string_view(end));
  if (unit.empty()) {
    if (v != 0) return false;
    out_pt = 0;
  } else if (unit == "pt")
    out_pt = v;
  else if (unit == "px")
    out_pt = v * 0.75;
  else if (unit == "em")
    out_pt = v * em_base;
  else if (unit == "rem")
    out_pt = v * rem_base;
  else if (unit == "ex")
    out_pt = v * em_base * 0.5;
  else if (unit == "%")
    out_pt = v * em_base / 100.0;
  else if (unit == "mm")
    out_pt = v * 72.0 / 25.4;
  else if (unit == "cm")
    out_pt = v * 72.0 / 2.54;
  else if (unit == "in")
    out_pt = v * 72.0;
  else if (unit == "pc")
    out_pt = v * 12.0;
  else
    return false;
  return std::isfinite(out_pt) && std::abs(out_pt) < 1e6;
}

bool parse_paper(std::string_view text, double& width_pt, double& height_pt) {
  std::string t = lower(trim_view(text));
  struct Named {
    const char* name;
    double w, h;
  };
  static const Named k_papers[] = {{"a4", 595.276, 841.89},  {"a5", 419.528, 595.276},
                                   {"a3", 841.89, 1190.551}, {"letter", 612, 792},
                                   {"legal", 612, 1008},     {"b5", 498.898, 708.661}};
  for (const auto& p : k_papers)
    if (t == p.name) {
      width_pt = p.w;
      height_pt = p.h;
      return true;
    }
  auto x = t.find('x');
  if (x == std::string::npos || x == 0) return false;
  std::string a = t.substr(0, x), b = t.substr(x + 1);
  // a unit on one side applies to both ("150x200mm")
  auto unit_of = [](const std::string& s) {
    std::size_t i = s.size();
    while (i > 0 && std::isalpha(static_cast<unsigned char>(s[i - 1])))
      --i;
    return s.substr(i);
  };
  if (unit_of(a).empty()) a += unit_of(b).empty() ? "pt" : unit_of(b);
  if (unit_of(b).empty()) b += unit_of(a);
  double w = 0, h = 0;
  if (!parse_length(a, 12, 12, w) || !parse_length(b, 12, 12, h) || w < 72 || h < 72) return false;
  width_pt = w;
  height_pt = h;
  return true;
}

bool is_known_property(std::string_view property) {
  return std::any_of(std::begin(k_known), std::end(k_known),
                     [&](const char* k) { return property == k; });
}

} // namespace sheaf::style
