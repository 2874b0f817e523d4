// Connects `issuelint serve` to GitHub: the worker's triager talks to the REST API with a
// token, or as a GitHub App with one installation token per installation.
#include <fstream>
#include <sstream>

#include "bot/cli/commands.h"
#include "bot/cli/queue_command.h"
#include "bot/cli/serve_command.h"
#include "bot/github/app_auth.h"
#include "bot/github/clock.h"
#include "bot/github/http_github_client.h"
#include "bot/repository_triage.h"

namespace issuelint::cli {

namespace {

Result<std::string> read_key_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return make_error("cannot read the App private key file", path);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

Result<std::unique_ptr<IssueTriager>> make_github_triager(const ServeConfig& config, Metrics&) {
  github::GitHubAuthSettings auth;
  auth.token = config.github_token;
  auth.app_issuer = config.app_id;
  if (auth.token.empty()) {
    auto key = read_key_file(config.app_private_key_file);
    if (!key) return key.error();
    auth.private_key_pem = std::move(*key);
  }
  github::HttpClientOptions http;
  http.base_url = config.github_api_url;
  auto clock = std::make_shared<github::SystemClock>();
  auto factory = [auth, http,
                  clock](std::int64_t installation) -> Result<std::shared_ptr<github::GitHubApi>> {
    auto tokens = github::make_token_source(auth, installation, http, clock);
    if (!tokens) return tokens.error();
    auto client = github::HttpGitHubClient::create(http, *tokens, clock);
    if (!client) return client.error();
    return std::shared_ptr<github::GitHubApi>(std::move(*client));
  };
  RepositoryTriageOptions options;
  options.dry_run = config.dry_run;
  if (!config.bot_logins.empty()) options.bot_login = config.bot_logins.front();
  return std::unique_ptr<IssueTriager>(
      std::make_unique<GitHubIssueTriager>(std::move(factory), std::move(options)));
}

}  // namespace

void add_server_commands(CLI::App& app) {
  ServeDependencies serve;
  serve.make_triager = make_github_triager;
  add_serve_command(app, std::move(serve));
  add_queue_command(app, {});
}

}  // namespace issuelint::cli
