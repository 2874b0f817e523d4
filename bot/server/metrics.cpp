#include "bot/server/metrics.h"

#include <array>
#include <charconv>
#include <set>
#include <sstream>

namespace issuelint {

namespace {

// Label values come from headers GitHub (or anyone) sent: escape as the text format requires.
std::string escape_label(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out.push_back('\\');
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out.push_back(c);
  }
  return out;
}

// A sample value as the shortest text that reads back as the same double: a stream's default 6
// significant digits would print a sum past 1e6 s as 1.23457e+06, and rate() over it would
// lose every increment under 10 s.
std::string sample_value(double value) {
  std::array<char, 32> text{};
  const auto [end, error] = std::to_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() ? std::string(text.data(), end) : std::string("NaN");
}

void header(std::ostringstream& out, const char* name, const char* type, const char* help) {
  out << "# HELP " << name << ' ' << help << "\n# TYPE " << name << ' ' << type << '\n';
}

}  // namespace

namespace {

// The label a delivery's event gets: GitHub's event names, else "other". The header is the
// sender's, read before (or without) a valid signature: taken as it comes, every new name
// would be a new series, and /metrics and the process would grow without bound.
const std::string& event_label(const std::string& event) {
  static const std::set<std::string, std::less<>> kGitHubEvents = {"branch_protection_rule",
                                                                   "check_run",
                                                                   "check_suite",
                                                                   "code_scanning_alert",
                                                                   "commit_comment",
                                                                   "create",
                                                                   "delete",
                                                                   "deployment",
                                                                   "deployment_status",
                                                                   "discussion",
                                                                   "discussion_comment",
                                                                   "fork",
                                                                   "github_app_authorization",
                                                                   "gollum",
                                                                   "installation",
                                                                   "installation_repositories",
                                                                   "installation_target",
                                                                   "issue_comment",
                                                                   "issues",
                                                                   "label",
                                                                   "marketplace_purchase",
                                                                   "member",
                                                                   "membership",
                                                                   "merge_group",
                                                                   "meta",
                                                                   "milestone",
                                                                   "organization",
                                                                   "package",
                                                                   "page_build",
                                                                   "ping",
                                                                   "project",
                                                                   "project_card",
                                                                   "project_column",
                                                                   "public",
                                                                   "pull_request",
                                                                   "pull_request_review",
                                                                   "pull_request_review_comment",
                                                                   "pull_request_review_thread",
                                                                   "push",
                                                                   "release",
                                                                   "repository",
                                                                   "repository_dispatch",
                                                                   "security_advisory",
                                                                   "sponsorship",
                                                                   "star",
                                                                   "status",
                                                                   "team",
                                                                   "team_add",
                                                                   "watch",
                                                                   "workflow_dispatch",
                                                                   "workflow_job",
                                                                   "workflow_run"};
  static const std::string kOther = "other";
  const auto found = kGitHubEvents.find(event);
  return found == kGitHubEvents.end() ? kOther : *found;
}

}  // namespace

void Metrics::count_delivery(const std::string& event, const std::string& outcome) {
  const std::string& label = event_label(event);
  std::lock_guard lock(mutex_);
  ++deliveries_[{label, outcome}];
}

void Metrics::count_job(const std::string& outcome) {
  std::lock_guard lock(mutex_);
  ++jobs_[outcome];
}

void Metrics::observe_triage_seconds(double seconds) {
  std::lock_guard lock(mutex_);
  for (std::size_t i = 0; i < kLatencyBuckets.size(); ++i) {
    if (seconds <= kLatencyBuckets[i]) ++latency_buckets_[i];
  }
  ++latency_count_;
  latency_sum_ += seconds;
}

void Metrics::count_github_call(int status) {
  std::lock_guard lock(mutex_);
  ++github_calls_[status];
}

void Metrics::set_rate_limit_remaining(std::int64_t remaining) {
  std::lock_guard lock(mutex_);
  rate_limit_remaining_ = remaining;
}

void Metrics::count_catalog(bool kept) {
  std::lock_guard lock(mutex_);
  ++(kept ? catalogs_kept_ : catalogs_built_);
}

std::string Metrics::render(const QueueStats& stats, std::int64_t now_ms) const {
  std::lock_guard lock(mutex_);
  std::ostringstream out;
  header(out, "issuelint_webhook_deliveries_total", "counter",
         "Webhook deliveries answered, by event and outcome.");
  for (const auto& [key, count] : deliveries_) {
    out << "issuelint_webhook_deliveries_total{event=\"" << escape_label(key.first)
        << "\",outcome=\"" << escape_label(key.second) << "\"} " << count << '\n';
  }
  header(out, "issuelint_jobs_total", "counter", "Jobs processed by the workers, by outcome.");
  for (const auto& [outcome, count] : jobs_) {
    out << "issuelint_jobs_total{outcome=\"" << escape_label(outcome) << "\"} " << count << '\n';
  }
  header(out, "issuelint_queue_depth", "gauge", "Jobs in the queue, by state.");
  out << "issuelint_queue_depth{state=\"pending\"} " << stats.pending << '\n';
  out << "issuelint_queue_depth{state=\"running\"} " << stats.running << '\n';
  header(out, "issuelint_queue_oldest_age_seconds", "gauge",
         "Age of the oldest pending job (0 when the queue is empty).");
  const double age = stats.oldest_pending_ms == 0
                         ? 0.0
                         : static_cast<double>(now_ms - stats.oldest_pending_ms) / 1000.0;
  out << "issuelint_queue_oldest_age_seconds " << sample_value(age < 0 ? 0.0 : age) << '\n';
  header(out, "issuelint_dead_letters", "gauge", "Jobs dead-lettered and waiting for a replay.");
  out << "issuelint_dead_letters " << stats.dead << '\n';
  header(out, "issuelint_triage_duration_seconds", "histogram", "Time the triager took per job.");
  for (std::size_t i = 0; i < kLatencyBuckets.size(); ++i) {
    out << "issuelint_triage_duration_seconds_bucket{le=\"" << sample_value(kLatencyBuckets[i])
        << "\"} " << latency_buckets_[i] << '\n';
  }
  out << "issuelint_triage_duration_seconds_bucket{le=\"+Inf\"} " << latency_count_ << '\n';
  out << "issuelint_triage_duration_seconds_sum " << sample_value(latency_sum_) << '\n';
  out << "issuelint_triage_duration_seconds_count " << latency_count_ << '\n';
  header(out, "issuelint_github_requests_total", "counter", "GitHub API calls, by HTTP status.");
  for (const auto& [status, count] : github_calls_) {
    // Status 0 is a transport failure (refused, reset, timed out): no HTTP answer at all.
    const std::string shown = status == 0 ? "transport_error" : std::to_string(status);
    out << "issuelint_github_requests_total{status=\"" << shown << "\"} " << count << '\n';
  }
  header(out, "issuelint_github_rate_limit_remaining", "gauge",
         "The last x-ratelimit-remaining GitHub sent (-1 before the first call).");
  out << "issuelint_github_rate_limit_remaining " << rate_limit_remaining_ << '\n';
  header(out, "issuelint_catalogs_total", "counter",
         "Repository catalogs (templates and configuration built into rules) triage jobs used: "
         "kept from an earlier job while the files were unchanged, or built.");
  out << "issuelint_catalogs_total{source=\"kept\"} " << catalogs_kept_ << '\n';
  out << "issuelint_catalogs_total{source=\"built\"} " << catalogs_built_ << '\n';
  return out.str();
}

}  // namespace issuelint
