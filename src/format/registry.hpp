// The table of known formats: names, file extensions and factories for readers and writers.
#pragma once

#include "format/reader.hpp"
#include "format/writer.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sheaf::format {

/// Description of one registered format.
struct FormatInfo {
  std::string name; ///< "text", "html", "epub", …
  std::string description;
  std::vector<std::string> extensions; ///< lower-case, with the dot: ".txt"
};

/// Readers and writers by name. Filled once by register_builtin_formats(), then read-only.
class Registry {
public:
  using ReaderFactory = std::function<std::unique_ptr<Reader>()>;
  using WriterFactory = std::function<std::unique_ptr<Writer>()>;

  void add_reader(FormatInfo info, ReaderFactory make);
  void add_writer(FormatInfo info, WriterFactory make);

  /// The reader called `name`; throws diag::Error(usage, "unknown-format") if there is none.
  const Reader& reader(const std::string& name) const;
  /// The writer called `name`; throws diag::Error(usage, "unknown-format") if there is none.
  const Writer& writer(const std::string& name) const;

  /// Reader format for a path's extension (case-insensitive), if any.
  std::optional<std::string> reader_for_path(const std::string& path) const;
  /// Writer format for a path's extension, if any.
  std::optional<std::string> writer_for_path(const std::string& path) const;

  const std::vector<FormatInfo>& readers() const { return m_reader_info; }
  const std::vector<FormatInfo>& writers() const { return m_writer_info; }

private:
  std::vector<FormatInfo> m_reader_info;
  std::vector<FormatInfo> m_writer_info;
  std::vector<std::unique_ptr<Reader>> m_readers;
  std::vector<std::unique_ptr<Writer>> m_writers;
};

} // namespace sheaf::format
