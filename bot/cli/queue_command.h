// `issuelint queue list|replay`: look into the serve queue and revive dead-lettered jobs. Safe
// to run beside a live server (SQLite WAL; it never touches running jobs).
#pragma once

#include <CLI/CLI.hpp>
#include <iostream>

#include "bot/server/json_log.h"
#include "bot/server/serve_config.h"

namespace issuelint {

struct QueueCommandDependencies {
  EnvironmentLookup env = process_environment();
  std::ostream* out = &std::cout;
  ClockMs clock = system_clock_ms();
};

// `queue list [--state pending|running|dead|all] [--data-dir DIR]` prints one line per job;
// `queue replay (ID|--all) [--data-dir DIR]` makes dead jobs due again. Failures end with
// CLI::RuntimeError(2).
void add_queue_command(CLI::App& app, QueueCommandDependencies deps);

}  // namespace issuelint
