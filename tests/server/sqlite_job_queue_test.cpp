#include "bot/server/sqlite_job_queue.h"

#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <filesystem>
#include <thread>
#include <vector>

#include "tests/server/server_test_support.h"
#include "tests/server/sync_counting_vfs.h"

using namespace issuelint;

namespace {

IssueJob job_for(int issue, const std::string& delivery, JobKind kind = JobKind::triage) {
  return test::edited_issue_job(issue, delivery, kind);
}

std::unique_ptr<SqliteJobQueue> open_in(const test::TempDir& dir, bool recover = true) {
  SqliteQueueOptions options;
  options.recover_running_jobs = recover;
  auto queue = SqliteJobQueue::open(dir.str(), options);
  REQUIRE(queue);
  return std::move(*queue);
}

// A queue whose database files count their fsyncs (test::SyncCountingVfs).
std::unique_ptr<SqliteJobQueue> open_counting_syncs(const test::TempDir& dir) {
  test::SyncCountingVfs::install();
  SqliteQueueOptions options;
  options.recover_running_jobs = true;
  options.vfs = test::SyncCountingVfs::name();
  auto queue = SqliteJobQueue::open(dir.str(), options);
  REQUIRE(queue);
  return std::move(*queue);
}

// "/issuelint check" (or another command, by `kind`) commented by `login`.
IssueJob command_for(int issue, const std::string& delivery, JobKind kind,
                     const std::string& login = "maintainer") {
  IssueJob job = job_for(issue, delivery, kind);
  job.event = "issue_comment";
  job.action = "created";
  job.requested_by = login;
  return job;
}

// The job claim() hands out at `now_ms`; the test stops if there is none.
QueuedJob claim_job_at(SqliteJobQueue& queue, std::int64_t now_ms) {
  auto claimed = queue.claim(now_ms);
  REQUIRE(claimed);
  REQUIRE(claimed->has_value());
  return **claimed;
}

// The one job waiting; the test stops unless there is exactly one.
QueuedJob only_pending_job(SqliteJobQueue& queue) {
  auto jobs = queue.list("pending");
  REQUIRE(jobs);
  REQUIRE(jobs->size() == 1);
  return jobs->front();
}

// The id of the job claim() hands out now; the test stops if there is none.
std::int64_t claim_due_job(SqliteJobQueue& queue) {
  auto claimed = queue.claim(0);
  REQUIRE(claimed);
  REQUIRE(claimed->has_value());
  return (*claimed)->id;
}

}  // namespace

TEST_CASE("duplicates are dropped and pending jobs of one issue coalesce", "[server][queue]") {
  test::TempDir dir;
  auto queue = open_in(dir);
  CHECK(*queue->enqueue(job_for(1, "a"), 100) == EnqueueOutcome::stored);
  CHECK(*queue->enqueue(job_for(1, "a"), 101) == EnqueueOutcome::duplicate);
  CHECK(*queue->enqueue(job_for(1, "b"), 102) == EnqueueOutcome::coalesced);
  CHECK(*queue->enqueue(job_for(1, "c", JobKind::explain), 103) == EnqueueOutcome::stored);
  CHECK(*queue->enqueue(job_for(2, "d"), 104) == EnqueueOutcome::stored);
  auto jobs = queue->list("pending");
  REQUIRE(jobs);
  REQUIRE(jobs->size() == 3);
  CHECK((*jobs)[0].deliveries == 2);
  CHECK((*jobs)[0].job.delivery_id == "b");  // the latest delivery is what the job remembers
  CHECK((*jobs)[0].enqueued_ms == 100);      // its age counts from the first
}

TEST_CASE("an edit joining a waiting /issuelint check keeps the command", "[server][queue]") {
  test::TempDir dir;
  auto queue = open_in(dir);
  CHECK(*queue->enqueue(command_for(1, "check", JobKind::triage), 100) == EnqueueOutcome::stored);
  CHECK(*queue->enqueue(job_for(1, "edit"), 101) == EnqueueOutcome::coalesced);
  auto jobs = queue->list("pending");
  REQUIRE(jobs);
  REQUIRE(jobs->size() == 1);
  const QueuedJob& job = jobs->front();
  CHECK(job.deliveries == 2);
  CHECK(ends_skip(job.job));
  CHECK(job.job.delivery_id == "check");
  CHECK(job.job.event == "issue_comment");
  CHECK(job.job.requested_by == "maintainer");
  // And the other way round: a check joining a waiting edit's triage makes it a check.
  CHECK(*queue->enqueue(job_for(2, "edit-2"), 102) == EnqueueOutcome::stored);
  CHECK(*queue->enqueue(command_for(2, "check-2", JobKind::triage), 103) ==
        EnqueueOutcome::coalesced);
  jobs = queue->list("pending");
  REQUIRE(jobs->size() == 2);
  CHECK(ends_skip((*jobs)[1].job));
  CHECK((*jobs)[1].job.delivery_id == "check-2");
}

TEST_CASE("a command whose requester is unverified keeps the mark and its own job",
          "[server][queue]") {
  test::TempDir dir;
  auto queue = open_in(dir);
  IssueJob unverified = command_for(1, "from-contributor", JobKind::explain, "team-writer");
  unverified.requester_unverified = true;
  REQUIRE(*queue->enqueue(unverified, 100) == EnqueueOutcome::stored);
  CHECK(*queue->enqueue(command_for(1, "from-owner", JobKind::explain), 101) ==
        EnqueueOutcome::stored);
  const QueuedJob claimed = claim_job_at(*queue, 200);
  CHECK(claimed.job.delivery_id == "from-contributor");
  CHECK(claimed.job.requester_unverified);
  CHECK_FALSE(only_pending_job(*queue).job.requester_unverified);
}

TEST_CASE("a queue made before the requester mark gains its column, its jobs verified",
          "[server][queue]") {
  test::TempDir dir;
  {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open((dir.path() / "queue.sqlite3").string().c_str(), &db) == SQLITE_OK);
    // The jobs table as the previous version made it, with one job waiting.
    const char* old_schema =
        "CREATE TABLE jobs (id INTEGER PRIMARY KEY AUTOINCREMENT, issue_key TEXT NOT NULL, "
        "kind TEXT NOT NULL, state TEXT NOT NULL, delivery_id TEXT NOT NULL, event TEXT NOT "
        "NULL, action TEXT NOT NULL, owner TEXT NOT NULL, repo TEXT NOT NULL, issue_number "
        "INTEGER NOT NULL, installation_id INTEGER NOT NULL, requested_by TEXT NOT NULL, "
        "deliveries INTEGER NOT NULL DEFAULT 1, attempts INTEGER NOT NULL DEFAULT 0, "
        "enqueued_ms INTEGER NOT NULL, not_before_ms INTEGER NOT NULL, last_error TEXT NOT NULL "
        "DEFAULT '');"
        "INSERT INTO jobs (issue_key, kind, state, delivery_id, event, action, owner, repo, "
        "issue_number, installation_id, requested_by, enqueued_ms, not_before_ms) VALUES "
        "('o/r#3', 'skip', 'pending', 'old', 'issue_comment', 'created', 'o', 'r', 3, 0, "
        "'maintainer', 1, 1);";
    REQUIRE(sqlite3_exec(db, old_schema, nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
  }
  auto queue = open_in(dir);
  const QueuedJob claimed = claim_job_at(*queue, 10);
  CHECK(claimed.job.delivery_id == "old");
  CHECK_FALSE(claimed.job.requester_unverified);
  IssueJob unverified = command_for(4, "new", JobKind::triage);
  unverified.requester_unverified = true;
  REQUIRE(*queue->enqueue(unverified, 20) == EnqueueOutcome::stored);
  CHECK(only_pending_job(*queue).job.requester_unverified);
}

TEST_CASE("a delivery joins only the issue's newest waiting job: commands keep their order",
          "[server][queue]") {
  test::TempDir dir;
  auto queue = open_in(dir);
  // triage, then skip: a check joining the triage would run before the skip and leave the
  // issue skipped although the check came last.
  REQUIRE(*queue->enqueue(job_for(1, "edit"), 100) == EnqueueOutcome::stored);
  REQUIRE(*queue->enqueue(command_for(1, "skip", JobKind::skip), 101) == EnqueueOutcome::stored);
  CHECK(*queue->enqueue(command_for(1, "check", JobKind::triage), 102) == EnqueueOutcome::stored);
  // An edit after the check joins it, and the check stays a check.
  CHECK(*queue->enqueue(job_for(1, "edit-2"), 103) == EnqueueOutcome::coalesced);
  // A second skip after the check is a job of its own: the last command wins.
  CHECK(*queue->enqueue(command_for(1, "skip-2", JobKind::skip), 104) == EnqueueOutcome::stored);
  CHECK(*queue->enqueue(command_for(1, "skip-3", JobKind::skip), 105) == EnqueueOutcome::coalesced);
  auto jobs = queue->list("pending");
  REQUIRE(jobs);
  std::vector<std::string> order;
  for (const QueuedJob& job : *jobs) order.push_back(job.job.delivery_id);
  CHECK(order == std::vector<std::string>{"edit", "skip", "check", "skip-3"});
  CHECK(ends_skip((*jobs)[2].job));
  CHECK((*jobs)[2].deliveries == 2);
}

TEST_CASE("claim serializes one issue and honours not_before", "[server][queue]") {
  test::TempDir dir;
  auto queue = open_in(dir);
  REQUIRE(queue->enqueue(job_for(1, "a"), 0));
  REQUIRE(queue->enqueue(job_for(1, "b", JobKind::explain), 0));
  REQUIRE(queue->enqueue(job_for(2, "c"), 0));
  auto first = queue->claim(10);
  REQUIRE(first);
  REQUIRE(first->has_value());
  CHECK((*first)->job.issue_number == 1);
  auto second = queue->claim(10);
  REQUIRE(second->has_value());
  CHECK((*second)->job.issue_number == 2);  // issue 1 is running: its explain job waits
  CHECK_FALSE(queue->claim(10)->has_value());
  // A delivery for a running job's issue makes a new job: the worker may have fetched already.
  CHECK(*queue->enqueue(job_for(2, "d"), 11) == EnqueueOutcome::stored);
  REQUIRE(queue->retry_later((*first)->id, 500, "boom"));
  // Backing off, the issue's first job still goes first: its explain waits behind it, in the
  // order the commands were given.
  CHECK_FALSE(queue->claim(20)->has_value());
  CHECK_FALSE(queue->claim(499)->has_value());
  auto retried = queue->claim(500);
  REQUIRE(retried->has_value());
  CHECK((*retried)->attempts == 1);
  CHECK((*retried)->last_error == "boom");
  CHECK_FALSE(queue->claim(500)->has_value());
  REQUIRE(queue->complete((*retried)->id));
  auto third = queue->claim(500);
  REQUIRE(third->has_value());
  CHECK((*third)->job.kind == JobKind::explain);
}

TEST_CASE("dead letters are listed, counted and replayed", "[server][queue]") {
  test::TempDir dir;
  auto queue = open_in(dir);
  REQUIRE(queue->enqueue(job_for(1, "a"), 0));
  auto claimed = queue->claim(0);
  REQUIRE(queue->dead_letter((*claimed)->id, "gave up"));
  CHECK(queue->stats()->dead == 1);
  CHECK(queue->list("dead")->size() == 1);
  CHECK(*queue->replay(std::nullopt, 5) == 1);
  CHECK(queue->stats()->dead == 0);
  auto again = queue->claim(5);
  REQUIRE(again->has_value());
  CHECK((*again)->attempts == 0);
  CHECK(*queue->replay(12345, 5) == 0);
}

TEST_CASE("replay and drop take 0 for no job, and drop deletes only dead jobs", "[server][queue]") {
  test::TempDir dir;
  auto queue = open_in(dir);
  for (const char* delivery : {"a", "b", "c"}) {
    REQUIRE(queue->enqueue(job_for(delivery[0] - 'a' + 1, delivery), 0));
    REQUIRE(queue->dead_letter(claim_due_job(*queue), "gave up"));
  }
  REQUIRE(queue->enqueue(job_for(7, "pending"), 0));
  CHECK(*queue->replay(0, 5) == 0);  // no job has id 0: it is not "every job"
  CHECK(*queue->drop_dead(0) == 0);
  REQUIRE(queue->stats()->dead == 3);
  const std::int64_t first = (*queue->list("dead"))[0].id;
  CHECK(*queue->drop_dead(first) == 1);
  const std::int64_t pending = (*queue->list("pending"))[0].id;
  CHECK(*queue->drop_dead(pending) == 0);  // waiting work is never dropped
  CHECK(*queue->drop_dead(std::nullopt) == 2);
  CHECK(queue->stats()->dead == 0);
  CHECK(queue->stats()->pending == 1);
}

TEST_CASE("a run cut short by a crash counts as an attempt, up to a dead letter",
          "[server][queue]") {
  test::TempDir dir;
  SqliteQueueOptions options;
  options.recover_running_jobs = true;
  options.max_attempts = 2;
  {
    auto queue = SqliteJobQueue::open(dir.str(), options);
    REQUIRE(queue);
    REQUIRE((*queue)->enqueue(job_for(1, "a"), 0));
    REQUIRE((*queue)->enqueue(job_for(2, "b"), 0));
    claim_due_job(**queue);  // both left running, as a kill -9 leaves them
    claim_due_job(**queue);
  }
  for (int start = 1; start <= 2; ++start) {
    auto queue = SqliteJobQueue::open(dir.str(), options);
    REQUIRE(queue);
    const std::vector<QueuedJob> jobs = *(*queue)->list("");
    REQUIRE(jobs.size() == 2);
    CHECK((*queue)->recovered().due_again == (start < 2 ? 2 : 0));
    CHECK((*queue)->recovered().dead_lettered == (start < 2 ? 0 : 2));
    for (const QueuedJob& job : jobs) {
      CHECK(job.attempts == start);
      CHECK(job.state == (start < 2 ? "pending" : "dead"));
      CHECK(job.last_error.find("the server stopped while the job ran") == 0);
    }
    if (start == 1) {
      claim_due_job(**queue);  // and the process dies again
      claim_due_job(**queue);
    }
  }
}

TEST_CASE("state survives reopening, running jobs are recovered only by the server",
          "[server][queue]") {
  test::TempDir dir;
  {
    auto queue = open_in(dir);
    REQUIRE(queue->enqueue(job_for(1, "a"), 0));
    REQUIRE(queue->enqueue(job_for(2, "b"), 0));
    REQUIRE(queue->claim(0)->has_value());  // left running, as after a kill -9
    REQUIRE(queue->set_skipped("octo/hello#9", true, 0));
  }
  {
    auto reader = open_in(dir, /*recover=*/false);
    CHECK(reader->stats()->running == 1);
  }
  auto queue = open_in(dir);
  const QueueStats stats = *queue->stats();
  CHECK(stats.pending == 2);
  CHECK(stats.running == 0);
  CHECK(*queue->is_skipped("octo/hello#9"));
  CHECK(*queue->enqueue(job_for(1, "a"), 1) == EnqueueOutcome::duplicate);
  REQUIRE(queue->set_skipped("octo/hello#9", false, 0));
  CHECK_FALSE(*queue->is_skipped("octo/hello#9"));
}

TEST_CASE("an issue's unrecorded label changes survive reopening until forgotten",
          "[server][queue]") {
  test::TempDir dir;
  const LabelChanges changes{
      {"risk:data-loss", "needs \"info\", a, b"}, {"needs-info"}, {"sql:breaking"}, {"a, b"}};
  {
    auto queue = open_in(dir);
    CHECK(queue->label_changes("octo/hello#1")->empty());
    REQUIRE(queue->set_label_changes("octo/hello#1", changes, 0));
  }
  auto queue = open_in(dir);
  CHECK(*queue->label_changes("octo/hello#1") == changes);
  CHECK(queue->label_changes("octo/hello#2")->empty());
  const LabelChanges later{{}, {"needs-info", "sql:breaking"}};
  REQUIRE(queue->set_label_changes("octo/hello#1", later, 1));
  CHECK(*queue->label_changes("octo/hello#1") == later);  // replaced, not merged
  REQUIRE(queue->set_label_changes("octo/hello#1", {}, 2));
  CHECK(queue->label_changes("octo/hello#1")->empty());
}

TEST_CASE("unrecorded label changes older than the delivery retention are pruned at start",
          "[server][queue]") {
  test::TempDir dir;
  const std::int64_t day_ms = 24LL * 3600 * 1000;
  {
    auto queue = open_in(dir);
    REQUIRE(queue->set_label_changes("octo/hello#1", {{"needs-info"}, {}}, 0));
    REQUIRE(queue->set_label_changes("octo/hello#2", {{}, {"needs-info"}}, 5 * day_ms));
  }
  SqliteQueueOptions options;
  options.recover_running_jobs = true;
  options.now_ms = 10 * day_ms;
  options.delivery_retention_ms = 8 * day_ms;
  auto queue = SqliteJobQueue::open(dir.str(), options);
  REQUIRE(queue);
  CHECK((*queue)->label_changes("octo/hello#1")->empty());
  CHECK((*queue)->label_changes("octo/hello#2")->removed == std::vector<std::string>{"needs-info"});
}

TEST_CASE("a running queue forgets delivery ids older than the retention, hourly",
          "[server][queue]") {
  test::TempDir dir;
  const std::int64_t hour_ms = 3600LL * 1000;
  SqliteQueueOptions options;
  options.delivery_retention_ms = 2 * hour_ms;
  auto queue = SqliteJobQueue::open(dir.str(), options);
  REQUIRE(queue);
  REQUIRE(*(*queue)->enqueue(job_for(1, "a"), 0) == EnqueueOutcome::stored);
  REQUIRE(*(*queue)->enqueue(job_for(2, "b"), hour_ms) == EnqueueOutcome::stored);
  CHECK(*(*queue)->enqueue(job_for(1, "a"), 2 * hour_ms) == EnqueueOutcome::duplicate);
  // Past the retention, and an hour after the last pruning: "a" is forgotten, "b" is not yet.
  CHECK(*(*queue)->enqueue(job_for(3, "c"), 3 * hour_ms) == EnqueueOutcome::stored);
  CHECK(*(*queue)->enqueue(job_for(1, "a"), 3 * hour_ms) == EnqueueOutcome::coalesced);
  CHECK(*(*queue)->enqueue(job_for(2, "b"), 3 * hour_ms) == EnqueueOutcome::duplicate);
}

TEST_CASE("a second server's queue on the same data dir is refused and changes nothing",
          "[server][queue]") {
  test::TempDir dir;
  auto server = open_in(dir);
  REQUIRE(server->enqueue(job_for(1, "a"), 0));
  REQUIRE(server->claim(0)->has_value());  // the first server is working on it
  SqliteQueueOptions second_server;
  second_server.recover_running_jobs = true;
  auto refused = SqliteJobQueue::open(dir.str(), second_server);
  REQUIRE_FALSE(refused);
  CHECK_THAT(refused.error().describe(),
             Catch::Contains("another issuelint serve (pid " + std::to_string(::getpid()) + ")"));
  CHECK_THAT(refused.error().describe(), Catch::Contains(dir.str()));
  CHECK(server->stats()->running == 1);  // its running job was not made pending again
  {
    auto reader = open_in(dir, /*recover=*/false);  // `queue list` beside the server is fine
    CHECK(reader->stats()->running == 1);
  }
  server.reset();  // the lock goes with the first server's queue
  auto next = open_in(dir);
  CHECK(next->stats()->pending == 1);
}

TEST_CASE("group commit: concurrent enqueues share transactions", "[server][queue]") {
  test::TempDir dir;
  auto queue = open_in(dir);
  constexpr int kThreads = 16;
  constexpr int kEach = 25;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        auto stored =
            queue->enqueue(job_for(t * 1000 + i, std::to_string(t) + "-" + std::to_string(i)), 0);
        if (!stored || *stored != EnqueueOutcome::stored) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(failures == 0);
  CHECK(queue->stats()->pending == kThreads * kEach);
  CHECK(queue->commit_count() < kThreads * kEach);
}

TEST_CASE("an enqueue that returned is committed: another connection reads it", "[server][queue]") {
  test::TempDir dir;
  auto queue = open_in(dir);
  REQUIRE(*queue->enqueue(job_for(7, "seen-by-a-reader"), 5) == EnqueueOutcome::stored);
  // A second connection sees only committed data: the 202 was not answered early.
  auto reader = open_in(dir, /*recover=*/false);
  auto jobs = reader->list("pending");
  REQUIRE(jobs);
  REQUIRE(jobs->size() == 1);
  CHECK((*jobs)[0].job.delivery_id == "seen-by-a-reader");
  CHECK((*jobs)[0].job.issue_number == 7);
}

TEST_CASE("one batch: concurrent deliveries for one issue coalesce and duplicates drop",
          "[server][queue]") {
  test::TempDir dir;
  auto queue = open_in(dir);
  constexpr int kThreads = 24;
  std::vector<std::thread> threads;
  std::vector<EnqueueOutcome> outcomes(kThreads * 2);
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      // Each delivery arrives twice, as a redelivery racing the original would.
      for (int copy = 0; copy < 2; ++copy) {
        auto stored = queue->enqueue(job_for(3, "burst-" + std::to_string(t)), t);
        if (!stored) {
          ++failures;
          continue;
        }
        outcomes[static_cast<std::size_t>(t * 2 + copy)] = *stored;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  REQUIRE(failures == 0);
  const auto count = [&](EnqueueOutcome outcome) {
    return std::count(outcomes.begin(), outcomes.end(), outcome);
  };
  CHECK(count(EnqueueOutcome::stored) == 1);
  CHECK(count(EnqueueOutcome::coalesced) == kThreads - 1);
  CHECK(count(EnqueueOutcome::duplicate) == kThreads);
  auto jobs = queue->list("");
  REQUIRE(jobs);
  REQUIRE(jobs->size() == 1);
  CHECK((*jobs)[0].deliveries == kThreads);
}

TEST_CASE("closing the queue closes the database (its cached statements are released)",
          "[server][queue]") {
  test::TempDir dir;
  const auto wal = dir.path() / "queue.sqlite3-wal";
  for (int round = 0; round < 3; ++round) {
    {
      auto queue = open_in(dir);
      REQUIRE(*queue->enqueue(job_for(round, "round-" + std::to_string(round)), round) ==
              EnqueueOutcome::stored);
      CHECK(std::filesystem::exists(wal));
    }
    // The last connection's close checkpoints and removes the WAL; a statement left
    // unfinalized would make sqlite3_close fail and leave it behind.
    CHECK_FALSE(std::filesystem::exists(wal));
  }
  auto queue = open_in(dir);
  CHECK(queue->list("pending")->size() == 3);
}

TEST_CASE("a stored delivery waits for an fsync, a job's later states do not", "[server][queue]") {
  test::TempDir dir;
  auto queue = open_counting_syncs(dir);
  const test::SyncCounts before = test::SyncCountingVfs::counts();
  REQUIRE(*queue->enqueue(job_for(1, "a"), 0) == EnqueueOutcome::stored);
  const test::SyncCounts stored = test::SyncCountingVfs::counts();
  CHECK(stored.wal > before.wal);

  // Claimed, completed; claimed, retried, claimed, dead-lettered: no fsync.
  REQUIRE(queue->complete(claim_due_job(*queue)));
  CHECK(test::SyncCountingVfs::counts().wal == stored.wal);
  REQUIRE(*queue->enqueue(job_for(2, "b"), 0) == EnqueueOutcome::stored);
  const test::SyncCounts second_stored = test::SyncCountingVfs::counts();
  CHECK(second_stored.wal > stored.wal);
  REQUIRE(queue->retry_later(claim_due_job(*queue), 0, "GitHub answered 502"));
  REQUIRE(queue->dead_letter(claim_due_job(*queue), "GitHub answered 502 three times"));
  CHECK(test::SyncCountingVfs::counts().wal == second_stored.wal);
  CHECK(test::SyncCountingVfs::counts().database == before.database);

  // They are committed all the same: another connection reads them.
  auto reader = open_in(dir, /*recover=*/false);
  const QueueStats stats = *reader->stats();
  CHECK(stats.pending == 0);
  CHECK(stats.running == 0);
  CHECK(stats.dead == 1);

  // A user's "/issuelint skip" is durable again.
  const test::SyncCounts lifecycle = test::SyncCountingVfs::counts();
  REQUIRE(queue->set_skipped("octo/hello#2", true, 0));
  CHECK(test::SyncCountingVfs::counts().wal > lifecycle.wal);
}

TEST_CASE("the database deleted under the queue: deliveries refused once it is seen",
          "[server][queue]") {
  test::TempDir dir;
  auto queue = open_in(dir);
  REQUIRE(queue->health(0));
  REQUIRE(*queue->enqueue(job_for(1, "a"), 100) == EnqueueOutcome::stored);
  std::filesystem::remove_all(dir.path());
  SECTION("the writer looks before it acknowledges, at most once a second") {
    // Within the second after its last look the writer does not stat again; after it, it does.
    CHECK(queue->enqueue(job_for(2, "b"), 900));
    auto refused = queue->enqueue(job_for(3, "c"), 1100);
    REQUIRE_FALSE(refused);
    CHECK_THAT(refused.error().describe(), Catch::Contains("the queue database is gone"));
    CHECK_THAT(refused.error().describe(), Catch::Contains("queue.sqlite3"));
    CHECK(queue->stats()->pending == 2);  // a refused delivery is no job here either
  }
  SECTION("health looks every time, and from then on no delivery is acknowledged") {
    const Status health = queue->health(150);
    REQUIRE_FALSE(health);
    CHECK_THAT(health.error().message, Catch::Contains("deleted or moved while the server ran"));
    CHECK_FALSE(queue->enqueue(job_for(2, "b"), 160));  // the same second: known already
  }
  // A new directory in its place does not bring the old file back.
  std::filesystem::create_directories(dir.path());
  auto reopened = open_in(dir, /*recover=*/false);
  REQUIRE(*reopened->enqueue(job_for(4, "d"), 5000) == EnqueueOutcome::stored);
  CHECK_FALSE(queue->health(5000));
  CHECK_FALSE(queue->enqueue(job_for(5, "e"), 5000));
}

TEST_CASE("the database replaced by another file under the queue is seen by health",
          "[server][queue]") {
  test::TempDir dir;
  auto queue = open_in(dir);
  const auto file = dir.path() / "queue.sqlite3";
  std::filesystem::rename(file, dir.path() / "moved.sqlite3");
  test::write_file(dir, "queue.sqlite3", "");
  const Status health = queue->health(0);
  REQUIRE_FALSE(health);
  CHECK_THAT(health.error().message, Catch::Contains("replaced by another file"));
}

TEST_CASE("a full disk: deliveries refused, health fails until a write works again",
          "[server][queue]") {
  test::TempDir dir;
  auto queue = open_counting_syncs(dir);
  REQUIRE(*queue->enqueue(job_for(1, "a"), 0) == EnqueueOutcome::stored);
  {
    test::FullDisk full;
    auto refused = queue->enqueue(job_for(2, "b"), 10);
    REQUIRE_FALSE(refused);
    CHECK_THAT(refused.error().describe(), Catch::Contains("database or disk is full"));
    const Status health = queue->health(20);
    REQUIRE_FALSE(health);
    CHECK_THAT(health.error().message, Catch::Contains("deliveries cannot be stored"));
    CHECK_FALSE(queue->health(30));  // its own probe write failed too
  }
  // Space again: health's probe write succeeds, with no delivery needed to find out.
  CHECK(queue->health(40));
  CHECK(*queue->enqueue(job_for(2, "b"), 50) == EnqueueOutcome::stored);
  {
    test::FullDisk full;
    REQUIRE_FALSE(queue->enqueue(job_for(3, "c"), 60));
  }
  // A delivery that is stored clears it as well.
  CHECK(*queue->enqueue(job_for(3, "c"), 70) == EnqueueOutcome::stored);
  CHECK(queue->health(80));
  CHECK(queue->stats()->pending == 3);
}
