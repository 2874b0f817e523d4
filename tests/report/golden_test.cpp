// Golden outputs: every format of a few hand-built verdicts, compared byte for byte with
// fixtures/report/<case>.<format>. Rewrite them with ISSUELINT_UPDATE_GOLDENS=1 (see
// report_samples.h) and review the diff. A file in fixtures/report/ that no case produces fails.
#include <catch2/catch.hpp>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "bot/report/comment_report.h"
#include "bot/report/github_annotations.h"
#include "bot/report/json_report.h"
#include "bot/report/sarif_report.h"
#include "bot/report/text_report.h"
#include "tests/report/report_samples.h"

namespace issuelint::report_test {
namespace {

struct GoldenCase {
  std::string name;
  Verdict (*make)();
};

const std::vector<GoldenCase>& golden_cases() {
  static const std::vector<GoldenCase> cases = {
      {"needs-info", needs_info_verdict},
      {"clean", clean_verdict},
      {"clean-with-advice", clean_with_advice_verdict},
      {"no-template", no_template_verdict},
  };
  return cases;
}

const std::vector<std::string>& golden_formats() {
  static const std::vector<std::string> formats = {".txt",   ".colour.txt",  ".json",
                                                   ".sarif", ".annotations", ".comment.md"};
  return formats;
}

CommentOptions comment_options(const std::vector<RuleInfo>& catalog) {
  CommentOptions options;
  options.template_file = ".github/ISSUE_TEMPLATE/database_migration.md";
  options.title = "[DB] Add users.last_seen";
  options.rule_lookup = [&catalog](std::string_view id) { return find_rule(catalog, id); };
  return options;
}

std::string render(const std::string& format, Verdict verdict,
                   const std::vector<RuleInfo>& catalog) {
  if (format == ".txt") return render_text_report("draft.md", verdict, {});
  if (format == ".colour.txt") return render_text_report("draft.md", verdict, {.colour = true});
  if (format == ".comment.md") return render_comment(verdict, comment_options(catalog));
  if (format == ".json") {
    verdict.comment = render_comment(verdict, comment_options(catalog));
    return render_json_report(verdict);
  }
  if (format == ".sarif") {
    auto sarif = render_sarif_json({{"draft.md", &verdict}}, catalog,
                                   {.information_uri = "https://example.invalid/issuelint"});
    sarif["runs"][0]["tool"]["driver"]["version"] = "VERSION";  // goldens outlive releases
    return sarif.dump(2) + '\n';
  }
  return render_github_annotations(verdict, {.file = "draft.md"});
}

TEST_CASE("every format of every sample verdict matches its golden file") {
  const std::vector<RuleInfo> catalog = sample_catalog();
  for (const GoldenCase& golden : golden_cases()) {
    for (const std::string& format : golden_formats()) {
      SECTION(golden.name + format) {
        check_golden(golden.name + format, render(format, golden.make(), catalog));
      }
    }
  }
}

TEST_CASE("fixtures/report holds no golden file that no case produces") {
  std::set<std::string> expected;
  for (const GoldenCase& golden : golden_cases()) {
    for (const std::string& format : golden_formats()) expected.insert(golden.name + format);
  }
  const std::filesystem::path folder = std::string(ISSUELINT_SOURCE_DIR) + "/fixtures/report";
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    const std::string name = entry.path().filename().string();
    // cli/ holds the CLI's goldens on real fixture issues, checked by their own test.
    if (name == "README.md" || entry.is_directory()) continue;
    INFO("orphaned golden file fixtures/report/" << name);
    CHECK(expected.count(name) == 1);
  }
}

TEST_CASE("several files print as JSON Lines, one compact verdict a line, in order") {
  const std::string lines =
      render_json_line(needs_info_verdict(), "a.md") + render_json_line(clean_verdict(), "<stdin>");
  CHECK(std::count(lines.begin(), lines.end(), '\n') == 2);
  const auto first = nlohmann::json::parse(lines.substr(0, lines.find('\n')));
  const auto second = nlohmann::json::parse(lines.substr(lines.find('\n') + 1));
  CHECK(first["verdict"] == "needs-info");
  CHECK(second["verdict"] == "ok");
  // Each line names its draft, after the contract's members, which keep their order.
  CHECK(first["file"] == "a.md");
  CHECK(second["file"] == "<stdin>");
  const auto keys = nlohmann::ordered_json::parse(lines.substr(0, lines.find('\n')));
  std::vector<std::string> names;
  for (const auto& item : keys.items()) names.push_back(item.key());
  CHECK(names ==
        std::vector<std::string>{"template", "verdict", "findings", "labels", "comment", "file"});
}

}  // namespace
}  // namespace issuelint::report_test
