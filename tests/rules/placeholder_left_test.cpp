// placeholder-left: a line of the template's example text left exactly as it was.
#include "tests/rules/rule_test_support.h"

using namespace issuelint;
using namespace issuelint::testing;

namespace {

const char* const kPlaceholderLeftTemplate =
    "## Environment\n\n- **Browser**: [e.g. Chrome 120]\n- **OS**: [e.g. macOS 14]\n\n"
    "## Details\n\n**What did you expect?**\n\nDescribe what you expected.\n";

const char* const kPlaceholderLeftRule =
    "id: placeholder-left\nkind: placeholder-left\nseverity: warning\n";

}  // namespace

TEST_CASE("placeholder-left fires at each example line left as the template wrote it") {
  const auto issue_template = make_template(kPlaceholderLeftTemplate);
  const std::string body =
      "## Environment\n\n- **Browser**: Firefox 128\n- **OS**: [e.g. macOS 14]\n\n"
      "## Details\n\n**What did you expect?**\n\nDescribe what you expected.\n";
  const auto findings = run_rule(kPlaceholderLeftRule, body, &issue_template);
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].rule == "placeholder-left");
  CHECK(findings[0].severity == Severity::warning);
  CHECK(findings[0].section == "Environment");
  CHECK(findings[0].line == line_of(body, "- **OS**"));
  CHECK(findings[0].message == "placeholder left as in the template: 'OS: [e.g. macOS 14]'");
  // The bold question is a prompt the author rightly keeps; its answer is the placeholder.
  CHECK(findings[1].section == "Details");
  CHECK(findings[1].line == line_of(body, "Describe what"));
}

TEST_CASE("placeholder-left is silent once the examples are replaced") {
  const auto issue_template = make_template(kPlaceholderLeftTemplate);
  const std::string body =
      "## Environment\n\n- **Browser**: Firefox 128\n- **OS**: Debian 12\n\n"
      "## Details\n\n**What did you expect?**\n\nOne booking, not two.\n";
  CHECK(run_rule(kPlaceholderLeftRule, body, &issue_template).empty());
}

TEST_CASE("placeholder-left limited to sections or to list items") {
  const auto issue_template = make_template(kPlaceholderLeftTemplate);
  const std::string untouched = std::string(kPlaceholderLeftTemplate);
  const auto in_details =
      run_rule("id: p\nkind: placeholder-left\nsections: [Details]\n", untouched, &issue_template);
  REQUIRE(in_details.size() == 1);
  CHECK(in_details[0].section == "Details");
  const auto list_items = run_rule("id: p\nkind: placeholder-left\nlist_items_only: true\n",
                                   untouched, &issue_template);
  REQUIRE(list_items.size() == 2);
  CHECK(list_items[0].section == "Environment");
  CHECK(list_items[1].section == "Environment");
}

TEST_CASE("placeholder-left with fields_only reports blank fields, not other template text") {
  const auto issue_template =
      make_template("## Steps\n\n1.\n2.\n\nDescribe what you did.\n\nLink to code example:\n");
  const std::string body =
      "## Steps\n\n1. Click\n2. Wait\n\nDescribe what you did.\n\nLink to code example:\n";
  const auto all = run_rule(kPlaceholderLeftRule, body, &issue_template);
  const auto fields =
      run_rule("id: p\nkind: placeholder-left\nfields_only: true\n", body, &issue_template);
  REQUIRE(fields.size() == 1);
  CHECK(fields[0].line == line_of(body, "Link to"));
  CHECK(fields[0].message == "field 'Link to code example' is not answered");
  // Without it, the template's instruction left in place is a finding too.
  CHECK(all.size() == 2);
  const auto wrong = try_rule("id: p\nkind: placeholder-left\nfields_only: yes please\n");
  REQUIRE_FALSE(wrong.ok());
  CHECK_THAT(wrong.error().describe(), Catch::Contains("fields_only"));
}

TEST_CASE("placeholder-left needs a template to compare with") {
  CHECK(run_rule(kPlaceholderLeftRule, kPlaceholderLeftTemplate).empty());
}
