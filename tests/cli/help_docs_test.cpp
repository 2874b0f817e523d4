// The command line against the docs a user reads for it: a flag the program takes is documented
// for its command, a default the environment overrides names its variable, and the README's JSON
// verdict has the members `check --format json` prints.
#include <catch2/catch.hpp>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "tests/cli/cli_support.h"

using namespace issuelint::cli_test;

namespace {

std::string read_doc(const std::string& relative) {
  std::ifstream in(std::filesystem::path(kSource) / relative);
  REQUIRE(in);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::set<std::string> flags_of(const std::string& help) {
  static const std::regex flag("--[a-z][a-z-]*");
  std::set<std::string> flags;
  for (std::sregex_iterator it(help.begin(), help.end(), flag), end; it != end; ++it) {
    if (it->str() != "--help") flags.insert(it->str());
  }
  return flags;
}

// `flag` in `doc`, whole: `--state` is not found in `--state-file`.
bool names_flag(const std::string& doc, const std::string& flag) {
  for (std::size_t at = doc.find(flag); at != std::string::npos; at = doc.find(flag, at + 1)) {
    const std::size_t after = at + flag.size();
    if (after == doc.size() ||
        !(std::isalnum(static_cast<unsigned char>(doc[after])) || doc[after] == '-')) {
      return true;
    }
  }
  return false;
}

// The line of `help` that lists `flag`, with its description.
std::string help_line(const std::string& help, const std::string& flag) {
  const std::size_t at = help.find(flag + " ");
  REQUIRE(at != std::string::npos);
  return help.substr(at, help.find('\n', at) - at);
}

}  // namespace

TEST_CASE("docs: every flag of every command's --help is in that command's documentation") {
  struct Command {
    const char* arguments;
    const char* doc;
  };
  const Command commands[] = {
      {"check", "README.md"},           {"rules", "README.md"},
      {"explain", "README.md"},         {"serve", "docs/server.md"},
      {"queue list", "docs/server.md"}, {"queue replay", "docs/server.md"},
      {"queue drop", "docs/server.md"}, {"action", "docs/action.md"},
      {"sweep", "docs/action.md"},
  };
  for (const Command& command : commands) {
    const Run help = run(std::string(command.arguments) + " --help");
    REQUIRE(help.status == 0);
    const std::string doc = read_doc(command.doc);
    for (const std::string& flag : flags_of(help.output)) {
      INFO("issuelint " << command.arguments << " " << flag << " in " << command.doc);
      CHECK(names_flag(doc, flag));
    }
  }
}

TEST_CASE("--help names the variable a default comes from, as the program reads it") {
  const Run serve = run("serve --help");
  CHECK(help_line(serve.output, "--port").find("ISSUELINT_PORT") != std::string::npos);
  CHECK(help_line(serve.output, "--bind").find("ISSUELINT_BIND") != std::string::npos);
  CHECK(help_line(serve.output, "--data-dir").find("ISSUELINT_DATA_DIR") != std::string::npos);
  CHECK(help_line(serve.output, "--config").find("ISSUELINT_CONFIG") != std::string::npos);
  for (const char* command : {"queue list --help", "queue replay --help", "queue drop --help"}) {
    INFO(command);
    CHECK(help_line(run(command).output, "--data-dir").find("ISSUELINT_DATA_DIR") !=
          std::string::npos);
  }
  CHECK(help_line(run("sweep --help").output, "--installation-id")
            .find("ISSUELINT_APP_INSTALLATION_ID") != std::string::npos);
  const Run action = run("action --help");
  CHECK(help_line(action.output, "--api-url").find("ISSUELINT_GITHUB_API_URL") !=
        std::string::npos);
}

namespace {

std::vector<std::string> member_names(const nlohmann::ordered_json& object) {
  std::vector<std::string> names;
  for (const auto& [name, value] : object.items()) names.push_back(name);
  return names;
}

}  // namespace

TEST_CASE("docs: the README's JSON verdict has the members check prints, in order") {
  const std::string readme = read_doc("README.md");
  const std::size_t section = readme.find("## The JSON verdict");
  REQUIRE(section != std::string::npos);
  const std::size_t begin = readme.find("```json\n", section) + 8;
  const auto documented =
      nlohmann::ordered_json::parse(readme.substr(begin, readme.find("```", begin) - begin));
  const Run check = run_shell("",
                              "check --format json --title '[DB] Add audit_log table' " + kSource +
                                  "/fixtures/issues/two-impacts.md",
                              "2>/dev/null");
  const auto printed = nlohmann::ordered_json::parse(check.output);
  CHECK(member_names(printed) == member_names(documented));
  REQUIRE_FALSE(printed["findings"].empty());
  for (const auto& finding : printed["findings"]) {
    CHECK(member_names(finding) == member_names(documented["findings"][0]));
  }
  CHECK(member_names(printed["labels"]) == member_names(documented["labels"]));
}

namespace {

struct ConsoleExample {
  std::string command;       // after `$ `, continuation lines joined
  std::string output;        // what the block shows after it, or the Markdown block that follows
  bool shows_stderr = true;  // a Markdown block shows the comment alone
};

// Each ```console block of `doc`: its `$ ` command and what it prints.
std::vector<ConsoleExample> console_examples(const std::string& doc) {
  std::vector<ConsoleExample> examples;
  for (std::size_t at = doc.find("```console\n"); at != std::string::npos;
       at = doc.find("```console\n", at + 1)) {
    const std::size_t begin = at + 11;
    const std::string block = doc.substr(begin, doc.find("```", begin) - begin);
    REQUIRE(block.starts_with("$ "));
    ConsoleExample example;
    std::size_t line = 2;
    for (std::size_t end = block.find('\n', line);; end = block.find('\n', line)) {
      const std::string text = block.substr(line, end - line);
      line = end + 1;
      if (!text.ends_with("\\")) {
        example.command += text;
        break;
      }
      example.command += text.substr(0, text.size() - 1);
    }
    example.output = block.substr(line);
    if (example.output.empty()) {  // the output is the next ````markdown block
      const std::string fence = "````markdown\n";
      const std::size_t shown = doc.find(fence, begin) + fence.size();
      example.output = doc.substr(shown, doc.find("````", shown) - shown);
      example.shows_stderr = false;
    }
    examples.push_back(example);
  }
  return examples;
}

// The lines of `text` that start with `prefix` (or, with `keep` false, that do not).
std::string lines_starting(const std::string& text, const std::string& prefix, bool keep) {
  std::string kept;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.starts_with(prefix) == keep) kept += line + "\n";
  }
  return kept;
}

}  // namespace

// The README's examples are run as a user runs them, from the repository's root: what they show
// is what the program prints (stderr's `issuelint:` lines apart, since the two streams interleave).
TEST_CASE("docs: every console example of the README prints what the README shows") {
  const auto examples = console_examples(read_doc("README.md"));
  REQUIRE(examples.size() >= 2);
  for (const ConsoleExample& example : examples) {
    INFO(example.command);
    REQUIRE(example.command.starts_with("./scripts/run "));
    const std::string arguments = example.command.substr(14);
    const std::string in_root = "cd '" + kSource + "' && ";
    const Run out = run_shell(in_root, arguments, "2>/dev/null");
    CHECK(out.output == lines_starting(example.output, "issuelint: ", false));
    if (!example.shows_stderr) continue;
    const Run err = run_shell(in_root, arguments, "2>&1 >/dev/null");
    CHECK(err.output == lines_starting(example.output, "issuelint: ", true));
  }
}
