// Shared by the server tests: a fake triager, a temporary data dir, and an in-process server
// on an ephemeral loopback port with a real SQLite queue and real workers.
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <httplib.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "bot/server/issue_triager.h"
#include "bot/server/sqlite_job_queue.h"
#include "bot/server/webhook_server.h"
#include "bot/server/webhook_signature.h"
#include "bot/server/worker_pool.h"

extern char** environ;

namespace issuelint::test {

inline const std::string kSecret = "It's a Secret to Everybody";

// Records every job; `behaviour` decides the outcome (done by default).
class FakeTriager final : public IssueTriager {
 public:
  std::function<TriageOutcome(const IssueJob&)> behaviour;
  std::chrono::milliseconds delay{0};

  TriageOutcome handle(const IssueJob& job) override {
    if (delay.count() > 0) std::this_thread::sleep_for(delay);
    {
      std::lock_guard lock(mutex_);
      calls_.push_back(job);
    }
    return behaviour ? behaviour(job) : TriageOutcome{};
  }
  std::vector<IssueJob> calls() const {
    std::lock_guard lock(mutex_);
    return calls_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<IssueJob> calls_;
};

class TempDir {
 public:
  TempDir() {
    std::random_device random;
    path_ =
        std::filesystem::temp_directory_path() /
        ("issuelint-server-test-" + std::to_string(::getpid()) + "-" + std::to_string(random()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  std::string str() const { return path_.string(); }
  std::filesystem::path path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Polls `done` every 10 ms for at most `limit`; every wait in the tests is bounded.
inline bool eventually(const std::function<bool()>& done,
                       std::chrono::milliseconds limit = std::chrono::seconds(10)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return done();
}

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// A file of the repository, by its path from the root.
inline std::string source_file(const std::string& relative) {
  return read_file(std::string(ISSUELINT_SOURCE_DIR) + "/" + relative);
}

// The recorded webhook deliveries (fixtures/payloads).
inline const std::filesystem::path kPayloads = ISSUELINT_PAYLOAD_DIR;

// Writes `text` to `name` in `dir` and returns the path.
inline std::string write_file(const TempDir& dir, const std::string& name,
                              const std::string& text) {
  const std::string path = (dir.path() / name).string();
  std::ofstream out(path, std::ios::binary);
  out << text;
  return path;
}

// A job of issue octo/hello#`issue`, from an `issues.edited` delivery.
inline IssueJob edited_issue_job(int issue, const std::string& delivery,
                                 JobKind kind = JobKind::triage) {
  IssueJob job;
  job.delivery_id = delivery;
  job.event = "issues";
  job.action = "edited";
  job.owner = "octo";
  job.repo = "hello";
  job.issue_number = issue;
  job.kind = kind;
  return job;
}

struct TestServerOptions {
  std::vector<std::string> secrets{kSecret};
  std::vector<std::string> bot_logins{"issuelint[bot]"};
  int max_attempts = 3;
  std::int64_t retry_base_ms = 20;
  int workers = 2;
  bool start_workers = true;
  // The triager the workers call; FakeTriager (TestServer::triager) when not set. Called once,
  // with the server's Metrics and log, before the workers exist.
  std::function<std::unique_ptr<IssueTriager>(Metrics&, JsonLog&)> make_triager;
  std::function<void()> on_worker_exit;
  std::string vfs;  // the queue's SQLite VFS (SqliteQueueOptions::vfs); empty: the default
};

// The whole server in-process: SQLite queue in a temp dir, workers, HTTP on 127.0.0.1:0.
class TestServer {
 public:
  explicit TestServer(TestServerOptions options = {}) {
    SqliteQueueOptions queue_options;
    queue_options.recover_running_jobs = true;
    queue_options.max_attempts = options.max_attempts;
    queue_options.now_ms = system_clock_ms()();
    queue_options.vfs = options.vfs;
    auto opened = SqliteJobQueue::open(dir.str(), queue_options);
    if (!opened) throw std::runtime_error(opened.error().describe());
    queue = std::move(*opened);
    log = std::make_unique<JsonLog>(log_lines, system_clock_ms());
    WorkerPoolOptions worker_options;
    worker_options.workers = options.workers;
    worker_options.max_attempts = options.max_attempts;
    worker_options.retry_base_ms = options.retry_base_ms;
    worker_options.retry_cap_ms = 1000;
    worker_options.idle_poll = std::chrono::milliseconds(10);
    worker_options.on_thread_exit = options.on_worker_exit;
    if (options.make_triager) own_triager = options.make_triager(metrics, *log);
    IssueTriager& used = own_triager ? *own_triager : static_cast<IssueTriager&>(triager);
    workers = std::make_unique<WorkerPool>(
        *queue, used, metrics, *log, system_clock_ms(), [] { return 1.0; }, worker_options);
    WebhookServerOptions server_options;
    server_options.secrets = options.secrets;
    server_options.router.bot_logins = options.bot_logins;
    server_options.http_threads = 8;
    server = std::make_unique<WebhookServer>(server_options, *queue, metrics, *log,
                                             system_clock_ms(), [this] {
                                               ++worker_wakeups;
                                               workers->wake();
                                             });
    auto bound = server->bind("127.0.0.1", 0);
    if (!bound) throw std::runtime_error(bound.error().describe());
    port = *bound;
    listener = std::thread([this] { server->run(); });
    if (!eventually([this] { return server->is_running(); }, std::chrono::seconds(5))) {
      throw std::runtime_error("the test server did not start");
    }
    if (options.start_workers) workers->start();
  }
  ~TestServer() {
    server->stop();
    listener.join();
    workers->stop();
  }

  httplib::Result post(const std::string& event, const std::string& delivery,
                       const std::string& body, const std::string& secret = kSecret,
                       const std::string& content_type = "application/json") {
    httplib::Client client("127.0.0.1", port);
    client.set_read_timeout(10, 0);
    httplib::Headers headers = {{"X-GitHub-Event", event}, {"X-GitHub-Delivery", delivery}};
    if (!secret.empty())
      headers.emplace("X-Hub-Signature-256", github_signature_header(secret, body));
    return client.Post("/webhook", headers, body, content_type.c_str());
  }

  httplib::Result get(const std::string& path) {
    httplib::Client client("127.0.0.1", port);
    return client.Get(path.c_str());
  }

  std::int64_t jobs_in(const std::string& state) {
    auto jobs = queue->list(state);
    return jobs ? static_cast<std::int64_t>(jobs->size()) : -1;
  }

  TempDir dir;
  FakeTriager triager;
  Metrics metrics;
  std::unique_ptr<IssueTriager> own_triager;
  std::ostringstream log_lines;  // JsonLog writes under its own mutex
  std::unique_ptr<JsonLog> log;
  std::unique_ptr<SqliteJobQueue> queue;
  std::unique_ptr<WorkerPool> workers;
  std::unique_ptr<WebhookServer> server;
  std::atomic<int> worker_wakeups{0};  // times the server woke the workers
  int port = 0;
  std::thread listener;
};

// Sends `request` as raw bytes (for what httplib::Client will not send) to 127.0.0.1:`port` and
// returns what the server answers, read until `enough` says so, the server closes the
// connection, or 5 s pass without a byte. Empty when nothing answered. `close_write` shuts the
// sending side once the request is sent, as a peer whose connection was cut would.
inline std::string raw_exchange(int port, const std::string& request,
                                const std::function<bool(const std::string&)>& enough = {},
                                bool close_write = false) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return {};
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval timeout{5, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  std::string answer;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
    (void)::send(fd, request.data(), request.size(), MSG_NOSIGNAL);
    if (close_write) ::shutdown(fd, SHUT_WR);
    char buffer[4096];
    while (!enough || !enough(answer)) {
      const ssize_t got = ::recv(fd, buffer, sizeof buffer, 0);
      if (got <= 0) break;
      answer.append(buffer, static_cast<std::size_t>(got));
    }
  }
  ::close(fd);
  return answer;
}

// The status of the answer to `request` sent as raw bytes, or 0 when none came.
inline int raw_request_status(int port, const std::string& request) {
  const std::string answer = raw_exchange(port, request, [](const std::string& so_far) {
    return so_far.find("\r\n") != std::string::npos;
  });
  // "HTTP/1.1 411 Length Required"
  if (answer.size() < 12 || answer.rfind("HTTP/1.", 0) != 0) return 0;
  return std::stoi(answer.substr(9, 3));
}

// POSTs a delivery signed with kSecret to a server on 127.0.0.1:`port`; the status, or 0 when
// nothing answered.
inline int post_signed(int port, const std::string& event, const std::string& delivery,
                       const std::string& body) {
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(1, 0);
  client.set_read_timeout(5, 0);
  auto result = client.Post("/webhook",
                            {{"X-GitHub-Event", event},
                             {"X-GitHub-Delivery", delivery},
                             {"X-Hub-Signature-256", github_signature_header(kSecret, body)}},
                            body, "application/json");
  return result ? result->status : 0;
}

// A `serve` (the real issuelint, or the harness) running in its own process.
struct ServeProcess {
  pid_t pid = -1;
  int port = 0;         // from its "listening" log line
  bool exited = false;  // ended before it listened (reaped: `wait_status` holds how)
  int wait_status = 0;
};

// Spawns `program` with `args` and `env` (plus PATH and the sanitizers' settings from ours),
// stdout to `log` and stderr to `log`.err, and waits (bounded) for its "listening" line.
// pid stays -1 when it could not start; port stays 0 when it never listened.
inline ServeProcess spawn_serve(const std::string& program, std::vector<std::string> args,
                                std::vector<std::string> env, const std::string& log,
                                std::chrono::milliseconds limit = std::chrono::seconds(20)) {
  args.insert(args.begin(), program);
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string item(*entry);
    if (item.rfind("ASAN_", 0) == 0 || item.rfind("UBSAN_", 0) == 0 || item.rfind("PATH=", 0) == 0)
      env.push_back(item);
  }
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  std::vector<char*> envp;
  for (auto& item : env) envp.push_back(item.data());
  envp.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, (log + ".err").c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  ServeProcess process;
  const int spawned =
      posix_spawn(&process.pid, argv[0], &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) {
    process.pid = -1;
    return process;
  }
  eventually(
      [&] {
        std::istringstream lines(read_file(log));
        for (std::string line; std::getline(lines, line);) {
          const auto entry = nlohmann::json::parse(line, nullptr, false);
          if (!entry.is_discarded() && entry.value("msg", "") == "listening") {
            process.port = entry.value("port", 0);
            return true;
          }
        }
        process.exited = ::waitpid(process.pid, &process.wait_status, WNOHANG) == process.pid;
        return process.exited;  // it gave up
      },
      limit);
  return process;
}

// Waits (bounded) for the process to end; returns its wait status, or -1 if it had to be
// killed.
inline int wait_for_exit(pid_t pid, std::chrono::milliseconds limit) {
  int status = -1;
  const bool ended = eventually([&] { return ::waitpid(pid, &status, WNOHANG) == pid; }, limit);
  if (!ended) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, &status, 0);
    return -1;
  }
  return status;
}

}  // namespace issuelint::test
