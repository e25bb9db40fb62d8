// Parser for the CSS subset sheaf's themes use: type/class/descendant selectors, selector
// lists, declarations and @page { size; margin }. Malformed input degrades, never throws.
#pragma once

#include "diag/diagnostic.hpp"
#include "style/computed_style.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace sheaf::style {

/// One compound selector: an element name (empty = any) and classes, e.g. `p.note`.
struct SimpleSelector {
  std::string element;
  std::vector<std::string> classes;
};

/// A descendant chain `a b.c d`; the last compound is the subject.
struct Selector {
  std::vector<SimpleSelector> parts;
  /// CSS specificity packed as classes * 256 + elements.
  int specificity() const;
};

/// One `property: value` pair (property lower-cased, value trimmed).
struct Declaration {
  std::string property;
  std::string value;
  bool important = false;
};

/// A rule: selector list plus declarations; `order` is its position in the cascade.
struct Rule {
  std::vector<Selector> selectors;
  std::vector<Declaration> declarations;
  std::size_t order = 0;
};

/// Page geometry from `@page` (points). `*_set` say whether the sheet specified them.
struct PageSetup {
  double width = 595.276;
  double height = 841.89;
  Edges margin{72, 72, 72, 72};
  bool size_set = false;
  bool margin_set = false;
};

/// A parsed stylesheet (possibly several concatenated: theme first, then user CSS).
struct Stylesheet {
  std::vector<Rule> rules;
  PageSetup page;
  /// Append `other`'s rules after ours (they win on equal specificity) and its @page values.
  void append(const Stylesheet& other);
};

/// Parse CSS text. Unknown properties are kept out with a `css-unknown-property` debug
/// diagnostic; syntax errors skip to the next rule with a `css-syntax` warning.
/// `origin` names the source in diagnostics.
Stylesheet parse_css(std::string_view css, diag::DiagnosticSink& sink,
                     std::string_view origin = {});

/// Parse a CSS length into points. `em_base` is the font size used for em/%, `rem_base` for
/// rem. Returns false when `text` is not a length.
bool parse_length(std::string_view text, double em_base, double rem_base, double& out_pt);

/// Paper size by name (a4, letter, a5, legal, or WxH with CSS units, e.g. "150mmx200mm").
/// Returns false when unknown.
bool parse_paper(std::string_view text, double& width_pt, double& height_pt);

/// True when `property` is one the cascade understands.
bool is_known_property(std::string_view property);

} // namespace sheaf::style
