// The document model: closed variants of blocks and inlines shared by every reader and writer.
// Nodes are values; each carries a SourceSpan, blocks and inlines carry an Attr.
#pragma once

#include "model/metadata.hpp"
#include "model/resource_store.hpp"
#include "model/source_span.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace sheaf::model {

/// Identifier, classes and free key/value attributes of a node (pandoc's Attr).
struct Attr {
  std::string id;
  std::vector<std::string> classes;
  std::vector<std::pair<std::string, std::string>> kv;

  bool empty() const { return id.empty() && classes.empty() && kv.empty(); }
  bool has_class(std::string_view c) const;
  /// Value of key `k`, or nullptr.
  const std::string* get(std::string_view k) const;
};

struct Inline;
struct Block;
using Inlines = std::vector<Inline>;
using Blocks = std::vector<Block>;

// ---- Inlines ---------------------------------------------------------------------------------

/// A run of text, spaces included; adjacent runs are merged by the builder.
struct Text {
  std::string text;
};
struct Emphasis {
  Inlines content;
};
struct Strong {
  Inlines content;
};
struct Underline {
  Inlines content;
};
struct Strikeout {
  Inlines content;
};
struct Superscript {
  Inlines content;
};
struct Subscript {
  Inlines content;
};
/// Inline code, kbd and samp (the kind is kept as a class on the Inline's Attr).
struct Code {
  std::string text;
};
struct Link {
  Inlines content;
  std::string url; ///< absolute URL, or "#id" for an internal target
  std::string title;
};
struct Image {
  std::string url;      ///< the source as written (relative path, URL, data: URI)
  std::string resource; ///< id in the ResourceStore when the image was loaded, else empty
  std::string alt;
  std::string title;
  int width = 0; ///< intrinsic or declared width in CSS px (0 = unknown)
  int height = 0;
};
struct LineBreak {};
/// A newline in the source that is not a hard break (rendered as a space).
struct SoftBreak {};
/// A footnote; its content lives at the reference point, so it cannot dangle.
struct Note {
  Blocks content;
};
/// Generic inline container (mark, small, abbr, time… are Spans with a class).
struct Span {
  Inlines content;
};
struct RawInline {
  std::string format;
  std::string text;
};

using InlineValue =
    std::variant<Text, Emphasis, Strong, Underline, Strikeout, Superscript, Subscript, Code, Link,
                 Image, LineBreak, SoftBreak, Note, Span, RawInline>;

/// One inline node: the variant plus its attributes and source position.
struct Inline {
  InlineValue value;
  Attr attr;
  SourceSpan span;
};

// ---- Blocks ----------------------------------------------------------------------------------

struct Paragraph {
  Inlines content;
};
struct Heading {
  int level = 1; ///< 1..6
  Inlines content;
};
struct BlockQuote {
  Blocks content;
  Inlines attribution; ///< cite/footer text, may be empty
};
enum class ListKind { bullet, ordered };
enum class NumberStyle { decimal, lower_alpha, upper_alpha, lower_roman, upper_roman };
struct ListItem {
  Blocks content;
  std::optional<bool> checked; ///< task-list state, when the item is a task
};
struct List {
  ListKind kind = ListKind::bullet;
  int start = 1;
  NumberStyle style = NumberStyle::decimal;
  bool reversed = false;
  bool tight = true;
  std::vector<ListItem> items;
};
struct DefinitionItem {
  Inlines term;
  std::vector<Blocks> definitions;
};
struct DefinitionList {
  std::vector<DefinitionItem> items;
};
struct CodeBlock {
  std::string language;
  std::string text; ///< verbatim, no trailing newline
};
struct Figure {
  Blocks content;
  Inlines caption;
};
enum class Alignment { default_, left, center, right };
struct TableCell {
  Blocks content;
  Alignment align = Alignment::default_;
  int row_span = 1;
  int col_span = 1;
  bool header = false;
};
struct TableRow {
  std::vector<TableCell> cells;
};
struct ColumnSpec {
  Alignment align = Alignment::default_;
  double width = 0; ///< fraction of the text width, 0 = automatic
};
struct Table {
  std::vector<ColumnSpec> columns;
  std::vector<TableRow> head;
  std::vector<TableRow> body;
  std::vector<TableRow> foot;
  Inlines caption;
};
struct ThematicBreak {};
struct Div {
  Blocks content;
};
struct RawBlock {
  std::string format;
  std::string text;
};

using BlockValue = std::variant<Paragraph, Heading, BlockQuote, List, DefinitionList, CodeBlock,
                                Figure, Table, ThematicBreak, Div, RawBlock>;

/// One block node: the variant plus its attributes and source position.
struct Block {
  BlockValue value;
  Attr attr;
  SourceSpan span;
};

/// A whole article or book: metadata, content and the resources it refers to.
struct Document {
  Metadata meta;
  Blocks blocks;
  ResourceStore resources;
};

/// Name of the node kind as used in the native dump ("Paragraph", "Emph", …).
const char* kind_name(const BlockValue& v);
const char* kind_name(const InlineValue& v);

/// Concatenated plain text of inlines (notes excluded, breaks as spaces).
std::string plain_text(const Inlines& inlines);
/// Plain text of blocks, one paragraph per line.
std::string plain_text(const Blocks& blocks);

} // namespace sheaf::model
