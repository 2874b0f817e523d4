#include "bot/server/worker_pool.h"

#include <algorithm>
#include <exception>
#include <random>

namespace issuelint {

RandomUnit default_random_unit() {
  auto engine = std::make_shared<std::mt19937_64>(std::random_device{}());
  return [engine] { return std::uniform_real_distribution<double>(0.0, 1.0)(*engine); };
}

std::int64_t backoff_delay_ms(int failed_attempts, std::int64_t base_ms, std::int64_t cap_ms,
                              double random_unit, int retry_after_seconds) {
  const int doublings = std::clamp(failed_attempts - 1, 0, 30);
  const std::int64_t exponential = std::min(cap_ms, base_ms << doublings);
  const double unit = std::clamp(random_unit, 0.0, 1.0);
  const auto jittered =
      exponential / 2 + static_cast<std::int64_t>(unit * static_cast<double>(exponential / 2));
  return std::max<std::int64_t>(jittered, static_cast<std::int64_t>(retry_after_seconds) * 1000);
}

WorkerPool::WorkerPool(JobQueue& queue, IssueTriager& triager, Metrics& metrics, JsonLog& log,
                       ClockMs clock, RandomUnit random, WorkerPoolOptions options)
    : queue_(queue),
      triager_(triager),
      metrics_(metrics),
      log_(log),
      clock_(std::move(clock)),
      random_(std::move(random)),
      options_(options) {}

WorkerPool::~WorkerPool() { stop(); }

void WorkerPool::start() {
  std::lock_guard lock(mutex_);
  for (int i = 0; i < options_.workers; ++i) threads_.emplace_back([this] { run(); });
}

void WorkerPool::wake() {
  {
    std::lock_guard lock(mutex_);
    wakeups_ = std::min(wakeups_ + 1, options_.workers);  // more would only spin idle workers
  }
  wake_.notify_one();
}

void WorkerPool::drain(std::chrono::milliseconds timeout) {
  {
    std::lock_guard lock(mutex_);
    draining_ = true;
    drain_deadline_ = std::chrono::steady_clock::now() + timeout;
  }
  wake_.notify_all();
  for (auto& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
  threads_.clear();
}

void WorkerPool::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
  threads_.clear();
}

void WorkerPool::run() {
  work();
  if (options_.on_thread_exit) options_.on_thread_exit();
}

void WorkerPool::work() {
  for (;;) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
      if (draining_ && std::chrono::steady_clock::now() >= drain_deadline_) return;
    }
    if (process_one()) continue;
    std::unique_lock lock(mutex_);
    if (draining_) return;  // nothing due: the rest waits in the queue for the next start
    // A wake-up that came while this worker was busy is not lost: it is counted.
    wake_.wait_for(lock, options_.idle_poll,
                   [&] { return stopping_ || draining_ || wakeups_ > 0; });
    if (wakeups_ > 0) --wakeups_;
  }
}

bool WorkerPool::process_one() {
  Result<std::optional<QueuedJob>> claimed = queue_.claim(clock_());
  if (!claimed) {
    log_.error({{"msg", "cannot claim a job"}, {"error", claimed.error().describe()}});
    return false;
  }
  if (!claimed->has_value()) return false;
  process(**claimed);
  return true;
}

void WorkerPool::process(const QueuedJob& queued) {
  const IssueJob& job = queued.job;
  const std::string key = issue_key(job);
  // A command is obeyed only once GitHub says its requester may write here; before that it must
  // not even hold or release the issue.
  if (std::optional<TriageOutcome> refused = triager_.refuse_requester(job)) {
    finish(queued, *refused, 0);
    return;
  }
  // "/issuelint skip" holds the issue until "/issuelint check"; explain still answers.
  Status skip_state = Ok{};
  if (job.kind == JobKind::skip) skip_state = queue_.set_skipped(key, true, clock_());
  if (ends_skip(job)) skip_state = queue_.set_skipped(key, false, clock_());
  if (job.kind == JobKind::triage && !ends_skip(job)) {
    Result<bool> skipped = queue_.is_skipped(key);
    if (skipped && *skipped) {
      finish(queued, TriageOutcome{TriageOutcome::Status::done, "skipped: /issuelint skip", 0}, 0);
      return;
    }
    if (!skipped) skip_state = skipped.error();
  }
  if (!skip_state) {
    finish(queued, TriageOutcome{TriageOutcome::Status::retry, skip_state.error().describe(), 0},
           0);
    return;
  }
  IssueJob handed = job;
  handed.requester_unverified = false;  // verified above: the triager need not ask again
  read_label_changes(key, handed);
  const auto started = std::chrono::steady_clock::now();
  TriageOutcome outcome;
  try {
    outcome = triager_.handle(handed);
  } catch (const std::exception& error) {
    // A worker thread is a boundary: a throwing triager must not take the server down.
    outcome = TriageOutcome{TriageOutcome::Status::retry,
                            std::string("triager threw: ") + error.what(), 0};
    outcome.unrecorded_label_changes = handed.earlier_label_changes;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  metrics_.observe_triage_seconds(seconds);
  store_label_changes(key, handed.earlier_label_changes, outcome);
  finish(queued, outcome, seconds);
}

void WorkerPool::read_label_changes(const std::string& key, IssueJob& job) {
  Result<LabelChanges> earlier = queue_.label_changes(key);
  if (earlier) {
    job.earlier_label_changes = std::move(*earlier);
    return;
  }
  // The triage still runs: at worst it takes a label the bot changed for a person's choice.
  log_.error({{"msg", "cannot read the label changes of earlier attempts"},
              {"issue", key},
              {"error", earlier.error().describe()}});
}

// Kept until an attempt ends done (its report then records every label it changed), so that the
// queue's next attempt, even after a restart, knows which label changes were the bot's.
void WorkerPool::store_label_changes(const std::string& key, const LabelChanges& earlier,
                                     const TriageOutcome& outcome) {
  const LabelChanges& unrecorded = outcome.unrecorded_label_changes;
  if (unrecorded == earlier) return;  // nothing new to keep, or nothing kept to forget
  Status stored = queue_.set_label_changes(key, unrecorded, clock_());
  if (!stored) {
    log_.error({{"msg", "cannot record the label changes of an attempt"},
                {"issue", key},
                {"error", stored.error().describe()}});
  }
}

void WorkerPool::record_end(std::int64_t job_id, const std::function<Status()>& write) {
  std::chrono::milliseconds wait = options_.idle_poll;
  for (int tries = 1;; ++tries) {
    const Status stored = write();
    if (stored) {
      if (tries > 1) {
        log_.info({{"msg", "job end recorded"}, {"job_id", job_id}, {"tries", tries}});
      }
      return;
    }
    if (tries == 1) {
      log_.error({{"msg", "cannot update the queue"},
                  {"job_id", job_id},
                  {"error", stored.error().describe()},
                  {"detail", "trying again until it can be written; the issue's other jobs wait"}});
    }
    std::unique_lock lock(mutex_);
    const auto stop_now = [&] {
      return stopping_ || (draining_ && std::chrono::steady_clock::now() >= drain_deadline_);
    };
    if (wake_.wait_for(lock, wait, stop_now)) {
      log_.error({{"msg", "cannot update the queue"},
                  {"job_id", job_id},
                  {"detail", "stopping: the job is left running, due again at the next start"}});
      return;
    }
    wait = std::min(wait * 2, options_.record_retry_cap);
  }
}

void WorkerPool::finish(const QueuedJob& queued, const TriageOutcome& outcome, double seconds) {
  const IssueJob& job = queued.job;
  std::string result;
  std::function<Status()> record;
  const int attempts = queued.attempts + 1;
  switch (outcome.status) {
    case TriageOutcome::Status::done:
      result = outcome.detail.rfind("skipped", 0) == 0 ? "skipped" : "done";
      record = [&] { return queue_.complete(queued.id); };
      break;
    case TriageOutcome::Status::retry:
      if (attempts < options_.max_attempts) {
        double unit = 0;
        {
          std::lock_guard lock(random_mutex_);
          unit = random_();
        }
        const std::int64_t due =
            clock_() + backoff_delay_ms(attempts, options_.retry_base_ms, options_.retry_cap_ms,
                                        unit, outcome.retry_after_seconds);
        result = "retry";
        record = [&, due] { return queue_.retry_later(queued.id, due, outcome.detail); };
        break;
      }
      [[fallthrough]];
    case TriageOutcome::Status::failed:
      result = "dead";
      record = [&] { return queue_.dead_letter(queued.id, outcome.detail); };
      break;
  }
  metrics_.count_job(result);
  nlohmann::json line = {{"msg", "job"},
                         {"job_id", queued.id},
                         {"delivery", job.delivery_id},
                         {"event", job.event},
                         {"action", job.action},
                         {"repo", job.owner + "/" + job.repo},
                         {"issue", job.issue_number},
                         {"kind", job_kind_name(job.kind)},
                         {"deliveries_coalesced", queued.deliveries},
                         {"attempt", attempts},
                         {"outcome", result},
                         {"detail", outcome.detail},
                         {"duration_ms", static_cast<std::int64_t>(seconds * 1000)}};
  if (result == "dead") {
    log_.error(std::move(line));
  } else {
    log_.info(std::move(line));
  }
  record_end(queued.id, record);
}

}  // namespace issuelint
