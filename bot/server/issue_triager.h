// The seam between the queue workers and the triage logic: a worker hands over a job and learns
// whether it is done, should be retried, or can never succeed.
#pragma once

#include <optional>
#include <string>

#include "bot/server/issue_job.h"

namespace issuelint {

struct TriageOutcome {
  enum class Status { done, retry, failed };
  Status status = Status::done;
  std::string detail;           // for logs: "labels +2 -1, comment updated", or the error
  int retry_after_seconds = 0;  // when GitHub said how long to wait
  // GitHub refused the token itself (401, or a 403 that is no rate limit: "Resource not
  // accessible by integration"): every issue of the repository would fail the same way.
  bool token_refused = false;
  // An attempt that did not end `done`: the label changes on GitHub that no report records yet
  // (this attempt's and the job's earlier_label_changes), for the issue's next attempt.
  LabelChanges unrecorded_label_changes{};
};

class IssueTriager {
 public:
  virtual ~IssueTriager() = default;
  virtual TriageOutcome handle(const IssueJob& job) = 0;
  // Asked before a command whose requester's write access the payload did not show
  // (IssueJob::requester_unverified) does anything, a skip's bookkeeping included: nullopt when
  // the requester may write to the repository, else how the job ends. A triager that cannot ask
  // anyone (tests) lets every command through.
  virtual std::optional<TriageOutcome> refuse_requester(const IssueJob&) { return std::nullopt; }
};

}  // namespace issuelint
