// `issuelint sweep`: re-triage every open issue of a repository (a backlog, or after the
// templates changed), each through the same triage_issue_on_github() as the bot. Issues go in
// ascending number and the state is saved after each, so a stopped sweep resumes exactly.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "bot/github/github_api.h"
#include "bot/repository_triage.h"
#include "bot/server/issue_triager.h"
#include "bot/sweep/sweep_state.h"

namespace issuelint::sweep {

// Told what happens, for the progress display.
class SweepObserver {
 public:
  virtual ~SweepObserver() = default;
  virtual void listed(int open_issues, int to_do) = 0;
  // `index` counts from 1 over this run's `to_do`.
  virtual void issue_done(int index, int to_do, int number, const TriageOutcome& outcome) = 0;
};

struct SweepOptions {
  bool dry_run = false;        // nothing is written to GitHub (and the caller saves no state)
  std::string bot_login;       // whose marked comment is ours
  int limit = 0;               // at most this many issues in this run; 0: all
  std::function<bool()> stop;  // asked between issues (Ctrl-C)
  std::function<Status(const SweepState&)> save;  // after each issue; empty: not saved
  TriageRetry retry;  // an issue failing transiently is triaged again (the waits: retry.sleep)
  // This many issues in a row failing transiently even after the retries: GitHub is down, not
  // the issue; the sweep stops (resumable) rather than mark the rest of the backlog failed.
  int max_transient_failures_in_a_row = 3;
};

struct SweepRun {
  enum class End {
    finished,
    limit,
    interrupted,
    github_unavailable,
    github_refused,  // the token or the repository: 401, 403 or 404 on the listing
    state_not_saved
  };
  End end = End::finished;
  std::string reason;  // why it stopped early (GitHub's answer, the state file's error)
  SweepState state;    // where the sweep stands now
  int handled = 0;     // issues triaged in this run
  int resumed_after = 0;
  bool listed = false;  // the open issues were listed: the state file is where a rerun resumes
  std::vector<std::string> dry_run_log;  // "#12: would add labels …"
};

SweepRun run_sweep(github::GitHubApi& api, const github::RepoRef& repo, SweepState start,
                   const SweepOptions& options, SweepObserver& observer);

// "finished", "stopped by --limit", …: for the closing lines.
std::string_view end_name(SweepRun::End end);

}  // namespace issuelint::sweep
