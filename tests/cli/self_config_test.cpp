// This repository's own .github/ (its issue templates and issuelint.yml) is found from the
// checkout and applied: the configuration parses, each draft picks its template, and the
// configured label names come out.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "tests/cli/cli_support.h"

using namespace issuelint::cli_test;

namespace {

Run check_from_checkout(const std::string& arguments, const std::string& redirect) {
  return run_shell("cd '" + kSource + "' && ", "check " + arguments, redirect);
}

}  // namespace

TEST_CASE("the project's own bug report template: a filled draft passes") {
  const Run result = check_from_checkout(
      "--format json --title '[BUG] wrong finding' fixtures/self/bug-report-filled.md",
      "2>/dev/null");
  CHECK(result.status == 0);
  const auto verdict = nlohmann::json::parse(result.output);
  CHECK(verdict["template"] == "bug_report");
  CHECK(verdict["findings"].empty());
}

TEST_CASE("the project's own bug report template: omissions, with the configured label") {
  const Run result = check_from_checkout(
      "--format json --title '[BUG] wrong finding' fixtures/self/bug-report-omissions.md",
      "2>/dev/null");
  CHECK(result.status == 1);
  const auto verdict = nlohmann::json::parse(result.output);
  std::multiset<std::string> rules;
  for (const auto& finding : verdict["findings"]) rules.insert(finding["rule"]);
  CHECK(rules == std::multiset<std::string>{"choice-missing", "section-missing"});
  // .github/issuelint.yml renames needs-info.
  CHECK(verdict["labels"]["want"] == nlohmann::json::array({"status: needs info"}));
}

TEST_CASE("the project's own configuration and templates load without warnings") {
  const Run result = check_from_checkout(
      "--title '[BUG] wrong finding' fixtures/self/bug-report-filled.md", "2>&1 >/dev/null");
  CHECK(result.status == 0);
  CHECK(result.output.find("warning") == std::string::npos);
  CHECK(result.output.find("template 'bug_report'") != std::string::npos);
}
