// Runs the issuelint program itself: exit statuses and one clear sentence for bad input.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "tests/cli/cli_support.h"
#include "tests/test_sample.h"

namespace fs = std::filesystem;

using namespace issuelint::cli_test;

namespace {

const std::string kTemplate = "--template " + kSource + "/fixtures/templates/db-migration.md ";

}  // namespace

TEST_CASE("the version and help flags exit 0") {
  const auto version = run("--version");
  CHECK(version.status == 0);
  CHECK(version.output.find("issuelint ") != std::string::npos);
  const auto help = run("--help");
  CHECK(help.status == 0);
  CHECK(help.output.find("check") != std::string::npos);
}

TEST_CASE("a complete draft exits 0, a defective one 1") {
  const auto ok = run("check " + kTemplate + "--title '[DB] Add audit_log table' " + kSource +
                      "/fixtures/issues/complete-audit-log.md");
  CHECK(ok.status == 0);
  const auto bad = run("check " + kTemplate + "--title '[DB] TODO' " + kSource +
                       "/fixtures/issues/complete-audit-log.md");
  CHECK(bad.status == 1);
  CHECK(bad.output.find("[title-format]") != std::string::npos);
}

TEST_CASE("a missing draft is exit 2 with one clear sentence") {
  const auto result = run("check " + kTemplate + "/nonexistent/draft.md");
  CHECK(result.status == 2);
  CHECK(result.output.find("/nonexistent/draft.md: no such file") != std::string::npos);
}

TEST_CASE("a directory instead of a draft is exit 2") {
  const auto result = run("check " + kTemplate + kSource + "/fixtures");
  CHECK(result.status == 2);
  CHECK(result.output.find("is a directory") != std::string::npos);
}

TEST_CASE("a template that cannot be read or parsed is exit 2") {
  const auto missing = run("check --template /nonexistent/template.md " + kSource +
                           "/fixtures/issues/complete-audit-log.md");
  CHECK(missing.status == 2);
  const fs::path dir = scratch_dir("broken-template");
  std::ofstream(dir / "broken.md") << "---\nname: [unclosed\n---\n## A\n";
  const auto broken = run("check --template " + (dir / "broken.md").string() + " " + kSource +
                          "/fixtures/issues/complete-audit-log.md");
  CHECK(broken.status == 2);
  CHECK(broken.output.find("broken.md") != std::string::npos);
}

TEST_CASE("a template directory with no templates is exit 2") {
  const fs::path dir = scratch_dir("empty-templates");
  const auto result = run("check --template " + dir.string() + " " + kSource +
                          "/fixtures/issues/complete-audit-log.md");
  CHECK(result.status == 2);
  CHECK(result.output.find("issuelint: ") != std::string::npos);
}

TEST_CASE("several drafts in JSON give one verdict per line, worst exit status") {
  const auto result =
      run("check " + kTemplate + "--format json --title '[DB] Add audit_log' " + kSource +
          "/fixtures/issues/complete-audit-log.md " + kSource + "/fixtures/issues/empty-body.md");
  CHECK(result.status == 1);
  // stderr (the template choice) is interleaved: look at the JSON lines only, in order.
  std::vector<std::string> verdicts;
  std::size_t start = 0;
  while (start < result.output.size()) {
    auto end = result.output.find('\n', start);
    if (end == std::string::npos) end = result.output.size();
    const std::string line = result.output.substr(start, end - start);
    if (!line.empty() && line.front() == '{') verdicts.push_back(line);
    start = end + 1;
  }
  REQUIRE(verdicts.size() == 2);
  CHECK(verdicts[0].find("\"verdict\":\"ok\"") != std::string::npos);
  CHECK(verdicts[1].find("\"verdict\":\"needs-info\"") != std::string::npos);
}

TEST_CASE("many drafts in one run get the verdicts each gets alone") {
  // Enough drafts for the run to learn the template's texts first (check_command.cpp).
  std::vector<fs::path> drafts;
  for (const auto& entry : fs::directory_iterator(kSource + "/fixtures/issues")) {
    if (entry.path().extension() == ".md") drafts.push_back(entry.path());
  }
  std::sort(drafts.begin(), drafts.end());
  REQUIRE(drafts.size() >= 16);
  const std::string options = "check " + kTemplate + "--format json --title '[DB] Add audit_log' ";
  std::string all;
  for (const fs::path& draft : drafts) all += draft.string() + " ";
  const std::vector<std::string> together =
      json_lines(run_shell("", options + all, "2>/dev/null").output);
  REQUIRE(together.size() == drafts.size());
  // Each draft alone is a process of its own: under the sanitizers, every Nth (test_sample()).
  for (std::size_t i = 0; i < drafts.size(); i += issuelint::testing::test_sample()) {
    INFO(drafts[i].string());
    // One draft's verdict is printed indented over several lines: compared as JSON.
    const Run alone = run_shell("", options + drafts[i].string(), "2>/dev/null");
    nlohmann::json line = nlohmann::json::parse(together[i]);
    CHECK(line["file"] == drafts[i].string());  // a JSON Lines verdict names its draft
    line.erase("file");
    CHECK(nlohmann::json::parse(alone.output) == line);
  }
}

TEST_CASE("a bad configuration names its file and line, exit 2") {
  const fs::path dir = scratch_dir("bad-config");
  std::ofstream(dir / "issuelint.yml") << "rules:\n  no-such-rule: off\n";
  const auto result = run("check " + kTemplate + "--config " + (dir / "issuelint.yml").string() +
                          " " + kSource + "/fixtures/issues/complete-audit-log.md");
  CHECK(result.status == 2);
  CHECK(result.output.find("issuelint.yml:2:3") != std::string::npos);
  CHECK(result.output.find("no-such-rule") != std::string::npos);
}

TEST_CASE("explain documents every listed rule, an unknown rule is exit 2") {
  CHECK(run("explain sql-index-not-concurrent").status == 0);
  CHECK(run("explain migration-type-missing").output.find("Fires on") != std::string::npos);
  CHECK(run("explain no-such-rule").status == 2);
}

// ISSUELINT_BINARY is an absolute path: usage lines must not repeat it.
TEST_CASE("usage lines name the program issuelint, not the path it was run by") {
  for (const char* command : {"--help", "check --help", "sweep --help", "explain --help"}) {
    INFO(command);
    const Run help = run(command);
    CHECK(help.status == 0);
    CHECK(help.output.find("Usage: issuelint ") != std::string::npos);
    CHECK(help.output.find(ISSUELINT_BINARY) == std::string::npos);
  }
}

TEST_CASE("explain of a mistyped rule names the rules it was probably meant to be") {
  const Run missing_word = run("explain sql-index-concurrent");
  CHECK(missing_word.status == 2);
  CHECK(missing_word.output.find("did you mean 'sql-index-not-concurrent'?") != std::string::npos);
  CHECK(run("explain TITLE-FORMAT").output.find("did you mean 'title-format'?") !=
        std::string::npos);
  CHECK(run("explain zzzz").output.find("did you mean") == std::string::npos);
}

TEST_CASE("explain of a rule kind's name points to rules --kinds") {
  const Run kind = run("explain choose");
  CHECK(kind.status == 2);
  CHECK(kind.output.find("no rule named 'choose': it is a rule kind, which packs write rules "
                         "with (see `issuelint rules --kinds`)") != std::string::npos);
  CHECK(run("explain chose").output.find("rule kind") == std::string::npos);
}

TEST_CASE("issuelint alone prints the usage and its commands, exit 2") {
  const Run alone = run("");
  CHECK(alone.status == 2);
  CHECK(alone.output.find("Usage: issuelint") != std::string::npos);
  CHECK(alone.output.find("check") != std::string::npos);
}

TEST_CASE("an empty draft name is said to be empty, exit 2") {
  const Run empty = run("check ''");
  CHECK(empty.status == 2);
  CHECK(empty.output.find("issuelint: '': no such file (the name given is empty)") !=
        std::string::npos);
}

// title-format is a template-derived rule that db-migration words for its own template: explain
// gives both texts, the pack's first, and `rules` lists it once per pack.
TEST_CASE("explain and rules show every pack's text of a rule id two packs define") {
  const Run explained = run("explain title-format");
  CHECK(explained.status == 0);
  const std::size_t specific = explained.output.find("pack db-migration)");
  const std::size_t general = explained.output.find("pack generic)");
  REQUIRE(specific != std::string::npos);
  REQUIRE(general != std::string::npos);
  CHECK(specific < general);
  CHECK(explained.output.find("routed by their \"[DB]\" prefix") < general);
  CHECK(run("explain checklist-unticked").output.find("pack db-migration)") != std::string::npos);
  const Run listed = run("rules");
  std::istringstream lines(listed.output);
  int title_lines = 0;
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("title-format ", 0) == 0) ++title_lines;
  }
  CHECK(title_lines == 2);
}

// Where each line's second column starts: after the first word and the spaces that pad it.
std::set<std::size_t> second_column_starts(const std::string& listing) {
  std::set<std::size_t> starts;
  std::istringstream lines(listing);
  for (std::string line; std::getline(lines, line);) {
    starts.insert(line.find_first_not_of(' ', line.find(' ')));
  }
  return starts;
}

// sql-foreign-key-without-relationships (37 characters) once pushed its columns aside.
TEST_CASE("rules and rules --kinds keep their columns aligned, however long an id") {
  const Run rules = run("rules");
  REQUIRE(rules.status == 0);
  CHECK(rules.output.find("sql-foreign-key-without-relationships ") != std::string::npos);
  CHECK(second_column_starts(rules.output).size() == 1);
  const Run kinds = run("rules --kinds");
  REQUIRE(kinds.status == 0);
  CHECK(second_column_starts(kinds.output).size() == 1);
}

TEST_CASE("the template with garbled emoji judges drafts exactly as the clean one") {
  for (const char* name : {"complete-audit-log", "data-migration-contradiction", "two-impacts"}) {
    const std::string draft = kSource + "/fixtures/issues/" + name + ".md";
    const auto clean =
        run("check --format json --title '[DB] Add audit_log' --template " + kSource +
            "/fixtures/templates/db-migration.md " + draft + " 2>/dev/null");
    const auto garbled =
        run("check --format json --title '[DB] Add audit_log' --template " + kSource +
            "/fixtures/templates/db-migration.as-received.md " + draft + " 2>/dev/null");
    INFO(name);
    CHECK(clean.status == garbled.status);
    // Findings and labels must agree; the comment names the template as its front matter does.
    const auto verdict = [](const std::string& json) {
      const auto start = json.find("\"findings\"");
      return json.substr(start, json.find("\"comment\"") - start);
    };
    CHECK(verdict(clean.output) == verdict(garbled.output));
  }
}
