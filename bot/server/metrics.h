// Counters and gauges of the server, rendered as Prometheus text for GET /metrics. The queue
// gauges are read from the queue at render time so they are never stale.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>

#include "bot/server/job_queue.h"

namespace issuelint {

class Metrics {
 public:
  // One delivery answered: event ("issues"...) and outcome ("queued", "duplicate",
  // "ignored", "bad_signature"...).
  void count_delivery(const std::string& event, const std::string& outcome);
  // One job finished by a worker: outcome "done", "retry", "dead", "skipped".
  void count_job(const std::string& outcome);
  void observe_triage_seconds(double seconds);
  // For the GitHub client: every call by HTTP status (0: no answer, a transport failure), and
  // the last x-ratelimit-remaining.
  void count_github_call(int status);
  void set_rate_limit_remaining(std::int64_t remaining);
  // A triage job's catalog (a repository's rules): kept from an earlier job, or built.
  void count_catalog(bool kept);

  // `stats` from the queue; `now_ms` to turn the oldest enqueue time into an age.
  std::string render(const QueueStats& stats, std::int64_t now_ms) const;

  static constexpr std::array<double, 10> kLatencyBuckets = {0.05, 0.1, 0.25, 0.5, 1,
                                                             2.5,  5,   10,   30,  60};

 private:
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, std::string>, std::int64_t> deliveries_;
  // Every outcome from the start: a series that appears at its first count shows no increase()
  // for it, so an alert on the first dead letter would not fire.
  std::map<std::string, std::int64_t> jobs_{{"dead", 0}, {"done", 0}, {"retry", 0}, {"skipped", 0}};
  std::map<int, std::int64_t> github_calls_;
  std::int64_t rate_limit_remaining_ = -1;  // -1 until GitHub told us
  std::int64_t catalogs_kept_ = 0;
  std::int64_t catalogs_built_ = 0;
  std::array<std::int64_t, kLatencyBuckets.size()> latency_buckets_{};
  std::int64_t latency_count_ = 0;
  double latency_sum_ = 0;
};

}  // namespace issuelint
