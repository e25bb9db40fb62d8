// Chunking of a document into files at headings, id -> file map and table of contents.
#include "transform/chunk.hpp"

#include "model/walk.hpp"
#include "util/utf8.hpp"

#include <cstdio>
#include <functional>

namespace sheaf::transform {
namespace {

std::string heading_title(const model::Heading& h) {
  return util::collapse_whitespace(model::plain_text(h.content));
}

/// Headings of `b` for the table of contents: the block itself or, for a Div, its content.
void collect_toc(const model::Block& b, std::size_t chunk, std::vector<TocEntry>& toc) {
  if (const auto* h = std::get_if<model::Heading>(&b.value)) {
    std::string title = heading_title(*h);
    if (!b.attr.id.empty() && !title.empty())
      toc.push_back({h->level, std::move(title), b.attr.id, chunk});
  } else if (const auto* d = std::get_if<model::Div>(&b.value)) {
    for (const auto& inner : d->content)
      collect_toc(inner, chunk, toc);
  }
}

} // namespace

std::string chunk_file_name(std::size_t index) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "ch%03zu.xhtml", index + 1);
  return buf;
}

std::string Chunking::href_for(const std::string& id, std::size_t from) const {
  auto it = id_chunk.find(id);
  if (it == id_chunk.end()) return {};
  if (it->second == from) return "#" + id;
  return chunks[it->second].file_name + "#" + id;
}

Chunking chunk_document(const model::Document& doc, int split_level) {
  Chunking out;
  const model::Blocks& blocks = doc.blocks;
  bool only_headings = true; // the current chunk holds nothing but headings so far
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    const auto* h = std::get_if<model::Heading>(&blocks[i].value);
    bool splits = h && h->level <= split_level;
    if (out.chunks.empty() || (splits && !only_headings)) {
      Chunk c;
      c.begin = i;
      c.file_name = chunk_file_name(out.chunks.size());
      if (h) {
        c.title = heading_title(*h);
        c.level = h->level;
      }
      out.chunks.push_back(std::move(c));
      only_headings = true;
    }
    out.chunks.back().end = i + 1;
    if (!h) only_headings = false;
  }
  for (std::size_t c = 0; c < out.chunks.size(); ++c) {
    auto& chunk = out.chunks[c];
    if (chunk.title.empty()) chunk.title = !doc.meta.title.empty() ? doc.meta.title : "Text";
  }

  // Every id, mapped to the chunk of the top-level block it sits in. walk() is pre-order, so
  // a top-level block is met before anything inside it.
  std::size_t current = 0;
  std::size_t chunk_index = 0;
  const model::Block* first = blocks.empty() ? nullptr : blocks.data();
  const model::Block* last = blocks.empty() ? nullptr : blocks.data() + blocks.size();
  auto note_id = [&](const std::string& id) {
    if (!id.empty()) out.id_chunk.emplace(id, chunk_index);
  };
  model::walk(
      blocks,
      [&](const model::Block& b) {
        if (std::greater_equal<const model::Block*>()(&b, first) &&
            std::less<const model::Block*>()(&b, last)) {
          current = static_cast<std::size_t>(&b - first);
          while (chunk_index + 1 < out.chunks.size() && out.chunks[chunk_index].end <= current)
            ++chunk_index;
        }
        note_id(b.attr.id);
      },
      [&](const model::Inline& i) { note_id(i.attr.id); });

  for (std::size_t c = 0; c < out.chunks.size(); ++c) {
    const auto& chunk = out.chunks[c];
    for (std::size_t i = chunk.begin; i < chunk.end; ++i)
      collect_toc(blocks[i], c, out.toc);
  }
  return out;
}

} // namespace sheaf::transform
