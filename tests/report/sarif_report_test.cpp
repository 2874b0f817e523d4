// SARIF output, validated for real against the SARIF 2.1.0 JSON schema (vendored in
// tests/report/data/, see its README) with Python's jsonschema, offline.
#include "bot/report/sarif_report.h"

#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "tests/report/report_samples.h"

namespace issuelint::report_test {
namespace {

const std::string kDataDir = std::string(ISSUELINT_SOURCE_DIR) + "/tests/report/data";

// Exit status of the schema validator on the document: 0 valid, 1 invalid, 3 no jsonschema.
int validate_against_schema(const std::string& document) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("issuelint-sarif-" + std::to_string(::getpid()) + ".json");
  std::ofstream(path, std::ios::binary) << document;
  const std::string command = "python3 '" + kDataDir + "/validate_json_schema.py' '" + kDataDir +
                              "/sarif-2.1.0-rtm.5.json' '" + path.string() + "'";
  const int status = std::system(command.c_str());
  std::filesystem::remove(path);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void require_valid(const std::string& document) {
  const int status = validate_against_schema(document);
  INFO("exit 3 means Python's jsonschema is missing: install python3-jsonschema");
  REQUIRE(status == 0);
}

TEST_CASE("sarif: the validator rejects what is not SARIF (the check has teeth)") {
  const int status = validate_against_schema(R"({"version": "2.1.0", "runs": [{"tool": {}}]})");
  INFO("exit 3 means Python's jsonschema is missing: install python3-jsonschema");
  CHECK(status == 1);
}

TEST_CASE("sarif: output for every sample verdict is valid SARIF 2.1.0") {
  const auto catalog = sample_catalog();
  const Verdict needs_info = needs_info_verdict();
  const Verdict clean = clean_verdict();
  const Verdict advice = clean_with_advice_verdict();
  const Verdict no_template = no_template_verdict();
  require_valid(render_sarif_report({{"drafts/needs info.md", &needs_info},
                                     {"clean.md", &clean},
                                     {"advice.md", &advice},
                                     {"none.md", &no_template}},
                                    catalog, {.information_uri = "https://example.invalid/x"}));
  require_valid(render_sarif_report({}, {}));
  require_valid(render_sarif_report({{"bad\xFFutf8.md", &needs_info}}, {}));
}

TEST_CASE("sarif: results point at their rule, level and place") {
  const auto catalog = sample_catalog();
  Verdict verdict = needs_info_verdict();
  verdict.findings.push_back(
      make_finding("not-in-catalog", Severity::info, "", 3, 0, "from a rule the catalog lacks"));
  const auto sarif = render_sarif_json({{"draft.md", &verdict}}, catalog);
  const auto& run = sarif["runs"][0];
  const auto& rules = run["tool"]["driver"]["rules"];
  // Rules the catalog lacks come after it, sorted: every result still has a ruleIndex.
  REQUIRE(rules.size() == catalog.size() + 2);
  CHECK(rules[catalog.size()]["id"] == "not-in-catalog");
  CHECK(rules[catalog.size() + 1]["id"] == "title-not-checked");
  REQUIRE(run["results"].size() == verdict.findings.size());
  for (std::size_t i = 0; i < verdict.findings.size(); ++i) {
    const auto& result = run["results"][i];
    const Finding& finding = verdict.findings[i];
    CHECK(rules[result["ruleIndex"].get<std::size_t>()]["id"] == finding.rule);
    CHECK(result["level"] == sarif_level(finding.severity));
    const auto& physical = result["locations"][0]["physicalLocation"];
    CHECK(physical["artifactLocation"]["uri"] == "draft.md");
    // GitHub code scanning places a result only with region.startLine (its GH1003): a
    // finding with no line (a missing section, the title) is shown at the file's first line.
    REQUIRE(physical.contains("region"));
    CHECK(physical["region"]["startLine"] == (finding.line > 0 ? finding.line : 1));
    CHECK(physical["region"].contains("startColumn") == (finding.line > 0 && finding.column > 0));
  }
  CHECK(run["results"].back()["locations"][0]["physicalLocation"]["region"].contains(
            "startColumn") == false);
  CHECK(run["columnKind"] == "unicodeCodePoints");
  CHECK_FALSE(run["tool"]["driver"].contains("informationUri"));
}

TEST_CASE("sarif: file names become URI references") {
  CHECK(sarif_uri("drafts/a b#1.md") == "drafts/a%20b%231.md");
  CHECK(sarif_uri("caf\xC3\xA9.md") == "caf%C3%A9.md");
}

TEST_CASE("sarif: a file given twice is one artifact, its results given once") {
  const Verdict needs_info = needs_info_verdict();
  const std::string document = render_sarif_report(
      {{"drafts/a.md", &needs_info}, {"drafts/a.md", &needs_info}}, sample_catalog());
  require_valid(document);  // artifacts must be unique
  const auto run = nlohmann::json::parse(document)["runs"][0];
  CHECK(run["artifacts"].size() == 1);
  CHECK(run["results"].size() == needs_info.findings.size());
}

TEST_CASE("sarif: results alike but for their place get fingerprints of their own") {
  Verdict verdict = clean_verdict();
  for (int line : {51, 52, 53}) {
    verdict.findings.push_back(make_finding("sql-identifier-too-long", Severity::warning,
                                            "Schema Changes > Migration SQL", line, 36,
                                            "identifier 'x' is 64 bytes"));
  }
  verdict.findings.push_back(make_finding("sql-identifier-too-long", Severity::warning,
                                          "Schema Changes > Migration SQL", 60, 1,
                                          "identifier 'y' is 64 bytes"));
  const auto run = render_sarif_json({{"draft.md", &verdict}}, sample_catalog())["runs"][0];
  std::vector<std::string> prints;
  for (const auto& result : run["results"]) {
    prints.push_back(result["partialFingerprints"]["issuelintFinding/v1"].get<std::string>());
  }
  REQUIRE(prints.size() == 4);
  // The first keeps the bare hash, as before the counter; the others count on.
  CHECK(prints[0].size() == 16);
  CHECK(prints[1] == prints[0] + ":2");
  CHECK(prints[2] == prints[0] + ":3");
  CHECK(prints[3].size() == 16);
  CHECK(prints[3] != prints[0]);
}

TEST_CASE("sarif: absolute paths are file URIs, relative ones against %SRCROOT%, stdin has none") {
  const Verdict clean = clean_verdict();
  const std::string document = render_sarif_report(
      {{"/tmp/my drafts/a.md", &clean}, {"b.md", &clean}, {"<stdin>", &clean}}, {});
  require_valid(document);
  const auto artifacts = nlohmann::json::parse(document)["runs"][0]["artifacts"];
  REQUIRE(artifacts.size() == 3);
  CHECK(artifacts[0]["location"]["uri"] == "file:///tmp/my%20drafts/a.md");
  CHECK_FALSE(artifacts[0]["location"].contains("uriBaseId"));
  CHECK(artifacts[1]["location"]["uri"] == "b.md");
  CHECK(artifacts[1]["location"]["uriBaseId"] == "%SRCROOT%");
  CHECK_FALSE(artifacts[2]["location"].contains("uri"));
  CHECK(artifacts[2]["location"]["description"]["text"] == "standard input");
}

TEST_CASE("sarif: a file that could not be read is a failed invocation's notification") {
  const Verdict clean = clean_verdict();
  const std::string document = render_sarif_report(
      {{"gone.md", std::string("gone.md: no such file")}, {"b.md", &clean}}, sample_catalog());
  require_valid(document);
  const auto run = nlohmann::json::parse(document)["runs"][0];
  REQUIRE(run["invocations"].size() == 1);
  const auto& invocation = run["invocations"][0];
  CHECK(invocation["executionSuccessful"] == false);
  REQUIRE(invocation["toolExecutionNotifications"].size() == 1);
  const auto& notification = invocation["toolExecutionNotifications"][0];
  CHECK(notification["level"] == "error");
  CHECK(notification["message"]["text"] == "gone.md: no such file");
  CHECK(notification["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "gone.md");
  const auto all_read = nlohmann::json::parse(render_sarif_report({{"b.md", &clean}}, {}));
  CHECK(all_read["runs"][0]["invocations"][0]["executionSuccessful"] == true);
}

// Without --title every draft would get an alert that no edit of the draft can close.
TEST_CASE("sarif: a title rule not run for want of a title is one notification, not a result") {
  Verdict verdict = clean_verdict();
  Finding not_given =
      make_finding("title-format", Severity::info, "title", 0, 0,
                   "title not checked: no title was given", "pass the title with --title \"...\"");
  not_given.did_not_run = true;
  Finding cannot_check = make_finding("placeholder-left", Severity::info, "", 0, 0,
                                      "could not check: the section 'Summary' is missing");
  cannot_check.did_not_run = true;
  verdict.findings = {not_given, cannot_check};
  const std::string document =
      render_sarif_report({{"a.md", &verdict}, {"b.md", &verdict}}, sample_catalog());
  require_valid(document);
  const auto run = nlohmann::json::parse(document)["runs"][0];
  // A check the draft's own content stopped is still a result in that draft.
  REQUIRE(run["results"].size() == 2);
  CHECK(run["results"][0]["ruleId"] == "placeholder-left");
  CHECK(run["results"][1]["ruleId"] == "placeholder-left");
  const auto& invocation = run["invocations"][0];
  CHECK(invocation["executionSuccessful"] == true);
  REQUIRE(invocation["toolExecutionNotifications"].size() == 1);
  const auto& notification = invocation["toolExecutionNotifications"][0];
  CHECK(notification["level"] == "note");
  CHECK(notification["message"]["text"] ==
        "title not checked: no title was given\nhelp: pass the title with --title \"...\"");
  CHECK(notification["associatedRule"]["id"] == "title-format");
  const auto index = notification["associatedRule"]["index"].get<std::size_t>();
  CHECK(run["tool"]["driver"]["rules"][index]["id"] == "title-format");
}

// A template left out (GitHub refuses it) fails the run: the drafts' results, and why it failed.
TEST_CASE("sarif: a failure beside the files is a failed invocation's notification too") {
  const Verdict clean = clean_verdict();
  const std::string document = render_sarif_report({{"b.md", &clean}}, sample_catalog(), {},
                                                   {"ask.yml:7: 'requird' is not a key"});
  require_valid(document);
  const auto invocation = nlohmann::json::parse(document)["runs"][0]["invocations"][0];
  CHECK(invocation["executionSuccessful"] == false);
  REQUIRE(invocation["toolExecutionNotifications"].size() == 1);
  CHECK(invocation["toolExecutionNotifications"][0]["level"] == "error");
  CHECK(invocation["toolExecutionNotifications"][0]["message"]["text"] ==
        "ask.yml:7: 'requird' is not a key");
}

}  // namespace
}  // namespace issuelint::report_test
