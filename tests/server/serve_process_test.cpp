// The real `serve` command in its own process (tests/server_harness): kill -9 in the middle of
// a burst loses nothing that was answered 202, and SIGTERM drains and exits 0.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <set>

#include "tests/server/server_test_support.h"

using namespace issuelint;
using nlohmann::json;

namespace {

using Harness = test::ServeProcess;

Harness start_harness(const test::TempDir& dir, const std::string& run_name, int delay_ms) {
  const std::string log = (dir.path() / (run_name + ".log")).string();
  Harness harness = test::spawn_serve(
      ISSUELINT_SERVER_HARNESS,
      {"serve", "--port", "0", "--bind", "127.0.0.1", "--data-dir", (dir.path() / "data").string()},
      {"ISSUELINT_WEBHOOK_SECRET=rotated-out," + test::kSecret, "ISSUELINT_GITHUB_TOKEN=test-token",
       "ISSUELINT_HARNESS_OUT=" + (dir.path() / "triaged.txt").string(),
       "ISSUELINT_HARNESS_DELAY_MS=" + std::to_string(delay_ms), "ISSUELINT_RETRY_BASE_MS=50"},
      log);
  INFO(test::read_file(log + ".err"));
  REQUIRE(harness.pid > 0);
  REQUIRE(harness.port > 0);
  return harness;
}

int wait_for_exit(pid_t pid, std::chrono::seconds limit) { return test::wait_for_exit(pid, limit); }

std::set<std::string> triaged_issues(const test::TempDir& dir) {
  std::set<std::string> issues;
  std::istringstream lines(test::read_file(dir.path() / "triaged.txt"));
  for (std::string line; std::getline(lines, line);) issues.insert(line.substr(0, line.find(' ')));
  return issues;
}

std::string opened_body(int number) {
  return json{{"action", "opened"},
              {"issue", {{"number", number}, {"title", "t"}, {"body", "b"}}},
              {"repository", {{"name", "hello"}, {"owner", {{"login", "octo"}}}}},
              {"sender", {{"login", "someone"}, {"type", "User"}}}}
      .dump();
}

int post(int port, const std::string& delivery, const std::string& body) {
  return test::post_signed(port, "issues", delivery, body);
}

}  // namespace

TEST_CASE("kill -9 mid-burst, then restart: every delivery answered 202 is triaged",
          "[server][process]") {
  test::TempDir dir;
  Harness first = start_harness(dir, "first", /*delay_ms=*/40);
  std::mutex acked_mutex;
  std::set<std::string> acked;
  std::atomic<int> acked_count{0};
  std::vector<std::thread> senders;
  for (int t = 0; t < 4; ++t) {
    senders.emplace_back([&, t] {
      for (int i = 0; i < 60; ++i) {
        const int number = 1 + t * 60 + i;
        if (post(first.port, "k-" + std::to_string(number), opened_body(number)) != 202) return;
        std::lock_guard lock(acked_mutex);
        acked.insert("octo/hello#" + std::to_string(number));
        ++acked_count;
      }
    });
  }
  REQUIRE(test::eventually([&] { return acked_count >= 40; }));
  REQUIRE(::kill(first.pid, SIGKILL) == 0);
  for (auto& sender : senders) sender.join();
  const int status = wait_for_exit(first.pid, std::chrono::seconds(10));
  CHECK(WIFSIGNALED(status));
  const std::size_t triaged_before = triaged_issues(dir).size();
  INFO("acked " << acked.size() << ", triaged before the kill " << triaged_before);
  CHECK(triaged_before < acked.size());  // the kill did land mid-work

  Harness second = start_harness(dir, "second", /*delay_ms=*/0);
  const bool all_done = test::eventually(
      [&] {
        const std::set<std::string> triaged = triaged_issues(dir);
        return std::includes(triaged.begin(), triaged.end(), acked.begin(), acked.end());
      },
      std::chrono::seconds(30));
  CHECK(all_done);
  REQUIRE(::kill(second.pid, SIGTERM) == 0);
  const int second_status = wait_for_exit(second.pid, std::chrono::seconds(30));
  CHECK(WIFEXITED(second_status));
  CHECK(WEXITSTATUS(second_status) == 0);
}

TEST_CASE("SIGTERM drains: stops accepting, finishes the work, exits 0", "[server][process]") {
  test::TempDir dir;
  Harness harness = start_harness(dir, "drain", /*delay_ms=*/200);
  for (int number = 1; number <= 4; ++number) {
    REQUIRE(post(harness.port, "t-" + std::to_string(number), opened_body(number)) == 202);
  }
  REQUIRE(::kill(harness.pid, SIGTERM) == 0);
  const int status = wait_for_exit(harness.pid, std::chrono::seconds(30));
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  CHECK(triaged_issues(dir).size() == 4);
  CHECK(post(harness.port, "t-late", opened_body(9)) == 0);  // nobody listens any more
  const std::string log = test::read_file(dir.path() / "drain.log");
  CHECK(log.find("\"msg\":\"stopped\"") != std::string::npos);
  CHECK(log.find(test::kSecret) == std::string::npos);  // secrets never logged
  CHECK(log.find("test-token") == std::string::npos);
}

TEST_CASE("a second serve on the same data dir exits 2 and leaves the first one's job alone",
          "[server][process]") {
  test::TempDir dir;
  Harness first = start_harness(dir, "first", /*delay_ms=*/1500);
  REQUIRE(post(first.port, "two-1", opened_body(1)) == 202);
  const auto running = [&] {
    SqliteQueueOptions reader;  // as `issuelint queue list` reads beside a server
    auto queue = SqliteJobQueue::open((dir.path() / "data").string(), reader);
    return queue && (*queue)->stats() && (*queue)->stats()->running == 1;
  };
  REQUIRE(test::eventually(running));

  const std::string log = (dir.path() / "second.log").string();
  test::ServeProcess second = test::spawn_serve(
      ISSUELINT_SERVER_HARNESS,
      {"serve", "--port", "0", "--bind", "127.0.0.1", "--data-dir", (dir.path() / "data").string()},
      {"ISSUELINT_WEBHOOK_SECRET=" + test::kSecret, "ISSUELINT_GITHUB_TOKEN=test-token",
       "ISSUELINT_HARNESS_OUT=" + (dir.path() / "triaged.txt").string()},
      log);
  REQUIRE(second.pid > 0);
  if (!second.exited) ::kill(second.pid, SIGKILL);
  REQUIRE(second.exited);
  CHECK(second.port == 0);
  CHECK(WIFEXITED(second.wait_status));
  CHECK(WEXITSTATUS(second.wait_status) == 2);
  const std::string err = test::read_file(log + ".err");
  CHECK_THAT(err, Catch::Contains("another issuelint serve (pid " + std::to_string(first.pid) +
                                  ") is using this data directory"));
  CHECK(std::count(err.begin(), err.end(), '\n') == 1);  // one clear line
  CHECK(running());                                      // not reset to pending by the second

  // The first finishes its job once: the second never ran it.
  REQUIRE(test::eventually([&] { return triaged_issues(dir).size() == 1; }));
  REQUIRE(::kill(first.pid, SIGTERM) == 0);
  CHECK(wait_for_exit(first.pid, std::chrono::seconds(30)) == 0);
  CHECK(test::read_file(dir.path() / "triaged.txt") == "octo/hello#1 triage two-1\n");
}
