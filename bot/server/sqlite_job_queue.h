// JobQueue on an embedded SQLite database in the data dir (WAL).
//
// Durability: a handler's enqueue returns only after the transaction holding its delivery has
// committed with an fsync of the WAL (synchronous=FULL), so a 202 survives kill -9 and power
// loss. Group commit keeps that from capping throughput at one fsync per delivery: handlers hand
// their job to one writer thread, which inserts everything waiting into one transaction and
// wakes them all when it has committed.
//
// A job's life after it was stored (claimed, completed, retried, dead-lettered) commits without
// an fsync (synchronous=NORMAL): those commits held the one connection through an fsync each, two
// per triage, while the writer (and the deliveries waiting for it) waited for the connection. The
// next durable commit's fsync of the WAL makes them durable too; one lost to a power cut leaves
// the job pending or running, and a running job is pending again when the server restarts: it
// runs once more, which the one edited triage comment makes harmless.
//
// A 202 is only as durable as the file it was written to. The database deleted or replaced
// under a running server (its data dir removed, a volume swapped) leaves the open connection
// writing into an unlinked file that the next start never sees, so the writer compares the
// path's file with the one it opened before it commits a batch (a stat at most once a second)
// and refuses deliveries for good once they differ, leaving no job of them; health() says so
// too.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "bot/server/data_dir_lock.h"
#include "bot/server/job_queue.h"

struct sqlite3;

namespace issuelint {

struct SqliteQueueOptions {
  // Only the server sets this: jobs left "running" by a crash become pending again. A
  // `queue list` run beside a live server must not steal its running jobs. Recovering is safe
  // only for the one server of the data dir, so this also takes its DataDirLock, before the
  // database is touched: open() fails while another server holds it.
  bool recover_running_jobs = false;
  // With recover_running_jobs: the run a crash cut short counts as an attempt, and a job that has
  // had this many is dead-lettered instead of run again (a job that kills the process would
  // otherwise crash it at every start). 0: never dead-lettered that way.
  int max_attempts = 0;
  // Delivery ids are kept this long for de-duplication (GHES allows redelivery for 7 days).
  std::int64_t delivery_retention_ms = 8LL * 24 * 3600 * 1000;
  std::int64_t now_ms = 0;  // for pruning old delivery ids at open
  // The SQLite VFS to open the database with; empty: the default. Tests count syncs with one.
  std::string vfs;
};

class SqliteJobQueue final : public JobQueue {
 public:
  static Result<std::unique_ptr<SqliteJobQueue>> open(const std::string& data_dir,
                                                      const SqliteQueueOptions& options);
  ~SqliteJobQueue() override;
  SqliteJobQueue(const SqliteJobQueue&) = delete;
  SqliteJobQueue& operator=(const SqliteJobQueue&) = delete;

  Result<EnqueueOutcome> enqueue(const IssueJob& job, std::int64_t now_ms) override;
  Result<std::optional<QueuedJob>> claim(std::int64_t now_ms) override;
  Status complete(std::int64_t job_id) override;
  Status retry_later(std::int64_t job_id, std::int64_t not_before_ms,
                     const std::string& error) override;
  Status dead_letter(std::int64_t job_id, const std::string& error) override;
  Result<std::vector<QueuedJob>> list(const std::string& state) override;
  Result<int> replay(std::optional<std::int64_t> job_id, std::int64_t now_ms) override;
  Result<int> drop_dead(std::optional<std::int64_t> job_id) override;
  Result<QueueStats> stats() override;
  // 503-worthy: the database file is gone or replaced, or the last commit of deliveries failed
  // and a probe write (tried here, so a recovered disk is seen without a delivery) fails too.
  Status health(std::int64_t now_ms) override;
  Status set_skipped(const std::string& key, bool skipped, std::int64_t now_ms) override;
  Result<bool> is_skipped(const std::string& key) override;
  Status set_label_changes(const std::string& key, const LabelChanges& changes,
                           std::int64_t now_ms) override;
  Result<LabelChanges> label_changes(const std::string& key) override;

  // The jobs open() found running (a crash cut them short): made due again, or dead-lettered
  // for having had max_attempts. For the server's start to log.
  struct RecoveredJobs {
    int due_again = 0;
    int dead_lettered = 0;
  };
  RecoveredJobs recovered() const { return recovered_; }

  // How many transactions the writer committed for enqueues (to observe group commit).
  std::int64_t commit_count() const;

 private:
  struct Completion;
  struct PendingWrite;
  struct EnqueueStatements;
  explicit SqliteJobQueue(sqlite3* db, std::string path);
  // synchronous=FULL for the writes a 202 or a user's command rests on, NORMAL for a job's
  // lifecycle (see the top of this file). Under db_mutex_.
  Status use_fsync_at_commit(bool fsync);
  void writer_loop();
  std::vector<Result<EnqueueOutcome>> write_batch(const std::vector<PendingWrite>& batch);
  // Fills `results` (one a delivery) and commits them; the error when the batch as a whole
  // was not committed.
  Status write_in_one_transaction(const std::vector<PendingWrite>& batch,
                                  std::vector<Result<EnqueueOutcome>>& results);
  // Whether the file at path_ is still the one the connection opened: stats it when `always`,
  // else at most once every kDatabaseCheckMs. Once it is not, it never is again.
  Status database_in_place(std::int64_t now_ms, bool always);
  // Remembers whether the latest commit of deliveries (or probe) failed, for health().
  void note_durable_write(const Status& written);
  Status probe_write(std::int64_t now_ms);
  Result<EnqueueOutcome> insert_isolated(const IssueJob& job, std::int64_t now_ms);
  Result<EnqueueOutcome> insert_one(const IssueJob& job, std::int64_t now_ms);
  // True when `job` joined a waiting job of its issue (`key`).
  Result<bool> coalesce_into_waiting(const IssueJob& job, const std::string& key);
  Status exec(const char* sql);
  // Brings a queue made by an earlier version up to the schema (CREATE TABLE IF NOT EXISTS
  // leaves an existing table as it was).
  Status add_missing_columns();
  Status recover_running_jobs(int max_attempts);
  // Forgets delivery ids and label changes older than the retention. At open, then at most once
  // every kPruneEveryMs within a batch of deliveries. Under db_mutex_.
  void prune(std::int64_t now_ms);
  // Runs `sql` on the dead jobs: all of them, or the one `job_id` names (parameter 1 or 2).
  Result<int> change_dead(const std::string& sql, std::optional<std::int64_t> job_id,
                          std::int64_t bound_first);

  std::optional<DataDirLock> server_lock_;  // released after the database is closed
  RecoveredJobs recovered_;
  sqlite3* db_;
  std::string path_;
  std::mutex db_mutex_;  // one connection, used by the writer and the workers in turn
  std::unique_ptr<EnqueueStatements> statements_;
  bool fsync_at_commit_ = true;  // the connection's synchronous setting is FULL
  static constexpr std::int64_t kPruneEveryMs = 3600 * 1000;
  std::int64_t retention_ms_ = 0;
  std::int64_t pruned_ms_ = 0;  // when prune() last ran, by the deliveries' clock

  mutable std::mutex batch_mutex_;
  std::condition_variable batch_ready_;  // wakes the writer
  std::vector<PendingWrite> incoming_;
  bool stopping_ = false;
  std::int64_t commits_ = 0;
  std::thread writer_;

  static constexpr std::int64_t kDatabaseCheckMs = 1000;
  mutable std::mutex health_mutex_;    // guards what follows
  std::uint64_t database_device_ = 0;  // of the file the connection opened
  std::uint64_t database_inode_ = 0;
  std::int64_t database_checked_ms_ = 0;
  std::optional<Error> database_lost_;
  std::optional<Error> write_failure_;  // of the latest commit of deliveries, until one succeeds
};

}  // namespace issuelint
