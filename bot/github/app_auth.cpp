#include "bot/github/app_auth.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <vector>

namespace issuelint::github {

namespace {

std::string openssl_reason() {
  unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return "unknown OpenSSL error";
  char buffer[256];
  ERR_error_string_n(code, buffer, sizeof buffer);
  return buffer;
}

// OpenSSL's default asks on the terminal for an encrypted key's pass phrase, blocking `serve` at
// start (and a worker at each installation). Giving none makes it fail, and we say why.
int no_pass_phrase(char*, int, int, void*) { return 0; }

// PKCS#8 says "BEGIN ENCRYPTED PRIVATE KEY"; PKCS#1 says "Proc-Type: 4,ENCRYPTED" in its header.
bool is_encrypted_pem(const std::string& pem) {
  return pem.find("ENCRYPTED PRIVATE KEY") != std::string::npos ||
         pem.find("Proc-Type: 4,ENCRYPTED") != std::string::npos;
}

std::int64_t epoch_seconds(std::chrono::system_clock::time_point at) {
  return std::chrono::duration_cast<std::chrono::seconds>(at.time_since_epoch()).count();
}

}  // namespace

void PrivateKeyDeleter::operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }

Result<PrivateKey> load_private_key(const std::string& pem) {
  if (pem.find("-----BEGIN") == std::string::npos) {
    return make_error(
        "the GitHub App private key is not PEM text (expected BEGIN RSA PRIVATE KEY)");
  }
  if (is_encrypted_pem(pem)) {
    return make_error(
        "the GitHub App private key is encrypted with a pass phrase; GitHub's keys are not: "
        "use the .pem GitHub gave, or decrypt it (openssl pkey -in KEY -out PLAIN.pem)");
  }
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(
      BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), &BIO_free);
  if (!bio) return make_error("cannot read the GitHub App private key: out of memory");
  PrivateKey key(PEM_read_bio_PrivateKey(bio.get(), nullptr, no_pass_phrase, nullptr));
  if (!key) {
    return make_error("cannot read the GitHub App private key: " + openssl_reason());
  }
  if (EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_RSA) {
    return make_error("the GitHub App private key is not an RSA key (RS256 needs RSA)");
  }
  return key;
}

std::string base64url(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(written));
  while (!out.empty() && out.back() == '=') out.pop_back();
  for (char& c : out) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  return out;
}

Result<std::string> make_app_jwt(const std::string& issuer, EVP_PKEY* key,
                                 std::chrono::system_clock::time_point now) {
  if (issuer.empty()) return make_error("the GitHub App id (client ID or app ID) is empty");
  nlohmann::json claims = {
      {"iat", epoch_seconds(now) - 60}, {"exp", epoch_seconds(now) + 540}, {"iss", issuer}};
  std::string input = base64url(R"({"alg":"RS256","typ":"JWT"})") + "." + base64url(claims.dump());
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  // RSA's default padding is PKCS#1 v1.5, which with SHA-256 is exactly RS256.
  std::size_t length = 0;
  const auto* data = reinterpret_cast<const unsigned char*>(input.data());
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &length, data, input.size()) != 1) {
    return make_error("cannot sign the GitHub App JWT: " + openssl_reason());
  }
  std::vector<unsigned char> signature(length);
  if (EVP_DigestSign(ctx.get(), signature.data(), &length, data, input.size()) != 1) {
    return make_error("cannot sign the GitHub App JWT: " + openssl_reason());
  }
  return input + "." +
         base64url(std::string_view(reinterpret_cast<const char*>(signature.data()), length));
}

AppJwtSource::AppJwtSource(std::string issuer, PrivateKey key, std::shared_ptr<Clock> clock)
    : issuer_(std::move(issuer)), key_(std::move(key)), clock_(std::move(clock)) {}

ApiResult<std::string> AppJwtSource::token() {
  std::lock_guard lock(mutex_);
  ApiResult<std::string> result;
  auto now = clock_->now();
  if (jwt_.empty() || now >= good_until_) {
    Result<std::string> jwt = make_app_jwt(issuer_, key_.get(), now + github_ahead_);
    if (!jwt) {
      result.error = ApiError{0, jwt.error().describe(), false, 0};  // the key will not sign
      return result;
    }
    jwt_ = jwt.value();
    good_until_ = now + std::chrono::seconds(480);  // a minute before its exp
  }
  result.value = jwt_;
  return result;
}

void AppJwtSource::invalidate() {
  std::lock_guard lock(mutex_);
  jwt_.clear();
}

bool AppJwtSource::use_github_time(std::chrono::system_clock::time_point github_now) {
  std::lock_guard lock(mutex_);
  github_ahead_ = std::chrono::round<std::chrono::seconds>(github_now - clock_->now());
  return true;
}

Result<std::unique_ptr<AppInstallationTokenSource>> AppInstallationTokenSource::create(
    const AppCredentials& credentials, HttpClientOptions http, std::shared_ptr<Clock> clock,
    std::chrono::seconds refresh_before_expiry) {
  if (credentials.installation_id <= 0) {
    return make_error("a GitHub App installation id is needed to mint an installation token");
  }
  Result<PrivateKey> key = load_private_key(credentials.private_key_pem);
  if (!key) return key.error();
  auto jwt = std::make_shared<AppJwtSource>(credentials.issuer, std::move(key.value()), clock);
  auto client = HttpGitHubClient::create(std::move(http), jwt, clock);
  if (!client) return client.error();
  return std::unique_ptr<AppInstallationTokenSource>(
      new AppInstallationTokenSource(credentials.installation_id, std::move(client.value()),
                                     std::move(clock), refresh_before_expiry));
}

AppInstallationTokenSource::AppInstallationTokenSource(std::int64_t installation_id,
                                                       std::unique_ptr<HttpGitHubClient> app,
                                                       std::shared_ptr<Clock> clock,
                                                       std::chrono::seconds refresh)
    : installation_id_(installation_id),
      app_client_(std::move(app)),
      clock_(std::move(clock)),
      refresh_(refresh) {}

ApiResult<std::string> AppInstallationTokenSource::token() {
  std::lock_guard lock(mutex_);
  ApiResult<std::string> result;
  if (cached_ && clock_->now() < refresh_at_) {
    result.value = cached_->token;
    return result;
  }
  auto minted = app_client_->create_installation_token(installation_id_);
  if (!minted.ok()) {
    // GitHub's status and retryable are kept: a 404 (uninstalled), 403 (suspended) or 401 (a
    // wrong key or App ID) will answer the same at every retry.
    result.error = minted.error;
    result.error.message = "installation " + std::to_string(installation_id_) +
                           ": cannot get a GitHub App installation token: " + minted.error.message;
    return result;
  }
  ++exchanges_;
  cached_ = std::move(*minted.value);
  // A token that comes with less life than the margin (a short-lived token, or clocks apart) is
  // used for half of what it has: minted again at every call, it cost a request a call.
  const auto now = clock_->now();
  minted_at_ = now;
  refresh_at_ = cached_->expires_at - refresh_;
  if (refresh_at_ <= now) refresh_at_ = now + (cached_->expires_at - now) / 2;
  result.value = cached_->token;
  return result;
}

void AppInstallationTokenSource::invalidate() {
  std::lock_guard lock(mutex_);
  cached_.reset();
}

bool AppInstallationTokenSource::just_minted() {
  std::lock_guard lock(mutex_);
  return cached_ && clock_->now() - minted_at_ < kReplicationWindow;
}

std::uint64_t AppInstallationTokenSource::exchanges() const {
  std::lock_guard lock(mutex_);
  return exchanges_;
}

Result<AppCredentialsCheck> check_app_credentials(const std::string& issuer,
                                                  const std::string& private_key_pem,
                                                  HttpClientOptions http,
                                                  std::shared_ptr<Clock> clock) {
  Result<PrivateKey> key = load_private_key(private_key_pem);
  if (!key) return key.error();
  auto jwt = std::make_shared<AppJwtSource>(issuer, std::move(key.value()), clock);
  auto client = HttpGitHubClient::create(std::move(http), jwt, std::move(clock));
  if (!client) return client.error();
  ApiResult<std::string> app = client.value()->get_app_slug();
  if (app.ok()) return AppCredentialsCheck{*app.value, ""};
  // GitHub answers a JWT it cannot match 401, and an App ID it does not know 404 "Integration
  // not found". Any other 404 is a server without GET /app (a GitHub stand-in, a proxy): the
  // credentials cannot be checked, which must not stop a server that may well work.
  const bool unknown_app = app.error.status == 404 &&
                           app.error.message.find("Integration not found") != std::string::npos;
  if (app.error.status == 401 || unknown_app) {
    return make_error("GitHub does not accept these GitHub App credentials (" + app.error.message +
                      "): check that ISSUELINT_APP_ID is the App's client ID or app ID, that "
                      "ISSUELINT_APP_PRIVATE_KEY_FILE is a private key of that App, that "
                      "ISSUELINT_GITHUB_API_URL is GitHub's API");
  }
  return AppCredentialsCheck{
      "", "the GitHub App credentials could not be checked with GitHub: " + app.error.message};
}

Result<std::shared_ptr<TokenSource>> make_token_source(const GitHubAuthSettings& settings,
                                                       std::int64_t installation_id,
                                                       const HttpClientOptions& http,
                                                       std::shared_ptr<Clock> clock) {
  if (!settings.token.empty()) {
    return std::shared_ptr<TokenSource>(std::make_shared<StaticTokenSource>(settings.token));
  }
  if (settings.app_issuer.empty() || settings.private_key_pem.empty()) {
    return make_error(
        "no GitHub credentials: set ISSUELINT_GITHUB_TOKEN, or ISSUELINT_APP_ID and "
        "ISSUELINT_APP_PRIVATE_KEY_FILE");
  }
  auto source = AppInstallationTokenSource::create(
      AppCredentials{settings.app_issuer, settings.private_key_pem, installation_id}, http,
      std::move(clock));
  if (!source) return source.error();
  return std::shared_ptr<TokenSource>(std::move(source.value()));
}

}  // namespace issuelint::github
