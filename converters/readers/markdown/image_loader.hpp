// Loading images a Markdown file refers to into the document's ResourceStore, under the
// sandbox rule: only files inside the input's folder or the extra resource roots are read.
#pragma once

#include "diag/diagnostic.hpp"
#include "format/options.hpp"
#include "model/builder.hpp"

#include <string>

namespace sheaf::readers {

/// The outcome of loading one image reference.
struct LoadedImage {
  std::string resource; ///< id in the ResourceStore, empty when not loaded
  int width = 0;        ///< pixel size when it could be read
  int height = 0;
};

/// Load the image `url` (relative path, file: URL or data: URI) into `b.resources()`.
/// Remote URLs are not fetched (`resource-not-fetched`); paths escaping the allowed roots give
/// `resource-outside-root`; missing files `resource-not-found`; bytes that are no known image
/// format `unsupported-image`.
LoadedImage load_image(const std::string& url, const format::ReadOptions& options,
                       model::DocumentBuilder& b, diag::DiagnosticSink& sink,
                       const model::SourceSpan& span);

} // namespace sheaf::readers
