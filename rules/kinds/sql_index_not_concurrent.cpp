#include "rules/kinds/sql_kinds.h"
#include "rules/kinds/sql_rule_support.h"

namespace issuelint {
namespace {

void check(const Rule& rule, LintContext& context) {
  const sql_rules::MigrationWording& wording = sql_rules::wording();
  if (!sql_rules::has_migration_sql(context, rule)) return;
  if (!sql_rules::ticked(context, wording.performance, wording.large_table_impact)) return;
  const sql::MigrationAnalysis& analysis = context.migration();
  for (const sql::ScriptAnalysis& script : analysis.migration) {
    if (script.empty()) continue;
    for (const sql::Operation& operation : script.operations) {
      if (operation.kind != sql::OperationKind::create_index || operation.concurrent) continue;
      if (!sql_rules::on_existing_table(analysis, operation)) continue;
      context.report(rule.info(), script.section, sql_rules::position_of(context, operation.offset),
                     "CREATE INDEX on '" + operation.table +
                         "' without CONCURRENTLY blocks writes to the table for the whole build",
                     "use CREATE INDEX CONCURRENTLY (outside a transaction)");
    }
  }
}

}  // namespace

RuleKind sql_index_not_concurrent_kind() {
  return sql_rules::make_kind(
      sql_rules::describe(
          "sql-index-not-concurrent", "sql", Severity::warning,
          "On a large table, build indexes CONCURRENTLY",
          "A plain CREATE INDEX takes a SHARE lock: reads continue but every INSERT, UPDATE "
          "and DELETE waits until the index is built, which on a table with millions of rows "
          "can take minutes. CREATE INDEX CONCURRENTLY builds it without blocking writes (it "
          "cannot run inside a transaction block).",
          "- [x] **Large table impact**\n```sql\nCREATE INDEX bookings_user_idx ON bookings "
          "(user_id);\n```",
          "- [x] **Large table impact**\n```sql\nCREATE INDEX CONCURRENTLY bookings_user_idx ON "
          "bookings (user_id);\n```"),
      check);
}

}  // namespace issuelint
