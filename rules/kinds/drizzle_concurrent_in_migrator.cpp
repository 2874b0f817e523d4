#include <string>

#include "rules/kinds/sql_kinds.h"
#include "rules/kinds/sql_rule_support.h"

namespace issuelint {
namespace {

// "CREATE INDEX CONCURRENTLY users_email_idx ON users": the index by its name, then its table.
std::string statement_of(const sql::Operation& operation) {
  const bool create = operation.kind == sql::OperationKind::create_index;
  std::string text = create ? "CREATE INDEX CONCURRENTLY" : "DROP INDEX CONCURRENTLY";
  if (!operation.name.empty()) text += " " + operation.name;
  if (create && !operation.table.empty()) text += " ON " + operation.table;
  return text;
}

void check(const Rule& rule, LintContext& context) {
  if (!sql_rules::has_migration_sql(context, rule)) return;
  sql_rules::for_each_migration_operation(context, [&](const sql::ScriptAnalysis& script,
                                                       const sql::Operation& operation) {
    const bool index = operation.kind == sql::OperationKind::create_index ||
                       operation.kind == sql::OperationKind::drop_index;
    if (!index || !operation.concurrent) return;
    context.report(rule.info(), script.section, sql_rules::position_of(context, operation.offset),
                   statement_of(operation) + " cannot run inside drizzle's migrator transaction",
                   "apply this statement by hand (or with a separate script) outside "
                   "drizzle-kit migrate");
  });
}

}  // namespace

RuleKind drizzle_concurrent_in_migrator_kind() {
  return sql_rules::make_kind(
      sql_rules::describe(
          "drizzle-concurrent-in-migrator", "drizzle", Severity::info,
          "CONCURRENTLY statements must run outside drizzle's migrator",
          "drizzle-kit migrate runs all pending migrations inside one transaction, and "
          "PostgreSQL refuses CREATE INDEX CONCURRENTLY and DROP INDEX CONCURRENTLY in a "
          "transaction block (drizzle-orm#860). The statement is right for a large table, but "
          "it has to be applied outside the migrator.",
          "```sql\nCREATE INDEX CONCURRENTLY users_email_idx ON users (email);\n```",
          "```sql\nCREATE INDEX users_email_idx ON users (email);\n```"),
      check);
}

}  // namespace issuelint
