// Loading the images an HTML page refers to: local files inside the allowed roots, data: URIs,
// remote URLs (not fetched), media type sniffing, WebP -> PNG conversion, the ResourceStore.
#pragma once

#include "diag/diagnostic.hpp"
#include "format/options.hpp"
#include "model/resource_store.hpp"

#include <map>
#include <string>

namespace sheaf::readers::html {

/// A loaded image: its id in the ResourceStore and pixel size (0 when unknown).
struct LoadedImage {
  std::string resource;
  int width = 0;
  int height = 0;
};

/// Largest data: URI payload accepted, in decoded bytes.
constexpr std::size_t max_data_uri_bytes = 16u << 20;

/// Loads images into one document's ResourceStore, warning about every reference it cannot
/// use. Results are cached per URL, so a repeated reference warns once.
class ResourceLoader {
public:
  ResourceLoader(const format::ReadOptions& options, model::ResourceStore& store,
                 diag::DiagnosticSink& sink);

  /// Load the image `url` (as written in the page). On failure the result's resource is
  /// empty and, when `report` is set, the reason is reported at `where` (once per URL).
  LoadedImage load_image(const std::string& url, const diag::SourceLocation& where,
                         bool report = true);

  /// Report the remote images that were not reported one by one (call once at the end).
  void report_summary();

  /// Remote images reported one by one before they are only counted.
  static constexpr int max_remote_reports = 5;

private:
  /// A load result and, for failures, the diagnostic not yet reported.
  struct Entry {
    LoadedImage image;
    std::string code, message;
    bool reported = false;
  };
  Entry load_uncached(const std::string& url);
  Entry store_bytes(std::string data, std::string name_hint, const std::string& what);

  const format::ReadOptions& m_options;
  model::ResourceStore& m_store;
  diag::DiagnosticSink& m_sink;
  std::map<std::string, Entry> m_cache;
  int m_remote_count = 0;
  diag::SourceLocation m_first_unreported;
};

/// Decode a data: URI (base64 or percent-encoded). Returns false when it is malformed or larger
/// than `max_bytes`.
bool decode_data_uri(const std::string& uri, std::string& media_type, std::string& data,
                     std::size_t max_bytes = max_data_uri_bytes);

/// Convert WebP bytes to PNG bytes; false when the WebP cannot be decoded.
bool webp_to_png(const std::string& webp, std::string& png);

} // namespace sheaf::readers::html
