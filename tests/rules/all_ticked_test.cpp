// all-ticked: every item of a checklist must be ticked, except the ones listed.
#include "tests/rules/rule_test_support.h"

using namespace issuelint;
using namespace issuelint::testing;

namespace {

const char* const kAllTickedRule =
    "id: checklist-complete\nkind: all-ticked\nsection: Pre-submission Checklist\n"
    "except: [I am a robot]\nseverity: warning\n";

const char* const kAllTickedDraft =
    "## Pre-submission Checklist\n\n- [x] I searched existing issues\n"
    "- [ ] I read the **contributing guide**\n- [ ] I am a robot\n\n### Later\n\n- [ ] nested\n";

}  // namespace

TEST_CASE("all-ticked fires at each unticked item, skipping exceptions and sub-sections") {
  const auto findings = run_rule(kAllTickedRule, kAllTickedDraft);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].rule == "checklist-complete");
  CHECK(findings[0].severity == Severity::warning);
  CHECK(findings[0].section == "Pre-submission Checklist");
  CHECK(findings[0].line == 4);
  CHECK(findings[0].column == 3);
  CHECK(findings[0].message == "checklist item not ticked: 'I read the contributing guide'");
}

TEST_CASE("all-ticked is silent when every item is ticked") {
  const std::string body =
      "## ✅ Pre-submission checklist\n\n- [x] I searched existing issues\n"
      "* [X] I read the **contributing guide**\n";
  CHECK(run_rule(kAllTickedRule, body).empty());
}

TEST_CASE("all-ticked reports a missing checklist once as info") {
  require_cannot_check(run_rule(kAllTickedRule, "## Summary\n\nx\n"), "checklist-complete",
                       "Pre-submission Checklist");
}

TEST_CASE("all-ticked needs its section") {
  REQUIRE_FALSE(try_rule("id: x\nkind: all-ticked\n").ok());
  REQUIRE_FALSE(try_rule("id: x\nkind: all-ticked\nsection: A\nexcept: {a: 1}\n").ok());
}
