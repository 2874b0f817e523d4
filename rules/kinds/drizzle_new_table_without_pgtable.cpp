#include "rules/kinds/sql_kinds.h"
#include "rules/kinds/sql_rule_support.h"

namespace issuelint {
namespace {

void check(const Rule& rule, LintContext& context) {
  const sql_rules::MigrationWording& wording = sql_rules::wording();
  if (!sql_rules::ticked(context, wording.migration_type, wording.new_table)) return;
  const sql::MigrationAnalysis& analysis = context.migration();
  if (analysis.schema_section == kNoIndex) {
    context.report_cannot_check(rule.info(), wording.new_schema.text());
    return;
  }
  for (const drizzle::Table& table : analysis.schema.tables) {
    if (!table.name.empty() && table.name != sql_rules::kTemplateTableName) return;
  }
  const Section& section =
      context.document().sections[static_cast<std::size_t>(analysis.schema_section)];
  context.report(rule.info(), analysis.schema_section, section.position,
                 "'New Table' is ticked, but New Schema defines no pgTable with a real name",
                 "paste the Drizzle definition: export const audit_log = pgTable('audit_log', "
                 "{ ... })");
}

}  // namespace

RuleKind drizzle_new_table_without_pgtable_kind() {
  return sql_rules::make_kind(
      sql_rules::describe(
          "drizzle-new-table-without-pgtable", "drizzle", Severity::error,
          "New Table needs its Drizzle pgTable definition in New Schema",
          "In a Drizzle project the TypeScript schema is the source of truth: drizzle-kit "
          "generates the SQL from it. A new table whose pgTable definition is not in the issue "
          "cannot be reviewed for names, types, nullability and references before the "
          "migration is generated. A table is pgTable('name', ...), a pgTableCreator's "
          "function (also one the snippet uses without defining it, as create-t3-app's "
          "`export const posts = createTable('post', { ... })`), schema.table('name', ...), or "
          "pgTable.withRLS / schema.table.withRLS "
          "(drizzle-orm 1.0's tables with row-level security enabled).",
          "- [x] **New Table**\n### New Schema\n```sql\n-- Drizzle schema definition\nexport "
          "const newTable = pgTable('new_table', {\n  id: serial('id').primaryKey(),\n});\n```",
          "- [x] **New Table**\n### New Schema\n```ts\nexport const auditLog = "
          "pgTable('audit_log', {\n  id: serial('id').primaryKey(),\n});\n```"),
      check);
}

}  // namespace issuelint
