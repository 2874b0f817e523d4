// section-filled: a listed section must hold the author's own words; the template's
// placeholder prose and example code do not count.
#include "tests/rules/rule_test_support.h"

using namespace issuelint;
using namespace issuelint::testing;

namespace {

const char* const kSectionFilledTemplate =
    "## Overview\n\nA clear description of the change.\n\n"
    "## Rollback\n\n```sql\n-- SQL commands to rollback changes\n```\n\n"
    "## Notes\n\n### Details\n\nAnything else.\n";

const char* const kSectionFilledRule =
    "id: section-empty\nkind: section-filled\nsections: [Overview, Rollback]\nseverity: error\n";

}  // namespace

TEST_CASE("section-filled fires at the heading when the placeholder is left as it was") {
  const auto issue_template = make_template(kSectionFilledTemplate);
  const std::string draft =
      "## Overview\n\nA clear description of the change.\n\n## Rollback\n\n```sql\nDROP TABLE "
      "audit_log;\n```\n";
  const auto findings = run_rule(kSectionFilledRule, draft, &issue_template);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].rule == "section-empty");
  CHECK(findings[0].severity == Severity::error);
  CHECK(findings[0].section == "Overview");
  CHECK(findings[0].line == 1);
  CHECK(findings[0].column == 1);
  CHECK(findings[0].message == "section 'Overview' still holds the template's placeholder text");
}

TEST_CASE("section-filled says 'is empty' for a bare heading and counts example code as empty") {
  const auto issue_template = make_template(kSectionFilledTemplate);
  const std::string draft =
      "## Overview\n\n## Rollback\n\n```sql\n-- SQL commands to rollback changes\n```\n";
  const auto findings = run_rule(kSectionFilledRule, draft, &issue_template);
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].message == "section 'Overview' is empty");
  CHECK(findings[1].section == "Rollback");
  CHECK(findings[1].line == line_of(draft, "## Rollback"));
  CHECK(findings[1].message == "section 'Rollback' still holds the template's placeholder text");
}

TEST_CASE("section-filled is silent when the author wrote prose or real code") {
  const auto issue_template = make_template(kSectionFilledTemplate);
  const std::string draft =
      "## Overview\n\nAdds an audit_log table.\n\n## Rollback\n\n```sql\n-- SQL commands to "
      "rollback changes\nDROP TABLE audit_log;\n```\n";
  CHECK(run_rule(kSectionFilledRule, draft, &issue_template).empty());
}

TEST_CASE("section-filled counts what is written in a sub-section") {
  const auto issue_template = make_template(kSectionFilledTemplate);
  const char* const rule = "id: notes-filled\nkind: section-filled\nsections: [Notes]\n";
  CHECK(run_rule(rule, "## Notes\n\n### Details\n\nIt runs at night.\n", &issue_template).empty());
  CHECK(run_rule(rule, "## Notes\n\n### Details\n\nAnything else.\n", &issue_template).size() == 1);
}

TEST_CASE("section-filled reports once that it could not check a missing section") {
  const auto issue_template = make_template(kSectionFilledTemplate);
  const auto findings = run_rule(kSectionFilledRule, "## Intro\n\nhello\n", &issue_template);
  require_cannot_check(findings, "section-empty", "Overview");
}

TEST_CASE("section-filled needs its sections") {
  REQUIRE_FALSE(try_rule("id: x\nkind: section-filled\n").ok());
  REQUIRE_FALSE(try_rule("id: x\nkind: section-filled\nsections: {a: b}\n").ok());
}

TEST_CASE("section-filled does not take a stand-in such as TBD or N/A for an answer") {
  const auto issue_template = make_template(kSectionFilledTemplate);
  const char* const rule = "id: overview-filled\nkind: section-filled\nsections: [Overview]\n";
  for (const std::string stand_in : {"TBD", "N/A", "n/a", "TODO.", "To be determined", "WIP"}) {
    INFO(stand_in);
    const auto findings = run_rule(rule, "## Overview\n\n" + stand_in + "\n", &issue_template);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].message ==
          "section 'Overview' holds only '" + stand_in + "', which stands in for an answer");
  }
  for (const std::string answer : {"None: the table is new.", "None", "TBD: batches of 10k rows"}) {
    INFO(answer);
    CHECK(run_rule(rule, "## Overview\n\n" + answer + "\n", &issue_template).empty());
  }
}

// The template's own guidance names the answer for a section that does not apply: that answer
// is the author's, and only that one, only there.
TEST_CASE("section-filled takes the stand-in the template's guidance asks for as an answer") {
  const auto issue_template = make_template(
      "## Overview\n\n<!-- What changes. -->\n\n"
      "## Project\n\n<!-- A project that shows it. If the steps need none, write \"N/A\". -->\n");
  const char* const rule = "id: x\nkind: section-filled\nsections: [Overview, Project]\n";
  CHECK(run_rule(rule, "## Overview\n\nThe save button.\n\n## Project\n\nN/A\n", &issue_template)
            .empty());
  const auto elsewhere =
      run_rule(rule, "## Overview\n\nN/A\n\n## Project\n\nTBD\n", &issue_template);
  REQUIRE(elsewhere.size() == 2);
  CHECK(elsewhere[0].message ==
        "section 'Overview' holds only 'N/A', which stands in for an answer");
  CHECK(elsewhere[1].message ==
        "section 'Project' holds only 'TBD', which stands in for an answer");
  // A template that says not to write it.
  const auto forbidding = make_template(
      "## Project\n\n<!-- A project that shows it. Do not write \"N/A\": explain why. -->\n");
  CHECK(run_rule("id: x\nkind: section-filled\nsections: [Project]\n", "## Project\n\nN/A\n",
                 &forbidding)
            .size() == 1);
}

// `sections: []` would check nothing (section-filled), or every section of the template
// (section-present), the opposite of what it says.
TEST_CASE("section-filled and section-present refuse an empty 'sections' list at its line") {
  for (const char* kind : {"section-filled", "section-present"}) {
    INFO(kind);
    auto rule = try_rule(std::string("id: x\nkind: ") + kind + "\nsections: []\n");
    REQUIRE_FALSE(rule.ok());
    CHECK(rule.error().message == "'sections' is empty: name at least one");
    CHECK(rule.error().where == "test.yml:3:11");
    CHECK(try_rule(std::string("id: x\nkind: ") + kind + "\nsections: [A]\n").ok());
  }
  auto rule = try_rule("id: x\nkind: section-filled\nsections: {a: b}\n");
  REQUIRE_FALSE(rule.ok());
  CHECK(rule.error().message == "'sections' must be a string or a list of strings");
}
