// issuelint: lint GitHub issues against their templates, from the command line, as a webhook
// bot, or as a GitHub Actions step.
#include <CLI/CLI.hpp>
#include <iostream>

#include "bot/cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"issuelint: checks GitHub issues against their templates and triages them"};
  app.set_version_flag("--version", std::string("issuelint ") + ISSUELINT_VERSION);
  app.require_subcommand(1);
  issuelint::cli::CommandResult result;
  issuelint::cli::add_commands(app, result);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int status = app.exit(error);
    // Usage errors exit 2 (the contract: "the command could not run"); --help/--version exit 0.
    return status == 0 ? 0 : 2;
  }
  return result.exit_code;
}
