// A GitHub REST API on 127.0.0.1 for client and end-to-end tests. It answers in the shapes of
// the recorded exchanges (/work/shared/github-fixtures): statuses, Link pagination with absolute
// /repositories/{id}/... URLs, ETag/304, x-ratelimit-* headers, {"message","documentation_url"}
// errors and 422 "errors" arrays. It checks a token on every request, verifies App JWTs with the
// App's public key, logs every request, and misbehaves on demand.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "tests/fake_github/fake_github_state.h"

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace issuelint::testing {

struct LoggedRequest {
  std::string method;
  std::string path;   // as sent: still percent-encoded ("/repos/o/r/issues/1/labels/area%2Fdb")
  std::string query;  // without the '?'
  std::string body;
  std::map<std::string, std::string> headers;  // names lower-cased
  int status = 0;                              // what the fake answered
  bool is_write() const { return method != "GET" && method != "HEAD"; }
};

enum class FaultKind {
  server_error,             // 500
  bad_gateway,              // 502
  slow,                     // sleep delay_ms, then answer normally
  drop_connection,          // send headers, then close the socket mid-body
  secondary_rate_limit,     // 403 "You have exceeded a secondary rate limit" + retry-after
  too_many_requests,        // 429 + retry-after
  not_found,                // 404
  not_accessible,           // 403 "Resource not accessible by integration" (a missing permission)
  bad_gateway_after_write,  // do what was asked, then answer 502 (GitHub does, at times)
  // Another run got there first: a report comment by the bot is added to the issue the path
  // names (/repos/o/r/issues/N/...), then the request is answered normally.
  competing_comment,
  // Answered as routed (status, ETag and all) but with the body cut short: not JSON.
  malformed_body,
  // 301 to `location`, as GitHub answers for a transferred issue or a renamed repository.
  moved_permanently,
  // A person deletes the comment the path names (/repos/o/r/issues/comments/ID) just before the
  // request arrives, which is then answered as routed: 404.
  comment_deleted_first,
  // 410 "This issue was deleted", as GitHub answers for an issue deleted since.
  gone,
  // A person locks the issue the path names (/repos/o/r/issues/N/...) just before the request
  // arrives, which is then answered as routed (a comment: 403 "... issue is locked.").
  issue_locked_first,
  // Answered as routed (status and all) but with `body` for its body: JSON of a shape GitHub
  // does not send (a member of another type), as a proxy or an API change might.
  replaced_body,
};

struct Fault {
  FaultKind kind = FaultKind::server_error;
  int times = 1;                // how many matching requests it hits
  std::string method;           // "" matches any
  std::string path_prefix;      // "" matches any; compared with the encoded path
  int delay_ms = 0;             // for slow
  int retry_after_seconds = 0;  // 0: no retry-after header
  std::string location{};       // for moved_permanently: a path on the fake, or a whole URL
  std::string body{};           // for replaced_body
  bool exact_path = false;      // the path must be path_prefix itself (a folder, not its files)
};

struct FakeGitHubOptions {
  std::vector<std::string> tokens{"test-token"};  // accepted as Bearer or token
  std::string bot_login = "issuelint[bot]";       // author of comments created via the API
  // Personal access tokens: token -> the User it acts for. Comments created with one are that
  // user's, and GET /user answers it; every other token gets GitHub's 403 there, as an App
  // installation token (the workflow's GITHUB_TOKEN) does.
  std::map<std::string, std::string> user_tokens;
  int rate_limit = 5000;
  // Time as the fake sees it (JWT iat/exp, token expiry, rate-limit reset); inject the test clock.
  std::function<std::int64_t()> now_epoch_seconds;
  std::chrono::seconds installation_token_ttl{3600};
  // How long a minted installation token is answered 401 "Bad credentials": GitHub's replicas
  // learn of a new token a moment after it is minted (octokit/auth-app.js#65).
  std::chrono::seconds installation_token_replication_delay{0};
  // GitHub's clock minus the client's: the rate-limit reset the fake sends is in its own time.
  std::int64_t clock_skew_seconds = 0;
  int threads = 4;
};

class FakeGitHub {
 public:
  explicit FakeGitHub(FakeGitHubOptions options = {});
  ~FakeGitHub();
  FakeGitHub(const FakeGitHub&) = delete;
  FakeGitHub& operator=(const FakeGitHub&) = delete;

  // Binds 127.0.0.1 on an ephemeral port (or `port`) and waits, bounded, until it serves.
  bool start(int port = 0);
  void stop();
  int port() const { return port_; }
  std::string base_url() const;  // "http://127.0.0.1:<port>"

  // Seeding and reading state; every call locks, so tests may call while the server runs.
  void with_state(const std::function<void(FakeGitHubState&)>& change);
  FakeGitHubState snapshot() const;
  void add_repo(const std::string& owner, const std::string& name);
  void add_issue(const std::string& owner, const std::string& name, FakeIssue issue);
  std::int64_t add_comment(const std::string& owner, const std::string& name, int number,
                           FakeComment comment);
  void add_label(const std::string& owner, const std::string& name, FakeLabel label);
  void put_file(const std::string& owner, const std::string& name, const std::string& path,
                const std::string& content);
  std::optional<FakeIssue> issue(const std::string& owner, const std::string& name,
                                 int number) const;
  std::vector<FakeLabel> repo_labels(const std::string& owner, const std::string& name) const;

  void add_token(const std::string& token);
  // Enables GET /app and POST /app/installations/{id}/access_tokens: JWTs must be RS256-signed
  // by the key matching `public_key_pem`, with iss == issuer, exp > now, exp - now <= 10 min.
  // Without it GET /app is 404 "Integration not found", as GitHub answers for no such App.
  void configure_app(const std::string& issuer, const std::string& public_key_pem,
                     std::int64_t installation_id);
  std::uint64_t installation_tokens_issued() const;

  void inject(Fault fault);
  void clear_faults();
  // The primary limit: `remaining` requests until `reset_epoch`, then refilled to the limit.
  void set_rate_limit(int remaining, std::int64_t reset_epoch);

  std::vector<LoggedRequest> requests() const;
  std::vector<LoggedRequest> writes() const;  // POST/PATCH/PUT/DELETE only
  void clear_requests();

  struct Reply;  // one canned answer; defined in the .cpp

 private:
  void handle(const httplib::Request& request, httplib::Response& response);
  Reply route(const LoggedRequest& request);
  Reply authenticate(const LoggedRequest& request);
  // The User a personal token acts for, or "" for any other credential.
  std::string user_of(const LoggedRequest& request) const;
  // GitHub's complaint about the request's App JWT, or "" when it is the configured App's.
  std::string app_jwt_problem(const LoggedRequest& request) const;
  Reply issue_installation_token(const LoggedRequest& request, std::int64_t installation_id);
  Reply describe_app(const LoggedRequest& request);  // GET /app
  Reply repo_route(const LoggedRequest& request, FakeRepo& repo,
                   const std::vector<std::string>& rest, const std::string& link_base);
  std::int64_t now() const;

  FakeGitHubOptions options_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;

  mutable std::mutex mutex_;  // guards everything below
  FakeGitHubState state_;
  std::set<std::string> tokens_;
  struct InstallationToken {
    std::int64_t valid_from = 0;  // epoch seconds: refused before (replication delay)
    std::int64_t expires = 0;     // epoch seconds
  };
  std::map<std::string, InstallationToken> installation_tokens_;
  std::uint64_t installation_tokens_issued_ = 0;
  std::string app_issuer_;
  std::string app_public_key_pem_;
  std::int64_t app_installation_id_ = 0;
  std::vector<Fault> faults_;
  std::vector<LoggedRequest> log_;
  int rate_remaining_ = 0;
  std::int64_t rate_reset_ = 0;
};

}  // namespace issuelint::testing
