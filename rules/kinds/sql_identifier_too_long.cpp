#include "rules/kinds/sql_kinds.h"
#include "rules/kinds/sql_rule_support.h"
#include "rules/sql/operation_builder.h"

namespace issuelint {
namespace {

void check(const Rule& rule, LintContext& context) {
  if (!sql_rules::has_migration_sql(context, rule)) return;
  for (const sql::ScriptAnalysis& script : context.migration().migration) {
    if (script.empty()) continue;
    for (const sql::LongIdentifier& identifier : script.long_identifiers) {
      context.report(
          rule.info(), script.section, sql_rules::position_of(context, identifier.offset),
          "identifier '" + identifier.text + "' is " + std::to_string(identifier.text.size()) +
              " bytes; PostgreSQL silently keeps only the first " +
              std::to_string(sql::kMaxIdentifierBytes),
          "shorten it to " + std::to_string(sql::kMaxIdentifierBytes) + " bytes or fewer");
    }
  }
}

}  // namespace

RuleKind sql_identifier_too_long_kind() {
  return sql_rules::make_kind(
      sql_rules::describe(
          "sql-identifier-too-long", "sql", Severity::warning,
          "Identifiers longer than 63 bytes are truncated",
          "PostgreSQL keeps the first 63 bytes of a name (NAMEDATALEN - 1) and drops the rest "
          "with only a NOTICE. Two long constraint names that share their first 63 bytes then "
          "collide, and tools that look the object up by its full name (drizzle-kit comparing "
          "snapshots, a later DROP CONSTRAINT) do not find it. Real drizzle-kit foreign-key "
          "names reach 64 and 68 characters.",
          "```sql\nALTER TABLE t ADD CONSTRAINT "
          "\"discuno_mentor_event_type_mentor_id_discuno_user_id_fk_cascade_x\" FOREIGN KEY "
          "(mentor_id) REFERENCES discuno_user (id);\n```",
          "```sql\nALTER TABLE t ADD CONSTRAINT \"mentor_event_type_mentor_fk\" FOREIGN KEY "
          "(mentor_id) REFERENCES discuno_user (id);\n```"),
      check);
}

}  // namespace issuelint
