// GitHubApi over GitHub's REST API with cpp-httplib: one keep-alive connection per client,
// pagination by Link rel="next", ETag revalidation, rate-limit waits and bounded retries.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <stop_token>
#include <string>
#include <string_view>
#include <unordered_map>

#include "bot/github/clock.h"
#include "bot/github/github_api.h"
#include "bot/github/token_source.h"

namespace httplib {
class Client;
}

namespace issuelint::github {

struct HttpClientOptions {
  // https://api.github.com, or https://host/api/v3 for GHES (the path prefix is kept).
  // Plain http is accepted only for loopback hosts (the tests' fake GitHub).
  std::string base_url = "https://api.github.com";
  std::string ca_cert_file;  // empty: the system CA bundle
  int max_attempts = 4;      // per request, for 5xx, transport errors and secondary limits
  std::chrono::milliseconds initial_backoff{500};
  std::chrono::milliseconds max_backoff{30'000};
  // GitHub asks for at least one second between POST/PATCH/PUT/DELETE; tests set 0.
  std::chrono::milliseconds mutation_spacing{1000};
  // A rate-limit wait longer than this is not slept through: the call fails retryable with
  // retry_after_seconds so a queue can park the job instead of holding a worker for an hour.
  std::chrono::seconds max_rate_limit_wait{900};
  // Requested when the server shuts down: a rate-limit wait then ends at once and the call
  // fails retryable with the time still to wait, so the job waits in the queue (for the next
  // start) instead of holding the shutdown for up to max_rate_limit_wait.
  std::stop_token stop;
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds read_timeout{30'000};
  int per_page = 100;
  std::size_t etag_cache_entries = 512;
  std::uint32_t jitter_seed = 0;  // 0: seeded from std::random_device
  // Retries, waits and failures, one line each; never carries a token.
  std::function<void(std::string_view)> log;
  // Every answer GitHub gave (status, and x-ratelimit-remaining or -1 when it sent none), and
  // every transport failure (status 0): how /metrics sees the client. Called without locks held.
  std::function<void(int status, std::int64_t rate_limit_remaining)> on_response;
};

// Counters for /metrics. A snapshot, so readers never hold the client's lock.
struct ClientStats {
  std::map<int, std::uint64_t> responses_by_status;
  std::uint64_t transport_errors = 0;
  std::uint64_t retries = 0;
  std::uint64_t rate_limit_waits = 0;
  std::uint64_t etag_hits = 0;             // 304s answered from the cache
  std::int64_t rate_limit_remaining = -1;  // -1 until GitHub has told us
  std::int64_t rate_limit_reset_epoch = 0;
};

struct InstallationToken {
  std::string token;
  std::chrono::system_clock::time_point expires_at;
};

// What a URL says about where requests go; exposed for tests of the loopback rule.
struct BaseUrl {
  std::string scheme;  // "http" | "https"
  std::string host;    // without brackets for IPv6
  int port = 0;
  std::string path_prefix;     // "" or "/api/v3"
  std::string origin() const;  // scheme://host:port as httplib wants it
};
Result<BaseUrl> parse_base_url(const std::string& url);
bool is_loopback_host(const std::string& host);

// Percent-encodes everything but RFC 3986 unreserved characters: httplib leaves '/', '#', '?'
// and '%' alone, and a label such as "area/db" must stay one path segment.
std::string percent_encode(std::string_view text);
// The same, but keeps '/' so a repository file path stays a path.
std::string percent_encode_path(std::string_view path);
// Base64 as the contents API sends it (with embedded newlines); nullopt when malformed.
std::optional<std::string> decode_base64(std::string_view text);
// The rel="next" target of a Link header, or "" when there is none.
std::string next_link(const std::string& link_header);
// An HTTP Date header ("Sun, 06 Nov 1994 08:49:37 GMT", as GitHub sends it); nullopt otherwise.
std::optional<std::chrono::system_clock::time_point> parse_http_date(const std::string& text);

class HttpGitHubClient final : public GitHubApi {
 public:
  // Fails when the URL is malformed or is plain http to a non-loopback host.
  static Result<std::unique_ptr<HttpGitHubClient>> create(HttpClientOptions options,
                                                          std::shared_ptr<TokenSource> tokens,
                                                          std::shared_ptr<Clock> clock);
  ~HttpGitHubClient() override;

  ApiResult<std::string> get_authenticated_login() override;
  ApiResult<Issue> get_issue(const IssueRef& issue) override;
  ApiResult<Nothing> check_repository_visible(const RepoRef& repo) override;
  ApiResult<std::string> get_permission(const RepoRef& repo, const std::string& login) override;
  ApiResult<std::vector<Comment>> list_comments(const IssueRef& issue) override;
  ApiResult<Nothing> add_labels(const IssueRef& issue,
                                const std::vector<std::string>& labels) override;
  ApiResult<Nothing> remove_label(const IssueRef& issue, const std::string& label) override;
  ApiResult<std::vector<Label>> list_repo_labels(const RepoRef& repo) override;
  ApiResult<Nothing> create_label(const RepoRef& repo, const Label& label) override;
  ApiResult<std::int64_t> create_comment(const IssueRef& issue, const std::string& body) override;
  ApiResult<Nothing> update_comment(const RepoRef& repo, std::int64_t comment_id,
                                    const std::string& body) override;
  ApiResult<Nothing> delete_comment(const RepoRef& repo, std::int64_t comment_id) override;
  ApiResult<std::optional<std::string>> get_file(const RepoRef& repo,
                                                 const std::string& path) override;
  ApiResult<std::vector<ContentFile>> list_directory(const RepoRef& repo,
                                                     const std::string& path) override;
  ApiResult<IssuePage> list_open_issues(const RepoRef& repo, const std::string& page) override;

  // POST /app/installations/{id}/access_tokens; the token source must yield an App JWT.
  ApiResult<InstallationToken> create_installation_token(std::int64_t installation_id);
  // GET /app with the App JWT: the slug of the App the credentials authenticate as.
  ApiResult<std::string> get_app_slug();

  ClientStats stats() const;

  struct RawResponse {
    int status = 0;
    std::multimap<std::string, std::string> headers;  // names lower-cased
    std::string body;
    std::string header(const std::string& name) const;
  };

 private:
  // GET `path` (an object), its string `member`; `missing` is the parse error when it has none.
  ApiResult<std::string> get_string_member(const std::string& path, const char* member,
                                           const std::string& missing);
  HttpGitHubClient(HttpClientOptions options, BaseUrl base, std::shared_ptr<TokenSource> tokens,
                   std::shared_ptr<Clock> clock);

  enum class Retry { safe, not_after_send };  // POST comment is not idempotent
  ApiResult<RawResponse> send(const std::string& method, const std::string& target,
                              const std::string& body, Retry retry = Retry::safe);
  ApiResult<RawResponse> send_locked(const std::string& method, const std::string& target,
                                     const std::string& body, Retry retry);
  ApiResult<std::vector<std::string>> get_all_pages(const std::string& first_target);
  // The request target of the response's rel="next" Link, "" when it has none; an error when
  // it names another host.
  ApiResult<std::string> next_page_target(const RawResponse& response) const;
  std::string api(const std::string& path) const { return base_.path_prefix + path; }
  std::string repo_path(const RepoRef& repo) const;

  bool wait(std::chrono::milliseconds duration, const std::string& why, ApiError* not_waited);
  std::chrono::milliseconds backoff(int attempt);
  void note_rate_limit(const RawResponse& response);
  // Hands GitHub's clock (a 401's Date) to the token source, logging how far ours is off.
  void note_github_clock(const RawResponse& response);
  // GitHub's retry-after in seconds, 0 when it sent none (or a date).
  static int retry_after_seconds(const RawResponse& response);
  // Waits before asking again after a 5xx; false when the wait is left to the queue (`last` says
  // how long).
  bool wait_after_server_error(const std::string& request, int attempt, ApiError* last);
  // Whether the response's x-ratelimit-reset is still to come by our clock.
  bool reset_ahead(const RawResponse& response);
  void log(const std::string& line) const;

  HttpClientOptions options_;
  BaseUrl base_;
  std::shared_ptr<TokenSource> tokens_;
  std::shared_ptr<Clock> clock_;
  std::unique_ptr<httplib::Client> http_;

  // GitHub wants requests serial, and one httplib::Client is not concurrent anyway.
  std::mutex request_mutex_;
  std::chrono::system_clock::time_point last_mutation_{};
  std::mt19937 jitter_;
  struct CachedGet {
    std::string etag;
    RawResponse response;
  };
  std::unordered_map<std::string, CachedGet> etag_cache_;
  // A file's decoded text by request target, with the ETag it was decoded under. The bot reads
  // every template and its configuration again at each job and mostly gets a 304: parsing the
  // cached JSON and decoding its base64 again cost ~310 K instructions a file, a third of a
  // job's instructions. An ETag names one version of the file, so an equal one means equal text.
  struct DecodedFile {
    std::string etag;
    std::string text;
  };
  std::optional<std::string> decoded_file(const std::string& target, const std::string& etag);
  void keep_decoded_file(const std::string& target, const std::string& etag,
                         const std::string& text);
  std::mutex decoded_files_mutex_;
  std::unordered_map<std::string, DecodedFile> decoded_files_;

  mutable std::mutex stats_mutex_;
  ClientStats stats_;
};

}  // namespace issuelint::github
