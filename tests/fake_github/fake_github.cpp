#include "tests/fake_github/fake_github.h"

#include <httplib.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <algorithm>
#include <cctype>
#include <ctime>

#include "bot/github/http_github_client.h"

namespace issuelint::testing {

using json = nlohmann::json;

namespace {

constexpr const char* kDocs = "https://docs.github.com/rest";

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::string percent_decode(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() &&
        std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
      out += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find(separator, start);
    if (end == std::string::npos) end = text.size();
    parts.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

std::map<std::string, std::string> parse_query(const std::string& query) {
  std::map<std::string, std::string> params;
  if (query.empty()) return params;
  for (const std::string& pair : split(query, '&')) {
    std::size_t equals = pair.find('=');
    params[percent_decode(pair.substr(0, equals))] =
        equals == std::string::npos ? "" : percent_decode(pair.substr(equals + 1));
  }
  return params;
}

std::string iso_time(std::int64_t epoch) {
  std::time_t time = static_cast<std::time_t>(epoch);
  std::tm tm{};
  gmtime_r(&time, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

// An HTTP Date header's value (IMF-fixdate), as GitHub sends with every answer.
std::string http_date(std::int64_t epoch) {
  std::time_t time = static_cast<std::time_t>(epoch);
  std::tm tm{};
  gmtime_r(&time, &tm);
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[tm.tm_wday],
                tm.tm_mday, kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                tm.tm_sec);
  return buffer;
}

std::string base64(const std::string& bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(written));
  return out;
}

std::optional<std::string> base64url_decode(std::string text) {
  for (char& c : text) {
    if (c == '-') c = '+';
    if (c == '_') c = '/';
  }
  while (text.size() % 4 != 0) text += '=';
  return github::decode_base64(text);
}

json user_json(const std::string& login, bool bot) {
  return {{"login", login},
          {"id", 1000},
          {"node_id", "MDA6RW50aXR5MQ=="},
          {"type", bot ? "Bot" : "User"},
          {"site_admin", false}};
}

}  // namespace

struct FakeGitHub::Reply {
  int status = 200;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  bool drop = false;

  static Reply json_body(int status, const json& value) {
    Reply reply;
    reply.status = status;
    reply.body = value.dump();
    return reply;
  }
  static Reply error(int status, const std::string& message) {
    return json_body(status, {{"message", message}, {"documentation_url", kDocs}});
  }
  static Reply validation(const std::string& resource, const std::string& field,
                          const std::string& code, const std::string& message = "") {
    json error = {{"resource", resource}, {"code", code}, {"field", field}};
    if (!message.empty()) error["message"] = message;
    return json_body(422, {{"message", "Validation Failed"},
                           {"errors", json::array({error})},
                           {"documentation_url", kDocs}});
  }
};

FakeGitHub::FakeGitHub(FakeGitHubOptions options) : options_(std::move(options)) {
  if (!options_.now_epoch_seconds) {
    options_.now_epoch_seconds = [] { return static_cast<std::int64_t>(std::time(nullptr)); };
  }
  tokens_.insert(options_.tokens.begin(), options_.tokens.end());
  for (const auto& [token, login] : options_.user_tokens) tokens_.insert(token);
}

FakeGitHub::~FakeGitHub() { stop(); }

bool FakeGitHub::start(int port) {
  server_ = std::make_unique<httplib::Server>();
  int threads = std::max(1, options_.threads);
  // Debian's httplib ignores CPPHTTPLIB_THREAD_POOL_COUNT; the queue factory is the knob.
  server_->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server_->set_keep_alive_timeout(2);
  // As GitHub's servers do: a response's headers and body go out without waiting for an ACK.
  server_->set_tcp_nodelay(true);
  auto handler = [this](const httplib::Request& request, httplib::Response& response) {
    handle(request, response);
  };
  server_->Get(".*", handler);
  server_->Post(".*", handler);
  server_->Patch(".*", handler);
  server_->Put(".*", handler);
  server_->Delete(".*", handler);
  if (port == 0) {
    port_ = server_->bind_to_any_port("127.0.0.1");
  } else {
    port_ = server_->bind_to_port("127.0.0.1", port) ? port : -1;
  }
  if (port_ <= 0) return false;
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  // httplib 0.11 has no wait_until_ready: poll, bounded.
  for (int i = 0; i < 500 && !server_->is_running(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return server_->is_running();
}

void FakeGitHub::stop() {
  if (server_) server_->stop();
  if (thread_.joinable()) thread_.join();
}

std::string FakeGitHub::base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

std::int64_t FakeGitHub::now() const {
  return options_.now_epoch_seconds() + options_.clock_skew_seconds;
}

void FakeGitHub::with_state(const std::function<void(FakeGitHubState&)>& change) {
  std::lock_guard lock(mutex_);
  change(state_);
}

FakeGitHubState FakeGitHub::snapshot() const {
  std::lock_guard lock(mutex_);
  return state_;
}

void FakeGitHub::add_repo(const std::string& owner, const std::string& name) {
  with_state([&](FakeGitHubState& state) { state.add_repo(owner, name); });
}

void FakeGitHub::add_issue(const std::string& owner, const std::string& name, FakeIssue issue) {
  with_state([&](FakeGitHubState& state) { state.add_issue(owner, name, std::move(issue)); });
}

std::int64_t FakeGitHub::add_comment(const std::string& owner, const std::string& name, int number,
                                     FakeComment comment) {
  std::lock_guard lock(mutex_);
  return state_.add_comment(owner, name, number, std::move(comment));
}

void FakeGitHub::add_label(const std::string& owner, const std::string& name, FakeLabel label) {
  with_state([&](FakeGitHubState& state) { state.add_label(owner, name, std::move(label)); });
}

void FakeGitHub::put_file(const std::string& owner, const std::string& name,
                          const std::string& path, const std::string& content) {
  with_state([&](FakeGitHubState& state) { state.put_file(owner, name, path, content); });
}

std::optional<FakeIssue> FakeGitHub::issue(const std::string& owner, const std::string& name,
                                           int number) const {
  std::lock_guard lock(mutex_);
  FakeGitHubState& state = const_cast<FakeGitHubState&>(state_);
  FakeRepo* repo = state.find_repo(owner, name);
  if (!repo || !repo->issues.count(number)) return std::nullopt;
  return repo->issues.at(number);
}

std::vector<FakeLabel> FakeGitHub::repo_labels(const std::string& owner,
                                               const std::string& name) const {
  std::lock_guard lock(mutex_);
  FakeRepo* repo = const_cast<FakeGitHubState&>(state_).find_repo(owner, name);
  return repo ? repo->labels : std::vector<FakeLabel>{};
}

void FakeGitHub::add_token(const std::string& token) {
  std::lock_guard lock(mutex_);
  tokens_.insert(token);
}

void FakeGitHub::configure_app(const std::string& issuer, const std::string& public_key_pem,
                               std::int64_t installation_id) {
  std::lock_guard lock(mutex_);
  app_issuer_ = issuer;
  app_public_key_pem_ = public_key_pem;
  app_installation_id_ = installation_id;
}

std::uint64_t FakeGitHub::installation_tokens_issued() const {
  std::lock_guard lock(mutex_);
  return installation_tokens_issued_;
}

void FakeGitHub::inject(Fault fault) {
  std::lock_guard lock(mutex_);
  faults_.push_back(std::move(fault));
}

void FakeGitHub::clear_faults() {
  std::lock_guard lock(mutex_);
  faults_.clear();
}

void FakeGitHub::set_rate_limit(int remaining, std::int64_t reset_epoch) {
  std::lock_guard lock(mutex_);
  rate_remaining_ = remaining;
  rate_reset_ = reset_epoch;
}

std::vector<LoggedRequest> FakeGitHub::requests() const {
  std::lock_guard lock(mutex_);
  return log_;
}

std::vector<LoggedRequest> FakeGitHub::writes() const {
  std::vector<LoggedRequest> all = requests();
  std::vector<LoggedRequest> out;
  for (LoggedRequest& request : all) {
    if (request.is_write()) out.push_back(std::move(request));
  }
  return out;
}

void FakeGitHub::clear_requests() {
  std::lock_guard lock(mutex_);
  log_.clear();
}

void FakeGitHub::handle(const httplib::Request& request, httplib::Response& response) {
  LoggedRequest logged;
  logged.method = request.method;
  // httplib decodes req.path, which would make "area%2Fdb" two segments: use the raw target.
  std::size_t question = request.target.find('?');
  logged.path = request.target.substr(0, question);
  logged.query = question == std::string::npos ? "" : request.target.substr(question + 1);
  logged.body = request.body;
  for (const auto& [name, value] : request.headers) logged.headers[lower(name)] = value;

  std::optional<Fault> fault;
  std::size_t index = 0;
  {
    std::lock_guard lock(mutex_);
    log_.push_back(logged);
    index = log_.size() - 1;
    for (auto it = faults_.begin(); it != faults_.end(); ++it) {
      if (!it->method.empty() && it->method != logged.method) continue;
      if (logged.path.rfind(it->path_prefix, 0) != 0) continue;
      if (it->exact_path && logged.path != it->path_prefix) continue;
      fault = *it;
      if (--it->times <= 0) faults_.erase(it);
      break;
    }
  }

  Reply reply;
  bool answered = false;
  if (fault && fault->kind == FaultKind::bad_gateway_after_write) {
    {
      std::lock_guard lock(mutex_);
      route(logged);  // the write happens; its answer is lost
    }
    fault.reset();
    reply = Reply::error(502, "Bad Gateway");
    answered = true;
  } else if (fault && (fault->kind == FaultKind::malformed_body ||
                       fault->kind == FaultKind::replaced_body)) {
    {
      std::lock_guard lock(mutex_);
      reply = route(logged);
    }
    if (fault->kind == FaultKind::replaced_body) {
      reply.body = fault->body;
    } else if (reply.status == 200) {
      reply.body = "{\"oops\": [1, 2";
    }
    fault.reset();
    answered = true;
  } else if (fault && fault->kind == FaultKind::competing_comment) {
    const std::vector<std::string> parts = split(logged.path, '/');  // "", repos, o, r, issues, N
    std::lock_guard lock(mutex_);
    FakeRepo* repo = parts.size() >= 6 ? state_.find_repo(parts[2], parts[3]) : nullptr;
    if (repo && parts[4] == "issues" && repo->issues.count(std::atoi(parts[5].c_str()))) {
      state_.create_comment(repo->issues.at(std::atoi(parts[5].c_str())),
                            "<!-- issuelint:report -->\nanother run's report", options_.bot_login,
                            true);
    }
    fault.reset();
  } else if (fault && fault->kind == FaultKind::comment_deleted_first) {
    const std::vector<std::string> parts = split(logged.path, '/');  // "", repos, o, r, issues, ...
    std::lock_guard lock(mutex_);
    FakeRepo* repo = parts.size() == 7 ? state_.find_repo(parts[2], parts[3]) : nullptr;
    if (repo) {
      const std::int64_t id = std::atoll(parts[6].c_str());
      if (auto [issue, comment] = state_.find_comment(*repo, id); issue != nullptr) {
        std::erase_if(issue->comments, [&](const FakeComment& c) { return c.id == id; });
      }
    }
    fault.reset();
  } else if (fault && fault->kind == FaultKind::issue_locked_first) {
    const std::vector<std::string> parts = split(logged.path, '/');  // "", repos, o, r, issues, N
    std::lock_guard lock(mutex_);
    FakeRepo* repo = parts.size() >= 6 ? state_.find_repo(parts[2], parts[3]) : nullptr;
    if (repo && parts[4] == "issues" && repo->issues.count(std::atoi(parts[5].c_str()))) {
      repo->issues.at(std::atoi(parts[5].c_str())).locked = true;
    }
    fault.reset();
  } else if (fault && fault->kind == FaultKind::slow) {
    std::this_thread::sleep_for(std::chrono::milliseconds(std::clamp(fault->delay_ms, 0, 10'000)));
    fault.reset();
  }
  if (fault) {
    switch (fault->kind) {
      case FaultKind::server_error:
        reply = Reply::error(500, "Server Error");
        break;
      case FaultKind::bad_gateway:
        reply = Reply::error(502, "Bad Gateway");
        break;
      case FaultKind::not_found:
        reply = Reply::error(404, "Not Found");
        break;
      case FaultKind::not_accessible:
        reply = Reply::error(403, "Resource not accessible by integration");
        break;
      case FaultKind::gone:
        reply = Reply::error(410, "This issue was deleted");
        break;
      case FaultKind::drop_connection:
        reply = Reply::json_body(200, json::array());
        reply.drop = true;
        break;
      case FaultKind::secondary_rate_limit:
        reply = Reply::error(403,
                             "You have exceeded a secondary rate limit. Please wait a few "
                             "minutes before you try again.");
        break;
      case FaultKind::too_many_requests:
        reply = Reply::error(429, "Too Many Requests");
        break;
      case FaultKind::moved_permanently:
        reply = Reply::error(301, "Moved Permanently");
        reply.headers.emplace_back("location", fault->location.rfind("http", 0) == 0
                                                   ? fault->location
                                                   : base_url() + fault->location);
        break;
      case FaultKind::slow:
      case FaultKind::bad_gateway_after_write:
      case FaultKind::competing_comment:
      case FaultKind::malformed_body:
      case FaultKind::replaced_body:
      case FaultKind::comment_deleted_first:
      case FaultKind::issue_locked_first:
        break;
    }
    if (fault->retry_after_seconds > 0) {
      reply.headers.emplace_back("retry-after", std::to_string(fault->retry_after_seconds));
    }
  } else if (!answered) {
    std::lock_guard lock(mutex_);
    reply = route(logged);
  }

  response.status = reply.status;
  for (const auto& [name, value] : reply.headers) response.set_header(name, value);
  if (reply.drop) {
    // Promise a body, then fail to write it: the client sees the connection reset mid-response.
    response.set_content_provider(
        1024, "application/json; charset=utf-8",
        [](std::size_t, std::size_t, httplib::DataSink&) { return false; });
  } else if (!reply.body.empty()) {
    response.set_content(reply.body, "application/json; charset=utf-8");
  }
  std::lock_guard lock(mutex_);
  if (index < log_.size()) log_[index].status = reply.status;
}

namespace {

std::string credential_of(const LoggedRequest& request) {
  auto header = request.headers.find("authorization");
  std::string credential = header == request.headers.end() ? "" : header->second;
  for (const char* scheme : {"Bearer ", "bearer ", "token "}) {
    if (credential.rfind(scheme, 0) == 0) return credential.substr(std::string(scheme).size());
  }
  return credential;
}

}  // namespace

std::string FakeGitHub::user_of(const LoggedRequest& request) const {
  auto user = options_.user_tokens.find(credential_of(request));
  return user == options_.user_tokens.end() ? "" : user->second;
}

FakeGitHub::Reply FakeGitHub::authenticate(const LoggedRequest& request) {
  const std::string credential = credential_of(request);
  Reply ok;
  ok.status = 0;
  if (tokens_.count(credential)) return ok;
  auto installation = installation_tokens_.find(credential);
  if (installation != installation_tokens_.end() && installation->second.valid_from <= now() &&
      installation->second.expires > now()) {
    return ok;
  }
  return Reply::error(401, "Bad credentials");
}

namespace {

// Checks an App JWT as GitHub does; returns "" when it is good, else GitHub's complaint.
std::string verify_app_jwt(const std::string& jwt, const std::string& public_key_pem,
                           const std::string& issuer, std::int64_t now) {
  std::vector<std::string> parts = split(jwt, '.');
  if (parts.size() != 3) return "A JSON web token could not be decoded";
  auto header_text = base64url_decode(parts[0]);
  auto claims_text = base64url_decode(parts[1]);
  auto signature = base64url_decode(parts[2]);
  if (!header_text || !claims_text || !signature) return "A JSON web token could not be decoded";
  json header = json::parse(*header_text, nullptr, false);
  json claims = json::parse(*claims_text, nullptr, false);
  if (!header.is_object() || !claims.is_object() || header.value("alg", "") != "RS256") {
    return "A JSON web token could not be decoded";
  }
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(
      BIO_new_mem_buf(public_key_pem.data(), static_cast<int>(public_key_pem.size())), &BIO_free);
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
      PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr), &EVP_PKEY_free);
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  std::string input = parts[0] + "." + parts[1];
  bool verified =
      key && ctx &&
      EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.get()) == 1 &&
      EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature->data()),
                       signature->size(), reinterpret_cast<const unsigned char*>(input.data()),
                       input.size()) == 1;
  if (!verified) return "A JSON web token could not be decoded";
  if (!claims.contains("iat") || !claims["iat"].is_number_integer()) {
    return "'Issued at' claim ('iat') must be an Integer representing the time that the "
           "assertion was issued.";
  }
  if (!claims.contains("exp") || !claims["exp"].is_number_integer() ||
      claims["exp"].get<std::int64_t>() <= now) {
    return "'Expiration time' claim ('exp') must be a numeric value representing the future "
           "time at which the assertion expires.";
  }
  if (claims["exp"].get<std::int64_t>() > now + 600) {
    return "'Expiration time' claim ('exp') is too far in the future.";
  }
  if (claims["iat"].get<std::int64_t>() > now + 60) {
    return "'Issued at' claim ('iat') must be an Integer representing the time that the "
           "assertion was issued.";
  }
  std::string iss = claims.contains("iss") && claims["iss"].is_string()
                        ? claims["iss"].get<std::string>()
                        : (claims.contains("iss") ? claims["iss"].dump() : "");
  if (iss != issuer) return "'Issuer' claim ('iss') must be an Integer";
  return "";
}

}  // namespace

std::string FakeGitHub::app_jwt_problem(const LoggedRequest& request) const {
  auto header = request.headers.find("authorization");
  std::string credential = header == request.headers.end() ? "" : header->second;
  if (credential.rfind("Bearer ", 0) != 0) return "A JSON web token could not be decoded";
  return verify_app_jwt(credential.substr(7), app_public_key_pem_, app_issuer_, now());
}

FakeGitHub::Reply FakeGitHub::describe_app(const LoggedRequest& request) {
  if (app_public_key_pem_.empty()) return Reply::error(404, "Integration not found");
  std::string problem = app_jwt_problem(request);
  if (!problem.empty()) return Reply::error(401, problem);
  return Reply::json_body(200, {{"id", 1},
                                {"slug", "issuelint"},
                                {"client_id", app_issuer_},
                                {"name", "issuelint"},
                                {"owner", user_json("acme", false)}});
}

FakeGitHub::Reply FakeGitHub::issue_installation_token(const LoggedRequest& request,
                                                       std::int64_t installation_id) {
  if (app_public_key_pem_.empty()) return Reply::error(404, "Not Found");
  std::string problem = app_jwt_problem(request);
  if (!problem.empty()) return Reply::error(401, problem);
  if (installation_id != app_installation_id_) return Reply::error(404, "Not Found");
  ++installation_tokens_issued_;
  // The stateless format since 2026-04: ghs_<app>_<more>, not 40 characters.
  std::string token = "ghs_" + app_issuer_ + "_fake" + std::to_string(installation_tokens_issued_);
  std::int64_t expires = now() + options_.installation_token_ttl.count();
  installation_tokens_[token] = {now() + options_.installation_token_replication_delay.count(),
                                 expires};
  return Reply::json_body(
      201, {{"token", token},
            {"expires_at", iso_time(expires)},
            {"permissions", {{"issues", "write"}, {"contents", "read"}, {"metadata", "read"}}},
            {"repository_selection", "all"}});
}

FakeGitHub::Reply FakeGitHub::route(const LoggedRequest& request) {
  // The primary limit, counted down per request and refilled at the reset.
  std::int64_t t = now();
  if (t >= rate_reset_) {
    rate_remaining_ = options_.rate_limit;
    rate_reset_ = t + 3600;
  }
  auto rate_headers = [&](Reply reply) {
    reply.headers.emplace_back("x-ratelimit-limit", std::to_string(options_.rate_limit));
    reply.headers.emplace_back("x-ratelimit-remaining", std::to_string(rate_remaining_));
    reply.headers.emplace_back("x-ratelimit-used",
                               std::to_string(options_.rate_limit - rate_remaining_));
    reply.headers.emplace_back("x-ratelimit-reset", std::to_string(rate_reset_));
    reply.headers.emplace_back("x-ratelimit-resource", "core");
    reply.headers.emplace_back("date", http_date(t));  // GitHub's clock, skew and all
    return reply;
  };
  if (rate_remaining_ <= 0) {
    return rate_headers(Reply::error(403, "API rate limit exceeded for installation."));
  }
  --rate_remaining_;

  std::vector<std::string> segments;
  for (const std::string& raw : split(request.path, '/')) {
    if (!raw.empty()) segments.push_back(percent_decode(raw));
  }
  if (segments.size() == 4 && segments[0] == "app" && segments[1] == "installations" &&
      segments[3] == "access_tokens" && request.method == "POST") {
    std::int64_t id = std::atoll(segments[2].c_str());
    return rate_headers(issue_installation_token(request, id));
  }
  if (segments.size() == 1 && segments[0] == "app" && request.method == "GET") {
    return rate_headers(describe_app(request));
  }
  Reply auth = authenticate(request);
  if (auth.status != 0) return rate_headers(auth);
  if (segments.size() == 1 && segments[0] == "user" && request.method == "GET") {
    const std::string login = user_of(request);
    if (login.empty())
      return rate_headers(Reply::error(403, "Resource not accessible by integration"));
    return rate_headers(Reply::json_body(200, user_json(login, false)));
  }

  FakeRepo* repo = nullptr;
  std::vector<std::string> rest;
  if (segments.size() >= 3 && segments[0] == "repos") {
    repo = state_.find_repo(segments[1], segments[2]);
    rest.assign(segments.begin() + 3, segments.end());
  } else if (segments.size() >= 2 && segments[0] == "repositories") {
    repo = state_.find_repo_by_id(std::atoll(segments[1].c_str()));
    rest.assign(segments.begin() + 2, segments.end());
  }
  if (!repo) return rate_headers(Reply::error(404, "Not Found"));
  std::string link_base = base_url() + "/repositories/" + std::to_string(repo->id);
  Reply reply = repo_route(request, *repo, rest, link_base);

  // Conditional GETs: a matching If-None-Match gets an empty 304, as GitHub answers.
  if (request.method == "GET" && reply.status == 200) {
    std::string etag = "\"" + git_blob_sha(reply.body) + "\"";
    reply.headers.emplace_back("etag", etag);
    auto match = request.headers.find("if-none-match");
    if (match != request.headers.end() && match->second == etag) {
      ++rate_remaining_;  // a 304 does not count against the limit
      reply.status = 304;
      reply.body.clear();
    }
  }
  return rate_headers(std::move(reply));
}

namespace {

json label_json(const std::string& base, const FakeRepo& repo, const FakeLabel& label) {
  return {{"id", label.id},
          {"node_id", "MDA6RW50aXR5MQ=="},
          {"url", base + "/repos/" + repo.owner + "/" + repo.name + "/labels/" +
                      github::percent_encode(label.name)},
          {"name", label.name},
          {"color", label.color},
          {"default", false},
          {"description", label.description.empty() ? json(nullptr) : json(label.description)}};
}

json comment_json(const std::string& base, const FakeRepo& repo, const FakeIssue& issue,
                  const FakeComment& comment) {
  std::string repo_url = base + "/repos/" + repo.owner + "/" + repo.name;
  return {{"id", comment.id},
          {"node_id", "MDEyOklzc3VlQ29tbWVudDE="},
          {"url", repo_url + "/issues/comments/" + std::to_string(comment.id)},
          {"html_url", "https://github.com/" + repo.owner + "/" + repo.name + "/issues/" +
                           std::to_string(issue.number) + "#issuecomment-" +
                           std::to_string(comment.id)},
          {"body", comment.body},
          {"user", user_json(comment.author, comment.author_is_bot)},
          {"created_at", comment.created_at},
          {"updated_at", comment.updated_at},
          {"issue_url", repo_url + "/issues/" + std::to_string(issue.number)},
          {"author_association", "NONE"},
          {"performed_via_github_app", nullptr}};
}

// GitHub's limit on a comment's body counts characters, not bytes: 65,536 of them.
bool too_long_for_github(const std::string& text) {
  const auto characters = std::count_if(text.begin(), text.end(), [](char byte) {
    return (static_cast<unsigned char>(byte) & 0xC0) != 0x80;  // not a continuation byte
  });
  return characters > 65536;
}

FakeGitHub::Reply body_too_long() {
  return FakeGitHub::Reply::validation("IssueComment", "body", "custom",
                                       "Body is too long (maximum is 65536 characters)");
}

// Slices one page and writes the Link header the way the recordings show it.
FakeGitHub::Reply paginate(const json& items, const std::map<std::string, std::string>& query,
                           const std::string& link_path);

}  // namespace

struct PageLinks {
  static std::string build(const std::string& link_path,
                           const std::map<std::string, std::string>& query, int per_page, int page,
                           int last) {
    std::string other;
    for (const auto& [key, value] : query) {
      if (key == "page" || key == "per_page") continue;
      other += github::percent_encode(key) + "=" + github::percent_encode(value) + "&";
    }
    auto url = [&](int target) {
      return "<" + link_path + "?" + other + "per_page=" + std::to_string(per_page) +
             "&page=" + std::to_string(target) + ">";
    };
    std::vector<std::string> parts;
    if (page > 1) parts.push_back(url(page - 1) + "; rel=\"prev\"");
    if (page < last) {
      parts.push_back(url(page + 1) + "; rel=\"next\"");
      parts.push_back(url(last) + "; rel=\"last\"");
    }
    if (page > 1) parts.push_back(url(1) + "; rel=\"first\"");
    std::string header;
    for (const std::string& part : parts) header += (header.empty() ? "" : ", ") + part;
    return header;
  }
};

namespace {

FakeGitHub::Reply paginate(const json& items, const std::map<std::string, std::string>& query,
                           const std::string& link_path) {
  auto number = [&](const char* key, int fallback) {
    auto it = query.find(key);
    return it == query.end() ? fallback : std::atoi(it->second.c_str());
  };
  int per_page = std::clamp(number("per_page", 30), 1, 100);
  int page = std::max(1, number("page", 1));
  int total = static_cast<int>(items.size());
  int last = std::max(1, (total + per_page - 1) / per_page);
  json slice = json::array();
  for (int i = (page - 1) * per_page; i < std::min(total, page * per_page); ++i) {
    slice.push_back(items[static_cast<std::size_t>(i)]);
  }
  FakeGitHub::Reply reply;
  reply.status = 200;
  reply.body = slice.dump();
  // GitHub sends no Link header when everything fits on one page.
  if (last > 1) {
    reply.headers.emplace_back("link", PageLinks::build(link_path, query, per_page, page, last));
  }
  return reply;
}

}  // namespace

FakeGitHub::Reply FakeGitHub::repo_route(const LoggedRequest& request, FakeRepo& repo,
                                         const std::vector<std::string>& rest,
                                         const std::string& link_base) {
  const std::string base = base_url();
  const std::string& method = request.method;
  auto query = parse_query(request.query);
  json body = json::parse(request.body.empty() ? "null" : request.body, nullptr, false);
  auto issue_json = [&](const FakeIssue& issue) {
    json labels = json::array();
    for (const std::string& name : issue.labels) {
      if (FakeLabel* label = state_.find_label(repo, name)) {
        labels.push_back(label_json(base, repo, *label));
      }
    }
    std::string repo_url = base + "/repos/" + repo.owner + "/" + repo.name;
    json out = {{"url", repo_url + "/issues/" + std::to_string(issue.number)},
                {"repository_url", repo_url},
                {"id", 1000 + issue.number},
                {"node_id", "MDA6RW50aXR5MQ=="},
                {"number", issue.number},
                {"title", issue.title},
                {"user", user_json(issue.author, false)},
                {"labels", labels},
                {"state", issue.state},
                {"locked", issue.locked},
                {"assignee", nullptr},
                {"assignees", json::array()},
                {"milestone", nullptr},
                {"comments", issue.comments.size()},
                {"created_at", "2026-11-24T09:00:00Z"},
                {"updated_at", issue.updated_at},
                {"closed_at", nullptr},
                {"author_association", "NONE"},
                {"body", issue.body ? json(*issue.body) : json(nullptr)}};
    if (issue.is_pull_request) out["pull_request"] = {{"url", repo_url + "/pulls/1"}};
    return out;
  };
  auto issue_labels = [&](const FakeIssue& issue) {
    json labels = json::array();
    for (const std::string& name : issue.labels) {
      if (FakeLabel* label = state_.find_label(repo, name)) {
        labels.push_back(label_json(base, repo, *label));
      }
    }
    return labels;
  };
  auto find_issue = [&](const std::string& text) -> FakeIssue* {
    auto it = repo.issues.find(std::atoi(text.c_str()));
    return it == repo.issues.end() ? nullptr : &it->second;
  };

  if (rest.size() == 1 && rest[0] == "issues" && method == "GET") {
    std::string state = query.count("state") ? query["state"] : "open";
    json items = json::array();
    for (auto it = repo.issues.rbegin(); it != repo.issues.rend(); ++it) {  // newest first
      if (state == "all" || it->second.state == state) items.push_back(issue_json(it->second));
    }
    return paginate(items, query, link_base + "/issues");
  }
  if (rest.size() >= 2 && rest[0] == "issues" && rest[1] == "comments") {
    if (rest.size() != 3) return Reply::error(404, "Not Found");
    auto [issue, comment] = state_.find_comment(repo, std::atoll(rest[2].c_str()));
    if (!comment) return Reply::error(404, "Not Found");
    if (method == "GET") return Reply::json_body(200, comment_json(base, repo, *issue, *comment));
    if (method == "DELETE") {
      const std::int64_t id = comment->id;
      std::erase_if(issue->comments, [&](const FakeComment& c) { return c.id == id; });
      Reply deleted;
      deleted.status = 204;
      return deleted;
    }
    if (method != "PATCH") return Reply::error(404, "Not Found");
    if (!body.is_object() || !body.contains("body") || !body["body"].is_string()) {
      return Reply::validation("IssueComment", "body", "missing_field");
    }
    if (too_long_for_github(body["body"].get<std::string>())) return body_too_long();
    comment->body = body["body"].get<std::string>();
    comment->updated_at = iso_time(now());
    return Reply::json_body(200, comment_json(base, repo, *issue, *comment));
  }
  if (rest.size() >= 2 && rest[0] == "issues") {
    FakeIssue* issue = find_issue(rest[1]);
    if (!issue) return Reply::error(404, "Not Found");
    if (rest.size() == 2 && method == "GET") return Reply::json_body(200, issue_json(*issue));
    if (rest.size() == 3 && rest[2] == "comments" && method == "GET") {
      json items = json::array();
      for (const FakeComment& comment : issue->comments) {
        items.push_back(comment_json(base, repo, *issue, comment));
      }
      return paginate(items, query, link_base + "/issues/" + rest[1] + "/comments");
    }
    if (rest.size() == 3 && rest[2] == "comments" && method == "POST") {
      if (!body.is_object() || !body.contains("body") || !body["body"].is_string()) {
        return Reply::validation("IssueComment", "body", "missing_field");
      }
      if (issue->locked) {
        return Reply::error(403, "Unable to create comment because issue is locked.");
      }
      std::string text = body["body"].get<std::string>();
      if (too_long_for_github(text)) return body_too_long();
      const std::string user = user_of(request);
      FakeComment& created = user.empty()
                                 ? state_.create_comment(*issue, text, options_.bot_login, true)
                                 : state_.create_comment(*issue, text, user, false);
      Reply reply = Reply::json_body(201, comment_json(base, repo, *issue, created));
      reply.headers.emplace_back("location", base + "/repos/" + repo.owner + "/" + repo.name +
                                                 "/issues/comments/" + std::to_string(created.id));
      return reply;
    }
    if (rest.size() == 3 && rest[2] == "labels" && method == "GET") {
      return paginate(issue_labels(*issue), query, link_base + "/issues/" + rest[1] + "/labels");
    }
    if (rest.size() == 3 && rest[2] == "labels" && method == "POST") {
      // {"labels": [...]} is what GitHub recommends; a bare array is accepted too.
      json names = body.is_object() && body.contains("labels") ? body["labels"] : body;
      if (!names.is_array() || names.empty()) {
        return Reply::validation("Label", "labels", "missing_field");
      }
      std::vector<std::string> wanted;
      for (const json& name : names) {
        std::string text = name.is_string()   ? name.get<std::string>()
                           : name.is_object() ? name.value("name", std::string())
                                              : std::string();
        if (text.empty()) return Reply::validation("Label", "name", "missing_field");
        if (text.size() > 50) {
          return Reply::validation("Label", "name", "custom",
                                   "name is too long (maximum is 50 characters)");
        }
        wanted.push_back(text);
      }
      state_.add_issue_labels(repo, *issue, wanted);
      return Reply::json_body(200, issue_labels(*issue));
    }
    if (rest.size() == 4 && rest[2] == "labels" && method == "DELETE") {
      if (!state_.remove_issue_label(*issue, rest[3])) {
        return Reply::error(404, "Label does not exist");
      }
      return Reply::json_body(200, issue_labels(*issue));  // 200 with what remains, not 204
    }
    return Reply::error(404, "Not Found");
  }
  if (rest.size() == 3 && rest[0] == "collaborators" && rest[2] == "permission" &&
      method == "GET") {
    return Reply::json_body(200, {{"permission", state_.permission_of(repo, rest[1])},
                                  {"user", user_json(rest[1], false)}});
  }
  if (rest.size() == 1 && rest[0] == "labels" && method == "GET") {
    json items = json::array();
    for (const FakeLabel& label : repo.labels) items.push_back(label_json(base, repo, label));
    return paginate(items, query, link_base + "/labels");
  }
  if (rest.size() == 1 && rest[0] == "labels" && method == "POST") {
    if (!body.is_object()) return Reply::error(400, "Problems parsing JSON");
    std::string name = body.value("name", std::string());
    std::string color = body.value("color", std::string());
    std::string description = body.contains("description") && body["description"].is_string()
                                  ? body["description"].get<std::string>()
                                  : std::string();
    using Create = FakeGitHubState::CreateLabel;
    switch (state_.create_label(repo, name, color, description)) {
      case Create::missing_name:
        return Reply::validation("Label", "name", "missing_field");
      case Create::name_too_long:
        return Reply::validation("Label", "name", "custom",
                                 "name is too long (maximum is 50 characters)");
      case Create::invalid_color:
        return Reply::validation("Label", "color", "invalid");
      case Create::already_exists:
        return Reply::validation("Label", "name", "already_exists");
      case Create::created:
        break;
    }
    Reply reply = Reply::json_body(201, label_json(base, repo, *state_.find_label(repo, name)));
    reply.headers.emplace_back("location", base + "/repos/" + repo.owner + "/" + repo.name +
                                               "/labels/" + github::percent_encode(name));
    return reply;
  }
  if (rest.size() == 2 && rest[0] == "labels" && method == "GET") {
    FakeLabel* label = state_.find_label(repo, rest[1]);
    if (!label) return Reply::error(404, "Not Found");
    return Reply::json_body(200, label_json(base, repo, *label));
  }
  if (!rest.empty() && rest[0] == "contents" && method == "GET") {
    std::string path;
    for (std::size_t i = 1; i < rest.size(); ++i) path += (i > 1 ? "/" : "") + rest[i];
    std::string repo_url = base + "/repos/" + repo.owner + "/" + repo.name;
    auto file = repo.files.find(path);
    if (file != repo.files.end()) {
      // The contents API wraps base64 at 60 columns with "\n" (the client must skip them).
      std::string encoded = base64(file->second);
      std::string wrapped;
      for (std::size_t i = 0; i < encoded.size(); i += 60) wrapped += encoded.substr(i, 60) + "\n";
      std::string sha = git_blob_sha(file->second);
      std::string name =
          path.substr(path.rfind('/') == std::string::npos ? 0 : path.rfind('/') + 1);
      return Reply::json_body(
          200, {{"type", "file"},
                {"encoding", "base64"},
                {"size", file->second.size()},
                {"name", name},
                {"path", path},
                {"content", wrapped},
                {"sha", sha},
                {"url", repo_url + "/contents/" + github::percent_encode_path(path)}});
    }
    std::string prefix = path.empty() ? "" : path + "/";
    std::map<std::string, std::string> entries;  // name -> type
    for (const auto& [file_path, content] : repo.files) {
      if (file_path.rfind(prefix, 0) != 0) continue;
      std::string tail = file_path.substr(prefix.size());
      std::size_t slash = tail.find('/');
      entries[tail.substr(0, slash)] = slash == std::string::npos ? "file" : "dir";
    }
    if (entries.empty()) return Reply::error(404, "Not Found");
    json listing = json::array();
    for (const auto& [name, type] : entries) {
      std::string entry_path = prefix + name;
      auto entry_file = repo.files.find(entry_path);
      listing.push_back(
          {{"name", name},
           {"path", entry_path},
           {"type", type},
           {"sha", entry_file != repo.files.end() ? git_blob_sha(entry_file->second)
                                                  : git_blob_sha(entry_path)},
           {"size", entry_file != repo.files.end() ? entry_file->second.size() : 0},
           {"url", repo_url + "/contents/" + github::percent_encode_path(entry_path)}});
    }
    return Reply::json_body(200, listing);
  }
  return Reply::error(404, "Not Found");
}

}  // namespace issuelint::testing
