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

TEST_CASE("all-ticked reports each template item the issue no longer has") {
  const IssueTemplate issue_template = make_template(
      "## Summary\n\nDescribe it.\n\n## Pre-submission Checklist\n\n"
      "- [ ] I searched existing issues\n- [ ] I read the **contributing guide**\n"
      "- [ ] I am a robot\n");
  const auto missing_of = [&](const std::string& checklist) {
    std::vector<std::string> missing;
    for (const Finding& finding :
         run_rule(kAllTickedRule, "## Pre-submission Checklist\n\n" + checklist, &issue_template)) {
      CHECK(finding.line == 1);  // the heading: the item has no line of its own
      missing.push_back(finding.message);
    }
    return missing;
  };
  const std::string searched = "checklist item missing: 'I searched existing issues'";
  // Every way an item can go: deleted, a plain bullet, prose, hidden in a comment. The excepted
  // item may go.
  for (const std::string& without : {std::string(""), std::string("- I searched existing issues\n"),
                                     std::string("I searched existing issues.\n"),
                                     std::string("<!-- - [x] I searched existing issues -->\n")}) {
    INFO(without);
    CHECK(missing_of(without + "- [x] I read the **contributing guide**\n") ==
          std::vector<std::string>{searched});
  }
  // A box GitHub does not read is no tick either, but the item is there: said at its line.
  for (const std::string_view mark : {"[\xE2\x9C\x93]", "[x ]", "[ x]", "[]"}) {
    INFO(mark);
    const std::vector<Finding> findings =
        run_rule(kAllTickedRule,
                 "## Pre-submission Checklist\n\n- " + std::string(mark) +
                     " I searched existing issues\n- [x] I read the **contributing guide**\n",
                 &issue_template);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].line == 3);
    CHECK(findings[0].column == 3);
    CHECK(findings[0].message == "checklist item 'I searched existing issues' is written " +
                                     std::string(mark) +
                                     ", which GitHub shows as text, not as a box");
  }
  const std::vector<Finding> glued =
      run_rule(kAllTickedRule,
               "## Pre-submission Checklist\n\n- [x]I searched existing issues\n"
               "- [x] I read the **contributing guide**\n",
               &issue_template);
  REQUIRE(glued.size() == 1);
  CHECK(glued[0].message ==
        "checklist item 'I searched existing issues' is written [x] with no space after it, which "
        "GitHub shows as text, not as a box");
  CHECK(missing_of("- [x] I searched existing issues\n- [X] I read the **contributing guide**\n")
            .empty());
  // Without the template, nothing tells what is missing.
  CHECK(run_rule(kAllTickedRule, "## Pre-submission Checklist\n\n- [x] I read it\n").empty());
}

// The most common edit to a ticked item is a note after it: in parentheses it is the item still,
// as after " - " or ": ". An item whose template wording ends in parentheses is matched whole.
TEST_CASE("all-ticked takes an item with a note in parentheses for the item") {
  const IssueTemplate issue_template = make_template(
      "## Summary\n\nDescribe it.\n\n## Pre-submission Checklist\n\n"
      "- [ ] I searched existing issues\n- [ ] I ran the tests (unit and e2e)\n"
      "- [ ] I am a robot\n");
  const auto findings_for = [&](const std::string& checklist) {
    return run_rule(kAllTickedRule, "## Pre-submission Checklist\n\n" + checklist, &issue_template);
  };
  CHECK(findings_for("- [x] I searched existing issues (none open)\n"
                     "- [x] I ran the tests (unit and e2e)\n")
            .empty());
  CHECK(findings_for("- [x] I searched existing issues (see #12) (and closed ones)\n"
                     "- [x] I ran the tests (unit and e2e) (all green)\n")
            .empty());
  // An unticked item with a note is reported as not ticked, at its own line, not as missing.
  auto findings = findings_for(
      "- [ ] I searched existing issues (not yet)\n"
      "- [x] I ran the tests (unit and e2e)\n");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].line == 3);
  CHECK(findings[0].message == "checklist item not ticked: 'I searched existing issues (not yet)'");
  // The template's own parentheses are part of the item: another note there is no match.
  findings = findings_for("- [x] I searched existing issues\n- [x] I ran the tests (lint only)\n");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].message == "checklist item missing: 'I ran the tests (unit and e2e)'");
  // The excepted item is excepted with a note too.
  CHECK(run_rule(kAllTickedRule,
                 "## Pre-submission Checklist\n\n- [x] I searched existing issues\n"
                 "- [x] I read the **contributing guide**\n- [ ] I am a robot (beep)\n")
            .empty());
}
