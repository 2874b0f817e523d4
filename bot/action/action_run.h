// `issuelint action`: one GitHub Actions step triaging the issue its event is about, through the
// same triage_issue_on_github() as the webhook bot, then telling the workflow what it did (log
// line, annotations, job summary).
#pragma once

#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>

#include "bot/github/github_api.h"
#include "bot/server/issue_job.h"
#include "bot/server/serve_config.h"
#include "parser/result.h"

namespace issuelint::action {

// What the command line said; unset means "take it from the environment".
struct ActionFlags {
  std::optional<std::string> token;
  std::optional<std::string> api_url;
  std::optional<std::string> event_path;
  std::optional<std::string> bot_login;
  bool dry_run = false;
};

struct ActionSettings {
  std::string event_name;    // GITHUB_EVENT_NAME
  std::string event_path;    // GITHUB_EVENT_PATH
  std::string repository;    // GITHUB_REPOSITORY, used when the payload lacks one
  std::string token;         // --token, INPUT_TOKEN, GITHUB_TOKEN, ISSUELINT_GITHUB_TOKEN
  std::string api_url;       // --api-url, GITHUB_API_URL, ISSUELINT_GITHUB_API_URL
  std::string step_summary;  // GITHUB_STEP_SUMMARY; empty: no summary
  std::string step_output;   // GITHUB_OUTPUT; empty: no step outputs
  // whose marked comment is ours: --bot-login, ISSUELINT_BOT_LOGIN, INPUT_BOT-LOGIN; empty:
  // the personal token's user (GET /user), else github-actions[bot] (GITHUB_TOKEN's)
  std::string bot_login;
  bool dry_run = false;
  // GITHUB_RUN_ID: names the run's job as a webhook's delivery id names a delivery, so that the
  // run's retries (and a re-run) find the `/issuelint explain` comment it already posted.
  std::string run_id;
};

// Everything but the token, which only an issue event needs.
Result<ActionSettings> resolve_action_settings(const ActionFlags& flags,
                                               const EnvironmentLookup& env);

// The error a workflow author sees when the step has no token: what to add, and where.
std::string missing_token_message();

// What the event asks for: an issue to triage, or nothing (with the reason for the notice).
struct ActionEvent {
  std::optional<IssueJob> job;
  std::string reason;
};
Result<ActionEvent> read_action_event(const ActionSettings& settings);

using GitHubConnector =
    std::function<Result<std::unique_ptr<github::GitHubApi>>(const ActionSettings& settings)>;

struct ActionDependencies {
  EnvironmentLookup env = process_environment();
  GitHubConnector connect;
  std::ostream* out = nullptr;  // workflow commands and the log line (the runner reads stdout)
  std::ostream* err = nullptr;  // errors for people
};

// 0: triaged (whatever the verdict) or nothing to do; 2: could not run.
int run_action(const ActionFlags& flags, const ActionDependencies& deps);

}  // namespace issuelint::action
