#include "bot/cli/github_connection.h"

#include <fstream>
#include <sstream>

#include "bot/github/app_auth.h"
#include "bot/github/clock.h"

namespace issuelint::cli {

Result<std::string> read_app_private_key(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return make_error("cannot read the App private key file", path);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

github::HttpClientOptions client_options_for(const GitHubConnection& connection) {
  github::HttpClientOptions options;
  options.base_url = connection.api_url;
  options.log = connection.log;
  auto base = github::parse_base_url(connection.api_url);
  if (base && github::is_loopback_host(base->host)) {
    options.mutation_spacing = std::chrono::milliseconds(0);
  }
  return options;
}

Result<std::unique_ptr<github::HttpGitHubClient>> connect_to_github(
    const GitHubConnection& connection) {
  github::GitHubAuthSettings auth;
  auth.token = connection.token;
  auth.app_issuer = connection.app_id;
  if (auth.token.empty()) {
    if (auth.app_issuer.empty()) return make_error("no GitHub token and no GitHub App configured");
    if (connection.installation_id <= 0) {
      return make_error("a GitHub App needs the installation to act as", "--installation-id");
    }
    auto key = read_app_private_key(connection.app_private_key_file);
    if (!key) return key.error();
    auth.private_key_pem = std::move(*key);
  }
  const github::HttpClientOptions http = client_options_for(connection);
  auto clock = std::make_shared<github::SystemClock>();
  auto tokens = github::make_token_source(auth, connection.installation_id, http, clock);
  if (!tokens) return tokens.error();
  return github::HttpGitHubClient::create(http, *tokens, clock);
}

}  // namespace issuelint::cli
