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
  IssueJob job = test::edited_issue_job(issue, delivery);
  job.action = "opened";
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

namespace {

// The server's queue, whose writes of a job's end (complete, retry, dead) fail while
// `failing_ends` is above zero, as they do on a full disk; each failure counts it down.
class EndsFailingQueue final : public JobQueue {
 public:
  explicit EndsFailingQueue(JobQueue& queue) : queue_(queue) {}
  std::atomic<int> failing_ends{0};

  Result<EnqueueOutcome> enqueue(const IssueJob& job, std::int64_t now_ms) override {
    return queue_.enqueue(job, now_ms);
  }
  Result<std::optional<QueuedJob>> claim(std::int64_t now_ms) override {
    return queue_.claim(now_ms);
  }
  Status complete(std::int64_t job_id) override {
    return full_disk() ? disk_full() : queue_.complete(job_id);
  }
  Status retry_later(std::int64_t job_id, std::int64_t not_before_ms,
                     const std::string& error) override {
    return full_disk() ? disk_full() : queue_.retry_later(job_id, not_before_ms, error);
  }
  Status dead_letter(std::int64_t job_id, const std::string& error) override {
    return full_disk() ? disk_full() : queue_.dead_letter(job_id, error);
  }
  Result<std::vector<QueuedJob>> list(const std::string& state) override {
    return queue_.list(state);
  }
  Result<int> replay(std::optional<std::int64_t> job_id, std::int64_t now_ms) override {
    return queue_.replay(job_id, now_ms);
  }
  Result<int> drop_dead(std::optional<std::int64_t> job_id) override {
    return queue_.drop_dead(job_id);
  }
  Result<QueueStats> stats() override { return queue_.stats(); }
  Status health(std::int64_t now_ms) override { return queue_.health(now_ms); }
  Status set_skipped(const std::string& key, bool skipped, std::int64_t now_ms) override {
    return queue_.set_skipped(key, skipped, now_ms);
  }
  Result<bool> is_skipped(const std::string& key) override { return queue_.is_skipped(key); }
  Status set_label_changes(const std::string& key, const LabelChanges& changes,
                           std::int64_t now_ms) override {
    return queue_.set_label_changes(key, changes, now_ms);
  }
  Result<LabelChanges> label_changes(const std::string& key) override {
    return queue_.label_changes(key);
  }

 private:
  bool full_disk() { return failing_ends.fetch_sub(1) > 0; }
  static Error disk_full() { return make_error("database or disk is full", "sqlite"); }
  JobQueue& queue_;
};

}  // namespace

TEST_CASE("a job's end the queue could not write is written again, and its issue goes on",
          "[server][workers]") {
  test::TempDir dir;
  SqliteQueueOptions queue_options;
  queue_options.now_ms = system_clock_ms()();
  auto sqlite = SqliteJobQueue::open(dir.str(), queue_options);
  REQUIRE(sqlite);
  EndsFailingQueue queue(**sqlite);
  queue.failing_ends = 3;
  test::FakeTriager triager;
  Metrics metrics;
  std::ostringstream log_lines;
  JsonLog log(log_lines, system_clock_ms());
  WorkerPoolOptions options;
  options.workers = 1;
  options.idle_poll = std::chrono::milliseconds(5);
  options.record_retry_cap = std::chrono::milliseconds(10);
  WorkerPool workers(
      queue, triager, metrics, log, system_clock_ms(), [] { return 1.0; }, options);
  REQUIRE(queue.enqueue(opened_issue_job(1, "a"), system_clock_ms()()));
  workers.start();
  REQUIRE(test::eventually([&] { return (*sqlite)->list("")->empty(); }));
  // Left `running`, the first job would hold this one for good.
  REQUIRE(queue.enqueue(opened_issue_job(1, "b"), system_clock_ms()()));
  workers.wake();
  REQUIRE(test::eventually([&] { return triager.calls().size() == 2; }));
  REQUIRE(test::eventually([&] { return (*sqlite)->list("")->empty(); }));
  workers.stop();
  log.flush();
  const std::string lines = log_lines.str();
  CHECK(lines.find("cannot update the queue") != std::string::npos);
  CHECK(lines.find(R"("msg":"job end recorded")") != std::string::npos);
  CHECK(lines.find(R"("tries":4)") != std::string::npos);
}
