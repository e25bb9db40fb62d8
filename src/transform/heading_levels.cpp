// Heading level normalization (see heading_levels.hpp).
#include "transform/heading_levels.hpp"

#include "model/walk.hpp"

#include <algorithm>

namespace sheaf::transform {

int HeadingLevels::next(int level) {
  int out = m_last > 0 ? std::min(level, m_last + 1) : level;
  m_last = out;
  return out;
}

void close_heading_gaps(model::Blocks& blocks) {
  HeadingLevels levels;
  model::walk_mut(
      blocks,
      [&](model::Block& b) {
        if (auto* h = std::get_if<model::Heading>(&b.value)) h->level = levels.next(h->level);
      },
      [](model::Inline&) {});
}

} // namespace sheaf::transform
