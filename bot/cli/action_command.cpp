// `issuelint action`: the GitHub Actions entry point (bot/action/action_run.h does the work).
#include <iostream>
#include <memory>

#include "bot/action/action_run.h"
#include "bot/cli/commands.h"
#include "bot/cli/github_connection.h"

namespace issuelint::cli {

namespace {

Result<std::unique_ptr<github::GitHubApi>> connect_for_action(
    const action::ActionSettings& settings) {
  GitHubConnection connection;
  connection.api_url = settings.api_url;
  connection.token = settings.token;
  // Retries and rate-limit waits show in the step's log.
  connection.log = [](std::string_view line) { std::cerr << "issuelint: " << line << '\n'; };
  auto client = connect_to_github(connection);
  if (!client) return client.error();
  return std::unique_ptr<github::GitHubApi>(std::move(*client));
}

}  // namespace

void add_action_command(CLI::App& app, CommandResult& result) {
  CLI::App* command = app.add_subcommand(
      "action", "Triage the issue of the current GitHub Actions event (inside a workflow step)");
  auto flags = std::make_shared<action::ActionFlags>();
  auto token = std::make_shared<std::string>();
  auto api_url = std::make_shared<std::string>();
  auto event_path = std::make_shared<std::string>();
  auto bot_login = std::make_shared<std::string>();
  CLI::Option* token_option = command->add_option(
      "--token", *token,
      "GitHub token (default: INPUT_TOKEN, GITHUB_TOKEN, ISSUELINT_GITHUB_TOKEN)");
  CLI::Option* url_option = command->add_option(
      "--api-url", *api_url, "GitHub API URL (default: GITHUB_API_URL, ISSUELINT_GITHUB_API_URL)");
  CLI::Option* event_option = command->add_option(
      "--event-path", *event_path, "Event payload file (default: GITHUB_EVENT_PATH)");
  CLI::Option* login_option = command->add_option(
      "--bot-login", *bot_login,
      "Login the triage comment is written as (default: ISSUELINT_BOT_LOGIN, the "
      "token's user, github-actions[bot])");
  command->add_flag("--dry-run", flags->dry_run, "Decide and report, but write nothing to GitHub");
  command->callback([=, &result] {
    if (token_option->count() > 0) flags->token = *token;
    if (url_option->count() > 0) flags->api_url = *api_url;
    if (event_option->count() > 0) flags->event_path = *event_path;
    if (login_option->count() > 0) flags->bot_login = *bot_login;
    action::ActionDependencies deps;
    deps.connect = connect_for_action;
    deps.out = &std::cout;
    deps.err = &std::cerr;
    result.exit_code = action::run_action(*flags, deps);
  });
}

}  // namespace issuelint::cli
