// Chunking: splitting a document's top-level blocks into files at headings, with the map
// that rewrites internal links "#id" into "chNNN.xhtml#id", and the table of contents.
#pragma once

#include "model/document.hpp"

#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace sheaf::transform {

/// One output file: the top-level blocks [begin, end) of the document.
struct Chunk {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::string title;     ///< text of the heading that opens it, else the document title
  std::string file_name; ///< "ch001.xhtml", "ch002.xhtml", …
  int level = 0;         ///< level of the opening heading, 0 when it does not open with one
};

/// One heading of the table of contents.
struct TocEntry {
  int level = 1;
  std::string title;
  std::string id;
  std::size_t chunk = 0;
};

/// The result of chunk_document().
struct Chunking {
  std::vector<Chunk> chunks;
  std::map<std::string, std::size_t> id_chunk; ///< every id of the document -> its chunk
  std::vector<TocEntry> toc; ///< headings at top level or inside top-level Divs, in order

  /// Target of an internal link "#id" seen from chunk `from`: "#id" within the same chunk,
  /// "chNNN.xhtml#id" across chunks, empty when no element has that id.
  std::string href_for(const std::string& id, std::size_t from) const;
};

/// File name of chunk `index` (0-based): "ch001.xhtml".
std::string chunk_file_name(std::size_t index);

/// Split `doc` before each top-level heading of level <= `split_level` (0: one chunk). A
/// heading does not split when everything before it in the current chunk is headings, so a
/// part title stays with its first chapter. A document without blocks has no chunks. Ids
/// should already be unique (assign_ids()).
Chunking chunk_document(const model::Document& doc, int split_level);

} // namespace sheaf::transform
