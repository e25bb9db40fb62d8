// The one table of diagnostic codes and their severities. Codes are stable: tests and users'
// scripts match on them. Add new codes here (sorted by area), never rename existing ones.
#include "diag/diagnostic.hpp"

#include <algorithm>
#include <array>

namespace sheaf::diag {
namespace {

struct CodeEntry {
  std::string_view code;
  Severity severity;
};

constexpr std::array k_codes{
    // input and decoding
    CodeEntry{"input-not-found", Severity::error},
    CodeEntry{"input-is-directory", Severity::error},
    CodeEntry{"input-unreadable", Severity::error},
    CodeEntry{"input-too-large", Severity::error},
    CodeEntry{"input-too-deeply-nested", Severity::error},
    CodeEntry{"binary-input", Severity::error},
    CodeEntry{"empty-input", Severity::warning},
    CodeEntry{"invalid-encoding", Severity::warning},
    CodeEntry{"encoding-detected", Severity::info},
    // usage
    CodeEntry{"unknown-format", Severity::error},
    CodeEntry{"unknown-style", Severity::error},
    CodeEntry{"bad-option", Severity::error},
    CodeEntry{"output-is-input", Severity::error},
    CodeEntry{"strict-warnings", Severity::error},
    // reading
    CodeEntry{"no-title", Severity::warning},
    CodeEntry{"language-unknown", Severity::warning},
    CodeEntry{"language-guessed", Severity::info},
    CodeEntry{"gutenberg-boilerplate-removed", Severity::info},
    CodeEntry{"skipped-content", Severity::info},
    CodeEntry{"media-skipped", Severity::warning},
    CodeEntry{"nesting-too-deep", Severity::warning},
    CodeEntry{"raw-html-skipped", Severity::info},
    CodeEntry{"raw-dropped", Severity::info},
    CodeEntry{"front-matter-invalid", Severity::warning},
    CodeEntry{"footnote-recursive", Severity::warning},
    CodeEntry{"article-extracted", Severity::info},
    // resources
    CodeEntry{"resource-not-found", Severity::warning},
    CodeEntry{"resource-outside-root", Severity::warning},
    CodeEntry{"resource-not-fetched", Severity::warning},
    CodeEntry{"resource-too-large", Severity::warning},
    CodeEntry{"image-unreadable", Severity::warning},
    CodeEntry{"unsupported-image", Severity::warning},
    // styles and layout
    CodeEntry{"css-unknown-property", Severity::debug},
    CodeEntry{"css-syntax", Severity::warning},
    CodeEntry{"css-unsupported", Severity::debug},
    CodeEntry{"css-bad-value", Severity::warning},
    CodeEntry{"bad-paper", Severity::error},
    CodeEntry{"bad-margin", Severity::error},
    CodeEntry{"font-not-found", Severity::warning},
    CodeEntry{"missing-glyph", Severity::warning},
    CodeEntry{"overfull-line", Severity::warning},
    CodeEntry{"hyphenation-unavailable", Severity::info},
    // output
    CodeEntry{"output-unwritable", Severity::error},
    CodeEntry{"pdf-write-failed", Severity::error},
    CodeEntry{"epub-write-failed", Severity::error},
    CodeEntry{"link-unwrapped", Severity::info},
    CodeEntry{"link-target-missing", Severity::warning},
    CodeEntry{"image-not-packaged", Severity::info},
    CodeEntry{"invalid-date", Severity::warning},
    // batch
    CodeEntry{"output-name-collision", Severity::warning},
    CodeEntry{"interrupted", Severity::error},
    CodeEntry{"internal-error", Severity::error},
};

} // namespace

Severity default_severity(std::string_view code) {
  auto it = std::find_if(k_codes.begin(), k_codes.end(),
                         [&](const CodeEntry& e) { return e.code == code; });
  return it == k_codes.end() ? Severity::warning : it->severity;
}

} // namespace sheaf::diag
