// Rules derived from an issue form: a checkboxes field requires only the options it marks
// `required: true`; its other options may stay unticked.
#include <catch2/catch.hpp>
#include <string>

#include "parser/template.h"
#include "rules/engine.h"
#include "rules/template_rules.h"

using namespace issuelint;

namespace {

constexpr const char* kForm = R"(name: Report
description: Something broke
body:
  - type: textarea
    attributes:
      label: What happened
    validations:
      required: true
  - type: checkboxes
    attributes:
      label: Before filing
      options:
        - label: I agree to the Code of Conduct
          required: true
        - label: I would like to work on a fix
)";

std::vector<Finding> unticked(const std::string& draft) {
  auto form = parse_issue_form(kForm, "report", ".github/ISSUE_TEMPLATE/report.yml");
  REQUIRE(form.ok());
  auto rules = derive_rules(*form);
  REQUIRE(rules.ok());
  const IssueDocument document = parse_issue(draft);
  std::vector<Finding> found;
  for (Finding& finding : lint_issue(*rules, document, &*form, "a title").findings) {
    if (finding.rule == "checklist-unticked") found.push_back(std::move(finding));
  }
  return found;
}

}  // namespace

TEST_CASE("issue form: an optional checkbox option may stay unticked") {
  const auto findings = unticked(
      "### What happened\n\nThe page is blank.\n\n### Before filing\n\n"
      "- [x] I agree to the Code of Conduct\n- [ ] I would like to work on a fix\n");
  CHECK(findings.empty());
}

TEST_CASE("issue form: a required checkbox option left unticked is reported") {
  const auto findings = unticked(
      "### What happened\n\nThe page is blank.\n\n### Before filing\n\n"
      "- [ ] I agree to the Code of Conduct\n- [x] I would like to work on a fix\n");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].line == 7);
  CHECK(findings[0].message.find("Code of Conduct") != std::string::npos);
}
