// Readability-class article extraction on the gumbo tree: drop unlikely candidates, score
// paragraphs, propagate scores to ancestors, pick the best candidate and its qualifying
// siblings, then clean the result. The tree is never modified: the result lists the nodes to
// convert and the subtrees to skip.
#pragma once

#include "util/pointer_set.hpp"

#include <gumbo.h>
#include <string>
#include <vector>

namespace sheaf::readers::html {

class FlatTree;

/// A set of gumbo nodes (subtrees extraction removed).
using NodeSet = util::PointerSet;

/// What extraction decided.
struct Extraction {
  bool extracted = false;              ///< false: convert the whole body
  std::vector<const GumboNode*> roots; ///< nodes to convert, in document order
  NodeSet removed;                     ///< subtrees not to convert
  std::string byline;                  ///< byline text found (and removed), if any
};

/// Options of one extraction.
struct ExtractOptions {
  std::string mode = "auto";        ///< auto|always|never
  std::string title;                ///< document title (a leading heading repeating it is removed)
  std::vector<std::string> authors; ///< known authors (a byline repeating them is removed)
};

/// True when the page around `body` has boilerplate (navigation, header/footer, sidebars or a
/// high share of link text) — what `--extract auto` checks before extracting.
bool has_boilerplate(const GumboNode* body);

/// Extract the article from `body` (the <body> element).
Extraction extract_article(const GumboNode* body, const ExtractOptions& options);
/// The same from `body`'s FlatTree, made beforehand.
Extraction extract_article(const FlatTree& body, const ExtractOptions& options);

/// Whitespace-collapsed text of `n`, skipping `removed` subtrees and script/style.
std::string visible_text(const GumboNode* n, const NodeSet& removed);

} // namespace sheaf::readers::html
