// rules/issue_reading.h: an issue read as its template means it.
#include "rules/issue_reading.h"

#include <catch2/catch.hpp>

#include "parser/template.h"
#include "rules/engine.h"

using namespace issuelint;

namespace {

TemplateCatalog catalog_of(std::vector<IssueTemplate> templates) {
  auto catalog = TemplateCatalog::build(std::move(templates), nullptr);
  REQUIRE(catalog.ok());
  return std::move(*catalog);
}

TemplateCatalog form_catalog(const char* yaml) {
  auto form = parse_issue_form(yaml, "bug", "bug.yml");
  REQUIRE(form.ok());
  return catalog_of({*form});
}

std::vector<std::string> errors_of(const TemplateCatalog& catalog, const std::string& body) {
  const IssueReading reading = read_issue(catalog, body, std::nullopt);
  REQUIRE(reading.choice);
  const CatalogEntry& entry = *reading.choice->entry;
  std::vector<std::string> errors;
  for (const Finding& finding :
       lint_issue(entry.rules, reading.document, &entry.issue_template, std::nullopt).findings) {
    if (finding.severity == Severity::error) errors.push_back(finding.message);
  }
  return errors;
}

constexpr const char* kGitHubDefault = R"(---
name: Bug report
about: Create a report to help us improve
---

**Describe the bug**
A clear and concise description of what the bug is.

**To Reproduce**
Steps to reproduce the behavior:
1. Go to '...'
2. Click on '....'

**Expected behavior**
A clear and concise description of what you expected to happen.
)";

}  // namespace

TEST_CASE("a template of bold-line parts reads an issue's bold lines as its sections") {
  auto bug = parse_markdown_template(kGitHubDefault, "bug_report", "bug_report.md");
  REQUIRE(bug.ok());
  CHECK(bug->bold_headings);
  CHECK(bug->sections.size() == 3);
  const TemplateCatalog catalog = catalog_of({*bug});
  const auto left =
      errors_of(catalog,
                "**Describe the bug**\nSaving twice books twice.\n\n**To Reproduce**\n"
                "Steps to reproduce the behavior:\n1. Go to '...'\n2. Click on "
                "'....'\n\n**Expected behavior**\nOne booking.\n");
  REQUIRE(left.size() == 1);
  CHECK(left[0] == "section 'To Reproduce' still holds the template's placeholder text");
  CHECK(errors_of(catalog,
                  "**Describe the bug**\nSaving twice books twice.\n\n**To Reproduce**\n1. Open a "
                  "slot.\n2. Click Save twice.\n\n**Expected behavior**\nOne booking.\n")
            .empty());
}

TEST_CASE("an issue form's answer keeps the headings an author pasted into it") {
  const TemplateCatalog catalog = form_catalog(R"(name: Bug
description: Something broke
body:
  - type: textarea
    attributes:
      label: What happened?
    validations:
      required: true
  - type: textarea
    attributes:
      label: Installed Versions
    validations:
      required: true
)");
  CHECK(errors_of(catalog,
                  "### What happened?\n\n## Summary\n\nThe sum is wrong.\n\n### Installed "
                  "Versions\n\n<details>\n\nINSTALLED VERSIONS\n------------------\npandas : "
                  "2.1.4\n\n</details>\n")
            .empty());
  // Still empty when the answer is: a heading below a label does not make it an answer.
  const auto empty = errors_of(catalog,
                               "### What happened?\n\n_No response_\n\n### Installed "
                               "Versions\n\npandas 2.1.4\n");
  REQUIRE(empty.size() == 1);
  CHECK(empty[0] == "section 'What happened?' is empty");
}

TEST_CASE("text written inside a block of raw HTML is an answer") {
  const TemplateCatalog catalog = form_catalog(R"(name: Bug
description: Something broke
body:
  - type: textarea
    attributes:
      label: Cloud provider
      value: "<details>\n\n</details>\n"
    validations:
      required: true
  - type: textarea
    attributes:
      label: Logs
)");
  CHECK(errors_of(catalog,
                  "### Cloud provider\n\n<details>\nkind on bare metal\n</details>\n\n### Logs\n\n"
                  "none\n")
            .empty());
  CHECK(errors_of(catalog, "### Cloud provider\n\n<details>\n\n</details>\n\n### Logs\n\nnone\n")
            .size() == 1);
}

TEST_CASE("against a template of bold-line parts, an author's own bold lines are answers") {
  auto bug = parse_markdown_template(kGitHubDefault, "bug_report", "bug_report.md");
  REQUIRE(bug.ok());
  const TemplateCatalog catalog = catalog_of({*bug});
  // A bold sub-label first in an answer, a bold sentence as the answer, a label with its answer
  // on the same line, and a heading pasted in: none cuts the section it sits in.
  CHECK(errors_of(catalog,
                  "**Describe the bug**\n## Summary\nSaving twice books twice.\n\n**To Reproduce**"
                  "\n**Steps:**\n1. Open a slot.\n2. Click Save twice.\n\n**Expected behavior**: "
                  "one booking.\n\n")
            .empty());
  CHECK(errors_of(catalog,
                  "**Describe the bug**\nSaving twice books twice.\n\n**To Reproduce**\n1. Open "
                  "a slot.\n\n**Expected behavior**\n**One booking.**\n")
            .empty());
}

TEST_CASE("sections that share their title's parenthesis are alternatives") {
  auto bug = parse_markdown_template(
      "## Describe the bug\n\nWhat happened.\n\n## Desktop (please complete the following "
      "information):\n\n- OS: [e.g. iOS]\n\n## Smartphone (please complete the following "
      "information):\n\n- Device: [e.g. iPhone6]\n",
      "bug", "bug.md");
  REQUIRE(bug.ok());
  const TemplateCatalog catalog = catalog_of({*bug});
  CHECK(errors_of(catalog,
                  "## Describe the bug\n\nThe page is blank.\n\n## Desktop (please complete the "
                  "following information):\n\n- OS: macOS 14\n")
            .empty());
}

TEST_CASE("a collapsible block's caption is no answer") {
  const TemplateCatalog catalog = form_catalog(R"(name: Bug
description: Something broke
body:
  - type: textarea
    attributes:
      label: Cloud provider
    validations:
      required: true
)");
  CHECK(errors_of(catalog,
                  "### Cloud provider\n\n<details>\n<summary>Cloud provider</summary>\n"
                  "</details>\n")
            .size() == 1);
  CHECK(errors_of(catalog,
                  "### Cloud provider\n\n<details>\n<summary>Cloud</summary>\nAWS\n"
                  "</details>\n")
            .empty());
}
