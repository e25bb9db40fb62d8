// Bump allocator (see arena.hpp).
#include "util/arena.hpp"

#include <cstdlib>
#include <new>
#include <sys/mman.h>

namespace sheaf::util {

Arena::Arena(std::size_t block_size)
    : m_block_size(block_size < 4096 ? 4096 : (block_size + alignment - 1) & ~(alignment - 1)) {}

Arena::~Arena() {
  reset();
}

namespace {

/// Blocks at least this big are mapped with MAP_POPULATE (smaller ones come from malloc).
constexpr std::size_t k_map_min = 256 * 1024;

} // namespace

void Arena::reset() {
  for (const Block& b : m_blocks) {
    if (b.mapped)
      munmap(b.data, b.size);
    else
      std::free(b.data);
  }
  m_blocks.clear();
  m_top = m_end = nullptr;
  m_used = m_reserved = 0;
}

void* Arena::allocate_slow(std::size_t size) {
  // A request bigger than a quarter block gets its own block, so that the current block's
  // remaining space is not thrown away for it.
  const bool own = size > m_block_size / 4;
  const std::size_t bytes = own ? size : m_block_size;
  m_blocks.reserve(m_blocks.size() + 1);
  char* block = nullptr;
  bool mapped = false;
#ifdef MAP_POPULATE
  if (bytes >= k_map_min) {
    void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    if (p != MAP_FAILED) {
      block = static_cast<char*>(p);
      mapped = true;
    }
  }
#endif
  if (!block) block = static_cast<char*>(std::malloc(bytes));
  if (!block) throw std::bad_alloc();
  m_blocks.push_back({block, bytes, mapped});
  m_reserved += bytes;
  m_used += size;
  if (own) return block;
  m_top = block + size;
  m_end = block + bytes;
  return block;
}

void* Arena::allocate_callback(void* arena, std::size_t size) {
  return static_cast<Arena*>(arena)->allocate(size);
}

void Arena::deallocate_callback(void*, void*) {}

} // namespace sheaf::util
