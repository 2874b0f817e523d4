// GitHub App authentication: an RS256 JWT signed with the App's private key is exchanged for an
// installation token (1 hour), which is cached and refreshed a few minutes before it expires.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "bot/github/clock.h"
#include "bot/github/http_github_client.h"
#include "bot/github/token_source.h"

typedef struct evp_pkey_st EVP_PKEY;

namespace issuelint::github {

struct PrivateKeyDeleter {
  void operator()(EVP_PKEY* key) const;
};
using PrivateKey = std::unique_ptr<EVP_PKEY, PrivateKeyDeleter>;

// Reads a PEM RSA key: PKCS#1 ("BEGIN RSA PRIVATE KEY", what GitHub hands out) or PKCS#8. An
// encrypted key is refused with a clear error, never a pass phrase prompt on the terminal.
Result<PrivateKey> load_private_key(const std::string& pem);

std::string base64url(std::string_view bytes);  // no '=' padding, as JWT wants

// iat = now - 60 s (GitHub's advice against clock skew), exp = now + 540 s (limit is 10 min).
// `issuer` is the App's client ID (recommended) or its numeric app ID.
Result<std::string> make_app_jwt(const std::string& issuer, EVP_PKEY* key,
                                 std::chrono::system_clock::time_point now);

// Yields App JWTs (for /app/... endpoints), minting a new one a minute before the last expires.
class AppJwtSource final : public TokenSource {
 public:
  AppJwtSource(std::string issuer, PrivateKey key, std::shared_ptr<Clock> clock);
  ApiResult<std::string> token() override;
  void invalidate() override;
  bool use_github_time(std::chrono::system_clock::time_point github_now) override;

 private:
  std::string issuer_;
  PrivateKey key_;
  std::shared_ptr<Clock> clock_;
  std::mutex mutex_;
  std::string jwt_;
  std::chrono::system_clock::time_point good_until_{};
  // GitHub's clock minus ours, learnt from a 401's Date: iat and exp are checked by GitHub's
  // clock, and 60 s back covers only a small drift of ours.
  std::chrono::seconds github_ahead_{0};
};

struct AppCredentials {
  std::string issuer;           // ISSUELINT_APP_ID: client ID or app ID
  std::string private_key_pem;  // contents of ISSUELINT_APP_PRIVATE_KEY_FILE
  std::int64_t installation_id = 0;
};

class AppInstallationTokenSource final : public TokenSource {
 public:
  // `http` is used for the token exchange only (base_url, timeouts, retries).
  static Result<std::unique_ptr<AppInstallationTokenSource>> create(
      const AppCredentials& credentials, HttpClientOptions http, std::shared_ptr<Clock> clock,
      std::chrono::seconds refresh_before_expiry = std::chrono::minutes(5));

  ApiResult<std::string> token() override;
  void invalidate() override;
  bool just_minted() override;      // within kReplicationWindow of its exchange
  std::uint64_t exchanges() const;  // how many tokens were minted (tests, metrics)

  // How long GitHub may take to know a token everywhere: octokit/auth-app asks again for 5 s.
  static constexpr std::chrono::seconds kReplicationWindow{5};

 private:
  AppInstallationTokenSource(std::int64_t installation_id, std::unique_ptr<HttpGitHubClient> app,
                             std::shared_ptr<Clock> clock, std::chrono::seconds refresh);

  std::int64_t installation_id_;
  std::unique_ptr<HttpGitHubClient> app_client_;
  std::shared_ptr<Clock> clock_;
  std::chrono::seconds refresh_;
  mutable std::mutex mutex_;
  std::optional<InstallationToken> cached_;
  std::chrono::system_clock::time_point refresh_at_;  // when cached_ is minted again
  std::chrono::system_clock::time_point minted_at_;   // by our clock
  std::uint64_t exchanges_ = 0;
};

// What GitHub said when asked, once, whether the App credentials work (GET /app with the JWT).
struct AppCredentialsCheck {
  std::string slug;     // the App they authenticate as; "" when GitHub could not be asked
  std::string warning;  // why GitHub could not be asked (no answer, 5xx, rate limit)
};

// An Error when GitHub refuses the credentials: 401 (a key that is not the App's, an App ID of
// another App; a clock that is off is first set right from GitHub's Date) or 404 (no such App,
// or an API URL that is not GitHub's API). Such credentials would fail every job. When GitHub
// cannot be asked, the check passes with a warning: a GitHub outage at start must not keep the
// server from queueing.
Result<AppCredentialsCheck> check_app_credentials(const std::string& issuer,
                                                  const std::string& private_key_pem,
                                                  HttpClientOptions http,
                                                  std::shared_ptr<Clock> clock);

// Env-style settings (ISSUELINT_GITHUB_TOKEN, or ISSUELINT_APP_ID + key + installation).
struct GitHubAuthSettings {
  std::string token;            // a PAT or GITHUB_TOKEN; wins when set
  std::string app_issuer;       // App client ID or app ID
  std::string private_key_pem;  // the key's text (read the file before calling)
};

// A token source for one installation (ignored for a plain token). Errors name what is missing
// and never include the key or the token.
Result<std::shared_ptr<TokenSource>> make_token_source(const GitHubAuthSettings& settings,
                                                       std::int64_t installation_id,
                                                       const HttpClientOptions& http,
                                                       std::shared_ptr<Clock> clock);

}  // namespace issuelint::github
