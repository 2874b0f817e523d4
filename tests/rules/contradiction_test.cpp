// contradiction: two conditions, often in different sections, that must not hold together.
#include "tests/rules/rule_test_support.h"

using namespace issuelint;
using namespace issuelint::testing;

namespace {

const char* const kContradictionRule =
    "id: deprecation-non-breaking\nkind: contradiction\n"
    "when: {ticked: \"Migration Type > Deprecation\"}\n"
    "and: {ticked: \"Breaking Changes Impact > Non-breaking\"}\nseverity: warning\n";

std::string draft(char deprecation, char non_breaking) {
  return std::string("## Migration Type\n\n- [ ] 🆕 **New Table** - Creating a new table\n") +
         "- [" + deprecation + "] 🗑️ **Deprecation** - Removing columns/tables\n\n" +
         "## Breaking Changes Impact\n\n- [" + non_breaking +
         "] **Non-breaking** - Additive changes only\n- [ ] **Breaking** - Requires changes\n";
}

}  // namespace

TEST_CASE("contradiction fires across sections, anchored at the second box") {
  const std::string body = draft('x', 'x');
  const auto findings = run_rule(kContradictionRule, body);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].rule == "deprecation-non-breaking");
  CHECK(findings[0].severity == Severity::warning);
  CHECK(findings[0].section == "Breaking Changes Impact");
  CHECK(findings[0].line == line_of(body, "[x] **Non-breaking"));
  CHECK(findings[0].message ==
        "'Deprecation' is ticked and 'Non-breaking' is ticked: the two contradict each other");
}

TEST_CASE("contradiction is silent unless both hold") {
  CHECK(run_rule(kContradictionRule, draft('x', ' ')).empty());
  CHECK(run_rule(kContradictionRule, draft(' ', 'x')).empty());
  CHECK(run_rule(kContradictionRule, draft(' ', ' ')).empty());
}

TEST_CASE("contradiction uses the entry's own message and help") {
  const char* const rule =
      "id: c\nkind: contradiction\nwhen: {ticked: \"Migration Type > Deprecation\"}\n"
      "and: {ticked: \"Breaking Changes Impact > Non-breaking\"}\n"
      "message: removing things breaks things\nhelp: tick Breaking\n";
  const auto findings = run_rule(rule, draft('x', 'x'));
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].message == "removing things breaks things");
  CHECK(findings[0].help == "tick Breaking");
}

TEST_CASE("contradiction over groups and written sections") {
  const char* const rule =
      "id: none-yet-areas\nkind: contradiction\n"
      "when: {none_ticked_in: \"Breaking Changes Impact\"}\n"
      "and: {filled: \"Notes\"}\n";
  const std::string body = draft(' ', ' ') + "\n## Notes\n\nIt breaks the API.\n";
  const auto findings = run_rule(rule, body);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].section == "Notes");
  CHECK(findings[0].line == line_of(body, "## Notes"));
  CHECK(run_rule(rule, draft(' ', 'x') + "\n## Notes\n\nIt breaks the API.\n").empty());
}

TEST_CASE("contradiction reports once that it could not check when a section it needs is gone") {
  const std::string body = "## Migration Type\n\n- [x] **Deprecation** - Removing\n";
  require_cannot_check(run_rule(kContradictionRule, body), "deprecation-non-breaking",
                       "Breaking Changes Impact");
}

TEST_CASE("contradiction says nothing of a missing section when the other side rules it out") {
  // 'Deprecation' is present and not ticked: no contradiction is possible, whatever the
  // missing section would have said, so "could not check" would be noise.
  const std::string body = "## Migration Type\n\n- [ ] **Deprecation** - Removing\n";
  CHECK(run_rule(kContradictionRule, body).empty());
}

TEST_CASE("contradiction needs two valid conditions") {
  REQUIRE_FALSE(try_rule("id: x\nkind: contradiction\nwhen: {ticked: \"A > B\"}\n").ok());
  auto rule = try_rule("id: x\nkind: contradiction\nwhen: {ticked: \"A B\"}\nand: {filled: C}\n");
  REQUIRE_FALSE(rule.ok());
  CHECK(rule.error().message.find("'Section > Option'") != std::string::npos);
  rule = try_rule("id: x\nkind: contradiction\nwhen: {tickd: \"A > B\"}\nand: {filled: C}\n");
  REQUIRE_FALSE(rule.ok());
  CHECK(rule.error().message.find("unknown condition 'tickd'") == 0);
  CHECK(rule.error().where == "test.yml:3:8");
}
