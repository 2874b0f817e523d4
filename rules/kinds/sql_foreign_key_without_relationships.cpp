#include "rules/kinds/sql_kinds.h"
#include "rules/kinds/sql_rule_support.h"

namespace issuelint {
namespace {

void check(const Rule& rule, LintContext& context) {
  const sql_rules::MigrationWording& wording = sql_rules::wording();
  if (!sql_rules::has_migration_sql(context, rule)) return;
  if (!sql_rules::needs_section(context, rule, wording.migration_type)) return;
  if (sql_rules::ticked(context, wording.migration_type, wording.relationships)) return;
  // One finding, at the first: the one box is the fix for every foreign key.
  const sql_rules::FirstOperation key = sql_rules::first_migration_operation(
      context, [](const sql::Operation& operation) { return operation.foreign_key; });
  if (key.operation == nullptr) return;
  sql_rules::report_first(context, rule, key,
                          "the SQL adds a foreign key from '" + key.operation->table + "' to '" +
                              key.operation->referenced_table + "'",
                          ", but Migration Type 'Relationships' is not ticked",
                          "tick 'Relationships' under Migration Type");
}

}  // namespace

RuleKind sql_foreign_key_without_relationships_kind() {
  return sql_rules::make_kind(
      sql_rules::describe(
          "sql-foreign-key-without-relationships", "sql", Severity::error,
          "FOREIGN KEY / REFERENCES needs Migration Type 'Relationships'",
          "A foreign key ties two tables together: deletes on the referenced table now check "
          "(or cascade to) the other, and adding it takes a SHARE ROW EXCLUSIVE lock on both "
          "tables. The 'Relationships' type tells reviewers to look at both sides. Several "
          "foreign keys are one finding, at the first, with a count.",
          "- [x] **Schema Update**\n```sql\nALTER TABLE bookings ADD CONSTRAINT bookings_user_fk "
          "FOREIGN KEY (user_id) REFERENCES users (id);\n```",
          "- [x] **Relationships**\n```sql\nALTER TABLE bookings ADD CONSTRAINT bookings_user_fk "
          "FOREIGN KEY (user_id) REFERENCES users (id);\n```"),
      check);
}

}  // namespace issuelint
