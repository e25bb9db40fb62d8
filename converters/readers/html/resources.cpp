// Image loading for the HTML reader (see resources.hpp).
#include "readers/html/resources.hpp"

#include "diag/error.hpp"
#include "util/media.hpp"
#include "util/paths.hpp"

#include <filesystem>
#include <system_error>
#include <webp/decode.h>
#include <zlib.h>

namespace sheaf::readers::html {
namespace {

int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+' || c == '-') return 62;
  if (c == '/' || c == '_') return 63;
  return -1;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void put_u32(std::string& out, std::uint32_t v) {
  out += static_cast<char>((v >> 24) & 0xFF);
  out += static_cast<char>((v >> 16) & 0xFF);
  out += static_cast<char>((v >> 8) & 0xFF);
  out += static_cast<char>(v & 0xFF);
}

void put_chunk(std::string& out, const char* type, const std::string& data) {
  put_u32(out, static_cast<std::uint32_t>(data.size()));
  std::string body = std::string(type, 4) + data;
  out += body;
  uLong crc =
      crc32(0L, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size()));
  put_u32(out, static_cast<std::uint32_t>(crc));
}

bool is_remote(const std::string& url) {
  std::string lower;
  for (char c : url.substr(0, 8))
    lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return lower.rfind("http://", 0) == 0 || lower.rfind("https://", 0) == 0 ||
         lower.rfind("//", 0) == 0;
}

/// A URL scheme other than file: ("ftp:", "blob:"…); drive letters are not schemes.
bool has_other_scheme(const std::string& url) {
  std::size_t colon = url.find(':');
  if (colon == std::string::npos || colon < 2) return false;
  for (std::size_t i = 0; i < colon; ++i) {
    char c = url[i];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' ||
          c == '-' || c == '.'))
      return false;
  }
  std::string scheme = url.substr(0, colon);
  for (char& c : scheme)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return scheme != "file";
}

} // namespace

bool decode_data_uri(const std::string& uri, std::string& media_type, std::string& data,
                     std::size_t max_bytes) {
  if (uri.size() < 5 || uri.compare(0, 5, "data:") != 0) return false;
  std::size_t comma = uri.find(',');
  if (comma == std::string::npos) return false;
  std::string header = uri.substr(5, comma - 5);
  bool base64 = false;
  std::size_t semi = header.find(';');
  media_type = header.substr(0, semi);
  while (semi != std::string::npos) {
    std::size_t next = header.find(';', semi + 1);
    std::string param = header.substr(semi + 1, next == std::string::npos ? next : next - semi - 1);
    if (param == "base64") base64 = true;
    semi = next;
  }
  data.clear();
  const std::size_t n = uri.size();
  if (base64) {
    if ((n - comma - 1) / 4 * 3 > max_bytes + 3) return false;
    std::uint32_t acc = 0;
    int bits = 0;
    for (std::size_t i = comma + 1; i < n; ++i) {
      char c = uri[i];
      if (c == '=' || c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
      if (c == '%' && i + 2 < n && hex_value(uri[i + 1]) >= 0 && hex_value(uri[i + 2]) >= 0) {
        c = static_cast<char>(hex_value(uri[i + 1]) * 16 + hex_value(uri[i + 2]));
        i += 2;
        if (c == '=') continue;
      }
      int v = base64_value(c);
      if (v < 0) return false;
      acc = (acc << 6) | static_cast<std::uint32_t>(v);
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        data += static_cast<char>((acc >> bits) & 0xFF);
      }
    }
  } else {
    for (std::size_t i = comma + 1; i < n; ++i) {
      if (uri[i] == '%' && i + 2 < n && hex_value(uri[i + 1]) >= 0 && hex_value(uri[i + 2]) >= 0) {
        data += static_cast<char>(hex_value(uri[i + 1]) * 16 + hex_value(uri[i + 2]));
        i += 2;
      } else {
        data += uri[i];
      }
      if (data.size() > max_bytes) return false;
    }
  }
  return data.size() <= max_bytes;
}

bool webp_to_png(const std::string& webp, std::string& png) {
  int width = 0, height = 0;
  uint8_t* rgba =
      WebPDecodeRGBA(reinterpret_cast<const uint8_t*>(webp.data()), webp.size(), &width, &height);
  if (!rgba || width <= 0 || height <= 0) {
    WebPFree(rgba);
    return false;
  }
  // Raw scanlines, each prefixed with filter type 0.
  std::string raw;
  const std::size_t row = static_cast<std::size_t>(width) * 4;
  raw.reserve((row + 1) * static_cast<std::size_t>(height));
  for (int y = 0; y < height; ++y) {
    raw += '\0';
    raw.append(reinterpret_cast<const char*>(rgba) + row * static_cast<std::size_t>(y), row);
  }
  WebPFree(rgba);
  uLongf zlen = compressBound(static_cast<uLong>(raw.size()));
  std::string z(zlen, '\0');
  if (compress2(reinterpret_cast<Bytef*>(z.data()), &zlen,
                reinterpret_cast<const Bytef*>(raw.data()), static_cast<uLong>(raw.size()),
                6) != Z_OK)
    return false;
  z.resize(zlen);
  png.assign("\x89PNG\r\n\x1a\n", 8);
  std::string ihdr;
  put_u32(ihdr, static_cast<std::uint32_t>(width));
  put_u32(ihdr, static_cast<std::uint32_t>(height));
  ihdr += '\x08'; // bit depth
  ihdr += '\x06'; // RGBA
  ihdr += std::string(3, '\0');
  put_chunk(png, "IHDR", ihdr);
  put_chunk(png, "IDAT", z);
  put_chunk(png, "IEND", "");
  return true;
}

ResourceLoader::ResourceLoader(const format::ReadOptions& options, model::ResourceStore& store,
                               diag::DiagnosticSink& sink)
    : m_options(options), m_store(store), m_sink(sink) {}

LoadedImage ResourceLoader::load_image(const std::string& url, const diag::SourceLocation& where,
                                       bool report) {
  auto it = m_cache.find(url);
  if (it == m_cache.end()) it = m_cache.emplace(url, load_uncached(url)).first;
  Entry& e = it->second;
  if (report && !e.code.empty() && !e.reported) {
    e.reported = true;
    // Pages can hold hundreds of remote images: report a few, then count them.
    if (e.code == "resource-not-fetched" && ++m_remote_count > max_remote_reports) {
      if (m_remote_count == max_remote_reports + 1) m_first_unreported = where;
      return e.image;
    }
    m_sink.emit(e.code, e.message, where);
  }
  return e.image;
}

void ResourceLoader::report_summary() {
  if (m_remote_count > max_remote_reports)
    m_sink.emit("resource-not-fetched",
                std::to_string(m_remote_count - max_remote_reports) +
                    " more remote images not fetched; using their alt text",
                m_first_unreported);
  m_remote_count = 0;
}

ResourceLoader::Entry ResourceLoader::load_uncached(const std::string& url) {
  Entry e;
  auto fail = [&](const char* code, std::string message) {
    e.code = code;
    e.message = std::move(message);
    return e;
  };
  if (url.empty()) return fail("image-unreadable", "image without a source; using its alt text");
  if (url.compare(0, 5, "data:") == 0) {
    if (url.size() > max_data_uri_bytes / 3 * 4 + 1024)
      return fail("resource-too-large", "data: URI image larger than " +
                                            std::to_string(max_data_uri_bytes >> 20) +
                                            " MB; using its alt text");
    std::string declared, data;
    if (!decode_data_uri(url, declared, data))
      return fail("image-unreadable", "data: URI image is malformed or larger than " +
                                          std::to_string(max_data_uri_bytes >> 20) +
                                          " MB; using its alt text");
    return store_bytes(std::move(data), "image", "data: URI image");
  }
  if (is_remote(url) || has_other_scheme(url))
    return fail("resource-not-fetched",
                "remote image not fetched: " + url.substr(0, 200) + "; using its alt text");
  std::string ref = url;
  std::size_t cut = ref.find_first_of("?#");
  if (cut != std::string::npos) ref.erase(cut);
  std::filesystem::path base =
      m_options.base_dir.empty() ? std::filesystem::path(".") : m_options.base_dir;
  std::optional<std::filesystem::path> path =
      util::resolve_inside(ref, base, m_options.resource_paths);
  if (!path)
    return fail("resource-outside-root",
                "image '" + url +
                    "' lies outside the input folder and the resource paths; not embedded");
  std::error_code ec;
  if (!std::filesystem::is_regular_file(*path, ec))
    return fail("resource-not-found", "image not found: " + path->string());
  std::string data;
  try {
    data = util::read_file(*path);
  } catch (const diag::Error& err) {
    return fail("resource-not-found", "image unreadable: " + err.diagnostic().message);
  }
  return store_bytes(std::move(data), path->filename().string(), "image '" + url + "'");
}

ResourceLoader::Entry ResourceLoader::store_bytes(std::string data, std::string name_hint,
                                                  const std::string& what) {
  Entry e;
  auto fail = [&](const char* code, std::string message) {
    e.code = code;
    e.message = std::move(message);
    return e;
  };
  std::string type = util::sniff_media_type(data);
  if (type == "image/webp") {
    std::string png;
    if (!webp_to_png(data, png))
      return fail("image-unreadable", what + " is a WebP image that cannot be decoded");
    data = std::move(png);
    type = "image/png";
    std::size_t dot = name_hint.rfind('.');
    if (dot != std::string::npos) name_hint = name_hint.substr(0, dot);
    name_hint += ".png";
  }
  if (type == "image/svg+xml") {
    // Vector image: no pixel size.
  } else if (type == "image/png" || type == "image/jpeg" || type == "image/gif") {
    if (!util::image_size(data, e.image.width, e.image.height))
      return fail("image-unreadable", what + " is damaged (" + type + "); using its alt text");
  } else if (type.empty()) {
    return fail("image-unreadable", what + " is not a recognisable image; using its alt text");
  } else {
    return fail("unsupported-image",
                what + " has unsupported type " + type + "; using its alt text");
  }
  e.image.resource = m_store.add(std::move(data), type, std::move(name_hint));
  return e;
}

} // namespace sheaf::readers::html
