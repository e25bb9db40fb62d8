// DocumentBuilder: a stack of open frames; closing a frame turns it into a node of its parent.
// All containment decisions (implicit paragraphs, items, cells; forced closes) live here.
#include "model/builder.hpp"

#include <algorithm>

namespace sheaf::model {

namespace {
enum class Kind {
  root,
  paragraph,
  heading,
  block_quote,
  attribution,
  list,
  list_item,
  definition_list,
  term,
  definition,
  div,
  figure,
  caption,
  table,
  table_section,
  row,
  cell,
  inline_container,
  link,
  note
};

bool holds_inlines(Kind k) {
  switch (k) {
  case Kind::paragraph:
  case Kind::heading:
  case Kind::attribution:
  case Kind::term:
  case Kind::caption:
  case Kind::inline_container:
  case Kind::link:
    return true;
  default:
    return false;
  }
}

bool holds_blocks(Kind k) {
  switch (k) {
  case Kind::root:
  case Kind::block_quote:
  case Kind::list_item:
  case Kind::definition:
  case Kind::div:
  case Kind::figure:
  case Kind::cell:
  case Kind::note:
    return true;
  default:
    return false;
  }
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool all_space(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return is_space(c); });
}

/// Trim leading/trailing spaces and breaks of a finished inline sequence.
void trim_inlines(Inlines& in) {
  while (!in.empty()) {
    auto& first = in.front();
    if (std::holds_alternative<SoftBreak>(first.value) ||
        std::holds_alternative<LineBreak>(first.value)) {
      in.erase(in.begin());
      continue;
    }
    if (auto* t = std::get_if<Text>(&first.value)) {
      std::size_t n = 0;
      while (n < t->text.size() && is_space(t->text[n]))
        ++n;
      t->text.erase(0, n);
      if (t->text.empty()) {
        in.erase(in.begin());
        continue;
      }
    }
    break;
  }
  while (!in.empty()) {
    auto& last = in.back();
    if (std::holds_alternative<SoftBreak>(last.value) ||
        std::holds_alternative<LineBreak>(last.value)) {
      in.pop_back();
      continue;
    }
    if (auto* t = std::get_if<Text>(&last.value)) {
      std::size_t n = t->text.size();
      while (n > 0 && is_space(t->text[n - 1]))
        --n;
      t->text.resize(n);
      if (t->text.empty()) {
        in.pop_back();
        continue;
      }
    }
    break;
  }
}

void push_inline(Inlines& into, Inline node) {
  if (auto* t = std::get_if<Text>(&node.value)) {
    if (t->text.empty()) return;
    if (!into.empty() && node.attr.empty()) {
      if (auto* prev = std::get_if<Text>(&into.back().value); prev && into.back().attr.empty()) {
        prev->text += t->text;
        return;
      }
    }
  }
  into.push_back(std::move(node));
}
} // namespace

struct DocumentBuilder::Frame {
  Kind kind = Kind::root;
  bool implicit = false;
  SourceSpan span;
  Attr attr;
  Blocks blocks;
  Inlines inlines;
  // kind-specific
  int level = 0;
  List list;
  std::optional<bool> checked;
  std::vector<DefinitionItem> dl_items;
  InlineKind inline_kind = InlineKind::span;
  std::string url, title;
  Table table;
  TableSection section = TableSection::body;
  std::vector<TableRow> rows;
  TableRow row;
  TableCell cell;
  Inlines aux_inlines; // block quote attribution, figure caption
};

DocumentBuilder::DocumentBuilder(std::string file_name)
    : m_file(std::make_shared<const std::string>(std::move(file_name))) {
  auto root = std::make_unique<Frame>();
  root->kind = Kind::root;
  m_stack.push_back(std::move(root));
}

DocumentBuilder::~DocumentBuilder() = default;

SourceSpan DocumentBuilder::at(int line, int column) const {
  return SourceSpan{m_file, line, column};
}

DocumentBuilder::Frame& DocumentBuilder::top() {
  return *m_stack.back();
}

void DocumentBuilder::push(std::unique_ptr<Frame> f) {
  if (!f->implicit) ++m_depth;
  m_stack.push_back(std::move(f));
}

namespace {
std::unique_ptr<DocumentBuilder::Frame> make_frame(Kind k, SourceSpan span, Attr attr,
                                                   bool implicit = false) {
  auto f = std::make_unique<DocumentBuilder::Frame>();
  f->kind = k;
  f->span = std::move(span);
  f->attr = std::move(attr);
  f->implicit = implicit;
  return f;
}

Inline make_inline(InlineValue v, const SourceSpan& span, Attr attr = {}) {
  Inline in;
  in.value = std::move(v);
  in.attr = std::move(attr);
  in.span = span;
  return in;
}

Block make_block(BlockValue v, const SourceSpan& span, Attr attr = {}) {
  Block b;
  b.value = std::move(v);
  b.attr = std::move(attr);
  b.span = span;
  return b;
}

std::size_t column_count(const Table& t) {
  std::size_t n = 0;
  auto scan = [&](const std::vector<TableRow>& rows) {
    for (const auto& r : rows) {
      std::size_t w = 0;
      for (const auto& c : r.cells)
        w += static_cast<std::size_t>(std::max(1, c.col_span));
      n = std::max(n, w);
    }
  };
  scan(t.head);
  scan(t.body);
  scan(t.foot);
  return n;
}
} // namespace

void DocumentBuilder::pop_one() {
  if (m_stack.size() <= 1) return;
  std::unique_ptr<Frame> f = std::move(m_stack.back());
  m_stack.pop_back();
  if (!f->implicit) --m_depth;
  Frame& parent = top();

  auto add_block_to_parent = [&](Block b) {
    // Parents of block-producing frames are block holders by construction.
    parent.blocks.push_back(std::move(b));
  };

  switch (f->kind) {
  case Kind::root:
    break;
  case Kind::paragraph:
    trim_inlines(f->inlines);
    if (!f->inlines.empty())
      add_block_to_parent(
          make_block(Paragraph{std::move(f->inlines)}, f->span, std::move(f->attr)));
    break;
  case Kind::heading:
    trim_inlines(f->inlines);
    if (!f->inlines.empty())
      add_block_to_parent(
          make_block(Heading{f->level, std::move(f->inlines)}, f->span, std::move(f->attr)));
    break;
  case Kind::block_quote:
    trim_inlines(f->aux_inlines);
    if (!f->blocks.empty() || !f->aux_inlines.empty())
      add_block_to_parent(make_block(BlockQuote{std::move(f->blocks), std::move(f->aux_inlines)},
                                     f->span, std::move(f->attr)));
    break;
  case Kind::attribution:
    trim_inlines(f->inlines);
    if (parent.kind == Kind::block_quote) {
      for (auto& in : f->inlines)
        push_inline(parent.aux_inlines, std::move(in));
    }
    break;
  case Kind::list:
    if (!f->list.items.empty())
      add_block_to_parent(make_block(std::move(f->list), f->span, std::move(f->attr)));
    break;
  case Kind::list_item:
    if (parent.kind == Kind::list)
      parent.list.items.push_back(ListItem{std::move(f->blocks), f->checked});
    break;
  case Kind::definition_list:
    if (!f->dl_items.empty())
      add_block_to_parent(
          make_block(DefinitionList{std::move(f->dl_items)}, f->span, std::move(f->attr)));
    break;
  case Kind::term:
    trim_inlines(f->inlines);
    if (parent.kind == Kind::definition_list)
      parent.dl_items.push_back(DefinitionItem{std::move(f->inlines), {}});
    break;
  case Kind::definition:
    if (parent.kind == Kind::definition_list && !f->blocks.empty()) {
      if (parent.dl_items.empty()) parent.dl_items.push_back(DefinitionItem{});
      parent.dl_items.back().definitions.push_back(std::move(f->blocks));
    }
    break;
  case Kind::div:
    if (!f->blocks.empty() || !f->attr.id.empty())
      add_block_to_parent(make_block(Div{std::move(f->blocks)}, f->span, std::move(f->attr)));
    break;
  case Kind::figure:
    trim_inlines(f->aux_inlines);
    if (!f->blocks.empty() || !f->aux_inlines.empty())
      add_block_to_parent(make_block(Figure{std::move(f->blocks), std::move(f->aux_inlines)},
                                     f->span, std::move(f->attr)));
    break;
  case Kind::caption:
    trim_inlines(f->inlines);
    if (parent.kind == Kind::figure) {
      for (auto& in : f->inlines)
        push_inline(parent.aux_inlines, std::move(in));
    } else if (parent.kind == Kind::table) {
      for (auto& in : f->inlines)
        push_inline(parent.table.caption, std::move(in));
    }
    break;
  case Kind::table: {
    Table& t = f->table;
    if (t.head.empty() && t.body.empty() && t.foot.empty()) break;
    std::size_t n = column_count(t);
    if (t.columns.size() < n) t.columns.resize(n);
    add_block_to_parent(make_block(std::move(t), f->span, std::move(f->attr)));
    break;
  }
  case Kind::table_section:
    if (parent.kind == Kind::table) {
      auto& dst = f->section == TableSection::head   ? parent.table.head
                  : f->section == TableSection::foot ? parent.table.foot
                                                     : parent.table.body;
      for (auto& r : f->rows)
        dst.push_back(std::move(r));
    }
    break;
  case Kind::row:
    if (parent.kind == Kind::table_section && !f->row.cells.empty())
      parent.rows.push_back(std::move(f->row));
    break;
  case Kind::cell:
    if (parent.kind == Kind::row) {
      f->cell.content = std::move(f->blocks);
      parent.row.cells.push_back(std::move(f->cell));
    }
    break;
  case Kind::inline_container: {
    bool empty = f->inlines.empty();
    InlineValue v;
    switch (f->inline_kind) {
    case InlineKind::emphasis:
      v = Emphasis{std::move(f->inlines)};
      break;
    case InlineKind::strong:
      v = Strong{std::move(f->inlines)};
      break;
    case InlineKind::underline:
      v = Underline{std::move(f->inlines)};
      break;
    case InlineKind::strikeout:
      v = Strikeout{std::move(f->inlines)};
      break;
    case InlineKind::superscript:
      v = Superscript{std::move(f->inlines)};
      break;
    case InlineKind::subscript:
      v = Subscript{std::move(f->inlines)};
      break;
    case InlineKind::span:
      v = Span{std::move(f->inlines)};
      break;
    }
    if (!empty || !f->attr.id.empty())
      push_inline(parent.inlines, make_inline(std::move(v), f->span, std::move(f->attr)));
    break;
  }
  case Kind::link:
    if (!f->inlines.empty() || !f->attr.id.empty())
      push_inline(parent.inlines,
                  make_inline(Link{std::move(f->inlines), std::move(f->url), std::move(f->title)},
                              f->span, std::move(f->attr)));
    break;
  case Kind::note:
    if (!f->blocks.empty())
      push_inline(parent.inlines, make_inline(Note{std::move(f->blocks)}, f->span));
    break;
  }
}

void DocumentBuilder::ensure_block_context() {
  // Close inline-holding frames (a Note holds blocks, so it stops the unwinding).
  while (holds_inlines(top().kind))
    pop_one();
  // Structural frames need an implicit child that holds blocks.
  for (;;) {
    Kind k = top().kind;
    if (holds_blocks(k)) return;
    SourceSpan span = top().span;
    if (k == Kind::list) {
      push(make_frame(Kind::list_item, span, {}, true));
    } else if (k == Kind::definition_list) {
      push(make_frame(Kind::definition, span, {}, true));
    } else if (k == Kind::table) {
      auto f = make_frame(Kind::table_section, span, {}, true);
      f->section = TableSection::body;
      push(std::move(f));
    } else if (k == Kind::table_section) {
      push(make_frame(Kind::row, span, {}, true));
    } else if (k == Kind::row) {
      push(make_frame(Kind::cell, span, {}, true));
    } else {
      pop_one(); // cannot happen: every kind is inline-holding, block-holding or structural
    }
  }
}

void DocumentBuilder::ensure_inline_context(const SourceSpan& span) {
  if (holds_inlines(top().kind)) return;
  ensure_block_context();
  push(make_frame(Kind::paragraph, span, {}, true));
}

void DocumentBuilder::add_inline(Inline node) {
  ensure_inline_context(node.span);
  push_inline(top().inlines, std::move(node));
}

void DocumentBuilder::add_block(Block node) {
  ensure_block_context();
  top().blocks.push_back(std::move(node));
}

// ---- leaf blocks

void DocumentBuilder::code_block(std::string language, std::string text, SourceSpan span,
                                 Attr attr) {
  add_block(make_block(CodeBlock{std::move(language), std::move(text)}, span, std::move(attr)));
}

void DocumentBuilder::thematic_break(SourceSpan span, Attr attr) {
  add_block(make_block(ThematicBreak{}, span, std::move(attr)));
}

void DocumentBuilder::raw_block(std::string format, std::string text, SourceSpan span) {
  add_block(make_block(RawBlock{std::move(format), std::move(text)}, span));
}

void DocumentBuilder::append_block(Block node) {
  add_block(std::move(node));
}

// ---- block containers

void DocumentBuilder::open_paragraph(SourceSpan span, Attr attr) {
  ensure_block_context();
  push(make_frame(Kind::paragraph, std::move(span), std::move(attr)));
}

void DocumentBuilder::open_heading(int level, SourceSpan span, Attr attr) {
  ensure_block_context();
  auto f = make_frame(Kind::heading, std::move(span), std::move(attr));
  f->level = std::clamp(level, 1, 6);
  push(std::move(f));
}

void DocumentBuilder::open_block_quote(SourceSpan span, Attr attr) {
  ensure_block_context();
  push(make_frame(Kind::block_quote, std::move(span), std::move(attr)));
}

void DocumentBuilder::open_attribution(SourceSpan span) {
  ensure_block_context();
  if (top().kind == Kind::block_quote) {
    push(make_frame(Kind::attribution, std::move(span), {}));
  } else {
    push(make_frame(Kind::paragraph, std::move(span), {}));
  }
}

void DocumentBuilder::open_list(const List& proto, SourceSpan span, Attr attr) {
  ensure_block_context();
  auto f = make_frame(Kind::list, std::move(span), std::move(attr));
  f->list.kind = proto.kind;
  f->list.start = proto.start;
  f->list.style = proto.style;
  f->list.reversed = proto.reversed;
  f->list.tight = proto.tight;
  push(std::move(f));
}

void DocumentBuilder::open_list_item(SourceSpan span, std::optional<bool> checked) {
  while (holds_inlines(top().kind))
    pop_one();
  while (top().kind == Kind::list_item && top().implicit)
    pop_one();
  if (top().kind != Kind::list) {
    ensure_block_context();
    push(make_frame(Kind::list, span, {}, true));
  }
  auto f = make_frame(Kind::list_item, std::move(span), {});
  f->checked = checked;
  push(std::move(f));
}

void DocumentBuilder::open_definition_list(SourceSpan span, Attr attr) {
  ensure_block_context();
  push(make_frame(Kind::definition_list, std::move(span), std::move(attr)));
}

void DocumentBuilder::open_term(SourceSpan span) {
  while (holds_inlines(top().kind))
    pop_one();
  while (top().kind == Kind::definition && top().implicit)
    pop_one();
  if (top().kind != Kind::definition_list) {
    ensure_block_context();
    push(make_frame(Kind::definition_list, span, {}, true));
  }
  push(make_frame(Kind::term, std::move(span), {}));
}

void DocumentBuilder::open_definition(SourceSpan span) {
  while (holds_inlines(top().kind))
    pop_one();
  while (top().kind == Kind::definition && top().implicit)
    pop_one();
  if (top().kind != Kind::definition_list) {
    ensure_block_context();
    push(make_frame(Kind::definition_list, span, {}, true));
  }
  push(make_frame(Kind::definition, std::move(span), {}));
}

void DocumentBuilder::open_div(SourceSpan span, Attr attr) {
  ensure_block_context();
  push(make_frame(Kind::div, std::move(span), std::move(attr)));
}

void DocumentBuilder::open_figure(SourceSpan span, Attr attr) {
  ensure_block_context();
  push(make_frame(Kind::figure, std::move(span), std::move(attr)));
}

void DocumentBuilder::open_caption(SourceSpan span) {
  while (holds_inlines(top().kind))
    pop_one();
  // A table caption may be opened while an implicit section/row/cell is on top.
  while (top().implicit && top().kind != Kind::paragraph &&
         (top().kind == Kind::table_section || top().kind == Kind::row || top().kind == Kind::cell))
    pop_one();
  if (top().kind == Kind::figure || top().kind == Kind::table) {
    push(make_frame(Kind::caption, std::move(span), {}));
  } else {
    ensure_block_context();
    push(make_frame(Kind::paragraph, std::move(span), {}));
  }
}

void DocumentBuilder::open_table(std::vector<ColumnSpec> columns, SourceSpan span, Attr attr) {
  ensure_block_context();
  auto f = make_frame(Kind::table, std::move(span), std::move(attr));
  f->table.columns = std::move(columns);
  push(std::move(f));
}

void DocumentBuilder::open_table_section(TableSection section) {
  while (holds_inlines(top().kind))
    pop_one();
  while (top().implicit &&
         (top().kind == Kind::table_section || top().kind == Kind::row || top().kind == Kind::cell))
    pop_one();
  if (top().kind != Kind::table) {
    ensure_block_context();
    push(make_frame(Kind::table, top().span, {}, true));
  }
  auto f = make_frame(Kind::table_section, top().span, {});
  f->section = section;
  push(std::move(f));
}

void DocumentBuilder::open_row(SourceSpan span) {
  while (holds_inlines(top().kind))
    pop_one();
  while (top().implicit && (top().kind == Kind::row || top().kind == Kind::cell))
    pop_one();
  if (top().kind == Kind::table) {
    auto f = make_frame(Kind::table_section, span, {}, true);
    f->section = TableSection::body;
    push(std::move(f));
  } else if (top().kind != Kind::table_section) {
    ensure_block_context();
    push(make_frame(Kind::table, span, {}, true));
    auto f = make_frame(Kind::table_section, span, {}, true);
    push(std::move(f));
  }
  push(make_frame(Kind::row, std::move(span), {}));
}

void DocumentBuilder::open_cell(SourceSpan span, bool header, Alignment align, int row_span,
                                int col_span) {
  while (holds_inlines(top().kind))
    pop_one();
  while (top().implicit && top().kind == Kind::cell)
    pop_one();
  if (top().kind != Kind::row) {
    if (top().kind == Kind::table || top().kind == Kind::table_section) {
      if (top().kind == Kind::table) {
        push(make_frame(Kind::table_section, span, {}, true));
      }
    } else {
      ensure_block_context();
      push(make_frame(Kind::table, span, {}, true));
      push(make_frame(Kind::table_section, span, {}, true));
    }
    push(make_frame(Kind::row, span, {}, true));
  }
  auto f = make_frame(Kind::cell, std::move(span), {});
  f->cell.header = header;
  f->cell.align = align;
  f->cell.row_span = std::max(1, row_span);
  f->cell.col_span = std::max(1, col_span);
  push(std::move(f));
}

// ---- inlines

void DocumentBuilder::text(std::string_view text, SourceSpan span) {
  if (text.empty()) return;
  if (!holds_inlines(top().kind) && all_space(text)) return;
  add_inline(make_inline(Text{std::string(text)}, span));
}

void DocumentBuilder::soft_break(SourceSpan span) {
  if (!holds_inlines(top().kind)) return;
  add_inline(make_inline(SoftBreak{}, span));
}

void DocumentBuilder::line_break(SourceSpan span) {
  if (!holds_inlines(top().kind)) return;
  add_inline(make_inline(LineBreak{}, span));
}

void DocumentBuilder::code(std::string text, SourceSpan span, Attr attr) {
  if (text.empty()) return;
  add_inline(make_inline(Code{std::move(text)}, span, std::move(attr)));
}

void DocumentBuilder::image(Image image, SourceSpan span, Attr attr) {
  add_inline(make_inline(std::move(image), span, std::move(attr)));
}

void DocumentBuilder::raw_inline(std::string format, std::string text, SourceSpan span) {
  add_inline(make_inline(RawInline{std::move(format), std::move(text)}, span));
}

void DocumentBuilder::append_inline(Inline node) {
  add_inline(std::move(node));
}

void DocumentBuilder::open_inline(InlineKind kind, SourceSpan span, Attr attr) {
  ensure_inline_context(span);
  auto f = make_frame(Kind::inline_container, std::move(span), std::move(attr));
  f->inline_kind = kind;
  push(std::move(f));
}

void DocumentBuilder::open_link(std::string url, std::string title, SourceSpan span, Attr attr) {
  ensure_inline_context(span);
  auto f = make_frame(Kind::link, std::move(span), std::move(attr));
  f->url = std::move(url);
  f->title = std::move(title);
  push(std::move(f));
}

void DocumentBuilder::open_note(SourceSpan span) {
  ensure_inline_context(span);
  push(make_frame(Kind::note, std::move(span), {}));
}

// ---- structure

void DocumentBuilder::close() {
  while (m_stack.size() > 1) {
    bool was_explicit = !top().implicit;
    pop_one();
    if (was_explicit) return;
  }
}

std::size_t DocumentBuilder::depth() const {
  return m_depth;
}

void DocumentBuilder::close_to(std::size_t d) {
  while (depth() > d)
    close();
}

void DocumentBuilder::end_implicit_paragraph() {
  while (m_stack.size() > 1 && top().implicit && holds_inlines(top().kind))
    pop_one();
}

bool DocumentBuilder::in_inline_context() const {
  return holds_inlines(m_stack.back()->kind);
}

Document DocumentBuilder::finish() {
  while (m_stack.size() > 1)
    pop_one();
  Document out = std::move(m_doc);
  out.blocks = std::move(m_stack.front()->blocks);
  m_stack.front()->blocks.clear();
  m_doc = Document{};
  m_depth = 0;
  return out;
}

} // namespace sheaf::model
