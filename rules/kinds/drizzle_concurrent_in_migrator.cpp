#include <string>

#include "rules/kinds/sql_kinds.h"
#include "rules/kinds/sql_rule_support.h"

namespace issuelint {
namespace {

using sql::OperationKind;

// The statements PostgreSQL refuses inside a transaction block when they run CONCURRENTLY.
// REFRESH MATERIALIZED VIEW CONCURRENTLY is not one of them.
bool refused_in_transaction(const sql::Operation& operation) {
  if (!operation.concurrent) return false;
  return operation.kind == OperationKind::create_index ||
         operation.kind == OperationKind::drop_index || operation.kind == OperationKind::reindex ||
         operation.kind == OperationKind::detach_partition;
}

// "CREATE INDEX CONCURRENTLY users_email_idx ON users", "REINDEX TABLE CONCURRENTLY users",
// "ALTER TABLE events DETACH PARTITION events_2024 CONCURRENTLY": the statement as written.
std::string statement_of(const sql::Operation& operation) {
  switch (operation.kind) {
    case OperationKind::create_index: {
      std::string text = "CREATE INDEX CONCURRENTLY";
      if (!operation.name.empty()) text += " " + operation.name;
      if (!operation.table.empty()) text += " ON " + operation.table;
      return text;
    }
    case OperationKind::reindex: {
      // operation.name: "TABLE users"; CONCURRENTLY goes after the object's kind.
      const std::size_t space = operation.name.find(' ');
      if (space == std::string::npos) return "REINDEX " + operation.name + " CONCURRENTLY";
      return "REINDEX " + operation.name.substr(0, space) + " CONCURRENTLY" +
             operation.name.substr(space);
    }
    case OperationKind::detach_partition:
      return "ALTER TABLE " + operation.table + " DETACH PARTITION " + operation.name +
             " CONCURRENTLY";
    default:
      return operation.name.empty() ? "DROP INDEX CONCURRENTLY"
                                    : "DROP INDEX CONCURRENTLY " + operation.name;
  }
}

// Whether the script itself has a transaction block open at each operation: BEGIN (or START
// TRANSACTION) opens one, COMMIT or ROLLBACK ends it. Operations are seen in order.
class TransactionBlock {
 public:
  // The BEGIN whose block `operation` is in, or null; call for every operation in order.
  const sql::Operation* at(const sql::ScriptAnalysis& script, const sql::Operation& operation) {
    if (&script != script_) {
      script_ = &script;
      begin_ = nullptr;
    }
    if (operation.kind == OperationKind::transaction_begin) begin_ = &operation;
    if (operation.kind == OperationKind::transaction_commit ||
        operation.kind == OperationKind::transaction_rollback) {
      begin_ = nullptr;
    }
    return begin_;
  }

 private:
  const sql::ScriptAnalysis* script_ = nullptr;
  const sql::Operation* begin_ = nullptr;
};

// Inside the SQL's own BEGIN ... COMMIT, or a DO block (which always runs in a transaction),
// the statement fails however it is applied: moving it out of drizzle's migrator is not enough.
void report_in_own_transaction(const Rule& rule, LintContext& context,
                               const sql::ScriptAnalysis& script, const sql::Operation& operation,
                               const sql::Operation* begin) {
  const SourcePosition position = sql_rules::position_of(context, operation.offset);
  if (operation.in_do_block) {
    context.report(rule.info(), script.section, position,
                   statement_of(operation) +
                       " cannot run inside a DO block, which always runs in a transaction",
                   "take it out of the DO block (IF NOT EXISTS / IF EXISTS do what a check "
                   "around it did) and apply it outside drizzle-kit migrate");
    return;
  }
  const int line = sql_rules::position_of(context, begin->offset).line;
  context.report(rule.info(), script.section, position,
                 statement_of(operation) +
                     " cannot run inside the transaction block the SQL opens with BEGIN at "
                     "line " +
                     std::to_string(line),
                 "move it after the COMMIT, and apply it outside drizzle-kit migrate");
}

void check(const Rule& rule, LintContext& context) {
  if (!sql_rules::has_migration_sql(context, rule)) return;
  TransactionBlock block;
  sql_rules::for_each_migration_operation(context, [&](const sql::ScriptAnalysis& script,
                                                       const sql::Operation& operation) {
    const sql::Operation* begin = block.at(script, operation);
    if (!refused_in_transaction(operation)) return;
    if (begin != nullptr || operation.in_do_block) {
      return report_in_own_transaction(rule, context, script, operation, begin);
    }
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
          "PostgreSQL refuses CREATE INDEX CONCURRENTLY, DROP INDEX CONCURRENTLY, REINDEX ... "
          "CONCURRENTLY (of an index, a table, a schema or a database) and ALTER TABLE ... "
          "DETACH PARTITION ... CONCURRENTLY in a transaction block (drizzle-orm#860). The "
          "statement is right for a large table, but it has to be applied outside the migrator. "
          "REFRESH MATERIALIZED VIEW CONCURRENTLY runs in a transaction and is not reported. "
          "Inside the SQL's own BEGIN ... COMMIT, or inside a DO block (which always runs in a "
          "transaction), the statement fails wherever it is applied: the finding says so, and "
          "where to move it.",
          "```sql\nCREATE INDEX CONCURRENTLY users_email_idx ON users (email);\n```",
          "```sql\nCREATE INDEX users_email_idx ON users (email);\n```"),
      check);
}

}  // namespace issuelint
