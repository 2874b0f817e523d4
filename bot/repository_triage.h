// Triage of one issue living on GitHub: fetch its latest state, the repository's templates
// and configuration, run the same triage() as the CLI, and apply the plan. Used by the
// webhook workers (and later the Action and the sweep).
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "bot/catalog_cache.h"
#include "bot/github/apply_verdict.h"
#include "bot/github/github_api.h"
#include "bot/server/issue_triager.h"
#include "bot/triage.h"
#include "rules/config.h"
#include "rules/template_catalog.h"

namespace issuelint {

struct RepositoryTriageOptions {
  bool dry_run = false;
  std::string bot_login;  // which marked comment is ours when several exist
  // `serve --config FILE`: the configuration of a repository that has no .github/issuelint.yml
  // of its own (a repository's own file replaces it whole, so what a repository sees is always
  // one file).
  std::optional<RepositoryConfig> default_config;
  // Told, once a job has its catalog, whether it was kept from an earlier job (for /metrics).
  std::function<void(bool kept)> on_catalog;
  // A 404 or 410 on the issue ends the job as done ("the issue is gone"): right for the webhook
  // queue and the sweep, which learned of the issue earlier. The Action's issue was just named by
  // its event, so a 404 there is a token that cannot see the repository: false makes it a failure
  // (a 410, GitHub saying the issue was deleted, ends the job as done either way).
  bool missing_issue_is_gone = true;
};

// Whose triage comments a token writes, when nobody said: the login behind a personal token
// (GET /user, asked once), or "" for an App installation token (`ghs_`, the workflow's
// GITHUB_TOKEN among them: its comments are a Bot's, found without a login) or when GitHub
// would not say. `log` hears why it is "".
std::string login_behind_token(github::GitHubApi& api, std::string_view token,
                               const std::function<void(std::string_view)>& log = {});

// What one triage saw, decided and did, for callers that report more than a log line (the
// Action's job summary, the sweep's table). Each part is set once that step was reached.
struct RepositoryTriageReport {
  std::optional<github::Issue> issue;
  std::optional<TriageResult> triage;  // the rules ran (template_matched says if any fit)
  // The plan was applied (or, in dry run, listed); for an issue no template matches, the
  // `unmatched: comment` comment (unset under `unmatched: quiet`).
  std::optional<github::ApplyReport> applied;
  // What the repository's maintainers should fix in its setup, whatever the issue: templates
  // that did not parse (left out, so issues filed from them go unmatched) and configuration
  // warnings. The Action shows them as annotations and in the job summary.
  std::vector<std::string> setup_warnings;
};

// The whole job against one GitHubApi. Transient GitHub failures come back as retry.
// `job.earlier_label_changes`: what earlier attempts at the issue changed that no report records
// yet, counted as the bot's.
// `catalogs`: where a caller triaging many issues keeps each repository's catalog between jobs
// (the files are still fetched every time; only an unchanged set is not built again).
TriageOutcome triage_issue_on_github(github::GitHubApi& api, const IssueJob& job,
                                     const RepositoryTriageOptions& options,
                                     RepositoryTriageReport* report = nullptr,
                                     CatalogCache* catalogs = nullptr);

// For a command whose requester's write access the payload did not show (see
// IssueJob::requester_unverified): nullopt when GitHub says the requester may write to the
// repository ("admin" or "write"), else how the job ends: done without acting, or GitHub's
// failure (retried as any other).
std::optional<TriageOutcome> refuse_unverified_requester(github::GitHubApi& api,
                                                         const IssueJob& job);

// What the issue's next triage must be handed as `earlier_label_changes`: the job's earlier
// changes followed by what this triage changed, none once its report recorded them all (an explain,
// a skipped, a failed or a dry-run triage records nothing). The queue keeps them per issue, the
// sweep in its state file.
LabelChanges unrecorded_label_changes(const IssueJob& job, const RepositoryTriageReport& report,
                                      bool dry_run);

// How the one-shot commands (action, sweep) run a triage again after a transient failure: the
// client does not repeat a comment POST (it may have been written), so the whole triage runs
// again from the start, which finds such a comment and does not post it twice. (The server's
// queue does the same with its retries.)
struct TriageRetry {
  int attempts = 3;                            // in all, the first included
  std::chrono::milliseconds first_wait{1000};  // before the second attempt, doubled after
  // GitHub asking for a longer wait than this (a rate limit) is not waited out here.
  int max_retry_after_seconds = 60;
  std::function<void(std::chrono::milliseconds)> sleep;  // empty: no wait
  std::function<void(std::string_view)> log;             // one line per retry
};

// triage_issue_on_github, run again while it ends in `retry`. The report is the last attempt's,
// with the labels added or removed by the failed attempts counted in `applied` too.
TriageOutcome triage_issue_with_retries(github::GitHubApi& api, const IssueJob& job,
                                        const RepositoryTriageOptions& options,
                                        const TriageRetry& retry,
                                        RepositoryTriageReport* report = nullptr,
                                        CatalogCache* catalogs = nullptr);

// An IssueTriager for the workers: one GitHub client per installation (App auth gives each
// installation its own token), built on first use. Thread-safe: workers triage different
// issues at the same time, and the clients serialize their own requests.
class GitHubIssueTriager final : public IssueTriager {
 public:
  using ClientFactory =
      std::function<Result<std::shared_ptr<github::GitHubApi>>(std::int64_t installation_id)>;
  // `login_token`: a personal token whose login, when `options.bot_login` is empty, is looked up
  // (GET /user) before the first job, so that the bot's own comment is told from a person's
  // copy of it; asked again at later jobs while GitHub does not answer, at most
  // kLoginLookups times. `log` hears why a lookup gave no login.
  GitHubIssueTriager(ClientFactory factory, RepositoryTriageOptions options,
                     std::string login_token = {}, std::function<void(std::string_view)> log = {});

  TriageOutcome handle(const IssueJob& job) override;
  std::optional<TriageOutcome> refuse_requester(const IssueJob& job) override;

  static constexpr int kLoginLookups = 3;
  // Installations whose clients are kept; one served again after falling out gets a new client
  // (and, for an App, a new installation token).
  static constexpr std::size_t kKeptClients = 32;

 private:
  struct Connection {
    std::shared_ptr<github::GitHubApi> client;
    std::shared_ptr<const RepositoryTriageOptions> options;
  };
  // The installation's client (made on first use) and the options a job runs with; an error
  // when no client can be made.
  Result<Connection> connect(const IssueJob& job);
  // The options a job runs with: options_ once the login is known (or given up on).
  std::shared_ptr<const RepositoryTriageOptions> options_for(github::GitHubApi& client);

  ClientFactory factory_;
  std::mutex mutex_;
  // Replaced whole, never changed in place: a job keeps the options it started with.
  std::shared_ptr<const RepositoryTriageOptions> options_;
  std::string login_token_;  // cleared once the login is known or given up on
  int login_lookups_left_ = kLoginLookups;
  std::function<void(std::string_view)> log_;
  // The clients of the most recently served installations, each with its keep-alive
  // connection (and an App's token exchange, a second one): kept for every installation ever
  // served, an App on some hundreds of them would run out of file descriptors.
  struct KeptClient {
    std::shared_ptr<github::GitHubApi> client;
    std::uint64_t last_used = 0;
  };
  std::shared_ptr<github::GitHubApi> kept_client(std::int64_t installation_id);
  void keep_client(std::int64_t installation_id, std::shared_ptr<github::GitHubApi> client);
  std::map<std::int64_t, KeptClient> clients_;
  std::uint64_t uses_ = 0;
  CatalogCache catalogs_;
};

}  // namespace issuelint
