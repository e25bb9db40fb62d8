// One function on its own thread with a midpoint signal (see background_task.hpp).
#include "util/background_task.hpp"

namespace sheaf::util {

BackgroundTask::BackgroundTask(std::function<void(const Signal&)> f)
    : m_thread([this, f = std::move(f)] {
        std::exception_ptr error;
        try {
          f([this] {
            {
              std::lock_guard<std::mutex> lock(m_mutex);
              m_signalled = m_signal_called = true;
            }
            m_cv.notify_all();
          });
        } catch (...) {
          error = std::current_exception();
        }
        {
          std::lock_guard<std::mutex> lock(m_mutex);
          m_error = error;
          m_signalled = true;
        }
        m_cv.notify_all();
      }) {}

BackgroundTask::~BackgroundTask() {
  if (m_thread.joinable()) m_thread.join();
}

void BackgroundTask::wait_signal() {
  std::unique_lock<std::mutex> lock(m_mutex);
  m_cv.wait(lock, [this] { return m_signalled; });
  // Only an exception thrown before the signal belongs here; a later one waits for join().
  if (!m_signal_called && m_error) {
    lock.unlock();
    join();
  }
}

void BackgroundTask::join() {
  if (m_thread.joinable()) m_thread.join();
  std::exception_ptr error;
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    error = m_error;
    m_error = nullptr;
  }
  if (error) std::rethrow_exception(error);
}

} // namespace sheaf::util
