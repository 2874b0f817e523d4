#include "rules/kinds/sql_kinds.h"
#include "rules/kinds/sql_rule_support.h"

namespace issuelint {
namespace {

void check(const Rule& rule, LintContext& context) {
  const sql_rules::MigrationWording& wording = sql_rules::wording();
  if (!sql_rules::has_migration_sql(context, rule)) return;
  if (!sql_rules::needs_section(context, rule, wording.migration_type)) return;
  if (sql_rules::ticked(context, wording.migration_type, wording.new_table)) return;
  // One finding, at the first: the one box is the fix for every table.
  const sql_rules::FirstOperation created =
      sql_rules::first_migration_operation(context, [](const sql::Operation& operation) {
        // A temporary table is the session's, gone at its end: no table of the schema.
        return operation.kind == sql::OperationKind::create_table && !operation.temporary;
      });
  if (created.operation == nullptr) return;
  sql_rules::report_first(
      context, rule, created, "the SQL creates table '" + created.operation->table + "'",
      ", but Migration Type 'New Table' is not ticked", "tick 'New Table' under Migration Type");
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
          "and references are what the New Table review checks. Several tables are one "
          "finding, at the first, with a count. CREATE TABLE ... AS and SELECT ... INTO create "
          "a table too; a temporary table (CREATE TEMP TABLE) is the "
          "session's, not the schema's, and needs no box.",
          "- [x] **Schema Update**\n```sql\nCREATE TABLE audit_log (id serial PRIMARY KEY);\n```",
          "- [x] **New Table**\n```sql\nCREATE TABLE audit_log (id serial PRIMARY KEY);\n```"),
      check);
}

}  // namespace issuelint
