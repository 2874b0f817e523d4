// `issuelint check` output formats over several drafts, as an audit of the formats found them
// mishandled: GitHub's annotation limit per step, JSON Lines of unreadable files, the Markdown
// separator's file name, the core rules' documentation and the comment's reproducing command.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/cli/cli_support.h"

namespace fs = std::filesystem;

using namespace issuelint::cli_test;

namespace {

const std::string kFlagshipOption =
    "--template " + kSource + "/fixtures/templates/db-migration.md ";

// How many times `needle` occurs in `text`.
std::size_t count_of(const std::string& text, const std::string& needle) {
  std::size_t count = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1))
    ++count;
  return count;
}

// A draft with a heading but none of the template's sections: an error for each required one.
fs::path draft_without_sections(const fs::path& dir, const std::string& name) {
  const fs::path draft = dir / name;
  std::ofstream(draft) << "## Something else\n\nhello\n";
  return draft;
}

}  // namespace

TEST_CASE("check --format github: at most 10 annotations of a kind over all the files") {
  const fs::path dir = scratch_dir("github-cap");
  const fs::path first = draft_without_sections(dir, "first.md");
  const fs::path second = draft_without_sections(dir, "second.md");
  const auto result = run_shell(
      "", "check " + kFlagshipOption + "--format github " + first.string() + " " + second.string(),
      "2>/dev/null");
  CHECK(result.status == 1);
  CHECK(count_of(result.output, "::error ") == 10);
  CHECK(count_of(result.output, "::error file=" + second.string()) == 0);
  CHECK(count_of(result.output, "not shown") == 1);
  // 15 errors in each draft (its required sections are missing): 30, of which 10 are shown.
  CHECK(result.output.find("issuelint: 20 errors, ") != std::string::npos);
}

TEST_CASE("check --format github: a file that could not be read is an error annotation") {
  const fs::path dir = scratch_dir("github-unreadable");
  const fs::path draft = draft_without_sections(dir, "draft.md");
  const std::string missing = (dir / "nope.md").string();
  const auto some = run_shell(
      "", "check " + kFlagshipOption + "--format github " + draft.string() + " " + missing,
      "2>/dev/null");
  CHECK(some.status == 2);
  CHECK(some.output.starts_with("::error title=issuelint::" + missing + ": no such file\n"));
  CHECK(count_of(some.output, "::error file=" + draft.string() + ",") == 9);

  const auto none =
      run_shell("", "check " + kFlagshipOption + "--format github " + missing, "2>/dev/null");
  CHECK(none.status == 2);
  CHECK(none.output == "::error title=issuelint::" + missing + ": no such file\n");
}

TEST_CASE("check --format json: every file unreadable still gives a line for each, exit 2") {
  const fs::path dir = scratch_dir("json-all-unreadable");
  const std::string missing = (dir / "nope.md").string();
  const std::string also_missing = (dir / "nope2.md").string();
  const auto result =
      run_shell("", "check " + kFlagshipOption + "--format json " + missing + " " + also_missing,
                "2>/dev/null");
  CHECK(result.status == 2);
  const auto lines = json_lines(result.output);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].starts_with("{\"file\":"));  // in the README's order, not sorted
  CHECK(nlohmann::json::parse(lines[0]) ==
        nlohmann::json{{"file", missing}, {"error", "no such file"}});
  CHECK(nlohmann::json::parse(lines[1]) ==
        nlohmann::json{{"file", also_missing}, {"error", "no such file"}});
}

TEST_CASE("check --format markdown: a file name cannot close the separator's HTML comment") {
  const fs::path dir = scratch_dir("markdown-separator");
  const fs::path plain = draft_without_sections(dir, "plain.md");
  const fs::path hostile = draft_without_sections(dir, "x--><img src=y>.md");
  const auto result =
      run_shell("cd " + dir.string() + " && ",
                "check " + kFlagshipOption + "--format markdown plain.md 'x--><img src=y>.md'",
                "2>/dev/null");
  CHECK(result.output.find("<!-- issuelint: draft plain.md -->\n") != std::string::npos);
  CHECK(result.output.find("<!-- issuelint: draft x-&#45;><img src=y>.md -->\n") !=
        std::string::npos);
  // Each separator line holds exactly one comment end, its own.
  std::size_t separators = 0;
  std::size_t start = 0;
  while (start < result.output.size()) {
    const std::size_t end = std::min(result.output.find('\n', start), result.output.size());
    const std::string line = result.output.substr(start, end - start);
    start = end + 1;
    if (!line.starts_with("<!-- issuelint: draft ")) continue;
    ++separators;
    CHECK(count_of(line, "--") == 2);  // "<!--" and "-->"
    CHECK(line.ends_with(" -->"));
  }
  CHECK(separators == 2);
}

TEST_CASE("check: the core rules are documented in SARIF and in the comment") {
  const fs::path dir = scratch_dir("core-rules");
  const fs::path draft = dir / "bad-bytes.md";
  std::ofstream(draft, std::ios::binary) << "## Migration Overview\n\nbad \xFF byte\n";
  const auto sarif =
      run_shell("", "check " + kFlagshipOption + "--format sarif " + draft.string(), "2>/dev/null");
  const auto rules = nlohmann::json::parse(sarif.output)["runs"][0]["tool"]["driver"]["rules"];
  for (const char* id : {"input-repaired", "template-unmatched"}) {
    INFO(id);
    const auto rule = std::find_if(rules.begin(), rules.end(),
                                   [&](const nlohmann::json& r) { return r["id"] == id; });
    REQUIRE(rule != rules.end());
    CHECK((*rule)["shortDescription"]["text"] != id);
    CHECK_FALSE((*rule)["fullDescription"]["text"].get<std::string>().empty());
    CHECK_FALSE((*rule)["help"]["markdown"].get<std::string>().empty());
  }
  const auto markdown = run_shell(
      "", "check " + kFlagshipOption + "--format markdown --title '[DB] x' " + draft.string(),
      "2>/dev/null");
  const std::size_t about = markdown.output.find("About these rules");
  REQUIRE(about != std::string::npos);
  CHECK(markdown.output.find("- `input-repaired`: The draft held something the parser had to "
                             "repair or cut",
                             about) != std::string::npos);
}

TEST_CASE("check --format markdown: the comment's command reproduces the verdict") {
  const fs::path dir = scratch_dir("hint-reproduces");
  const fs::path config = dir / "sev.yml";
  std::ofstream(config) << "rules:\n  breaking-standard-deployment: error\n";
  const fs::path draft = draft_without_sections(dir, "draft.md");
  const std::string template_file = kSource + "/fixtures/templates/db-migration.md";
  const auto configured = run_shell("",
                                    "check " + kFlagshipOption + "--config " + config.string() +
                                        " --format markdown --title '' " + draft.string(),
                                    "2>/dev/null");
  CHECK(configured.output.find("`issuelint check --template " + template_file + " --config " +
                               config.string() + " --title '' issue.md`") != std::string::npos);

  // A draft no template matches: the hint names the templates it was held against.
  fs::create_directories(dir / "templates");
  std::ofstream(dir / "templates" / "bug.md")
      << "---\nname: Bug report\n---\n\n## Describe the bug\n\nWhat broke?\n";
  std::ofstream(dir / "templates" / "feature.md")
      << "---\nname: Feature request\n---\n\n## Problem\n\nWhat problem?\n";
  std::ofstream(dir / "empty.md") << "\n";
  const auto unmatched = run_shell("cd " + dir.string() + " && ",
                                   "check --template templates --format markdown --title 'T' "
                                   "empty.md",
                                   "2>/dev/null");
  CHECK(unmatched.status == 1);
  CHECK(unmatched.output.find("`issuelint check --template templates --title T issue.md`") !=
        std::string::npos);
}

TEST_CASE("check: a report that cannot be written exits 2 with a reason, whatever the verdict") {
  // /dev/full takes no byte (ENOSPC): a CI step writing `> results.sarif` on a full disk.
  const std::string clean = kSource + "/fixtures/issues/complete-audit-log.md";
  const std::string failing = kSource + "/fixtures/issues/missing-rollback-plan.md";
  for (const std::string format : {"text", "json", "sarif", "markdown", "github"}) {
    for (const std::string& draft : {clean, failing}) {
      INFO(format << " " << draft);
      const auto written = run_shell(
          "", "check " + kFlagshipOption + "--format " + format + " " + draft + " >/dev/null",
          "2>&1");
      CHECK(written.status != 2);
      const auto lost = run_shell(
          "", "check " + kFlagshipOption + "--format " + format + " " + draft, "2>&1 >/dev/full");
      CHECK(lost.status == 2);
      CHECK_THAT(lost.output, Catch::Contains("cannot write the output"));
    }
  }
  const auto rules = run_shell("", "rules", "2>&1 >/dev/full");
  CHECK(rules.status == 2);
  CHECK_THAT(rules.output, Catch::Contains("cannot write the output"));
}

TEST_CASE("check: SARIF of drafts none of which could be read is still a log, of a failed run") {
  const fs::path dir = scratch_dir("sarif-unreadable");
  const auto result =
      run_shell("cd " + dir.string() + " && ",
                "check " + kFlagshipOption + "--format sarif gone.md also-gone.md", "2>/dev/null");
  CHECK(result.status == 2);
  const auto log = nlohmann::json::parse(result.output);
  const auto& invocation = log["runs"][0]["invocations"][0];
  CHECK(invocation["executionSuccessful"] == false);
  CHECK(invocation["toolExecutionNotifications"].size() == 2);
  CHECK(log["runs"][0]["results"].empty());
}

TEST_CASE("check --format sarif: one file spelled three ways is one artifact, its results once") {
  const fs::path dir = scratch_dir("sarif-spellings");
  draft_without_sections(dir, "x.md");
  const std::string absolute = (dir / "x.md").string();
  const auto once = run_shell("cd " + dir.string() + " && ",
                              "check " + kFlagshipOption + "--format sarif x.md", "2>/dev/null");
  const auto thrice = run_shell(
      "cd " + dir.string() + " && ",
      "check " + kFlagshipOption + "--format sarif x.md ./x.md " + absolute, "2>/dev/null");
  CHECK(thrice.status == 1);
  const auto log = nlohmann::json::parse(thrice.output);
  const auto& artifacts = log["runs"][0]["artifacts"];
  REQUIRE(artifacts.size() == 1);
  CHECK(artifacts[0]["location"]["uri"] == "x.md");  // as first given
  CHECK(log["runs"][0]["results"].size() ==
        nlohmann::json::parse(once.output)["runs"][0]["results"].size());
}

TEST_CASE("check --format sarif: a draft named above the current directory is a file URI") {
  const fs::path dir = scratch_dir("sarif-climbing");
  draft_without_sections(dir, "x.md");
  fs::create_directories(dir / "sub");
  const auto result = run_shell(
      "cd " + (dir / "sub").string() + " && ",
      "check " + kFlagshipOption + "--format sarif ../x.md ../sub/../x.md", "2>/dev/null");
  CHECK(result.status == 1);
  const auto log = nlohmann::json::parse(result.output);
  const auto& artifacts = log["runs"][0]["artifacts"];
  REQUIRE(artifacts.size() == 1);
  // Against %SRCROOT%, the checkout's root, "../x.md" would name a file outside it.
  CHECK(artifacts[0]["location"]["uri"] == "file://" + (dir / "x.md").string());
  CHECK(!artifacts[0]["location"].contains("uriBaseId"));
}

namespace {

// The comment on fixtures/issues/overview-placeholder.md (filled in but for the overview's
// placeholder: section-empty and the extra rule both fire) with an extra rule
// 'overview-in-own-words' on that section, its entry ending in `entry_keys`.
std::string comment_with_overview_rule(const std::string& scratch, const std::string& entry_keys) {
  const fs::path config = scratch_dir(scratch) / "extra.yml";
  std::ofstream(config) << "extra_rules:\n"
                           "  - id: overview-in-own-words\n"
                           "    kind: section-filled\n"
                           "    sections: [Migration Overview]\n" +
                               entry_keys;
  const std::string draft = kSource + "/fixtures/issues/overview-placeholder.md";
  return run_shell("",
                   "check " + kFlagshipOption + "--config " + config.string() +
                       " --format markdown --title '[DB] x' " + draft,
                   "2>/dev/null")
      .output;
}

}  // namespace

// `issuelint explain` documents the built-in rules only: the comment must not send its reader
// there for a rule of the repository's own configuration ("no rule named ...", exit 2).
TEST_CASE("check --format markdown: only built-in rules point to `issuelint explain`") {
  const std::string markdown =
      comment_with_overview_rule("explain-pointer", "    severity: warning\n");
  const std::size_t about = markdown.find("About these rules");
  REQUIRE(about != std::string::npos);
  const std::string rules = markdown.substr(about);
  CHECK(rules.find("- `section-empty`: ") != std::string::npos);
  CHECK(rules.find("(details: `issuelint explain section-empty`)") != std::string::npos);
  CHECK(rules.find("- `overview-in-own-words`: ") != std::string::npos);
  CHECK(rules.find("issuelint explain overview-in-own-words") == std::string::npos);
  CHECK(run_shell("", "explain overview-in-own-words", "2>/dev/null").status == 2);
}

// A repository's own rule points authors to its guide: the link in its help and summary works in
// the comment, where the same URL quoted from the issue would be made inert.
TEST_CASE("check --format markdown: a configured rule's help and summary keep their links") {
  const std::string markdown = comment_with_overview_rule(
      "configured-links",
      "    severity: error\n"
      "    summary: The overview, as [our guide](https://example.com/g) asks\n"
      "    help: see https://example.com/g#overview\n");
  CHECK(markdown.find("  \xE2\x86\x92 see https://example.com/g#overview\n") != std::string::npos);
  CHECK(markdown.find("- `overview-in-own-words`: The overview, as [our guide]"
                      "(https://example.com/g) asks\n") != std::string::npos);
}
