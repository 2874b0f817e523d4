#include "rules/kinds/sql_kinds.h"
#include "rules/kinds/sql_rule_support.h"

namespace issuelint {
namespace {

void check(const Rule& rule, LintContext& context) {
  const sql_rules::MigrationWording& wording = sql_rules::wording();
  if (!sql_rules::has_migration_sql(context, rule)) return;
  if (!sql_rules::needs_section(context, rule, wording.migration_type)) return;
  if (sql_rules::ticked(context, wording.migration_type, wording.new_table)) return;
  sql_rules::for_each_migration_operation(context, [&](const sql::ScriptAnalysis& script,
                                                       const sql::Operation& operation) {
    // A temporary table is the session's, gone at its end: no table of the schema.
    if (operation.kind != sql::OperationKind::create_table || operation.temporary) return;
    context.report(rule.info(), script.section, sql_rules::position_of(context, operation.offset),
                   "the SQL creates table '" + operation.table +
                       "', but Migration Type 'New Table' is not ticked",
                   "tick 'New Table' under Migration Type");
    return;
  });
}

}  // namespace

RuleKind sql_create_table_without_new_table_kind() {
  return sql_rules::make_kind(
      sql_rules::describe(
          "sql-create-table-without-new-table", "sql", Severity::error,
          "CREATE TABLE needs Migration Type 'New Table'",
          "The Migration Type boxes drive labels and review routing. A migration that creates "
          "a table without 'New Table' ticked is filed where nobody reviews new schema. "
          "CREATE TABLE locks no existing rows, but its REFERENCES clauses take a SHARE ROW "
          "EXCLUSIVE lock on each referenced table, and a second run fails with 'relation "
          "already exists' unless it says IF NOT EXISTS: the new table's keys, nullability "
          "and references are what the New Table review checks.",
          "- [x] **Schema Update**\n```sql\nCREATE TABLE audit_log (id serial PRIMARY KEY);\n```",
          "- [x] **New Table**\n```sql\nCREATE TABLE audit_log (id serial PRIMARY KEY);\n```"),
      check);
}

}  // namespace issuelint
