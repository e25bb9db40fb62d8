// Stable, line-oriented text dump of a PageTree for golden tests.
#include "layout/page_tree.hpp"

#include <cmath>
#include <cstdio>

namespace sheaf::layout {
namespace {

std::string num(double v) {
  double r = std::round(v * 100) / 100;
  if (r == 0) r = 0; // no "-0.00"
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", r);
  return buf;
}

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

std::string color(const Color& c) {
  if (c == Color{}) return "";
  return " color=" + num(c.r) + "," + num(c.g) + "," + num(c.b);
}

} // namespace

std::string dump(const PageTree& tree, FontProvider& fonts) {
  std::string out;
  if (!tree.info.title.empty()) out += "info title " + quoted(tree.info.title) + "\n";
  for (const auto& a : tree.info.authors)
    out += "info author " + quoted(a) + "\n";
  if (!tree.info.language.empty()) out += "info language " + tree.info.language + "\n";
  for (std::size_t p = 0; p < tree.pages.size(); ++p) {
    const auto& page = tree.pages[p];
    out += "page " + std::to_string(p + 1) + " " + num(page.width) + "x" + num(page.height) + "\n";
    for (const auto& item : page.items) {
      std::visit(
          [&](const auto& it) {
            using T = std::decay_t<decltype(it)>;
            if constexpr (std::is_same_v<T, GlyphRun>) {
              std::string text;
              for (const auto& g : it.glyphs)
                text += g.text;
              double w = it.glyphs.empty() ? 0 : it.glyphs.back().x + it.glyphs.back().advance;
              out += "  text " + num(it.x) + " " + num(it.y) + " w=" + num(w) + " " +
                     quoted(fonts.face_name(it.font)) + " " + num(it.size) + color(it.color) + " " +
                     quoted(text) + "\n";
            } else if constexpr (std::is_same_v<T, Rule>) {
              out += "  rule " + num(it.x) + " " + num(it.y) + " " + num(it.width) + " " +
                     num(it.height) + color(it.color) + "\n";
            } else if constexpr (std::is_same_v<T, ImageItem>) {
              out += "  image " + num(it.x) + " " + num(it.y) + " " + num(it.width) + " " +
                     num(it.height) + " " + it.resource + " " + quoted(it.alt) + "\n";
            } else if constexpr (std::is_same_v<T, LinkArea>) {
              out += "  link " + num(it.x) + " " + num(it.y) + " " + num(it.width) + " " +
                     num(it.height) +
                     (it.uri.empty() ? " dest=" + it.destination : " uri=" + it.uri) + "\n";
            } else if constexpr (std::is_same_v<T, Destination>) {
              out += "  dest " + it.name + " " + num(it.x) + " " + num(it.y) + "\n";
            }
          },
          item);
    }
  }
  for (const auto& o : tree.outline)
    out += "outline " + std::to_string(o.level) + " page=" + std::to_string(o.page + 1) +
           " y=" + num(o.y) + " " + quoted(o.title) + "\n";
  return out;
}

} // namespace sheaf::layout
