// The cascade: matches rules against a "virtual element" path (the element names the EPUB
// XHTML uses: p, h1, blockquote, li, pre, code, em, .title-block …) and computes styles with
// specificity, source order and inheritance.
#pragma once

#include "diag/diagnostic.hpp"
#include "style/computed_style.hpp"
#include "style/css_parser.hpp"

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace sheaf::style {

/// One element of the path being styled.
struct Element {
  std::string name;                 ///< element name, e.g. "p", "h2", "li"
  std::vector<std::string> classes; ///< class names without dots
};

/// Computes styles for element paths from one stylesheet. Results are cached by path;
/// safe for concurrent use.
class Cascade {
public:
  explicit Cascade(Stylesheet sheet);

  /// Style of the last element of `path` (root first). Ancestors are styled recursively so
  /// inheritance follows the path.
  const ComputedStyle& compute(const std::vector<Element>& path) const;
  /// Style of the implicit root (`html`/`body`).
  const ComputedStyle& root() const { return compute({}); }
  const PageSetup& page() const { return m_sheet.page; }
  const Stylesheet& sheet() const { return m_sheet; }

private:
  ComputedStyle compute_uncached(const std::vector<Element>& path) const;

  Stylesheet m_sheet;
  mutable std::mutex m_mutex;
  mutable std::map<std::string, std::unique_ptr<ComputedStyle>> m_cache;
};

/// Apply declarations to `style` (whose inherited values come from `parent`). Exposed for
/// tests; `root_font_size` resolves rem.
void apply_declarations(const std::vector<const Declaration*>& decls, const ComputedStyle& parent,
                        double root_font_size, ComputedStyle& style);

/// The stylesheet for theme `theme` (an embedded style name) followed by `user_css` sheets.
/// Throws diag::Error(usage, "unknown-style") when the theme does not exist.
Stylesheet load_stylesheet(std::string_view theme, const std::vector<std::string>& user_css,
                           diag::DiagnosticSink& sink);

} // namespace sheaf::style
