// Which deliveries of one issue share a job. The worker reads the issue's latest state, so a
// delivery that joins a job still waiting loses nothing of the issue's text; the rule below
// makes sure it loses nothing of what a person asked for either.
#pragma once

#include <optional>

#include "bot/server/issue_job.h"

namespace issuelint {

// What the waiting job becomes when `arriving` joins it, or nullopt when `arriving` must be a
// job of its own. `waiting` must be the issue's newest waiting job: joining an older one would
// run the delivery before a command that came earlier (a check before a skip the person sent
// first), and the last command a person sent must be the one in force.
//
// Every pair, by what the job does (check: a triage that also ends a skip):
//   triage  + triage  -> one triage of the latest state
//   triage  + check   -> check (the command asks for the triage and more)
//   check   + triage  -> check (an edit must not cancel the command: it would leave the skip on)
//   check   + check   -> check
//   explain + explain -> explain (one answer with the full diagnostics, under the waiting
//                        delivery's mark)
//   skip    + skip    -> skip
//   any other pair    -> separate jobs, run in order: explain posts its own comment, and a skip
//                        against a triage or check is decided by which came last.
// A command whose requester GitHub has yet to confirm as a writer (requester_unverified) is a
// job of its own: it may come to nothing, and must not take another delivery with it.
// The merged job carries the delivery that decides what it does (the command when one waits,
// else the latest) and the latest installation.
std::optional<IssueJob> coalesce_into(const IssueJob& waiting, const IssueJob& arriving);

}  // namespace issuelint
