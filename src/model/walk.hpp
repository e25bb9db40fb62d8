// Generic traversal helpers: visit every block / inline of a tree, mutable or const.
#pragma once

#include "model/document.hpp"

#include <functional>

namespace sheaf::model {

/// Calls `on_block` for every block (pre-order) and `on_inline` for every inline, descending
/// into list items, table cells, captions, attributions and notes.
void walk(const Blocks& blocks, const std::function<void(const Block&)>& on_block,
          const std::function<void(const Inline&)>& on_inline);
/// Mutable variant of walk().
void walk_mut(Blocks& blocks, const std::function<void(Block&)>& on_block,
              const std::function<void(Inline&)>& on_inline);

} // namespace sheaf::model
