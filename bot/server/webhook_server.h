// The HTTP side: POST /webhook, GET /healthz, GET /metrics on cpp-httplib 0.11 (Debian), its
// connections served by our BufferedHttpServer (fewer system calls per delivery).
//
// A delivery is answered 202 only after the queue has stored it durably, and is acted on only
// if its signature matches. The body is read through a content reader so that: form bodies
// over 8 KiB reach us instead of a built-in 413, the raw bytes are what we sign-check, and our
// own size cap applies. Chunked or length-less POSTs are refused before any byte is read
// (0.11 does not limit them: CVE-2025-46728).
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "bot/server/delivery_router.h"
#include "bot/server/job_queue.h"
#include "bot/server/json_log.h"
#include "bot/server/metrics.h"
#include "parser/result.h"

namespace httplib {
class Server;
}

namespace issuelint {

struct WebhookServerOptions {
  std::vector<std::string> secrets;
  RouterOptions router;
  std::size_t max_body_bytes = 25u * 1024 * 1024;
  int http_threads = 8;
};

class WebhookServer {
 public:
  // `on_enqueued` runs after a delivery made a new job (to wake a worker); not after one that
  // joined a waiting job of its issue, nor after a duplicate.
  WebhookServer(WebhookServerOptions options, JobQueue& queue, Metrics& metrics, JsonLog& log,
                ClockMs clock, std::function<void()> on_enqueued);
  ~WebhookServer();
  WebhookServer(const WebhookServer&) = delete;
  WebhookServer& operator=(const WebhookServer&) = delete;

  // Binds the listening socket; port 0 picks a free one. Returns the port bound.
  Result<int> bind(const std::string& host, int port);
  // Serves until stop(); returns after the requests in flight have been answered.
  void run();
  void stop();
  bool is_running() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace issuelint
