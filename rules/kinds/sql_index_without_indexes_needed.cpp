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
  const sql::ScriptAnalysis* first_script = nullptr;
  const sql::Operation* first_index = nullptr;
  int indexes = 0;
  const sql::MigrationAnalysis& analysis = context.migration();
  sql_rules::for_each_migration_operation(
      context, [&](const sql::ScriptAnalysis& script, const sql::Operation& operation) {
        if (operation.kind != sql::OperationKind::create_index) return;
        // An index of a temporary table is gone with it: no index of the schema.
        if (analysis.is_temporary_table(operation.table, operation.offset)) return;
        if (indexes++ == 0) {
          first_script = &script;
          first_index = &operation;
        }
      });
  if (first_index == nullptr) return;
  std::string message =
      "the SQL creates an index on '" + first_index->table + "'" +
      (indexes > 1 ? " (and " + std::to_string(indexes - 1) + " more)" : std::string()) +
      ", but 'Indexes needed' is not ticked";
  context.report(rule.info(), first_script->section,
                 sql_rules::position_of(context, first_index->offset), std::move(message),
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
