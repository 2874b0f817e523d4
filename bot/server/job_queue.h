// The durable queue behind the webhook: a delivery answered 202 has been stored here first.
// A small interface so a PostgreSQL backend can replace SQLite without touching the handlers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bot/server/issue_job.h"
#include "parser/result.h"

namespace issuelint {

// What one stored job knows; the payload itself is never kept (the worker fetches the issue).
struct QueuedJob {
  std::int64_t id = 0;
  IssueJob job;        // the delivery that decides what the job does (job_coalescing.h)
  int deliveries = 1;  // how many deliveries were coalesced into it
  int attempts = 0;    // triage attempts so far
  std::int64_t enqueued_ms = 0;
  std::int64_t not_before_ms = 0;
  std::string state;  // "pending" | "running" | "dead"
  std::string last_error;
};

enum class EnqueueOutcome {
  stored,     // a new job
  coalesced,  // merged into the issue's newest waiting job (coalesce_into() says when)
  duplicate,  // this X-GitHub-Delivery was stored before: acknowledged and dropped
};

struct QueueStats {
  std::int64_t pending = 0;  // waiting, including those backing off
  std::int64_t running = 0;
  std::int64_t dead = 0;
  std::int64_t oldest_pending_ms = 0;  // enqueue time of the oldest pending job, 0 when none
};

// "owner/repo#42": one issue; jobs for one key are processed one at a time.
std::string issue_key(const IssueJob& job);

class JobQueue {
 public:
  virtual ~JobQueue() = default;

  // Durable when it returns ok: a crash after this loses nothing.
  virtual Result<EnqueueOutcome> enqueue(const IssueJob& job, std::int64_t now_ms) = 0;

  // The oldest job that is due and whose issue has no job running; it becomes "running".
  virtual Result<std::optional<QueuedJob>> claim(std::int64_t now_ms) = 0;
  virtual Status complete(std::int64_t job_id) = 0;
  // Counts an attempt and makes the job due again at `not_before_ms`.
  virtual Status retry_later(std::int64_t job_id, std::int64_t not_before_ms,
                             const std::string& error) = 0;
  virtual Status dead_letter(std::int64_t job_id, const std::string& error) = 0;

  // Jobs in a state ("pending", "running", "dead"; empty for all), oldest first.
  virtual Result<std::vector<QueuedJob>> list(const std::string& state) = 0;
  // Makes dead jobs due again with their attempts reset; nullopt replays every dead job.
  // Returns how many were replayed.
  virtual Result<int> replay(std::optional<std::int64_t> job_id, std::int64_t now_ms) = 0;
  // Deletes dead jobs (never a pending or running one): one, or every one for nullopt. Returns
  // how many were deleted.
  virtual Result<int> drop_dead(std::optional<std::int64_t> job_id) = 0;
  virtual Result<QueueStats> stats() = 0;
  // Whether the queue can take work now (GET /healthz): an error says why not, e.g. its
  // storage is gone, or deliveries could not be committed and a write still fails.
  virtual Status health(std::int64_t now_ms) = 0;

  // "/issuelint skip" state, kept with the queue so it survives restarts.
  virtual Status set_skipped(const std::string& key, bool skipped, std::int64_t now_ms) = 0;
  virtual Result<bool> is_skipped(const std::string& key) = 0;

  // The label changes of the issue's attempts that ended before a report recorded them, kept
  // until an attempt ends done, so a restart between two attempts does not lose them. Empty
  // `changes` forgets them.
  virtual Status set_label_changes(const std::string& key, const LabelChanges& changes,
                                   std::int64_t now_ms) = 0;
  virtual Result<LabelChanges> label_changes(const std::string& key) = 0;
};

}  // namespace issuelint
