// libzip in memory: a buffer source opened as an archive, entries added from copies of our
// strings (freed by libzip) or as precompressed data, then the buffer read back after
// zip_close(). Precompression runs on worker threads fed by add().
#include "writers/epub/ocf_archive.hpp"

#include "diag/error.hpp"

#include <algorithm>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <zip.h>
#include <zlib.h>

namespace sheaf::writers {
namespace {

/// zlib level for deflated entries. Measured on a 5.5 MB book (XHTML): level 9 gives 1,552 KB in
/// 0.30 s, level 5 gives 1,571 KB (+1.2%) in 0.15 s, level 1 1,792 KB in 0.11 s.
constexpr int k_deflate_level = 5;
/// libzip 1.7's deflate parameters (zip_algorithm_deflate.c): raw deflate, 32 KB window,
/// MAX_MEM_LEVEL, default strategy.
constexpr int k_window_bits = -MAX_WBITS;
constexpr int k_mem_level = MAX_MEM_LEVEL;

[[noreturn]] void fail(const std::string& what, zip_error_t* err) {
  std::string msg = "while packaging the EPUB: " + what;
  if (err) msg += ": " + std::string(zip_error_strerror(err));
  throw diag::Error(diag::ErrorKind::output, "epub-write-failed", msg);
}

struct SourceCloser {
  void operator()(zip_source_t* s) const { zip_source_free(s); }
};
using SourcePtr = std::unique_ptr<zip_source_t, SourceCloser>;

/// Read the whole content of a source that has been written to.
std::string read_source(zip_source_t* src) {
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_source_stat(src, &st) < 0 || !(st.valid & ZIP_STAT_SIZE))
    fail("cannot read the archive size", zip_source_error(src));
  if (zip_source_open(src) < 0) fail("cannot reopen the archive", zip_source_error(src));
  std::string out(static_cast<std::size_t>(st.size), '\0');
  zip_int64_t n = out.empty() ? 0 : zip_source_read(src, out.data(), st.size);
  zip_source_close(src);
  if (n < 0 || static_cast<zip_uint64_t>(n) != st.size)
    fail("cannot read the archive back", zip_source_error(src));
  return out;
}

} // namespace

long long OcfArchive::dos_time_for(long long epoch) {
  // DOS time covers 1980-01-01 .. 2107-12-31 (local fields); stay well inside it
  const long long min_epoch = 315532800;  // 1980-01-01T00:00:00Z
  const long long max_epoch = 4102444799; // 2099-12-31T23:59:59Z
  if (epoch < min_epoch) epoch = min_epoch;
  if (epoch > max_epoch) epoch = max_epoch;
  std::time_t t = static_cast<std::time_t>(epoch);
  std::tm utc{};
  gmtime_r(&t, &utc);
  std::tm local = utc;
  local.tm_isdst = -1;
  // A wanted time inside a DST gap does not exist locally; mktime() then moves it by the gap
  // (only reachable for SOURCE_DATE_EPOCHs at a transition hour).
  std::time_t mapped = std::mktime(&local);
  return static_cast<long long>(mapped);
}

/// One entry. `deflated` is filled by a worker when `queued`; `done` says it is finished.
struct OcfArchive::Entry {
  std::string name;
  std::string data;
  bool compress = true;
  bool queued = false;
  bool done = false;
  std::string deflated; ///< raw deflate of data, or empty (libzip compresses it then)
  std::uint32_t crc = 0;
};

/// Worker threads deflating queued entries; finish() helps with what is left, then waits.
class OcfArchive::Deflater {
public:
  Deflater() {
    unsigned hw = std::thread::hardware_concurrency();
    unsigned n = hw > 2 ? std::min(hw - 1, 3u) : 1u;
    for (unsigned i = 0; i < n; ++i)
      m_threads.emplace_back([this] { run(); });
  }
  ~Deflater() {
    {
      std::lock_guard<std::mutex> lock(m_mutex);
      m_stop = true;
    }
    m_wake.notify_all();
    for (auto& t : m_threads)
      t.join();
  }

  void push(Entry* e) {
    {
      std::lock_guard<std::mutex> lock(m_mutex);
      e->queued = true;
      m_queue.push_back(e);
    }
    m_wake.notify_one();
  }

  /// Deflates what is still queued on this thread too, then waits for all entries.
  void drain() {
    while (Entry* e = pop(false))
      work(e);
    std::unique_lock<std::mutex> lock(m_mutex);
    m_idle.wait(lock, [this] { return m_queue.empty() && m_busy == 0; });
  }

private:
  /// Next queued entry; when `wait`, blocks until there is one or the deflater stops.
  Entry* pop(bool wait) {
    std::unique_lock<std::mutex> lock(m_mutex);
    if (wait) m_wake.wait(lock, [this] { return m_stop || !m_queue.empty(); });
    if (m_queue.empty()) return nullptr;
    Entry* e = m_queue.front();
    m_queue.pop_front();
    ++m_busy;
    return e;
  }

  void work(Entry* e) {
    std::string out;
    try {
      out = deflate_raw(e->data);
    } catch (...) { // out of memory: libzip compresses the entry itself
      out.clear();
    }
    // Stored instead when deflate does not help (libzip would then pick STORE as well).
    if (out.size() >= e->data.size()) out.clear();
    const auto crc = static_cast<std::uint32_t>(crc32_z(
        crc32_z(0, nullptr, 0), reinterpret_cast<const Bytef*>(e->data.data()), e->data.size()));
    {
      std::lock_guard<std::mutex> lock(m_mutex);
      e->deflated = std::move(out);
      e->crc = crc;
      e->done = true;
      --m_busy;
    }
    m_idle.notify_all();
  }

  void run() {
    while (Entry* e = pop(true))
      work(e);
  }

  std::mutex m_mutex;
  std::condition_variable m_wake, m_idle;
  std::deque<Entry*> m_queue;
  int m_busy = 0;
  bool m_stop = false;
  std::vector<std::thread> m_threads;
};

namespace {

/// A libzip source for data we deflated ourselves: stat() reports it as deflated with its
/// size and CRC, so zip_close() copies the bytes as they are; the file attributes are those
/// libzip's own deflate layer reports (version 2.0 needed, no level bits for level 5).
struct PrecompressedSource {
  const std::string* deflated;
  std::uint64_t size;
  std::uint32_t crc;
  std::size_t pos = 0;
  zip_error_t error;

  static zip_int64_t callback(void* ud, void* data, zip_uint64_t len, zip_source_cmd_t cmd) {
    auto* self = static_cast<PrecompressedSource*>(ud);
    switch (cmd) {
    case ZIP_SOURCE_OPEN:
      self->pos = 0;
      return 0;
    case ZIP_SOURCE_READ: {
      std::size_t n =
          std::min<std::size_t>(static_cast<std::size_t>(len), self->deflated->size() - self->pos);
      std::memcpy(data, self->deflated->data() + self->pos, n);
      self->pos += n;
      return static_cast<zip_int64_t>(n);
    }
    case ZIP_SOURCE_CLOSE:
      return 0;
    case ZIP_SOURCE_STAT: {
      auto* st = ZIP_SOURCE_GET_ARGS(zip_stat_t, data, len, &self->error);
      if (!st) return -1;
      zip_stat_init(st);
      st->valid = ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_CRC | ZIP_STAT_COMP_METHOD |
                  ZIP_STAT_ENCRYPTION_METHOD;
      st->size = self->size;
      st->comp_size = self->deflated->size();
      st->crc = self->crc;
      st->comp_method = ZIP_CM_DEFLATE;
      st->encryption_method = ZIP_EM_NONE;
      return sizeof(*st);
    }
    case ZIP_SOURCE_GET_FILE_ATTRIBUTES: {
      auto* at = ZIP_SOURCE_GET_ARGS(zip_file_attributes_t, data, len, &self->error);
      if (!at) return -1;
      at->valid |= ZIP_FILE_ATTRIBUTES_VERSION_NEEDED;
      at->version_needed = 20;
      return sizeof(*at);
    }
    case ZIP_SOURCE_ERROR:
      return zip_error_to_data(&self->error, data, len);
    case ZIP_SOURCE_FREE:
      zip_error_fini(&self->error);
      delete self;
      return 0;
    case ZIP_SOURCE_SUPPORTS:
      return zip_source_make_command_bitmap(
          ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR,
          ZIP_SOURCE_FREE, ZIP_SOURCE_SUPPORTS, ZIP_SOURCE_GET_FILE_ATTRIBUTES, -1);
    default:
      zip_error_set(&self->error, ZIP_ER_OPNOTSUPP, 0);
      return -1;
    }
  }
};

} // namespace

OcfArchive::OcfArchive(long long epoch) : m_epoch(epoch) {}

OcfArchive::~OcfArchive() = default; // the deflater (if any) joins its threads first

std::string OcfArchive::deflate_raw(std::string_view data) {
  z_stream z{};
  if (deflateInit2(&z, k_deflate_level, Z_DEFLATED, k_window_bits, k_mem_level,
                   Z_DEFAULT_STRATEGY) != Z_OK)
    return {};
  std::string out(deflateBound(&z, static_cast<uLong>(data.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  int ret = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  if (ret != Z_STREAM_END) return {};
  return out;
}

std::size_t OcfArchive::add(std::string name, std::string data, bool compress) {
  m_entries.push_back(std::make_unique<Entry>());
  Entry& e = *m_entries.back();
  e.name = std::move(name);
  e.compress = compress;
  set_data(m_entries.size() - 1, std::move(data));
  return m_entries.size() - 1;
}

void OcfArchive::set_data(std::size_t index, std::string data) {
  Entry& e = *m_entries.at(index);
  if (e.queued) { // already being deflated: wait for it, then start again
    m_deflater->drain();
    e.queued = e.done = false;
    e.deflated.clear();
  }
  e.data = std::move(data);
  // deflate_raw takes one uInt length: stay far from 4 GB (libzip streams bigger entries).
  if (e.compress && e.data.size() >= parallel_min && e.data.size() < (std::size_t{1} << 30)) {
    if (!m_deflater) m_deflater = std::make_unique<Deflater>();
    m_deflater->push(&e);
  }
}

const std::string& OcfArchive::data(std::size_t index) const {
  return m_entries.at(index)->data;
}

std::string OcfArchive::finish() {
  if (m_deflater) m_deflater->drain();
  zip_error_t err;
  zip_error_init(&err);
  SourcePtr buffer(zip_source_buffer_create(nullptr, 0, 0, &err));
  if (!buffer) fail("cannot create a buffer", &err);
  zip_t* archive = zip_open_from_source(buffer.get(), ZIP_TRUNCATE, &err);
  if (!archive) fail("cannot open the buffer as an archive", &err);
  zip_source_keep(buffer.get()); // the archive releases its reference on close

  const auto mtime = static_cast<std::time_t>(dos_time_for(m_epoch));
  for (const auto& entry : m_entries) {
    const Entry& e = *entry;
    const bool precompressed = e.done && !e.deflated.empty();
    zip_source_t* src = nullptr;
    if (precompressed) {
      auto* ps = new PrecompressedSource{&e.deflated, e.data.size(), e.crc, 0, {}};
      zip_error_init(&ps->error);
      src = zip_source_function(archive, &PrecompressedSource::callback, ps);
      if (!src) {
        zip_error_fini(&ps->error);
        delete ps;
      }
    } else {
      void* copy = std::malloc(e.data.empty() ? 1 : e.data.size());
      if (!copy) {
        zip_discard(archive);
        fail("out of memory", nullptr);
      }
      if (!e.data.empty()) std::memcpy(copy, e.data.data(), e.data.size());
      src = zip_source_buffer(archive, copy, e.data.size(), 1);
      if (!src) std::free(copy);
    }
    if (!src) {
      std::string what = "cannot add " + e.name;
      zip_error_t* ze = zip_get_error(archive);
      std::string msg = zip_error_strerror(ze);
      zip_discard(archive);
      throw diag::Error(diag::ErrorKind::output, "epub-write-failed",
                        "while packaging the EPUB: " + what + ": " + msg);
    }
    zip_int64_t idx = zip_file_add(archive, e.name.c_str(), src, ZIP_FL_ENC_UTF_8);
    if (idx < 0) {
      zip_source_free(src);
      std::string msg = zip_error_strerror(zip_get_error(archive));
      zip_discard(archive);
      throw diag::Error(diag::ErrorKind::output, "epub-write-failed",
                        "while packaging the EPUB: cannot add " + e.name + ": " + msg);
    }
    auto index = static_cast<zip_uint64_t>(idx);
    bool ok =
        zip_set_file_compression(archive, index, e.compress ? ZIP_CM_DEFLATE : ZIP_CM_STORE,
                                 e.compress ? k_deflate_level : 0) == 0 &&
        zip_file_set_mtime(archive, index, mtime, 0) == 0 &&
        zip_file_set_external_attributes(archive, index, 0, ZIP_OPSYS_UNIX, 0100644u << 16) == 0;
    if (!ok) {
      std::string msg = zip_error_strerror(zip_get_error(archive));
      zip_discard(archive);
      throw diag::Error(diag::ErrorKind::output, "epub-write-failed",
                        "while packaging the EPUB: cannot set up " + e.name + ": " + msg);
    }
  }
  if (zip_close(archive) < 0) {
    std::string msg = zip_error_strerror(zip_get_error(archive));
    zip_discard(archive);
    throw diag::Error(diag::ErrorKind::output, "epub-write-failed",
                      "while packaging the EPUB: " + msg);
  }
  return read_source(buffer.get());
}

std::vector<ZipEntry> read_zip(std::string_view bytes) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err);
  if (!src)
    throw diag::Error(diag::ErrorKind::input, "input-unreadable",
                      std::string("cannot read zip: ") + zip_error_strerror(&err));
  zip_t* archive = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &err);
  if (!archive) {
    zip_source_free(src);
    throw diag::Error(diag::ErrorKind::input, "input-unreadable",
                      std::string("cannot read zip: ") + zip_error_strerror(&err));
  }
  std::vector<ZipEntry> out;
  zip_int64_t count = zip_get_num_entries(archive, 0);
  for (zip_int64_t i = 0; i < count; ++i) {
    zip_stat_t st;
    auto index = static_cast<zip_uint64_t>(i);
    if (zip_stat_index(archive, index, 0, &st) < 0) continue;
    ZipEntry e;
    e.name = st.name;
    e.stored = st.comp_method == ZIP_CM_STORE;
    zip_file_t* f = zip_fopen_index(archive, index, 0);
    if (f) {
      e.data.resize(static_cast<std::size_t>(st.size));
      zip_int64_t n = e.data.empty() ? 0 : zip_fread(f, e.data.data(), st.size);
      zip_fclose(f);
      if (n < 0) e.data.clear();
    }
    out.push_back(std::move(e));
  }
  zip_close(archive);
  return out;
}

} // namespace sheaf::writers
