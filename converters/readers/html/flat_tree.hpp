// A subtree of gumbo's DOM copied into one pre-order array: parents, subtree ends, tags and the
// whitespace-collapsed measures of every text node, computed once. Article extraction walks
// this array many times instead of chasing gumbo's node pointers (and rescanning the text).
#pragma once

#include <cstdint>
#include <gumbo.h>
#include <vector>

namespace sheaf::readers::html {

/// One node of a FlatTree.
struct FlatNode {
  enum Kind : std::uint8_t { element, text, other };
  static constexpr std::uint32_t none = ~std::uint32_t{0};

  const GumboNode* node; ///< the gumbo node
  std::uint32_t parent;  ///< index of the parent, `none` for the root
  std::uint32_t end;     ///< one past the index of the last descendant
  GumboTag tag;          ///< tag_of(node): GUMBO_TAG_UNKNOWN for non-elements
  Kind kind;             ///< element (and template), text (text, CDATA, white space), other
  // Text nodes: the text with runs of white space collapsed, measured as if it followed white
  // space (a leading run then counts nothing; otherwise it counts one).
  bool nonempty = false;    ///< the text has at least one byte
  bool first_space = false; ///< it starts with white space
  bool last_space = false;  ///< it ends with white space
  std::uint32_t bytes = 0;  ///< collapsed length in bytes
  std::uint32_t chars = 0;  ///< collapsed length in code points
  std::uint32_t commas = 0; ///< number of ','
};

/// The pre-order array of `root`'s subtree (root at index 0). Children of node i are found at
/// i + 1, then at the previous child's `end`, up to node i's `end`.
class FlatTree {
public:
  explicit FlatTree(const GumboNode* root);

  std::size_t size() const { return m_nodes.size(); }
  const FlatNode& operator[](std::uint32_t i) const { return m_nodes[i]; }
  /// Adds text node `i`'s collapsed length (bytes or code points) to `len`, following `space`
  /// (true when the text before ended with white space, or at the start).
  void add_bytes(std::uint32_t i, bool& space, std::size_t& len) const {
    const FlatNode& t = m_nodes[i];
    if (!t.nonempty) return;
    len += t.bytes + (!space && t.first_space ? 1 : 0);
    space = t.last_space;
  }
  void add_chars(std::uint32_t i, bool& space, std::size_t& len) const {
    const FlatNode& t = m_nodes[i];
    if (!t.nonempty) return;
    len += t.chars + (!space && t.first_space ? 1 : 0);
    space = t.last_space;
  }

private:
  std::vector<FlatNode> m_nodes;
};

} // namespace sheaf::readers::html
