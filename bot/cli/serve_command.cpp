#include "bot/cli/serve_command.h"

#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <ctime>
#include <mutex>
#include <stop_token>
#include <thread>

#include "bot/server/sqlite_job_queue.h"
#include "bot/server/webhook_server.h"
#include "rules/sql/sql_parser.h"

namespace issuelint {

namespace {

// Waits for SIGTERM/SIGINT on its own thread (they are blocked everywhere else), so the stop
// logic runs as ordinary code rather than inside a signal handler. After the first signal it
// calls `on_stop` every 50 ms until destroyed: a signal that lands just before the server
// starts listening is not lost.
class StopSignalWatcher {
 public:
  StopSignalWatcher(std::function<void(int)> on_signal, std::function<void()> on_stop) {
    sigemptyset(&signals_);
    sigaddset(&signals_, SIGTERM);
    sigaddset(&signals_, SIGINT);
    pthread_sigmask(SIG_BLOCK, &signals_, &previous_);
    thread_ = std::thread([this, on_signal = std::move(on_signal), on_stop = std::move(on_stop)] {
      const timespec poll{0, 50'000'000};
      bool signalled = false;
      while (!done_) {
        if (signalled) {
          on_stop();
          std::this_thread::sleep_for(std::chrono::milliseconds(50));
          continue;
        }
        const int signal = sigtimedwait(&signals_, nullptr, &poll);
        if (signal > 0) {
          signalled = true;
          on_signal(signal);
        }
      }
    });
  }
  ~StopSignalWatcher() {
    done_ = true;
    thread_.join();
    pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
  }
  StopSignalWatcher(const StopSignalWatcher&) = delete;
  StopSignalWatcher& operator=(const StopSignalWatcher&) = delete;

 private:
  sigset_t signals_{};
  sigset_t previous_{};
  std::atomic<bool> done_{false};
  std::thread thread_;
};

// Why the server cannot start: a log line for the log's readers, and one clear line on stderr
// for the person (or process manager) that started it. Returns serve's exit status.
int cannot_start(JsonLog& log, std::ostream& err, const std::string& what,
                 const std::string& error) {
  log.error({{"msg", what}, {"error", error}});
  err << "issuelint serve: " << what << ": " << error << '\n';
  return 2;
}

// Jobs the last run left running: a crash (or kill -9) cut them short. Dead letters are errors,
// as when a worker dead-letters a job.
void log_interrupted_jobs(JsonLog& log, const SqliteJobQueue::RecoveredJobs& recovered) {
  if (recovered.due_again + recovered.dead_lettered == 0) return;
  log.write(
      recovered.dead_lettered > 0 ? "error" : "warning",
      {{"msg", "interrupted jobs"},
       {"due_again", recovered.due_again},
       {"dead_lettered", recovered.dead_lettered},
       {"detail", "jobs the last run left running (it crashed, or was killed) count an attempt"}});
}

}  // namespace

int run_serve(const ServeConfig& config, const ServeDependencies& deps) {
  // Batched: the per-delivery line is not a write system call before each 202 (json_log.h).
  JsonLog log(*deps.log_stream, deps.clock, LogWrites::batched);
  // Blocked before any thread starts, so every thread inherits the mask.
  std::mutex server_mutex;
  WebhookServer* server_to_stop = nullptr;
  std::stop_source shutdown;  // ends the triager's long waits (a GitHub rate limit)
  StopSignalWatcher watcher(
      [&](int signal) {
        log.info({{"msg", "stopping"}, {"signal", signal == SIGTERM ? "SIGTERM" : "SIGINT"}});
        shutdown.request_stop();
      },
      [&] {
        std::lock_guard lock(server_mutex);
        if (server_to_stop != nullptr) server_to_stop->stop();
      });

  SqliteQueueOptions queue_options;
  queue_options.recover_running_jobs = true;
  queue_options.max_attempts = config.max_attempts;
  queue_options.now_ms = deps.clock();
  Result<std::unique_ptr<SqliteJobQueue>> queue =
      SqliteJobQueue::open(config.data_dir, queue_options);
  std::ostream& err = *deps.error_stream;
  if (!queue) return cannot_start(log, err, "cannot open the queue", queue.error().describe());
  log_interrupted_jobs(log, (*queue)->recovered());
  Metrics metrics;
  if (!deps.make_triager) {
    log.error({{"msg", "no triager was configured for serve"}});
    return 2;
  }
  Result<std::unique_ptr<IssueTriager>> triager =
      deps.make_triager(config, metrics, log, shutdown.get_token());
  if (!triager) {
    return cannot_start(log, err, "cannot set up the triager", triager.error().describe());
  }
  WorkerPoolOptions worker_options;
  worker_options.workers = config.workers;
  worker_options.max_attempts = config.max_attempts;
  worker_options.retry_base_ms = config.retry_base_ms;
  worker_options.retry_cap_ms = config.retry_cap_ms;
  // libpg_query keeps a memory context per thread; a worker that ends must give it back.
  worker_options.on_thread_exit = [] { sql::release_thread_memory(); };
  WorkerPool workers(**queue, **triager, metrics, log, deps.clock, deps.random, worker_options);

  WebhookServerOptions server_options;
  server_options.secrets = config.webhook_secrets;
  server_options.router.bot_logins = config.bot_logins;
  server_options.max_body_bytes = config.max_body_bytes;
  server_options.http_threads = config.http_threads;
  WebhookServer server(server_options, **queue, metrics, log, deps.clock,
                       [&workers] { workers.wake(); });
  Result<int> port = server.bind(config.bind, config.port);
  if (!port) return cannot_start(log, err, "cannot listen", port.error().describe());
  workers.start();  // jobs left by a previous run (even a kill -9) are picked up now
  {
    std::lock_guard lock(server_mutex);
    server_to_stop = &server;
  }
  log.info({{"msg", "listening"},
            {"bind", config.bind},
            {"port", *port},
            {"data_dir", config.data_dir},
            {"dry_run", config.dry_run},
            {"secrets", config.webhook_secrets.size()}});
  server.run();
  {
    std::lock_guard lock(server_mutex);
    server_to_stop = nullptr;
  }
  // Requests in flight have been answered (their jobs stored); now finish the due work.
  workers.drain(std::chrono::milliseconds(config.drain_timeout_ms));
  Result<QueueStats> left = (*queue)->stats();
  log.info({{"msg", "stopped"}, {"pending_jobs", left ? left->pending : -1}});
  return 0;
}

void add_serve_command(CLI::App& app, ServeDependencies deps) {
  CLI::App* serve = app.add_subcommand("serve", "Receive GitHub webhooks and triage issues");
  auto flags = std::make_shared<ServeFlags>();
  auto port = std::make_shared<int>(0);
  auto bind = std::make_shared<std::string>();
  auto data_dir = std::make_shared<std::string>();
  auto config_file = std::make_shared<std::string>();
  CLI::Option* port_option = serve->add_option(
      "--port", *port, "Port to listen on (default: ISSUELINT_PORT, else 8080; 0 picks one)");
  CLI::Option* bind_option = serve->add_option(
      "--bind", *bind, "Address to listen on (default: ISSUELINT_BIND, else 0.0.0.0)");
  CLI::Option* dir_option =
      serve->add_option("--data-dir", *data_dir,
                        "Queue database directory (default: ISSUELINT_DATA_DIR, else ./data)");
  CLI::Option* config_option =
      serve->add_option("--config", *config_file,
                        "Configuration of repositories without their own .github/issuelint.yml "
                        "(default: ISSUELINT_CONFIG)");
  serve->add_flag("--dry-run", flags->dry_run, "Decide and log, but write nothing to GitHub");
  serve->callback([=, deps = std::move(deps)] {
    if (port_option->count() > 0) flags->port = *port;
    if (bind_option->count() > 0) flags->bind = *bind;
    if (dir_option->count() > 0) flags->data_dir = *data_dir;
    if (config_option->count() > 0) flags->config_file = *config_file;
    Result<ServeConfig> config = resolve_serve_config(*flags, deps.env);
    if (!config) {
      std::cerr << "issuelint serve: " << config.error().describe() << '\n';
      throw CLI::RuntimeError(2);
    }
    const int status = run_serve(*config, deps);
    if (status != 0) throw CLI::RuntimeError(status);
  });
}

}  // namespace issuelint
