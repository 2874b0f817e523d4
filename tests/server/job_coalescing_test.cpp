#include "bot/server/job_coalescing.h"

#include <catch2/catch.hpp>
#include <string>

#include "bot/server/job_queue.h"

using namespace issuelint;

namespace {

// The four things a job can do, as the router makes them.
enum class Intent { triage, check, explain, skip };

IssueJob job_doing(Intent intent, const std::string& delivery) {
  IssueJob job;
  job.delivery_id = delivery;
  job.owner = "octo";
  job.repo = "hello";
  job.issue_number = 5;
  job.installation_id = delivery.size();  // tells the two deliveries' installations apart
  if (intent == Intent::triage) {
    job.event = "issues";
    job.action = "edited";
    return job;
  }
  job.event = "issue_comment";
  job.action = "created";
  job.requested_by = "maintainer-" + delivery;
  job.kind = intent == Intent::check     ? JobKind::triage
             : intent == Intent::explain ? JobKind::explain
                                         : JobKind::skip;
  return job;
}

Intent intent_of(const IssueJob& job) {
  if (job.kind == JobKind::explain) return Intent::explain;
  if (job.kind == JobKind::skip) return Intent::skip;
  return ends_skip(job) ? Intent::check : Intent::triage;
}

const char* name_of(Intent intent) {
  static constexpr const char* kNames[] = {"triage", "check", "explain", "skip"};
  return kNames[static_cast<int>(intent)];
}

}  // namespace

TEST_CASE("coalescing: every pair of intents, the stronger one kept", "[server][queue]") {
  struct Pair {
    Intent waiting;
    Intent arriving;
    std::optional<Intent> merged;  // nullopt: two jobs
    bool keeps_waiting_delivery;   // the merged job names the waiting job's delivery
  };
  const Pair pairs[] = {
      {Intent::triage, Intent::triage, Intent::triage, false},
      {Intent::triage, Intent::check, Intent::check, false},
      {Intent::check, Intent::triage, Intent::check, true},  // an edit keeps the command
      {Intent::check, Intent::check, Intent::check, false},
      // One answer, marked with the delivery an earlier attempt may have posted it under.
      {Intent::explain, Intent::explain, Intent::explain, true},
      {Intent::skip, Intent::skip, Intent::skip, false},
      {Intent::triage, Intent::explain, std::nullopt, false},
      {Intent::triage, Intent::skip, std::nullopt, false},
      {Intent::check, Intent::explain, std::nullopt, false},
      {Intent::check, Intent::skip, std::nullopt, false},
      {Intent::explain, Intent::triage, std::nullopt, false},
      {Intent::explain, Intent::check, std::nullopt, false},
      {Intent::explain, Intent::skip, std::nullopt, false},
      {Intent::skip, Intent::triage, std::nullopt, false},
      {Intent::skip, Intent::check, std::nullopt, false},
      {Intent::skip, Intent::explain, std::nullopt, false},
  };
  for (const Pair& pair : pairs) {
    INFO(name_of(pair.waiting) << " waiting, " << name_of(pair.arriving) << " arriving");
    const IssueJob waiting = job_doing(pair.waiting, "w");
    const IssueJob arriving = job_doing(pair.arriving, "arriving");
    const std::optional<IssueJob> merged = coalesce_into(waiting, arriving);
    REQUIRE(merged.has_value() == pair.merged.has_value());
    if (!merged) continue;
    CHECK(intent_of(*merged) == *pair.merged);
    const IssueJob& named = pair.keeps_waiting_delivery ? waiting : arriving;
    CHECK(merged->delivery_id == named.delivery_id);
    CHECK(merged->event == named.event);
    CHECK(merged->action == named.action);
    CHECK(merged->requested_by == named.requested_by);
    CHECK(merged->installation_id == arriving.installation_id);  // the freshest installation
    CHECK(issue_key(*merged) == issue_key(waiting));
  }
}

TEST_CASE("coalescing: a command whose requester GitHub has yet to confirm stays a job of its own",
          "[server][queue]") {
  // Same kind on both sides, which would merge between writers (see the table above).
  for (const Intent intent : {Intent::check, Intent::explain, Intent::skip}) {
    INFO(name_of(intent));
    IssueJob unverified = job_doing(intent, "u");
    unverified.requester_unverified = true;
    const IssueJob writer = job_doing(intent, "w");
    CHECK(coalesce_into(writer, writer).has_value());
    CHECK_FALSE(coalesce_into(writer, unverified).has_value());
    CHECK_FALSE(coalesce_into(unverified, writer).has_value());
  }
  // Nor does an edit's triage join it, or leave it for one: the command may come to nothing.
  IssueJob check = job_doing(Intent::check, "u");
  check.requester_unverified = true;
  CHECK_FALSE(coalesce_into(check, job_doing(Intent::triage, "edit")).has_value());
  CHECK_FALSE(coalesce_into(job_doing(Intent::triage, "edit"), check).has_value());
}
