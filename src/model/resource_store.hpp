// Binary resources (images, fonts) a document refers to, deduplicated by content.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace sheaf::model {

/// One stored resource. `id` is stable: derived from the content hash.
struct Resource {
  std::string id;
  std::string media_type; ///< sniffed from the bytes, e.g. "image/png"
  std::string name_hint;  ///< original file name, for readable output names
  std::string data;
  int width = 0; ///< pixel size when known (images)
  int height = 0;
};

/// Resources of a document, keyed by id; adding the same bytes twice returns the same id.
class ResourceStore {
public:
  /// Store `data`; returns its id ("r" + hex prefix of its SHA-256).
  std::string add(std::string data, std::string media_type, std::string name_hint = {});
  /// The resource with this id, or nullptr.
  const Resource* find(const std::string& id) const;
  /// All resources in id order (deterministic).
  const std::map<std::string, Resource>& all() const { return m_items; }
  bool empty() const { return m_items.empty(); }

private:
  std::map<std::string, Resource> m_items;
};

} // namespace sheaf::model
