#include "bot/action/action_run.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <ostream>
#include <sstream>
#include <thread>

#include "bot/action/job_summary.h"
#include "bot/action/step_outputs.h"
#include "bot/environment.h"
#include "bot/report/github_annotations.h"
#include "bot/repository_triage.h"
#include "bot/server/delivery_router.h"

namespace issuelint::action {

namespace {

using nlohmann::json;

constexpr const char* kDefaultApiUrl = "https://api.github.com";
// Comments written with the workflow's GITHUB_TOKEN are authored by this login.
constexpr const char* kActionsBotLogin = "github-actions[bot]";

// Why it cannot be read is said: a missing file and a directory (a mistyped --event-path) are
// different mistakes, and a directory opens as a stream that reads nothing.
Result<std::string> read_file(const std::string& path) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    return make_error("cannot read the event payload: it is a directory", path);
  }
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    return make_error(std::string("cannot read the event payload: ") + std::strerror(errno), path);
  }
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

// A payload that lacks its repository (a hand-made event) takes GITHUB_REPOSITORY's.
void fill_repository(json& payload, const std::string& repository) {
  const std::size_t slash = repository.find('/');
  if (slash == std::string::npos || !payload.is_object()) return;
  json& repo = payload["repository"];
  if (!repo.is_object()) repo = json::object();
  if (!repo.contains("name")) repo["name"] = repository.substr(slash + 1);
  if (!repo["owner"].is_object()) repo["owner"] = json::object();
  if (!repo["owner"].contains("login")) repo["owner"]["login"] = repository.substr(0, slash);
}

std::string annotation(std::string_view kind, std::string_view message) {
  return "::" + std::string(kind) + " title=issuelint::" + escape_workflow_data(message) + "\n";
}

void write_summary(const ActionSettings& settings, const SummaryInput& input, std::ostream& out) {
  if (settings.step_summary.empty()) return;
  const Status written = append_step_summary(settings.step_summary, render_job_summary(input));
  if (!written) out << annotation("warning", "job summary: " + written.error().describe());
}

// Written on every run that got as far as reading its settings, judged or not, so that a later
// step's `fromJSON(steps.X.outputs.labels)` never meets an output that is not there.
void write_outputs(const ActionSettings& settings, const RepositoryTriageReport* report,
                   std::ostream& out) {
  if (settings.step_output.empty()) return;
  const Status written = append_step_outputs(settings.step_output, step_outputs(report));
  if (!written) out << annotation("warning", "step outputs: " + written.error().describe());
}

std::string label_list(const std::vector<std::string>& names, std::string_view sign) {
  std::string out;
  for (const std::string& name : names) out += " " + std::string(sign) + name;
  return out;
}

// Takes `take_off` off the issue and puts `put_on` back on; GitHub's first refusal, if any.
std::optional<github::ApiError> write_labels_back(github::GitHubApi& api,
                                                  const github::IssueRef& ref,
                                                  const std::vector<std::string>& take_off,
                                                  const std::vector<std::string>& put_on) {
  for (const std::string& name : take_off) {
    auto removed = api.remove_label(ref, name);
    if (!removed.ok()) return removed.error;
  }
  auto added = api.add_labels(ref, put_on);
  if (!added.ok()) return added.error;
  return std::nullopt;
}

// A run keeps nothing for the next one: labels it changed that its report does not record (the
// comment refused: the issue locked meanwhile, GitHub failing past the retries) would be read
// by the next run as a person's changes, a label the bot took off never put back. So they are put
// back as the last report has them. Returns what was done, for the log line; "" when nothing
// was left unrecorded.
std::string put_back_unrecorded_labels(github::GitHubApi& api, const IssueJob& job,
                                       RepositoryTriageReport& report, bool dry_run) {
  const LabelChanges changes = unrecorded_label_changes(job, report, dry_run);
  if (dry_run || changes.empty() || !report.applied) return {};
  // Deleted: nothing is left to keep consistent. A report written (a later step failed, such as
  // removing a duplicate) records the labels as they are.
  if (report.applied->error && report.applied->error->status == 410) return {};
  if (report.applied->comment != github::ApplyReport::CommentAction::none) return {};
  std::vector<std::string> take_off = changes.added;
  take_off.insert(take_off.end(), changes.unconfirmed_added.begin(),
                  changes.unconfirmed_added.end());
  std::vector<std::string> put_on = changes.removed;
  put_on.insert(put_on.end(), changes.unconfirmed_removed.begin(),
                changes.unconfirmed_removed.end());
  const std::string labels = label_list(put_on, "+") + label_list(take_off, "-");
  const github::IssueRef ref{{job.owner, job.repo}, job.issue_number};
  if (auto refused = write_labels_back(api, ref, take_off, put_on)) {
    return "; labels changed without the report that records them, and GitHub refused to put "
           "them back (" +
           refused->message + "), so a later run takes them for a person's:" + labels;
  }
  // The summary's changes: none are left.
  report.applied->labels_added.clear();
  report.applied->labels_removed.clear();
  return "; labels put back as the report records them, since the report was not written:" + labels;
}

int could_not_run(std::ostream& out, std::ostream& err, const std::string& message) {
  err << "issuelint action: " << message << '\n';
  out << annotation("error", message);
  return 2;
}

}  // namespace

std::string missing_token_message() {
  return "no GitHub token: GITHUB_TOKEN is not in a step's environment unless the workflow "
         "passes it. Add to the step\n"
         "  env:\n"
         "    GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}\n"
         "and grant the job\n"
         "  permissions:\n"
         "    issues: write\n"
         "    contents: read\n"
         "(or give the action's `token` input, or --token).";
}

Result<ActionSettings> resolve_action_settings(const ActionFlags& flags,
                                               const EnvironmentLookup& env) {
  ActionSettings settings;
  settings.event_name = first_set(env, {"GITHUB_EVENT_NAME"});
  settings.event_path = flags.event_path.value_or(first_set(env, {"GITHUB_EVENT_PATH"}));
  if (settings.event_name.empty() || settings.event_path.empty()) {
    return make_error(
        "not inside a GitHub Actions step: GITHUB_EVENT_NAME and GITHUB_EVENT_PATH must be set "
        "(the runner sets them)");
  }
  settings.repository = first_set(env, {"GITHUB_REPOSITORY"});
  settings.token = flags.token.value_or(
      first_set(env, {"INPUT_TOKEN", "GITHUB_TOKEN", "ISSUELINT_GITHUB_TOKEN"}));
  settings.api_url =
      flags.api_url.value_or(first_set(env, {"GITHUB_API_URL", "ISSUELINT_GITHUB_API_URL"}));
  if (settings.api_url.empty()) settings.api_url = kDefaultApiUrl;
  settings.step_summary = first_set(env, {"GITHUB_STEP_SUMMARY"});
  settings.step_output = first_set(env, {"GITHUB_OUTPUT"});
  // The action's `bot-login` input reaches a container step as INPUT_BOT-LOGIN; action.yml
  // passes it as ISSUELINT_BOT_LOGIN.
  settings.bot_login = flags.bot_login.value_or(
      first_set(env, {"ISSUELINT_BOT_LOGIN", "INPUT_BOT-LOGIN", "INPUT_BOT_LOGIN"}));
  settings.dry_run = flags.dry_run;
  settings.run_id = first_set(env, {"GITHUB_RUN_ID"});
  return settings;
}

Result<ActionEvent> read_action_event(const ActionSettings& settings) {
  auto text = read_file(settings.event_path);
  if (!text) return text.error();
  json payload = json::parse(*text, nullptr, false);
  if (payload.is_discarded() || !payload.is_object()) {
    return make_error("the event payload is not a JSON object", settings.event_path);
  }
  fill_repository(payload, settings.repository);
  RouterOptions router;
  router.bot_logins = {settings.bot_login.empty() ? kActionsBotLogin : settings.bot_login};
  const std::string delivery = settings.run_id.empty() ? "" : "action-run-" + settings.run_id;
  RouteDecision decision = route_delivery(settings.event_name, delivery, payload, router);
  const std::string event =
      settings.event_name + (payload.contains("action") && payload["action"].is_string()
                                 ? "." + payload["action"].get<std::string>()
                                 : std::string());
  if (decision.kind == RouteDecision::Kind::reject) {
    return make_error("malformed " + event + " payload: " + decision.reason, settings.event_path);
  }
  if (decision.kind != RouteDecision::Kind::enqueue) {
    return ActionEvent{std::nullopt, "nothing to do for " + event + ": " + decision.reason};
  }
  if (decision.job->kind == JobKind::skip) {
    return ActionEvent{std::nullopt,
                       "/issuelint skip needs the server's memory; in a workflow, change the "
                       "workflow's `on:` instead"};
  }
  return ActionEvent{std::move(decision.job), {}};
}

namespace {

// Whose marked comment is the triage comment: the login given, else the token's.
std::string comment_author(const ActionSettings& settings, github::GitHubApi& api,
                           std::ostream& err) {
  if (!settings.bot_login.empty()) return settings.bot_login;
  // A personal token writes as its user, a `User`: the login finds that user's comment.
  std::string login = login_behind_token(
      api, settings.token, [&](std::string_view line) { err << "issuelint: " << line << '\n'; });
  // Only the workflow's own token (an installation token) is surely github-actions[bot]: a
  // personal token whose user could not be looked up keeps no login, so that its report is
  // still found by its marker (as sweep and serve do) rather than missed and posted again.
  if (login.empty() && settings.token.starts_with("ghs_")) login = kActionsBotLogin;
  return login;
}

// Everything after the settings: the event read, the issue triaged (into `report`), the
// annotations, log line and job summary written. Returns the exit status.
int triage_event(const ActionSettings& settings, const ActionDependencies& deps,
                 RepositoryTriageReport& report) {
  std::ostream& out = *deps.out;
  std::ostream& err = *deps.err;
  auto event = read_action_event(settings);
  if (!event) return could_not_run(out, err, event.error().describe());
  if (!event->job) {
    out << annotation("notice", "issuelint: " + event->reason);
    return 0;
  }
  if (settings.token.empty()) return could_not_run(out, err, missing_token_message());
  auto api = deps.connect(settings);
  if (!api) return could_not_run(out, err, "cannot reach GitHub: " + api.error().describe());

  const IssueJob& job = *event->job;
  RepositoryTriageOptions options;
  options.dry_run = settings.dry_run;
  options.bot_login = comment_author(settings, **api, err);
  options.missing_issue_is_gone = false;
  TriageRetry retry;
  retry.sleep = [](std::chrono::milliseconds wait) { std::this_thread::sleep_for(wait); };
  retry.log = [&](std::string_view line) { err << "issuelint: " << line << '\n'; };
  TriageOutcome outcome = triage_issue_with_retries(**api, job, options, retry, &report);
  outcome.detail += put_back_unrecorded_labels(**api, job, report, settings.dry_run);

  // Annotations, not only the log line: maintainers read those, and an issue filed from a
  // template that did not parse goes unmatched.
  for (const std::string& warning : report.setup_warnings) {
    out << annotation("warning", warning);
  }
  SummaryInput summary{job.owner + "/" + job.repo, job.issue_number, settings.dry_run, &report,
                       outcome};
  write_summary(settings, summary, out);
  const std::string where = job.owner + "/" + job.repo + "#" + std::to_string(job.issue_number);
  if (outcome.status != TriageOutcome::Status::done) {
    return could_not_run(out, err, where + ": " + outcome.detail);
  }
  out << "issuelint: " << where << ": " << outcome.detail << '\n';
  if (report.triage && report.triage->verdict.template_matched) {
    out << render_github_annotations(report.triage->verdict, AnnotationOptions{});
  }
  return 0;
}

}  // namespace

int run_action(const ActionFlags& flags, const ActionDependencies& deps) {
  std::ostream& out = *deps.out;
  std::ostream& err = *deps.err;
  auto settings = resolve_action_settings(flags, deps.env);
  if (!settings) return could_not_run(out, err, settings.error().describe());
  RepositoryTriageReport report;
  const int status = triage_event(*settings, deps, report);
  write_outputs(*settings, &report, out);
  return status;
}

}  // namespace issuelint::action
