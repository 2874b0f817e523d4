#include <algorithm>
#include <string>
#include <vector>

#include "rules/kinds/sql_kinds.h"
#include "rules/kinds/sql_rule_support.h"

namespace issuelint {
namespace {

// The canonical names of every table the migration SQL touches, sorted: each pgTable is looked
// up in them (a scan of every operation's tables per pgTable, folding both names at each step,
// took 29 s for a draft of 16,000 of each, 1.7 s for 4,000).
std::vector<std::string> migration_tables(const sql::MigrationAnalysis& analysis,
                                          const TableNamePolicy& policy) {
  // Room for them all first: grown one name at a time, the flagship's three table references
  // took three allocations.
  std::size_t count = 0;
  analysis.each_migration_operation(
      [&](const sql::Operation& operation) { count += operation.tables.size(); });
  std::vector<std::string> names;
  names.reserve(count);
  // A name written as the one before it folds the same: drizzle-kit's ALTER TABLE names the
  // table its CREATE TABLE just made (a fold and a sorted string less a flagship check).
  const std::string* previous = nullptr;
  analysis.each_migration_operation([&](const sql::Operation& operation) {
    for (const sql::TableReference& reference : operation.tables) {
      if (previous != nullptr && reference.name == *previous) continue;
      previous = &reference.name;
      names.push_back(canonical_table_name(reference.name, policy));
    }
  });
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

bool in_migration_sql(const std::vector<std::string>& migration, const drizzle::Table& table,
                      const TableNamePolicy& policy) {
  return stands_for_any_table(canonical_table_name(table.sql_name, policy), migration, policy) ||
         stands_for_any_table(canonical_table_name(table.name, policy), migration, policy);
}

void check(const Rule& rule, LintContext& context) {
  const sql::MigrationAnalysis& analysis = context.migration();
  if (analysis.schema.tables.empty()) return;
  const WrittenTables& declared = context.declared_tables();
  const TableNamePolicy& policy = context.table_policy();
  const std::vector<std::string> migration = migration_tables(analysis, policy);
  for (const drizzle::Table& table : analysis.schema.tables) {
    // The template's example table is drizzle-new-table-without-pgtable's to report.
    if (table.name.empty() || table.name == sql_rules::kTemplateTableName ||
        in_migration_sql(migration, table, policy)) {
      continue;
    }
    if (declared.stands_for(table.sql_name) || declared.stands_for(table.name)) continue;
    context.report(rule.info(), table.section, sql_rules::position_of(context, table.offset),
                   "pgTable '" + table.sql_name +
                       "' is neither in the Migration SQL nor among the tables affected",
                   "tick the table under Tables Affected (or name it after 'Other:'), or fix the "
                   "table name");
  }
}

}  // namespace

RuleKind drizzle_unknown_pgtable_kind() {
  return sql_rules::make_kind(
      sql_rules::describe(
          "drizzle-unknown-pgtable", "drizzle", Severity::warning,
          "Every pgTable in New Schema is a table the issue talks about",
          "A Drizzle table that appears in neither the SQL nor Tables Affected is usually a "
          "typo in the table name (drizzle-kit would then generate a CREATE TABLE for a second, "
          "misspelled table) or a table the author forgot to declare.",
          "- [x] users\n### New Schema\n```ts\nexport const posts = pgTable('postz', { id: "
          "serial('id') });\n```",
          "- [x] users\n- [x] Other: posts\n### New Schema\n```ts\nexport const posts = "
          "pgTable('posts', { id: serial('id') });\n```"),
      check);
}

}  // namespace issuelint
