#include "rules/kinds/sql_kinds.h"
#include "rules/kinds/sql_rule_support.h"

namespace issuelint {
namespace {

void check(const Rule& rule, LintContext& context) {
  const sql_rules::MigrationWording& wording = sql_rules::wording();
  if (!sql_rules::has_migration_sql(context, rule)) return;
  const sql::MigrationAnalysis& analysis = context.migration();
  if (context.find_section(wording.breaking_changes) == kNoIndex) {
    // Without the section nobody said Non-breaking; but a breaking statement means this check
    // had something to judge, so say that it could not.
    bool breaking = false;
    sql_rules::for_each_migration_operation(
        context, [&](const sql::ScriptAnalysis&, const sql::Operation& operation) {
          breaking = breaking || sql_rules::breaks_existing_schema(analysis, operation);
        });
    if (breaking) context.report_cannot_check(rule.info(), wording.breaking_changes.text());
    return;
  }
  if (!sql_rules::ticked(context, wording.breaking_changes, wording.non_breaking)) return;
  // One finding, at the first, as for the other boxes: the one box is the fix for them all.
  const sql_rules::FirstOperation breaking =
      sql_rules::first_migration_operation(context, [&](const sql::Operation& operation) {
        return sql_rules::breaks_existing_schema(analysis, operation);
      });
  if (breaking.operation == nullptr) return;
  sql_rules::report_first(context, rule, breaking,
                          sql_rules::describe_operation(*breaking.operation),
                          " is not additive, but Breaking Changes Impact says Non-breaking",
                          "tick 'Potentially breaking' or 'Breaking' and list the affected areas");
}

}  // namespace

RuleKind sql_destructive_non_breaking_kind() {
  return sql_rules::make_kind(
      sql_rules::describe(
          "sql-destructive-non-breaking", "sql", Severity::error,
          "Drops, renames, type changes and SET NOT NULL are not Non-breaking",
          "Application code already deployed reads and writes the old shape. DROP TABLE and "
          "DROP COLUMN make its queries fail (DROP SCHEMA ... CASCADE, for every table in it), and "
          "DROP VIEW, TYPE, FUNCTION or DOMAIN those that name what is dropped (one the "
          "migration creates again under its name, as to change a view's columns, is replaced, "
          "not dropped); RENAME does the same under the old name, and so does SET SCHEMA for every "
          "query "
          "that does not name the new schema; ALTER "
          "COLUMN TYPE rewrites the table under an ACCESS EXCLUSIVE lock and changes what "
          "clients receive; SET NOT NULL scans the table under ACCESS EXCLUSIVE and makes "
          "inserts that omit the column fail. None of these is 'additive only'. On a table the "
          "migration itself created before, they break nothing: no deployed code knows it yet; "
          "nor does a drop, rename or type change of a column it added before (SET NOT NULL on "
          "one still makes deployed code's inserts fail). "
          "Several are one finding, at the first, with a count: the box is the fix for all.",
          "- [x] **Non-breaking** - Additive changes only\n```sql\nALTER TABLE users DROP "
          "COLUMN legacy;\n```",
          "- [x] **Breaking** - Will require application code changes\n```sql\nALTER TABLE "
          "users DROP COLUMN legacy;\n```"),
      check);
}

}  // namespace issuelint
