// Read-only helpers over gumbo's tree (see dom.hpp).
#include "readers/html/dom.hpp"

#include <cstring>

namespace sheaf::readers::html {

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string tag_name(const GumboNode* n) {
  if (!is_element(n)) return {};
  const GumboElement& e = n->v.element;
  if (e.tag != GUMBO_TAG_UNKNOWN) return gumbo_normalized_tagname(e.tag);
  GumboStringPiece piece = e.original_tag;
  gumbo_tag_from_original_text(&piece);
  if (!piece.data) return {};
  return ascii_lower(std::string_view(piece.data, piece.length));
}

const char* attr(const GumboNode* n, const char* name) {
  if (!is_element(n)) return nullptr;
  const GumboAttribute* a = gumbo_get_attribute(&n->v.element.attributes, name);
  return a ? a->value : nullptr;
}

std::string attr_or_empty(const GumboNode* n, const char* name) {
  const char* v = attr(n, name);
  return v ? std::string(v) : std::string();
}

std::vector<std::string> classes_of(const GumboNode* n) {
  std::vector<std::string> out;
  const char* v = attr(n, "class");
  if (!v) return out;
  std::string cur;
  for (const char* p = v;; ++p) {
    if (*p == 0 || *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f') {
      if (!cur.empty()) out.push_back(std::move(cur));
      cur.clear();
      if (*p == 0) break;
    } else {
      cur += *p;
    }
  }
  return out;
}

bool has_class(const GumboNode* n, std::string_view c) {
  for (const std::string& k : classes_of(n))
    if (k == c) return true;
  return false;
}

const GumboVector* children_of(const GumboNode* n) {
  if (!n) return nullptr;
  if (n->type == GUMBO_NODE_DOCUMENT) return &n->v.document.children;
  if (is_element(n)) return &n->v.element.children;
  return nullptr;
}

std::string text_content(const GumboNode* n) {
  std::string out;
  for_each_node(n, [&](const GumboNode* x) {
    if (is_text(x)) {
      out += x->v.text.text;
      return false;
    }
    GumboTag t = tag_of(x);
    return !(t == GUMBO_TAG_SCRIPT || t == GUMBO_TAG_STYLE || t == GUMBO_TAG_TEMPLATE ||
             t == GUMBO_TAG_NOSCRIPT);
  });
  return out;
}

const GumboNode* find_first(const GumboNode* n, GumboTag tag) {
  const GumboNode* found = nullptr;
  for_each_node(n, [&](const GumboNode* x) {
    if (found) return false;
    if (x != n && tag_of(x) == tag) {
      found = x;
      return false;
    }
    return true;
  });
  return found;
}

std::vector<const GumboNode*> find_all(const GumboNode* n, GumboTag tag) {
  std::vector<const GumboNode*> out;
  for_each_node(n, [&](const GumboNode* x) {
    if (x != n && tag_of(x) == tag) out.push_back(x);
    return true;
  });
  return out;
}

} // namespace sheaf::readers::html
