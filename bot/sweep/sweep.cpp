#include "bot/sweep/sweep.h"

#include <algorithm>
#include <set>

#include "bot/repository_triage.h"

namespace issuelint::sweep {

namespace {

// A Link header that never stops would otherwise keep the sweep listing forever.
constexpr int kMaxPages = 10'000;

struct Listing {
  std::vector<int> numbers;  // ascending, unique
  std::optional<github::ApiError> error;
};

// Every open issue first, then the work: pages shift while issues are edited or closed, but a
// sorted list of numbers gives a stable order to resume from. Page after page as GitHub's Link
// says.
Listing list_open_issue_numbers(github::GitHubApi& api, const github::RepoRef& repo) {
  std::set<int> numbers;
  std::string page;
  for (int pages = 0; pages < kMaxPages; ++pages) {
    auto listed = api.list_open_issues(repo, page);
    if (!listed.ok()) return Listing{{}, listed.error};
    for (const github::Issue& issue : listed.value->issues) numbers.insert(issue.number);
    page = std::move(listed.value->next);
    if (page.empty()) break;
  }
  return Listing{{numbers.begin(), numbers.end()}, std::nullopt};
}

// Issues recorded as failed that are to be triaged again after all (labels they changed stay
// counted: they were written).
void forget_failures(SweepState& state, const std::vector<int>& numbers) {
  for (int number : numbers) {
    const auto found = std::find(state.failed.begin(), state.failed.end(), number);
    if (found == state.failed.end()) continue;
    state.failed.erase(found);
    --state.counts.seen;
    --state.counts.errors;
  }
}

// Labels written before a triage failed were written all the same.
void count_label_changes(SweepCounts& counts, const github::ApplyReport& applied) {
  counts.labels_changed +=
      static_cast<int>(applied.labels_added.size() + applied.labels_removed.size());
}

// A comment created or updated; in dry run (nothing written, so no action recorded), a planned
// comment that was not found unchanged.
int comment_written(const github::ApplyReport& applied, bool planned, bool dry_run) {
  using Action = github::ApplyReport::CommentAction;
  if (dry_run) return applied.comment == Action::none && planned ? 1 : 0;
  return applied.comment == Action::created || applied.comment == Action::updated ? 1 : 0;
}

void count(SweepCounts& counts, const RepositoryTriageReport& report, bool dry_run) {
  ++counts.seen;
  if (!report.triage) return;
  const Verdict& verdict = report.triage->verdict;
  if (!verdict.template_matched) {
    // Under `unmatched: comment` the comment naming the templates is written all the same.
    if (report.applied) counts.comments_written += comment_written(*report.applied, true, dry_run);
    return;
  }
  ++counts.matched;
  ++(verdict.outcome == Outcome::ok ? counts.clean : counts.needs_info);
  if (!report.applied) return;
  const github::ApplyReport& applied = *report.applied;
  counts.comments_written += comment_written(applied, !verdict.comment.empty(), dry_run);
  if (dry_run) {
    // Nothing was written; count what would have been.
    counts.labels_changed +=
        static_cast<int>(verdict.labels.add.size() + verdict.labels.remove.size());
    return;
  }
  counts.labels_changed +=
      static_cast<int>(applied.labels_added.size() + applied.labels_removed.size());
}

// The label changes an issue's triage has to be handed: those no report of the bot records yet.
LabelChanges unrecorded_at(const SweepState& state, int number) {
  const auto found = state.unrecorded.find(number);
  return found == state.unrecorded.end() ? LabelChanges{} : found->second;
}

// What the triage changed that its report could not record is kept for the issue's next triage
// (a resumed run, --restart, the next sweep); a report written records it all.
void keep_unrecorded(SweepState& state, const IssueJob& job, const RepositoryTriageReport& report,
                     bool dry_run) {
  LabelChanges unrecorded = unrecorded_label_changes(job, report, dry_run);
  if (unrecorded.empty()) {
    state.unrecorded.erase(job.issue_number);
  } else {
    state.unrecorded[job.issue_number] = std::move(unrecorded);
  }
}

// False (and the run marked as stopped) when the state could not be written: going on would
// triage issues a re-run would then triage again.
bool save(SweepRun& run, const SweepOptions& options) {
  if (!options.save) return true;
  const Status saved = options.save(run.state);
  if (saved) return true;
  run.end = SweepRun::End::state_not_saved;
  run.reason = saved.error().describe();
  return false;
}

// Why the open issues could not be listed, as the run's end: GitHub refusing (a token, a
// repository it cannot see, issues turned off) is no GitHub that could not be reached.
void stop_at_listing(SweepRun& run, const github::ApiError& error) {
  const std::string answer = error.answer();
  run.end = SweepRun::End::github_refused;
  if (error.status == 401) {
    run.reason = "listing open issues: the token was refused (" + answer + ")";
  } else if ((error.status == 403 && !error.retryable) || error.status == 404) {
    run.reason =
        "listing open issues: no such repository, or the token cannot see it (" + answer + ")";
  } else if (error.status == 410) {
    // GitHub's answer for a repository whose Issues feature is turned off in its settings.
    run.reason = "listing open issues: the repository has issues turned off (" + answer + ")";
  } else {
    run.end = SweepRun::End::github_unavailable;
    run.reason = "listing open issues: " + answer;
  }
}

}  // namespace

std::string_view end_name(SweepRun::End end) {
  switch (end) {
    case SweepRun::End::finished:
      return "finished";
    case SweepRun::End::limit:
      return "stopped by --limit";
    case SweepRun::End::interrupted:
      return "interrupted";
    case SweepRun::End::github_unavailable:
      return "stopped: GitHub could not be reached";
    case SweepRun::End::github_refused:
      return "stopped: GitHub refused";
    case SweepRun::End::state_not_saved:
      return "stopped: the state could not be saved";
  }
  return "finished";
}

SweepRun run_sweep(github::GitHubApi& api, const github::RepoRef& repo, SweepState start,
                   const SweepOptions& options, SweepObserver& observer) {
  SweepRun run;
  run.state = std::move(start);
  run.state.repository = repo.full_name();
  run.state.finished = false;
  run.resumed_after = run.state.last_completed;

  const Listing listing = list_open_issue_numbers(api, repo);
  if (listing.error) {
    stop_at_listing(run, *listing.error);
    return run;
  }
  run.listed = true;
  std::vector<int> to_do;
  std::copy_if(listing.numbers.begin(), listing.numbers.end(), std::back_inserter(to_do),
               [&](int number) { return number > run.state.last_completed; });
  observer.listed(static_cast<int>(listing.numbers.size()), static_cast<int>(to_do.size()));

  RepositoryTriageOptions triage_options;
  triage_options.dry_run = options.dry_run;
  triage_options.bot_login = options.bot_login;
  // One repository's issues: its catalog is built once, not once an issue (still rebuilt if a
  // template or the configuration changes during the sweep).
  CatalogCache catalogs(1);
  const int total = static_cast<int>(to_do.size());
  std::vector<int> transient_streak;  // the issues just before, all failing transiently
  int before_streak = run.state.last_completed;
  for (int index = 0; index < total; ++index) {
    if (options.stop && options.stop()) {
      run.end = SweepRun::End::interrupted;
      return run;
    }
    if (options.limit > 0 && run.handled == options.limit) {
      run.end = SweepRun::End::limit;
      return run;
    }
    const int number = to_do[static_cast<std::size_t>(index)];
    IssueJob job;
    job.event = "sweep";
    job.owner = repo.owner;
    job.repo = repo.name;
    job.issue_number = number;
    job.earlier_label_changes = unrecorded_at(run.state, number);
    RepositoryTriageReport report;
    const TriageOutcome outcome =
        triage_issue_with_retries(api, job, triage_options, options.retry, &report, &catalogs);
    keep_unrecorded(run.state, job, report, options.dry_run);
    // A token GitHub refuses fails every issue alike: stop at the first, which a re-run (with
    // the token mended) starts from, rather than mark the whole backlog failed.
    if (outcome.token_refused) {
      if (report.applied) count_label_changes(run.state.counts, *report.applied);
      run.end = SweepRun::End::github_refused;
      run.reason = "#" + std::to_string(number) + ": " + outcome.detail;
      save(run, options);
      return run;
    }
    const bool transient = outcome.status == TriageOutcome::Status::retry;
    if (!transient) transient_streak.clear();
    if (transient && transient_streak.empty()) before_streak = run.state.last_completed;
    if (transient) transient_streak.push_back(number);
    // Rate-limited for longer than the client waits, or several issues in a row failing: GitHub
    // is the problem, not the issues; stop, so that a re-run starts with the first of them.
    if (transient &&
        (outcome.retry_after_seconds > options.retry.max_retry_after_seconds ||
         static_cast<int>(transient_streak.size()) >= options.max_transient_failures_in_a_row)) {
      if (report.applied) count_label_changes(run.state.counts, *report.applied);
      forget_failures(run.state, transient_streak);
      run.state.last_completed = before_streak;
      run.end = SweepRun::End::github_unavailable;
      run.reason = "#" + std::to_string(number) + ": " + outcome.detail;
      if (!save(run, options)) return run;
      return run;
    }
    // One issue GitHub keeps failing on (a huge thread timing out) must not block the others.
    if (outcome.status != TriageOutcome::Status::done) {
      if (report.applied) count_label_changes(run.state.counts, *report.applied);
      ++run.state.counts.seen;
      ++run.state.counts.errors;
      run.state.failed.push_back(number);
    } else {
      count(run.state.counts, report, options.dry_run);
    }
    if (report.applied) {
      for (const std::string& line : report.applied->dry_run_log) {
        run.dry_run_log.push_back("#" + std::to_string(number) + ": " + line);
      }
    }
    run.state.last_completed = number;
    ++run.handled;
    observer.issue_done(index + 1, total, number, outcome);
    if (!save(run, options)) return run;
  }
  run.state.finished = true;
  run.end = SweepRun::End::finished;
  save(run, options);
  return run;
}

}  // namespace issuelint::sweep
