// Stable, line-oriented text dump of a PageTree for golden tests.
#include "layout/page_tree.hpp"

#include <cmath>
#include <cstdio>
#include <utility>
#include <vector>

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

/// The structure tree, indented, each element with the start of its own text and the number
/// of images and links tagged with it.
void dump_structure(const PageTree& tree, std::string& out) {
  const std::size_t n = tree.structure.size();
  if (n == 0) return;
  std::vector<std::string> text(n);
  std::vector<int> images(n, 0), links(n, 0);
  for (const auto& page : tree.pages)
    for (const auto& item : page.items) {
      if (const auto* r = std::get_if<GlyphRun>(&item)) {
        if (r->tag < 0 || static_cast<std::size_t>(r->tag) >= n) continue;
        for (const auto& g : r->glyphs)
          text[r->tag] += g.text;
      } else if (const auto* im = std::get_if<ImageItem>(&item)) {
        if (im->tag >= 0 && static_cast<std::size_t>(im->tag) < n) ++images[im->tag];
      } else if (const auto* l = std::get_if<LinkArea>(&item)) {
        if (l->tag >= 0 && static_cast<std::size_t>(l->tag) < n) ++links[l->tag];
      }
    }
  std::vector<std::vector<std::size_t>> kids(n);
  for (std::size_t i = 1; i < n; ++i) {
    int p = tree.structure[i].parent;
    if (p >= 0 && static_cast<std::size_t>(p) < i) kids[p].push_back(i);
  }
  out += "structure\n";
  std::vector<std::pair<std::size_t, int>> stack{{0, 1}};
  while (!stack.empty()) {
    auto [i, depth] = stack.back();
    stack.pop_back();
    const auto& e = tree.structure[i];
    std::string line(static_cast<std::size_t>(depth) * 2, ' ');
    line += e.role;
    if (!e.alt.empty()) line += " alt=" + quoted(e.alt);
    if (images[i]) line += " images=" + std::to_string(images[i]);
    if (links[i]) line += " annots=" + std::to_string(links[i]);
    std::string t = text[i];
    if (t.size() > 48) {
      std::size_t cut = 48;
      while (cut > 0 && (static_cast<unsigned char>(t[cut]) & 0xC0) == 0x80)
        --cut;
      t = t.substr(0, cut) + "...";
    }
    if (!t.empty()) line += " " + quoted(t);
    out += line + "\n";
    for (auto k = kids[i].rbegin(); k != kids[i].rend(); ++k)
      stack.emplace_back(*k, depth + 1);
  }
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
  dump_structure(tree, out);
  return out;
}

} // namespace sheaf::layout
