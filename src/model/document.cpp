// Node helpers of the document model: attribute lookups, kind names and plain text.
#include "model/document.hpp"

#include "model/walk.hpp"

namespace sheaf::model {

bool Attr::has_class(std::string_view c) const {
  for (const auto& x : classes)
    if (x == c) return true;
  return false;
}

const std::string* Attr::get(std::string_view k) const {
  for (const auto& [key, value] : kv)
    if (key == k) return &value;
  return nullptr;
}

namespace {
template <class... Ts> struct Overloaded : Ts... { using Ts::operator()...; };
template <class... Ts> Overloaded(Ts...) -> Overloaded<Ts...>;
} // namespace

const char* kind_name(const BlockValue& v) {
  return std::visit(
      Overloaded{
          [](const Paragraph&) { return "Para"; },
          [](const Heading&) { return "Header"; },
          [](const BlockQuote&) { return "BlockQuote"; },
          [](const List& l) { return l.kind == ListKind::bullet ? "BulletList" : "OrderedList"; },
          [](const DefinitionList&) { return "DefinitionList"; },
          [](const CodeBlock&) { return "CodeBlock"; },
          [](const Figure&) { return "Figure"; },
          [](const Table&) { return "Table"; },
          [](const ThematicBreak&) { return "HorizontalRule"; },
          [](const Div&) { return "Div"; },
          [](const RawBlock&) { return "RawBlock"; },
      },
      v);
}

const char* kind_name(const InlineValue& v) {
  return std::visit(Overloaded{
                        [](const Text&) { return "Str"; },
                        [](const Emphasis&) { return "Emph"; },
                        [](const Strong&) { return "Strong"; },
                        [](const Underline&) { return "Underline"; },
                        [](const Strikeout&) { return "Strikeout"; },
                        [](const Superscript&) { return "Superscript"; },
                        [](const Subscript&) { return "Subscript"; },
                        [](const Code&) { return "Code"; },
                        [](const Link&) { return "Link"; },
                        [](const Image&) { return "Image"; },
                        [](const LineBreak&) { return "LineBreak"; },
                        [](const SoftBreak&) { return "SoftBreak"; },
                        [](const Note&) { return "Note"; },
                        [](const Span&) { return "Span"; },
                        [](const RawInline&) { return "RawInline"; },
                    },
                    v);
}

namespace {
void append_plain(const Inlines& inlines, std::string& out) {
  for (const auto& in : inlines) {
    std::visit(Overloaded{
                   [&](const Text& t) { out += t.text; },
                   [&](const Code& c) { out += c.text; },
                   [&](const Image& i) { out += i.alt; },
                   [&](const LineBreak&) { out += ' '; },
                   [&](const SoftBreak&) { out += ' '; },
                   [&](const Note&) {},
                   [&](const RawInline&) {},
                   [&](const auto& container) { append_plain(container.content, out); },
               },
               in.value);
  }
}
} // namespace

std::string plain_text(const Inlines& inlines) {
  std::string out;
  append_plain(inlines, out);
  return out;
}

std::string plain_text(const Blocks& blocks) {
  std::string out;
  auto line = [&](const Inlines& in) {
    std::string t = plain_text(in);
    if (t.empty()) return;
    out += t;
    out += '\n';
  };
  walk(
      blocks,
      [&](const Block& b) {
        std::visit(Overloaded{
                       [&](const Paragraph& p) { line(p.content); },
                       [&](const Heading& h) { line(h.content); },
                       [&](const CodeBlock& c) {
                         out += c.text;
                         out += '\n';
                       },
                       [&](const Figure& f) { line(f.caption); },
                       [&](const Table& t) { line(t.caption); },
                       [&](const DefinitionList& d) {
                         for (const auto& item : d.items)
                           line(item.term);
                       },
                       [&](const BlockQuote& q) { line(q.attribution); },
                       [&](const auto&) {},
                   },
                   b.value);
      },
      [](const Inline&) {});
  return out;
}

} // namespace sheaf::model
