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

namespace {

// The rules derived from a Markdown template, run on a draft.
std::vector<Finding> markdown_findings(const std::string& template_text, const std::string& draft) {
  auto parsed = parse_markdown_template(template_text, "bug", ".github/ISSUE_TEMPLATE/bug.md");
  REQUIRE(parsed.ok());
  auto rules = derive_rules(*parsed);
  REQUIRE(rules.ok());
  return lint_issue(*rules, parse_issue(draft), &*parsed, "[BUG] login").findings;
}

}  // namespace

TEST_CASE("headings whose hints show only once markup is gone are found by their own rules") {
  // Literal asterisks (not emphasis), an emoji, two hints: the derived rules name these
  // sections by display title, and must find them again in a verbatim copy.
  for (const std::string heading :
       {"Details (* if any *)", "Details (\xF0\x9F\x93\x9D if any)",
        "Details (optional) (if applicable)", "Details (optional) **"}) {
    INFO(heading);
    const std::string body = "## Summary\n\nThe login button does nothing on Safari 17.\n\n## " +
                             heading + "\n\nNothing more.\n\n## Steps\n\n- [x] I reproduced it\n";
    const std::string template_text =
        "---\nname: Bug\nabout: A bug\ntitle: \"[BUG] \"\n---\n\n## Summary\n\nDescribe the bug "
        "here.\n\n## " +
        heading + "\n\nWrite any extra notes here.\n\n## Steps\n\n- [ ] I reproduced it\n";
    for (const Finding& finding : markdown_findings(template_text, body)) {
      INFO(finding.rule << ": " << finding.message);
      CHECK(finding.severity == Severity::info);  // no error or warning
      CHECK(finding.message.find("missing") == std::string::npos);
    }
    // The hint marks the section optional: leaving it out is no error either.
    const std::string without =
        "## Summary\n\nThe login button does nothing on Safari 17.\n\n"
        "## Steps\n\n- [x] I reproduced it\n";
    for (const Finding& finding : markdown_findings(template_text, without)) {
      INFO(finding.rule << ": " << finding.message);
      CHECK(finding.severity != Severity::error);
    }
  }
}

namespace {

std::vector<std::string> rules_fired(const std::vector<Finding>& findings) {
  std::vector<std::string> fired;
  for (const Finding& finding : findings) {
    if (finding.severity != Severity::info) fired.push_back(finding.rule + " " + finding.message);
  }
  return fired;
}

}  // namespace

TEST_CASE("a template section holding only an HTML comment, or nothing, asks for words") {
  const std::string commented =
      "## Describe the bug\n\n<!-- A clear and concise description of what the bug is. -->\n\n"
      "## Screenshots\n\n<!-- If applicable, add screenshots. -->\n\n"
      "## Context\n\n<!-- Optional: anything else. -->\n";
  const std::string bare = "## Describe the bug\n\n## Screenshots\n\n## Context\n\n### Where\n";
  for (const std::string& template_text : {commented, bare}) {
    INFO(template_text);
    // Left as the template had it: the comment alone is no answer.
    const auto left = rules_fired(markdown_findings(
        template_text,
        "## Describe the bug\n\n<!-- A clear and concise description of what the bug is. -->\n\n"
        "## Screenshots\n\n## Context\n\n### Where\n\nOn the login page.\n"));
    REQUIRE(left.size() == 1);
    CHECK(left[0] == "section-empty section 'Describe the bug' is empty");
    // Answered: nothing to report; the screenshots (optional by name) and the context (optional
    // by its comment, or a parent whose sub-section holds the words) may stay empty.
    CHECK(rules_fired(
              markdown_findings(
                  template_text,
                  "## Describe the bug\n\nSaving twice creates two bookings.\n\n## Screenshots\n\n"
                  "## Context\n\n### Where\n\nOn the login page.\n"))
              .empty());
  }
}

TEST_CASE("issue form: a dropdown's default option is an answer, not a placeholder") {
  constexpr const char* kDropdownForm = R"(name: Report
description: Something broke
body:
  - type: dropdown
    attributes:
      label: Version
      options:
        - 1.0.2 (Default)
        - 1.0.3 (Edge)
      default: 0
    validations:
      required: true
  - type: textarea
    attributes:
      label: What happened
    validations:
      required: true
)";
  auto form = parse_issue_form(kDropdownForm, "report", ".github/ISSUE_TEMPLATE/report.yml");
  REQUIRE(form.ok());
  auto rules = derive_rules(*form);
  REQUIRE(rules.ok());
  const auto findings_for = [&](const std::string& draft) {
    return rules_fired(lint_issue(*rules, parse_issue(draft), &*form, "a title").findings);
  };
  const std::string happened = "\n\n### What happened\n\nThe page is blank.\n";
  CHECK(findings_for("### Version\n\n1.0.2 (Default)" + happened).empty());
  CHECK(findings_for("### Version\n\n1.0.3 (Edge)" + happened).empty());
  const auto unanswered = findings_for("### Version\n\n_No response_" + happened);
  REQUIRE(unanswered.size() == 1);
  CHECK(unanswered[0] == "section-empty section 'Version' is empty");
}

TEST_CASE("issue form: `required: true` is final, whatever the field's name or default") {
  // "Logs" and "Alternatives" name optional sections in a Markdown template; a form that marks
  // them required means it. A default of only HTML is no answer either.
  constexpr const char* kRequiredForm = R"(name: Report
description: Something broke
body:
  - type: textarea
    attributes:
      label: Alternatives considered
    validations:
      required: true
  - type: textarea
    attributes:
      label: Logs
  - type: textarea
    attributes:
      label: Cloud provider
      value: "<details>\n\n</details>\n"
    validations:
      required: true
)";
  auto form = parse_issue_form(kRequiredForm, "report", ".github/ISSUE_TEMPLATE/report.yml");
  REQUIRE(form.ok());
  auto rules = derive_rules(*form);
  REQUIRE(rules.ok());
  const auto findings_for = [&](const std::string& draft) {
    return rules_fired(lint_issue(*rules, parse_issue(draft), &*form, "a title").findings);
  };
  const auto unanswered = findings_for(
      "### Alternatives considered\n\n_No response_\n\n### Logs\n\nTimed out after 30 s.\n\n"
      "### Cloud provider\n\n<details>\n\n</details>\n");
  REQUIRE(unanswered.size() == 2);
  CHECK(unanswered[0] == "section-empty section 'Alternatives considered' is empty");
  CHECK(unanswered[1] == "section-empty section 'Cloud provider' is empty");
  CHECK(findings_for("### Alternatives considered\n\nA cron job instead.\n\n### Logs\n\n"
                     "_No response_\n\n### Cloud provider\n\n<details>\n\nAWS\n\n</details>\n")
            .empty());
}

TEST_CASE("a rule that could not check several missing sections says so once, naming them all") {
  const std::string template_text =
      "## What happened\n\nDescribe it.\n\n## Expected\n\nDescribe it.\n\n## Steps\n\nList them.\n";
  std::vector<std::string> notes;
  for (const Finding& finding : markdown_findings(template_text, "## Steps\n\n1. Log in.\n")) {
    if (finding.did_not_run) notes.push_back(finding.rule + " " + finding.message);
  }
  REQUIRE(notes.size() == 1);
  CHECK(notes[0] ==
        "section-empty could not check: the sections 'What happened' and 'Expected' are missing");
  notes.clear();
  for (const Finding& finding : markdown_findings(template_text, "## Expected\n\nNo error.\n")) {
    if (finding.did_not_run) notes.push_back(finding.message);
  }
  REQUIRE(notes.size() == 1);
  CHECK(notes[0] == "could not check: the sections 'What happened' and 'Steps' are missing");
}

TEST_CASE("a section answered only by a stand-in says which stand-in it holds") {
  const std::string template_text = "## What happened\n\nDescribe it.\n\n## Expected\n\n";
  const auto fired = rules_fired(
      markdown_findings(template_text, "## What happened\n\nTBD\n\n## Expected\n\nNo error.\n"));
  REQUIRE(fired.size() == 1);
  CHECK(fired[0] ==
        "section-empty section 'What happened' holds only 'TBD', which stands in for an answer");
  // A stand-in beside the author's own words is an answer.
  CHECK(rules_fired(markdown_findings(template_text,
                                      "## What happened\n\nTBD\n\nIt crashed.\n\n"
                                      "## Expected\n\nNo error.\n"))
            .empty());
}

TEST_CASE("a section whose example code is left as the template wrote it is empty") {
  const std::string template_text =
      "## To Reproduce\n\nCode snippet to reproduce:\n\n```js\n// Example code here\n```\n\n"
      "## Proof\n\n**A minimal example (if safe to share publicly):**\n\n```js\n// Example\n```\n";
  const std::string proof_untouched =
      "## Proof\n\n**A minimal example (if safe to share publicly):**\n\n```js\n// Example\n```\n";
  const auto untouched = rules_fired(
      markdown_findings(template_text,
                        "## To Reproduce\n\nCode snippet to reproduce:\n\n```js\n// Example code "
                        "here\n```\n\n## Proof\n\nNot safe to share.\n"));
  REQUIRE(untouched.size() == 1);
  CHECK(untouched[0] ==
        "section-empty section 'To Reproduce' still holds the template's placeholder text");
  // 'Proof' says it may be skipped: its example left as it was is no finding.
  CHECK(rules_fired(markdown_findings(
                        template_text,
                        "## To Reproduce\n\n```js\naxios.get('/x')\n```\n\n" + proof_untouched))
            .empty());
}

TEST_CASE("a partly answered section still reports each example line left as it was") {
  const std::string template_text =
      "## Environment\n\n- Axios Version [e.g. 0.18.0]\n- Browser [e.g. Chrome, Safari]\n"
      "- Additional Library Versions [e.g. React 16.7]\n";
  const auto partly = rules_fired(
      markdown_findings(template_text,
                        "## Environment\n\n- Axios Version 1.6.2\n- Browser [e.g. Chrome, Safari]\n"
                        "- Additional Library Versions [e.g. React 16.7]\n"));
  REQUIRE(partly.size() == 2);
  CHECK(partly[0] ==
        "placeholder-left placeholder left as in the template: 'Browser [e.g. Chrome, Safari]'");
  // Wholly unanswered: one section-empty finding, not one a line.
  const auto untouched = rules_fired(
      markdown_findings(template_text + "\n## Other\n\nx\n", template_text + "\n## Other\n\ny\n"));
  REQUIRE(untouched.size() == 1);
  CHECK(untouched[0].starts_with("section-empty"));
  CHECK(rules_fired(markdown_findings(template_text,
                                      "## Environment\n\n- Axios 1.6.2\n- Firefox "
                                      "131\n- React 18\n"))
            .empty());
}

TEST_CASE("a field the template leaves blank, left blank, is not answered") {
  // Electron's old bug_report.md: each field's answer goes in the item nested under it, whose
  // template text is only a comment; the third one says it may stay blank.
  const std::string template_text =
      "### Issue Details\n\n"
      "* **Electron Version:**\n  * <!-- e.g. 4.0.3 -->\n"
      "* **Operating System:**\n  * <!-- (Platform and Version) e.g. macOS 10.13.6 -->\n"
      "* **Last Known Working Electron version:**\n  * <!-- (if applicable) e.g. 3.1.0 -->\n\n"
      "### Expected Behavior\n<!-- What you expected. -->\n";
  const std::string expected = "### Expected Behavior\nThe window opens.\n";
  const std::string untouched =
      "### Issue Details\n\n"
      "* **Electron Version:**\n  * <!-- e.g. 4.0.3 -->\n"
      "* **Operating System:**\n  * <!-- (Platform and Version) e.g. macOS 10.13.6 -->\n"
      "* **Last Known Working Electron version:**\n  * <!-- (if applicable) e.g. 3.1.0 -->\n\n" +
      expected;
  const auto blank = rules_fired(markdown_findings(template_text, untouched));
  REQUIRE(blank.size() == 2);
  CHECK(blank[0] == "placeholder-left field 'Electron Version' is not answered");
  CHECK(blank[1] == "placeholder-left field 'Operating System' is not answered");
  // Answered under the label, or on its line: nothing to say.
  const std::string answered =
      "### Issue Details\n\n"
      "* **Electron Version:**\n  * 4.0.3\n"
      "* **Operating System:** Ubuntu 22.04\n"
      "* **Last Known Working Electron version:**\n  * <!-- (if applicable) e.g. 3.1.0 -->\n\n" +
      expected;
  CHECK(rules_fired(markdown_findings(template_text, answered)).empty());
}

TEST_CASE("a blank field line left blank is not answered, a lead-in over its own fields is") {
  const std::string template_text =
      "## Environment\n\n- **OS**:\n- **Version**:\n\n"
      "## Performance\n\n- **Core Web Vitals**:\n  - LCP: [e.g. 2.5 s]\n  - CLS: [e.g. 0.1]\n";
  const auto partly = rules_fired(markdown_findings(
      template_text,
      "## Environment\n\n- **OS**: Debian 12\n- **Version**:\n\n"
      "## Performance\n\n- **Core Web Vitals**:\n  - LCP: 1.9 s\n  - CLS: 0.02\n"));
  REQUIRE(partly.size() == 1);
  CHECK(partly[0] == "placeholder-left field 'Version' is not answered");
  CHECK(
      rules_fired(markdown_findings(
                      template_text,
                      "## Environment\n\n- **OS**: Debian 12\n- **Version**: 2.3.1\n\n"
                      "## Performance\n\n- **Core Web Vitals**:\n  - LCP: 1.9 s\n  - CLS: 0.02\n"))
          .empty());
}

TEST_CASE("issue form: a dropdown answered with something other than its options") {
  constexpr const char* kDropdownForm = R"yaml(name: Report
description: Something broke
body:
  - type: dropdown
    attributes:
      label: Version
      options: ["1.0.2 (Default)", "1.0.3 (Edge)"]
    validations:
      required: true
  - type: dropdown
    attributes:
      label: Platforms
      multiple: true
      options: ["Windows, WSL", macOS, Linux, "[BSD](https://www.freebsd.org)"]
)yaml";
  auto form = parse_issue_form(kDropdownForm, "report", ".github/ISSUE_TEMPLATE/report.yml");
  REQUIRE(form.ok());
  auto rules = derive_rules(*form);
  REQUIRE(rules.ok());
  const auto answers = [&](const std::string& version, const std::string& platforms) {
    const IssueDocument document =
        parse_issue("### Version\n\n" + version + "\n\n### Platforms\n\n" + platforms + "\n");
    std::vector<std::string> messages;
    for (const Finding& finding : lint_issue(*rules, document, &*form, "t").findings) {
      if (finding.rule == "dropdown-answer") messages.push_back(finding.message);
    }
    return messages;
  };
  // GitHub's own renderings: an option, several joined by ", " (one holding a comma itself).
  CHECK(answers("1.0.3 (Edge)", "Windows, WSL, Linux").empty());
  CHECK(answers("1.0.2 (Default)", "macOS").empty());
  CHECK(answers("1.0.2 (Default)", "_No response_").empty());  // section-empty's, if required
  CHECK(answers("1.0.2 (Default)", "None").empty());
  // Typed by hand with other capitals, one option or several: still the options.
  CHECK(answers("1.0.3 (edge)", "linux").empty());
  CHECK(answers("1.0.3 (Edge)", "windows, wsl, macos, Linux").empty());
  // An option's Markdown is written as it is: its text is the option's text.
  CHECK(answers("1.0.3 (Edge)", "[BSD](https://www.freebsd.org)").empty());
  CHECK(answers("1.0.3 (Edge)", "Linux, [BSD](https://www.freebsd.org)").empty());
  CHECK(answers("2.0.0", "Linux") ==
        std::vector<std::string>{
            "'2.0.0' is not one of the options of 'Version': '1.0.2 (Default)', '1.0.3 (Edge)'"});
  CHECK(answers("1.0.3 (Edge)", "Linux, Solaris") ==
        std::vector<std::string>{
            "'Linux, Solaris' is not among the options of 'Platforms': "
            "'Windows, WSL', 'macOS', 'Linux', '[BSD](https://www.freebsd.org)'"});
}
