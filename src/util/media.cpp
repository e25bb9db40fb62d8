// Media type sniffing by magic bytes and pixel sizes from image headers (PNG IHDR, GIF
// logical screen, JPEG SOFn, WebP VP8/VP8L/VP8X); every read is bounds-checked.
#include "util/media.hpp"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>

namespace sheaf::util {

namespace {

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

unsigned byte_at(std::string_view s, std::size_t i) {
  return static_cast<unsigned char>(s[i]);
}

std::uint32_t be16(std::string_view s, std::size_t i) {
  return byte_at(s, i) << 8 | byte_at(s, i + 1);
}
std::uint32_t be32(std::string_view s, std::size_t i) {
  return be16(s, i) << 16 | be16(s, i + 2);
}
std::uint32_t le16(std::string_view s, std::size_t i) {
  return byte_at(s, i) | byte_at(s, i + 1) << 8;
}
std::uint32_t le24(std::string_view s, std::size_t i) {
  return le16(s, i) | byte_at(s, i + 2) << 16;
}

bool is_xml_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool istarts_with(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

/// True when the text starts (after a BOM, whitespace, an XML declaration, comments,
/// processing instructions and a doctype) with an <svg> element.
bool looks_like_svg(std::string_view s) {
  s = s.substr(0, 1 << 16);
  if (starts_with(s, "\xEF\xBB\xBF")) s.remove_prefix(3);
  for (;;) {
    while (!s.empty() && is_xml_space(s.front()))
      s.remove_prefix(1);
    if (starts_with(s, "<?")) {
      const std::size_t end = s.find("?>");
      if (end == std::string_view::npos) return false;
      s.remove_prefix(end + 2);
    } else if (starts_with(s, "<!--")) {
      const std::size_t end = s.find("-->", 4);
      if (end == std::string_view::npos) return false;
      s.remove_prefix(end + 3);
    } else if (istarts_with(s, "<!doctype")) {
      // Skip to the closing '>', past an internal subset in [...].
      std::size_t i = 9;
      bool in_subset = false;
      for (; i < s.size(); ++i) {
        if (s[i] == '[')
          in_subset = true;
        else if (s[i] == ']')
          in_subset = false;
        else if (s[i] == '>' && !in_subset)
          break;
      }
      if (i >= s.size()) return false;
      s.remove_prefix(i + 1);
    } else {
      break;
    }
  }
  if (!starts_with(s, "<svg") || s.size() < 5) return false;
  const char c = s[4];
  return is_xml_space(c) || c == '>' || c == '/';
}

bool jpeg_size(std::string_view s, int& width, int& height) {
  std::size_t i = 2;
  while (i < s.size()) {
    if (byte_at(s, i) != 0xFF) {
      ++i; // tolerate garbage between segments
      continue;
    }
    while (i < s.size() && byte_at(s, i) == 0xFF)
      ++i; // fill bytes
    if (i >= s.size()) return false;
    const unsigned marker = byte_at(s, i++);
    if (marker == 0x00 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8))
      continue; // standalone markers
    if (marker == 0xD9 || marker == 0xDA)
      return false; // end of image or start of scan before any frame header
    if (i + 2 > s.size()) return false;
    const std::size_t length = be16(s, i);
    if (length < 2) return false;
    const bool sof =
        marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    if (sof) {
      if (length < 7 || i + 7 > s.size()) return false;
      height = static_cast<int>(be16(s, i + 3));
      width = static_cast<int>(be16(s, i + 5));
      return width > 0 && height > 0;
    }
    i += length;
  }
  return false;
}

bool webp_size(std::string_view s, int& width, int& height) {
  if (s.size() < 30) return false;
  const std::string_view chunk = s.substr(12, 4);
  if (chunk == "VP8 ") {
    // Frame tag (3 bytes), start code 9D 01 2A, then 14-bit width and height.
    if (byte_at(s, 23) != 0x9D || byte_at(s, 24) != 0x01 || byte_at(s, 25) != 0x2A) return false;
    width = static_cast<int>(le16(s, 26) & 0x3FFF);
    height = static_cast<int>(le16(s, 28) & 0x3FFF);
  } else if (chunk == "VP8L") {
    if (byte_at(s, 20) != 0x2F) return false;
    const std::uint32_t bits = le24(s, 21) | byte_at(s, 24) << 24;
    width = static_cast<int>((bits & 0x3FFF) + 1);
    height = static_cast<int>(((bits >> 14) & 0x3FFF) + 1);
  } else if (chunk == "VP8X") {
    width = static_cast<int>(le24(s, 24) + 1);
    height = static_cast<int>(le24(s, 27) + 1);
  } else {
    return false;
  }
  return width > 0 && height > 0;
}

/// The value of attribute `name` in the tag text `tag` (quotes removed), or "".
std::string_view xml_attribute(std::string_view tag, std::string_view name) {
  for (std::size_t at = tag.find(name); at != std::string_view::npos; at = tag.find(name, at + 1)) {
    if (at == 0 || !is_xml_space(tag[at - 1])) continue;
    std::size_t i = at + name.size();
    while (i < tag.size() && is_xml_space(tag[i]))
      ++i;
    if (i >= tag.size() || tag[i] != '=') continue;
    ++i;
    while (i < tag.size() && is_xml_space(tag[i]))
      ++i;
    if (i >= tag.size() || (tag[i] != '"' && tag[i] != '\'')) continue;
    const char q = tag[i];
    const std::size_t end = tag.find(q, i + 1);
    if (end == std::string_view::npos) return {};
    return tag.substr(i + 1, end - i - 1);
  }
  return {};
}

/// A CSS length in px (px, pt, pc, mm, cm, in or no unit); false for % and em, or junk.
bool svg_length(std::string_view v, double& px) {
  while (!v.empty() && is_xml_space(v.front()))
    v.remove_prefix(1);
  while (!v.empty() && is_xml_space(v.back()))
    v.remove_suffix(1);
  std::size_t i = 0;
  while (i < v.size() && ((v[i] >= '0' && v[i] <= '9') || v[i] == '.'))
    ++i;
  if (i == 0) return false;
  double x = std::strtod(std::string(v.substr(0, i)).c_str(), nullptr);
  const std::string_view unit = v.substr(i);
  static const std::pair<const char*, double> k_units[] = {
      {"", 1},           {"px", 1},         {"pt", 4.0 / 3}, {"pc", 16},
      {"mm", 96 / 25.4}, {"cm", 96 / 2.54}, {"in", 96}};
  for (auto [u, f] : k_units)
    if (unit == u) {
      px = x * f;
      return px > 0;
    }
  return false;
}

/// Size of an SVG in CSS px from its root element's width/height (absolute units), else its
/// viewBox (one given side keeps the viewBox's aspect ratio).
bool svg_size(std::string_view s, int& width, int& height) {
  s = s.substr(0, 1 << 16);
  std::size_t at = s.find("<svg");
  if (at == std::string_view::npos) return false;
  std::size_t end = s.find('>', at);
  if (end == std::string_view::npos) return false;
  const std::string_view tag = s.substr(at + 4, end - at - 4);
  double w = 0, h = 0, vw = 0, vh = 0;
  const bool has_w = svg_length(xml_attribute(tag, "width"), w);
  const bool has_h = svg_length(xml_attribute(tag, "height"), h);
  std::string box(xml_attribute(tag, "viewBox"));
  for (auto& c : box)
    if (c == ',') c = ' ';
  double x0 = 0, y0 = 0;
  const bool has_box =
      std::sscanf(box.c_str(), "%lf %lf %lf %lf", &x0, &y0, &vw, &vh) == 4 && vw > 0 && vh > 0;
  if (!has_w && !has_h && !has_box) return false;
  if (!has_w) w = has_box ? (has_h ? h * vw / vh : vw) : h;
  if (!has_h) h = has_box ? (has_w ? w * vh / vw : vh) : w;
  if (w < 0.5 || h < 0.5 || w > 1e6 || h > 1e6) return false;
  width = static_cast<int>(w + 0.5);
  height = static_cast<int>(h + 0.5);
  return true;
}

} // namespace

std::string sniff_media_type(std::string_view bytes) {
  if (starts_with(bytes, "\xFF\xD8\xFF")) return "image/jpeg";
  if (starts_with(bytes, "\x89PNG\r\n\x1A\n")) return "image/png";
  if (starts_with(bytes, "GIF87a") || starts_with(bytes, "GIF89a")) return "image/gif";
  if (bytes.size() >= 12 && starts_with(bytes, "RIFF") && bytes.substr(8, 4) == "WEBP")
    return "image/webp";
  if (looks_like_svg(bytes)) return "image/svg+xml";
  return {};
}

bool image_size(std::string_view bytes, int& width, int& height) {
  int w = 0, h = 0;
  bool ok = false;
  const std::string type = sniff_media_type(bytes);
  if (type == "image/png") {
    if (bytes.size() >= 24 && bytes.substr(12, 4) == "IHDR") {
      const std::uint32_t pw = be32(bytes, 16), ph = be32(bytes, 20);
      if (pw > 0 && ph > 0 && pw <= 0x7FFFFFFF && ph <= 0x7FFFFFFF) {
        w = static_cast<int>(pw);
        h = static_cast<int>(ph);
        ok = true;
      }
    }
  } else if (type == "image/gif") {
    if (bytes.size() >= 10) {
      w = static_cast<int>(le16(bytes, 6));
      h = static_cast<int>(le16(bytes, 8));
      ok = w > 0 && h > 0;
    }
  } else if (type == "image/jpeg") {
    ok = jpeg_size(bytes, w, h);
  } else if (type == "image/webp") {
    ok = webp_size(bytes, w, h);
  } else if (type == "image/svg+xml") {
    ok = svg_size(bytes, w, h);
  }
  if (!ok) return false;
  width = w;
  height = h;
  return true;
}

} // namespace sheaf::util
