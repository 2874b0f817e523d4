#include "bot/server/job_coalescing.h"

namespace issuelint {

std::optional<IssueJob> coalesce_into(const IssueJob& waiting, const IssueJob& arriving) {
  if (waiting.kind != arriving.kind) return std::nullopt;
  // A command not yet known to come from a writer may come to nothing: merged, it could take a
  // writer's command or an edit's triage down with it.
  if (waiting.requester_unverified || arriving.requester_unverified) return std::nullopt;
  // Within one kind the only difference in strength: a triage is part of a check, not the
  // reverse. An explain keeps the waiting delivery: its comment is marked with the job's delivery
  // id, and a retry after GitHub wrote it but answered 5xx looks for that mark. Otherwise the
  // later delivery is the one to remember.
  const bool waiting_outranks =
      (ends_skip(waiting) && !ends_skip(arriving)) || waiting.kind == JobKind::explain;
  IssueJob merged = waiting_outranks ? waiting : arriving;
  merged.installation_id = arriving.installation_id;
  return merged;
}

}  // namespace issuelint
