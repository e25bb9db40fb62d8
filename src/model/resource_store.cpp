// Content-addressed resource storage: ids come from the SHA-256 of the bytes.
#include "model/resource_store.hpp"

#include "util/media.hpp"
#include "util/sha256.hpp"

namespace sheaf::model {

std::string ResourceStore::add(std::string data, std::string media_type, std::string name_hint) {
  std::string id = "r" + util::sha256_hex(data).substr(0, 16);
  auto it = m_items.find(id);
  if (it != m_items.end()) return id;
  Resource r;
  r.id = id;
  r.media_type = std::move(media_type);
  r.name_hint = std::move(name_hint);
  util::image_size(data, r.width, r.height);
  r.data = std::move(data);
  m_items.emplace(id, std::move(r));
  return id;
}

const Resource* ResourceStore::find(const std::string& id) const {
  auto it = m_items.find(id);
  return it == m_items.end() ? nullptr : &it->second;
}

} // namespace sheaf::model
