#include "bot/server/json_log.h"

#include <pthread.h>
#include <signal.h>

#include <chrono>

namespace issuelint {

namespace {

// How long the batched writer gathers lines after the first one arrives. Under load (10,000
// deliveries/s) that is ~20 lines a write instead of one; when idle, a line waits this long.
constexpr std::chrono::milliseconds kGatherWindow{2};

}  // namespace

ClockMs system_clock_ms() {
  return [] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  };
}

JsonLog::JsonLog(std::ostream& out, ClockMs clock, LogWrites writes)
    : out_(out), clock_(std::move(clock)), writes_(writes) {
  if (writes_ == LogWrites::batched) writer_ = std::thread([this] { write_batches(); });
}

JsonLog::~JsonLog() {
  if (!writer_.joinable()) return;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  writer_wake_.notify_one();
  writer_.join();
}

void JsonLog::append_line(std::string& text, const nlohmann::json& line) {
  // `replace` keeps a log line valid JSON even when a header carried invalid UTF-8.
  text += line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  text += '\n';
}

void JsonLog::write(const char* level, nlohmann::json fields) {
  // emplace keeps a field the caller set; the object's keys are sorted either way.
  fields.emplace("ts_ms", clock_());
  fields.emplace("level", level);
  if (writes_ == LogWrites::immediate) {
    std::string text;
    append_line(text, fields);
    std::lock_guard lock(mutex_);
    out_ << text;
    out_.flush();
    return;
  }
  bool first_pending = false;
  {
    std::lock_guard lock(mutex_);
    first_pending = pending_.empty();
    pending_.push_back(std::move(fields));
    ++lines_logged_;
  }
  // Only the first line of a batch wakes the writer; the rest join the batch it gathers.
  if (first_pending) writer_wake_.notify_one();
}

void JsonLog::error(nlohmann::json fields) {
  write("error", std::move(fields));
  flush();
}

void JsonLog::flush() {
  if (writes_ == LogWrites::immediate) return;  // every line was flushed as it was written
  std::unique_lock lock(mutex_);
  const std::uint64_t wanted = lines_logged_;
  if (lines_written_ >= wanted) return;
  hurry_ = true;
  writer_wake_.notify_one();
  lines_written_changed_.wait(lock, [&] { return lines_written_ >= wanted; });
}

void JsonLog::write_batches() {
  // The process's signals are for the threads that wait on them (serve's stop watcher): this
  // thread starts before serve blocks SIGTERM, and a SIGTERM it took would end the process.
  sigset_t all;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, nullptr);
  std::vector<nlohmann::json> batch;
  std::string text;
  std::unique_lock lock(mutex_);
  while (true) {
    writer_wake_.wait(lock, [&] { return stopping_ || !pending_.empty(); });
    if (pending_.empty()) return;  // stopping, and everything is written
    writer_wake_.wait_for(lock, kGatherWindow, [&] { return stopping_ || hurry_; });
    hurry_ = false;
    batch.swap(pending_);
    const std::uint64_t through = lines_logged_;
    lock.unlock();
    text.clear();
    for (const nlohmann::json& line : batch) append_line(text, line);
    batch.clear();
    out_ << text;
    out_.flush();
    lock.lock();
    lines_written_ = through;
    lines_written_changed_.notify_all();
  }
}

}  // namespace issuelint
