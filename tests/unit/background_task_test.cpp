// util::BackgroundTask: the midpoint signal, exceptions before and after it, joining on
// destruction.
#include "util/background_task.hpp"

#include <atomic>
#include <chrono>
#include <gtest/gtest.h>
#include <stdexcept>
#include <thread>

using namespace sheaf;

namespace {

TEST(BackgroundTask, SignalComesBeforeTheSecondStage) {
  std::atomic<int> stage{0};
  int first = 0;
  util::BackgroundTask task([&](const util::BackgroundTask::Signal& done) {
    first = 42;
    stage = 1;
    done();
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    stage = 2;
  });
  task.wait_signal();
  EXPECT_EQ(first, 42); // visible after the signal
  EXPECT_GE(stage.load(), 1);
  task.join();
  EXPECT_EQ(stage.load(), 2);
}

TEST(BackgroundTask, ExceptionBeforeTheSignalReachesWaitSignal) {
  util::BackgroundTask task(
      [](const util::BackgroundTask::Signal&) { throw std::runtime_error("first stage"); });
  EXPECT_THROW(task.wait_signal(), std::runtime_error);
  EXPECT_NO_THROW(task.join()); // reported once
}

TEST(BackgroundTask, ExceptionAfterTheSignalReachesJoin) {
  util::BackgroundTask task([](const util::BackgroundTask::Signal& done) {
    done();
    throw std::runtime_error("second stage");
  });
  EXPECT_NO_THROW(task.wait_signal());
  EXPECT_THROW(task.join(), std::runtime_error);
}

TEST(BackgroundTask, DestructorJoins) {
  std::atomic<bool> ran{false};
  {
    util::BackgroundTask task([&](const util::BackgroundTask::Signal&) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      ran = true;
    });
  }
  EXPECT_TRUE(ran.load());
}

TEST(BackgroundTask, EndingWithoutSignalReleasesTheWaiter) {
  util::BackgroundTask task([](const util::BackgroundTask::Signal&) {});
  task.wait_signal();
  task.join();
}

} // namespace
