// Flat pointer set (see pointer_set.hpp).
#include "util/pointer_set.hpp"

#include <algorithm>

namespace sheaf::util {

void PointerSet::grow(std::size_t capacity) {
  std::vector<const void*> old = std::move(m_slots);
  m_slots.assign(capacity, nullptr);
  m_shift = 64;
  for (std::size_t c = capacity; c > 1; c >>= 1)
    --m_shift;
  const std::size_t mask = capacity - 1;
  for (const void* p : old) {
    if (!p) continue;
    std::size_t i = slot_of(p);
    while (m_slots[i])
      i = (i + 1) & mask;
    m_slots[i] = p;
  }
}

void PointerSet::reserve(std::size_t n) {
  std::size_t capacity = 16;
  while (capacity < 2 * n)
    capacity *= 2;
  if (capacity > m_slots.size()) grow(capacity);
}

bool PointerSet::insert(const void* p) {
  if (2 * (m_size + 1) > m_slots.size()) grow(m_slots.empty() ? 16 : 2 * m_slots.size());
  const std::size_t mask = m_slots.size() - 1;
  std::size_t i = slot_of(p);
  for (;; i = (i + 1) & mask) {
    if (m_slots[i] == p) return false;
    if (!m_slots[i]) break;
  }
  m_slots[i] = p;
  ++m_size;
  return true;
}

void PointerSet::clear() {
  if (m_size == 0) return;
  std::fill(m_slots.begin(), m_slots.end(), nullptr);
  m_size = 0;
}

} // namespace sheaf::util
