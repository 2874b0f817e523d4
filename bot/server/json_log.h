// Structured logs: one JSON object per line, so a log shipper needs no parsing rules. Callers
// pass fields explicitly; secrets and tokens are never among them.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <ostream>
#include <thread>
#include <vector>

namespace issuelint {

// Milliseconds since the Unix epoch; injected so tests control time.
using ClockMs = std::function<std::int64_t()>;
ClockMs system_clock_ms();

// How a JsonLog puts its lines on the stream.
enum class LogWrites {
  // On the caller's thread, flushed before the call returns (a crash loses no line).
  immediate,
  // By a writer thread of the log's own: the lines that arrive within a couple of milliseconds
  // share one write and one flush. `serve` logs one line per delivery from up to 64 HTTP
  // threads; written immediately, each line was a write system call under one process-wide
  // mutex before its 202 could be sent. An error line still waits until it is on the stream,
  // so a crash can lose only info lines of the last few milliseconds.
  batched,
};

class JsonLog {
 public:
  JsonLog(std::ostream& out, ClockMs clock, LogWrites writes = LogWrites::immediate);
  ~JsonLog();  // batched: writes every pending line, then ends the writer thread
  JsonLog(const JsonLog&) = delete;
  JsonLog& operator=(const JsonLog&) = delete;

  // Adds "ts_ms" and "level" (the caller's own fields of those names win) and writes `fields`
  // as one line.
  void write(const char* level, nlohmann::json fields);
  void info(nlohmann::json fields) { write("info", std::move(fields)); }
  // Returns once the line is on the stream and flushed, in either mode.
  void error(nlohmann::json fields);
  // Returns once every line logged before the call is on the stream and flushed.
  void flush();

 private:
  static void append_line(std::string& text, const nlohmann::json& line);
  void write_batches();

  std::mutex mutex_;
  std::ostream& out_;
  ClockMs clock_;
  const LogWrites writes_;
  // batched mode only, all under mutex_:
  std::vector<nlohmann::json> pending_;
  std::uint64_t lines_logged_ = 0;
  std::uint64_t lines_written_ = 0;
  bool hurry_ = false;  // someone waits on a line: write without gathering more
  bool stopping_ = false;
  std::condition_variable writer_wake_;
  std::condition_variable lines_written_changed_;
  std::thread writer_;
};

}  // namespace issuelint
