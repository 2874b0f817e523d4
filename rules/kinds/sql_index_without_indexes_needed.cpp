#include "rules/kinds/sql_kinds.h"
#include "rules/kinds/sql_rule_support.h"

namespace issuelint {
namespace {

void check(const Rule& rule, LintContext& context) {
  if (!sql_rules::has_migration_sql(context, rule)) return;
  if (context.find_section(sql_rules::kPerformance) == kNoIndex) {
    context.report_cannot_check(rule.info(), sql_rules::kPerformance);
    return;
  }
  if (sql_rules::ticked(context, sql_rules::kPerformance, "Indexes needed")) return;
  for (const sql::ScriptAnalysis& script : context.migration().migration) {
    if (script.empty()) continue;
    for (const sql::Operation& operation : script.operations) {
      if (operation.kind != sql::OperationKind::create_index) continue;
      context.report(rule.info(), script.section, sql_rules::position_of(context, operation.offset),
                     "the SQL creates an index on '" + operation.table +
                         "', but 'Indexes needed' is not ticked",
                     "tick 'Indexes needed' under Performance Considerations");
      return;
    }
  }
}

}  // namespace

RuleKind sql_index_without_indexes_needed_kind() {
  return sql_rules::make_kind(
      sql_rules::describe(
          "sql-index-without-indexes-needed", "sql", Severity::warning,
          "CREATE INDEX should tick 'Indexes needed'",
          "Building an index takes a lock on its table for the duration of the build and costs "
          "disk and write throughput afterwards. 'Indexes needed' is where the performance "
          "review starts; a migration that builds indexes without it slips past that review.",
          "- [ ] **Indexes needed**\n```sql\nCREATE INDEX users_email_idx ON users (email);\n```",
          "- [x] **Indexes needed**\n```sql\nCREATE INDEX users_email_idx ON users (email);\n```"),
      check);
}

}  // namespace issuelint
