// A bump allocator: memory is carved from large blocks and given back only all at once, when
// the arena is destroyed or reset. Used for gumbo's parse tree (1.4 M small allocations).
// Large blocks are mapped with their pages populated up front (one call instead of a page
// fault per 4 KB while the parser writes into them).
#pragma once

#include <cstddef>
#include <vector>

namespace sheaf::util {

/// Bump allocator. Not thread-safe: one arena per parse. Every allocation is aligned to
/// `alignment` (16, as malloc's); individual frees are no-ops.
class Arena {
public:
  static constexpr std::size_t alignment = 16;

  /// `block_size`: size of each ordinary block (bigger requests get a block of their own).
  explicit Arena(std::size_t block_size = 1 << 20);
  ~Arena();
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;

  /// `size` bytes (at least 1), aligned to `alignment`. Throws std::bad_alloc when out of memory.
  void* allocate(std::size_t size);
  /// Releases all blocks; every pointer handed out becomes invalid.
  void reset();
  /// Bytes handed out since construction or the last reset (rounded up to the alignment).
  std::size_t used() const { return m_used; }
  /// Bytes held in blocks.
  std::size_t reserved() const { return m_reserved; }
  /// Number of blocks held.
  std::size_t blocks() const { return m_blocks.size(); }

  /// C callbacks in the form gumbo's GumboOptions (allocator/deallocator) expects, with the
  /// arena as `userdata`.
  static void* allocate_callback(void* arena, std::size_t size);
  static void deallocate_callback(void* arena, void* ptr);

private:
  void* allocate_slow(std::size_t size);

  std::size_t m_block_size;
  char* m_top = nullptr;
  char* m_end = nullptr;
  std::size_t m_used = 0;
  std::size_t m_reserved = 0;
  struct Block {
    char* data;
    std::size_t size;
    bool mapped; ///< from mmap (released with munmap), else from malloc
  };
  std::vector<Block> m_blocks;
};

inline void* Arena::allocate(std::size_t size) {
  size = size == 0 ? alignment : (size + alignment - 1) & ~(alignment - 1);
  if (static_cast<std::size_t>(m_end - m_top) >= size) {
    void* p = m_top;
    m_top += size;
    m_used += size;
    return p;
  }
  return allocate_slow(size);
}

} // namespace sheaf::util
