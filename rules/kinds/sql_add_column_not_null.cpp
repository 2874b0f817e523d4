#include "rules/kinds/sql_kinds.h"
#include "rules/kinds/sql_rule_support.h"

namespace issuelint {
namespace {

// A declared data migration is where the author says how existing rows get a value.
bool declares_data_migration(const LintContext& context) {
  const sql_rules::MigrationWording& wording = sql_rules::wording();
  using sql_rules::ticked;
  return ticked(context, wording.migration_type, wording.data_migration_type) ||
         ticked(context, wording.data_migration, wording.data_backfill) ||
         ticked(context, wording.data_migration, wording.simple_data_migration) ||
         ticked(context, wording.data_migration, wording.complex_data_migration);
}

void check(const Rule& rule, LintContext& context) {
  if (!sql_rules::has_migration_sql(context, rule)) return;
  if (declares_data_migration(context)) return;
  const sql::MigrationAnalysis& analysis = context.migration();
  for (const sql::ScriptAnalysis& script : analysis.migration) {
    if (script.empty()) continue;
    for (const sql::Operation& operation : script.operations) {
      if (operation.kind != sql::OperationKind::add_column) continue;
      if (!operation.not_null || operation.has_default) continue;
      if (!sql_rules::on_table_with_rows(analysis, operation)) continue;
      context.report(rule.info(), script.section, sql_rules::position_of(context, operation.offset),
                     "ADD COLUMN " + operation.table + "." + operation.column +
                         " is NOT NULL without a DEFAULT: it fails on any table that has rows",
                     "give it a DEFAULT, or add it nullable, backfill, then SET NOT NULL (and "
                     "tick 'Data backfill needed')");
    }
  }
}

}  // namespace

RuleKind sql_add_column_not_null_kind() {
  return sql_rules::make_kind(
      sql_rules::describe(
          "sql-add-column-not-null", "sql", Severity::error,
          "ADD COLUMN ... NOT NULL without DEFAULT needs a declared backfill",
          "PostgreSQL fills a new column with its default for every existing row. With NOT "
          "NULL and no DEFAULT that value is NULL, so the ALTER fails with 'column contains "
          "null values' as soon as the table has one row: it passes on an empty development "
          "database and fails in production. Add a DEFAULT, or declare the data migration that "
          "adds the column nullable, backfills it and then sets NOT NULL. A table the migration "
          "creates is empty, unless CREATE TABLE ... AS or SELECT ... INTO filled it.",
          "- [x] **No data migration needed**\n```sql\nALTER TABLE users ADD COLUMN plan text "
          "NOT NULL;\n```",
          "- [x] **No data migration needed**\n```sql\nALTER TABLE users ADD COLUMN plan text "
          "NOT NULL DEFAULT 'free';\n```"),
      check);
}

}  // namespace issuelint
