// Small read-only helpers over gumbo's tree: tag names, attributes, classes, text content and
// an iterative pre-order traversal. Shared by the walker, the extractor and the metadata reader.
#pragma once

#include <gumbo.h>
#include <string>
#include <string_view>
#include <vector>

namespace sheaf::readers::html {

/// True for element nodes (GUMBO_NODE_ELEMENT and GUMBO_NODE_TEMPLATE).
inline bool is_element(const GumboNode* n) {
  return n && (n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE);
}
/// True for text-like nodes (text, CDATA, whitespace).
inline bool is_text(const GumboNode* n) {
  return n && (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA ||
               n->type == GUMBO_NODE_WHITESPACE);
}
/// Lower-case tag name of an element ("div", "my-widget", "svg"…), "" for non-elements.
std::string tag_name(const GumboNode* n);
/// Tag of an element, GUMBO_TAG_UNKNOWN for non-elements.
inline GumboTag tag_of(const GumboNode* n) {
  return is_element(n) ? n->v.element.tag : GUMBO_TAG_UNKNOWN;
}
/// Value of attribute `name`, or nullptr.
const char* attr(const GumboNode* n, const char* name);
/// Value of attribute `name`, or "".
std::string attr_or_empty(const GumboNode* n, const char* name);
/// True when the whitespace-separated class list contains `c`.
bool has_class(const GumboNode* n, std::string_view c);
/// Class list split on whitespace.
std::vector<std::string> classes_of(const GumboNode* n);
/// Children of an element or document (empty for text nodes).
const GumboVector* children_of(const GumboNode* n);
/// Concatenated text of all descendants (script/style/template excluded).
std::string text_content(const GumboNode* n);
/// First descendant element (pre-order, `n` excluded) with this tag, or nullptr.
const GumboNode* find_first(const GumboNode* n, GumboTag tag);
/// All descendant elements with this tag, in document order.
std::vector<const GumboNode*> find_all(const GumboNode* n, GumboTag tag);
/// Calls `f(node)` for `root` and every descendant in document order, iteratively. When `f`
/// returns false the node's children are skipped.
template <class F> void for_each_node(const GumboNode* root, F&& f) {
  std::vector<const GumboNode*> stack{root};
  while (!stack.empty()) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (!f(n)) continue;
    if (const GumboVector* kids = children_of(n))
      for (unsigned i = kids->length; i-- > 0;)
        stack.push_back(static_cast<const GumboNode*>(kids->data[i]));
  }
}
/// ASCII lower-case copy.
std::string ascii_lower(std::string_view s);

} // namespace sheaf::readers::html
