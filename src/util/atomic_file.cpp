// Atomic output: write a temp file beside the target, fsync, rename over the target. Pending
// temp paths live in a fixed table that a signal handler can walk with unlink() only; creating
// and renaming temps is serialised so an interrupting thread can freeze both and clean up.
#include "util/atomic_file.hpp"

#include "diag/error.hpp"

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <mutex>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

namespace sheaf::util {

namespace fs = std::filesystem;

namespace {

/// One slot of the pending-temp table. state: 0 free, 1 being filled, 2 pending.
struct PendingSlot {
  std::atomic<int> state{0};
  char path[4096];
};

static_assert(std::atomic<int>::is_always_lock_free, "signal handlers need lock-free atomics");

constexpr int k_slot_count = 64;
PendingSlot g_pending[k_slot_count];

/// Held while a temp file is created and registered, and while one is renamed into place:
/// whoever holds it sees a complete table and no temp can appear or turn into an output.
std::mutex g_create_rename;

/// Claim a slot for `path` (lock-free, so registration never blocks a signal handler);
/// returns -1 when the table is full or the path is too long (then it is simply not tracked).
int register_pending(const std::string& path) {
  if (path.size() >= sizeof(PendingSlot::path)) return -1;
  for (int i = 0; i < k_slot_count; ++i) {
    int expected = 0;
    if (g_pending[i].state.compare_exchange_strong(expected, 1, std::memory_order_acquire)) {
      std::memcpy(g_pending[i].path, path.c_str(), path.size() + 1);
      g_pending[i].state.store(2, std::memory_order_release);
      return i;
    }
  }
  return -1;
}

void unregister_pending(int slot) {
  if (slot >= 0) g_pending[slot].state.store(0, std::memory_order_release);
}

/// The process umask, read without changing it (Linux /proc), else via umask() twice.
mode_t current_umask() {
  if (std::FILE* f = std::fopen("/proc/self/status", "r")) {
    char line[256];
    while (std::fgets(line, sizeof line, f)) {
      unsigned mask = 0;
      if (std::sscanf(line, "Umask: %o", &mask) == 1) {
        std::fclose(f);
        return static_cast<mode_t>(mask);
      }
    }
    std::fclose(f);
  }
  const mode_t old = ::umask(022);
  ::umask(old);
  return old;
}

[[noreturn]] void fail(const fs::path& path, const char* what, int err) {
  std::string message = "cannot write " + path.string() + ": " + what;
  if (err) message += std::string(": ") + std::strerror(err);
  throw diag::Error(diag::ErrorKind::output, "output-unwritable", std::move(message),
                    diag::SourceLocation{path.string(), 0, 0});
}

/// Removes the temp file and its registration unless released.
class TempGuard {
public:
  TempGuard(std::string path, int slot) : m_path(std::move(path)), m_slot(slot) {}
  ~TempGuard() {
    if (m_fd >= 0) ::close(m_fd);
    if (!m_committed) ::unlink(m_path.c_str());
    unregister_pending(m_slot);
  }
  TempGuard(const TempGuard&) = delete;
  TempGuard& operator=(const TempGuard&) = delete;

  void set_fd(int fd) { m_fd = fd; }
  /// Close the descriptor, reporting the close error.
  int close_fd() {
    const int rc = ::close(m_fd);
    m_fd = -1;
    return rc;
  }
  void commit() { m_committed = true; }
  /// Hand over the registration (so it can be dropped while the caller holds the lock).
  int release_slot() { return std::exchange(m_slot, -1); }

private:
  std::string m_path;
  int m_slot;
  int m_fd = -1;
  bool m_committed = false;
};

} // namespace

namespace {
/// Write everything to an already open descriptor.
void write_all(int fd, const fs::path& path, std::string_view data) {
  const char* p = data.data();
  std::size_t left = data.size();
  while (left > 0) {
    const ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail(path, "write failed", errno);
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
}
} // namespace

void write_file_atomic(const fs::path& path, std::string_view data) {
  if (path.empty() || !path.has_filename()) fail(path, "not a file name", 0);
  // A target that exists but is not a regular file (/dev/null, a FIFO, a terminal) is written
  // in place: renaming a temporary file over it would replace the device itself.
  struct stat target {};
  if (::stat(path.c_str(), &target) == 0 && !S_ISREG(target.st_mode)) {
    if (S_ISDIR(target.st_mode)) fail(path, "is a directory", EISDIR);
    const int out = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (out < 0) fail(path, "cannot open", errno);
    try {
      write_all(out, path, data);
    } catch (...) {
      ::close(out);
      throw;
    }
    if (::close(out) != 0) fail(path, "close failed", errno);
    return;
  }
  const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
  std::string temp = (dir / ("." + path.filename().string() + ".sheaf-XXXXXX")).string();

  // Registered right after mkstemp (which fills in the name); only a signal arriving in
  // between could leave this one temp file behind.
  std::unique_lock<std::mutex> lock(g_create_rename);
  const int fd = ::mkstemp(temp.data());
  if (fd < 0) fail(path, "cannot create a temporary file", errno);
  TempGuard guard(temp, register_pending(temp));
  guard.set_fd(fd);
  lock.unlock();

  // mkstemp creates 0600; give the result the mode a normal create (or the file it replaces)
  // would have.
  mode_t mode = 0666 & ~current_umask();
  struct stat existing {};
  if (::stat(path.c_str(), &existing) == 0 && S_ISREG(existing.st_mode))
    mode = existing.st_mode & 07777;
  if (::fchmod(fd, mode) != 0) fail(path, "cannot set permissions", errno);

  write_all(fd, path, data);
  if (::fsync(fd) != 0 && errno != EINVAL && errno != EROFS) fail(path, "fsync failed", errno);
  if (guard.close_fd() != 0) fail(path, "close failed", errno);
  lock.lock();
  if (::rename(temp.c_str(), path.c_str()) != 0)
    fail(path, "cannot rename the temporary file into place", errno);
  guard.commit();
  unregister_pending(guard.release_slot());
}

void remove_pending_temp_files() noexcept {
  // Async-signal-safe: atomic loads on lock-free ints and unlink() only.
  for (int i = 0; i < k_slot_count; ++i) {
    if (g_pending[i].state.load(std::memory_order_acquire) == 2) {
      ::unlink(g_pending[i].path);
      int expected = 2;
      g_pending[i].state.compare_exchange_strong(expected, 0, std::memory_order_acq_rel);
    }
  }
}

} // namespace sheaf::util

namespace sheaf::util {

void freeze_and_remove_pending_temp_files() noexcept {
  // Never unlocked: the caller ends the process, and until then no temp file is created or
  // renamed, so none can appear after the sweep.
  g_create_rename.lock();
  remove_pending_temp_files();
}

} // namespace sheaf::util
