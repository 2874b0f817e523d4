// The real `serve` command in its own process (tests/server_harness): kill -9 in the middle of
// a burst loses nothing that was answered 202, and SIGTERM drains and exits 0.
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <set>

#include "tests/server/server_test_support.h"

extern char** environ;

using namespace issuelint;
using nlohmann::json;

namespace {

struct Harness {
  pid_t pid = -1;
  int port = 0;
};

Harness start_harness(const test::TempDir& dir, const std::string& run_name, int delay_ms) {
  const std::string log = (dir.path() / (run_name + ".log")).string();
  std::vector<std::string> args = {
      ISSUELINT_SERVER_HARNESS,      "serve", "--port", "0", "--bind", "127.0.0.1", "--data-dir",
      (dir.path() / "data").string()};
  std::vector<std::string> env = {
      "ISSUELINT_WEBHOOK_SECRET=rotated-out," + test::kSecret, "ISSUELINT_GITHUB_TOKEN=test-token",
      "ISSUELINT_HARNESS_OUT=" + (dir.path() / "triaged.txt").string(),
      "ISSUELINT_HARNESS_DELAY_MS=" + std::to_string(delay_ms), "ISSUELINT_RETRY_BASE_MS=50"};
  for (char** entry = environ; *entry != nullptr; ++entry) {
    if (std::string(*entry).rfind("ASAN_", 0) == 0 || std::string(*entry).rfind("UBSAN_", 0) == 0 ||
        std::string(*entry).rfind("PATH=", 0) == 0) {
      env.emplace_back(*entry);
    }
  }
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  std::vector<char*> envp;
  for (auto& item : env) envp.push_back(item.data());
  envp.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, (log + ".err").c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  Harness harness;
  const int spawned =
      posix_spawn(&harness.pid, argv[0], &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  REQUIRE(spawned == 0);
  const bool listening = test::eventually(
      [&] {
        std::istringstream lines(test::read_file(log));
        for (std::string line; std::getline(lines, line);) {
          const json entry = json::parse(line, nullptr, false);
          if (!entry.is_discarded() && entry.value("msg", "") == "listening") {
            harness.port = entry.value("port", 0);
            return true;
          }
        }
        return false;
      },
      std::chrono::seconds(20));
  INFO(test::read_file(log + ".err"));
  REQUIRE(listening);
  return harness;
}

// Waits (bounded) for the process to end; returns its wait status, or -1 if it did not.
int wait_for_exit(pid_t pid, std::chrono::seconds limit) {
  int status = -1;
  const bool ended =
      test::eventually([&] { return ::waitpid(pid, &status, WNOHANG) == pid; }, limit);
  if (!ended) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, &status, 0);
    return -1;
  }
  return status;
}

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
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(1, 0);
  client.set_read_timeout(5, 0);
  auto result = client.Post("/webhook",
                            {{"X-GitHub-Event", "issues"},
                             {"X-GitHub-Delivery", delivery},
                             {"X-Hub-Signature-256", github_signature_header(test::kSecret, body)}},
                            body, "application/json");
  return result ? result->status : 0;
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
