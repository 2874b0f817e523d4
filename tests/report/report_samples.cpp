#include "tests/report/report_samples.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace issuelint::report_test {

namespace {

bool updating_goldens() {
  const char* flag = std::getenv("ISSUELINT_UPDATE_GOLDENS");
  return flag != nullptr && std::string(flag) == "1";
}

}  // namespace

Finding make_finding(std::string rule, Severity severity, std::string section, int line, int column,
                     std::string message, std::string help) {
  Finding finding;
  finding.rule = std::move(rule);
  finding.severity = severity;
  finding.section = std::move(section);
  finding.line = line;
  finding.column = column;
  finding.message = std::move(message);
  finding.help = std::move(help);
  return finding;
}

Verdict needs_info_verdict() {
  Verdict verdict;
  verdict.template_id = "db-migration";
  verdict.template_name = "Database migration";
  verdict.template_matched = true;
  verdict.outcome = Outcome::needs_info;
  verdict.findings = {
      make_finding("section-required", Severity::error, "Rollback Plan", 0, 0,
                   "The section `Rollback Plan` is missing.",
                   "Add a `## Rollback Plan` section saying how to undo the migration."),
      make_finding("title-format", Severity::warning, "title", 0, 0,
                   "The title does not start with `[DB]`.", "Start the title with `[DB]`."),
      make_finding("placeholder-left", Severity::error, "Summary", 5, 1,
                   "The section still holds the template's example text.",
                   "Replace the example with a description of this migration."),
      make_finding("checkbox-exactly-one", Severity::error, "Schema Changes > Change Type", 12, 1,
                   "Tick exactly one box in `Change Type`; 2 are ticked.",
                   "Untick `Add column` or `Drop column`."),
      make_finding("sql-concurrently-in-transaction", Severity::error,
                   "Schema Changes > Migration SQL", 20, 1,
                   "`CREATE INDEX CONCURRENTLY` cannot run inside the migration's transaction.",
                   "Drizzle runs pending migrations in one transaction: create the index in a "
                   "separate, manual step."),
      make_finding("sql-lock-declared", Severity::warning, "Schema Changes > Migration SQL", 22, 1,
                   "`ALTER TABLE users ADD COLUMN` takes an ACCESS EXCLUSIVE lock, but "
                   "`Table lock expected` is not ticked."),
      make_finding("title-not-checked", Severity::info, "title", 0, 0,
                   "The title rules did not run: no title was given."),
  };
  verdict.labels.want = {"db-migration", "needs-info"};
  verdict.labels.add = {"db-migration", "needs-info"};
  verdict.applied_labels = {"needs-info", "db-migration"};
  return verdict;
}

Verdict clean_verdict() {
  Verdict verdict;
  verdict.template_id = "db-migration";
  verdict.template_name = "Database migration";
  verdict.template_matched = true;
  verdict.outcome = Outcome::ok;
  verdict.labels.want = {"db-migration"};
  verdict.labels.remove = {"needs-info"};
  verdict.applied_labels = {"db-migration"};
  return verdict;
}

Verdict clean_with_advice_verdict() {
  Verdict verdict = clean_verdict();
  verdict.findings = {
      make_finding("sql-lock-declared", Severity::warning, "Migration SQL", 9, 3,
                   "`ALTER TABLE users ADD COLUMN` takes an ACCESS EXCLUSIVE lock.",
                   "Tick `Table lock expected` if that is intended."),
      make_finding("title-not-checked", Severity::info, "title", 0, 0,
                   "The title rules did not run: no title was given."),
  };
  return verdict;
}

Verdict no_template_verdict() {
  Verdict verdict;
  verdict.outcome = Outcome::needs_info;
  verdict.findings = {make_finding("template-required", Severity::error, "", 0, 0,
                                   "This issue matches none of the repository's templates.",
                                   "Open a new issue from one of the templates.")};
  verdict.labels.want = {"needs-info"};
  verdict.labels.add = {"needs-info"};
  return verdict;
}

std::vector<RuleInfo> sample_catalog() {
  const auto rule = [](std::string id, Severity severity, std::string summary,
                       std::string explanation, std::string failing, std::string passing) {
    RuleInfo info;
    info.id = std::move(id);
    info.kind = "generic";
    info.severity = severity;
    info.summary = std::move(summary);
    info.explanation = std::move(explanation);
    info.failing_example = std::move(failing);
    info.passing_example = std::move(passing);
    info.pack = "db-migration";
    info.builtin = true;  // they stand for the pack's rules, which `issuelint explain` documents
    return info;
  };
  return {
      rule("section-required", Severity::error, "A section the template requires is missing.",
           "Maintainers need every required section to review a migration.",
           "## Summary\nAdd a column.\n",
           "## Summary\nAdd a column.\n\n## Rollback Plan\nDrop it.\n"),
      rule("placeholder-left", Severity::error, "A section still holds the template's example.",
           "Example text left in place reads as an answer but says nothing.",
           "## Summary\n<!-- Describe the migration -->\nExample: add a column\n",
           "## Summary\nAdd `users.last_seen`.\n"),
      rule("checkbox-exactly-one", Severity::error, "A group needs exactly one ticked box.",
           "The change type decides the review path; two types at once is ambiguous.",
           "- [x] Add column\n- [x] Drop column\n", "- [x] Add column\n- [ ] Drop column\n"),
      rule("sql-concurrently-in-transaction", Severity::error,
           "CONCURRENTLY cannot run in a transaction.",
           "PostgreSQL refuses `CREATE INDEX CONCURRENTLY` inside a transaction block, and "
           "Drizzle runs all pending migrations in one.",
           "```sql\nCREATE INDEX CONCURRENTLY i ON t (c);\n```\n",
           "```sql\nCREATE INDEX i ON t (c);\n```\n"),
      rule("sql-lock-declared", Severity::warning, "A statement's lock is not declared.",
           "ALTER TABLE takes locks that block traffic; the author should say so.", "", ""),
      rule("title-format", Severity::warning, "The title follows the template's prefix.",
           "A consistent prefix lets maintainers filter issues.", "Add column", "[DB] Add column"),
  };
}

const RuleInfo* find_rule(const std::vector<RuleInfo>& catalog, std::string_view id) {
  const auto it = std::find_if(catalog.begin(), catalog.end(),
                               [&](const RuleInfo& rule) { return rule.id == id; });
  return it == catalog.end() ? nullptr : &*it;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

void check_golden(const std::string& name, const std::string& actual) {
  const std::string path = std::string(ISSUELINT_SOURCE_DIR) + "/fixtures/report/" + name;
  if (updating_goldens()) {
    std::ofstream(path, std::ios::binary) << actual;
    return;
  }
  std::ifstream in(path, std::ios::binary);
  INFO("golden file " << path << " (rewrite with ISSUELINT_UPDATE_GOLDENS=1, then review)");
  REQUIRE(in.good());
  CHECK(read_file(path) == actual);
}

}  // namespace issuelint::report_test
