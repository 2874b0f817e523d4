#include "rules/kinds/sql_kinds.h"
#include "rules/kinds/sql_rule_support.h"

namespace issuelint {
namespace {

void check(const Rule& rule, LintContext& context) {
  if (!sql_rules::has_migration_sql(context, rule)) return;
  for (const sql::ScriptAnalysis& script : context.migration().migration) {
    if (script.empty()) continue;
    for (const sql::ParameterUse& use : script.parameters) {
      // Built by appending: GCC 12 at -O3 raises a false -Wrestrict on "$" + std::string.
      const std::string parameter = std::string(1, '$').append(std::to_string(use.number));
      std::string message = parameter;
      message.append(" in a schema statement: PostgreSQL rejects it with 'there is no parameter ")
          .append(parameter)
          .append("'");
      context.report(rule.info(), script.section, sql_rules::position_of(context, use.offset),
                     message, "write the literal value instead of the parameter");
    }
  }
}

}  // namespace

RuleKind sql_parameter_in_ddl_kind() {
  return sql_rules::make_kind(
      sql_rules::describe(
          "sql-parameter-in-ddl", "sql", Severity::error, "No $1 parameters inside DDL",
          "Parameters ($1, $2...) exist only for prepared data statements. Inside CREATE TABLE, "
          "ALTER TABLE or a CHECK constraint the SQL still parses, but PostgreSQL rejects it "
          "when the migration runs ('there is no parameter $1'). It happens when a query "
          "builder's placeholder leaks into generated DDL (seen in a real drizzle-kit "
          "migration's CHECK constraint).",
          "```sql\nCREATE TABLE review (rating int CHECK (rating >= $1));\n```",
          "```sql\nCREATE TABLE review (rating int CHECK (rating >= 1));\n```"),
      check);
}

}  // namespace issuelint
