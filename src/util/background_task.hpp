// One function run on its own thread, with one midpoint signal the owner can wait for (work
// in two stages, the first needed earlier). Exceptions reach the owner; the thread is always
// joined, also when the owner unwinds.
#pragma once

#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>

namespace sheaf::util {

/// Runs `f(signal)` on a new thread at construction.
class BackgroundTask {
public:
  /// What the function calls when its first stage is done.
  using Signal = std::function<void()>;

  explicit BackgroundTask(std::function<void(const Signal&)> f);
  /// Joins the thread (never throws; an exception not collected by join() is dropped).
  ~BackgroundTask();
  BackgroundTask(const BackgroundTask&) = delete;
  BackgroundTask& operator=(const BackgroundTask&) = delete;

  /// Waits until the function signalled or ended; rethrows its exception if it ended by one
  /// before signalling.
  void wait_signal();
  /// Waits for the end of the function; rethrows its exception, if any.
  void join();

private:
  std::mutex m_mutex;
  std::condition_variable m_cv;
  bool m_signalled = false;     ///< the signal was called, or the function ended
  bool m_signal_called = false; ///< the signal was called
  std::exception_ptr m_error;
  std::thread m_thread; // last: started after the members it uses
};

} // namespace sheaf::util
