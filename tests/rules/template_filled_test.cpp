// template-filled: an empty body, or the template submitted unchanged, is one clear error.
#include "tests/rules/rule_test_support.h"

using namespace issuelint;
using namespace issuelint::testing;

namespace {

const char* const kTemplateText =
    "---\nname: Bug report\n---\n## Summary\n\nA clear description of the bug.\n\n"
    "## Area\n\n- [ ] UI\n- [ ] API\n- [ ] Other: **\\_\\_**\n\n"
    "## Logs\n\n```\npaste logs here\n```\n";
const char* const kTemplateFilledRule = "id: template-not-filled\nkind: template-filled\n";

std::string body_of_template() {
  const std::string text = kTemplateText;
  return text.substr(text.find("## Summary"));
}

}  // namespace

TEST_CASE("template-filled: an empty body is one error with no place") {
  const auto issue_template = make_template(kTemplateText);
  for (const char* body : {"", "   \n\n", "<!-- nothing here -->\n"}) {
    const auto findings = run_rule(kTemplateFilledRule, body, &issue_template);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].rule == "template-not-filled");
    CHECK(findings[0].severity == Severity::error);
    CHECK(findings[0].line == 0);
    CHECK(findings[0].section.empty());
    CHECK(findings[0].message == "the issue body is empty");
    CHECK(findings[0].help.find("the 'Bug report' template") != std::string::npos);
  }
}

TEST_CASE("template-filled: the template unchanged is one error, also with CRLF") {
  const auto issue_template = make_template(kTemplateText);
  std::string body = body_of_template();
  auto findings = run_rule(kTemplateFilledRule, body, &issue_template);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].message ==
        "the issue body is the 'Bug report' template unchanged: nothing was filled in");
  std::string crlf;
  for (char c : body) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  CHECK(run_rule(kTemplateFilledRule, crlf, &issue_template).size() == 1);
}

TEST_CASE("template-filled: any real answer is enough") {
  const auto issue_template = make_template(kTemplateText);
  const std::string body = body_of_template();
  auto with = [&](const std::string& from, const std::string& to) {
    std::string changed = body;
    changed.replace(changed.find(from), from.size(), to);
    return run_rule(kTemplateFilledRule, changed, &issue_template);
  };
  CHECK(with("- [ ] UI", "- [x] UI").empty());
  CHECK(with("A clear description of the bug.", "Saving twice books twice.").empty());
  CHECK(with("paste logs here", "TypeError: x is undefined").empty());
  CHECK(with("Other: **\\_\\_**", "Other: billing").empty());
}

TEST_CASE("template-filled without a template only catches an empty body") {
  CHECK(run_rule(kTemplateFilledRule, body_of_template()).empty());
  CHECK(run_rule(kTemplateFilledRule, "").size() == 1);
}
