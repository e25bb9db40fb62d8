// The source text one placed glyph stands for, in 16 bytes: up to 15 bytes inline (every
// cluster of ordinary text), longer texts on the heap. The page tree holds one per glyph of
// the whole document, so a std::string (32 bytes) here was a third of the layout's memory.
#pragma once

#include <cstdint>
#include <cstring>
#include <ostream>
#include <string>
#include <string_view>

namespace sheaf::layout {

/// A short immutable-by-value string that reads like a std::string_view.
class GlyphText {
public:
  GlyphText() { clear_bytes(); }
  GlyphText(std::string_view s) { init(s); }
  GlyphText(const char* s) { init(s ? std::string_view(s) : std::string_view()); }
  GlyphText(const std::string& s) { init(s); }
  GlyphText(const GlyphText& o) { init(o.view()); }
  GlyphText(GlyphText&& o) noexcept {
    std::memcpy(m_bytes, o.m_bytes, sizeof m_bytes);
    o.clear_bytes();
  }
  GlyphText& operator=(const GlyphText& o) {
    if (this != &o) assign(o.view());
    return *this;
  }
  GlyphText& operator=(GlyphText&& o) noexcept {
    if (this != &o) {
      release();
      std::memcpy(m_bytes, o.m_bytes, sizeof m_bytes);
      o.clear_bytes();
    }
    return *this;
  }
  GlyphText& operator=(std::string_view s) {
    assign(s);
    return *this;
  }
  GlyphText& operator=(const std::string& s) {
    assign(s);
    return *this;
  }
  GlyphText& operator=(const char* s) {
    assign(s ? std::string_view(s) : std::string_view());
    return *this;
  }
  ~GlyphText() { release(); }

  void assign(std::string_view s) {
    if (s.data() >= data() && s.data() < data() + size()) { // aliasing: copy first
      std::string copy(s);
      release();
      init(copy);
      return;
    }
    release();
    init(s);
  }
  void assign(const char* s, std::size_t n) { assign(std::string_view(s, n)); }
  void clear() {
    release();
    clear_bytes();
  }

  bool empty() const { return size() == 0; }
  std::size_t size() const {
    if (!heap()) return m_bytes[k_tag];
    std::uint32_t n;
    std::memcpy(&n, m_bytes + sizeof(char*), sizeof n);
    return n;
  }
  const char* data() const {
    if (!heap()) return m_bytes;
    const char* p;
    std::memcpy(&p, m_bytes, sizeof p);
    return p;
  }
  std::string_view view() const { return {data(), size()}; }
  operator std::string_view() const { return view(); }
  std::string str() const { return std::string(view()); }
  std::size_t find(std::string_view s, std::size_t pos = 0) const { return view().find(s, pos); }

  friend bool operator==(const GlyphText& a, std::string_view b) { return a.view() == b; }
  friend bool operator==(std::string_view a, const GlyphText& b) { return a == b.view(); }
  friend bool operator==(const GlyphText& a, const GlyphText& b) { return a.view() == b.view(); }
  friend bool operator==(const GlyphText& a, const char* b) { return a.view() == b; }
  friend bool operator==(const GlyphText& a, const std::string& b) { return a.view() == b; }
  friend bool operator==(const std::string& a, const GlyphText& b) { return a == b.view(); }
  friend bool operator!=(const GlyphText& a, std::string_view b) { return !(a == b); }
  friend bool operator!=(std::string_view a, const GlyphText& b) { return !(a == b); }
  friend bool operator!=(const GlyphText& a, const GlyphText& b) { return !(a == b); }
  friend bool operator!=(const GlyphText& a, const char* b) { return !(a == b); }
  friend bool operator!=(const GlyphText& a, const std::string& b) { return !(a == b); }
  friend bool operator!=(const std::string& a, const GlyphText& b) { return !(a == b); }
  friend std::ostream& operator<<(std::ostream& os, const GlyphText& t) { return os << t.view(); }

private:
  static constexpr std::size_t k_tag = 15;       ///< inline length, or k_heap
  static constexpr unsigned char k_heap = 0xFF;  ///< text lives on the heap
  static constexpr std::size_t k_inline = k_tag; ///< inline capacity in bytes

  bool heap() const { return static_cast<unsigned char>(m_bytes[k_tag]) == k_heap; }
  void clear_bytes() { std::memset(m_bytes, 0, sizeof m_bytes); }
  void init(std::string_view s) {
    clear_bytes();
    if (s.size() <= k_inline) {
      if (!s.empty()) std::memcpy(m_bytes, s.data(), s.size());
      m_bytes[k_tag] = static_cast<char>(s.size());
      return;
    }
    char* p = new char[s.size()];
    std::memcpy(p, s.data(), s.size());
    auto n = static_cast<std::uint32_t>(s.size());
    std::memcpy(m_bytes, &p, sizeof p);
    std::memcpy(m_bytes + sizeof p, &n, sizeof n);
    m_bytes[k_tag] = static_cast<char>(k_heap);
  }
  void release() {
    if (heap()) delete[] data();
  }

  char m_bytes[16]; // inline bytes + length tag, or pointer + size + tag
};

} // namespace sheaf::layout
