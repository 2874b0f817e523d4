#include <algorithm>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "rules/kinds/sql_kinds.h"
#include "rules/kinds/sql_rule_support.h"
#include "rules/sql/identifier_quoting.h"

namespace issuelint {
namespace {

using sql::Operation;
using sql::OperationKind;

// What a script drops, sorted: each CREATE TABLE and ADD COLUMN of the migration is looked up in
// it (a scan of the rollback for each was quadratic in a long script).
using Drop = std::tuple<OperationKind, std::string_view, std::string_view,  // kind, table, column
                        std::size_t>;  // the body offset of its statement

template <typename EachOperation>
std::vector<Drop> drops_of(EachOperation each_operation) {
  std::vector<Drop> drops;
  each_operation([&](const Operation& operation) {
    if (operation.kind == OperationKind::drop_table) {
      drops.emplace_back(OperationKind::drop_table, operation.table, std::string_view(),
                         operation.offset);
    } else if (operation.kind == OperationKind::drop_column) {
      drops.emplace_back(OperationKind::drop_column, operation.table, operation.column,
                         operation.offset);
    }
  });
  std::sort(drops.begin(), drops.end());
  return drops;
}

// Whether `drops` holds `kind` of `table` (`column`) at body offset `after` or later.
bool has_drop(const std::vector<Drop>& drops, OperationKind kind, std::string_view table,
              std::string_view column, std::size_t after) {
  const auto found = std::lower_bound(drops.begin(), drops.end(), Drop{kind, table, column, after});
  return found != drops.end() && std::get<0>(*found) == kind && std::get<1>(*found) == table &&
         std::get<2>(*found) == column;
}

// DROP TABLE undoes CREATE TABLE; DROP COLUMN of the same column undoes ADD COLUMN: in the
// rollback, or in the migration itself after it (a helper table it creates and drops). The
// table is named `table` there.
bool is_undone(const std::vector<Drop>& drops, const Operation& forward, std::string_view table,
               std::size_t after) {
  return forward.kind == OperationKind::create_table
             ? has_drop(drops, OperationKind::drop_table, table, {}, after)
             : has_drop(drops, OperationKind::drop_column, table, forward.column, after);
}

// DROP TABLE of a partitioned table drops its partitions, and theirs: a CREATE TABLE ... PARTITION
// OF is undone when the table it belongs to is dropped, or the table that one belongs to.
bool is_dropped_with_parent(const std::vector<Drop>& drops, const sql::MigrationAnalysis& analysis,
                            const Operation& partition) {
  std::vector<std::pair<std::string_view, std::string_view>> parents;  // table, partition of
  analysis.each_migration_operation([&](const Operation& operation) {
    if (operation.kind == OperationKind::create_table && !operation.partition_of.empty()) {
      parents.emplace_back(operation.table, operation.partition_of);
    }
  });
  std::string_view parent = partition.partition_of;
  // At most one step a partition the migration creates: a cycle (not valid SQL) ends too.
  for (std::size_t step = 0; !parent.empty() && step <= parents.size(); ++step) {
    if (has_drop(drops, OperationKind::drop_table, parent, {}, 0)) return true;
    const auto up = std::find_if(parents.begin(), parents.end(),
                                 [&](const auto& entry) { return entry.first == parent; });
    parent = up == parents.end() ? std::string_view() : up->second;
  }
  return false;
}

void check(const Rule& rule, LintContext& context) {
  if (!sql_rules::has_migration_sql(context, rule)) return;
  const sql::MigrationAnalysis& analysis = context.migration();
  if (!analysis.has_rollback_sql()) return;  // no script: other rules say whether one is needed
  // A rollback that does not parse says nothing of what it undoes: its syntax error is the
  // finding, not the statements the parser could not read.
  const bool unreadable =
      std::any_of(analysis.rollback.begin(), analysis.rollback.end(),
                  [](const sql::ScriptAnalysis& script) { return !script.errors.empty(); });
  if (unreadable) return;
  const std::vector<Drop> drops =
      drops_of([&](auto visit) { analysis.each_rollback_operation(visit); });
  const std::vector<Drop> dropped_by_migration =
      drops_of([&](auto visit) { analysis.each_migration_operation(visit); });
  for (const sql::ScriptAnalysis& script : analysis.migration) {
    if (script.empty()) continue;
    for (const Operation& operation : script.operations) {
      const bool reversible_kind = operation.kind == OperationKind::create_table ||
                                   operation.kind == OperationKind::add_column;
      if (!reversible_kind || operation.table.empty()) continue;
      if (operation.temporary) continue;  // gone with the session, or at COMMIT
      // A column of a table the migration creates goes away with the table.
      if (operation.kind == OperationKind::add_column &&
          analysis.creates_table_before(operation.table, operation.offset)) {
        continue;
      }
      // A table the migration renames afterwards is dropped by its new name (or renamed back
      // first, and dropped by the name written here).
      const std::string_view renamed =
          analysis.name_after_migration(operation.table, operation.offset);
      const auto undone_in = [&](const std::vector<Drop>& by, std::size_t after) {
        return is_undone(by, operation, operation.table, after) ||
               (renamed != operation.table && is_undone(by, operation, renamed, after));
      };
      if (undone_in(drops, 0) || undone_in(dropped_by_migration, operation.offset + 1)) continue;
      if (!operation.partition_of.empty() && is_dropped_with_parent(drops, analysis, operation)) {
        continue;
      }
      // Quoted as needed: pasted into the Rollback Script, the fix-it drops this very name.
      const std::string table = sql::quote_table_name(operation.table);
      const std::string inverse =
          operation.kind == OperationKind::create_table
              ? "DROP TABLE " + table
              : "ALTER TABLE " + table + " DROP COLUMN " + sql::quote_identifier(operation.column);
      context.report(
          rule.info(), script.section, sql_rules::position_of(context, operation.offset),
          sql_rules::describe_operation(operation) + " is not undone by the Rollback Script",
          "add '" + inverse + ";' to the Rollback Script");
    }
  }
}

}  // namespace

RuleKind sql_rollback_incomplete_kind() {
  return sql_rules::make_kind(
      sql_rules::describe(
          "sql-rollback-incomplete", "sql", Severity::warning,
          "The Rollback Script undoes the tables and columns the migration adds",
          "A rollback that leaves a created table or an added column behind makes the next "
          "attempt of the migration fail ('relation already exists', 'column already exists') "
          "and leaves the schema out of step with the code that was rolled back. Each CREATE "
          "TABLE needs a DROP TABLE and each ADD COLUMN a DROP COLUMN in the rollback; a partition "
          "(CREATE TABLE ... PARTITION OF) goes with the DROP TABLE of its partitioned table. A "
          "temporary table needs none: it is gone when the session ends; nor does a table or "
          "column the migration itself drops again.",
          "### Migration SQL\n```sql\nALTER TABLE users ADD COLUMN bio text;\n```\n### Rollback "
          "Script\n```sql\nSELECT 1;\n```",
          "### Migration SQL\n```sql\nALTER TABLE users ADD COLUMN bio text;\n```\n### Rollback "
          "Script\n```sql\nALTER TABLE users DROP COLUMN bio;\n```"),
      check);
}

}  // namespace issuelint
