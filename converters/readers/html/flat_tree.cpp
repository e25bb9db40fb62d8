// Pre-order copy of a gumbo subtree (see flat_tree.hpp).
#include "readers/html/flat_tree.hpp"

#include "readers/html/dom.hpp"

namespace sheaf::readers::html {
namespace {

bool is_space(unsigned char c) {
  return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f';
}

/// Byte classes for the text scan: 0 = end, 1 = white space, 2 = ',', 3 = UTF-8 continuation
/// byte, 4 = any other byte (starts a code point).
struct ByteClasses {
  unsigned char of[256];
  constexpr ByteClasses() : of{} {
    for (int c = 1; c < 256; ++c)
      of[c] = (c & 0xC0) == 0x80 ? 3 : 4;
    for (int c : {' ', '\n', '\t', '\r', '\f'})
      of[c] = 1;
    of[static_cast<int>(',')] = 2;
  }
};
constexpr ByteClasses k_byte_classes;

/// Fills the text measures of `f` from its text, as if white space came before it.
void measure_text(FlatNode& f, const char* text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text);
  if (!*p) return;
  f.nonempty = true;
  f.first_space = is_space(*p);
  bool space = true;
  std::uint32_t bytes = 0, chars = 0, commas = 0;
  for (;; ++p) {
    switch (k_byte_classes.of[*p]) {
    case 0:
      f.last_space = space;
      f.bytes = bytes;
      f.chars = chars;
      f.commas = commas;
      return;
    case 1:
      bytes += !space;
      chars += !space;
      space = true;
      break;
    case 2:
      ++commas;
      ++bytes;
      ++chars;
      space = false;
      break;
    case 3:
      ++bytes;
      space = false;
      break;
    default:
      ++bytes;
      ++chars;
      space = false;
      break;
    }
  }
}

} // namespace

FlatTree::FlatTree(const GumboNode* root) {
  if (!root) return;
  std::vector<std::pair<const GumboNode*, std::uint32_t>> stack{{root, FlatNode::none}};
  while (!stack.empty()) {
    auto [n, parent] = stack.back();
    stack.pop_back();
    const auto index = static_cast<std::uint32_t>(m_nodes.size());
    FlatNode f{n, parent, index + 1, tag_of(n), FlatNode::other};
    if (is_element(n)) {
      f.kind = FlatNode::element;
    } else if (is_text(n)) {
      f.kind = FlatNode::text;
      measure_text(f, n->v.text.text);
    }
    m_nodes.push_back(f);
    if (const GumboVector* kids = children_of(n))
      for (unsigned i = kids->length; i-- > 0;)
        stack.emplace_back(static_cast<const GumboNode*>(kids->data[i]), index);
  }
  // Subtree ends, children before parents (a child's index is above its parent's).
  for (std::size_t i = m_nodes.size(); i-- > 1;) {
    FlatNode& p = m_nodes[m_nodes[i].parent];
    if (m_nodes[i].end > p.end) p.end = m_nodes[i].end;
  }
}

} // namespace sheaf::readers::html
