// Where a node came from: file, line and column (1-based; 0 = unknown).
#pragma once

#include <memory>
#include <string>

namespace sheaf::model {

/// A source position. The file name is shared between all nodes of one input.
struct SourceSpan {
  std::shared_ptr<const std::string> file;
  int line = 0;
  int column = 0;

  const std::string& file_name() const {
    static const std::string empty;
    return file ? *file : empty;
  }
};

} // namespace sheaf::model
