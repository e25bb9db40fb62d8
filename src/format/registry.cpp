// Format lookup by name and by file extension.
#include "format/registry.hpp"

#include "diag/error.hpp"
#include "util/paths.hpp"

namespace sheaf::format {
namespace {
std::string names_of(const std::vector<FormatInfo>& infos) {
  std::string s;
  for (const auto& i : infos)
    s += (s.empty() ? "" : ", ") + i.name;
  return s;
}

std::optional<std::string> by_extension(const std::vector<FormatInfo>& infos,
                                        const std::string& path) {
  std::string ext = util::lower_extension(path);
  if (ext.empty()) return std::nullopt;
  for (const auto& i : infos)
    for (const auto& e : i.extensions)
      if (e == ext) return i.name;
  return std::nullopt;
}
} // namespace

void Registry::add_reader(FormatInfo info, ReaderFactory make) {
  m_reader_info.push_back(std::move(info));
  m_readers.push_back(make());
}

void Registry::add_writer(FormatInfo info, WriterFactory make) {
  m_writer_info.push_back(std::move(info));
  m_writers.push_back(make());
}

const Reader& Registry::reader(const std::string& name) const {
  for (std::size_t i = 0; i < m_reader_info.size(); ++i)
    if (m_reader_info[i].name == name) return *m_readers[i];
  throw diag::Error(diag::ErrorKind::usage, "unknown-format",
                    "unknown input format '" + name + "' (known: " + names_of(m_reader_info) + ")");
}

const Writer& Registry::writer(const std::string& name) const {
  for (std::size_t i = 0; i < m_writer_info.size(); ++i)
    if (m_writer_info[i].name == name) return *m_writers[i];
  throw diag::Error(diag::ErrorKind::usage, "unknown-format",
                    "unknown output format '" + name + "' (known: " + names_of(m_writer_info) +
                        ")");
}

std::optional<std::string> Registry::reader_for_path(const std::string& path) const {
  return by_extension(m_reader_info, path);
}

std::optional<std::string> Registry::writer_for_path(const std::string& path) const {
  return by_extension(m_writer_info, path);
}

} // namespace sheaf::format
