#include "bot/github/http_github_client.h"

#include <httplib.h>
#include <openssl/evp.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <nlohmann/json.hpp>

namespace issuelint::github {

using json = nlohmann::json;
using std::chrono::milliseconds;
using std::chrono::seconds;

namespace {

constexpr int kTransportError = 0;
// A token GitHub does not know yet is asked with again after 1, 2 and 3 s: past the 5 s in which
// GitHub comes to know a new one.
constexpr int kReplicationWaits = 3;

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

template <typename T>
ApiResult<T> failure(ApiError error) {
  ApiResult<T> result;
  result.error = std::move(error);
  return result;
}

template <typename T>
ApiResult<T> success(T value) {
  ApiResult<T> result;
  result.value = std::move(value);
  return result;
}

template <typename T, typename U>
ApiResult<T> forward_error(const ApiResult<U>& from) {
  return failure<T>(from.error);
}

// GitHub answered `status` (a 2xx) with something that cannot be used. The status is kept: an
// error without one reads "GitHub did not answer". Not retryable: asked again, it answers the same.
ApiError unusable_answer(int status, const std::string& what) {
  return ApiError{status, what, false, 0};
}

// What a listing's pages were answered with (get_all_pages keeps their bodies only).
constexpr int kPageStatus = 200;

// A member's value when it has the type GitHub documents, else what a missing member gives:
// json::value() throws on a member of another type, and an answer of an unexpected shape must
// not end the process (the Action and the sweep) or a job with an exception.
std::string string_or_empty(const json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return {};
  return it->get<std::string>();
}

std::int64_t integer_or_zero(const json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_number_integer()) return 0;
  return it->get<std::int64_t>();
}

// GitHub's error body is {"message": ..., "errors": [...], "documentation_url": ...}; the
// message alone ("Validation Failed") hides which field was wrong, so the errors are appended.
std::string github_message(const HttpGitHubClient::RawResponse& response) {
  json body = json::parse(response.body, nullptr, false);
  if (body.is_discarded() || !body.is_object() || !body.contains("message") ||
      !body["message"].is_string()) {
    return "HTTP " + std::to_string(response.status);
  }
  std::string message = body["message"].get<std::string>();
  if (body.contains("errors") && body["errors"].is_array()) {
    for (const json& error : body["errors"]) {
      if (error.is_string()) {
        message += "; " + error.get<std::string>();
      } else if (error.is_object()) {
        message += "; " + string_or_empty(error, "resource") + "." +
                   string_or_empty(error, "field") + " " + string_or_empty(error, "code");
        if (error.contains("message") && error["message"].is_string()) {
          message += " (" + error["message"].get<std::string>() + ")";
        }
      }
    }
  }
  return message;
}

std::optional<std::int64_t> header_number(const HttpGitHubClient::RawResponse& response,
                                          const std::string& name) {
  std::string value = response.header(name);
  if (value.empty()) return std::nullopt;
  try {
    std::size_t used = 0;
    std::int64_t number = std::stoll(value, &used);
    if (used != value.size()) return std::nullopt;
    return number;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

Issue parse_issue(const json& object) {
  Issue issue;
  issue.number = static_cast<int>(integer_or_zero(object, "number"));
  issue.title = string_or_empty(object, "title");
  if (object.contains("body") && object["body"].is_string()) {
    issue.body = object["body"].get<std::string>();
  }
  if (object.contains("labels") && object["labels"].is_array()) {
    for (const json& label : object["labels"]) {
      // Labels come as objects from the REST API but as bare names in some older payloads.
      if (label.is_string()) issue.labels.push_back(label.get<std::string>());
      if (label.is_object()) issue.labels.push_back(string_or_empty(label, "name"));
    }
  }
  issue.state = string_or_empty(object, "state");
  issue.locked =
      object.contains("locked") && object["locked"].is_boolean() && object["locked"].get<bool>();
  if (object.contains("user") && object["user"].is_object()) {
    issue.author = string_or_empty(object["user"], "login");
  }
  issue.is_pull_request = object.contains("pull_request") && !object["pull_request"].is_null();
  issue.updated_at = string_or_empty(object, "updated_at");
  return issue;
}

Comment parse_comment(const json& object) {
  Comment comment;
  comment.id = integer_or_zero(object, "id");
  comment.body = string_or_empty(object, "body");
  if (object.contains("user") && object["user"].is_object()) {
    comment.author = string_or_empty(object["user"], "login");
    comment.author_is_bot = string_or_empty(object["user"], "type") == "Bot";
  }
  return comment;
}

// "2016-07-11T22:14:10Z" -> time_point; GitHub always sends UTC with a Z.
std::optional<std::chrono::system_clock::time_point> parse_utc(const std::string& text) {
  std::tm tm{};
  int consumed = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                  &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &consumed) != 6 ||
      consumed != static_cast<int>(text.size())) {
    return std::nullopt;
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

bool is_mutation(const std::string& method) { return method != "GET"; }

bool is_redirect(int status) { return status >= 300 && status < 400 && status != 304; }

// A 304 vouches for the body only. GitHub's ETag is a hash of the body, so a full page keeps its
// ETag when a next page appears, and only the 304's own Link says so: the cached body goes out
// with the headers GitHub sent now (Link and x-ratelimit-* among them), the cached ones filling
// in only what the 304 left out, and never a stale Link.
HttpGitHubClient::RawResponse revalidated(const HttpGitHubClient::RawResponse& cached,
                                          HttpGitHubClient::RawResponse fresh) {
  HttpGitHubClient::RawResponse merged;
  merged.status = cached.status;
  merged.body = cached.body;
  merged.headers = std::move(fresh.headers);
  for (const auto& [name, value] : cached.headers) {
    if (name != "link" && !merged.headers.contains(name)) merged.headers.emplace(name, value);
  }
  return merged;
}

}  // namespace

std::string BaseUrl::origin() const {
  std::string shown_host = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return scheme + "://" + shown_host + ":" + std::to_string(port);
}

bool is_loopback_host(const std::string& host) {
  std::string name = lower(host);
  if (name == "localhost" || name == "::1") return true;
  // 127.0.0.0/8, written as four dotted decimals.
  int a = 0, b = 0, c = 0, d = 0;
  char tail = 0;
  if (std::sscanf(name.c_str(), "%d.%d.%d.%d%c", &a, &b, &c, &d, &tail) != 4) return false;
  auto octet = [](int value) { return value >= 0 && value <= 255; };
  return a == 127 && octet(b) && octet(c) && octet(d);
}

Result<BaseUrl> parse_base_url(const std::string& url) {
  BaseUrl base;
  std::size_t scheme_end = url.find("://");
  // Credentials are looked for first, whatever the scheme: the other errors quote the URL.
  const std::size_t authority_begin = scheme_end == std::string::npos ? 0 : scheme_end + 3;
  if (url.substr(0, url.find('/', authority_begin)).find('@') != std::string::npos) {
    return make_error("GitHub URL must not carry credentials", "(base URL)");
  }
  if (scheme_end == std::string::npos) return make_error("GitHub URL has no scheme", url);
  base.scheme = lower(url.substr(0, scheme_end));
  if (base.scheme != "https" && base.scheme != "http") {
    return make_error("GitHub URL must be https (or http to a loopback test server)", url);
  }
  std::string rest = url.substr(scheme_end + 3);
  std::size_t path_start = rest.find('/');
  std::string authority = rest.substr(0, path_start);
  base.path_prefix = path_start == std::string::npos ? "" : rest.substr(path_start);
  while (!base.path_prefix.empty() && base.path_prefix.back() == '/') base.path_prefix.pop_back();
  std::string port_text;
  if (!authority.empty() && authority.front() == '[') {
    std::size_t close = authority.find(']');
    if (close == std::string::npos) return make_error("GitHub URL has a bad IPv6 host", url);
    base.host = authority.substr(1, close - 1);
    if (close + 1 < authority.size() && authority[close + 1] == ':') {
      port_text = authority.substr(close + 2);
    }
  } else {
    std::size_t colon = authority.find(':');
    base.host = authority.substr(0, colon);
    if (colon != std::string::npos) port_text = authority.substr(colon + 1);
  }
  if (base.host.empty()) return make_error("GitHub URL has no host", url);
  base.port = base.scheme == "https" ? 443 : 80;
  if (!port_text.empty()) {
    if (port_text.size() > 5 || !std::all_of(port_text.begin(), port_text.end(),
                                             [](unsigned char c) { return std::isdigit(c); })) {
      return make_error("GitHub URL has a bad port", url);
    }
    base.port = std::stoi(port_text);
    if (base.port < 1 || base.port > 65535) return make_error("GitHub URL has a bad port", url);
  }
  // A token sent over plain http to anything but this machine could be read on the wire.
  if (base.scheme == "http" && !is_loopback_host(base.host)) {
    return make_error(
        "refusing plain http to a non-loopback host; use https (http is only for a local "
        "test server on 127.0.0.1, localhost or [::1])",
        url);
  }
  return base;
}

std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

std::string percent_encode_path(std::string_view path) {
  std::string out;
  std::size_t start = 0;
  while (true) {
    std::size_t slash = path.find('/', start);
    out += percent_encode(path.substr(start, slash - start));
    if (slash == std::string_view::npos) break;
    out += '/';
    start = slash + 1;
  }
  return out;
}

std::optional<std::string> decode_base64(std::string_view text) {
  std::string compact;
  compact.reserve(text.size());
  for (char c : text) {
    if (!std::isspace(static_cast<unsigned char>(c))) compact += c;
  }
  if (compact.size() % 4 != 0) return std::nullopt;
  if (compact.empty()) return std::string{};
  std::string out(compact.size() / 4 * 3, '\0');
  int written = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(compact.data()),
                                static_cast<int>(compact.size()));
  if (written < 0) return std::nullopt;
  // EVP_DecodeBlock counts the bytes that '=' padding stands for; drop them.
  std::size_t padding = 0;
  if (compact.back() == '=') ++padding;
  if (compact.size() >= 2 && compact[compact.size() - 2] == '=') ++padding;
  out.resize(static_cast<std::size_t>(written) - padding);
  return out;
}

namespace {

// Whether a link's parameters (`; rel="next"`, after its <url>) name the relation "next". RFC
// 8288: the value may be quoted or not, hold several space-separated types, in any case.
bool names_next(std::string_view params) {
  for (std::size_t semicolon = params.find(';'); semicolon != std::string_view::npos;
       semicolon = params.find(';', semicolon + 1)) {
    std::string_view param = params.substr(semicolon + 1);
    param.remove_prefix(std::min(param.find_first_not_of(" \t"), param.size()));
    if (param.size() < 4 || lower(std::string(param.substr(0, 4))) != "rel=") continue;
    param.remove_prefix(4);
    const bool quoted = !param.empty() && param.front() == '"';
    if (quoted) param.remove_prefix(1);
    std::string types = lower(std::string(param.substr(0, param.find(quoted ? '"' : ';'))));
    types = " " + types + " ";
    for (char& c : types) c = c == '\t' ? ' ' : c;
    if (types.find(" next ") != std::string::npos) return true;
  }
  return false;
}

}  // namespace

std::string next_link(const std::string& link_header) {
  // <url>; rel="prev", <url>; rel="next", ...
  std::size_t pos = 0;
  while (pos < link_header.size()) {
    std::size_t open = link_header.find('<', pos);
    if (open == std::string::npos) return {};
    std::size_t close = link_header.find('>', open);
    if (close == std::string::npos) return {};
    std::size_t comma = link_header.find(",", close);
    std::string params = link_header.substr(close + 1, comma - close - 1);
    if (names_next(params)) {
      return link_header.substr(open + 1, close - open - 1);
    }
    if (comma == std::string::npos) return {};
    pos = comma + 1;
  }
  return {};
}

std::optional<std::chrono::system_clock::time_point> parse_http_date(const std::string& text) {
  std::tm tm{};
  char month[4] = {};
  int consumed = 0;
  if (std::sscanf(text.c_str(), "%*3[A-Za-z], %2d %3[A-Za-z] %4d %2d:%2d:%2d GMT%n", &tm.tm_mday,
                  month, &tm.tm_year, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &consumed) != 6 ||
      consumed != static_cast<int>(text.size())) {
    return std::nullopt;
  }
  static constexpr std::string_view kMonths = "JanFebMarAprMayJunJulAugSepOctNovDec";
  const std::size_t at = kMonths.find(month);
  if (std::string_view(month).size() != 3 || at == std::string_view::npos || at % 3 != 0) {
    return std::nullopt;
  }
  tm.tm_mon = static_cast<int>(at / 3);
  tm.tm_year -= 1900;
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

std::string HttpGitHubClient::RawResponse::header(const std::string& name) const {
  auto it = headers.find(lower(name));
  return it == headers.end() ? std::string{} : it->second;
}

Result<std::unique_ptr<HttpGitHubClient>> HttpGitHubClient::create(
    HttpClientOptions options, std::shared_ptr<TokenSource> tokens, std::shared_ptr<Clock> clock) {
  Result<BaseUrl> base = parse_base_url(options.base_url);
  if (!base) return base.error();
  if (!tokens) return make_error("HttpGitHubClient needs a token source");
  if (!clock) return make_error("HttpGitHubClient needs a clock");
  options.max_attempts = std::max(1, options.max_attempts);
  options.per_page = std::clamp(options.per_page, 1, 100);
  return std::unique_ptr<HttpGitHubClient>(new HttpGitHubClient(
      std::move(options), std::move(base.value()), std::move(tokens), std::move(clock)));
}

HttpGitHubClient::HttpGitHubClient(HttpClientOptions options, BaseUrl base,
                                   std::shared_ptr<TokenSource> tokens,
                                   std::shared_ptr<Clock> clock)
    : options_(std::move(options)),
      base_(std::move(base)),
      tokens_(std::move(tokens)),
      clock_(std::move(clock)),
      jitter_(options_.jitter_seed != 0 ? options_.jitter_seed : std::random_device{}()) {
  http_ = std::make_unique<httplib::Client>(base_.origin());
  http_->set_keep_alive(true);
  // cpp-httplib writes a request's headers and body in two writes: with Nagle's algorithm the
  // body waits for the ACK of the headers, which the server delays (~40 ms a POST or PATCH on
  // loopback: 66 ms -> 0.3 ms a request against the fake, both ends without delay).
  http_->set_tcp_nodelay(true);
  // Paths are percent-encoded here; httplib's partial encoding would only get in the way.
  http_->set_url_encode(false);
  http_->set_follow_location(false);
  http_->set_connection_timeout(options_.connect_timeout);
  http_->set_read_timeout(options_.read_timeout);
  http_->set_write_timeout(options_.read_timeout);
  if (base_.scheme == "https") {
    http_->enable_server_certificate_verification(true);
    if (!options_.ca_cert_file.empty()) http_->set_ca_cert_path(options_.ca_cert_file);
  }
  http_->set_default_headers({
      {"Accept", "application/vnd.github+json"},
      {"X-GitHub-Api-Version", "2022-11-28"},
      {"User-Agent", std::string("issuelint/") + ISSUELINT_VERSION},
  });
}

HttpGitHubClient::~HttpGitHubClient() = default;

ClientStats HttpGitHubClient::stats() const {
  std::lock_guard lock(stats_mutex_);
  return stats_;
}

void HttpGitHubClient::log(const std::string& line) const {
  if (options_.log) options_.log(line);
}

std::string HttpGitHubClient::repo_path(const RepoRef& repo) const {
  return api("/repos/" + percent_encode(repo.owner) + "/" + percent_encode(repo.name));
}

std::chrono::milliseconds HttpGitHubClient::backoff(int attempt) {
  // Exponential with "equal jitter": half fixed, half random, so retries from many workers
  // do not arrive at GitHub in lock step.
  std::int64_t base = options_.initial_backoff.count();
  for (int i = 0; i < attempt && base < options_.max_backoff.count(); ++i) base *= 2;
  base = std::min<std::int64_t>(base, options_.max_backoff.count());
  std::uniform_int_distribution<std::int64_t> spread(0, base / 2);
  return milliseconds(base - base / 2 + spread(jitter_));
}

// Sleeps through the injected clock, unless the wait is longer than we are willing to hold a
// worker, or the server shuts down during it; then fills *not_waited with a retryable error that
// says how long is still to wait, for the queue to keep the job until then.
bool HttpGitHubClient::wait(milliseconds duration, const std::string& why, ApiError* not_waited) {
  if (duration <= milliseconds::zero()) return true;
  const auto give_back = [&](milliseconds left, const std::string& because) {
    not_waited->retryable = true;
    not_waited->retry_after_seconds =
        std::max(1, static_cast<int>(std::chrono::ceil<seconds>(left).count()));
    not_waited->message =
        why + because + "; retry in " + std::to_string(not_waited->retry_after_seconds) + " s";
    log(not_waited->message);
    return false;
  };
  if (duration > options_.max_rate_limit_wait) return give_back(duration, "");
  if (options_.stop.stop_requested()) return give_back(duration, "; not waiting: shutting down");
  log(why + "; waiting " + std::to_string(duration.count()) + " ms");
  const auto until = clock_->now() + duration;
  if (clock_->sleep_unless_stopped(duration, options_.stop)) return true;
  return give_back(std::chrono::ceil<milliseconds>(until - clock_->now()),
                   "; the wait was cut short: shutting down");
}

void HttpGitHubClient::note_rate_limit(const RawResponse& response) {
  const std::optional<std::int64_t> remaining = header_number(response, "x-ratelimit-remaining");
  {
    std::lock_guard lock(stats_mutex_);
    ++stats_.responses_by_status[response.status];
    if (remaining) stats_.rate_limit_remaining = *remaining;
    if (auto reset = header_number(response, "x-ratelimit-reset")) {
      stats_.rate_limit_reset_epoch = *reset;
    }
  }
  if (options_.on_response) options_.on_response(response.status, remaining.value_or(-1));
}

void HttpGitHubClient::note_github_clock(const RawResponse& response) {
  const auto github_now = parse_http_date(response.header("date"));
  if (!github_now || !tokens_->use_github_time(*github_now)) return;
  const auto ahead = std::chrono::round<seconds>(*github_now - clock_->now()).count();
  // The Date has whole seconds and comes a moment late: a few seconds apart is no news.
  if (ahead > -5 && ahead < 5) return;
  log("GitHub's clock is " + std::to_string(ahead > 0 ? ahead : -ahead) + " s " +
      (ahead > 0 ? "ahead of" : "behind") +
      " this machine's (its Date header): the App's tokens are signed with GitHub's time");
}

int HttpGitHubClient::retry_after_seconds(const RawResponse& response) {
  const std::optional<std::int64_t> retry_after = header_number(response, "retry-after");
  if (!retry_after || *retry_after <= 0) return 0;
  return static_cast<int>(std::min<std::int64_t>(*retry_after, 24 * 3600));
}

// After a 5xx: the retry-after GitHub sent with it (a 503 in an incident), else the backoff. None
// after the last attempt: `last` carries the retry-after for the queue to wait instead.
bool HttpGitHubClient::wait_after_server_error(const std::string& request, int attempt,
                                               ApiError* last) {
  if (attempt + 1 >= options_.max_attempts) return true;
  if (last->retry_after_seconds == 0) {
    clock_->sleep_for(backoff(attempt));
    return true;
  }
  return wait(seconds(last->retry_after_seconds),
              "GitHub answered " + std::to_string(last->status) + " with retry-after on " + request,
              last);
}

bool HttpGitHubClient::reset_ahead(const RawResponse& response) {
  const std::optional<std::int64_t> reset = header_number(response, "x-ratelimit-reset");
  return reset && std::chrono::system_clock::time_point(seconds(*reset)) > clock_->now();
}

ApiResult<HttpGitHubClient::RawResponse> HttpGitHubClient::send(const std::string& method,
                                                                const std::string& target,
                                                                const std::string& body,
                                                                Retry retry) {
  std::lock_guard lock(request_mutex_);
  return send_locked(method, target, body, retry);
}

ApiResult<HttpGitHubClient::RawResponse> HttpGitHubClient::send_locked(const std::string& method,
                                                                       const std::string& target,
                                                                       const std::string& body,
                                                                       Retry retry) {
  ApiError last{kTransportError, "no attempt made", true, 0};
  bool refreshed_token = false;
  int replication_waits = 0;  // for a token GitHub does not know yet
  for (int attempt = 0; attempt < options_.max_attempts; ++attempt) {
    if (attempt > 0) {
      std::lock_guard stats_lock(stats_mutex_);
      ++stats_.retries;
    }
    // Primary limit: when GitHub said nothing is left, wait for the reset instead of burning a
    // request on a certain 403.
    ClientStats known = stats();
    auto now = clock_->now();
    if (known.rate_limit_remaining == 0) {
      auto reset = std::chrono::system_clock::time_point(seconds(known.rate_limit_reset_epoch));
      if (reset > now) {
        {
          std::lock_guard stats_lock(stats_mutex_);
          ++stats_.rate_limit_waits;
        }
        ApiError too_long{403, "", true, 0};
        auto duration = std::chrono::ceil<milliseconds>(reset - now) + seconds(1);
        if (!wait(duration, "GitHub rate limit exhausted until reset", &too_long)) {
          return failure<RawResponse>(too_long);
        }
      }
      std::lock_guard stats_lock(stats_mutex_);
      stats_.rate_limit_remaining = -1;  // unknown again until the next response says
    }
    if (is_mutation(method) && options_.mutation_spacing > milliseconds::zero() &&
        last_mutation_.time_since_epoch().count() != 0) {
      auto since = clock_->now() - last_mutation_;
      if (since < options_.mutation_spacing) {
        clock_->sleep_for(std::chrono::ceil<milliseconds>(options_.mutation_spacing - since));
      }
    }

    ApiResult<std::string> token = tokens_->token();
    if (!token.ok()) {
      // As the exchange failed: a 401/403/404 there is not mended by asking 12 times.
      ApiError error = token.error;
      error.message = "cannot get a GitHub token: " + error.message;
      error.token_exchange = true;
      return failure<RawResponse>(error);
    }

    httplib::Request request;
    request.method = method;
    request.path = target;
    request.headers.emplace("Authorization", "Bearer " + *token.value);
    auto cached = method == "GET" ? etag_cache_.find(target) : etag_cache_.end();
    if (cached != etag_cache_.end()) request.headers.emplace("If-None-Match", cached->second.etag);
    if (!body.empty() || method == "POST" || method == "PATCH" || method == "PUT") {
      request.body = body;
      request.headers.emplace("Content-Type", "application/json");
    }
    if (is_mutation(method)) last_mutation_ = clock_->now();
    httplib::Result result = http_->send(request);

    if (!result) {
      std::string what = httplib::to_string(result.error());
      {
        std::lock_guard stats_lock(stats_mutex_);
        ++stats_.transport_errors;
      }
      if (options_.on_response) options_.on_response(kTransportError, -1);
      last =
          ApiError{kTransportError, method + " " + target + ": transport error: " + what, true, 0};
      // A comment POST that reached GitHub before the connection broke may have been created;
      // only a failure to connect proves it was not.
      if (retry == Retry::not_after_send && result.error() != httplib::Error::Connection &&
          result.error() != httplib::Error::ConnectionTimeout) {
        return failure<RawResponse>(last);
      }
      log(last.message + " (attempt " + std::to_string(attempt + 1) + ")");
      if (attempt + 1 < options_.max_attempts) clock_->sleep_for(backoff(attempt));
      continue;
    }

    RawResponse response;
    response.status = result->status;
    response.body = result->body;
    for (const auto& [name, value] : result->headers) response.headers.emplace(lower(name), value);
    note_rate_limit(response);
    const int status = response.status;

    if (status == 304 && cached != etag_cache_.end()) {
      std::lock_guard stats_lock(stats_mutex_);
      ++stats_.etag_hits;
      return success(revalidated(cached->second.response, std::move(response)));
    }
    if (status >= 200 && status < 300 && !response.body.empty() && !json::accept(response.body)) {
      // A cut or mangled answer (a proxy, a dropped connection GitHub still called 200): asked
      // again it is most likely whole, and it is never cached, or a 304 would replay it.
      last = ApiError{status,
                      method + " " + target + ": GitHub answered " + std::to_string(status) +
                          " with a body that is not JSON",
                      true, 0};
      if (retry == Retry::not_after_send) return failure<RawResponse>(last);
      log(last.message + " (attempt " + std::to_string(attempt + 1) + ")");
      if (attempt + 1 < options_.max_attempts) clock_->sleep_for(backoff(attempt));
      continue;
    }
    if (status >= 200 && status < 300) {
      std::string etag = response.header("etag");
      if (method == "GET" && !etag.empty()) {
        if (etag_cache_.size() >= options_.etag_cache_entries) etag_cache_.clear();
        etag_cache_[target] = CachedGet{etag, response};
      }
      return success(std::move(response));
    }

    std::string message = github_message(response);
    last = ApiError{status, method + " " + target + ": " + std::to_string(status) + " " + message,
                    false, 0};
    if (status == 401 && tokens_->just_minted() && replication_waits < kReplicationWaits) {
      // Minting another would meet the same wait: ask again with this one, 1 s, then 2 s, ...
      ++replication_waits;
      log(last.message + "; the token was minted moments ago, asking again in " +
          std::to_string(replication_waits) + " s");
      clock_->sleep_for(seconds(replication_waits));
      --attempt;
      continue;
    }
    if (status == 401 && !refreshed_token) {
      // An installation token can expire between mint and use; mint once more, then give up.
      refreshed_token = true;
      log(last.message + "; getting a fresh token and asking once more");
      note_github_clock(response);
      tokens_->invalidate();
      --attempt;
      continue;
    }
    if (status == 403 || status == 429) {
      auto retry_after = header_number(response, "retry-after");
      auto remaining = header_number(response, "x-ratelimit-remaining");
      bool secondary = lower(message).find("secondary rate limit") != std::string::npos;
      if (!retry_after && !(remaining && *remaining == 0) && !secondary && status == 403) {
        return failure<RawResponse>(last);  // a permission problem: retrying cannot help
      }
      last.retryable = true;
      const bool primary = remaining && *remaining == 0 && !retry_after;
      // The wait for a reset still to come happens above; a reset already past (clocks apart)
      // waits the minute below instead, as asking again at once is what GitHub bans for.
      if (primary && reset_ahead(response)) continue;
      // GitHub: honour retry-after; without it wait at least a minute, then back off.
      milliseconds duration = retry_after ? milliseconds(seconds(*retry_after))
                                          : std::max<milliseconds>(seconds(60), backoff(attempt));
      last.retry_after_seconds = static_cast<int>(std::chrono::ceil<seconds>(duration).count());
      if (attempt + 1 >= options_.max_attempts) break;
      // Named as GitHub named it: a 429 or a retry-after alone says no more than "rate limit".
      const std::string which = primary ? "GitHub rate limit (its reset is not ahead by our clock)"
                                : secondary ? "GitHub secondary rate limit"
                                            : "GitHub rate limit (" + std::to_string(status) + ")";
      if (!wait(duration, which + " on " + method + " " + target, &last)) {
        return failure<RawResponse>(last);
      }
      continue;
    }
    if (status >= 500) {
      last.retryable = true;
      // A comment POST answered 5xx may still have been created (GitHub answers 502 after some
      // writes that succeeded): asking again could post it twice. The job is retried from the
      // start instead, which finds the comment if it was made.
      last.retry_after_seconds = retry_after_seconds(response);
      if (retry == Retry::not_after_send) return failure<RawResponse>(last);
      log(last.message + " (attempt " + std::to_string(attempt + 1) + ")");
      if (!wait_after_server_error(method + " " + target, attempt, &last)) {
        return failure<RawResponse>(last);
      }
      continue;
    }
    // A 3xx is not followed: a transferred issue would be judged by this repository's templates
    // and written to at its old address. Its Location is said, for the caller to decide.
    if (is_redirect(status)) last.message += " (moved to " + response.header("location") + ")";
    return failure<RawResponse>(last);  // 4xx that cannot succeed by asking again
  }
  return failure<RawResponse>(last);
}

ApiResult<std::vector<std::string>> HttpGitHubClient::get_all_pages(
    const std::string& first_target) {
  std::vector<std::string> pages;
  std::string target = first_target;
  // Bounded: 1,000 pages of 100 is more than any issue thread GitHub allows.
  for (int page = 0; page < 1000 && !target.empty(); ++page) {
    auto response = send("GET", target, "");
    if (!response.ok()) return forward_error<std::vector<std::string>>(response);
    pages.push_back(response.value->body);
    auto next = next_page_target(*response.value);
    if (!next.ok()) return forward_error<std::vector<std::string>>(next);
    target = *next.value;
  }
  return success(std::move(pages));
}

ApiResult<std::string> HttpGitHubClient::next_page_target(const RawResponse& response) const {
  const std::string next = next_link(response.header("link"));
  if (next.empty()) return success(std::string());
  // Link URLs are absolute (sometimes /repositories/{id}/...); follow them only on our own
  // host so the token never leaves for somewhere else.
  Result<BaseUrl> next_base = parse_base_url(next);
  if (!next_base || lower(next_base->host) != lower(base_.host) || next_base->port != base_.port ||
      next_base->scheme != base_.scheme) {
    return failure<std::string>(unusable_answer(
        response.status, "GitHub sent a next-page link to another host; not following it"));
  }
  std::size_t path_start = next.find('/', next.find("://") + 3);
  return success(path_start == std::string::npos ? std::string("/") : next.substr(path_start));
}

ApiResult<std::string> HttpGitHubClient::get_string_member(const std::string& path,
                                                           const char* member,
                                                           const std::string& missing) {
  auto response = send("GET", api(path), "");
  if (!response.ok()) return forward_error<std::string>(response);
  json body = json::parse(response.value->body, nullptr, false);
  if (body.is_discarded() || !body.is_object() || string_or_empty(body, member).empty()) {
    return failure<std::string>(unusable_answer(response.value->status, missing));
  }
  return success(string_or_empty(body, member));
}

ApiResult<std::string> HttpGitHubClient::get_authenticated_login() {
  return get_string_member("/user", "login", "GitHub sent a user without a login");
}

ApiResult<Issue> HttpGitHubClient::get_issue(const IssueRef& issue) {
  auto response =
      send("GET", repo_path(issue.repo) + "/issues/" + std::to_string(issue.number), "");
  if (!response.ok()) return forward_error<Issue>(response);
  json body = json::parse(response.value->body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    return failure<Issue>(
        unusable_answer(response.value->status, "GitHub sent an issue that is not a JSON object"));
  }
  return success(parse_issue(body));
}

ApiResult<Nothing> HttpGitHubClient::check_repository_visible(const RepoRef& repo) {
  auto response = send("GET", repo_path(repo) + "/labels?per_page=1", "");
  if (!response.ok()) return forward_error<Nothing>(response);
  return success(Nothing{});
}

ApiResult<std::string> HttpGitHubClient::get_permission(const RepoRef& repo,
                                                        const std::string& login) {
  return get_string_member(
      repo_path(repo) + "/collaborators/" + percent_encode(login) + "/permission", "permission",
      "GitHub sent a permission without its level");
}

ApiResult<std::vector<Comment>> HttpGitHubClient::list_comments(const IssueRef& issue) {
  auto pages = get_all_pages(repo_path(issue.repo) + "/issues/" + std::to_string(issue.number) +
                             "/comments?per_page=" + std::to_string(options_.per_page));
  if (!pages.ok()) return forward_error<std::vector<Comment>>(pages);
  std::vector<Comment> comments;
  for (const std::string& page : *pages.value) {
    json body = json::parse(page, nullptr, false);
    if (body.is_discarded() || !body.is_array()) {
      return failure<std::vector<Comment>>(
          unusable_answer(kPageStatus, "GitHub sent comments that are not a list"));
    }
    for (const json& comment : body) comments.push_back(parse_comment(comment));
  }
  return success(std::move(comments));
}

ApiResult<Nothing> HttpGitHubClient::add_labels(const IssueRef& issue,
                                                const std::vector<std::string>& labels) {
  if (labels.empty()) return success(Nothing{});  // GitHub rejects an empty list (minItems 1)
  json body = {{"labels", labels}};
  auto response =
      send("POST", repo_path(issue.repo) + "/issues/" + std::to_string(issue.number) + "/labels",
           body.dump());
  if (!response.ok()) return forward_error<Nothing>(response);
  return success(Nothing{});
}

ApiResult<Nothing> HttpGitHubClient::remove_label(const IssueRef& issue, const std::string& label) {
  auto response = send("DELETE",
                       repo_path(issue.repo) + "/issues/" + std::to_string(issue.number) +
                           "/labels/" + percent_encode(label),
                       "");
  // 404: the label is not on the issue (someone removed it first); removal is idempotent.
  if (!response.ok() && response.error.status == 404) return success(Nothing{});
  if (!response.ok()) return forward_error<Nothing>(response);
  return success(Nothing{});
}

ApiResult<std::vector<Label>> HttpGitHubClient::list_repo_labels(const RepoRef& repo) {
  auto pages =
      get_all_pages(repo_path(repo) + "/labels?per_page=" + std::to_string(options_.per_page));
  if (!pages.ok()) return forward_error<std::vector<Label>>(pages);
  std::vector<Label> labels;
  for (const std::string& page : *pages.value) {
    json body = json::parse(page, nullptr, false);
    if (body.is_discarded() || !body.is_array()) {
      return failure<std::vector<Label>>(
          unusable_answer(kPageStatus, "GitHub sent labels that are not a list"));
    }
    for (const json& label : body) {
      labels.push_back(Label{string_or_empty(label, "name"), string_or_empty(label, "color"),
                             string_or_empty(label, "description")});
    }
  }
  return success(std::move(labels));
}

ApiResult<Nothing> HttpGitHubClient::create_label(const RepoRef& repo, const Label& label) {
  json body = {{"name", label.name}, {"color", label.color}};
  if (!label.description.empty()) body["description"] = label.description;
  auto response = send("POST", repo_path(repo) + "/labels", body.dump());
  if (response.ok()) return success(Nothing{});
  // Another worker (or a person) created it meanwhile; names are case-insensitive.
  if (response.error.status == 422) {
    // github_message appends each error's code, so "already_exists" is visible here.
    if (response.error.message.find("already_exists") != std::string::npos) {
      return success(Nothing{});
    }
  }
  return forward_error<Nothing>(response);
}

ApiResult<std::int64_t> HttpGitHubClient::create_comment(const IssueRef& issue,
                                                         const std::string& body) {
  json request = {{"body", body}};
  auto response =
      send("POST", repo_path(issue.repo) + "/issues/" + std::to_string(issue.number) + "/comments",
           request.dump(), Retry::not_after_send);
  if (!response.ok()) return forward_error<std::int64_t>(response);
  json created = json::parse(response.value->body, nullptr, false);
  const std::int64_t id = created.is_object() ? integer_or_zero(created, "id") : 0;
  if (id == 0)
    return failure<std::int64_t>(
        unusable_answer(response.value->status, "GitHub created a comment but sent no id"));
  return success(id);
}

ApiResult<Nothing> HttpGitHubClient::update_comment(const RepoRef& repo, std::int64_t comment_id,
                                                    const std::string& body) {
  json request = {{"body", body}};
  // No issue number in this path: comment ids are unique per repository.
  auto response = send("PATCH", repo_path(repo) + "/issues/comments/" + std::to_string(comment_id),
                       request.dump());
  if (!response.ok()) return forward_error<Nothing>(response);
  return success(Nothing{});
}

ApiResult<Nothing> HttpGitHubClient::delete_comment(const RepoRef& repo, std::int64_t comment_id) {
  auto response =
      send("DELETE", repo_path(repo) + "/issues/comments/" + std::to_string(comment_id), "");
  if (!response.ok() && response.error.status == 404) return success(Nothing{});
  if (!response.ok()) return forward_error<Nothing>(response);
  return success(Nothing{});
}

ApiResult<std::optional<std::string>> HttpGitHubClient::get_file(const RepoRef& repo,
                                                                 const std::string& path) {
  using Value = std::optional<std::string>;
  const std::string target = repo_path(repo) + "/contents/" + percent_encode_path(path);
  auto response = send("GET", target, "");
  if (!response.ok() && response.error.status == 404) return success(Value{});
  if (!response.ok()) return forward_error<Value>(response);
  const std::string etag = response.value->header("etag");
  if (std::optional<std::string> known = decoded_file(target, etag)) {
    return success(Value{std::move(*known)});
  }
  json body = json::parse(response.value->body, nullptr, false);
  if (body.is_discarded() || !body.is_object() || string_or_empty(body, "type") != "file") {
    return failure<Value>(
        unusable_answer(response.value->status, path + " is not a file in " + repo.full_name()));
  }
  // Files of 1-100 MB come with encoding "none" and no content: too big for a template anyway.
  if (string_or_empty(body, "encoding") != "base64") {
    return failure<Value>(unusable_answer(response.value->status,
                                          path + " is too large to read through the contents API"));
  }
  std::optional<std::string> decoded = decode_base64(string_or_empty(body, "content"));
  if (!decoded)
    return failure<Value>(
        unusable_answer(response.value->status, path + ": GitHub sent malformed base64"));
  keep_decoded_file(target, etag, *decoded);
  return success(Value{std::move(*decoded)});
}

std::optional<std::string> HttpGitHubClient::decoded_file(const std::string& target,
                                                          const std::string& etag) {
  if (etag.empty()) return std::nullopt;
  std::lock_guard lock(decoded_files_mutex_);
  const auto found = decoded_files_.find(target);
  if (found == decoded_files_.end() || found->second.etag != etag) return std::nullopt;
  return found->second.text;
}

void HttpGitHubClient::keep_decoded_file(const std::string& target, const std::string& etag,
                                         const std::string& text) {
  if (etag.empty()) return;
  std::lock_guard lock(decoded_files_mutex_);
  // Bounded like the ETag cache: a few files a repository, dropped all at once when full.
  if (decoded_files_.size() >= options_.etag_cache_entries) decoded_files_.clear();
  decoded_files_[target] = DecodedFile{etag, text};
}

ApiResult<std::vector<ContentFile>> HttpGitHubClient::list_directory(const RepoRef& repo,
                                                                     const std::string& path) {
  using Value = std::vector<ContentFile>;
  // The root is ".../contents", as GitHub documents it (an empty {path}).
  const std::string where = path.empty() ? "/contents" : "/contents/" + percent_encode_path(path);
  auto response = send("GET", repo_path(repo) + where, "");
  if (!response.ok() && response.error.status == 404) return success(Value{});
  if (!response.ok()) return forward_error<Value>(response);
  json body = json::parse(response.value->body, nullptr, false);
  if (body.is_discarded() || !body.is_array()) {
    return failure<Value>(unusable_answer(response.value->status,
                                          path + " is not a directory in " + repo.full_name()));
  }
  Value entries;
  for (const json& entry : body) {
    entries.push_back(ContentFile{string_or_empty(entry, "path"), string_or_empty(entry, "type"),
                                  string_or_empty(entry, "sha")});
  }
  return success(std::move(entries));
}

ApiResult<IssuePage> HttpGitHubClient::list_open_issues(const RepoRef& repo,
                                                        const std::string& page) {
  // Later pages are where GitHub's Link said, as it sent them: an API that pages by cursor
  // ignores a `page=N` built here, and the listing would be its first page again and again.
  const std::string target =
      page.empty()
          ? repo_path(repo) + "/issues?state=open&per_page=" + std::to_string(options_.per_page)
          : page;
  auto response = send("GET", target, "");
  if (!response.ok()) return forward_error<IssuePage>(response);
  json body = json::parse(response.value->body, nullptr, false);
  if (body.is_discarded() || !body.is_array()) {
    return failure<IssuePage>(
        unusable_answer(response.value->status, "GitHub sent issues that are not a list"));
  }
  IssuePage value;
  for (const json& entry : body) {
    Issue issue = parse_issue(entry);
    // The issues API lists pull requests too.
    if (!issue.is_pull_request) value.issues.push_back(std::move(issue));
  }
  auto next = next_page_target(*response.value);
  if (!next.ok()) return forward_error<IssuePage>(next);
  value.next = std::move(*next.value);
  return success(std::move(value));
}

ApiResult<InstallationToken> HttpGitHubClient::create_installation_token(
    std::int64_t installation_id) {
  auto response =
      send("POST", api("/app/installations/" + std::to_string(installation_id) + "/access_tokens"),
           "{}");
  if (!response.ok()) return forward_error<InstallationToken>(response);
  json body = json::parse(response.value->body, nullptr, false);
  if (body.is_discarded() || !body.is_object() || string_or_empty(body, "token").empty()) {
    return failure<InstallationToken>(
        unusable_answer(response.value->status, "GitHub sent no installation token"));
  }
  auto expires = parse_utc(string_or_empty(body, "expires_at"));
  if (!expires) {
    return failure<InstallationToken>(unusable_answer(
        response.value->status, "GitHub sent an installation token without a readable expires_at"));
  }
  // Tokens are no longer 40 characters (ghs_APPID_JWT since 2026-04); take them as they come.
  return success(InstallationToken{string_or_empty(body, "token"), *expires});
}

ApiResult<std::string> HttpGitHubClient::get_app_slug() {
  return get_string_member("/app", "slug", "GitHub sent an App without a slug");
}

}  // namespace issuelint::github
