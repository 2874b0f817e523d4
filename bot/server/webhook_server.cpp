#include "bot/server/webhook_server.h"

#include <httplib.h>
#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <nlohmann/json.hpp>

#include "bot/server/buffered_http_server.h"
#include "bot/server/delivery_fields.h"
#include "bot/server/webhook_signature.h"
#include "parser/normalize.h"

namespace issuelint {

namespace {

// "application/json", any case, alone or before parameters ("; charset=utf-8"): not a longer
// type that merely starts so ("application/jsonfoo").
bool is_json_media_type(std::string_view value) {
  constexpr std::string_view kJson = "application/json";
  if (!starts_with_ignoring_case(value, kJson)) return false;
  const std::string_view rest = value.substr(kJson.size());
  return rest.empty() || rest.front() == ';' || rest.front() == ' ' || rest.front() == '\t';
}

// Why a delivery's signature was refused, in words that point at the fix. GitHub sends no
// signature header at all from a hook without a secret, and only the SHA-1 one from very old
// Enterprise Servers; which of those it is tells nothing about the secret.
std::string signature_refusal(const httplib::Request& req) {
  if (req.has_header("X-Hub-Signature-256")) {
    return "X-Hub-Signature-256 does not match the body: the webhook's secret is not "
           "ISSUELINT_WEBHOOK_SECRET (or the body was changed on the way)";
  }
  if (req.has_header("X-Hub-Signature")) {
    return "only the SHA-1 X-Hub-Signature was sent: X-Hub-Signature-256 is required";
  }
  return "no X-Hub-Signature-256: give the webhook a secret (ISSUELINT_WEBHOOK_SECRET)";
}

// Headers logged as the sender wrote them are cut here: an unauthenticated request could
// otherwise write kilobytes into every log line.
constexpr std::size_t kLoggedHeaderBytes = 128;

using nlohmann::json;

// What one delivery came to, for the response, the log line and the metrics.
struct Answer {
  int status = 202;
  std::string outcome;  // metrics label: queued, coalesced, duplicate, ignored, ping, ...
  std::string reason;
};

// Decides from the headers alone whether the body may be read; nullopt means go on.
std::optional<Answer> refuse_before_reading(const httplib::Request& req, std::size_t max_body) {
  if (req.has_header("Transfer-Encoding")) {
    return Answer{411, "refused", "chunked bodies are refused: send Content-Length"};
  }
  if (!req.has_header("Content-Length")) {
    return Answer{411, "refused", "Content-Length is required"};
  }
  const std::string length = req.get_header_value("Content-Length");
  std::size_t value = 0;
  const auto [end, error] = std::from_chars(length.data(), length.data() + length.size(), value);
  if (error == std::errc::result_out_of_range)
    return Answer{413, "too_large", "body over the size limit"};
  if (error != std::errc() || end != length.data() + length.size()) {
    return Answer{400, "malformed", "Content-Length is not a number"};
  }
  if (value > max_body) return Answer{413, "too_large", "body over the size limit"};
  return std::nullopt;
}

// The repository and issue a signed delivery names, in its log line whatever became of it: "why
// was #7 never triaged" is asked of the log by repository and issue, and the answer is in the
// lines of the deliveries that were ignored ("sent by a bot", an edit of the labels only).
void note_subject(const DeliveryFields& payload, json& line) {
  if (!payload.repository_owner_login.empty() && !payload.repository_name.empty()) {
    line["repo"] = payload.repository_owner_login + "/" + payload.repository_name;
  }
  if (payload.issue_number) line["issue"] = *payload.issue_number;
}

// A body that ended (the peer closed, or sent nothing for the read timeout) before the bytes
// its Content-Length announced: nothing of it is judged, not even its signature.
Answer incomplete_body(std::size_t received, const std::string& announced) {
  return Answer{400, "incomplete",
                "the body ended after " + std::to_string(received) + " of the " + announced +
                    " bytes of its Content-Length (the connection was cut, or the sender "
                    "stalled): nothing was stored"};
}

// What a ping says of the hook's setup: "pong", or which of the events the bot needs the hook
// (or App) is not subscribed to. GitHub shows this answer under the hook's Recent Deliveries just
// after the hook is made: the one moment a forgotten "Issue comments" box can be pointed out.
// A ping without `hook.events` (not every sender includes it) is taken at its word.
std::string ping_reason(std::string_view body) {
  const json payload = json::parse(body, nullptr, false);
  const json* events = nullptr;
  if (payload.is_object() && payload.contains("hook") && payload["hook"].is_object() &&
      payload["hook"].contains("events") && payload["hook"]["events"].is_array()) {
    events = &payload["hook"]["events"];
  }
  if (events == nullptr) return "pong";
  const auto sends = [events](std::string_view name) {
    return std::any_of(events->begin(), events->end(), [name](const json& event) {
      return event.is_string() && (event == name || event == "*");
    });
  };
  std::string missing;
  for (const std::string_view name : {"issues", "issue_comment"}) {
    if (!sends(name)) missing += std::string(missing.empty() ? "" : " and ") + std::string(name);
  }
  if (missing.empty()) return "pong";
  return "pong, but this hook does not send " + missing +
         " events: subscribe it to Issues and Issue comments (docs/server.md), or " +
         (sends("issues") ? "/issuelint commands never arrive" : "no issue is ever triaged");
}

// Why `host`:`port` cannot be bound, as the system says it. cpp-httplib reports only that it
// failed, and "in use" is not the reason for a typo in --bind (no such address) or an address
// that is not this machine's: so the bind is tried once more here, for its errno.
std::string bind_failure_reason(const std::string& host, int port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  if (const int failed = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &found);
      failed != 0) {
    return std::string("no such address: ") + ::gai_strerror(failed);
  }
  std::string reason = "in use, or no permission";  // what was said when the retry binds
  const int sock = ::socket(found->ai_family, found->ai_socktype, found->ai_protocol);
  if (sock >= 0) {
    const int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    if (::bind(sock, found->ai_addr, found->ai_addrlen) != 0) reason = std::strerror(errno);
    ::close(sock);
  }
  ::freeaddrinfo(found);
  return reason;
}

}  // namespace

struct WebhookServer::Impl {
  WebhookServerOptions options;
  JobQueue& queue;
  Metrics& metrics;
  JsonLog& log;
  ClockMs clock;
  std::function<void()> on_enqueued;
  BufferedHttpServer http;    // cpp-httplib with fewer system calls per request
  int listening_socket = -1;  // set when the socket is created, before it is bound

  Impl(WebhookServerOptions opts, JobQueue& q, Metrics& m, JsonLog& l, ClockMs c,
       std::function<void()> notify)
      : options(std::move(opts)),
        queue(q),
        metrics(m),
        log(l),
        clock(std::move(c)),
        on_enqueued(std::move(notify)) {}

  void install_routes();
  Answer handle_delivery(const httplib::Request& req, const std::string& event,
                         const std::string& delivery, const std::string& body, json& log_line);
  void reply(httplib::Response& res, const Answer& answer) const;
  // Logs when /healthz changes its answer: once, not at every probe of a load balancer.
  void note_health(const Status& health);

  std::mutex health_mutex;
  bool healthy = true;  // the last answer of /healthz
};

WebhookServer::WebhookServer(WebhookServerOptions options, JobQueue& queue, Metrics& metrics,
                             JsonLog& log, ClockMs clock, std::function<void()> on_enqueued)
    : impl_(std::make_unique<Impl>(std::move(options), queue, metrics, log, std::move(clock),
                                   std::move(on_enqueued))) {
  impl_->install_routes();
}

WebhookServer::~WebhookServer() { stop(); }

Result<int> WebhookServer::bind(const std::string& host, int port) {
  int bound = port;
  if (port == 0) {
    bound = impl_->http.bind_to_any_port(host);
    if (bound <= 0) return make_error("cannot bind a port", host);
  } else if (!impl_->http.bind_to_port(host, port)) {
    return make_error("cannot bind " + host + ":" + std::to_string(port) + " (" +
                          bind_failure_reason(host, port) + ")",
                      host);
  }
  // cpp-httplib listens with a backlog of 5: when many keep-alive connections end at once
  // (keep_alive_max_count), their reconnections overflow it and wait for a SYN retransmit.
  // Listening again on the same socket only raises the backlog.
  if (impl_->listening_socket >= 0) ::listen(impl_->listening_socket, SOMAXCONN);
  return bound;
}

void WebhookServer::run() { impl_->http.listen_after_bind(); }

void WebhookServer::stop() { impl_->http.stop(); }

bool WebhookServer::is_running() const { return impl_->http.is_running(); }

void WebhookServer::Impl::reply(httplib::Response& res, const Answer& answer) const {
  res.status = answer.status;
  // docs/server.md promises both members in every body: GitHub's delivery log shows the body, and
  // a reason is what tells the person reading it what became of the delivery.
  json body = {{"outcome", answer.outcome}, {"reason", answer.reason}};
  // The reason may quote a header (the event name) whose bytes are not UTF-8.
  res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace), "application/json");
}

void WebhookServer::Impl::note_health(const Status& health) {
  {
    std::lock_guard lock(health_mutex);
    if (healthy == health.ok()) return;
    healthy = health.ok();
  }
  if (health) {
    log.info({{"msg", "healthy again"}});
  } else {
    log.error({{"msg", "cannot take work"}, {"error", health.error().describe()}});
  }
}

namespace {

// The server's routes and the methods each takes (cpp-httplib answers HEAD with a GET route).
std::string_view allowed_methods(std::string_view path) {
  if (path == "/webhook") return "POST";
  if (path == "/healthz" || path == "/metrics") return "GET, HEAD";
  return {};
}

// A request no route takes gets a reason, not a bare status: 405 with Allow for a known path
// asked with another method (a webhook URL pasted into a browser: GET /webhook), 404 naming the
// endpoints for anything else. False: a route takes it.
bool answer_unrouted(const httplib::Request& req, httplib::Response& res) {
  const std::string_view allowed = allowed_methods(req.path);
  if (allowed.empty()) {
    res.status = 404;
    res.set_content("not found: the endpoints are POST /webhook, GET /healthz and GET /metrics\n",
                    "text/plain");
    return true;
  }
  const bool takes = allowed.find(req.method) != std::string_view::npos &&
                     (req.method == "GET" || req.method == "HEAD" || req.method == "POST");
  if (takes) return false;
  res.status = 405;
  res.set_header("Allow", std::string(allowed));
  res.set_content(req.path + " takes " + std::string(allowed) + ", not " + req.method + "\n",
                  "text/plain");
  return true;
}

}  // namespace

void WebhookServer::Impl::install_routes() {
  // The Debian .so ignores CPPHTTPLIB_THREAD_POOL_COUNT; this is the only way to size the pool.
  const int threads = std::max(1, options.http_threads);
  http.new_task_queue = [threads] {
    return new httplib::ThreadPool(static_cast<std::size_t>(threads));
  };
  // An idle keep-alive connection holds a pool thread: keep them short.
  http.set_keep_alive_timeout(2);
  http.set_keep_alive_max_count(100);
  // Without it a small response waits on Nagle + delayed ACK: ~10x fewer deliveries/s.
  http.set_tcp_nodelay(true);
  // cpp-httplib's default sets SO_REUSEPORT, which lets a second server bind the same port and
  // silently take a share of the deliveries; SO_REUSEADDR is what a quick restart needs.
  http.set_socket_options([this](int socket) {
    const int yes = 1;
    ::setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    listening_socket = socket;
  });
  http.set_read_timeout(5, 0);
  http.set_write_timeout(5, 0);

  http.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    if (req.method != "POST" || req.path != "/webhook") {
      if (!answer_unrouted(req, res)) return httplib::Server::HandlerResponse::Unhandled;
      // Answered before its body was read: what it sent is still on the socket, and read as the
      // next request it would be answered too (behind a proxy that reuses connections, to
      // another client).
      res.set_header("Connection", "close");
      BufferedHttpServer::close_after_response();
      return httplib::Server::HandlerResponse::Handled;
    }
    std::optional<Answer> refusal = refuse_before_reading(req, options.max_body_bytes);
    if (!refusal) return httplib::Server::HandlerResponse::Unhandled;
    // The unread body is still on the socket: the connection cannot be reused.
    res.set_header("Connection", "close");
    BufferedHttpServer::close_after_response();
    reply(res, *refusal);
    const std::string event = req.get_header_value("X-GitHub-Event");
    metrics.count_delivery(event, refusal->outcome);
    log.info({{"msg", "delivery"},
              {"delivery", req.get_header_value("X-GitHub-Delivery").substr(0, kLoggedHeaderBytes)},
              {"event", event.substr(0, kLoggedHeaderBytes)},
              {"outcome", refusal->outcome},
              {"status", refusal->status},
              {"reason", refusal->reason}});
    return httplib::Server::HandlerResponse::Handled;
  });

  http.Post("/webhook", [this](const httplib::Request& req, httplib::Response& res,
                               const httplib::ContentReader& reader) {
    const auto started = std::chrono::steady_clock::now();
    std::string body;
    // The pre-routing handler checked Content-Length: one allocation, no regrowth copies. Capped,
    // since the sender is not yet authenticated: headers claiming 25 MB and no body would
    // otherwise reserve that much on every pool thread until the read times out.
    constexpr std::size_t kMaxUpFrontReserve = 1 << 20;  // a 16 KB issue payload fits many times
    body.reserve(std::min<std::size_t>(
        {std::strtoull(req.get_header_value("Content-Length").c_str(), nullptr, 10),
         options.max_body_bytes, kMaxUpFrontReserve}));
    bool too_large = false;
    const bool complete = reader([&](const char* data, std::size_t length) {
      if (body.size() + length > options.max_body_bytes) {
        too_large = true;
        return false;
      }
      body.append(data, length);
      return true;
    });
    const std::string event = req.get_header_value("X-GitHub-Event");
    const std::string delivery = req.get_header_value("X-GitHub-Delivery");
    json line = {{"msg", "delivery"},
                 {"delivery", delivery.substr(0, kLoggedHeaderBytes)},
                 {"event", event.substr(0, kLoggedHeaderBytes)}};
    Answer answer;
    if (too_large) {
      answer = Answer{413, "too_large", "body over the size limit"};
    } else if (!complete) {
      // Checked as it is, a part of a body fails its signature: an alert on bad_signature and a
      // reason to rotate a secret that is right, for what was a cut connection or a stall.
      answer = incomplete_body(body.size(), req.get_header_value("Content-Length"));
      res.set_header("Connection", "close");
      BufferedHttpServer::close_after_response();
    } else {
      answer = handle_delivery(req, event, delivery, body, line);
    }
    reply(res, answer);
    metrics.count_delivery(event, answer.outcome);
    line["outcome"] = answer.outcome;
    line["status"] = answer.status;
    if (!answer.reason.empty()) line["reason"] = answer.reason;
    line["duration_ms"] = std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::steady_clock::now() - started)
                              .count();
    if (answer.status >= 500) {
      log.error(std::move(line));
    } else {
      log.info(std::move(line));
    }
  });

  http.Get("/healthz", [this](const httplib::Request&, httplib::Response& res) {
    const Status health = queue.health(clock());
    note_health(health);
    res.status = health ? 200 : 503;
    // The message only: the log line has where (a path on this host).
    res.set_content(health ? "ok\n" : "cannot take work: " + health.error().message + "\n",
                    "text/plain");
  });

  http.Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
    Result<QueueStats> stats = queue.stats();
    res.set_content(metrics.render(stats ? *stats : QueueStats{}, clock()),
                    "text/plain; version=0.0.4");
  });
}

Answer WebhookServer::Impl::handle_delivery(const httplib::Request& req, const std::string& event,
                                            const std::string& delivery, const std::string& body,
                                            json& line) {
  // Nothing about an unsigned delivery is trusted, not even its headers' claims.
  if (!signature_matches(req.get_header_value("X-Hub-Signature-256"), body, options.secrets)) {
    return {401, "bad_signature", signature_refusal(req)};
  }
  if (event.empty() || delivery.empty()) {
    return {400, "malformed", "X-GitHub-Event and X-GitHub-Delivery are required"};
  }
  if (!is_json_media_type(req.get_header_value("Content-Type"))) {
    return {415, "unsupported_media_type",
            "set the webhook's content type to application/json (form is not accepted)"};
  }
  // One validating pass that keeps only what routing reads (not a document of the whole body).
  const Result<DeliveryFields> payload = scan_delivery_fields(body);
  if (!payload) {
    line["json_error"] = payload.error().describe();
    return {400, "malformed", "body is not valid JSON"};
  }

  const RouteDecision decision = route_delivery(event, delivery, *payload, options.router);
  line["action"] = payload->action ? json(*payload->action) : json();
  note_subject(*payload, line);
  switch (decision.kind) {
    case RouteDecision::Kind::ping: {
      Answer pong{200, "ping", ping_reason(body)};
      if (pong.reason != "pong") line["level"] = "warning";  // a setup to put right
      return pong;
    }
    case RouteDecision::Kind::logged:
      return {202, "logged", decision.reason};
    case RouteDecision::Kind::ignore:
      return {202, "ignored", decision.reason};
    case RouteDecision::Kind::reject:
      return {400, "malformed", decision.reason};
    case RouteDecision::Kind::enqueue:
      break;
  }
  const IssueJob& job = *decision.job;
  const std::string issue = job.owner + "/" + job.repo + "#" + std::to_string(job.issue_number);
  line["kind"] = job_kind_name(job.kind);
  Result<EnqueueOutcome> stored = queue.enqueue(job, clock());
  if (!stored) {
    // Not stored means not acknowledged: GitHub shows the failure and it can be redelivered.
    line["error"] = stored.error().describe();
    return {503, "store_failed", "could not store the delivery; redeliver it later"};
  }
  switch (*stored) {
    case EnqueueOutcome::stored:
      // Only a new job is new work: a coalesced delivery joined a job the workers already
      // know of (its due time unchanged), and a duplicate added nothing. Waking a worker for
      // each of those cost a context switch and a claim query per delivery under load.
      if (on_enqueued) on_enqueued();
      return {202, "queued",
              "stored as a new " + std::string(job_kind_name(job.kind)) + " job for " + issue};
    case EnqueueOutcome::coalesced:
      return {202, "coalesced", "joined the job of " + issue + " that is waiting"};
    case EnqueueOutcome::duplicate:
      break;
  }
  return {202, "duplicate", "delivery already received"};
}

}  // namespace issuelint
