#include <set>
#include <string_view>

#include "rules/kinds/sql_kinds.h"
#include "rules/kinds/sql_rule_support.h"

namespace issuelint {
namespace {

void check(const Rule& rule, LintContext& context) {
  const sql_rules::MigrationWording& wording = sql_rules::wording();
  if (!sql_rules::has_migration_sql(context, rule)) return;
  if (!sql_rules::ticked(context, wording.rollback_plan, wording.automatically_reversible)) return;
  // A value added to a type the migration itself creates before goes with the type: the
  // rollback's DROP TYPE undoes both.
  std::set<std::string_view> created_types;
  sql_rules::for_each_migration_operation(context, [&](const sql::ScriptAnalysis& script,
                                                       const sql::Operation& operation) {
    if (operation.kind == sql::OperationKind::create_type) created_types.insert(operation.name);
    if (operation.kind != sql::OperationKind::enum_add_value) return;
    if (created_types.contains(operation.name)) return;
    context.report(rule.info(), script.section, sql_rules::position_of(context, operation.offset),
                   "ALTER TYPE " + operation.name + " ADD VALUE '" + operation.column +
                       "' cannot be undone, so the migration is not automatically reversible",
                   "untick 'Automatically reversible'; a rollback must recreate the type "
                   "without the value and convert every column that uses it");
  });
}

}  // namespace

RuleKind sql_enum_value_reversible_kind() {
  return sql_rules::make_kind(
      sql_rules::describe(
          "sql-enum-value-reversible", "sql", Severity::error,
          "ALTER TYPE ... ADD VALUE makes a migration irreversible",
          "PostgreSQL has no ALTER TYPE ... DROP VALUE. Once a value is added to an enum, "
          "rolling back means creating a new type, rewriting every column that uses the old "
          "one (a table rewrite under ACCESS EXCLUSIVE) and dropping it; rows that already use "
          "the new value must be changed first. A value added to a type the migration itself "
          "creates before is no such case: dropping the type undoes both.",
          "- [x] **Automatically reversible**\n```sql\nALTER TYPE role ADD VALUE 'admin';\n```",
          "- [x] **Manual rollback**\n```sql\nALTER TYPE role ADD VALUE 'admin';\n```"),
      check);
}

}  // namespace issuelint
