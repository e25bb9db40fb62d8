// Heading levels that never skip (h2 then h4 becomes h2 then h3), as EPUB accessibility checks
// (Ace's heading-order) and PDF/UA want them; readers keep the source's levels.
#pragma once

#include "model/document.hpp"

namespace sheaf::transform {

/// Maps declared heading levels, in document order, to levels that never increase by more than
/// one. The first heading keeps its level; going back up (h3 then h1) is always allowed.
class HeadingLevels {
public:
  /// The level to use for the next heading, declared at `level`.
  int next(int level);

private:
  int m_last = 0; ///< level given to the previous heading (0: none yet)
};

/// Applies HeadingLevels to every heading of `blocks`, nested ones included, in document order.
void close_heading_gaps(model::Blocks& blocks);

} // namespace sheaf::transform
