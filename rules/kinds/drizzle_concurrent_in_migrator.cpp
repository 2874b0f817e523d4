#include <set>
#include <string>
#include <string_view>

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

// Whether the byte at `at` is inside a `--` comment of its line.
bool in_line_comment(std::string_view text, std::size_t at) {
  const std::size_t line_start = text.rfind('\n', at) + 1;  // npos + 1 is 0
  const std::size_t dashes = text.find("--", line_start);
  return dashes < at;
}

// Whether the literal at `at` follows BEFORE or AFTER: another ADD VALUE placing its value next
// to this one reads the catalog, which PostgreSQL allows in the same transaction.
bool places_another_value(std::string_view text, std::size_t at) {
  std::size_t end = at;
  while (end > 0 && (text[end - 1] == ' ' || text[end - 1] == '\t' || text[end - 1] == '\n' ||
                     text[end - 1] == '\r')) {
    --end;
  }
  const auto ends_with_word = [&](std::string_view word) {
    if (end < word.size()) return false;
    for (std::size_t i = 0; i < word.size(); ++i) {
      const char c = text[end - word.size() + i];
      if (c != word[i] && c != word[i] + ('a' - 'A')) return false;
    }
    return true;
  };
  return ends_with_word("BEFORE") || ends_with_word("AFTER");
}

// Where the rest of the script, after the ADD VALUE statement's own literal, uses the value
// ('archived' in a DEFAULT, an UPDATE, a CHECK), outside `--` comments; npos when it does not.
std::size_t later_use_of_value(std::string_view body, const sql::ScriptAnalysis& script,
                               const sql::Operation& added) {
  const std::string literal = "'" + added.column + "'";
  const std::size_t end = script.offset + script.length;
  std::size_t at = body.find(literal, added.offset);  // the ADD VALUE's own
  while (at != std::string_view::npos && at < end) {
    at = body.find(literal, at + literal.size());
    if (at >= end) return std::string_view::npos;
    if (!in_line_comment(body, at) && !places_another_value(body, at)) return at;
  }
  return std::string_view::npos;
}

// PostgreSQL refuses an enum value added in the running transaction ("unsafe use of new
// value"), unless the type itself was created in it; drizzle's migrator runs them all in one.
void report_new_value_used(const Rule& rule, LintContext& context,
                           const sql::ScriptAnalysis& script, const sql::Operation& added) {
  const std::size_t use = later_use_of_value(context.document().text, script, added);
  if (use == std::string_view::npos) return;
  context.report(rule.info(), script.section, sql_rules::position_of(context, use),
                 "'" + added.column + "' is used in the transaction whose ALTER TYPE " +
                     added.name +
                     " ADD VALUE adds it: PostgreSQL refuses a new enum value until that "
                     "transaction commits",
                 "apply the ADD VALUE first, in a drizzle-kit migrate run of its own (the "
                 "migrator runs every pending migration in one transaction), then what uses it");
}

void check(const Rule& rule, LintContext& context) {
  if (!sql_rules::has_migration_sql(context, rule)) return;
  TransactionBlock block;
  std::set<std::string_view> created_types;
  sql_rules::for_each_migration_operation(context, [&](const sql::ScriptAnalysis& script,
                                                       const sql::Operation& operation) {
    const sql::Operation* begin = block.at(script, operation);
    if (operation.kind == OperationKind::create_type) created_types.insert(operation.name);
    if (operation.kind == OperationKind::enum_add_value &&
        !created_types.contains(operation.name)) {
      return report_new_value_used(rule, context, script, operation);
    }
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
          "where to move it. Likewise a value that ALTER TYPE ... ADD VALUE adds to an enum "
          "cannot be used (in a DEFAULT, an UPDATE, a CHECK) until the transaction that adds it "
          "commits, unless the migration also creates the type: PostgreSQL stops the migration "
          "with 'unsafe use of new value'.",
          "```sql\nCREATE INDEX CONCURRENTLY users_email_idx ON users (email);\n```",
          "```sql\nCREATE INDEX users_email_idx ON users (email);\n```"),
      check);
}

}  // namespace issuelint
