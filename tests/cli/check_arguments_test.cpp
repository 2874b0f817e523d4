// read_plain_check_arguments against CLI11: whenever the plain reader takes a command line, CLI11
// must read the very same options from it, since `issuelint` then skips CLI11 (bot/main.cpp).
#include <CLI/CLI.hpp>
#include <catch2/catch.hpp>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "bot/cli/check_command.h"

namespace {

using issuelint::cli::CheckOptions;
using Words = std::vector<std::string>;

std::vector<const char*> pointers_to(const Words& words) {
  std::vector<const char*> pointers;
  for (const std::string& word : words) pointers.push_back(word.c_str());
  return pointers;
}

std::optional<CheckOptions> read_plainly(const Words& words) {
  const std::vector<const char*> pointers = pointers_to(words);
  return issuelint::cli::read_plain_check_arguments(pointers);
}

// The parser `issuelint` builds for a check (bot/main.cpp): nullopt for a usage error or help.
std::optional<CheckOptions> read_by_cli11(const Words& words) {
  CLI::App app{"issuelint"};
  app.set_version_flag("--version", "issuelint test");
  app.require_subcommand(1);
  CheckOptions options;
  CLI::App* check = app.add_subcommand("check", "check issue drafts");
  issuelint::cli::declare_check_options(*check, options);
  Words argv_words{"issuelint"};
  argv_words.insert(argv_words.end(), words.begin(), words.end());
  const std::vector<const char*> argv = pointers_to(argv_words);
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::ParseError&) {
    return std::nullopt;
  }
  return options;
}

std::string describe(const Words& words) {
  std::string out;
  for (const std::string& word : words) out += "[" + word + "] ";
  return out;
}

}  // namespace

TEST_CASE("check arguments: the usual command lines read as CLI11 reads them") {
  const std::vector<Words> usual = {
      {"check"},
      {"check", "draft.md"},
      {"check", "-"},
      {"check", "a.md", "b.md", "c.md"},
      {"check", "--title", "[DB] Add audit log", "draft.md"},
      {"check", "--title=[DB] Add audit log", "draft.md"},
      {"check", "draft.md", "--title", "T"},
      {"check", "--format", "json", "--title", "T", "draft.md"},
      {"check", "--format=sarif", "a.md", "b.md"},
      {"check", "--format", "github", "--color", "never", "draft.md"},
      {"check", "--color=always", "--format=text", "draft.md"},
      {"check", "--template", "templates/", "--config", "issuelint.yml", "draft.md"},
      {"check", "--template=db.md", "--config=x.yml", "--title=a=b", "draft.md"},
      {"check", "--title", "check", "rules"},
      {"check", "--title", "a title with spaces and ünïcode", "draft with spaces.md"},
      {"check", "--format", "markdown", "-"},
  };
  for (const Words& words : usual) {
    INFO(describe(words));
    const std::optional<CheckOptions> plain = read_plainly(words);
    REQUIRE(plain.has_value());
    const std::optional<CheckOptions> cli11 = read_by_cli11(words);
    REQUIRE(cli11.has_value());
    CHECK(*plain == *cli11);
  }
  const std::optional<CheckOptions> read =
      read_plainly({"check", "--format=json", "--title", "T", "--template", "t/", "a.md", "-"});
  REQUIRE(read.has_value());
  CHECK(read->format == "json");
  CHECK(read->title == std::optional<std::string>("T"));
  CHECK(read->template_path == "t/");
  CHECK(read->files == std::vector<std::string>{"a.md", "-"});
  CHECK(read->colour == "auto");
  CHECK_FALSE(read_plainly({"check", "a.md"})->title.has_value());
}

TEST_CASE("check arguments: anything unusual is left to CLI11") {
  const std::vector<Words> unusual = {
      {},
      {"rules"},
      {"--version"},
      {"check", "--help"},
      {"check", "-h"},
      {"check", "--version"},
      {"check", "--title"},
      {"check", "--title="},
      {"check", "--title", "--format", "json"},
      {"check", "--title", "-x"},
      {"check", "--title", "-"},
      {"check", "--format", "yaml", "draft.md"},
      {"check", "--color", "sometimes", "draft.md"},
      {"check", "--title", "A", "--title", "B", "draft.md"},
      {"check", "--template", "a", "--template=b", "draft.md"},
      {"check", "--", "draft.md"},
      {"check", "-x", "draft.md"},
      {"check", "--colour", "never", "draft.md"},
      {"check", "--form", "json", "draft.md"},
      {"check", "--unknown", "draft.md"},
      {"check", "-5"},
  };
  for (const Words& words : unusual) {
    INFO(describe(words));
    CHECK_FALSE(read_plainly(words).has_value());
  }
}

TEST_CASE("check arguments: random command lines the plain reader takes read the same in CLI11") {
  const Words vocabulary = {
      "check",      "rules",   "draft.md",        "b.md",     "-",         "--",
      "-x",         "--title", "--title=T",       "--title=", "--format",  "json",
      "sarif",      "yaml",    "--format=github", "--color",  "never",     "--color=auto",
      "--template", "t/",      "--config",        "c.yml",    "--config=", "--help",
      "=",          "a=b",     "--unknown",       "-5",       "T",         "",
  };
  std::mt19937 random(20261206);
  std::uniform_int_distribution<std::size_t> pick(0, vocabulary.size() - 1);
  std::uniform_int_distribution<int> length(0, 7);
  int taken = 0;
  for (int round = 0; round < 20000; ++round) {
    Words words{"check"};
    for (int i = length(random); i > 0; --i) words.push_back(vocabulary[pick(random)]);
    const std::optional<CheckOptions> plain = read_plainly(words);
    if (!plain) continue;
    ++taken;
    INFO(describe(words));
    const std::optional<CheckOptions> cli11 = read_by_cli11(words);
    REQUIRE(cli11.has_value());
    REQUIRE(*plain == *cli11);
  }
  // Enough of them were plain for the comparison to mean something.
  CHECK(taken > 1000);
}
