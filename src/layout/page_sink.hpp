// Where the typesetter delivers pages as soon as they are final (streaming output): the PDF
// emitter writes each one and the typesetter frees it. No backend types here.
#pragma once

#include "layout/page_tree.hpp"

#include <cstddef>
#include <vector>

namespace sheaf::layout {

/// Receives finished pages in order while typesetting goes on.
class PageSink {
public:
  virtual ~PageSink() = default;
  /// Page `index` (0-based, consecutive) is final. `structure` holds every structure element
  /// created so far, so each tag on the page is an index into it (later calls may pass a
  /// longer list). The page is freed after the call.
  virtual void page(const Page& page, std::size_t index,
                    const std::vector<StructElement>& structure) = 0;
};

} // namespace sheaf::layout
