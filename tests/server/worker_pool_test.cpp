#include "bot/server/worker_pool.h"

#include <catch2/catch.hpp>

#include "tests/server/server_test_support.h"

using namespace issuelint;

TEST_CASE("backoff doubles, is capped, jittered, and yields to retry-after", "[server][workers]") {
  CHECK(backoff_delay_ms(1, 1000, 60000, 1.0, 0) == 1000);
  CHECK(backoff_delay_ms(2, 1000, 60000, 1.0, 0) == 2000);
  CHECK(backoff_delay_ms(3, 1000, 60000, 1.0, 0) == 4000);
  CHECK(backoff_delay_ms(3, 1000, 60000, 0.0, 0) == 2000);  // equal jitter: half is fixed
  CHECK(backoff_delay_ms(20, 1000, 60000, 1.0, 0) == 60000);
  CHECK(backoff_delay_ms(200, 1000, 60000, 1.0, 0) == 60000);
  CHECK(backoff_delay_ms(1, 1000, 60000, 1.0, 90) == 90000);
}

namespace {

IssueJob opened_issue_job(int issue, const std::string& delivery) {
  IssueJob job;
  job.delivery_id = delivery;
  job.event = "issues";
  job.action = "opened";
  job.owner = "octo";
  job.repo = "hello";
  job.issue_number = issue;
  return job;
}

}  // namespace

TEST_CASE("transient failures retry, then dead-letter after max attempts, replay revives",
          "[server][workers]") {
  test::TestServerOptions options;
  options.max_attempts = 3;
  options.retry_base_ms = 20;
  test::TestServer server(options);
  std::atomic<bool> healthy{false};
  server.triager.behaviour = [&](const IssueJob&) {
    if (healthy) return TriageOutcome{};
    return TriageOutcome{TriageOutcome::Status::retry, "GitHub 502", 0};
  };
  const auto started = std::chrono::steady_clock::now();
  REQUIRE(server.queue->enqueue(opened_issue_job(1, "a"), system_clock_ms()()));
  server.workers->wake();
  REQUIRE(test::eventually([&] { return server.jobs_in("dead") == 1; }));
  const auto elapsed = std::chrono::steady_clock::now() - started;
  CHECK(server.triager.calls().size() == 3);
  CHECK(elapsed >= std::chrono::milliseconds(20 + 40));  // waited between attempts
  auto dead = server.queue->list("dead");
  CHECK((*dead)[0].last_error == "GitHub 502");
  CHECK((*dead)[0].attempts == 3);

  healthy = true;
  CHECK(*server.queue->replay(std::nullopt, system_clock_ms()()) == 1);
  server.workers->wake();
  REQUIRE(test::eventually(
      [&] { return server.triager.calls().size() == 4 && server.jobs_in("") == 0; }));
}

TEST_CASE("permanent failures dead-letter at once, a throwing triager is retried",
          "[server][workers]") {
  test::TestServer server;
  server.triager.behaviour = [](const IssueJob& job) -> TriageOutcome {
    if (job.issue_number == 1) return {TriageOutcome::Status::failed, "404 issue gone", 0};
    throw std::runtime_error("bug");
  };
  REQUIRE(server.queue->enqueue(opened_issue_job(1, "a"), system_clock_ms()()));
  REQUIRE(server.queue->enqueue(opened_issue_job(2, "b"), system_clock_ms()()));
  server.workers->wake();
  REQUIRE(test::eventually([&] { return server.jobs_in("dead") == 2; }));
  CHECK(server.triager.calls().size() == 1 + 3);
}

TEST_CASE("/issuelint skip holds an issue until /issuelint check", "[server][workers]") {
  test::TestServer server;
  IssueJob skip = opened_issue_job(5, "s");
  skip.event = "issue_comment";
  skip.kind = JobKind::skip;
  REQUIRE(server.queue->enqueue(skip, system_clock_ms()()));
  server.workers->wake();
  REQUIRE(test::eventually([&] { return server.jobs_in("") == 0; }));
  REQUIRE(server.queue->enqueue(opened_issue_job(5, "edit"), system_clock_ms()()));
  server.workers->wake();
  REQUIRE(test::eventually([&] { return server.jobs_in("") == 0; }));
  CHECK(server.triager.calls().size() == 1);  // only the skip itself reached the triager
  IssueJob check = opened_issue_job(5, "c");
  check.event = "issue_comment";
  REQUIRE(server.queue->enqueue(check, system_clock_ms()()));
  server.workers->wake();
  REQUIRE(test::eventually([&] { return server.triager.calls().size() == 2; }));
  REQUIRE(server.queue->enqueue(opened_issue_job(5, "edit2"), system_clock_ms()()));
  server.workers->wake();
  REQUIRE(test::eventually([&] { return server.triager.calls().size() == 3; }));
}

TEST_CASE("an edit that joins a waiting /issuelint check does not cancel it", "[server][workers]") {
  // The audit's case: skipped, then "/issuelint check" while the workers are busy, then the
  // author's edit coalesces into it. The check must still end the skip.
  test::TestServerOptions options;
  options.start_workers = false;
  test::TestServer server(options);
  const std::string key = "octo/hello#5";
  REQUIRE(server.queue->set_skipped(key, true, system_clock_ms()()));
  IssueJob check = opened_issue_job(5, "check");
  check.event = "issue_comment";
  check.action = "created";
  check.requested_by = "maintainer";
  REQUIRE(*server.queue->enqueue(check, system_clock_ms()()) == EnqueueOutcome::stored);
  IssueJob edit = opened_issue_job(5, "edit");
  edit.action = "edited";
  REQUIRE(*server.queue->enqueue(edit, system_clock_ms()()) == EnqueueOutcome::coalesced);
  server.workers->start();
  REQUIRE(test::eventually([&] { return server.jobs_in("") == 0; }));
  REQUIRE(server.triager.calls().size() == 1);  // triaged, not "skipped: /issuelint skip"
  CHECK(server.triager.calls()[0].event == "issue_comment");
  CHECK_FALSE(*server.queue->is_skipped(key));
  // Later edits are triaged again.
  REQUIRE(server.queue->enqueue(opened_issue_job(5, "edit-2"), system_clock_ms()()));
  server.workers->wake();
  REQUIRE(test::eventually([&] { return server.triager.calls().size() == 2; }));
}

TEST_CASE("a /issuelint check being retried does not end a /issuelint skip given after it",
          "[server][workers]") {
  // The audit's case: the check fails (GitHub 502) and backs off; the maintainer then skips.
  test::TestServerOptions options;
  options.retry_base_ms = 50;
  test::TestServer server(options);
  const std::string key = "octo/hello#6";
  std::atomic<int> check_attempts{0};
  server.triager.behaviour = [&](const IssueJob& job) {
    if (job.delivery_id == "check" && ++check_attempts == 1) {
      return TriageOutcome{TriageOutcome::Status::retry, "GitHub 502", 0};
    }
    return TriageOutcome{};
  };
  IssueJob check = opened_issue_job(6, "check");
  check.event = "issue_comment";
  check.action = "created";
  check.requested_by = "maintainer";
  REQUIRE(server.queue->enqueue(check, system_clock_ms()()));
  server.workers->wake();
  REQUIRE(test::eventually([&] { return check_attempts.load() == 1; }));
  IssueJob skip = check;
  skip.delivery_id = "skip";
  skip.kind = JobKind::skip;
  REQUIRE(server.queue->enqueue(skip, system_clock_ms()()));
  server.workers->wake();
  REQUIRE(test::eventually([&] { return server.jobs_in("") == 0; }));
  CHECK(check_attempts.load() == 2);
  CHECK(*server.queue->is_skipped(key));  // the last command given
  const std::vector<IssueJob> calls = server.triager.calls();
  REQUIRE(calls.size() == 3);
  CHECK(calls.back().delivery_id == "skip");
}

TEST_CASE("label changes of an attempt that ended in retry reach the issue's next attempt",
          "[server][workers]") {
  test::TestServerOptions options;
  options.retry_base_ms = 10;
  test::TestServer server(options);
  const std::string key = "octo/hello#7";
  const LabelChanges removed_needs_info{{}, {"needs-info"}};
  server.triager.behaviour = [&](const IssueJob& job) {
    TriageOutcome outcome;
    if (server.triager.calls().size() == 1) {
      outcome = {TriageOutcome::Status::retry, "GitHub 502 on the comment", 0};
      outcome.unrecorded_label_changes = removed_needs_info;
    } else {
      // What the next attempt must be given, checked while the queue still holds it.
      CHECK(job.earlier_label_changes == removed_needs_info);
      CHECK(*server.queue->label_changes(key) == removed_needs_info);
    }
    return outcome;
  };
  REQUIRE(server.queue->enqueue(opened_issue_job(7, "a"), system_clock_ms()()));
  server.workers->wake();
  REQUIRE(test::eventually(
      [&] { return server.triager.calls().size() == 2 && server.jobs_in("") == 0; }));
  CHECK(server.triager.calls()[0].earlier_label_changes.empty());
  CHECK(server.triager.calls()[1].earlier_label_changes == removed_needs_info);
  // The attempt that ended done wrote its report: nothing is left to carry.
  CHECK(server.queue->label_changes(key)->empty());
}

TEST_CASE("unrecorded label changes kept by the queue are handed to a job after a restart",
          "[server][workers]") {
  // A restart is a new process: only what the queue stored is known to the next attempt.
  test::TestServerOptions options;
  options.start_workers = false;
  test::TestServer server(options);
  const LabelChanges added{{"needs-info"}, {}};
  REQUIRE(server.queue->set_label_changes("octo/hello#8", added, system_clock_ms()()));
  REQUIRE(server.queue->enqueue(opened_issue_job(8, "a"), system_clock_ms()()));
  REQUIRE(server.queue->enqueue(opened_issue_job(9, "b"), system_clock_ms()()));
  server.workers->start();
  REQUIRE(test::eventually([&] { return server.jobs_in("") == 0; }));
  const std::vector<IssueJob> calls = server.triager.calls();
  REQUIRE(calls.size() == 2);
  for (const IssueJob& call : calls) {
    CHECK(call.earlier_label_changes == (call.issue_number == 8 ? added : LabelChanges{}));
  }
  CHECK(server.queue->label_changes("octo/hello#8")->empty());
}

TEST_CASE("each worker thread runs the exit hook once, on its own thread, as it ends",
          "[server][workers]") {
  std::mutex mutex;
  std::vector<std::thread::id> exited;
  test::TestServerOptions options;
  options.workers = 3;
  options.on_worker_exit = [&] {
    std::lock_guard lock(mutex);
    exited.push_back(std::this_thread::get_id());
  };
  {
    test::TestServer server(options);
    REQUIRE(server.queue->enqueue(opened_issue_job(1, "a"), system_clock_ms()()));
    server.workers->wake();
    REQUIRE(test::eventually([&] { return server.jobs_in("") == 0; }));
    std::lock_guard lock(mutex);
    CHECK(exited.empty());  // still working
  }
  std::lock_guard lock(mutex);
  REQUIRE(exited.size() == 3);
  std::sort(exited.begin(), exited.end());
  CHECK(std::adjacent_find(exited.begin(), exited.end()) == exited.end());  // three threads
  CHECK(std::find(exited.begin(), exited.end(), std::this_thread::get_id()) == exited.end());
}
