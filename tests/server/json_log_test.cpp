// JsonLog: one JSON object per line, written at once or by its writer thread in batches.
#include "bot/server/json_log.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <map>
#include <sstream>
#include <streambuf>
#include <string>
#include <thread>
#include <vector>

namespace issuelint {
namespace {

using nlohmann::json;

ClockMs fixed_clock() {
  return [] { return std::int64_t{1700000000000}; };
}

std::vector<json> lines_of(const std::string& text) {
  std::vector<json> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(json::parse(line));
  return lines;
}

// Keeps what is written and counts the flushes (each one a write to the real file in `serve`).
class CountingBuffer : public std::stringbuf {
 public:
  int flushes() const { return flushes_; }

 protected:
  int sync() override {
    ++flushes_;
    return std::stringbuf::sync();
  }

 private:
  int flushes_ = 0;  // read after JsonLog::flush, which orders it after the writer's flushes
};

TEST_CASE("an immediate log line is on the stream with its time and level", "[server][log]") {
  std::ostringstream out;
  JsonLog log(out, fixed_clock());
  log.info({{"msg", "delivery"}, {"status", 202}});
  log.info({{"msg", "mine"}, {"level", "caller's own"}});
  const std::vector<json> lines = lines_of(out.str());
  REQUIRE(lines.size() == 2);
  CHECK(lines[0] ==
        json{{"msg", "delivery"}, {"status", 202}, {"ts_ms", 1700000000000}, {"level", "info"}});
  CHECK(lines[1]["level"] == "caller's own");
}

TEST_CASE("a log line keeps invalid UTF-8 from a header as valid JSON", "[server][log]") {
  std::ostringstream out;
  JsonLog log(out, fixed_clock(), LogWrites::batched);
  log.error({{"delivery", std::string("bad \xc0\x80 id")}});
  const std::vector<json> lines = lines_of(out.str());
  REQUIRE(lines.size() == 1);
  CHECK(lines[0]["level"] == "error");
  CHECK(lines[0]["delivery"].get<std::string>().rfind("bad ", 0) == 0);
}

TEST_CASE("batched: every line of many threads arrives whole and in each thread's order",
          "[server][log]") {
  std::ostringstream out;
  constexpr int kThreads = 8;
  constexpr int kLinesEach = 400;
  {
    JsonLog log(out, fixed_clock(), LogWrites::batched);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&log, t] {
        for (int i = 0; i < kLinesEach; ++i) log.info({{"thread", t}, {"i", i}});
      });
    }
    for (auto& thread : threads) thread.join();
    log.flush();
    CHECK(lines_of(out.str()).size() == kThreads * kLinesEach);
  }
  std::map<int, int> next;
  for (const json& line : lines_of(out.str())) {
    const int thread = line["thread"];
    CHECK(line["i"] == next[thread]);
    next[thread] = line["i"].get<int>() + 1;
  }
  CHECK(next.size() == kThreads);
}

TEST_CASE("batched: an error line and all before it are written when error() returns",
          "[server][log]") {
  std::ostringstream out;
  JsonLog log(out, fixed_clock(), LogWrites::batched);
  log.info({{"msg", "before"}});
  log.error({{"msg", "cannot store"}});
  const std::vector<json> lines = lines_of(out.str());
  REQUIRE(lines.size() == 2);
  CHECK(lines[0]["msg"] == "before");
  CHECK(lines[1]["msg"] == "cannot store");
  CHECK(lines[1]["level"] == "error");
}

TEST_CASE("batched: lines still pending are written when the log ends", "[server][log]") {
  std::ostringstream out;
  {
    JsonLog log(out, fixed_clock(), LogWrites::batched);
    for (int i = 0; i < 100; ++i) log.info({{"i", i}});
  }
  CHECK(lines_of(out.str()).size() == 100);
}

TEST_CASE("batched: lines logged together share a write and a flush", "[server][log]") {
  CountingBuffer buffer;
  std::ostream out(&buffer);
  JsonLog log(out, fixed_clock(), LogWrites::batched);
  constexpr int kLines = 1000;
  for (int i = 0; i < kLines; ++i) log.info({{"i", i}});
  log.flush();
  CHECK(lines_of(buffer.str()).size() == kLines);
  // Written at once, it would be one flush a line. Batches gather for 2 ms, so even a slow
  // (sanitized, loaded) run makes far fewer.
  CHECK(buffer.flushes() >= 1);
  CHECK(buffer.flushes() < kLines / 2);
}

TEST_CASE("immediate: each line is flushed as it is written", "[server][log]") {
  CountingBuffer buffer;
  std::ostream out(&buffer);
  JsonLog log(out, fixed_clock());
  for (int i = 0; i < 10; ++i) log.info({{"i", i}});
  CHECK(buffer.flushes() == 10);
}

}  // namespace
}  // namespace issuelint
