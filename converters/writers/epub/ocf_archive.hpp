// The OCF container of an EPUB: a zip built in memory with libzip, `mimetype` first and
// stored, fixed timestamps and permissions so that the bytes are reproducible in any TZ.
// Large entries are deflated on a worker thread as soon as they are added (the same zlib
// parameters as libzip's, so the bytes do not change) and handed to libzip precompressed.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace sheaf::writers {

/// Collects entries, then produces the zip bytes. Entries keep the order they were added in.
class OcfArchive {
public:
  /// Entries to deflate at least this big are deflated in parallel (smaller ones by libzip).
  static constexpr std::size_t parallel_min = 16 * 1024;

  /// `epoch` is the modification time of every entry (clamped to the DOS range, 1980–2107).
  explicit OcfArchive(long long epoch);
  ~OcfArchive();
  OcfArchive(const OcfArchive&) = delete;
  OcfArchive& operator=(const OcfArchive&) = delete;

  /// Add an entry; `compress` chooses deflate over store. Returns its index (for set_data()).
  std::size_t add(std::string name, std::string data, bool compress = true);
  /// Replace the data of entry `index` (added as a placeholder to keep the entry order).
  void set_data(std::size_t index, std::string data);
  /// The data of entry `index`.
  const std::string& data(std::size_t index) const;

  /// The complete archive. Throws diag::Error(output, "epub-write-failed") on libzip errors.
  std::string finish();

  /// The time_t that libzip's localtime() conversion turns into the UTC broken-down time of
  /// `epoch`, so that the DOS date/time fields hold UTC whatever TZ is.
  static long long dos_time_for(long long epoch);

  /// Raw deflate (no zlib header) of `data` with the parameters libzip uses for our entries
  /// (level 5, 15-bit window, memory level 9). Empty on a zlib error.
  static std::string deflate_raw(std::string_view data);

private:
  struct Entry;
  class Deflater;
  long long m_epoch;
  std::vector<std::unique_ptr<Entry>> m_entries; // stable addresses for the worker
  std::unique_ptr<Deflater> m_deflater;          // started on the first large entry
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
