// requires: if one condition holds, another must hold too; the finding goes where the fix goes.
#include <tuple>

#include "tests/rules/rule_test_support.h"

using namespace issuelint;
using namespace issuelint::testing;

namespace {

const char* const kRequiresTemplate =
    "## Rollback Plan\n\n- [ ] **Automatically reversible** - Drizzle can reverse\n"
    "- [ ] **Manual rollback** - Custom rollback script needed\n\n"
    "### Rollback Script (if needed)\n\n```sql\n-- SQL commands to rollback changes\n```\n";

const char* const kRequiresRule =
    "id: manual-rollback-script\nkind: requires\n"
    "if: {ticked: \"Rollback Plan > Manual rollback\"}\nthen: {code: \"Rollback Script\"}\n";

std::string draft(char manual, const std::string& script) {
  return std::string("## Rollback Plan\n\n- [ ] **Automatically reversible** - Drizzle can\n") +
         "- [" + manual + "] **Manual rollback** - Custom rollback script needed\n\n" +
         "### Rollback Script (if needed)\n\n```sql\n" + script + "```\n";
}

}  // namespace

TEST_CASE("requires fires at the section to fill when the trigger holds and the need does not") {
  const auto issue_template = make_template(kRequiresTemplate);
  const std::string body = draft('x', "-- SQL commands to rollback changes\n");
  const auto findings = run_rule(kRequiresRule, body, &issue_template);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].rule == "manual-rollback-script");
  CHECK(findings[0].severity == Severity::error);
  CHECK(findings[0].section == "Rollback Plan > Rollback Script");
  CHECK(findings[0].line == line_of(body, "### Rollback Script"));
  CHECK(findings[0].message ==
        "'Manual rollback' is ticked, so 'Rollback Script' must hold a real code block, not the "
        "template's example");
}

TEST_CASE("requires is silent when the need holds or the trigger does not") {
  const auto issue_template = make_template(kRequiresTemplate);
  CHECK(run_rule(kRequiresRule, draft('x', "DROP TABLE audit_log;\n"), &issue_template).empty());
  CHECK(
      run_rule(kRequiresRule, draft(' ', "-- SQL commands to rollback changes\n"), &issue_template)
          .empty());
}

TEST_CASE("requires with a box requirement anchors at the trigger when the need has no place") {
  const char* const rule =
      "id: large-table-load-test\nkind: requires\nseverity: warning\n"
      "if: {ticked: \"Performance > Large table impact\"}\n"
      "then: {ticked: \"Testing > Load testing\"}\n";
  const std::string body =
      "## Performance\n\n- [x] **Large table impact** - >1M rows\n\n"
      "## Testing\n\n- [ ] **Load testing** - under production-like load\n";
  const auto findings = run_rule(rule, body);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].severity == Severity::warning);
  CHECK(findings[0].section == "Performance");
  CHECK(findings[0].line == 3);
  CHECK(findings[0].message == "'Large table impact' is ticked, so 'Load testing' must be ticked");
  std::string fixed = body;
  fixed.replace(fixed.find("[ ] **Load"), 3, "[x]");
  CHECK(run_rule(rule, fixed).empty());
}

TEST_CASE("requires over any/all/not conditions and sections") {
  const char* const rule =
      "id: breaking-areas\nkind: requires\n"
      "if: {any: [{ticked: \"Impact > Breaking\"}, {ticked: \"Impact > Potentially breaking\"}]}\n"
      "then: {any_ticked_in: \"Impact > If breaking, list affected areas\"}\n";
  const std::string body =
      "## Impact\n\n- [ ] **Non-breaking**\n- [x] **Potentially breaking**\n- [ ] **Breaking**\n\n"
      "### If breaking, list affected areas:\n\n- [ ] API endpoints\n- [ ] Jobs\n";
  const auto findings = run_rule(rule, body);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].line == line_of(body, "### If breaking"));
  CHECK(findings[0].message ==
        "'Breaking' is ticked or 'Potentially breaking' is ticked, so at least one box under "
        "'Impact > If breaking, list affected areas' must be ticked");
  std::string fixed = body;
  fixed.replace(fixed.find("[ ] Jobs"), 3, "[x]");
  CHECK(run_rule(rule, fixed).empty());
}

TEST_CASE("requires reports once that it could not check when the needed section is missing") {
  const auto issue_template = make_template(kRequiresTemplate);
  const std::string body =
      "## Rollback Plan\n\n- [x] **Manual rollback** - Custom rollback script needed\n";
  require_cannot_check(run_rule(kRequiresRule, body, &issue_template), "manual-rollback-script",
                       "Rollback Script");
}

TEST_CASE("requires reports that it could not check when the trigger's section is missing") {
  const auto issue_template = make_template(kRequiresTemplate);
  require_cannot_check(run_rule(kRequiresRule, "## Overview\n\nAdds a table.\n", &issue_template),
                       "manual-rollback-script", "Rollback Plan");
}

TEST_CASE("requires needs 'if' and 'then'") {
  auto rule = try_rule("id: x\nkind: requires\nif: {filled: A}\n");
  REQUIRE_FALSE(rule.ok());
  CHECK(rule.error().message == "requires needs 'if' and 'then' conditions");
  CHECK(rule.error().where == "test.yml:1:1");
  REQUIRE_FALSE(try_rule("id: x\nkind: requires\nif: {filled: A}\nthen: {any: []}\n").ok());
  REQUIRE_FALSE(
      try_rule("id: x\nkind: requires\nif: {ticked: [\"A > B\", \"A > C\"]}\nthen: {filled: A}\n")
          .ok());
}

// A condition naming no box or no section could never hold: the rule would never fire, or say at
// every check that it could not run.
TEST_CASE("requires refuses a condition naming no box or no section, at its line") {
  for (const auto& [condition, message, where] :
       {std::tuple{"{ticked_any: []}", "'ticked_any' names no box", "test.yml:3:18"},
        {"{filled: ''}", "'filled' names no section", "test.yml:3:14"},
        {"{any: [{filled: A}, {none_ticked_in: ' '}]}", "'none_ticked_in' names no section",
         "test.yml:3:42"},
        {"{ticked_any: ['A > B', 'C']}", "a box is written 'Section > Option', got 'C'",
         "test.yml:3:28"}}) {
    INFO(condition);
    auto rule =
        try_rule(std::string("id: x\nkind: requires\nif: ") + condition + "\nthen: {filled: A}\n");
    REQUIRE_FALSE(rule.ok());
    CHECK(rule.error().message == message);
    CHECK(rule.error().where == where);
  }
}

TEST_CASE("requires: a code block of nothing but comments is no code") {
  const auto issue_template = make_template(kRequiresTemplate);
  for (const std::string script :
       {"-- no way back\n", "  -- restore from the nightly backup\n\n-- by hand\n",
        "/* restore\n   from the backup */\n"}) {
    INFO(script);
    CHECK(run_rule(kRequiresRule, draft('x', script), &issue_template).size() == 1);
  }
  for (const std::string script :
       {"-- undo\nDROP TABLE audit_log;\n", "/* undo */ DROP TABLE audit_log;\n",
        "/* undo\n*/ DROP TABLE audit_log;\n"}) {
    INFO(script);
    CHECK(run_rule(kRequiresRule, draft('x', script), &issue_template).empty());
  }
  // By the fence's language: '#' starts a comment in bash, not in SQL.
  const auto bash = make_template(
      "## Rollback Plan\n\n- [ ] **Manual rollback** - Custom rollback script needed\n\n"
      "### Rollback Script (if needed)\n\n```bash\n# ./rollback.sh\n```\n");
  const auto fenced = [](const std::string& language, const std::string& script) {
    return "## Rollback Plan\n\n- [x] **Manual rollback** - Custom rollback script needed\n\n"
           "### Rollback Script (if needed)\n\n```" +
           language + "\n" + script + "```\n";
  };
  CHECK(run_rule(kRequiresRule, fenced("bash", "# nothing to run\n"), &bash).size() == 1);
  CHECK(run_rule(kRequiresRule, fenced("bash", "# undo\npsql -f down.sql\n"), &bash).empty());
  CHECK(run_rule(kRequiresRule, fenced("text", "# not a comment here\n"), &bash).empty());
}

TEST_CASE("requires: a ticked option whose description the author rewrote is a note") {
  const auto issue_template = make_template(
      "## Security Considerations\n\n- [ ] **New sensitive data** - PII, credentials\n"
      "- [ ] **Encryption needed** - Specify columns requiring encryption\n");
  const char* const rule =
      "id: sensitive\nkind: requires\n"
      "if: {ticked: \"Security Considerations > New sensitive data\"}\n"
      "then:\n  any:\n    - {ticked: \"Security Considerations > Encryption needed\"}\n"
      "    - {filled: \"Security Considerations\"}\n";
  const auto findings_for = [&](const std::string& sensitive) {
    return run_rule(rule,
                    "## Security Considerations\n\n- [x] **New sensitive data** - " + sensitive +
                        "\n- [ ] **Encryption needed** - Specify columns requiring encryption\n",
                    &issue_template);
  };
  CHECK(findings_for("PII, credentials").size() == 1);   // the template's words, only ticked
  CHECK(findings_for("pii,  Credentials").size() == 1);  // the same words, spaced and cased
  CHECK(findings_for("phone numbers, hashed with pgcrypto at rest").empty());
}

TEST_CASE("requires: 'noted' holds for a ticked box answered on its line or under it") {
  const auto issue_template = make_template(
      "## Performance\n\n- [ ] **Migration duration** - Expected time for migration to complete\n"
      "- [ ] **Query performance** - Impact on existing queries\n\n"
      "### Performance Notes\n\nEstimated migration time:\n");
  const char* const rule =
      "id: duration\nkind: requires\n"
      "if: {ticked: \"Performance > Migration duration\"}\n"
      "then:\n  any:\n    - {filled: \"Performance Notes\"}\n"
      "    - noted: [\"Performance > Migration duration\"]\n";
  const auto findings_for = [&](const std::string& duration, const std::string& under) {
    return run_rule(rule,
                    "## Performance\n\n- [x] **Migration duration** - " + duration + "\n" + under +
                        "- [ ] **Query performance** - Impact on existing queries\n\n"
                        "### Performance Notes\n\nEstimated migration time:\n",
                    &issue_template);
  };
  const std::string wording = "Expected time for migration to complete";
  CHECK(findings_for(wording, "").size() == 1);            // ticked, nothing written
  CHECK(findings_for(wording + ": TBD", "").size() == 1);  // a stand-in is no answer
  CHECK(findings_for(wording + ": about 2 minutes", "").empty());
  CHECK(findings_for("about 2 minutes, in batches", "").empty());  // the description replaced
  CHECK(findings_for(wording, "  - 3M rows, about 2 minutes\n").empty());
  CHECK(findings_for(wording, "  - N/A\n").size() == 1);
}
