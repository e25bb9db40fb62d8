// One gumbo parse whose whole tree lives in an arena: no per-node malloc/free while parsing,
// and the tree is released at once instead of through gumbo_destroy_output's walk.
#pragma once

#include "util/arena.hpp"

#include <gumbo.h>
#include <string>

namespace sheaf::readers::html {

/// Owns the parsed text (gumbo's nodes point into it), the arena and gumbo's output.
class ParsedHtml {
public:
  /// Parse `text` with `max_errors = 0`. document() is nullptr when gumbo gave no tree.
  explicit ParsedHtml(std::string text);
  ParsedHtml(const ParsedHtml&) = delete;
  ParsedHtml& operator=(const ParsedHtml&) = delete;

  /// The document node, or nullptr.
  const GumboNode* document() const { return m_output ? m_output->document : nullptr; }
  /// Size of the parsed text in bytes.
  std::size_t text_size() const { return m_text.size(); }
  /// Bytes gumbo allocated (for tests and measurements).
  std::size_t arena_bytes() const { return m_arena.used(); }

private:
  std::string m_text;
  util::Arena m_arena;
  GumboOutput* m_output = nullptr;
};

} // namespace sheaf::readers::html
