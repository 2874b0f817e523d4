// `issuelint queue list|replay|drop`: look into the serve queue, revive dead-lettered jobs or
// delete them. Safe to run beside a live server (SQLite WAL; it never touches running jobs).
#pragma once

#include <CLI/CLI.hpp>
#include <iostream>

#include "bot/server/json_log.h"
#include "bot/server/serve_config.h"

namespace issuelint {

struct QueueCommandDependencies {
  EnvironmentLookup env = process_environment();
  std::ostream* out = &std::cout;
  std::ostream* err = &std::cerr;
  ClockMs clock = system_clock_ms();
};

// `queue list [--state pending|running|dead|all] [--data-dir DIR]` prints one line per job;
// `queue replay (ID|--all) [--data-dir DIR]` makes dead jobs due again, `queue drop (ID|--all)
// [--data-dir DIR]` deletes them. A data dir without a queue database, an ID that names no dead
// job, and other failures end with CLI::RuntimeError(2).
void add_queue_command(CLI::App& app, QueueCommandDependencies deps);

}  // namespace issuelint
