#include "rules/kinds/sql_kinds.h"
#include "rules/kinds/sql_rule_support.h"

namespace issuelint {
namespace {

void check(const Rule& rule, LintContext& context) {
  const sql_rules::MigrationWording& wording = sql_rules::wording();
  if (!sql_rules::has_migration_sql(context, rule)) return;
  if (!sql_rules::ticked(context, wording.rollback_plan, wording.automatically_reversible)) return;
  const sql::MigrationAnalysis& analysis = context.migration();
  sql_rules::for_each_migration_operation(context, [&](const sql::ScriptAnalysis& script,
                                                       const sql::Operation& operation) {
    // Rows of a table (values of a column) the migration created before were never there to
    // lose.
    if (!sql_rules::loses_existing_data(analysis, operation)) return;
    context.report(rule.info(), script.section, sql_rules::position_of(context, operation.offset),
                   sql_rules::describe_operation(operation) +
                       " loses data, so the migration is not automatically reversible",
                   "untick 'Automatically reversible' and tick 'Data loss potential' (or keep "
                   "the data in a backup table the rollback restores)");
  });
}

}  // namespace

RuleKind sql_drop_reversible_kind() {
  return sql_rules::make_kind(
      sql_rules::describe(
          "sql-drop-reversible", "sql", Severity::error,
          "A migration that drops or truncates is not automatically reversible",
          "Rolling back a DROP TABLE, DROP COLUMN, DROP SCHEMA ... CASCADE or TRUNCATE can "
          "recreate the structure but "
          "not the rows: the data is gone once the statement commits (PostgreSQL runs each "
          "under an ACCESS EXCLUSIVE lock and keeps no copy). Claiming 'Automatically "
          "reversible' hides that the rollback needs a backup.",
          "- [x] **Automatically reversible**\n```sql\nALTER TABLE users DROP COLUMN bio;\n```",
          "- [x] **Data loss potential**\n```sql\nALTER TABLE users DROP COLUMN bio;\n```"),
      check);
}

}  // namespace issuelint
