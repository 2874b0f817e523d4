// What identifies a piece of work for the bot: enough to fetch the issue's latest state, not
// the whole payload (the worker fetches the issue anyway, so stale payloads never matter).
#pragma once

#include <cstdint>
#include <string>

namespace issuelint {

enum class JobKind {
  triage,          // issues opened/edited/reopened, or "/issuelint check"
  explain,         // "/issuelint explain": answer with the full diagnostics
  skip,            // "/issuelint skip": stop triaging this issue until "/issuelint check"
};

struct IssueJob {
  std::string delivery_id;       // X-GitHub-Delivery
  std::string event;             // "issues" | "issue_comment"
  std::string action;            // "opened" | "edited" | "created"...
  std::string owner;
  std::string repo;
  int issue_number = 0;
  std::int64_t installation_id = 0;  // 0 for a plain webhook with a token
  JobKind kind = JobKind::triage;
  std::string requested_by;      // login of the commenter for commands
};

}  // namespace issuelint
