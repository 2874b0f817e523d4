// The subcommands of the issuelint program. Each is registered by its own file; main() only
// parses and returns the exit code the chosen command left in CommandResult.
#pragma once

#include <CLI/CLI.hpp>

namespace issuelint::cli {

struct CommandResult {
  int exit_code = 0;
  // Set by a main() that returns right after the command: what the command built may then be
  // left for the process's exit to reclaim instead of being freed piece by piece.
  bool process_ends_after = false;
};

// bot/cli/commands.cpp: registers every command below, in the order `--help` lists them.
void add_commands(CLI::App& app, CommandResult& result);

void add_check_command(CLI::App& app, CommandResult& result);   // bot/cli/check_command.cpp
void add_rules_commands(CLI::App& app, CommandResult& result);  // bot/cli/rules_command.cpp
void add_action_command(CLI::App& app, CommandResult& result);  // bot/cli/action_command.cpp
void add_sweep_command(CLI::App& app, CommandResult& result);   // bot/cli/sweep_command.cpp
// serve and queue (bot/cli/serve_wiring.cpp); their failures throw CLI::RuntimeError.
void add_server_commands(CLI::App& app);

}  // namespace issuelint::cli
