#include "bot/cli/commands.h"

namespace issuelint::cli {

void add_commands(CLI::App& app, CommandResult& result) {
  add_check_command(app, result);
  add_rules_commands(app, result);
  add_server_commands(app);
  add_action_command(app, result);
  add_sweep_command(app, result);
}

}  // namespace issuelint::cli
