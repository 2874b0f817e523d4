#include "bot/repository_triage.h"

#include <algorithm>
#include <array>
#include <filesystem>

#include "bot/github/apply_verdict.h"
#include "bot/report/comment_report.h"
#include "bot/report/explain_comment.h"
#include "bot/triage.h"
#include "rules/config.h"

namespace issuelint {

namespace {

constexpr const char* kTemplateDir = ".github/ISSUE_TEMPLATE";
constexpr const char* kConfigFile = ".github/issuelint.yml";
constexpr const char* kMisnamedConfigFile = ".github/issuelint.yaml";

// What a 403 that is no rate limit means for a triage: the token may not do what it needs.
constexpr std::string_view kPermissionHint =
    " (the token lacks a permission: a workflow needs `permissions: issues: write` and "
    "`contents: read`; a GitHub App, Issues: Read and write and Contents: Read)";

TriageOutcome from_api_error(const std::string& what, const github::ApiError& error) {
  TriageOutcome outcome;
  outcome.status = error.retryable ? TriageOutcome::Status::retry : TriageOutcome::Status::failed;
  outcome.detail = what + ": " + error.answer();
  outcome.retry_after_seconds = error.retry_after_seconds;
  outcome.token_refused = !error.retryable && (error.status == 401 || error.status == 403);
  if (!error.retryable && error.status == 403) outcome.detail += kPermissionHint;
  return outcome;
}

constexpr std::size_t kExplainLimit = 65000;  // code points, under GitHub's 65,536

// Whether this command's diagnostics are on the issue already: a retry after GitHub wrote the
// comment but answered 5xx (the client never repeats a POST) finds them by their marker. A Bot's
// counts whatever the login given, as for the report (find_report_comment): an App's token in a
// workflow without `bot-login` writes as the App, not as github-actions[bot], and its retry (or
// the run's re-run) posted the diagnostics again. A person's copy of the marker never counts.
bool posted_already(const std::vector<github::Comment>& comments, std::string_view delivery_id,
                    std::string_view bot_login) {
  if (delivery_id.empty()) return false;
  const std::string marker = explain_marker(delivery_id);
  return std::any_of(comments.begin(), comments.end(), [&](const github::Comment& comment) {
    const bool ours = comment.author_is_bot ||
                      (!bot_login.empty() && github::same_login(comment.author, bot_login));
    return ours && std::string_view(comment.body).starts_with(marker);
  });
}

TriageOutcome done(std::string detail) {
  return TriageOutcome{TriageOutcome::Status::done, std::move(detail), 0};
}

TriageOutcome failed(std::string detail) {
  return TriageOutcome{TriageOutcome::Status::failed, std::move(detail), 0};
}

bool is_chooser_config(const std::string& name) {
  return name == "config.yml" || name == "config.yaml";
}

bool is_template_file(const std::string& name) {
  if (is_chooser_config(name)) return false;
  return name.ends_with(".md") || name.ends_with(".yml") || name.ends_with(".yaml");
}

using TemplateFiles = std::vector<std::pair<std::string, std::string>>;

// The template files of one folder, as fetched, in the listing's order, into `files`, each named
// `shown_prefix` + its path, and the chooser's config.yml, when listed, into `chooser_config` (it
// says whether blank issues are offered beside the templates). A GitHub error gives the outcome
// to return, retried or not as GitHub's answer says (a 403 "Resource not accessible by
// integration" is an App without Contents permission: no retry mends it). `listed` says whether
// the folder had any entry.
std::optional<TriageOutcome> fetch_template_folder(
    github::GitHubApi& api, const github::RepoRef& repo, const std::string& folder,
    const std::string& shown_prefix, TemplateFiles& files,
    std::optional<std::string>& chooser_config, bool& listed) {
  auto listing = api.list_directory(repo, folder);
  if (!listing.ok()) return from_api_error("listing " + shown_prefix + folder, listing.error);
  listed = !listing.value->empty();
  for (const auto& file : *listing.value) {
    const std::string name = std::filesystem::path(file.path).filename().string();
    if (file.type == "file" && is_chooser_config(name) && !chooser_config) {
      auto text = api.get_file(repo, file.path);
      if (!text.ok()) return from_api_error("reading " + shown_prefix + file.path, text.error);
      chooser_config = std::move(*text.value);
      continue;
    }
    if (file.type != "file" || !is_template_file(name)) continue;
    auto text = api.get_file(repo, file.path);
    if (!text.ok()) return from_api_error("reading " + shown_prefix + file.path, text.error);
    if (!text.value->has_value()) continue;
    files.emplace_back(shown_prefix + file.path, std::move(**text.value));
  }
  return std::nullopt;
}

// Where GitHub finds an owner's default issue templates, in its `.github` repository, for every
// repository with no `.github/ISSUE_TEMPLATE` of its own ("Creating a default community health
// file": at the root, or in the docs or .github folder), in the order looked at.
constexpr std::array<const char*, 3> kDefaultTemplateFolders = {
    ".github/ISSUE_TEMPLATE", "ISSUE_TEMPLATE", "docs/ISSUE_TEMPLATE"};

// Whether a listing holds the folder `path` (its first segment, for a folder further down).
bool lists_folder(const std::vector<github::ContentFile>& entries, std::string_view path) {
  const std::string_view top = path.substr(0, path.find('/'));
  return std::any_of(entries.begin(), entries.end(), [&](const github::ContentFile& entry) {
    return entry.type == "dir" && entry.path == top;
  });
}

// The owner's default templates, from the first of its `.github` repository's default folders
// that has files. Its root listing says which folders can be there: one request, a 304 while
// unchanged (or a 404 when there is no such repository), where asking each folder cost a 404 for
// every absent one at every job, each counted against the rate limit.
std::optional<TriageOutcome> fetch_default_templates(github::GitHubApi& api,
                                                     const github::RepoRef& repo,
                                                     TemplateFiles& files,
                                                     std::optional<std::string>& chooser_config) {
  const github::RepoRef defaults{repo.owner, ".github"};
  const std::string shown = defaults.full_name() + "/";
  auto root = api.list_directory(defaults, "");
  if (!root.ok()) return from_api_error("listing " + defaults.full_name(), root.error);
  bool listed = false;
  for (const char* folder : kDefaultTemplateFolders) {
    if (listed) break;
    if (!lists_folder(*root.value, folder)) continue;
    if (auto failed =
            fetch_template_folder(api, defaults, folder, shown, files, chooser_config, listed)) {
      return failed;
    }
  }
  return std::nullopt;
}

// The repository's legacy single template (ISSUE_TEMPLATE.md, any case) into `files`, if it has
// one: GitHub fills every new issue with it. Looked for in .github, at the root and in docs, in
// that order; the root's listing says which of the two folders exist (each listing is
// revalidated with its ETag, so an unchanged one costs no rate limit). `found` says whether one
// was there.
std::optional<TriageOutcome> fetch_single_template(github::GitHubApi& api,
                                                   const github::RepoRef& repo,
                                                   TemplateFiles& files, bool& found) {
  auto root = api.list_directory(repo, "");
  if (!root.ok()) return from_api_error("listing the repository's root", root.error);
  for (std::string_view folder : kSingleIssueTemplateFolders) {
    const std::vector<github::ContentFile>* entries = &*root.value;
    github::ApiResult<std::vector<github::ContentFile>> listing;
    if (!folder.empty()) {
      if (!lists_folder(*root.value, folder)) continue;
      listing = api.list_directory(repo, std::string(folder));
      if (!listing.ok()) return from_api_error("listing " + std::string(folder), listing.error);
      entries = &*listing.value;
    }
    for (const auto& file : *entries) {
      const std::string name = std::filesystem::path(file.path).filename().string();
      if (file.type != "file" || !is_single_issue_template_name(name)) continue;
      auto text = api.get_file(repo, file.path);
      if (!text.ok()) return from_api_error("reading " + file.path, text.error);
      if (!text.value->has_value()) continue;
      files.emplace_back(file.path, std::move(**text.value));
      found = true;
      return std::nullopt;
    }
  }
  return std::nullopt;
}

// The templates issues of `repo` are written from: its own (its template folder, else its
// legacy single template), or, when it has neither, its owner's defaults (named
// "OWNER/.github/PATH", since they are not in the repository). A folder holding only config.yml
// is the repository's own: GitHub then uses none of the defaults.
std::optional<TriageOutcome> fetch_template_files(github::GitHubApi& api,
                                                  const github::RepoRef& repo, TemplateFiles& files,
                                                  std::optional<std::string>& chooser_config) {
  bool listed = false;
  if (auto failed =
          fetch_template_folder(api, repo, kTemplateDir, "", files, chooser_config, listed)) {
    return failed;
  }
  if (!listed) {
    if (auto failed = fetch_single_template(api, repo, files, listed)) return failed;
  }
  if (listed) return std::nullopt;
  return fetch_default_templates(api, repo, files, chooser_config);
}

// The templates among `files`; one that does not parse is left out (and said in `skipped`), so
// one broken template does not stop triage of issues written from the others.
std::vector<IssueTemplate> parse_templates(
    const std::vector<std::pair<std::string, std::string>>& files, std::string& skipped) {
  std::vector<IssueTemplate> templates;
  for (const auto& [path, text] : files) {
    const std::string name = std::filesystem::path(path).filename().string();
    const std::string id = std::filesystem::path(name).stem().string();
    const bool form = name.ends_with(".yml") || name.ends_with(".yaml");
    auto parsed = form ? parse_issue_form(text, id, path) : parse_markdown_template(text, id, path);
    if (!parsed) {
      skipped += (skipped.empty() ? "" : "; ") + parsed.error().describe();
      continue;
    }
    templates.push_back(std::move(*parsed));
  }
  keep_offered_templates(templates);
  return templates;
}

// GitHub answers 404 for the issue and for its repository: the token cannot see the repository
// (a private one a fine-grained token was not given), or the API URL is not GitHub's API root,
// where every path is 404. Either way each of its issues would pass for gone, and the repository
// would go untriaged without a word: the job fails, for `queue replay` once it is put right.
TriageOutcome hidden_repository(const github::RepoRef& repo) {
  return failed("GitHub answered 404 for the issue and for its repository " + repo.full_name() +
                ": the token cannot see the repository (a fine-grained token not given it, an "
                "account without access, a GitHub App not installed on it), or the GitHub API URL "
                "is not the API root (GitHub Enterprise Server: https://HOST/api/v3)");
}

// A 404 or 410 on the issue itself. Where the issue was learned of earlier, it was deleted (410)
// or is gone from this repository (404: deleted or transferred): nothing is left to triage, and
// retrying or dead-lettering it would only raise alarms. Unless the repository answers 404 too:
// then nothing of it can be seen (see hidden_repository).
// Where it was named just now (the Action's event), a 404 is GitHub hiding a repository from a
// token that cannot see it; a 410 is GitHub saying the issue was deleted (a spam issue removed
// before the workflow ran) whoever asks.
TriageOutcome missing_issue(github::GitHubApi& api, const github::RepoRef& repo,
                            const github::ApiError& error, const RepositoryTriageOptions& options) {
  const std::string status = std::to_string(error.status);
  const std::string gone = "skipped: the issue is gone (GitHub answered " + status + ")";
  if (error.status == 410) return done(gone);
  if (!options.missing_issue_is_gone) {
    return failed("fetching the issue: GitHub answered " + status + ": " + error.message +
                  "; the issue the event names should exist, so the token most likely cannot see "
                  "this repository: check the token (the action's `token` input) and the job's "
                  "`permissions:` (issues: write, contents: read)");
  }
  auto seen = api.check_repository_visible(repo);
  if (seen.ok()) return done(gone);
  if (seen.error.status == 404) return hidden_repository(repo);
  return from_api_error("fetching the issue: GitHub answered " + status +
                            "; asking whether the repository " + repo.full_name() + " is there",
                        seen.error);
}

// The App could not get a token for the installation. A 404 is an installation that is gone (the
// App was uninstalled after the delivery was queued): nothing to triage there any more. Any other
// answer is failed or retried as GitHub's answer says, with GitHub's message: a 401 (wrong key
// or App ID) or 403 (suspended) needs a person, not twelve more tries.
TriageOutcome token_failure(const github::ApiError& error) {
  if (error.status == 404) {
    return done("skipped: the App is not installed there any more (" + error.message + ")");
  }
  return from_api_error("getting a GitHub token", error);
}

// A 3xx on the issue: GitHub moved it (transferred to another repository) or renamed its
// repository. Not followed: a transferred issue would be judged by this repository's templates,
// and GitHub sends the events of its new place, which name it there.
TriageOutcome moved_issue(const github::ApiError& error) {
  return done("skipped: the issue moved (GitHub answered " + std::to_string(error.status) +
              ": transferred, or its repository renamed; later events name its new place): " +
              error.message);
}

// A write refused because the issue changed while the job ran, as the fetch would have found it
// a moment later: deleted (a 404 or 410; a report deleted just before its edit is posted anew,
// so a 404 is the issue's), moved (a 3xx: transferred) or locked (its comment refused with 403
// "... issue is locked"). No retry mends any: the job ends as it would at the fetch, saying what
// went on without a comment (the issue's next triage counts those label changes as the bot's).
// `request`: what GitHub answered so, for the detail ("a write", "the comment listing").
std::optional<TriageOutcome> issue_changed_meanwhile(const github::ApiError& error,
                                                     const github::ApplyReport& applied,
                                                     const RepositoryTriageOptions& options,
                                                     const std::string& request = "a write") {
  if (error.token_exchange) return std::nullopt;
  if (error.status >= 300 && error.status < 400) return moved_issue(error);
  const std::string status = std::to_string(error.status);
  if (error.status == 410 || (error.status == 404 && options.missing_issue_is_gone)) {
    return done("skipped: the issue is gone (GitHub answered " + status + " to " + request +
                " while it was triaged)");
  }
  if (error.status != 403 || error.message.find("issue is locked") == std::string::npos) {
    return std::nullopt;
  }
  std::string detail = "skipped: the issue was locked while it was triaged";
  std::string labels;
  for (const std::string& name : applied.labels_added) labels += " +" + name;
  for (const std::string& name : applied.labels_removed) labels += " -" + name;
  if (!labels.empty()) detail += ": labels set without the comment that explains them:" + labels;
  return done(detail + " (unlock it and `/issuelint check` to have it triaged)");
}

// Why an issue that exists is left alone, if it is: a pull request; a locked issue (a person
// froze the conversation, and labels alone would be half of a triage the comment could not
// finish); a closed one, unless a maintainer asked with `/issuelint check` or `explain`.
std::optional<std::string> reason_to_leave_alone(const github::Issue& issue, const IssueJob& job) {
  if (issue.is_pull_request) return "a pull request: not triaged";
  if (issue.locked) return "skipped: the issue is locked (unlock it to have it triaged)";
  if (issue.state == "closed" && job.kind == JobKind::triage && !ends_skip(job)) {
    return "skipped: the issue is closed (`/issuelint check` triages it all the same)";
  }
  return std::nullopt;
}

// What `check` prints as warnings about the configuration (a `templates` entry naming nothing,
// an override that does nothing...), for the job's log line: the bot has no terminal to show
// them on, and the repository's maintainers read its log.
// `file_notice`: what fetch_config_text said about the file itself, if anything.
std::string configuration_warnings(const TemplateCatalog& catalog, const std::string& file_notice) {
  std::string text = file_notice.empty() ? "" : " (configuration warnings: " + file_notice;
  for (const Error& warning : catalog.warnings()) {
    text += (text.empty() ? " (configuration warnings: " : "; ") + warning.describe();
  }
  return text.empty() ? text : text + ")";
}

bool lists_path(const std::vector<github::ContentFile>& entries, std::string_view path) {
  return std::any_of(entries.begin(), entries.end(),
                     [&](const github::ContentFile& entry) { return entry.path == path; });
}

// What a `.github` listing without the configuration file says about it.
std::string misnamed_config_notice(const std::vector<github::ContentFile>& github_folder) {
  if (!lists_path(github_folder, kMisnamedConfigFile)) return "";
  return std::string(kMisnamedConfigFile) + " is not read: the configuration is " + kConfigFile +
         " (rename it)";
}

// The repository's configuration, if it has one, into `text`. A repository with only
// .github/issuelint.yaml (the spelling many tools accept) gets nothing from it, as `check` says:
// `notice` says so, or its settings would silently not apply. That is looked for in the .github
// listing, and only when the .yml is missing: revalidated with its ETag, it costs no rate limit.
// `missing_last_time`: the repository had no configuration at its last job. Its listing is then
// read first, and the file only if listed: a GET answered 404 costs a rate-limit unit at every
// job (404s carry no ETag), an unchanged listing none. A repository with the file is asked for
// it straight away (one round trip, a 304 while unchanged).
std::optional<TriageOutcome> fetch_config_text(github::GitHubApi& api, const github::RepoRef& repo,
                                               bool missing_last_time,
                                               std::optional<std::string>& text,
                                               std::string& notice) {
  if (missing_last_time) {
    auto listing = api.list_directory(repo, ".github");
    // A listing GitHub will not give: the file is asked for, as for any repository.
    if (listing.ok() && !lists_path(*listing.value, kConfigFile)) {
      notice = misnamed_config_notice(*listing.value);
      return std::nullopt;
    }
  }
  auto read = api.get_file(repo, kConfigFile);
  if (!read.ok()) return from_api_error("reading " + std::string(kConfigFile), read.error);
  text = std::move(*read.value);
  if (text) return std::nullopt;
  // A listing GitHub will not give only loses the warning: the triage goes on without it.
  auto listing = api.list_directory(repo, ".github");
  if (listing.ok()) notice = misnamed_config_notice(*listing.value);
  return std::nullopt;
}

// `unmatched: quiet` (the default) writes nothing on an issue the bot never reported on;
// `comment` keeps one report saying so, the same `check` shows. An issue that had a report (it
// followed a template before an edit) gets it updated either way: its labels come off and the
// comment no longer says what it lacked. What it wrote goes into `seen.applied`, for the
// sweep's table and the Action's summary.
TriageOutcome handle_unmatched(github::GitHubApi& api, const github::IssueRef& ref,
                               const TemplateCatalog& catalog, const Verdict& verdict,
                               const std::vector<github::Comment>& comments, bool had_report,
                               const RepositoryTriageOptions& options, RepositoryTriageReport& seen,
                               const std::string& config_notice) {
  if (catalog.unmatched() == UnmatchedPolicy::quiet && !had_report) {
    return done("no template matches: left alone");
  }
  github::ApplyOptions apply;
  apply.dry_run = options.dry_run;
  apply.bot_login = options.bot_login;
  apply.listed_comments = &comments;
  const auto& report = seen.applied.emplace(github::apply_verdict(api, ref, verdict, apply));
  if (!report.ok()) {
    if (auto changed = issue_changed_meanwhile(*report.error, report, options)) return *changed;
    return from_api_error("commenting on an unmatched issue", *report.error);
  }
  std::string detail = "no template matches, " + report.summary();
  for (const std::string& line : report.dry_run_log) detail += "; " + line;
  return done(detail + configuration_warnings(catalog, config_notice));
}

// The pack files the repository's configuration names, read from the repository beside it (a
// configuration that does not parse, or a file that is not there, is said when the catalog is
// built). The bot never reads a pack from its own disk for a repository.
std::optional<TriageOutcome> fetch_pack_files(github::GitHubApi& api, const github::RepoRef& repo,
                                              CatalogSources& sources) {
  if (!sources.config_text) return std::nullopt;
  // A pack file's name ends in .yml or .yaml: a configuration without either names none, and
  // is not parsed here at every job (build_catalog parses it when the catalog is built).
  const std::string& config_text = *sources.config_text;
  if (config_text.find(".yml") == std::string::npos &&
      config_text.find(".yaml") == std::string::npos) {
    return std::nullopt;
  }
  auto config = parse_config(config_text, kConfigFile);
  if (!config) return std::nullopt;
  for (const std::string& name : pack_file_names(*config)) {
    const std::optional<std::string> path = repository_pack_path(name);
    if (!path) continue;
    auto text = api.get_file(repo, *path);
    if (!text.ok()) return from_api_error("reading the pack file " + *path, text.error);
    if (*text.value) sources.pack_files.emplace(name, std::move(**text.value));
  }
  return std::nullopt;
}

// A built catalog, or the outcome that stops the job when there is none to build.
struct CatalogOrOutcome {
  std::shared_ptr<const BuiltCatalog> built;
  std::optional<TriageOutcome> error_outcome;
  explicit operator bool() const { return built != nullptr; }
};

// Parses the sources and builds their rules. `kept`: the catalog will serve later issues too, so
// learning its templates' texts pays (~190 K instructions once, ~16 K saved an issue).
CatalogOrOutcome build_catalog(const CatalogSources& sources,
                               const RepositoryTriageOptions& options, bool kept) {
  std::string skipped;
  std::vector<IssueTemplate> templates = parse_templates(sources.template_files, skipped);
  if (templates.empty()) {
    return {nullptr, done("the repository has no issue templates" +
                          (skipped.empty() ? "" : " (" + skipped + ")"))};
  }
  std::optional<RepositoryConfig> config = options.default_config;
  if (sources.config_text) {
    auto parsed = parse_config(*sources.config_text, kConfigFile);
    if (!parsed) return {nullptr, failed("bad configuration: " + parsed.error().describe())};
    config = std::move(*parsed);
    config->pack_files = sources.pack_files;
  }
  auto catalog = TemplateCatalog::build(std::move(templates), config ? &*config : nullptr);
  if (!catalog) return {nullptr, failed("cannot build the rules: " + catalog.error().describe())};
  if (sources.chooser_config && blank_issues_enabled(*sources.chooser_config).value_or(false)) {
    catalog->offer_blank_issues();
  }
  if (kept) catalog->learn_template_texts();
  return {
      std::make_shared<const BuiltCatalog>(BuiltCatalog{std::move(*catalog), std::move(skipped)}),
      std::nullopt};
}

}  // namespace

std::string login_behind_token(github::GitHubApi& api, std::string_view token,
                               const std::function<void(std::string_view)>& log) {
  if (token.empty() || token.starts_with("ghs_")) return "";
  auto login = api.get_authenticated_login();
  if (login.ok()) return *login.value;
  if (log) {
    log("cannot tell whose token this is (GET /user: GitHub answered " +
        std::to_string(login.error.status) + ": " + login.error.message +
        "); comments by a Bot count as the triage comment");
  }
  return "";
}

std::optional<TriageOutcome> refuse_unverified_requester(github::GitHubApi& api,
                                                         const IssueJob& job) {
  if (!job.requester_unverified) return std::nullopt;
  const github::RepoRef repo{job.owner, job.repo};
  auto permission = api.get_permission(repo, job.requested_by);
  if (!permission.ok() && permission.error.token_exchange) return token_failure(permission.error);
  // 404: GitHub knows no such account (renamed or deleted since it commented).
  if (permission.ok() || permission.error.status == 404) {
    const std::string level = permission.ok() ? *permission.value : "none";
    if (level == "admin" || level == "write") return std::nullopt;
    return done("ignored: /issuelint " + std::string(command_word(job.kind)) + " by " +
                job.requested_by + ", who cannot write to " + repo.full_name() + " (GitHub says '" +
                level + "')");
  }
  return from_api_error("asking GitHub what " + job.requested_by + " may do in " + repo.full_name(),
                        permission.error);
}

TriageOutcome triage_issue_on_github(github::GitHubApi& api, const IssueJob& job,
                                     const RepositoryTriageOptions& options,
                                     RepositoryTriageReport* report, CatalogCache* catalogs) {
  RepositoryTriageReport unused;
  RepositoryTriageReport& seen = report != nullptr ? *report : unused;
  if (auto refused = refuse_unverified_requester(api, job)) return *refused;
  // The worker has recorded the skip; the command itself changes nothing on GitHub.
  if (job.kind == JobKind::skip) return done("skipped: /issuelint skip until /issuelint check");
  const github::IssueRef ref{{job.owner, job.repo}, job.issue_number};
  auto issue = api.get_issue(ref);
  if (!issue.ok() && issue.error.token_exchange) return token_failure(issue.error);
  if (!issue.ok() && (issue.error.status == 404 || issue.error.status == 410)) {
    return missing_issue(api, ref.repo, issue.error, options);
  }
  if (!issue.ok() && issue.error.status >= 300 && issue.error.status < 400) {
    return moved_issue(issue.error);
  }
  if (!issue.ok()) return from_api_error("fetching the issue", issue.error);
  seen.issue = *issue.value;
  if (auto reason = reason_to_leave_alone(*issue.value, job)) return done(*reason);

  TemplateFiles files;
  std::optional<std::string> chooser_config;
  if (auto failed = fetch_template_files(api, ref.repo, files, chooser_config)) return *failed;
  if (files.empty()) {
    return done("the repository has no issue templates (none in " + std::string(kTemplateDir) +
                ", no ISSUE_TEMPLATE.md, nor defaults in " + ref.repo.owner + "/.github)");
  }
  // Read through the client's ETag cache: an unchanged file costs a 304, not a rate-limit unit.
  std::optional<std::string> config_text;
  std::string config_notice;
  const std::string repository = ref.repo.owner + "/" + ref.repo.name;
  const bool config_missing_last_time =
      catalogs != nullptr && catalogs->had_config(repository) == false;
  if (auto failed =
          fetch_config_text(api, ref.repo, config_missing_last_time, config_text, config_notice)) {
    return *failed;
  }
  if (!config_notice.empty()) seen.setup_warnings.push_back("configuration: " + config_notice);
  CatalogSources sources{std::move(files), std::move(config_text), {}, std::move(chooser_config)};
  if (auto failed = fetch_pack_files(api, ref.repo, sources)) return *failed;
  std::shared_ptr<const BuiltCatalog> built =
      catalogs != nullptr ? catalogs->find(repository, sources) : nullptr;
  const bool kept = built != nullptr;
  if (!kept) {
    auto made = build_catalog(sources, options, catalogs != nullptr);
    if (!made) return *made.error_outcome;
    built = std::move(made.built);
    if (catalogs != nullptr) catalogs->store(repository, std::move(sources), built);
  }
  if (options.on_catalog) options.on_catalog(kept);
  const TemplateCatalog& catalog = built->catalog;
  const std::string& skipped = built->skipped;
  if (!skipped.empty()) seen.setup_warnings.push_back("templates skipped: " + skipped);
  for (const Error& warning : catalog.warnings()) {
    seen.setup_warnings.push_back("configuration: " + warning.describe());
  }

  auto comments = api.list_comments(ref);
  if (!comments.ok()) {
    // GitHub saying the issue was deleted since it was fetched (410): as at the fetch, not a
    // failure to dead-letter. A 404 here, with the issue just read, is no such word: an error.
    if (comments.error.status == 410) {
      return *issue_changed_meanwhile(comments.error, {}, options, "the comment listing");
    }
    return from_api_error("listing comments", comments.error);
  }
  const github::Comment* previous = github::find_report_comment(*comments.value, options.bot_login);

  TriageRequest request;
  request.body = issue.value->body.value_or("");
  request.title = issue.value->title;
  request.current_labels = issue.value->labels;
  if (previous != nullptr) request.previous_comment = previous->body;
  request.earlier_label_changes = job.earlier_label_changes;
  const auto& result = seen.triage.emplace(triage(catalog, request));
  // An explain answers with its one comment, and changes nothing else: not the labels, nor the
  // report, also for an issue no template matches (its diagnostics say so) or one skipped.
  if (job.kind == JobKind::explain) {
    if (options.dry_run) return done("dry run: would post the full diagnostics");
    if (posted_already(*comments.value, job.delivery_id, options.bot_login)) {
      return done("full diagnostics already posted for this command");
    }
    auto posted = api.create_comment(
        ref, render_explain_comment(result.verdict, kExplainLimit, job.delivery_id));
    if (!posted.ok()) {
      if (auto changed = issue_changed_meanwhile(posted.error, {}, options)) return *changed;
      return from_api_error("posting the diagnostics", posted.error);
    }
    return done("full diagnostics posted");
  }
  if (!result.verdict.template_matched) {
    return handle_unmatched(api, ref, catalog, result.verdict, *comments.value, previous != nullptr,
                            options, seen, config_notice);
  }
  github::ApplyOptions apply;
  apply.dry_run = options.dry_run;
  apply.bot_login = options.bot_login;
  // Listed once a triage: the report was read there.
  apply.listed_comments = &*comments.value;
  const auto& applied =
      seen.applied.emplace(github::apply_verdict(api, ref, result.verdict, apply));
  if (!applied.ok()) {
    if (auto changed = issue_changed_meanwhile(*applied.error, applied, options)) return *changed;
    return from_api_error("applying the verdict", *applied.error);
  }
  std::string detail = std::string(outcome_name(result.verdict.outcome)) + ", " + applied.summary();
  // --dry-run: the writes that were not made are the log's to show.
  for (const std::string& line : applied.dry_run_log) detail += "; " + line;
  if (!skipped.empty()) detail += " (templates skipped: " + skipped + ")";
  detail += configuration_warnings(catalog, config_notice);
  return done(detail);
}

namespace {

LabelChanges label_changes_of(const github::ApplyReport& applied) {
  return {applied.labels_added, applied.labels_removed, applied.labels_unconfirmed_added,
          applied.labels_unconfirmed_removed};
}

// Labels changed by a failed attempt did change on GitHub: the next attempt finds them in place.
// The report then counts every attempt's changes, each label as its latest change left it.
void carry_label_changes(const github::ApplyReport& earlier, github::ApplyReport& later) {
  const LabelChanges net = followed_by(label_changes_of(earlier), label_changes_of(later));
  later.labels_added = net.added;
  later.labels_removed = net.removed;
  later.labels_unconfirmed_added = net.unconfirmed_added;
  later.labels_unconfirmed_removed = net.unconfirmed_removed;
  later.labels_created.insert(later.labels_created.begin(), earlier.labels_created.begin(),
                              earlier.labels_created.end());
}

}  // namespace

LabelChanges unrecorded_label_changes(const IssueJob& job, const RepositoryTriageReport& report,
                                      bool dry_run) {
  if (!report.applied) return job.earlier_label_changes;
  if (report.applied->ok() && !dry_run) return {};
  return followed_by(job.earlier_label_changes, label_changes_of(*report.applied));
}

TriageOutcome triage_issue_with_retries(github::GitHubApi& api, const IssueJob& job,
                                        const RepositoryTriageOptions& options,
                                        const TriageRetry& retry, RepositoryTriageReport* report,
                                        CatalogCache* catalogs) {
  RepositoryTriageReport unused;
  RepositoryTriageReport& seen = report != nullptr ? *report : unused;
  std::optional<github::ApplyReport> earlier;  // what the failed attempts applied
  std::chrono::milliseconds wait = retry.first_wait;
  for (int attempt = 1;; ++attempt) {
    seen = RepositoryTriageReport{};
    IssueJob this_attempt = job;
    if (earlier) {
      this_attempt.earlier_label_changes =
          followed_by(job.earlier_label_changes, label_changes_of(*earlier));
    }
    TriageOutcome outcome = triage_issue_on_github(api, this_attempt, options, &seen, catalogs);
    if (earlier) {
      if (seen.applied) {
        carry_label_changes(*earlier, *seen.applied);
      } else {
        seen.applied = earlier;
      }
    }
    const bool transient = outcome.status == TriageOutcome::Status::retry &&
                           outcome.retry_after_seconds <= retry.max_retry_after_seconds;
    if (!transient || attempt >= retry.attempts) return outcome;
    if (seen.applied) earlier = seen.applied;
    if (retry.log) {
      retry.log("#" + std::to_string(job.issue_number) + ": " + outcome.detail +
                "; triaging it again in " + std::to_string(wait.count()) + " ms (attempt " +
                std::to_string(attempt + 1) + " of " + std::to_string(retry.attempts) + ")");
    }
    if (retry.sleep)
      retry.sleep(std::max(wait, std::chrono::milliseconds(1000LL * outcome.retry_after_seconds)));
    wait *= 2;
  }
}

GitHubIssueTriager::GitHubIssueTriager(ClientFactory factory, RepositoryTriageOptions options,
                                       std::string login_token,
                                       std::function<void(std::string_view)> log)
    : factory_(std::move(factory)),
      options_(std::make_shared<const RepositoryTriageOptions>(std::move(options))),
      login_token_(options_->bot_login.empty() ? std::move(login_token) : std::string()),
      log_(std::move(log)) {
  // An installation token's comments are a Bot's: found without a login (login_behind_token).
  if (login_token_.starts_with("ghs_")) login_token_.clear();
}

std::shared_ptr<const RepositoryTriageOptions> GitHubIssueTriager::options_for(
    github::GitHubApi& client) {
  // Called with mutex_ held: one lookup at a time, and the workers wait for its answer rather
  // than run without the login.
  if (login_token_.empty()) return options_;
  std::string why;
  std::string login =
      login_behind_token(client, login_token_, [&why](std::string_view line) { why = line; });
  if (!login.empty()) {
    auto with_login = std::make_shared<RepositoryTriageOptions>(*options_);
    with_login->bot_login = std::move(login);
    options_ = std::move(with_login);
    login_token_.clear();
  } else if (--login_lookups_left_ <= 0) {
    login_token_.clear();
    if (log_) log_(why + " (gave up after " + std::to_string(kLoginLookups) + " tries)");
  } else if (log_) {
    log_(why);
  }
  return options_;
}

std::shared_ptr<github::GitHubApi> GitHubIssueTriager::kept_client(std::int64_t installation_id) {
  const auto found = clients_.find(installation_id);
  if (found == clients_.end()) return nullptr;
  found->second.last_used = ++uses_;
  return found->second.client;
}

void GitHubIssueTriager::keep_client(std::int64_t installation_id,
                                     std::shared_ptr<github::GitHubApi> client) {
  if (clients_.size() >= kKeptClients) {
    // A job still using the one let go keeps it alive until the job ends.
    const auto least_recent = std::min_element(
        clients_.begin(), clients_.end(),
        [](const auto& a, const auto& b) { return a.second.last_used < b.second.last_used; });
    clients_.erase(least_recent);
  }
  clients_[installation_id] = KeptClient{std::move(client), ++uses_};
}

Result<GitHubIssueTriager::Connection> GitHubIssueTriager::connect(const IssueJob& job) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::shared_ptr<github::GitHubApi> client = kept_client(job.installation_id);
  if (!client) {
    auto made = factory_(job.installation_id);
    if (!made) return made.error();
    client = *made;
    keep_client(job.installation_id, client);
  }
  return Connection{client, options_for(*client)};
}

std::optional<TriageOutcome> GitHubIssueTriager::refuse_requester(const IssueJob& job) {
  if (!job.requester_unverified) return std::nullopt;
  Result<Connection> connection = connect(job);
  if (!connection) return failed("no GitHub client: " + connection.error().describe());
  return refuse_unverified_requester(*connection->client, job);
}

TriageOutcome GitHubIssueTriager::handle(const IssueJob& job) {
  Result<Connection> connection = connect(job);
  if (!connection) {
    // Nothing was written: the earlier attempts' changes are still unrecorded.
    TriageOutcome unreached = failed("no GitHub client: " + connection.error().describe());
    unreached.unrecorded_label_changes = job.earlier_label_changes;
    return unreached;
  }
  const std::shared_ptr<const RepositoryTriageOptions>& options = connection->options;
  RepositoryTriageReport seen;
  TriageOutcome outcome =
      triage_issue_on_github(*connection->client, job, *options, &seen, &catalogs_);
  // The report records every label change once it is written; until then the queue keeps them
  // for the issue's next attempt.
  outcome.unrecorded_label_changes = unrecorded_label_changes(job, seen, options->dry_run);
  return outcome;
}

}  // namespace issuelint
