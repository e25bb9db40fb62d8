// Publication metadata gathered by readers and overridden from the command line.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace sheaf::model {

/// Descriptive metadata of a document. Empty strings mean "unknown".
struct Metadata {
  std::string title;
  std::string subtitle;
  std::vector<std::string> authors;
  std::string language; ///< BCP 47
  std::string date;     ///< ISO 8601 (YYYY, YYYY-MM-DD or a full timestamp)
  std::string identifier;
  std::string publisher;
  std::string description;
  std::string source_url;
  std::string site_name;
  std::string cover_image; ///< resource id in the document's ResourceStore
  std::vector<std::string> keywords;
  std::map<std::string, std::string> extra;

  /// Copy every non-empty field of `over` onto this (command-line metadata wins).
  void merge_from(const Metadata& over);
};

} // namespace sheaf::model
