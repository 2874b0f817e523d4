// `issuelint` runs check, rules and explain itself and hands every other command to the
// `issuelint-bot` beside it (bot/main.cpp): users still see one program with every command.
#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

#include "tests/cli/cli_support.h"

using namespace issuelint::cli_test;
namespace fs = std::filesystem;

TEST_CASE("program split: the help lists the network commands, which answer as before") {
  const auto help = run("--help");
  CHECK(help.status == 0);
  for (const char* command : {"check", "rules", "explain", "serve", "action", "sweep", "queue"}) {
    INFO(command);
    CHECK(help.output.find(std::string("\n  ") + command + " ") != std::string::npos);
  }
  const auto serve_help = run("serve --help");
  CHECK(serve_help.status == 0);
  CHECK(serve_help.output.find("--port") != std::string::npos);
  const auto unknown_option = run("serve --no-such-option");
  CHECK(unknown_option.status == 2);
  const auto nothing = run("");
  CHECK(nothing.status == 2);
  CHECK(nothing.output.find("Subcommands:") != std::string::npos);  // the usage, from issuelint-bot
}

TEST_CASE("program split: check runs alone, serve says issuelint-bot is missing") {
  const fs::path dir = scratch_dir("program-split");
  const fs::path alone = dir / "issuelint";
  fs::copy_file(ISSUELINT_BINARY, alone);
  const std::string draft = kSource + "/fixtures/issues/complete-audit-log.md";
  auto run_alone = [&](const std::string& arguments) {
    return run_command("cd " + dir.string() + " && " + alone.string() + " " + arguments + " 2>&1");
  };
  const auto local = run_alone("check --title '[DB] Add audit_log table' " + draft);
  CHECK(local.status == 0);
  CHECK(local.output.find("template 'db-migration'") != std::string::npos);
  CHECK(run_alone("--version").status == 0);
  CHECK(run_alone("explain sql-syntax-error").status == 0);
  const auto serve = run_alone("serve --port 1");
  CHECK(serve.status == 2);
  CHECK(serve.output.find("cannot run " + (dir / "issuelint-bot").string() + " for 'serve'") !=
        std::string::npos);
  // Without arguments the usage message is the bot's: the same error, whole, on one line.
  const auto bare = run_alone("");
  CHECK(bare.status == 2);
  CHECK(bare.output.find("for 'the usage message': No such file or directory\n") !=
        std::string::npos);
  fs::remove_all(dir);
}
