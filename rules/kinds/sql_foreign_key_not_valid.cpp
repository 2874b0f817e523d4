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
      const bool adds_foreign_key =
          operation.foreign_key && (operation.kind == sql::OperationKind::add_constraint ||
                                    operation.kind == sql::OperationKind::add_column);
      if (!adds_foreign_key || operation.not_valid) continue;
      if (!sql_rules::on_existing_table(analysis, operation)) continue;
      context.report(rule.info(), script.section, sql_rules::position_of(context, operation.offset),
                     "the foreign key on '" + operation.table +
                         "' is validated against every existing row while both tables are locked",
                     "add it with NOT VALID, then run ALTER TABLE ... VALIDATE CONSTRAINT in a "
                     "separate migration");
    }
  }
}

}  // namespace

RuleKind sql_foreign_key_not_valid_kind() {
  return sql_rules::make_kind(
      sql_rules::describe(
          "sql-foreign-key-not-valid", "sql", Severity::warning,
          "On a large table, add foreign keys NOT VALID and validate separately",
          "ADD CONSTRAINT ... FOREIGN KEY takes a SHARE ROW EXCLUSIVE lock on the table and the "
          "referenced table and scans every existing row before it commits: on a table with "
          "millions of rows, writes to both stop for the whole scan. With NOT VALID the "
          "constraint applies to new rows at once; VALIDATE CONSTRAINT later checks old rows "
          "under a lock that lets writes continue.",
          "- [x] **Large table impact**\n```sql\nALTER TABLE bookings ADD CONSTRAINT fk FOREIGN "
          "KEY (user_id) REFERENCES users (id);\n```",
          "- [x] **Large table impact**\n```sql\nALTER TABLE bookings ADD CONSTRAINT fk FOREIGN "
          "KEY (user_id) REFERENCES users (id) NOT VALID;\n```"),
      check);
}

}  // namespace issuelint
