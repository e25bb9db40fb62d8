// The OCF container of an EPUB: a zip built in memory with libzip, `mimetype` first and
// stored, fixed timestamps and permissions so that the bytes are reproducible in any TZ.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sheaf::writers {

/// Collects entries, then produces the zip bytes. Entries keep the order they were added in.
class OcfArchive {
public:
  /// `epoch` is the modification time of every entry (clamped to the DOS range, 1980–2107).
  explicit OcfArchive(long long epoch) : m_epoch(epoch) {}

  /// Add an entry; `compress` chooses deflate (level 9) over store.
  void add(std::string name, std::string data, bool compress = true);

  /// The complete archive. Throws diag::Error(output, "epub-write-failed") on libzip errors.
  std::string finish() const;

  /// The time_t that libzip's localtime() conversion turns into the UTC broken-down time of
  /// `epoch`, so that the DOS date/time fields hold UTC whatever TZ is.
  static long long dos_time_for(long long epoch);

private:
  struct Entry {
    std::string name;
    std::string data;
    bool compress;
  };
  long long m_epoch;
  std::vector<Entry> m_entries;
};

/// One entry read back from zip bytes (for tests and tools).
struct ZipEntry {
  std::string name;
  std::string data;
  bool stored = false;
};

/// All entries of the zip in `bytes`, in central-directory order. Throws diag::Error(input,
/// "input-unreadable") when the bytes are not a readable zip.
std::vector<ZipEntry> read_zip(std::string_view bytes);

} // namespace sheaf::writers
