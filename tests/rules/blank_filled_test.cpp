// blank-filled: a ticked option with a fill-in blank ("Other: __") must say what.
#include "tests/rules/rule_test_support.h"

using namespace issuelint;
using namespace issuelint::testing;

namespace {

const char* const kBlankFilledRule = "id: other-blank-unfilled\nkind: blank-filled\n";

}  // namespace

TEST_CASE("blank-filled fires at a ticked Other whose blank is left") {
  const std::string body = "## Tables Affected\n\n- [x] users\n- [x] Other: **\\_\\_**\n";
  const auto findings = run_rule(kBlankFilledRule, body);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].rule == "other-blank-unfilled");
  CHECK(findings[0].severity == Severity::error);
  CHECK(findings[0].section == "Tables Affected");
  CHECK(findings[0].line == 4);
  CHECK(findings[0].column == 3);
  CHECK(findings[0].message == "'Other' is ticked but its blank is not filled in");
}

TEST_CASE("blank-filled is silent when the blank is filled or the box is not ticked") {
  CHECK(run_rule(kBlankFilledRule, "## Tables\n\n- [x] Other: audit_log\n").empty());
  CHECK(run_rule(kBlankFilledRule, "## Tables\n\n- [ ] Other: **\\_\\_**\n").empty());
  CHECK(run_rule(kBlankFilledRule, "## Tables\n\n- [x] Other: __\n").size() == 1);
}

// "- [x] Other:" over "  - payments": the answer is the list nested under the item, as a list
// nested under "- Related to:" holds its boxes.
TEST_CASE("blank-filled takes a list nested under the ticked item as its answer") {
  const std::string heading = "## Tables Affected\n\n- [x] users\n";
  CHECK(
      run_rule(kBlankFilledRule, heading + "- [x] Other: **\\_\\_**\n  - payments\n  - invoices\n")
          .empty());
  CHECK(run_rule(kBlankFilledRule, heading + "- [x] Other:\n  * payments\n").empty());
  // A sibling item, a paragraph after the list, or a list nested under the next box is no answer.
  CHECK(run_rule(kBlankFilledRule, heading + "- [x] Other: __\n- payments\n").size() == 1);
  CHECK(run_rule(kBlankFilledRule, heading + "- [x] Other: __\n\npayments\n").size() == 1);
  CHECK(run_rule(kBlankFilledRule, heading + "- [x] Other: __\n- [ ] bookings\n  - payments\n")
            .size() == 1);
}

TEST_CASE("blank-filled works on inline groups") {
  const std::string body =
      "## Feature Context\n\n- Related to: [ ] Scheduling / [x] Other: **\\_\\_**\n";
  const auto findings = run_rule(kBlankFilledRule, body);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].line == 3);
  CHECK(findings[0].column == column_of(body, "[x] Other"));
  CHECK(run_rule(kBlankFilledRule,
                 "## Feature Context\n\n- Related to: [ ] Scheduling / [x] Other: "
                 "billing\n")
            .empty());
}

TEST_CASE("blank-filled knows blanks written as a bracketed stand-in or a bare colon") {
  const IssueTemplate issue_template = make_template(
      "## Type\n\n- [ ] Bug\n- [ ] Other: [specify]\n- [ ] Browser: e.g. Firefox\n"
      "- [ ] Another: <!-- describe -->\n- [ ] Priority: High\n");
  const auto messages = [&](const std::string& boxes) {
    std::vector<std::string> found;
    for (const Finding& finding :
         run_rule(kBlankFilledRule, "## Type\n\n" + boxes, &issue_template)) {
      found.push_back(finding.message);
    }
    return found;
  };
  // Ticked and left as the template wrote them.
  CHECK(messages("- [x] Other: [specify]\n") ==
        std::vector<std::string>{"'Other' is ticked but its blank is not filled in"});
  CHECK(messages("- [x] Browser: e.g. Firefox\n") ==
        std::vector<std::string>{"'Browser' is ticked but its blank is not filled in"});
  CHECK(messages("- [x] Another: <!-- describe -->\n") ==
        std::vector<std::string>{"'Another' is ticked but its blank is not filled in"});
  // Answered, unticked, or a label that only has a colon in it.
  CHECK(
      messages("- [x] Other: billing\n- [x] Browser: Safari 17\n- [x] Another: the CLI\n").empty());
  CHECK(messages("- [ ] Other: [specify]\n- [ ] Another: <!-- describe -->\n").empty());
  CHECK(messages("- [x] Priority: High\n- [x] Bug\n").empty());
  // An author's own brackets are an answer: only the template's stand-in, kept, is not.
  CHECK(messages("- [x] Other: [billing]\n").empty());
  // The comment gone, the answer may be on the lines below; a colon alone is no blank.
  CHECK(messages("- [x] Another:\n  the CLI, through its config loader\n").empty());
  CHECK(messages("- [x] Bug\n- [x] Priority:\n").empty());
}
