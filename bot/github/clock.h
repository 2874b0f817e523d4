// Time and waiting, injected so tests never really sleep for a rate-limit reset or a backoff.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stop_token>
#include <thread>

namespace issuelint::github {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::chrono::system_clock::time_point now() = 0;
  virtual void sleep_for(std::chrono::milliseconds duration) = 0;
  // Sleeps like sleep_for, but ends as soon as `stop` is requested (a server shutting down:
  // a rate-limit wait can last 15 minutes). False when the sleep was cut short or never began.
  virtual bool sleep_unless_stopped(std::chrono::milliseconds duration,
                                    const std::stop_token& stop) {
    if (stop.stop_requested()) return false;
    sleep_for(duration);
    return true;
  }
};

class SystemClock final : public Clock {
 public:
  std::chrono::system_clock::time_point now() override { return std::chrono::system_clock::now(); }
  void sleep_for(std::chrono::milliseconds duration) override {
    std::this_thread::sleep_for(duration);
  }
  bool sleep_unless_stopped(std::chrono::milliseconds duration,
                            const std::stop_token& stop) override {
    std::mutex mutex;
    std::condition_variable_any wake;  // woken by nothing but the stop request
    std::unique_lock lock(mutex);
    wake.wait_for(lock, stop, duration, [] { return false; });
    return !stop.stop_requested();
  }
};

}  // namespace issuelint::github
