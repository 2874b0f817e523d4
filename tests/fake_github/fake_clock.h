// A clock for tests: sleeping advances time at once and is recorded, so a test can assert that
// the client waited for a rate-limit reset without waiting itself.
#pragma once

#include <chrono>
#include <mutex>
#include <vector>

#include "bot/github/clock.h"

namespace issuelint::testing {

class FakeClock final : public github::Clock {
 public:
  explicit FakeClock(std::chrono::system_clock::time_point start = std::chrono::system_clock::now())
      : now_(std::chrono::time_point_cast<std::chrono::milliseconds>(start)) {}

  std::chrono::system_clock::time_point now() override {
    std::lock_guard lock(mutex_);
    return now_;
  }
  void sleep_for(std::chrono::milliseconds duration) override {
    std::lock_guard lock(mutex_);
    sleeps_.push_back(duration);
    now_ += duration;
  }
  void advance(std::chrono::milliseconds duration) {
    std::lock_guard lock(mutex_);
    now_ += duration;
  }
  std::int64_t epoch_seconds() {
    return std::chrono::duration_cast<std::chrono::seconds>(now().time_since_epoch()).count();
  }
  std::vector<std::chrono::milliseconds> sleeps() const {
    std::lock_guard lock(mutex_);
    return sleeps_;
  }
  std::chrono::milliseconds total_slept() const {
    std::lock_guard lock(mutex_);
    std::chrono::milliseconds total{0};
    for (auto sleep : sleeps_) total += sleep;
    return total;
  }

 private:
  mutable std::mutex mutex_;
  std::chrono::system_clock::time_point now_;
  std::vector<std::chrono::milliseconds> sleeps_;
};

}  // namespace issuelint::testing
