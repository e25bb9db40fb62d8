// Loading images referenced from Markdown into the ResourceStore (sandboxed).

#include "readers/markdown/image_loader.hpp"

#include "util/media.hpp"
#include "util/paths.hpp"

#include <cctype>
#include <fstream>
#include <sstream>

namespace sheaf::readers {
namespace {

/// "http", "data", … when `url` starts with a URL scheme, else "".
std::string scheme_of(const std::string& url) {
  std::size_t i = 0;
  while (i < url.size() && (std::isalnum(static_cast<unsigned char>(url[i])) || url[i] == '+' ||
                            url[i] == '-' || url[i] == '.'))
    ++i;
  // One letter before ':' is a Windows drive, not a scheme.
  if (i < 2 || i >= url.size() || url[i] != ':' ||
      !std::isalpha(static_cast<unsigned char>(url[0])))
    return {};
  std::string s = url.substr(0, i);
  for (char& c : s)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+' || c == '-') return 62;
  if (c == '/' || c == '_') return 63;
  return -1;
}

/// The bytes of a data: URI; false when it is malformed.
bool decode_data_uri(const std::string& url, std::string& out) {
  std::size_t comma = url.find(',');
  if (comma == std::string::npos) return false;
  std::string header = url.substr(5, comma - 5);
  std::string payload = url.substr(comma + 1);
  bool base64 = header.size() >= 7 && header.compare(header.size() - 7, 7, ";base64") == 0;
  if (!base64) {
    out = util::percent_decode(payload);
    return true;
  }
  unsigned buffer = 0;
  int bits = 0;
  for (char c : payload) {
    if (c == '=' || c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
    int v = base64_value(c);
    if (v < 0) return false;
    buffer = (buffer << 6) | unsigned(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return true;
}

bool read_bytes(const std::filesystem::path& p, std::string& out) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return static_cast<bool>(in) || in.eof();
}

} // namespace

LoadedImage load_image(const std::string& url, const format::ReadOptions& options,
                       model::DocumentBuilder& b, diag::DiagnosticSink& sink,
                       const model::SourceSpan& span) {
  LoadedImage result;
  auto where = diag::SourceLocation::from(span);
  if (url.empty()) return result;
  std::string scheme = scheme_of(url);
  std::string bytes;
  std::string name_hint;
  if (scheme == "data") {
    if (!decode_data_uri(url, bytes)) {
      sink.emit("resource-not-found", "malformed data: URI for an image", where);
      return result;
    }
    name_hint = "image";
  } else if (!scheme.empty() && scheme != "file") {
    sink.emit("resource-not-fetched", "remote image not fetched: " + url, where);
    return result;
  } else if (url.rfind("//", 0) == 0) {
    sink.emit("resource-not-fetched", "remote image not fetched: " + url, where);
    return result;
  } else {
    std::string ref = url;
    std::size_t cut = ref.find_first_of("?#");
    if (cut != std::string::npos && scheme.empty()) ref.resize(cut);
    std::filesystem::path base = options.base_dir;
    if (base.empty()) {
      std::error_code ec;
      base = std::filesystem::current_path(ec);
    }
    auto path = util::resolve_inside(ref, base, options.resource_paths);
    if (path && !std::filesystem::exists(*path) && ref.find('%') != std::string::npos) {
      if (auto decoded =
              util::resolve_inside(util::percent_decode(ref), base, options.resource_paths))
        path = decoded;
    }
    if (!path) {
      sink.emit("resource-outside-root",
                "image '" + url + "' lies outside the input's folder; not included", where);
      return result;
    }
    std::error_code ec;
    if (!std::filesystem::is_regular_file(*path, ec) || !read_bytes(*path, bytes)) {
      sink.emit("resource-not-found", "image not found: " + url, where);
      return result;
    }
    name_hint = path->filename().string();
  }
  std::string media_type = util::sniff_media_type(bytes);
  if (media_type.empty()) {
    sink.emit("unsupported-image", "'" + url + "' is not a known image format; not included",
              where);
    return result;
  }
  util::image_size(bytes, result.width, result.height);
  result.resource = b.resources().add(std::move(bytes), media_type, name_hint);
  return result;
}

} // namespace sheaf::readers
