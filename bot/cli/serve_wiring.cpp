// Connects `issuelint serve` to GitHub: the worker's triager talks to the REST API with a
// token, or as a GitHub App with one installation token per installation.
#include "bot/cli/serve_wiring.h"

#include <algorithm>
#include <chrono>

#include "bot/cli/commands.h"
#include "bot/cli/github_connection.h"
#include "bot/cli/queue_command.h"
#include "bot/cli/serve_command.h"
#include "bot/github/app_auth.h"
#include "bot/github/clock.h"
#include "bot/github/http_github_client.h"
#include "bot/repository_triage.h"
#include "rules/config.h"
#include "rules/template_catalog.h"

namespace issuelint::cli {

namespace {

// A key of another App or a wrong App ID would pass for healthy and dead-letter every delivery:
// GitHub is asked once (GET /app) before the server listens. One short try, no rate-limit wait:
// when GitHub does not answer, the server starts all the same and says so.
Status check_app_at_start(const github::GitHubAuthSettings& auth, github::HttpClientOptions http,
                          std::shared_ptr<github::Clock> clock, JsonLog& log) {
  http.max_attempts = 1;
  http.connect_timeout = std::min(http.connect_timeout, std::chrono::milliseconds(5000));
  http.read_timeout = std::min(http.read_timeout, std::chrono::milliseconds(10'000));
  http.max_rate_limit_wait = std::chrono::seconds(0);
  auto checked =
      github::check_app_credentials(auth.app_issuer, auth.private_key_pem, http, std::move(clock));
  if (!checked) return checked.error();
  if (!checked->warning.empty()) {
    log.write("warning", {{"msg", "github app"}, {"detail", checked->warning}});
  } else {
    log.info({{"msg", "github app"}, {"slug", checked->slug}});
  }
  return Ok{};
}

}  // namespace

Result<std::unique_ptr<IssueTriager>> make_github_triager(const ServeConfig& config,
                                                          Metrics& metrics, JsonLog& log,
                                                          github::HttpClientOptions http) {
  // The clients are made per installation at the first job: a URL or key that can never work
  // would pass for healthy and dead-letter every delivery. Both are checked here, at start.
  auto base = github::parse_base_url(config.github_api_url);
  if (!base) return make_error(base.error().describe(), "ISSUELINT_GITHUB_API_URL");
  github::GitHubAuthSettings auth;
  auth.token = config.github_token;
  auth.app_issuer = config.app_id;
  if (auth.token.empty()) {
    auto key = read_app_private_key(config.app_private_key_file);
    if (!key) return key.error();
    auto parsed = github::load_private_key(*key);
    if (!parsed) return make_error(parsed.error().message, config.app_private_key_file);
    auth.private_key_pem = std::move(*key);
  }
  RepositoryTriageOptions options;
  options.dry_run = config.dry_run;
  if (!config.bot_logins.empty()) options.bot_login = config.bot_logins.front();
  if (!config.config_file.empty()) {
    auto loaded = load_config_file(config.config_file);
    if (!loaded) return loaded.error();
    // Built once against the built-in template, so that what only building the rules finds (an
    // unknown rule id, an unknown pack, an extra rule clashing with a pack's) stops the start
    // instead of dead-lettering every job of the repositories it serves. Its `templates` list
    // names other repositories' files: not checked here.
    RepositoryConfig trial = *loaded;
    trial.templates.clear();
    if (auto built = TemplateCatalog::builtin_default(&trial); !built) return built.error();
    options.default_config = std::move(*loaded);
  }
  options.on_catalog = [&metrics](bool kept) { metrics.count_catalog(kept); };
  http.base_url = config.github_api_url;
  // A rate-limit wait can hold the shared connection for minutes: without a line it looks like
  // a hang. The client's lines name the request and GitHub's answer, never a token.
  http.log = [&log](std::string_view line) {
    log.write("warning", {{"msg", "github"}, {"detail", std::string(line)}});
  };
  // Metrics and the log outlive the triager (ServeDependencies says so), so the clients may
  // keep them.
  http.on_response = [&metrics](int status, std::int64_t rate_limit_remaining) {
    metrics.count_github_call(status);
    if (rate_limit_remaining >= 0) metrics.set_rate_limit_remaining(rate_limit_remaining);
  };
  auto clock = std::make_shared<github::SystemClock>();
  if (!auth.token.empty() && !config.app_id.empty()) {
    // Left over from a move to the App, the token would go on acting without a word.
    log.write("warning", {{"msg", "github auth"},
                          {"detail",
                           "ISSUELINT_GITHUB_TOKEN is set, so the GitHub App settings "
                           "(ISSUELINT_APP_ID, ISSUELINT_APP_PRIVATE_KEY_FILE) are not used"}});
  }
  if (auth.token.empty()) {
    auto checked = check_app_at_start(auth, http, clock, log);
    if (!checked) return checked.error();
  }
  auto factory = [auth, http,
                  clock](std::int64_t installation) -> Result<std::shared_ptr<github::GitHubApi>> {
    // The App's own webhook names the installation in every delivery; a repository or
    // organization webhook's deliveries name none, and no installation token is had for them.
    if (auth.token.empty() && installation <= 0) {
      return make_error(
          "the delivery names no GitHub App installation: a server that authenticates as a "
          "GitHub App triages the deliveries of the App's own webhook (a repository or "
          "organization webhook needs ISSUELINT_GITHUB_TOKEN instead)");
    }
    auto tokens = github::make_token_source(auth, installation, http, clock);
    if (!tokens) return tokens.error();
    auto client = github::HttpGitHubClient::create(http, *tokens, clock);
    if (!client) return client.error();
    return std::shared_ptr<github::GitHubApi>(std::move(*client));
  };
  // A personal token with no ISSUELINT_BOT_LOGIN: its login is asked of GitHub at the first job.
  auto login_log = [&log](std::string_view line) {
    log.write("warning", {{"msg", "bot login"}, {"detail", std::string(line)}});
  };
  return std::unique_ptr<IssueTriager>(std::make_unique<GitHubIssueTriager>(
      std::move(factory), std::move(options), config.github_token, std::move(login_log)));
}

void add_server_commands(CLI::App& app) {
  ServeDependencies serve;
  serve.make_triager = [](const ServeConfig& config, Metrics& metrics, JsonLog& log,
                          std::stop_token shutdown) {
    github::HttpClientOptions http;
    http.stop = std::move(shutdown);
    return make_github_triager(config, metrics, log, std::move(http));
  };
  add_serve_command(app, std::move(serve));
  add_queue_command(app, {});
}

}  // namespace issuelint::cli
