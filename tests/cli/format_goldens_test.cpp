// Every output format of `issuelint check`, end to end through the real program, on real
// fixture issues: fixtures/report/cli/<case>.<format> holds what stdout must be, byte for byte.
// (fixtures/report/ beside it covers the renderers on hand-made verdicts.)
//
// Rewrite after an intended change, then review the diff like code:
//   ISSUELINT_UPDATE_GOLDENS=1 ./build/release/tests/test_cli "[format-goldens]"
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "tests/cli/cli_support.h"

namespace fs = std::filesystem;
using namespace issuelint::cli_test;

namespace {

const fs::path kGoldens = fs::path(kSource) / "fixtures" / "report" / "cli";

// A clean draft, one with errors and warnings, one with SQL findings, and the untouched template.
const char* const kCases[] = {"complete-audit-log", "two-impacts", "sql-undeclared-table",
                              "untouched-template"};
const char* const kFormats[] = {"text", "json", "sarif", "github", "markdown"};

std::string read_text(const fs::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

std::string title_of(const std::string& name) {
  std::string title = read_text(fs::path(kSource) / "fixtures" / "issues" / (name + ".title"));
  while (!title.empty() && (title.back() == '\n' || title.back() == '\r')) title.pop_back();
  return title;
}

}  // namespace

TEST_CASE("check prints every format of real fixture issues as its golden", "[format-goldens]") {
  const bool update = std::getenv("ISSUELINT_UPDATE_GOLDENS") != nullptr;
  for (const std::string name : kCases) {
    for (const std::string format : kFormats) {
      // Relative paths, so that file names in the output do not depend on the checkout.
      const Run result = run_shell(
          "cd '" + kSource + "' && ",
          "check --template fixtures/templates/db-migration.md --color never --format " + format +
              " --title '" + title_of(name) + "' fixtures/issues/" + name + ".md",
          "2>/dev/null");
      INFO(name << " as " << format);
      CHECK(result.status == (name == "complete-audit-log" ? 0 : 1));
      const fs::path golden = kGoldens / (name + "." + format);
      if (update) {
        fs::create_directories(kGoldens);
        std::ofstream(golden, std::ios::binary) << result.output;
        continue;
      }
      REQUIRE(fs::exists(golden));
      CHECK(result.output == read_text(golden));
    }
  }
}

TEST_CASE("fixtures/report/cli holds no golden that no case produces", "[format-goldens]") {
  std::set<std::string> expected;
  for (const std::string name : kCases)
    for (const std::string format : kFormats) expected.insert(name + "." + format);
  for (const auto& entry : fs::directory_iterator(kGoldens)) {
    INFO(entry.path());
    CHECK(expected.count(entry.path().filename().string()) == 1);
  }
}
