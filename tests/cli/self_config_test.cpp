// This repository's own .github/ (its issue template and issuelint.yml) is found from the
// checkout and applied: the configuration loads without a warning, and a draft checked from the
// checkout gets exactly the verdict of the template given explicitly.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/cli/cli_support.h"

using namespace issuelint::cli_test;

namespace {

Run check_from_checkout(const std::string& arguments, const std::string& redirect) {
  return run_shell("cd '" + kSource + "' && ", "check " + arguments, redirect);
}

// The verdict without its comment, whose CLI hint names the template file as it was found.
nlohmann::json verdict_of(const Run& run) {
  auto verdict = nlohmann::json::parse(run.output);
  verdict.erase("comment");
  return verdict;
}

}  // namespace

TEST_CASE("the project's own .github gives the flagship template's verdict") {
  for (const std::string draft : {"two-impacts", "sql-undeclared-table", "empty-body"}) {
    INFO(draft);
    const std::string args =
        "--format json --title '[DB] Add audit_log' fixtures/issues/" + draft + ".md";
    const Run discovered = check_from_checkout(args, "2>/dev/null");
    const Run explicit_template =
        check_from_checkout("--template fixtures/templates/db-migration.md " + args, "2>/dev/null");
    CHECK(discovered.status == 1);
    CHECK(verdict_of(discovered) == verdict_of(explicit_template));
  }
}

TEST_CASE("the project's own configuration loads without warnings") {
  const Run result = check_from_checkout(
      "--title '[DB] Add audit_log' fixtures/issues/complete-audit-log.md", "2>&1 >/dev/null");
  CHECK(result.status == 0);
  CHECK(result.output.find("warning") == std::string::npos);
  CHECK(result.output.find(".github/ISSUE_TEMPLATE") != std::string::npos);
}
