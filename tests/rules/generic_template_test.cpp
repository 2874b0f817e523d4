// Rules derived from generic Markdown templates and issue forms, on the shapes real repositories
// use: a title heading over the sections, sections kept under another parent, checklist items
// that say they are optional, sections the template lets the author delete, field lists in a
// form's default value, numbered headings.
#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "parser/normalize.h"
#include "parser/template.h"
#include "rules/engine.h"
#include "rules/template_rules.h"

using namespace issuelint;

namespace {

std::vector<Finding> generic_findings(const Result<IssueTemplate>& issue_template,
                                      const std::string& draft) {
  REQUIRE(issue_template.ok());
  auto rules = derive_rules(*issue_template);
  REQUIRE(rules.ok());
  const IssueDocument document = parse_issue(draft);
  return lint_issue(*rules, document, &*issue_template, "a title").findings;
}

std::vector<Finding> markdown_findings(const std::string& template_text, const std::string& draft) {
  return generic_findings(parse_markdown_template(template_text, "bug", "bug.md"), draft);
}

// The findings of `rule` on `draft`, written from the issue form `form_yaml`.
std::vector<Finding> form_findings(const std::string& form_yaml, const std::string& draft,
                                   const std::string& rule);

std::vector<Finding> of_rule(const std::vector<Finding>& findings, const std::string& rule) {
  std::vector<Finding> found;
  std::copy_if(findings.begin(), findings.end(), std::back_inserter(found),
               [&](const Finding& finding) { return finding.rule == rule; });
  return found;
}

std::vector<Finding> form_findings(const std::string& form_yaml, const std::string& draft,
                                   const std::string& rule) {
  return of_rule(generic_findings(parse_issue_form(form_yaml, "bug", "bug.yml"), draft), rule);
}

constexpr const char* kWrapped =
    "---\nname: Bug report\n---\n\n# 🐞 Bug report\n\n## Description\n\n"
    "<!-- What went wrong? -->\n\n## Steps to reproduce\n\n1.\n2.\n\n## Environment\n\n"
    "### Browser\n\n<!-- Firefox 120... -->\n\n## Checklist\n\n- [ ] I searched existing issues\n";

}  // namespace

TEST_CASE("generic: a lone wrapping heading is the template's title, its sections are required") {
  auto issue_template = parse_markdown_template(kWrapped, "bug", "bug.md");
  REQUIRE(issue_template.ok());
  CHECK(issue_template->title_section == 1);
  CHECK(issue_template->sections[0].is_title);
  CHECK(issue_template->sections[1].parent_key.empty());
  const auto missing =
      of_rule(generic_findings(issue_template, "# 🐞 Bug report\n\nIt crashes on Save.\n"),
              "section-missing");
  REQUIRE(missing.size() == 4);
  CHECK(missing[0].message == "section 'Description' is missing");
  CHECK(missing[0].severity == Severity::error);
  CHECK(missing[0].section == "Description");
}

TEST_CASE("generic: a wrapping heading with text to answer is a section, not a title") {
  auto issue_template = parse_markdown_template(
      "# Description\n\n- [ ] It is a regression\n\n## Steps\n\n<!-- steps -->\n", "bug", "bug.md");
  REQUIRE(issue_template.ok());
  CHECK(issue_template->title_section == 0);
}

TEST_CASE("generic: a notice heading the author may delete is the title, and optional") {
  const std::string notice =
      "# ⚠️ Please read before filing (you may delete this notice)\n\nIssues that do not "
      "follow this template will be closed.\n\n## Describe the bug\n\n<!-- What? -->\n\n"
      "## Expected behavior\n\n<!-- What should happen? -->\n";
  const auto kept =
      markdown_findings(notice, notice.substr(0, notice.find("## Describe")) + "It flickers.\n");
  CHECK(of_rule(kept, "section-missing").size() == 2);
  const auto deleted =
      markdown_findings(notice,
                        "## Describe the bug\n\nIt flickers.\n\n## Expected behavior\n\n"
                        "No flicker.\n");
  CHECK(deleted.empty());
}

TEST_CASE("generic: a section kept under another parent is found and checked") {
  // The title deleted and "### Browser" written "## Browser": present, and checked.
  const auto filled = markdown_findings(
      kWrapped,
      "## Description\n\nIt crashes.\n\n## Steps to reproduce\n\n1. Open\n2. Save\n\n"
      "## Environment\n\n## Browser\n\nFirefox 121\n\n## Checklist\n\n- [x] I searched "
      "existing issues\n");
  CHECK(filled.empty());
  const auto unticked = markdown_findings(
      kWrapped,
      "## Description\n\nIt crashes.\n\n## Steps to reproduce\n\n1. Open\n2. Save\n\n"
      "## Environment\n\n## Browser\n\n<!-- Firefox 120... -->\n\n## Checklist\n\n- [ ] I "
      "searched existing issues\n");
  CHECK(of_rule(unticked, "checklist-unticked").size() == 1);
  CHECK(of_rule(unticked, "section-empty").size() == 1);
  CHECK(of_rule(unticked, "subsection-missing").empty());
}

TEST_CASE("generic: a path's fallback needs one heading of its key in the draft and template") {
  const std::string two_notes =
      "## Frontend\n\n### Notes\n\n<!-- notes -->\n\n## Backend\n\n### Notes\n\n<!-- notes -->\n";
  // "Frontend" deleted: its Notes must not be taken for Backend's.
  const auto findings = markdown_findings(two_notes, "## Backend\n\n### Notes\n\nSlow queries.\n");
  CHECK(of_rule(findings, "section-missing").size() == 1);
  CHECK(of_rule(findings, "section-empty").empty());
}

TEST_CASE("generic: checklist items marked optional may stay unticked") {
  const auto findings = markdown_findings(
      "## Checklist\n\n- [ ] I searched\n- [ ] (Optional) I will send a PR\n"
      "- [ ] I added a failing test (if applicable)\n",
      "## Checklist\n\n- [x] I searched\n- [ ] (Optional) I will send a PR\n"
      "- [ ] I added a failing test (if applicable)\n");
  CHECK(findings.empty());
}

// Excepting the template's own item compares its name: it is no box of the issue, and its
// section is the template's. Looked up in the issue's sections, a checklist fifth in its template
// kept alone in a draft read past them (ASan, found by check_fuzzer).
TEST_CASE("generic: a checklist late in its template, kept alone in a draft, is still checked") {
  const std::string late_checklist =
      "## Summary\n\n<!-- One line -->\n\n## Steps\n\n<!-- 1. 2. 3. -->\n\n## Expected\n\n"
      "<!-- What should happen -->\n\n## Actual\n\n<!-- What happens -->\n\n## Checklist\n\n"
      "- [ ] I have read the contributing guide (CONTRIBUTING.md)\n"
      "- [ ] I attached screenshots of the problem and of what I expected instead (optional)\n";
  const auto findings = markdown_findings(
      late_checklist,
      "## Summary\n\nIt fails.\n\n## Checklist\n\n- [ ] I attached screenshots of the problem "
      "and of what I expected instead (optional)\n");
  const auto unticked = of_rule(findings, "checklist-unticked");
  REQUIRE(unticked.size() == 1);  // the guide's item is missing; the optional one may stay
  CHECK(unticked[0].message.find("contributing guide") != std::string::npos);
}

TEST_CASE("generic: a box the author added to a checklist is not required") {
  const auto findings =
      markdown_findings("## Checklist\n\n- [ ] I searched\n",
                        "## Checklist\n\n- [x] I searched\n- [ ] I'd like to work on this\n");
  CHECK(findings.empty());
}

TEST_CASE("generic: a box the author added does not answer a required choice") {
  const std::string choice = "## Severity (select one)\n\n- [ ] Low\n- [ ] Medium\n- [ ] High\n";
  const auto findings =
      of_rule(markdown_findings(choice,
                                "## Severity (select one)\n\n- [ ] Low\n- [ ] Medium\n"
                                "- [ ] High\n- [x] Not sure\n"),
              "choice-missing");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].help == "tick exactly 1 of: 'Low', 'Medium', 'High'");
}

TEST_CASE("generic: choice-missing lists the template's options and names a misread tick") {
  const std::string choice = "## Severity (select one)\n\n- [ ] Low\n- [ ] Medium\n- [ ] High\n";
  const auto findings =
      of_rule(markdown_findings(
                  choice, "## Severity (select one)\n\n- [ ] Low\n- [✔] Medium\n- [ ] High\n"),
              "choice-missing");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].help == "tick exactly 1 of: 'Low', 'Medium', 'High'");
  CHECK(findings[0].message.find("'Medium' is written [✔]: GitHub only reads [x]") !=
        std::string::npos);
}

// discuno's options lead a description: "- [ ] 🔴 **Critical** - Blocking core functionality".
TEST_CASE("generic: a misread tick is named on an option written with its description") {
  const std::string choice =
      "## Priority Level\n\n- [ ] 🔴 **Critical** - Blocking core functionality\n"
      "- [ ] 🟡 **High** - Important for user experience\n";
  const auto findings = of_rule(
      markdown_findings(choice,
                        "## Priority Level\n\n- [ ] 🔴 **Critical** - Blocking core functionality\n"
                        "- [✔] 🟡 **High** - Important for user experience\n"),
      "choice-missing");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].message.find("('High' is written [✔]: GitHub only reads [x] as a tick)") !=
        std::string::npos);
  // A mark before text that names no option is the author's own line: nothing to name.
  const auto own =
      of_rule(markdown_findings(choice,
                                "## Priority Level\n\n- [ ] 🔴 **Critical** - Blocking\n"
                                "- [ ] 🟡 **High** - Important\n- [?] Highest, if possible\n"),
              "choice-missing");
  REQUIRE(own.size() == 1);
  CHECK(own[0].message == "no option is ticked under 'Priority Level'");
}

TEST_CASE("generic: a section the template says may be deleted is optional") {
  const std::string prerequisites =
      "### Prerequisites\n\nPlease answer these first. **YOU MAY DELETE THE PREREQUISITES "
      "SECTION.**\n\n- [ ] I am running the latest version\n\n### Expected Behavior\n\n"
      "Please describe the behavior you are expecting\n";
  const auto findings =
      markdown_findings(prerequisites, "### Expected Behavior\n\nIt should save.\n");
  CHECK(findings.empty());
  CHECK(has_deletion_hint("(you may delete this notice)"));
  CHECK_FALSE(has_deletion_hint("you can remove the example below"));
}

TEST_CASE("generic: an issue form's field list gets the per-field check of a Markdown one") {
  const auto findings = form_findings(
      "name: Bug\ndescription: d\nbody:\n  - type: textarea\n    attributes:\n      label: "
      "Environment\n      value: |\n        - OS:\n        - Version:\n    validations:\n"
      "      required: true\n",
      "### Environment\n\n- OS: Fedora 39\n- Version:\n", "placeholder-left");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].message == "field 'Version' is not answered");
}

TEST_CASE("generic: an issue form whose required is not a boolean is refused with its place") {
  const auto form = parse_issue_form(
      "name: X\ndescription: y\nbody:\n  - type: textarea\n    attributes:\n      label: A\n"
      "    validations:\n      required: [true]\n",
      "x", "x.yml");
  REQUIRE_FALSE(form.ok());
  CHECK(form.error().where == "x.yml:8");
}

// An issue form's author filled in fields and never saw Markdown: the help names the heading
// GitHub writes for the field, where a Markdown template's says to restore its section.
TEST_CASE("generic: a field missing from a form's issue is named by the heading GitHub writes") {
  const std::string form =
      "name: Bug\ndescription: d\nbody:\n"
      "  - type: textarea\n    attributes:\n      label: Description\n"
      "    validations:\n      required: true\n"
      "  - type: textarea\n    attributes:\n      label: Steps to reproduce\n"
      "    validations:\n      required: true\n";
  const auto findings = generic_findings(parse_issue_form(form, "bug", "bug.yml"),
                                         "### Description\n\nIt crashes.\n");
  const auto missing = of_rule(findings, "section-missing");
  REQUIRE(missing.size() == 1);
  CHECK(missing[0].help ==
        "add the heading '### Steps to reproduce' back, as the form writes it, with the answer "
        "under it");
  const auto note = of_rule(findings, "section-empty");
  REQUIRE(note.size() == 1);
  CHECK(note[0].help ==
        "add its '### ' heading back, as the form writes it, so that this check can run");
  const auto markdown = of_rule(
      generic_findings(parse_markdown_template(
                           "## Description\n\n<!-- d -->\n\n## Steps\n\n<!-- s -->\n", "t", "t.md"),
                       "## Description\n\nIt crashes.\n"),
      "section-missing");
  REQUIRE(markdown.size() == 1);
  CHECK(markdown[0].help == "add the 'Steps' section back from the template");
}

TEST_CASE("generic: missing sections are listed in the template's order") {
  const auto issue_template = parse_markdown_template(
      "## Zeta\n\n<!-- z -->\n\n## Alpha\n\n<!-- a -->\n\n## Mu\n\n<!-- m "
      "-->\n",
      "t", "t.md");
  const auto missing =
      of_rule(generic_findings(issue_template, "Just some text.\n"), "section-missing");
  REQUIRE(missing.size() == 3);
  CHECK(missing[0].section == "Zeta");
  CHECK(missing[1].section == "Alpha");
  CHECK(missing[2].section == "Mu");
}

TEST_CASE(
    "generic: a body that kept a little of the template and filled nothing is not "
    "called the template unchanged") {
  const auto findings = markdown_findings(
      "---\nname: Bug report\n---\n## Describe the bug\n\n<!-- x -->\n\n## "
      "Steps\n\n<!-- s -->\n\n## Expected\n\n<!-- e -->\n",
      "## Describe the bug\n\n<!-- x -->\n");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].message ==
        "nothing was filled in: the issue body keeps only part of the 'Bug report' template, "
        "none of it answered");
}

TEST_CASE("generic: an answer typed inside the template's comment is said to be hidden") {
  const auto findings = of_rule(
      markdown_findings("## Describe the bug\n\n<!-- What went wrong? -->\n\n## Steps\n\n1.\n",
                        "## Describe the bug\n\n<!-- What went wrong?\nIt crashes on save. -->\n\n"
                        "## Steps\n\n1. Save\n"),
      "section-empty");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].message.find("inside the template's <!-- --> comment, which GitHub hides") !=
        std::string::npos);
}

// Prisma's form wraps its example steps in a comment: an author who types the steps over them,
// inside the comment, has answered where GitHub shows nothing.
TEST_CASE("generic: an answer written in place of the template's comment text is said hidden") {
  const std::string form =
      "name: Bug\ndescription: d\nbody:\n  - type: textarea\n    attributes:\n"
      "      label: How to reproduce\n      value: |\n        <!--\n        1. Go to '...'\n"
      "        2. See error\n        -->\n    validations:\n      required: true\n"
      "  - type: textarea\n    attributes:\n      label: Version\n";
  auto findings =
      form_findings(form,
                    "### How to reproduce\n\n<!--\n1. Create two users\n2. Run findMany\n-->\n\n"
                    "### Version\n\n5.3.1\n",
                    "section-empty");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].message ==
        "section 'How to reproduce' is empty: its text is inside an HTML comment (<!-- -->), "
        "which GitHub hides");
  // The template's comment left as it was, or partly deleted, is guidance: the section is empty.
  for (const char* kept :
       {"<!--\n1. Go to '...'\n2. See error\n-->\n", "<!--\n2. See error\n-->\n"}) {
    findings = form_findings(
        form, std::string("### How to reproduce\n\n") + kept + "\n### Version\n\n5.3.1\n",
        "section-empty");
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].message == "section 'How to reproduce' is empty");
  }
}

TEST_CASE("generic: an empty render fence of an issue form is empty, not placeholder text") {
  const auto findings = form_findings(
      "name: Bug\ndescription: d\nbody:\n  - type: textarea\n    attributes:\n      label: What\n"
      "    validations:\n      required: true\n  - type: textarea\n    attributes:\n"
      "      label: Logs\n      render: shell\n    validations:\n      required: true\n",
      "### What\n\nIt crashed.\n\n### Logs\n\n```shell\n\n```\n", "section-empty");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].message == "section 'Logs' is empty");
}

TEST_CASE("generic: leading enumerations are no part of a section's key") {
  CHECK(section_key("1. Summary") == "summary");
  CHECK(section_key("2) Steps") == "steps");
  CHECK(section_key("3 - Logs") == "logs");
  CHECK(section_key("1.2. Details") == "details");
  CHECK(section_key("12") == "12");
  CHECK(section_key("2FA setup") == "2fa setup");
  CHECK(section_key("2.0 migration") == "2 0 migration");
  const auto findings =
      markdown_findings("### 1. Summary\n\n<!-- s -->\n\n### 2. Steps\n\n<!-- s -->\n",
                        "### Summary\n\nIt breaks.\n\n### 3. Steps\n\nRun it.\n");
  CHECK(findings.empty());
}

TEST_CASE("generic: a form's optional box whose label holds a link may stay unticked") {
  // microsoft/vscode's bug form: the box shows the link's text, as the rule must read the label.
  const std::string form =
      "name: Bug\ndescription: d\nbody:\n  - type: checkboxes\n    attributes:\n"
      "      label: Agreement\n      options:\n        - label: I agree to the rules\n"
      "          required: true\n"
      "        - label: Tested with the latest [Insiders build](https://example.com/insiders)\n"
      "          required: false\n"
      "  - type: textarea\n    attributes:\n      label: Details\n"
      "    validations:\n      required: true\n";
  const std::string unticked_link =
      "### Agreement\n\n- [X] I agree to the rules\n"
      "- [ ] Tested with the latest [Insiders build](https://example.com/insiders)\n\n"
      "### Details\n\nIt crashes on save.\n";
  CHECK(form_findings(form, unticked_link, "checklist-unticked").empty());
  const std::string unticked_rule =
      "### Agreement\n\n- [ ] I agree to the rules\n"
      "- [ ] Tested with the latest [Insiders build](https://example.com/insiders)\n\n"
      "### Details\n\nIt crashes on save.\n";
  CHECK(form_findings(form, unticked_rule, "checklist-unticked").size() == 1);
}

TEST_CASE("generic: a heading spelt the other English way is the template's section") {
  const std::string bug =
      "### Expected behavior\n\n<!-- What should happen -->\n\n### Actual behavior\n\n"
      "<!-- What happens -->\n";
  const auto british =
      markdown_findings(bug, "### Expected behaviour\n\nIt saves.\n\n### Actual behaviour\n\n\n");
  CHECK(of_rule(british, "section-missing").empty());
  // Found, so checked: the empty one is said to be empty.
  REQUIRE(of_rule(british, "section-empty").size() == 1);
  CHECK(of_rule(british, "section-empty")[0].section == "Actual behaviour");
  // A heading the template has itself is that section, never another's variant.
  const std::string both = "### Summary\n\n<!-- One line -->\n\n### Summery\n\n<!-- Another -->\n";
  CHECK(of_rule(markdown_findings(both, "### Summery\n\nIt fails.\n"), "section-missing").size() ==
        1);
}

TEST_CASE("generic: options the template says to delete but one are answered by the one kept") {
  const std::string ansible =
      "##### SUMMARY\n<!--- Briefly -->\n\n##### ISSUE TYPE\n<!--- Pick one below and delete the "
      "rest -->\n - Bug Report\n - Feature Idea\n";
  CHECK(markdown_findings(ansible, "##### SUMMARY\nIt fails.\n\n##### ISSUE TYPE\n - Bug Report\n")
            .empty());
  const auto all = markdown_findings(ansible,
                                     "##### SUMMARY\nIt fails.\n\n##### ISSUE TYPE\n - Bug Report\n"
                                     " - Feature Idea\n");
  REQUIRE(of_rule(all, "section-empty").size() == 1);
  CHECK(of_rule(all, "section-empty")[0].message ==
        "section 'ISSUE TYPE' still lists every option");
  // Without the instruction, a list kept as the template wrote it is its placeholder.
  const std::string plain =
      "## Summary\n\n<!-- One line -->\n\n## Steps\n\n- Open the app\n"
      "- Click Save\n";
  CHECK(of_rule(markdown_findings(plain, "## Summary\n\nIt fails.\n\n## Steps\n\n- Open the app\n"),
                "section-empty")
            .size() == 1);
}

TEST_CASE(
    "generic: a placeholder aside 'if relevant' or a comment 'If you can' makes it optional") {
  const std::string cra =
      "### Describe the bug\n\n(Your answer here.)\n\n### Search terms\n\n(Your answer here if "
      "relevant.)\n\n### Demo\n\n<!-- If you can, link a project. -->\n\n(A link.)\n";
  CHECK(markdown_findings(cra, "### Describe the bug\n\nIt fails.\n").empty());
  // The aside must be the whole line: a sentence that ends so still asks for the rest.
  const std::string partial =
      "### Describe the bug\n\n(Your answer here.)\n\n### Setup and steps\n\n(Your setup if "
      "relevant) and the steps to follow\n";
  CHECK(
      of_rule(markdown_findings(partial, "### Describe the bug\n\nIt fails.\n"), "section-missing")
          .size() == 1);
}

TEST_CASE("generic: boxes that all confirm something are a checklist, offers to help are not") {
  const std::string prerequisites =
      "### Prerequisites\n\n* [ ] Did you check other issues?\n* [ ] I've read the FAQ\n\n"
      "### Contributing\n\n* [ ] I'm willing to open a pull request\n";
  const auto unticked = markdown_findings(
      prerequisites,
      "### Prerequisites\n\n* [ ] Did you check other issues?\n* [x] I've read the FAQ\n\n"
      "### Contributing\n\n* [ ] I'm willing to open a pull request\n");
  REQUIRE(of_rule(unticked, "checklist-unticked").size() == 1);
  CHECK(of_rule(unticked, "checklist-unticked")[0].section == "Prerequisites");
  // A choice is no checklist: "I use Windows" is not a confirmation.
  const std::string platforms = "### Platforms\n\n* [ ] I use Windows\n* [ ] I use macOS\n";
  CHECK(of_rule(markdown_findings(platforms,
                                  "### Platforms\n\n* [x] I use Windows\n* [ ] I use "
                                  "macOS\n"),
                "checklist-unticked")
            .empty());
}
