// Workers that take jobs from the queue and hand them to the IssueTriager. Jobs of one issue
// run one at a time (the queue never hands out a second while one runs); transient failures
// come back after an exponential backoff with jitter; after max_attempts a job is
// dead-lettered, where `issuelint queue replay` can revive it.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "bot/server/issue_triager.h"
#include "bot/server/job_queue.h"
#include "bot/server/json_log.h"
#include "bot/server/metrics.h"

namespace issuelint {

// A number in [0, 1); injected so tests are deterministic.
using RandomUnit = std::function<double()>;
RandomUnit default_random_unit();

struct WorkerPoolOptions {
  int workers = 2;
  int max_attempts = 6;
  std::int64_t retry_base_ms = 2000;
  std::int64_t retry_cap_ms = 600000;
  std::chrono::milliseconds idle_poll{200};  // how often idle workers look for due retries
  // A job's end the queue could not write (a full disk) is written again, first after idle_poll,
  // then twice as long each time, up to this.
  std::chrono::milliseconds record_retry_cap{5000};
  // Runs on each worker thread just before it ends. serve calls sql::release_thread_memory()
  // here; libpg_query 15 frees its per-thread memory itself when the thread exits, so that call
  // is the place for per-thread cleanup rather than a pg_query_exit() (which would free twice).
  std::function<void()> on_thread_exit;
};

// Delay before attempt `failed_attempts + 1`: base * 2^(failed_attempts - 1), capped, then
// "equal jitter" (half fixed, half random) so retries of many jobs do not arrive in lockstep.
// GitHub's retry-after wins when it asks for longer.
std::int64_t backoff_delay_ms(int failed_attempts, std::int64_t base_ms, std::int64_t cap_ms,
                              double random_unit, int retry_after_seconds);

class WorkerPool {
 public:
  // The triager is called from several workers at once (for different issues): it must be
  // thread-safe, or run with workers = 1.
  WorkerPool(JobQueue& queue, IssueTriager& triager, Metrics& metrics, JsonLog& log, ClockMs clock,
             RandomUnit random, WorkerPoolOptions options);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  void start();
  // A job was enqueued: wake an idle worker now instead of at its next poll.
  void wake();
  // Keeps working while jobs are due, up to `timeout`, then stops; running jobs always finish.
  void drain(std::chrono::milliseconds timeout);
  // Finishes the running jobs and claims nothing more. Queued jobs stay in the queue.
  void stop();

 private:
  void run();
  void work();
  bool process_one();  // false when nothing was due
  void process(const QueuedJob& queued);
  void finish(const QueuedJob& queued, const TriageOutcome& outcome, double seconds);
  // Writes a job's end (done, retry, dead) until the queue takes it. Left `running`, the job
  // would hold its issue's later jobs until a restart (the queue hands out none of an issue
  // while one runs); given up only when the pool stops, as a crash leaves it: due at next start.
  void record_end(std::int64_t job_id, const std::function<Status()>& write);
  // The label changes of the issue's attempts that no report records (JobQueue::label_changes).
  void read_label_changes(const std::string& key, IssueJob& job);
  void store_label_changes(const std::string& key, const LabelChanges& earlier,
                           const TriageOutcome& outcome);

  JobQueue& queue_;
  IssueTriager& triager_;
  Metrics& metrics_;
  JsonLog& log_;
  ClockMs clock_;
  RandomUnit random_;
  std::mutex random_mutex_;
  WorkerPoolOptions options_;

  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  bool draining_ = false;
  int wakeups_ = 0;  // wake() calls not yet seen by an idle worker
  std::chrono::steady_clock::time_point drain_deadline_;
  std::vector<std::thread> threads_;
};

}  // namespace issuelint
