// Golden tests: every fixtures/issues/<case>.md (+ optional <case>.title) is triaged through
// the same entry the CLI uses, against fixtures/templates/db-migration.md, and its verdict
// (template, verdict, findings, labels) must equal <case>.expected.json. An extra or a missing
// finding fails; an orphaned golden fails.
//
// To rewrite the goldens after an intended change (then review the diff like code):
//   ISSUELINT_UPDATE_GOLDENS=1 ./build/release/tests/test_golden
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "bot/triage.h"
#include "tests/golden/golden_support.h"
#include "tests/rules/rule_test_support.h"

namespace fs = std::filesystem;
using namespace issuelint;
using issuelint::golden::golden_view;
using issuelint::golden::read_text;

namespace {

const fs::path kIssues = fs::path(ISSUELINT_SOURCE_DIR) / "fixtures" / "issues";

// The request the CLI makes for a fixture draft: its body, and its title when it has one.
TriageRequest fixture_request(const fs::path& draft) {
  TriageRequest request;
  request.body = read_text(draft);
  request.title = golden::read_title(draft.parent_path() / draft.stem());
  return request;
}

const TemplateCatalog& flagship_catalog() {
  static const TemplateCatalog catalog = issuelint::testing::catalog_from(
      fs::path(ISSUELINT_SOURCE_DIR) / "fixtures/templates/db-migration.md");
  return catalog;
}

}  // namespace

TEST_CASE("every fixture issue gives its golden verdict") {
  const bool update = std::getenv("ISSUELINT_UPDATE_GOLDENS") != nullptr;
  int cases = 0;
  for (const auto& entry : fs::directory_iterator(kIssues)) {
    if (entry.path().extension() != ".md") continue;
    ++cases;
    const fs::path stem = entry.path().parent_path() / entry.path().stem();
    const auto actual =
        golden_view(triage(flagship_catalog(), fixture_request(entry.path())).verdict);
    const fs::path golden = stem.string() + ".expected.json";
    if (update) {
      std::ofstream(golden, std::ios::binary) << actual.dump(2) << "\n";
      continue;
    }
    INFO("case " << entry.path().filename().string());
    REQUIRE(fs::exists(golden));
    const auto expected = nlohmann::ordered_json::parse(read_text(golden));
    CHECK(actual.dump(2) == expected.dump(2));
  }
  CHECK(cases >= 15);
}

TEST_CASE("no golden is orphaned") {
  for (const auto& entry : fs::directory_iterator(kIssues)) {
    const std::string name = entry.path().filename().string();
    const std::string suffix = ".expected.json";
    if (name.size() <= suffix.size() || name.substr(name.size() - suffix.size()) != suffix)
      continue;
    const fs::path issue = kIssues / (name.substr(0, name.size() - suffix.size()) + ".md");
    INFO(name);
    CHECK(fs::exists(issue));
  }
}

TEST_CASE("complete drafts give no error and no warning") {
  for (const char* name :
       {"complete-audit-log", "complete-audit-log-crlf", "star-markers-uppercase-x"}) {
    const auto golden =
        nlohmann::json::parse(read_text(kIssues / (std::string(name) + ".expected.json")));
    INFO(name);
    CHECK(golden["verdict"] == "ok");
    for (const auto& finding : golden["findings"]) CHECK(finding["severity"] == "info");
  }
}

TEST_CASE("a triage asked for no comment gives the same verdict without one") {
  int cases = 0;
  for (const auto& entry : fs::directory_iterator(kIssues)) {
    if (entry.path().extension() != ".md") continue;
    ++cases;
    TriageRequest request = fixture_request(entry.path());
    const Verdict with_comment = triage(flagship_catalog(), request).verdict;
    request.render_comment = false;
    const Verdict without = triage(flagship_catalog(), request).verdict;
    INFO("case " << entry.path().filename().string());
    CHECK_FALSE(with_comment.comment.empty());
    CHECK(without.comment.empty());
    CHECK(golden_view(without).dump() == golden_view(with_comment).dump());
    CHECK(without.labels.add == with_comment.labels.add);
    CHECK(without.labels.remove == with_comment.labels.remove);
  }
  CHECK(cases >= 15);
}

// Old Mac line ends: md4c and the line index end a line at a lone CR as at LF, so every fixture
// written with CR alone must give the verdict it gives with LF, lines included. The SQL and
// Drizzle readers once ended lines at LF only: a code block's source stopped at its first line
// ("syntax error at end of input"), and a `--` comment ran to the end of the SQL.
TEST_CASE("every fixture issue gives the same verdict with CR line ends") {
  int cases = 0;
  for (const auto& entry : fs::directory_iterator(kIssues)) {
    if (entry.path().extension() != ".md") continue;
    TriageRequest request = fixture_request(entry.path());
    if (request.body.find('\r') != std::string::npos) continue;  // the -crlf fixtures
    ++cases;
    const std::string expected = golden_view(triage(flagship_catalog(), request).verdict).dump(2);
    std::replace(request.body.begin(), request.body.end(), '\n', '\r');
    INFO("case " << entry.path().filename().string());
    CHECK(golden_view(triage(flagship_catalog(), request).verdict).dump(2) == expected);
  }
  CHECK(cases >= 15);
}
