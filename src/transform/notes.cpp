// Footnote numbering in reading order (see notes.hpp). The traversal mirrors the order of
// the XHTML serializer: table captions before rows, block quote attributions and figure
// captions after the content, a note's own notes right after it.
#include "transform/notes.hpp"

namespace sheaf::transform {
namespace {

class NoteCounter {
public:
  explicit NoteCounter(NoteNumbering& out) : m_out(out) {}

  void blocks(const model::Blocks& bs) {
    for (const auto& b : bs)
      block(b);
  }

  void inlines(const model::Inlines& is) {
    for (const auto& i : is)
      std::visit([this](const auto& v) { inline_value(v); }, i.value);
  }

private:
  void block(const model::Block& b) {
    std::visit([this](const auto& v) { block_value(v); }, b.value);
  }

  void block_value(const model::Paragraph& p) { inlines(p.content); }
  void block_value(const model::Heading& h) { inlines(h.content); }
  void block_value(const model::BlockQuote& q) {
    blocks(q.content);
    inlines(q.attribution);
  }
  void block_value(const model::List& l) {
    for (const auto& item : l.items)
      blocks(item.content);
  }
  void block_value(const model::DefinitionList& d) {
    for (const auto& item : d.items) {
      inlines(item.term);
      for (const auto& def : item.definitions)
        blocks(def);
    }
  }
  void block_value(const model::CodeBlock&) {}
  void block_value(const model::Figure& f) {
    blocks(f.content);
    inlines(f.caption);
  }
  void block_value(const model::Table& t) {
    inlines(t.caption);
    for (const auto* rows : {&t.head, &t.body, &t.foot})
      for (const auto& row : *rows)
        for (const auto& cell : row.cells)
          blocks(cell.content);
  }
  void block_value(const model::ThematicBreak&) {}
  void block_value(const model::Div& d) { blocks(d.content); }
  void block_value(const model::RawBlock&) {}

  template <typename T> void inline_value(const T& v) {
    if constexpr (std::is_same_v<T, model::Note>) {
      int n = static_cast<int>(m_out.notes.size()) + 1;
      m_out.notes.push_back(&v);
      m_out.numbers.emplace(&v, n);
      blocks(v.content);
    } else if constexpr (std::is_same_v<T, model::Link>) {
      inlines(v.content);
    } else if constexpr (std::is_same_v<T, model::Emphasis> || std::is_same_v<T, model::Strong> ||
                         std::is_same_v<T, model::Underline> ||
                         std::is_same_v<T, model::Strikeout> ||
                         std::is_same_v<T, model::Superscript> ||
                         std::is_same_v<T, model::Subscript> || std::is_same_v<T, model::Span>) {
      inlines(v.content);
    }
  }

  NoteNumbering& m_out;
};

} // namespace

NoteNumbering number_notes(const model::Blocks& blocks) {
  NoteNumbering out;
  NoteCounter(out).blocks(blocks);
  return out;
}

} // namespace sheaf::transform
