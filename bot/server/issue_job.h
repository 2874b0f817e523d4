// What identifies a piece of work for the bot: enough to fetch the issue's latest state, not
// the whole payload (the worker fetches the issue anyway, so stale payloads never matter).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bot/label_changes.h"

namespace issuelint {

enum class JobKind {
  triage,   // issues opened/edited/reopened, or "/issuelint check"
  explain,  // "/issuelint explain": answer with the full diagnostics
  skip,     // "/issuelint skip": stop triaging this issue until "/issuelint check"
};

// Stable names, stored in the queue and shown by `issuelint queue list`.
inline std::string_view job_kind_name(JobKind kind) {
  switch (kind) {
    case JobKind::explain:
      return "explain";
    case JobKind::skip:
      return "skip";
    case JobKind::triage:
      break;
  }
  return "triage";
}

// The word after "/issuelint" that asks for a job of this kind.
inline std::string_view command_word(JobKind kind) {
  return kind == JobKind::triage ? "check" : job_kind_name(kind);
}

inline std::optional<JobKind> job_kind_from_name(std::string_view name) {
  if (name == "triage") return JobKind::triage;
  if (name == "explain") return JobKind::explain;
  if (name == "skip") return JobKind::skip;
  return std::nullopt;
}

struct IssueJob {
  std::string delivery_id;  // X-GitHub-Delivery
  std::string event;        // "issues" | "issue_comment"
  std::string action;       // "opened" | "edited" | "created"...
  std::string owner;
  std::string repo;
  int issue_number = 0;
  std::int64_t installation_id = 0;  // 0 for a plain webhook with a token
  JobKind kind = JobKind::triage;
  std::string requested_by;  // login of the commenter for commands
  // A command whose comment's author_association did not show write access. The payload's
  // association is computed without a viewer, so an organization member whose membership is
  // private (GitHub's default) arrives as CONTRIBUTOR or NONE: only GitHub's answer to
  // "what may this login do here" decides, and the worker asks it before acting.
  bool requester_unverified = false;
  // Not stored with the job: the queue keeps these by issue (JobQueue::label_changes) and the
  // worker fills them in before the triage.
  LabelChanges earlier_label_changes{};
};

// "/issuelint check": a triage that also ends a "/issuelint skip". Only a command comment makes
// an issue_comment job of kind triage; an edit or an opening is an `issues` one.
inline bool ends_skip(const IssueJob& job) {
  return job.kind == JobKind::triage && job.event == "issue_comment";
}

}  // namespace issuelint
