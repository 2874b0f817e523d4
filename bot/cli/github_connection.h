// One authenticated GitHub client for the one-shot commands (action, sweep): a token, or a
// GitHub App installation, against GitHub, GitHub Enterprise or a loopback test server.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "bot/github/http_github_client.h"
#include "parser/result.h"

namespace issuelint::cli {

struct GitHubConnection {
  std::string api_url = "https://api.github.com";
  std::string token;                 // wins when set
  std::string app_id;                // with app_private_key_file and installation_id
  std::string app_private_key_file;  // PKCS#1 PEM, as GitHub hands it out
  std::int64_t installation_id = 0;
  std::function<void(std::string_view)> log;  // retries and waits; never carries a secret
};

// GitHub asks for a second between writes; a loopback server (the tests' fake, a demo) has no
// abuse limits, so there the spacing is dropped.
github::HttpClientOptions client_options_for(const GitHubConnection& connection);

// The App's private key file (PKCS#1 PEM), for serve and the one-shot commands alike.
Result<std::string> read_app_private_key(const std::string& path);

Result<std::unique_ptr<github::HttpGitHubClient>> connect_to_github(
    const GitHubConnection& connection);

}  // namespace issuelint::cli
