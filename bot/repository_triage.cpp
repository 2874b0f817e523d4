#include "bot/repository_triage.h"

#include <algorithm>
#include <filesystem>

#include "bot/github/apply_verdict.h"
#include "bot/report/comment_report.h"
#include "bot/report/text_report.h"
#include "bot/triage.h"
#include "rules/config.h"

namespace issuelint {

namespace {

constexpr const char* kTemplateDir = ".github/ISSUE_TEMPLATE";
constexpr const char* kConfigFile = ".github/issuelint.yml";

TriageOutcome from_api_error(const std::string& what, const github::ApiError& error) {
  TriageOutcome outcome;
  outcome.status = error.retryable ? TriageOutcome::Status::retry : TriageOutcome::Status::failed;
  outcome.detail =
      what + ": GitHub answered " + std::to_string(error.status) + ": " + error.message;
  outcome.retry_after_seconds = error.retry_after_seconds;
  return outcome;
}

TriageOutcome done(std::string detail) {
  return TriageOutcome{TriageOutcome::Status::done, std::move(detail), 0};
}

TriageOutcome failed(std::string detail) {
  return TriageOutcome{TriageOutcome::Status::failed, std::move(detail), 0};
}

bool is_template_file(const std::string& name) {
  if (name == "config.yml" || name == "config.yaml") return false;
  return name.ends_with(".md") || name.ends_with(".yml") || name.ends_with(".yaml");
}

// The repository's templates; one that does not parse is left out (and said in `skipped`), so
// one broken template does not stop triage of issues written from the others.
Result<std::vector<IssueTemplate>> load_repository_templates(github::GitHubApi& api,
                                                             const github::RepoRef& repo,
                                                             std::string& skipped) {
  auto listing = api.list_directory(repo, kTemplateDir);
  if (!listing.ok())
    return make_error("listing " + std::string(kTemplateDir) + ": " + listing.error.message);
  std::vector<IssueTemplate> templates;
  for (const auto& file : *listing.value) {
    const std::string name = std::filesystem::path(file.path).filename().string();
    if (file.type != "file" || !is_template_file(name)) continue;
    auto text = api.get_file(repo, file.path);
    if (!text.ok()) return make_error("reading " + file.path + ": " + text.error.message);
    if (!text.value->has_value()) continue;
    const std::string id = std::filesystem::path(name).stem().string();
    auto parsed = name.ends_with(".md") ? parse_markdown_template(**text.value, id, file.path)
                                        : parse_issue_form(**text.value, id, file.path);
    if (!parsed) {
      skipped += (skipped.empty() ? "" : "; ") + parsed.error().describe();
      continue;
    }
    templates.push_back(std::move(*parsed));
  }
  return templates;
}

const github::Comment* find_report_comment(const std::vector<github::Comment>& comments,
                                           const std::string& bot_login) {
  const github::Comment* found = nullptr;
  for (const auto& comment : comments) {
    if (!is_report_comment(comment.body)) continue;
    if (!bot_login.empty() && comment.author == bot_login) return &comment;
    if (found == nullptr && (comment.author_is_bot || bot_login.empty())) found = &comment;
  }
  return found;
}

std::string explain_body(const Verdict& verdict) {
  TextReportOptions text;
  return "**issuelint** full diagnostics:\n\n```text\n" +
         render_text_report("issue", verdict, text) + "```\n";
}

// `unmatched: quiet` (the default) writes nothing; `comment` keeps one marked comment saying so,
// found again and left unchanged on every later delivery, so an issue is never spammed.
TriageOutcome handle_unmatched(github::GitHubApi& api, const github::IssueRef& ref,
                               const TemplateCatalog& catalog,
                               const RepositoryTriageOptions& options) {
  if (catalog.unmatched() == UnmatchedPolicy::quiet) return done("no template matches: left alone");
  Verdict verdict;
  verdict.comment = unmatched_comment(catalog);
  github::ApplyOptions apply;
  apply.dry_run = options.dry_run;
  apply.bot_login = options.bot_login;
  const auto report = github::apply_verdict(api, ref, verdict, apply);
  if (!report.ok()) return from_api_error("commenting on an unmatched issue", *report.error);
  std::string detail = "no template matches, " + report.summary();
  for (const std::string& line : report.dry_run_log) detail += "; " + line;
  return done(detail);
}

}  // namespace

std::string unmatched_comment(const TemplateCatalog& catalog) {
  std::string text =
      "**issuelint**: this issue does not follow any of this repository's issue templates, so "
      "it was not checked.\n\nThe templates here:\n\n";
  for (const CatalogEntry& entry : catalog.entries()) {
    const IssueTemplate& issue_template = entry.issue_template;
    const std::string& name = issue_template.front_matter.name.empty()
                                  ? issue_template.id
                                  : issue_template.front_matter.name;
    text += "- " + name + " (`" + issue_template.source + "`)\n";
  }
  text +=
      "\nIf the issue is meant to follow one of them, edit it to use that template's sections "
      "and it will be checked again.\n";
  return text;
}

TriageOutcome triage_issue_on_github(github::GitHubApi& api, const IssueJob& job,
                                     const RepositoryTriageOptions& options,
                                     RepositoryTriageReport* report) {
  RepositoryTriageReport unused;
  RepositoryTriageReport& seen = report != nullptr ? *report : unused;
  // The worker has recorded the skip; the command itself changes nothing on GitHub.
  if (job.kind == JobKind::skip) return done("skipped: /issuelint skip until /issuelint check");
  const github::IssueRef ref{{job.owner, job.repo}, job.issue_number};
  auto issue = api.get_issue(ref);
  if (!issue.ok()) return from_api_error("fetching the issue", issue.error);
  seen.issue = *issue.value;
  if (issue.value->is_pull_request) return done("a pull request: not triaged");

  std::string skipped;
  auto templates = load_repository_templates(api, ref.repo, skipped);
  if (!templates) return TriageOutcome{TriageOutcome::Status::retry, templates.error().message, 0};
  if (templates->empty()) {
    return done("the repository has no issue templates" +
                (skipped.empty() ? "" : " (" + skipped + ")"));
  }
  // Read through the client's ETag cache: an unchanged file costs a 304, not a rate-limit unit.
  auto config_text = api.get_file(ref.repo, kConfigFile);
  if (!config_text.ok())
    return from_api_error("reading " + std::string(kConfigFile), config_text.error);
  std::optional<RepositoryConfig> config = options.default_config;
  if (config_text.value->has_value()) {
    auto parsed = parse_config(**config_text.value, kConfigFile);
    if (!parsed) return failed("bad configuration: " + parsed.error().describe());
    config = std::move(*parsed);
  }
  auto catalog = TemplateCatalog::build(std::move(*templates), config ? &*config : nullptr);
  if (!catalog) return failed("cannot build the rules: " + catalog.error().describe());

  auto comments = api.list_comments(ref);
  if (!comments.ok()) return from_api_error("listing comments", comments.error);
  const github::Comment* previous = find_report_comment(*comments.value, options.bot_login);

  TriageRequest request;
  request.body = issue.value->body.value_or("");
  request.title = issue.value->title;
  request.current_labels = issue.value->labels;
  if (previous != nullptr) request.previous_comment = previous->body;
  const auto& result = seen.triage.emplace(triage(*catalog, request));
  if (!result.verdict.template_matched) return handle_unmatched(api, ref, *catalog, options);

  if (job.kind == JobKind::explain) {
    if (options.dry_run) return done("dry run: would post the full diagnostics");
    auto posted = api.create_comment(ref, explain_body(result.verdict));
    if (!posted.ok()) return from_api_error("posting the diagnostics", posted.error);
    return done("full diagnostics posted");
  }
  github::ApplyOptions apply;
  apply.dry_run = options.dry_run;
  apply.bot_login = options.bot_login;
  const auto& applied =
      seen.applied.emplace(github::apply_verdict(api, ref, result.verdict, apply));
  if (!applied.ok()) return from_api_error("applying the verdict", *applied.error);
  std::string detail = std::string(outcome_name(result.verdict.outcome)) + ", " + applied.summary();
  // --dry-run: the writes that were not made are the log's to show.
  for (const std::string& line : applied.dry_run_log) detail += "; " + line;
  if (!skipped.empty()) detail += " (templates skipped: " + skipped + ")";
  return done(detail);
}

TriageOutcome GitHubIssueTriager::handle(const IssueJob& job) {
  std::shared_ptr<github::GitHubApi> client;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto found = clients_.find(job.installation_id);
    if (found != clients_.end()) {
      client = found->second;
    } else {
      auto made = factory_(job.installation_id);
      if (!made) return failed("cannot reach GitHub: " + made.error().describe());
      client = *made;
      clients_[job.installation_id] = client;
    }
  }
  return triage_issue_on_github(*client, job, options_);
}

}  // namespace issuelint
