// Structured logs: one JSON object per line, so a log shipper needs no parsing rules. Callers
// pass fields explicitly; secrets and tokens are never among them.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <ostream>

namespace issuelint {

// Milliseconds since the Unix epoch; injected so tests control time.
using ClockMs = std::function<std::int64_t()>;
ClockMs system_clock_ms();

class JsonLog {
 public:
  JsonLog(std::ostream& out, ClockMs clock) : out_(out), clock_(std::move(clock)) {}

  // Adds "ts" and "level", writes `fields` as one line, flushes (a crash loses no line).
  void write(const char* level, nlohmann::json fields);
  void info(nlohmann::json fields) { write("info", std::move(fields)); }
  void error(nlohmann::json fields) { write("error", std::move(fields)); }

 private:
  std::mutex mutex_;
  std::ostream& out_;
  ClockMs clock_;
};

}  // namespace issuelint
