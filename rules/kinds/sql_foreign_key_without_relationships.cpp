#include "rules/kinds/sql_kinds.h"
#include "rules/kinds/sql_rule_support.h"

namespace issuelint {
namespace {

void check(const Rule& rule, LintContext& context) {
  const sql_rules::MigrationWording& wording = sql_rules::wording();
  if (!sql_rules::has_migration_sql(context, rule)) return;
  if (!sql_rules::needs_section(context, rule, wording.migration_type)) return;
  if (sql_rules::ticked(context, wording.migration_type, wording.relationships)) return;
  sql_rules::for_each_migration_operation(
      context, [&](const sql::ScriptAnalysis& script, const sql::Operation& operation) {
        if (!operation.foreign_key) return;
        context.report(
            rule.info(), script.section, sql_rules::position_of(context, operation.offset),
            "the SQL adds a foreign key from '" + operation.table + "' to '" +
                operation.referenced_table + "', but Migration Type 'Relationships' is not ticked",
            "tick 'Relationships' under Migration Type");
        return;
      });
}

}  // namespace

RuleKind sql_foreign_key_without_relationships_kind() {
  return sql_rules::make_kind(
      sql_rules::describe(
          "sql-foreign-key-without-relationships", "sql", Severity::error,
          "FOREIGN KEY / REFERENCES needs Migration Type 'Relationships'",
          "A foreign key ties two tables together: deletes on the referenced table now check "
          "(or cascade to) the other, and adding it takes a SHARE ROW EXCLUSIVE lock on both "
          "tables. The 'Relationships' type tells reviewers to look at both sides.",
          "- [x] **Schema Update**\n```sql\nALTER TABLE bookings ADD CONSTRAINT bookings_user_fk "
          "FOREIGN KEY (user_id) REFERENCES users (id);\n```",
          "- [x] **Relationships**\n```sql\nALTER TABLE bookings ADD CONSTRAINT bookings_user_fk "
          "FOREIGN KEY (user_id) REFERENCES users (id);\n```"),
      check);
}

}  // namespace issuelint
