// exclusive: one option rules out the others of its own group.
#include "tests/rules/rule_test_support.h"

using namespace issuelint;
using namespace issuelint::testing;

namespace {

const char* const kExclusiveRule =
    "id: no-data-migration-exclusive\nkind: exclusive\nsection: Data Migration Requirements\n"
    "option: No data migration needed\n";

std::string draft(char none, char backfill, char transform) {
  return std::string("## Data Migration Requirements\n\n") + "- [" + none +
         "] **No data migration needed** - Safe schema-only changes\n" + "- [" + backfill +
         "] **Data backfill required** - Populate new columns\n" + "- [" + transform +
         "] **Data transformation** - Convert formats\n";
}

}  // namespace

TEST_CASE("exclusive fires once per other ticked option, at that option's box") {
  const std::string body = draft('x', 'x', 'x');
  const auto findings = run_rule(kExclusiveRule, body);
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].rule == "no-data-migration-exclusive");
  CHECK(findings[0].severity == Severity::error);
  CHECK(findings[0].section == "Data Migration Requirements");
  CHECK(findings[0].line == line_of(body, "[x] **Data backfill"));
  CHECK(findings[0].column == 3);
  CHECK(findings[0].message ==
        "'No data migration needed' excludes 'Data backfill required', yet both are ticked");
  CHECK(findings[1].line == line_of(body, "[x] **Data transformation"));
}

TEST_CASE("exclusive is silent when the option stands alone or is not ticked") {
  CHECK(run_rule(kExclusiveRule, draft('x', ' ', ' ')).empty());
  CHECK(run_rule(kExclusiveRule, draft(' ', 'x', 'x')).empty());
}

TEST_CASE("exclusive leaves other groups of the section alone") {
  const std::string body = draft('x', ' ', ' ') + "\nAlso:\n\n- [x] Something else entirely\n";
  CHECK(run_rule(kExclusiveRule, body).empty());
}

TEST_CASE("exclusive on an inline group") {
  const char* const rule = "id: none-exclusive\nkind: exclusive\nsection: Context\noption: None\n";
  const std::string body = "## Context\n\nRelated to: [x] None / [x] Scheduling / [ ] Auth\n";
  const auto findings = run_rule(rule, body);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].line == 3);
  CHECK(findings[0].message == "'None' excludes 'Scheduling', yet both are ticked");
}

TEST_CASE("exclusive reports a missing section once as info") {
  require_cannot_check(run_rule(kExclusiveRule, "## Other\n\n- [x] a\n"),
                       "no-data-migration-exclusive", "Data Migration Requirements");
}

TEST_CASE("exclusive needs section and option") {
  REQUIRE_FALSE(try_rule("id: x\nkind: exclusive\nsection: A\n").ok());
  REQUIRE_FALSE(try_rule("id: x\nkind: exclusive\noption: A\n").ok());
}
