// The cascade: selector matching on virtual-element paths, specificity and order, inheritance,
// and conversion of declared values into a ComputedStyle.
#include "style/cascade.hpp"

#include "diag/error.hpp"
#include "style/embedded_styles.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace sheaf::style {
namespace {

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

std::vector<std::string_view> split_space(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i])))
      ++i;
    std::size_t j = i;
    int paren = 0;
    while (j < s.size() && (paren > 0 || !std::isspace(static_cast<unsigned char>(s[j])))) {
      if (s[j] == '(') ++paren;
      if (s[j] == ')') --paren;
      ++j;
    }
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

bool compound_matches(const SimpleSelector& s, const Element& e) {
  if (!s.element.empty() && s.element != e.name) return false;
  for (const auto& c : s.classes)
    if (std::find(e.classes.begin(), e.classes.end(), c) == e.classes.end()) return false;
  return true;
}

/// Matches `sel` against `path` whose last element is the subject.
bool selector_matches(const Selector& sel, const std::vector<const Element*>& path) {
  if (sel.parts.empty() || path.empty()) return false;
  if (!compound_matches(sel.parts.back(), *path.back())) return false;
  std::size_t anc = path.size() - 1; // candidates are path[0..anc)
  for (std::size_t k = sel.parts.size() - 1; k-- > 0;) {
    bool found = false;
    while (anc > 0) {
      --anc;
      if (compound_matches(sel.parts[k], *path[anc])) {
        found = true;
        break;
      }
    }
    if (!found) return false;
  }
  return true;
}

bool parse_color(std::string_view v, Rgb& out) {
  std::string s = lower(trim_view(v));
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  if (!s.empty() && s[0] == '#') {
    std::string h = s.substr(1);
    if (h.size() == 3 || h.size() == 4) h = {h[0], h[0], h[1], h[1], h[2], h[2]};
    if (h.size() == 8) h.resize(6);
    if (h.size() != 6) return false;
    int c[6];
    for (int i = 0; i < 6; ++i)
      if ((c[i] = hex(h[static_cast<std::size_t>(i)])) < 0) return false;
    out = {(c[0] * 16 + c[1]) / 255.0, (c[2] * 16 + c[3]) / 255.0, (c[4] * 16 + c[5]) / 255.0};
    return true;
  }
  if (s.rfind("rgb", 0) == 0) {
    auto open = s.find('('), close = s.find(')');
    if (open == std::string::npos || close == std::string::npos) return false;
    std::string inner = s.substr(open + 1, close - open - 1);
    for (auto& c : inner)
      if (c == ',' || c == '/') c = ' ';
    auto parts = split_space(inner);
    if (parts.size() < 3) return false;
    double comp[3];
    for (int i = 0; i < 3; ++i) {
      std::string p(parts[static_cast<std::size_t>(i)]);
      double x = std::atof(p.c_str());
      comp[i] = p.back() == '%' ? x / 100.0 : x / 255.0;
      comp[i] = std::clamp(comp[i], 0.0, 1.0);
    }
    out = {comp[0], comp[1], comp[2]};
    return true;
  }
  struct Named {
    const char* name;
    double r, g, b;
  };
  static const Named k_names[] = {{"black", 0, 0, 0},
                                  {"white", 1, 1, 1},
                                  {"gray", .502, .502, .502},
                                  {"grey", .502, .502, .502},
                                  {"silver", .753, .753, .753},
                                  {"darkgray", .663, .663, .663},
                                  {"darkgrey", .663, .663, .663},
                                  {"lightgray", .827, .827, .827},
                                  {"dimgray", .412, .412, .412},
                                  {"red", 1, 0, 0},
                                  {"maroon", .502, 0, 0},
                                  {"green", 0, .502, 0},
                                  {"blue", 0, 0, 1},
                                  {"navy", 0, 0, .502},
                                  {"teal", 0, .502, .502},
                                  {"purple", .502, 0, .502},
                                  {"darkblue", 0, 0, .545},
                                  {"darkred", .545, 0, 0}};
  for (const auto& n : k_names)
    if (s == n.name) {
      out = {n.r, n.g, n.b};
      return true;
    }
  return false;
}

PageBreak parse_break(std::string_view v, PageBreak fallback) {
  std::string s = lower(trim_view(v));
  if (s == "always" || s == "page" || s == "left" || s == "right" || s == "recto" || s == "verso")
    return PageBreak::always;
  if (s == "avoid" || s == "avoid-page") return PageBreak::avoid;
  if (s == "auto") return PageBreak::auto_;
  return fallback;
}

std::vector<std::string> parse_families(std::string_view v) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i <= v.size()) {
    std::size_t comma = v.find(',', i);
    std::string_view f =
        trim_view(v.substr(i, comma == std::string_view::npos ? v.npos : comma - i));
    if (f.size() >= 2 && (f.front() == '"' || f.front() == '\'') && f.back() == f.front())
      f = f.substr(1, f.size() - 2);
    if (!f.empty()) out.emplace_back(f);
    if (comma == std::string_view::npos) break;
    i = comma + 1;
  }
  return out;
}

void set_edges(Edges& e, std::string_view side, double v) {
  if (side == "top")
    e.top = v;
  else if (side == "right")
    e.right = v;
  else if (side == "bottom")
    e.bottom = v;
  else if (side == "left")
    e.left = v;
}

/// The style of a child before its own declarations: inherited values kept, others reset.
ComputedStyle inherit_from(const ComputedStyle& parent) {
  ComputedStyle s = parent;
  ComputedStyle initial;
  s.margin = initial.margin;
  s.padding = initial.padding;
  s.page_break_before = initial.page_break_before;
  s.page_break_after = initial.page_break_after;
  s.display_none = false;
  s.border_left_width = 0;
  s.border_left_color = initial.border_left_color;
  return s;
}

double font_size_keyword(const std::string& v, double parent, bool& ok) {
  ok = true;
  if (v == "xx-small") return 7;
  if (v == "x-small") return 7.5;
  if (v == "small") return 10;
  if (v == "medium") return 12;
  if (v == "large") return 13.5;
  if (v == "x-large") return 18;
  if (v == "xx-large") return 24;
  if (v == "smaller") return parent / 1.2;
  if (v == "larger") return parent * 1.2;
  ok = false;
  return parent;
}

} // namespace

void apply_declarations(const std::vector<const Declaration*>& decls, const ComputedStyle& parent,
                        double root_font_size, ComputedStyle& st) {
  // font-size first: em units of the other properties refer to it
  for (const auto* d : decls) {
    std::string v = lower(d->value);
    if (d->property == "font-size") {
      bool ok = false;
      double k = font_size_keyword(v, parent.font_size, ok);
      double pt = 0;
      if (ok)
        st.font_size = k;
      else if (v == "inherit")
        st.font_size = parent.font_size;
      else if (parse_length(v, parent.font_size, root_font_size, pt) && pt > 0)
        st.font_size = std::min(pt, 500.0);
    }
  }
  const double em = st.font_size;
  for (const auto* d : decls) {
    const std::string& p = d->property;
    std::string v = lower(trim_view(d->value));
    double pt = 0;
    if (p == "font-family") {
      auto f = parse_families(d->value);
      if (!f.empty()) st.font_family = std::move(f);
    } else if (p == "font-weight") {
      if (v == "normal")
        st.font_weight = 400;
      else if (v == "bold")
        st.font_weight = 700;
      else if (v == "bolder")
        st.font_weight = std::min(900, parent.font_weight + 300);
      else if (v == "lighter")
        st.font_weight = std::max(100, parent.font_weight - 300);
      else if (v == "inherit")
        st.font_weight = parent.font_weight;
      else if (int w = std::atoi(v.c_str()); w >= 1 && w <= 1000)
        st.font_weight = w;
    } else if (p == "font-style") {
      if (v == "italic" || v == "oblique")
        st.italic = true;
      else if (v == "normal")
        st.italic = false;
      else if (v == "inherit")
        st.italic = parent.italic;
    } else if (p == "line-height") {
      char* end = nullptr;
      double x = std::strtod(v.c_str(), &end);
      if (v == "normal")
        st.line_height = 1.2;
      else if (end != v.c_str() && *end == 0 && x > 0)
        st.line_height = x;
      else if (parse_length(v, em, root_font_size, pt) && pt > 0)
        st.line_height = pt / em;
    } else if (p == "margin" || p == "padding") {
      Edges& e = p == "margin" ? st.margin : st.padding;
      auto parts = split_space(v);
      std::vector<double> vals;
      for (auto part : parts) {
        double x = 0;
        if (part == "auto")
          x = 0;
        else if (!parse_length(part, em, root_font_size, x)) {
          vals.clear();
          break;
        }
        vals.push_back(x);
      }
      if (vals.empty() || vals.size() > 4) continue;
      e.top = vals[0];
      e.right = vals.size() > 1 ? vals[1] : vals[0];
      e.bottom = vals.size() > 2 ? vals[2] : vals[0];
      e.left = vals.size() > 3 ? vals[3] : e.right;
    } else if (p.rfind("margin-", 0) == 0 || p.rfind("padding-", 0) == 0) {
      bool margin = p[0] == 'm';
      std::string side = p.substr(margin ? 7 : 8);
      if (v == "auto")
        pt = 0;
      else if (!parse_length(v, em, root_font_size, pt))
        continue;
      set_edges(margin ? st.margin : st.padding, side, pt);
    } else if (p == "text-indent") {
      if (parse_length(v, em, root_font_size, pt)) st.text_indent = pt;
    } else if (p == "text-align") {
      if (v == "left" || v == "start")
        st.text_align = TextAlign::left;
      else if (v == "right" || v == "end")
        st.text_align = TextAlign::right;
      else if (v == "center")
        st.text_align = TextAlign::center;
      else if (v == "justify")
        st.text_align = TextAlign::justify;
    } else if (p == "hyphens" || p == "-webkit-hyphens") {
      if (v == "none")
        st.hyphens = Hyphens::none;
      else if (v == "manual")
        st.hyphens = Hyphens::manual;
      else if (v == "auto")
        st.hyphens = Hyphens::auto_;
    } else if (p == "color") {
      parse_color(v, st.color);
    } else if (p == "page-break-before" || p == "break-before") {
      st.page_break_before = parse_break(v, st.page_break_before);
    } else if (p == "page-break-after" || p == "break-after") {
      st.page_break_after = parse_break(v, st.page_break_after);
    } else if (p == "page-break-inside" || p == "break-inside") {
      st.page_break_inside = parse_break(v, st.page_break_inside);
    } else if (p == "white-space") {
      if (v == "pre")
        st.white_space = WhiteSpace::pre;
      else if (v == "pre-wrap" || v == "pre-line" || v == "break-spaces")
        st.white_space = WhiteSpace::pre_wrap;
      else if (v == "normal" || v == "nowrap")
        st.white_space = WhiteSpace::normal;
    } else if (p == "display") {
      st.display_none = v == "none";
    } else if (p == "border-left" || p == "border-left-width" || p == "border-left-color") {
      for (auto part : split_space(v)) {
        double w = 0;
        Rgb c;
        if (part == "none" || part == "hidden")
          st.border_left_width = 0;
        else if (part == "thin")
          st.border_left_width = 0.75;
        else if (part == "medium")
          st.border_left_width = 2.25;
        else if (part == "thick")
          st.border_left_width = 3.75;
        else if (p != "border-left-color" && parse_length(part, em, root_font_size, w))
          st.border_left_width = std::max(0.0, w);
        else if (parse_color(part, c))
          st.border_left_color = c;
      }
    } else if (p == "list-style-type") {
      st.list_style_type = v;
    }
  }
}

Cascade::Cascade(Stylesheet sheet) : m_sheet(std::move(sheet)) {}

const ComputedStyle& Cascade::compute(const std::vector<Element>& path) const {
  std::string key;
  for (const auto& e : path) {
    key += e.name;
    for (const auto& c : e.classes) {
      key += '.';
      key += c;
    }
    key += ' ';
  }
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    auto it = m_cache.find(key);
    if (it != m_cache.end()) return *it->second;
  }
  auto computed = std::make_unique<ComputedStyle>(compute_uncached(path));
  std::lock_guard<std::mutex> lock(m_mutex);
  auto [it, inserted] = m_cache.emplace(key, std::move(computed));
  return *it->second;
}

ComputedStyle Cascade::compute_uncached(const std::vector<Element>& path) const {
  // The full matching path is html > body > path…
  static const Element k_html{"html", {}}, k_body{"body", {}};
  std::vector<const Element*> full{&k_html, &k_body};
  for (const auto& e : path)
    full.push_back(&e);

  auto style_of = [&](std::size_t len, const ComputedStyle& parent, double root_size) {
    std::vector<const Element*> sub(full.begin(), full.begin() + static_cast<long>(len));
    std::vector<std::pair<const Rule*, const Selector*>> matched;
    for (const auto& rule : m_sheet.rules) {
      const Selector* best = nullptr;
      for (const auto& sel : rule.selectors)
        if (selector_matches(sel, sub) && (!best || sel.specificity() > best->specificity()))
          best = &sel;
      if (best) matched.emplace_back(&rule, best);
    }
    std::vector<std::tuple<bool, int, std::size_t, std::size_t, const Declaration*>> decls;
    for (const auto& [rule, sel] : matched)
      for (std::size_t i = 0; i < rule->declarations.size(); ++i) {
        const auto& d = rule->declarations[i];
        decls.emplace_back(d.important, sel->specificity(), rule->order, i, &d);
      }
    std::sort(decls.begin(), decls.end(), [](const auto& a, const auto& b) {
      return std::make_tuple(std::get<0>(a), std::get<1>(a), std::get<2>(a), std::get<3>(a)) <
             std::make_tuple(std::get<0>(b), std::get<1>(b), std::get<2>(b), std::get<3>(b));
    });
    std::vector<const Declaration*> ordered;
    for (const auto& t : decls)
      ordered.push_back(std::get<4>(t));
    ComputedStyle st = inherit_from(parent);
    apply_declarations(ordered, parent, root_size, st);
    return st;
  };

  if (path.empty()) {
    ComputedStyle initial;
    ComputedStyle html = style_of(1, initial, initial.font_size);
    return style_of(2, html, html.font_size);
  }
  std::vector<Element> parent_path(path.begin(), path.end() - 1);
  const ComputedStyle& parent = compute(parent_path);
  // rem refers to the html element's font size
  ComputedStyle initial;
  double root_size = style_of(1, initial, initial.font_size).font_size;
  return style_of(full.size(), parent, root_size);
}

Stylesheet load_stylesheet(std::string_view theme, const std::vector<std::string>& user_css,
                           diag::DiagnosticSink& sink) {
  Stylesheet sheet;
  bool found = false;
  for (const auto& s : embedded_styles())
    if (s.name == theme) {
      sheet = parse_css(s.css, sink, std::string(theme) + ".css");
      found = true;
    }
  if (!found) {
    std::string names;
    for (const auto& s : embedded_styles())
      names += (names.empty() ? "" : ", ") + std::string(s.name);
    throw diag::Error(diag::ErrorKind::usage, "unknown-style",
                      "unknown style '" + std::string(theme) + "' (available: " + names + ")");
  }
  for (std::size_t i = 0; i < user_css.size(); ++i)
    sheet.append(parse_css(user_css[i], sink, "user.css"));
  return sheet;
}

} // namespace sheaf::style
