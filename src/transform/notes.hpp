// Footnote numbering: notes are numbered 1, 2, … in reading order, the order in which the
// writers emit them (captions of tables first, attributions and figure captions last).
#pragma once

#include "model/document.hpp"

#include <type_traits>
#include <unordered_map>
#include <vector>

namespace sheaf::transform {

/// The numbers of the notes of one tree. Pointers refer into the tree passed to
/// number_notes(), which must outlive this object and stay unchanged.
struct NoteNumbering {
  /// notes[i] has number i + 1. A note inside a note follows its outer note.
  std::vector<const model::Note*> notes;
  std::unordered_map<const model::Note*, int> numbers;

  /// Number of `note`, or 0 if it is not part of the numbered tree.
  int number_of(const model::Note& note) const {
    auto it = numbers.find(&note);
    return it == numbers.end() ? 0 : it->second;
  }
};

/// Number the notes of `blocks` in reading order.
NoteNumbering number_notes(const model::Blocks& blocks);

} // namespace sheaf::transform
