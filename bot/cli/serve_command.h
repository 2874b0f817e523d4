// `issuelint serve`: the webhook receiver, its durable queue and workers, wired together.
//
// main.cpp plugs in the production triager through ServeDependencies::make_triager; tests and
// the server harness plug in fakes. Everything the server needs from the world (environment,
// clock, randomness, log stream) comes through ServeDependencies.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <iostream>
#include <memory>
#include <stop_token>

#include "bot/server/issue_triager.h"
#include "bot/server/json_log.h"
#include "bot/server/metrics.h"
#include "bot/server/serve_config.h"
#include "bot/server/worker_pool.h"
#include "parser/result.h"

namespace issuelint {

struct ServeDependencies {
  // Builds the triager once at start-up. `metrics` and `log` outlive it: the GitHub client
  // reports its calls (count_github_call) and rate limit (set_rate_limit_remaining) to the
  // metrics, and its retries and waits to the log. config.dry_run must be honoured by the
  // triager (plan, log, never write to GitHub). `shutdown` is requested at SIGTERM/SIGINT: a
  // long wait (GitHub's rate limit) must then end, the job answering `retry` with the time
  // still to wait, so the drain is not held for minutes and the job stays queued.
  using TriagerFactory = std::function<Result<std::unique_ptr<IssueTriager>>(
      const ServeConfig& config, Metrics& metrics, JsonLog& log, std::stop_token shutdown)>;
  TriagerFactory make_triager;
  EnvironmentLookup env = process_environment();
  std::ostream* log_stream = &std::cout;  // one JSON line per delivery, job and error
  std::ostream* error_stream =
      &std::cerr;  // and why it could not start, for the person starting it
  ClockMs clock = system_clock_ms();
  RandomUnit random = default_random_unit();
};

// Registers `serve`. Failures (bad configuration, port in use) print one clear line to stderr
// and end with CLI::RuntimeError(2), which CLI::App::exit turns into the exit status.
void add_serve_command(CLI::App& app, ServeDependencies deps);

// Runs the server until SIGTERM or SIGINT, then drains: stops accepting, lets in-flight
// requests finish, works on due jobs for up to config.drain_timeout_ms, returns 0. Returns 2
// when it cannot start. Blocks SIGTERM/SIGINT in the calling thread for its duration.
int run_serve(const ServeConfig& config, const ServeDependencies& deps);

}  // namespace issuelint
