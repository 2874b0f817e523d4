#include "bot/server/sqlite_job_queue.h"

#include <sqlite3.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <utility>

#include "bot/server/job_coalescing.h"

namespace issuelint {

std::string issue_key(const IssueJob& job) {
  return job.owner + "/" + job.repo + "#" + std::to_string(job.issue_number);
}

namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS deliveries (
  delivery_id TEXT PRIMARY KEY,
  received_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS jobs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  issue_key TEXT NOT NULL,
  kind TEXT NOT NULL,
  state TEXT NOT NULL,
  delivery_id TEXT NOT NULL,
  event TEXT NOT NULL,
  action TEXT NOT NULL,
  owner TEXT NOT NULL,
  repo TEXT NOT NULL,
  issue_number INTEGER NOT NULL,
  installation_id INTEGER NOT NULL,
  requested_by TEXT NOT NULL,
  requester_unverified INTEGER NOT NULL DEFAULT 0,
  deliveries INTEGER NOT NULL DEFAULT 1,
  attempts INTEGER NOT NULL DEFAULT 0,
  enqueued_ms INTEGER NOT NULL,
  not_before_ms INTEGER NOT NULL,
  last_error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS jobs_by_state ON jobs (state, not_before_ms);
CREATE INDEX IF NOT EXISTS jobs_by_issue ON jobs (issue_key, state);
CREATE TABLE IF NOT EXISTS skipped_issues (
  issue_key TEXT PRIMARY KEY,
  since_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS label_changes (
  issue_key TEXT PRIMARY KEY,
  added TEXT NOT NULL,
  removed TEXT NOT NULL,
  since_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS health_probe (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  probed_ms INTEGER NOT NULL
);
)sql";

constexpr const char* kJobColumns =
    "id, delivery_id, event, action, owner, repo, issue_number, installation_id, kind, "
    "requested_by, deliveries, attempts, enqueued_ms, not_before_ms, state, last_error, "
    "requester_unverified";

Error sqlite_error(sqlite3* db, const std::string& what) {
  return make_error(what + ": " + sqlite3_errmsg(db), "sqlite");
}

Result<sqlite3*> open_connection(const std::string& path, const std::string& vfs) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                      vfs.empty() ? nullptr : vfs.c_str()) != SQLITE_OK) {
    // sqlite3_errmsg answers "out of memory" for the null handle a failed allocation leaves.
    Error failure =
        make_error(std::string("cannot open the queue database: ") + sqlite3_errmsg(db), path);
    sqlite3_close(db);
    return failure;
  }
  sqlite3_busy_timeout(db, 5000);
  return db;
}

// A prepared statement that finalizes itself; binds are 1-based as in SQLite. `persistent`
// ones are kept for the queue's lifetime and reset before each use (see EnqueueStatements).
class Statement {
 public:
  Statement(sqlite3* db, const std::string& sql, bool persistent = false) {
    const unsigned flags = persistent ? SQLITE_PREPARE_PERSISTENT : 0;
    if (sqlite3_prepare_v3(db, sql.c_str(), -1, flags, &stmt_, nullptr) != SQLITE_OK) {
      sqlite3_finalize(stmt_);
      stmt_ = nullptr;
    }
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  bool ok() const { return stmt_ != nullptr; }
  // Makes a statement used before ready to bind and step again.
  Statement& reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    return *this;
  }
  Statement& bind(int index, std::int64_t value) {
    sqlite3_bind_int64(stmt_, index, value);
    return *this;
  }
  Statement& bind(int index, const std::string& value) {
    sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
    return *this;
  }
  int step() { return sqlite3_step(stmt_); }
  // Steps a statement that returns no rows and resets it, so it holds nothing between uses.
  bool run() {
    const int status = sqlite3_step(stmt_);
    sqlite3_reset(stmt_);
    return status == SQLITE_DONE;
  }
  std::int64_t int_at(int column) const { return sqlite3_column_int64(stmt_, column); }
  std::string text_at(int column) const {
    const auto* text = sqlite3_column_text(stmt_, column);
    return text == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(text));
  }

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

QueuedJob read_job(const Statement& row) {
  QueuedJob queued;
  queued.id = row.int_at(0);
  queued.job.delivery_id = row.text_at(1);
  queued.job.event = row.text_at(2);
  queued.job.action = row.text_at(3);
  queued.job.owner = row.text_at(4);
  queued.job.repo = row.text_at(5);
  queued.job.issue_number = static_cast<int>(row.int_at(6));
  queued.job.installation_id = row.int_at(7);
  queued.job.kind = job_kind_from_name(row.text_at(8)).value_or(JobKind::triage);
  queued.job.requested_by = row.text_at(9);
  queued.deliveries = static_cast<int>(row.int_at(10));
  queued.attempts = static_cast<int>(row.int_at(11));
  queued.enqueued_ms = row.int_at(12);
  queued.not_before_ms = row.int_at(13);
  queued.state = row.text_at(14);
  queued.last_error = row.text_at(15);
  queued.job.requester_unverified = row.int_at(16) != 0;
  return queued;
}

}  // namespace

// The statements every delivery runs, prepared once instead of three prepares and three parsed
// SAVEPOINT/RELEASE execs per delivery. Used only by the writer thread, under db_mutex_.
struct SqliteJobQueue::EnqueueStatements {
  explicit EnqueueStatements(sqlite3* db)
      : begin(db, "BEGIN IMMEDIATE", true),
        commit(db, "COMMIT", true),
        rollback(db, "ROLLBACK", true),
        savepoint(db, "SAVEPOINT one_delivery", true),
        rollback_to(db, "ROLLBACK TO one_delivery", true),
        release(db, "RELEASE one_delivery", true),
        remember(db, "INSERT OR IGNORE INTO deliveries (delivery_id, received_ms) VALUES (?, ?)",
                 true),
        // Coalescing (job_coalescing.h): the worker fetches the issue's latest state, so a job
        // still waiting covers this delivery too. A running job does not: it may have fetched
        // the issue. Only the newest waiting job may take it, or commands would run out of order.
        newest_waiting(db,
                       "SELECT id, delivery_id, event, action, requested_by, installation_id, "
                       "kind, requester_unverified FROM jobs WHERE issue_key = ? AND state = "
                       "'pending' "
                       "ORDER BY id DESC LIMIT 1",
                       true),
        merge(db,
              "UPDATE jobs SET deliveries = deliveries + 1, delivery_id = ?, event = ?, "
              "action = ?, requested_by = ?, installation_id = ? WHERE id = ?",
              true),
        insert(db,
               "INSERT INTO jobs (issue_key, kind, state, delivery_id, event, action, owner, "
               "repo, issue_number, installation_id, requested_by, enqueued_ms, not_before_ms, "
               "requester_unverified) VALUES (?, ?, 'pending', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
               true) {}

  bool ok() const {
    for (const Statement* statement : {&begin, &commit, &rollback, &savepoint, &rollback_to,
                                       &release, &remember, &newest_waiting, &merge, &insert}) {
      if (!statement->ok()) return false;
    }
    return true;
  }

  Statement begin, commit, rollback, savepoint, rollback_to, release, remember, newest_waiting,
      merge, insert;
};

// How a handler waits for the commit that holds its delivery. Each has its own mutex and
// condition variable, so the writer wakes a handler without holding a lock the others need:
// one futex wait and one wake a delivery. (A condition variable under the batch mutex had every
// woken handler queue on that mutex behind the writer; std::promise costs an extra futex call
// in its call_once.) Shared, so the writer can notify after the handler has already returned.
struct SqliteJobQueue::Completion {
  std::mutex mutex;
  std::condition_variable done;
  std::optional<Result<EnqueueOutcome>> result;

  void finish(Result<EnqueueOutcome> outcome) {
    {
      std::lock_guard lock(mutex);
      result = std::move(outcome);
    }
    done.notify_one();
  }
  Result<EnqueueOutcome> wait() {
    std::unique_lock lock(mutex);
    done.wait(lock, [&] { return result.has_value(); });
    return std::move(*result);
  }
};

struct SqliteJobQueue::PendingWrite {
  IssueJob job;
  std::int64_t now_ms = 0;
  std::shared_ptr<Completion> completion;
};

Result<std::unique_ptr<SqliteJobQueue>> SqliteJobQueue::open(const std::string& data_dir,
                                                             const SqliteQueueOptions& options) {
  std::error_code error;
  std::filesystem::create_directories(data_dir, error);
  if (error) return make_error("cannot create the data directory: " + error.message(), data_dir);
  std::optional<DataDirLock> server_lock;
  if (options.recover_running_jobs) {
    Result<DataDirLock> locked = DataDirLock::acquire(data_dir);
    if (!locked) return locked.error();
    server_lock.emplace(std::move(*locked));
  }
  const std::string path = (std::filesystem::path(data_dir) / "queue.sqlite3").string();
  Result<sqlite3*> db = open_connection(path, options.vfs);
  if (!db) return db.error();
  std::unique_ptr<SqliteJobQueue> queue(new SqliteJobQueue(*db, path));
  queue->server_lock_ = std::move(server_lock);
  // WAL lets `queue list` read beside the server; synchronous=FULL fsyncs the WAL at every commit,
  // which is what makes a 202 survive power loss (NORMAL would survive only kill -9).
  for (const char* pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL"}) {
    if (Status status = queue->exec(pragma); !status) return status.error();
  }
  if (Status status = queue->exec(kSchema); !status) return status.error();
  if (Status status = queue->add_missing_columns(); !status) return status.error();
  // The file the connection has open, now that the schema is in it: what the path must still
  // name for a commit to be worth a 202.
  struct stat opened {};
  if (::stat(path.c_str(), &opened) != 0) {
    return make_error(std::string("cannot stat the queue database: ") + std::strerror(errno), path);
  }
  queue->database_device_ = opened.st_dev;
  queue->database_inode_ = opened.st_ino;
  queue->database_checked_ms_ = options.now_ms;
  if (options.recover_running_jobs) {
    if (Status status = queue->recover_running_jobs(options.max_attempts); !status) {
      return status.error();
    }
  }
  queue->statements_ = std::make_unique<EnqueueStatements>(queue->db_);
  if (!queue->statements_->ok()) {
    return sqlite_error(queue->db_, "cannot prepare the queue's statements");
  }
  queue->retention_ms_ = options.delivery_retention_ms;
  queue->prune(options.now_ms);
  queue->writer_ = std::thread([raw = queue.get()] { raw->writer_loop(); });
  return queue;
}

SqliteJobQueue::SqliteJobQueue(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}

void SqliteJobQueue::prune(std::int64_t now_ms) {
  pruned_ms_ = now_ms;
  Statement deliveries(db_, "DELETE FROM deliveries WHERE received_ms < ?");
  if (deliveries.ok()) deliveries.bind(1, now_ms - retention_ms_).step();
  // An issue whose attempts stopped (closed, or left alone) would keep its row for good.
  Statement labels(db_, "DELETE FROM label_changes WHERE since_ms < ?");
  if (labels.ok()) labels.bind(1, now_ms - retention_ms_).step();
}

SqliteJobQueue::~SqliteJobQueue() {
  {
    std::lock_guard lock(batch_mutex_);
    stopping_ = true;
  }
  batch_ready_.notify_all();
  if (writer_.joinable()) writer_.join();
  statements_.reset();  // finalized before the connection closes, or the close fails
  sqlite3_close(db_);
}

Status SqliteJobQueue::use_fsync_at_commit(bool fsync) {
  if (fsync == fsync_at_commit_) return Ok{};
  if (Status status = exec(fsync ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
      !status) {
    return status;
  }
  fsync_at_commit_ = fsync;
  return Ok{};
}

Status SqliteJobQueue::exec(const char* sql) {
  char* message = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    Error failure = make_error(std::string(message != nullptr ? message : "unknown error"), path_);
    sqlite3_free(message);
    return failure;
  }
  return Ok{};
}

Status SqliteJobQueue::add_missing_columns() {
  Statement has_column(
      db_, "SELECT 1 FROM pragma_table_info('jobs') WHERE name = 'requester_unverified'");
  const int step = has_column.step();
  if (step == SQLITE_ROW) return Ok{};
  if (step != SQLITE_DONE) return sqlite_error(db_, "cannot read the jobs table's columns");
  has_column.reset();
  // Jobs stored before it were all commands of writers (or no commands).
  return exec("ALTER TABLE jobs ADD COLUMN requester_unverified INTEGER NOT NULL DEFAULT 0");
}

Result<EnqueueOutcome> SqliteJobQueue::enqueue(const IssueJob& job, std::int64_t now_ms) {
  auto completion = std::make_shared<Completion>();
  {
    std::lock_guard lock(batch_mutex_);
    if (stopping_) return make_error("the queue is closing", path_);
    incoming_.push_back(PendingWrite{job, now_ms, completion});
  }
  batch_ready_.notify_one();
  return completion->wait();
}

void SqliteJobQueue::writer_loop() {
  std::vector<PendingWrite> batch;
  for (;;) {
    batch.clear();
    {
      std::unique_lock lock(batch_mutex_);
      batch_ready_.wait(lock, [&] { return stopping_ || !incoming_.empty(); });
      if (incoming_.empty()) return;  // stopping, and nothing left to write
      batch.swap(incoming_);
      ++commits_;
    }
    std::vector<Result<EnqueueOutcome>> results = write_batch(batch);
    for (std::size_t i = 0; i < batch.size(); ++i)
      batch[i].completion->finish(std::move(results[i]));
  }
}

// One transaction, so one fsync, for everything that arrived while the previous one committed.
std::vector<Result<EnqueueOutcome>> SqliteJobQueue::write_batch(
    const std::vector<PendingWrite>& batch) {
  std::vector<Result<EnqueueOutcome>> results;
  const Status written = write_in_one_transaction(batch, results);
  note_durable_write(written);
  // Nothing of the batch is durable: every handler reports why (no 202).
  if (!written) results.assign(batch.size(), Result<EnqueueOutcome>(written.error()));
  return results;
}

Status SqliteJobQueue::write_in_one_transaction(const std::vector<PendingWrite>& batch,
                                                std::vector<Result<EnqueueOutcome>>& results) {
  results.reserve(batch.size());
  std::lock_guard db_lock(db_mutex_);
  EnqueueStatements& statements = *statements_;
  if (Status durable = use_fsync_at_commit(true); !durable) return durable;
  if (!statements.begin.run()) return sqlite_error(db_, "cannot begin the enqueue transaction");
  std::int64_t latest_ms = 0;
  for (const PendingWrite& write : batch) {
    results.push_back(insert_isolated(write.job, write.now_ms));
    latest_ms = std::max(latest_ms, write.now_ms);
  }
  // A server that runs for months would otherwise keep every delivery id since its start.
  if (latest_ms - pruned_ms_ >= kPruneEveryMs) prune(latest_ms);
  // Last, so that a loss found now leaves nothing behind: a delivery refused with 503 must not
  // also become a job of this process (GitHub redelivers it to the next one).
  if (Status in_place = database_in_place(latest_ms, /*always=*/false); !in_place) {
    (void)statements.rollback.run();
    return in_place;
  }
  if (!statements.commit.run()) {
    const Error failure = sqlite_error(db_, "cannot commit the enqueued deliveries");
    (void)statements.rollback.run();
    return failure;
  }
  return Ok{};
}

Status SqliteJobQueue::database_in_place(std::int64_t now_ms, bool always) {
  std::lock_guard lock(health_mutex_);
  if (database_lost_) return *database_lost_;
  // A clock that went back counts as due: a check skipped for that long could miss the loss.
  const std::int64_t since = now_ms - database_checked_ms_;
  if (!always && since >= 0 && since < kDatabaseCheckMs) return Ok{};
  database_checked_ms_ = now_ms;
  struct stat now_there {};
  std::string why;
  if (::stat(path_.c_str(), &now_there) != 0) {
    why = std::string("the queue database is gone (") + std::strerror(errno) +
          "): it was deleted or moved while the server ran";
  } else if (now_there.st_dev != database_device_ || now_there.st_ino != database_inode_) {
    why = "the queue database was replaced by another file while the server ran";
  } else {
    return Ok{};
  }
  // What is written now goes to a file the next start will not see: a 202 would be a lie.
  database_lost_ = make_error(why +
                                  "; deliveries are refused (503) until the server is restarted "
                                  "with its data directory in place",
                              path_);
  return *database_lost_;
}

void SqliteJobQueue::note_durable_write(const Status& written) {
  std::lock_guard lock(health_mutex_);
  if (written) {
    write_failure_.reset();
  } else {
    write_failure_ = written.error();
  }
}

Status SqliteJobQueue::probe_write(std::int64_t now_ms) {
  std::lock_guard db_lock(db_mutex_);
  if (Status durable = use_fsync_at_commit(true); !durable) return durable;
  Statement probe(db_, "INSERT OR REPLACE INTO health_probe (id, probed_ms) VALUES (1, ?)");
  if (!probe.ok() || probe.bind(1, now_ms).step() != SQLITE_DONE) {
    return sqlite_error(db_, "cannot write to the queue");
  }
  return Ok{};
}

// One delivery's writes inside a savepoint, so a failing one does not undo its batch-mates.
Result<EnqueueOutcome> SqliteJobQueue::insert_isolated(const IssueJob& job, std::int64_t now_ms) {
  EnqueueStatements& statements = *statements_;
  if (!statements.savepoint.run()) return sqlite_error(db_, "cannot open a savepoint");
  Result<EnqueueOutcome> result = insert_one(job, now_ms);
  if (!result && !statements.rollback_to.run()) {
    return sqlite_error(db_, "cannot undo a failed delivery");
  }
  if (!statements.release.run()) return sqlite_error(db_, "cannot release a savepoint");
  return result;
}

Result<EnqueueOutcome> SqliteJobQueue::insert_one(const IssueJob& job, std::int64_t now_ms) {
  EnqueueStatements& statements = *statements_;
  if (!statements.remember.reset().bind(1, job.delivery_id).bind(2, now_ms).run()) {
    return sqlite_error(db_, "cannot record the delivery");
  }
  if (sqlite3_changes(db_) == 0) return EnqueueOutcome::duplicate;

  const std::string key = issue_key(job);
  Result<bool> coalesced = coalesce_into_waiting(job, key);
  if (!coalesced) return coalesced.error();
  if (*coalesced) return EnqueueOutcome::coalesced;

  const std::string kind(job_kind_name(job.kind));
  if (!statements.insert.reset()
           .bind(1, key)
           .bind(2, kind)
           .bind(3, job.delivery_id)
           .bind(4, job.event)
           .bind(5, job.action)
           .bind(6, job.owner)
           .bind(7, job.repo)
           .bind(8, job.issue_number)
           .bind(9, job.installation_id)
           .bind(10, job.requested_by)
           .bind(11, now_ms)
           .bind(12, now_ms)
           .bind(13, job.requester_unverified ? 1 : 0)
           .run()) {
    return sqlite_error(db_, "cannot store the job");
  }
  return EnqueueOutcome::stored;
}

// Merges `job` into the issue's newest waiting job when coalesce_into() allows it.
Result<bool> SqliteJobQueue::coalesce_into_waiting(const IssueJob& job, const std::string& key) {
  EnqueueStatements& statements = *statements_;
  Statement& newest = statements.newest_waiting.reset().bind(1, key);
  const int step = newest.step();
  if (step == SQLITE_DONE) {
    newest.reset();
    return false;
  }
  if (step != SQLITE_ROW) {
    Error failure = sqlite_error(db_, "cannot look for a waiting job");
    newest.reset();
    return failure;
  }
  const std::int64_t waiting_id = newest.int_at(0);
  IssueJob waiting = job;  // same issue: owner, repo and number are this delivery's
  waiting.delivery_id = newest.text_at(1);
  waiting.event = newest.text_at(2);
  waiting.action = newest.text_at(3);
  waiting.requested_by = newest.text_at(4);
  waiting.installation_id = newest.int_at(5);
  waiting.kind = job_kind_from_name(newest.text_at(6)).value_or(JobKind::triage);
  waiting.requester_unverified = newest.int_at(7) != 0;
  newest.reset();  // a statement left stepping would hold its read on the database
  const std::optional<IssueJob> merged = coalesce_into(waiting, job);
  if (!merged) return false;
  if (!statements.merge.reset()
           .bind(1, merged->delivery_id)
           .bind(2, merged->event)
           .bind(3, merged->action)
           .bind(4, merged->requested_by)
           .bind(5, merged->installation_id)
           .bind(6, waiting_id)
           .run()) {
    return sqlite_error(db_, "cannot coalesce the job");
  }
  return true;
}

Result<std::optional<QueuedJob>> SqliteJobQueue::claim(std::int64_t now_ms) {
  std::lock_guard lock(db_mutex_);
  if (Status lifecycle = use_fsync_at_commit(false); !lifecycle) return lifecycle.error();
  // One issue's jobs run in the order they were stored, one at a time: a job backing off holds
  // the issue's later jobs too, or a '/issuelint check' retried after a later '/issuelint skip'
  // would end that skip.
  Statement select(db_, std::string("SELECT ") + kJobColumns +
                            " FROM jobs AS j WHERE state = 'pending' AND not_before_ms <= ? "
                            "AND NOT EXISTS (SELECT 1 FROM jobs AS r WHERE r.issue_key = "
                            "j.issue_key AND (r.state = 'running' OR (r.state = 'pending' AND "
                            "r.id < j.id))) ORDER BY id LIMIT 1");
  if (!select.ok()) return sqlite_error(db_, "cannot look for a job");
  const int step = select.bind(1, now_ms).step();
  if (step == SQLITE_DONE) return std::optional<QueuedJob>();
  if (step != SQLITE_ROW) return sqlite_error(db_, "cannot look for a job");
  QueuedJob queued = read_job(select);
  Statement mark(db_, "UPDATE jobs SET state = 'running' WHERE id = ?");
  if (!mark.ok() || mark.bind(1, queued.id).step() != SQLITE_DONE) {
    return sqlite_error(db_, "cannot mark the job running");
  }
  queued.state = "running";
  return std::optional<QueuedJob>(std::move(queued));
}

Status SqliteJobQueue::complete(std::int64_t job_id) {
  std::lock_guard lock(db_mutex_);
  if (Status lifecycle = use_fsync_at_commit(false); !lifecycle) return lifecycle.error();
  Statement remove(db_, "DELETE FROM jobs WHERE id = ?");
  if (!remove.ok() || remove.bind(1, job_id).step() != SQLITE_DONE) {
    return sqlite_error(db_, "cannot complete job " + std::to_string(job_id));
  }
  return Ok{};
}

Status SqliteJobQueue::retry_later(std::int64_t job_id, std::int64_t not_before_ms,
                                   const std::string& error) {
  std::lock_guard lock(db_mutex_);
  if (Status lifecycle = use_fsync_at_commit(false); !lifecycle) return lifecycle.error();
  Statement update(db_,
                   "UPDATE jobs SET state = 'pending', attempts = attempts + 1, not_before_ms = ?, "
                   "last_error = ? WHERE id = ?");
  if (!update.ok() ||
      update.bind(1, not_before_ms).bind(2, error).bind(3, job_id).step() != SQLITE_DONE) {
    return sqlite_error(db_, "cannot reschedule job " + std::to_string(job_id));
  }
  return Ok{};
}

Status SqliteJobQueue::dead_letter(std::int64_t job_id, const std::string& error) {
  std::lock_guard lock(db_mutex_);
  if (Status lifecycle = use_fsync_at_commit(false); !lifecycle) return lifecycle.error();
  Statement update(db_,
                   "UPDATE jobs SET state = 'dead', attempts = attempts + 1, last_error = ? "
                   "WHERE id = ?");
  if (!update.ok() || update.bind(1, error).bind(2, job_id).step() != SQLITE_DONE) {
    return sqlite_error(db_, "cannot dead-letter job " + std::to_string(job_id));
  }
  return Ok{};
}

Result<std::vector<QueuedJob>> SqliteJobQueue::list(const std::string& state) {
  std::lock_guard lock(db_mutex_);
  Statement select(db_, std::string("SELECT ") + kJobColumns +
                            " FROM jobs WHERE ? = '' OR state = ? ORDER BY id");
  if (!select.ok()) return sqlite_error(db_, "cannot list jobs");
  select.bind(1, state).bind(2, state);
  std::vector<QueuedJob> jobs;
  int step = 0;
  while ((step = select.step()) == SQLITE_ROW) jobs.push_back(read_job(select));
  if (step != SQLITE_DONE) return sqlite_error(db_, "cannot list jobs");
  return jobs;
}

// A running job at start was cut short by a crash: its run counts, or a job that kills the
// process would be run again at every start, for good.
Status SqliteJobQueue::recover_running_jobs(int max_attempts) {
  Statement recover(db_,
                    "UPDATE jobs SET attempts = attempts + 1, last_error = ?, state = CASE WHEN "
                    "? > 0 AND attempts + 1 >= ? THEN 'dead' ELSE 'pending' END "
                    "WHERE state = 'running' RETURNING state");
  const std::string why =
      "the server stopped while the job ran (a crash, or kill -9); counted as an attempt";
  if (!recover.ok()) return sqlite_error(db_, "cannot make the interrupted jobs due again");
  recover.bind(1, why).bind(2, max_attempts).bind(3, max_attempts);
  int step = 0;
  while ((step = recover.step()) == SQLITE_ROW) {
    ++(recover.text_at(0) == "dead" ? recovered_.dead_lettered : recovered_.due_again);
  }
  if (step != SQLITE_DONE) return sqlite_error(db_, "cannot make the interrupted jobs due again");
  return Ok{};
}

Result<int> SqliteJobQueue::change_dead(const std::string& sql, std::optional<std::int64_t> job_id,
                                        std::int64_t bound_first) {
  std::lock_guard lock(db_mutex_);
  if (Status durable = use_fsync_at_commit(true); !durable) return durable.error();
  // NULL stands for every job: an id of 0 (no job has it) must not mean all of them.
  Statement update(db_, sql + " WHERE state = 'dead' AND (?2 IS NULL OR id = ?2)");
  if (!update.ok()) return sqlite_error(db_, "cannot change dead jobs");
  update.bind(1, bound_first);
  if (job_id) update.bind(2, *job_id);
  if (update.step() != SQLITE_DONE) return sqlite_error(db_, "cannot change dead jobs");
  return sqlite3_changes(db_);
}

Result<int> SqliteJobQueue::replay(std::optional<std::int64_t> job_id, std::int64_t now_ms) {
  return change_dead("UPDATE jobs SET state = 'pending', attempts = 0, not_before_ms = ?1", job_id,
                     now_ms);
}

Result<int> SqliteJobQueue::drop_dead(std::optional<std::int64_t> job_id) {
  return change_dead("DELETE FROM jobs", job_id, 0);  // ?1 unused: SQLite allows the gap
}

Result<QueueStats> SqliteJobQueue::stats() {
  std::lock_guard lock(db_mutex_);
  Statement select(
      db_,
      "SELECT COALESCE(SUM(state = 'pending'), 0), COALESCE(SUM(state = 'running'), 0), "
      "COALESCE(SUM(state = 'dead'), 0), "
      "COALESCE(MIN(CASE WHEN state = 'pending' THEN enqueued_ms END), 0) FROM jobs");
  if (!select.ok() || select.step() != SQLITE_ROW) return sqlite_error(db_, "cannot count jobs");
  return QueueStats{select.int_at(0), select.int_at(1), select.int_at(2), select.int_at(3)};
}

Status SqliteJobQueue::health(std::int64_t now_ms) {
  if (Status in_place = database_in_place(now_ms, /*always=*/true); !in_place) return in_place;
  bool write_failed = false;
  {
    std::lock_guard lock(health_mutex_);
    write_failed = write_failure_.has_value();
  }
  // Deliveries are refused while commits fail (a full disk): until a write works again, the
  // server cannot take work. Probing here sees a recovered disk even when no delivery comes
  // (a load balancer that trusts this answer sends none).
  if (write_failed) {
    Status probe = probe_write(now_ms);
    note_durable_write(probe);
    if (!probe) {
      return make_error("deliveries cannot be stored: " + probe.error().message, path_);
    }
  }
  Result<QueueStats> answers = stats();
  if (!answers) return answers.error();
  return Ok{};
}

Status SqliteJobQueue::set_skipped(const std::string& key, bool skipped, std::int64_t now_ms) {
  std::lock_guard lock(db_mutex_);
  if (Status durable = use_fsync_at_commit(true); !durable) return durable.error();
  Statement statement(
      db_, skipped ? "INSERT OR REPLACE INTO skipped_issues (issue_key, since_ms) VALUES (?, ?)"
                   : "DELETE FROM skipped_issues WHERE issue_key = ? AND ? >= 0");
  if (!statement.ok() || statement.bind(1, key).bind(2, now_ms).step() != SQLITE_DONE) {
    return sqlite_error(db_, "cannot record the skip state of " + key);
  }
  return Ok{};
}

Result<bool> SqliteJobQueue::is_skipped(const std::string& key) {
  std::lock_guard lock(db_mutex_);
  Statement select(db_, "SELECT 1 FROM skipped_issues WHERE issue_key = ?");
  if (!select.ok()) return sqlite_error(db_, "cannot read the skip state of " + key);
  const int step = select.bind(1, key).step();
  if (step == SQLITE_ROW) return true;
  if (step == SQLITE_DONE) return false;
  return sqlite_error(db_, "cannot read the skip state of " + key);
}

namespace {

// A list of label names as one column: a JSON array, since a label's name may hold any text.
// A label whose write GitHub did not confirm is {"name": …, "unconfirmed": true} among the
// names: kept in the same column, and a server from before reads past it.
std::string label_list_text(const std::vector<std::string>& names,
                            const std::vector<std::string>& unconfirmed) {
  nlohmann::json list = names;
  for (const std::string& name : unconfirmed) {
    list.push_back(nlohmann::json::object({{"name", name}, {"unconfirmed", true}}));
  }
  return list.dump();
}

void read_label_list(const std::string& text, std::vector<std::string>& names,
                     std::vector<std::string>& unconfirmed) {
  const nlohmann::json parsed = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_array()) return;
  for (const nlohmann::json& entry : parsed) {
    if (entry.is_string()) names.push_back(entry.get<std::string>());
    if (entry.is_object() && entry.contains("name") && entry["name"].is_string()) {
      unconfirmed.push_back(entry["name"].get<std::string>());
    }
  }
}

}  // namespace

Status SqliteJobQueue::set_label_changes(const std::string& key, const LabelChanges& changes,
                                         std::int64_t now_ms) {
  std::lock_guard lock(db_mutex_);
  // Durable at once: these changes are already on GitHub, and a power cut must not lose them.
  if (Status durable = use_fsync_at_commit(true); !durable) return durable.error();
  if (changes.empty()) {
    Statement forget(db_, "DELETE FROM label_changes WHERE issue_key = ?");
    if (!forget.ok() || forget.bind(1, key).step() != SQLITE_DONE) {
      return sqlite_error(db_, "cannot forget the label changes of " + key);
    }
    return Ok{};
  }
  Statement keep(db_,
                 "INSERT OR REPLACE INTO label_changes (issue_key, added, removed, since_ms) "
                 "VALUES (?, ?, ?, ?)");
  if (!keep.ok() || keep.bind(1, key)
                            .bind(2, label_list_text(changes.added, changes.unconfirmed_added))
                            .bind(3, label_list_text(changes.removed, changes.unconfirmed_removed))
                            .bind(4, now_ms)
                            .step() != SQLITE_DONE) {
    return sqlite_error(db_, "cannot record the label changes of " + key);
  }
  return Ok{};
}

Result<LabelChanges> SqliteJobQueue::label_changes(const std::string& key) {
  std::lock_guard lock(db_mutex_);
  Statement select(db_, "SELECT added, removed FROM label_changes WHERE issue_key = ?");
  if (!select.ok()) return sqlite_error(db_, "cannot read the label changes of " + key);
  const int step = select.bind(1, key).step();
  if (step == SQLITE_DONE) return LabelChanges{};
  if (step != SQLITE_ROW) return sqlite_error(db_, "cannot read the label changes of " + key);
  LabelChanges changes;
  read_label_list(select.text_at(0), changes.added, changes.unconfirmed_added);
  read_label_list(select.text_at(1), changes.removed, changes.unconfirmed_removed);
  return changes;
}

std::int64_t SqliteJobQueue::commit_count() const {
  std::lock_guard lock(batch_mutex_);
  return commits_;
}

}  // namespace issuelint
