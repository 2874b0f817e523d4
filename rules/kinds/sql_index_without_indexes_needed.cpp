#include <string>

#include "rules/kinds/sql_kinds.h"
#include "rules/kinds/sql_rule_support.h"

namespace issuelint {
namespace {

void check(const Rule& rule, LintContext& context) {
  const sql_rules::MigrationWording& wording = sql_rules::wording();
  if (!sql_rules::has_migration_sql(context, rule)) return;
  if (!sql_rules::needs_section(context, rule, wording.performance)) return;
  if (sql_rules::ticked(context, wording.performance, wording.indexes_needed)) return;
  // One finding for the whole script, at its first index: the fix is one tick, however many
  // indexes a generated migration builds.
  const sql::MigrationAnalysis& analysis = context.migration();
  const sql_rules::FirstOperation index =
      sql_rules::first_migration_operation(context, [&](const sql::Operation& operation) {
        // An index of a temporary table is gone with it: no index of the schema.
        return operation.kind == sql::OperationKind::create_index &&
               !analysis.is_temporary_table(operation.table, operation.offset);
      });
  if (index.operation == nullptr) return;
  sql_rules::report_first(context, rule, index,
                          "the SQL creates an index on '" + index.operation->table + "'",
                          ", but 'Indexes needed' is not ticked",
                          "tick 'Indexes needed' under Performance Considerations");
}

}  // namespace

RuleKind sql_index_without_indexes_needed_kind() {
  return sql_rules::make_kind(
      sql_rules::describe(
          "sql-index-without-indexes-needed", "sql", Severity::warning,
          "CREATE INDEX should tick 'Indexes needed'",
          "A plain CREATE INDEX takes a SHARE lock on its table for the whole build: reads "
          "continue, every INSERT, UPDATE and DELETE waits. CREATE INDEX CONCURRENTLY avoids "
          "that but cannot run in a transaction, and every index costs disk and write "
          "throughput afterwards. 'Indexes needed' is where the performance review starts; a "
          "migration that builds indexes without it slips past that review.",
          "- [ ] **Indexes needed**\n```sql\nCREATE INDEX users_email_idx ON users (email);\n```",
          "- [x] **Indexes needed**\n```sql\nCREATE INDEX users_email_idx ON users (email);\n```"),
      check);
}

}  // namespace issuelint
