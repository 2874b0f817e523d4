// What every SQL and Drizzle rule shares: the kind factory (these kinds take no YAML keys of
// their own), the box look-ups by the template's wording, and the declared-table matching.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "rules/lint_context.h"
#include "rules/rule.h"
#include "rules/sql/migration_analysis.h"
#include "rules/table_names.h"

namespace issuelint::sql_rules {

using Check = void (*)(const Rule& rule, LintContext& context);

// A RuleKind named after defaults.id whose rules run `check`.
RuleKind make_kind(RuleInfo defaults, Check check);

// Documentation of a rule of the db-migration pack.
RuleInfo describe(std::string id, std::string kind, Severity severity, std::string summary,
                  std::string explanation, std::string failing_example,
                  std::string passing_example);

// The template's sections and options, as rules look them up.
inline constexpr std::string_view kMigrationSql = "Migration SQL";
inline constexpr std::string_view kRollbackScript = "Rollback Script";
inline constexpr std::string_view kNewSchema = "New Schema";
inline constexpr std::string_view kTablesAffected = "Tables Affected";
inline constexpr std::string_view kMigrationType = "Migration Type";
inline constexpr std::string_view kBreakingChanges = "Breaking Changes Impact";
inline constexpr std::string_view kRollbackPlan = "Rollback Plan";
inline constexpr std::string_view kPerformance = "Performance Considerations";
inline constexpr std::string_view kDataMigration = "Data Migration Requirements";

// Is `option` ticked in the section titled `section`? false when either is missing.
bool ticked(const LintContext& context, std::string_view section, std::string_view option);

// When the issue has no Migration SQL section the rule says it could not check and returns
// false; when the section holds no SQL it returns false quietly.
bool has_migration_sql(LintContext& context, const Rule& rule);

// Reports "could not check" and returns false when the issue lacks `section`.
bool needs_section(LintContext& context, const Rule& rule, std::string_view section);

// Calls visit(script, operation) for every operation of every Migration SQL block with SQL.
template <typename Visit>
void for_each_migration_operation(const LintContext& context, Visit visit) {
  for (const sql::ScriptAnalysis& script : context.migration().migration) {
    if (script.empty()) continue;
    for (const sql::Operation& operation : script.operations) visit(script, operation);
  }
}

SourcePosition position_of(const LintContext& context, std::size_t offset);

// Ticked Tables Affected options plus the names written in a ticked Other's blank.
std::vector<std::string> declared_tables(const LintContext& context);
bool is_declared(const LintContext& context, const std::vector<std::string>& declared,
                 std::string_view table);
const TableNamePolicy& table_policy(const LintContext& context);

bool is_drop(const sql::Operation& operation);  // drop table / drop column
// Changes that break readers or writers already deployed: drops, renames, type changes,
// SET NOT NULL.
bool is_breaking(const sql::Operation& operation);
// Adds a column, or a constraint, to a table the migration did not create.
bool on_existing_table(const sql::MigrationAnalysis& analysis, const sql::Operation& operation);

// "DROP COLUMN users.legacy" / "CREATE INDEX on users": how messages name an operation.
std::string describe_operation(const sql::Operation& operation);

}  // namespace issuelint::sql_rules
