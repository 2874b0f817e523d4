// A complete, consistent flagship draft (fixtures/issues/complete-*.md) gets no error and no
// warning, whichever copy of the Database Migration template it is linted against. The exact
// verdicts are the golden tests' job; this checks the property the issue asks for.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "rules/engine.h"
#include "rules/template_catalog.h"
#include "tests/rules/rule_test_support.h"

using namespace issuelint;
using issuelint::testing::catalog_from;
using issuelint::testing::kRoot;
using issuelint::testing::read_text;
namespace fs = std::filesystem;

namespace {

std::string without_trailing_newlines(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

void require_clean(const TemplateCatalog& catalog, const fs::path& draft) {
  INFO(draft.string());
  const std::string title =
      without_trailing_newlines(read_text(fs::path(draft).replace_extension(".title")));
  const IssueDocument document = parse_issue(read_text(draft));
  const auto choice = catalog.choose(document, title);
  REQUIRE(choice.has_value());
  CHECK(choice->entry->rules.name == "db-migration");
  const auto result =
      lint_issue(choice->entry->rules, document, &choice->entry->issue_template, title);
  for (const auto& finding : result.findings) {
    INFO(finding.rule << " line " << finding.line << ": " << finding.message);
    CHECK(finding.severity == Severity::info);
  }
  CHECK(std::find(result.wanted_labels.begin(), result.wanted_labels.end(), "needs-info") ==
        result.wanted_labels.end());
}

std::vector<fs::path> complete_drafts() {
  std::vector<fs::path> drafts;
  for (const auto& entry : fs::directory_iterator(kRoot / "fixtures/issues")) {
    const std::string name = entry.path().filename().string();
    if (name.starts_with("complete-") && entry.path().extension() == ".md") {
      drafts.push_back(entry.path());
    }
  }
  return drafts;
}

}  // namespace

TEST_CASE("flagship: complete drafts are clean against each copy of the template") {
  const auto drafts = complete_drafts();
  REQUIRE(drafts.size() >= 2);
  const TemplateCatalog fixture = catalog_from(kRoot / "fixtures/templates/db-migration.md");
  const TemplateCatalog garbled =
      catalog_from(kRoot / "fixtures/templates/db-migration.as-received.md");
  auto builtin = TemplateCatalog::builtin_default();
  REQUIRE(builtin.ok());
  for (const auto& draft : drafts) {
    require_clean(fixture, draft);
    require_clean(garbled, draft);
    require_clean(*builtin, draft);
  }
}

TEST_CASE("flagship: the same draft with one defect is no longer clean") {
  // Guards the test above against a pack that reports nothing at all.
  const TemplateCatalog catalog = catalog_from(kRoot / "fixtures/templates/db-migration.md");
  std::string body = read_text(kRoot / "fixtures/issues/complete-audit-log.md");
  const std::string ticked = "- [x] **Non-breaking**";
  REQUIRE(body.find(ticked) != std::string::npos);
  body.replace(body.find(ticked), ticked.size(), "- [ ] **Non-breaking**");
  const IssueDocument document = parse_issue(body);
  const auto& entry = catalog.entries().front();
  const auto result = lint_issue(entry.rules, document, &entry.issue_template,
                                 std::string("[DB] Add audit_log table"));
  REQUIRE(result.findings.size() == 1);
  CHECK(result.findings[0].rule == "breaking-impact-choice");
  CHECK(result.findings[0].severity == Severity::error);
}

namespace {

// The findings of complete-audit-log.md with each `from` replaced by its `to`.
std::vector<Finding> findings_of_changed_draft(
    const std::vector<std::pair<std::string, std::string>>& changes) {
  const TemplateCatalog catalog = catalog_from(kRoot / "fixtures/templates/db-migration.md");
  std::string body = read_text(kRoot / "fixtures/issues/complete-audit-log.md");
  for (const auto& [from, to] : changes) {
    REQUIRE(body.find(from) != std::string::npos);
    body.replace(body.find(from), from.size(), to);
  }
  const IssueDocument document = parse_issue(body);
  const auto& entry = catalog.entries().front();
  return lint_issue(entry.rules, document, &entry.issue_template,
                    std::string("[DB] Add audit_log table"))
      .findings;
}

bool has_rule(const std::vector<Finding>& findings, std::string_view rule) {
  return std::any_of(findings.begin(), findings.end(),
                     [&](const Finding& finding) { return finding.rule == rule; });
}

}  // namespace

// Audit 24, finding I: with no deployment ticked, "only Standard deployment" is false.
TEST_CASE("flagship: breaking-standard-deployment needs Standard deployment ticked") {
  const std::vector<std::pair<std::string, std::string>> breaking = {
      {"- [x] **Non-breaking**", "- [ ] **Non-breaking**"},
      {"- [ ] **Breaking**", "- [x] **Breaking**"},
      {"- [ ] API endpoints", "- [x] API endpoints"}};
  auto changes = breaking;
  changes.emplace_back("- [x] **Standard deployment**", "- [ ] **Standard deployment**");
  auto findings = findings_of_changed_draft(changes);
  CHECK(has_rule(findings, "deployment-strategy-missing"));
  CHECK_FALSE(has_rule(findings, "breaking-standard-deployment"));
  // Standard deployment alone still warns; with a coordinated deployment beside it, it does not.
  findings = findings_of_changed_draft(breaking);
  CHECK(has_rule(findings, "breaking-standard-deployment"));
  changes = breaking;
  changes.emplace_back("- [ ] **Coordinated deployment**", "- [x] **Coordinated deployment**");
  CHECK_FALSE(has_rule(findings_of_changed_draft(changes), "breaking-standard-deployment"));
}
