// Pre-order traversal of blocks and inlines, const and mutable.
#include "model/walk.hpp"

namespace sheaf::model {
namespace {

template <class BlocksT, class BlockFn, class InlineFn>
void walk_blocks(BlocksT& blocks, const BlockFn& on_block, const InlineFn& on_inline);

template <class InlinesT, class BlockFn, class InlineFn>
void walk_inlines(InlinesT& inlines, const BlockFn& on_block, const InlineFn& on_inline) {
  for (auto& in : inlines) {
    on_inline(in);
    std::visit(
        [&](auto& node) {
          using T = std::decay_t<decltype(node)>;
          if constexpr (std::is_same_v<T, Note>) {
            walk_blocks(node.content, on_block, on_inline);
          } else if constexpr (std::is_same_v<T, Emphasis> || std::is_same_v<T, Strong> ||
                               std::is_same_v<T, Underline> || std::is_same_v<T, Strikeout> ||
                               std::is_same_v<T, Superscript> || std::is_same_v<T, Subscript> ||
                               std::is_same_v<T, Link> || std::is_same_v<T, Span>) {
            walk_inlines(node.content, on_block, on_inline);
          }
        },
        in.value);
  }
}

template <class RowsT, class BlockFn, class InlineFn>
void walk_rows(RowsT& rows, const BlockFn& on_block, const InlineFn& on_inline) {
  for (auto& row : rows)
    for (auto& cell : row.cells)
      walk_blocks(cell.content, on_block, on_inline);
}

template <class BlocksT, class BlockFn, class InlineFn>
void walk_blocks(BlocksT& blocks, const BlockFn& on_block, const InlineFn& on_inline) {
  for (auto& b : blocks) {
    on_block(b);
    std::visit(
        [&](auto& node) {
          using T = std::decay_t<decltype(node)>;
          if constexpr (std::is_same_v<T, Paragraph> || std::is_same_v<T, Heading>) {
            walk_inlines(node.content, on_block, on_inline);
          } else if constexpr (std::is_same_v<T, BlockQuote>) {
            walk_blocks(node.content, on_block, on_inline);
            walk_inlines(node.attribution, on_block, on_inline);
          } else if constexpr (std::is_same_v<T, List>) {
            for (auto& item : node.items)
              walk_blocks(item.content, on_block, on_inline);
          } else if constexpr (std::is_same_v<T, DefinitionList>) {
            for (auto& item : node.items) {
              walk_inlines(item.term, on_block, on_inline);
              for (auto& def : item.definitions)
                walk_blocks(def, on_block, on_inline);
            }
          } else if constexpr (std::is_same_v<T, Figure>) {
            walk_blocks(node.content, on_block, on_inline);
            walk_inlines(node.caption, on_block, on_inline);
          } else if constexpr (std::is_same_v<T, Table>) {
            walk_inlines(node.caption, on_block, on_inline);
            walk_rows(node.head, on_block, on_inline);
            walk_rows(node.body, on_block, on_inline);
            walk_rows(node.foot, on_block, on_inline);
          } else if constexpr (std::is_same_v<T, Div>) {
            walk_blocks(node.content, on_block, on_inline);
          }
        },
        b.value);
  }
}

} // namespace

void walk(const Blocks& blocks, const std::function<void(const Block&)>& on_block,
          const std::function<void(const Inline&)>& on_inline) {
  walk_blocks(blocks, on_block, on_inline);
}

void walk_mut(Blocks& blocks, const std::function<void(Block&)>& on_block,
              const std::function<void(Inline&)>& on_inline) {
  walk_blocks(blocks, on_block, on_inline);
}

} // namespace sheaf::model
