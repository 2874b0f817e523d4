#include "rules/kinds/sql_kinds.h"
#include "rules/kinds/sql_rule_support.h"

namespace issuelint {
namespace {

void check(const Rule& rule, LintContext& context) {
  const sql_rules::MigrationWording& wording = sql_rules::wording();
  if (!sql_rules::has_migration_sql(context, rule)) return;
  if (!sql_rules::needs_section(context, rule, wording.migration_type)) return;
  if (sql_rules::ticked(context, wording.migration_type, wording.deprecation)) return;
  const sql::MigrationAnalysis& analysis = context.migration();
  // One finding, at the first: the one box is the fix for every drop.
  const sql_rules::FirstOperation drop =
      sql_rules::first_migration_operation(context, [&](const sql::Operation& operation) {
        return sql_rules::drops_existing_data(analysis, operation);
      });
  if (drop.operation == nullptr) return;
  sql_rules::report_first(context, rule, drop, sql_rules::describe_operation(*drop.operation),
                          " removes data, but Migration Type 'Deprecation' is not ticked",
                          "tick 'Deprecation' under Migration Type");
}

}  // namespace

RuleKind sql_drop_without_deprecation_kind() {
  return sql_rules::make_kind(
      sql_rules::describe(
          "sql-drop-without-deprecation", "sql", Severity::error,
          "DROP TABLE / DROP COLUMN needs Migration Type 'Deprecation'",
          "Removing a table or column deletes its data for good and breaks every reader still "
          "using it: DROP TABLE and ALTER TABLE ... DROP COLUMN take an ACCESS EXCLUSIVE lock "
          "(brief: the column is only marked dropped, no rewrite) and from the commit on every "
          "query naming it fails with 'does not exist'. DROP SCHEMA ... CASCADE drops every table "
          "in the schema (without CASCADE it drops only an empty one). The Deprecation type is "
          "how the team "
          "schedules the code removal first and the drop after; a drop filed under another "
          "type skips that step. A table or column the migration itself created before (a helper "
          "it fills, uses and drops) held no data anyone relied on: dropping it is no "
          "deprecation. "
          "Several drops are one finding, at the first, with a count: the box is the fix for "
          "all of them.",
          "- [x] **Schema Update**\n```sql\nDROP TABLE old_sessions;\n```",
          "- [x] **Deprecation** - Removing columns/tables\n```sql\nDROP TABLE old_sessions;\n```"),
      check);
}

}  // namespace issuelint
