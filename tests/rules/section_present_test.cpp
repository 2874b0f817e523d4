// section-present: a section of the template missing from the draft is one finding, with no
// place (line 0) and named by its template path; a renamed heading is pointed out.
#include "tests/rules/rule_test_support.h"

using namespace issuelint;
using namespace issuelint::testing;

namespace {

const char* const kSectionPresentTemplate =
    "---\nname: Bug report\ntitle: '[BUG] '\n---\n"
    "## Summary\n\nA clear description of the bug.\n\n"
    "## Steps to Reproduce\n\n1. Go to ...\n\n"
    "### Environment\n\n- OS: [e.g. macOS]\n\n"
    "## Expected Behavior\n\nWhat you expected.\n";

const char* const kTopLevel = "id: section-missing\nkind: section-present\nlevels: [1, 2]\n";
const char* const kSubLevel =
    "id: subsection-missing\nkind: section-present\nlevels: [3, 4, 5, 6]\nseverity: warning\n";

}  // namespace

TEST_CASE("section-present is silent when every section is there, whatever emoji or bold") {
  const auto issue_template = make_template(kSectionPresentTemplate);
  const std::string draft =
      "## 🐛 **Summary**\n\nSaving twice makes two bookings.\n\n"
      "## Steps to reproduce:\n\n1. Save\n\n### ENVIRONMENT\n\n- OS: Linux\n\n"
      "## Expected behavior (if applicable)\n\nOne booking.\n\n## My own extra section\n\nhi\n";
  CHECK(run_rule(kTopLevel, draft, &issue_template).empty());
  CHECK(run_rule(kSubLevel, draft, &issue_template).empty());
}

TEST_CASE("section-present reports a missing top-level section at line 0 with its title") {
  const auto issue_template = make_template(kSectionPresentTemplate);
  const std::string draft =
      "## Summary\n\nx\n\n## Steps to Reproduce\n\n1. a\n\n### Environment\n\n- OS: Linux\n";
  const auto findings = run_rule(kTopLevel, draft, &issue_template);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].rule == "section-missing");
  CHECK(findings[0].severity == Severity::error);
  CHECK(findings[0].section == "Expected Behavior");
  CHECK(findings[0].line == 0);
  CHECK(findings[0].column == 0);
  CHECK(findings[0].message == "section 'Expected Behavior' is missing");
}

TEST_CASE("section-present names a missing sub-section by its path, at the configured level") {
  const auto issue_template = make_template(kSectionPresentTemplate);
  const std::string draft =
      "## Summary\n\nx\n\n## Steps to Reproduce\n\n1. a\n\n## Expected Behavior\n\ny\n";
  CHECK(run_rule(kTopLevel, draft, &issue_template).empty());
  const auto findings = run_rule(kSubLevel, draft, &issue_template);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].severity == Severity::warning);
  CHECK(findings[0].section == "Steps to Reproduce > Environment");
  CHECK(findings[0].message == "section 'Environment' is missing");
}

TEST_CASE("section-present does not report the sub-section of a missing section again") {
  const auto issue_template = make_template(kSectionPresentTemplate);
  const std::string draft = "## Summary\n\nx\n\n## Expected Behavior\n\ny\n";
  const auto top = run_rule(kTopLevel, draft, &issue_template);
  REQUIRE(top.size() == 1);
  CHECK(top[0].section == "Steps to Reproduce");
  CHECK(run_rule(kSubLevel, draft, &issue_template).empty());
}

TEST_CASE("section-present says a similar heading was probably renamed") {
  const auto issue_template = make_template(kSectionPresentTemplate);
  const std::string draft =
      "## Summary\n\nx\n\n## Steps I took to Reproduce\n\n1. a\n\n### Environment\n\nLinux\n\n"
      "## Expected Behavior\n\ny\n";
  const auto findings = run_rule(kTopLevel, draft, &issue_template);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].message ==
        "section 'Steps to Reproduce' is missing (the issue has 'Steps I took to Reproduce' "
        "instead: was it renamed?)");
  CHECK(findings[0].help.find("rename 'Steps I took to Reproduce' back") != std::string::npos);
}

TEST_CASE("section-present says a missing heading is inside a code block left open") {
  const auto issue_template = make_template(kSectionPresentTemplate);
  // The fence of the steps is closed too late (or never): GitHub shows the next heading as code.
  for (const std::string fence : {"```", "~~~~"}) {
    for (const std::string& close : {std::string(), fence + "\n"}) {
      INFO(fence + " closed: " + (close.empty() ? "no" : "yes"));
      const std::string draft = "## Summary\n\nx\n\n## Steps to Reproduce\n\n" + fence +
                                "sh\nnpm start\n\n### Environment\n\n- OS: Linux\n\n"
                                "  ## Expected behavior\n\ny\n" +
                                close;
      const auto findings = run_rule(kTopLevel, draft, &issue_template);
      REQUIRE(findings.size() == 1);
      CHECK(findings[0].section == "Expected Behavior");
      CHECK(findings[0].line == 14);
      CHECK(findings[0].column == 1);
      CHECK(findings[0].message ==
            "section 'Expected Behavior' is inside the code block opened at line 7, so GitHub "
            "shows it as code, not as a heading");
      CHECK(findings[0].help == "close the code block (a line of " + fence +
                                    ") before the 'Expected Behavior' heading");
      // Its sub-section, also swallowed, is said at its own line by the rule of its level.
      const auto sub = run_rule(kSubLevel, draft, &issue_template);
      REQUIRE(sub.size() == 1);
      CHECK(sub[0].line == 10);
    }
  }
  // Not a heading in code: "#hashtag", four spaces of indent, a heading of another name.
  const std::string draft =
      "## Summary\n\nx\n\n## Steps to Reproduce\n\n```\n#Expected Behavior\n"
      "    ## Expected Behavior\n## Expected results\n";
  const auto findings = run_rule(kTopLevel, draft, &issue_template);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].line == 0);
  CHECK(findings[0].message == "section 'Expected Behavior' is missing");
}

TEST_CASE("section-present with listed sections checks only those, without a template") {
  const char* const rule =
      "id: needs-summary\nkind: section-present\nsections: [Summary, Workaround]\n"
      "severity: warning\n";
  const auto findings = run_rule(rule, "## Summary\n\nx\n");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].section == "Workaround");
  CHECK(findings[0].severity == Severity::warning);
  CHECK(run_rule(rule, "## summary\n\nx\n\n## **Workaround:**\n\ny\n").empty());
}

TEST_CASE("section-present without sections or a template checks nothing") {
  CHECK(run_rule(kTopLevel, "## Anything\n\nx\n").empty());
}

TEST_CASE("section-present rejects levels that are not a list of numbers") {
  auto rule = try_rule("id: x\nkind: section-present\nlevels: two\n");
  REQUIRE_FALSE(rule.ok());
  CHECK(rule.error().where.find("test.yml:3:") == 0);
  rule = try_rule("id: x\nkind: section-present\nlevels: [a]\n");
  REQUIRE_FALSE(rule.ok());
}

TEST_CASE("section-present finds sections in any order, before and after the last one found") {
  // The search for each template section starts after the heading found last and wraps.
  const auto issue_template = make_template(kSectionPresentTemplate);
  const std::string shuffled =
      "## Expected Behavior\n\ny\n\n## Summary\n\nx\n\n## Steps to Reproduce\n\n1. a\n\n"
      "### Environment\n\n- OS: Linux\n";
  CHECK(run_rule(kTopLevel, shuffled, &issue_template).empty());
  CHECK(run_rule(kSubLevel, shuffled, &issue_template).empty());
  const std::string reversed_without_summary =
      "## Expected Behavior\n\ny\n\n### Environment\n\n- OS: Linux\n\n## Steps to Reproduce\n\n"
      "1. a\n\n## Expected Behavior\n\nagain\n";
  const auto findings = run_rule(kTopLevel, reversed_without_summary, &issue_template);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].message == "section 'Summary' is missing");
  CHECK(run_rule(kTopLevel, "", &issue_template).size() == 3);
}
