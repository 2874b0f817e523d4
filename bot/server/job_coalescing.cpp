#include "bot/server/job_coalescing.h"

namespace issuelint {

std::optional<IssueJob> coalesce_into(const IssueJob& waiting, const IssueJob& arriving) {
  if (waiting.kind != arriving.kind) return std::nullopt;
  // Within one kind the only difference in strength: a triage is part of a check, not the
  // reverse. Otherwise the later delivery is the one to remember.
  const bool waiting_outranks = ends_skip(waiting) && !ends_skip(arriving);
  IssueJob merged = waiting_outranks ? waiting : arriving;
  merged.installation_id = arriving.installation_id;
  return merged;
}

}  // namespace issuelint
