#include "rules/kinds/sql_kinds.h"
#include "rules/kinds/sql_rule_support.h"

namespace issuelint {
namespace {

void report_errors(const Rule& rule, LintContext& context,
                   const std::vector<sql::ScriptAnalysis>& scripts, std::string_view what) {
  for (const sql::ScriptAnalysis& script : scripts) {
    for (const sql::SyntaxError& error : script.errors) {
      context.report(rule.info(), script.section, sql_rules::position_of(context, error.offset),
                     "the " + std::string(what) + " does not parse: " + error.message,
                     "PostgreSQL would stop here; fix the statement (PostgreSQL syntax, not "
                     "MySQL backticks)");
    }
  }
}

void check(const Rule& rule, LintContext& context) {
  const sql::MigrationAnalysis& analysis = context.migration();
  if (analysis.migration_section == kNoIndex) {
    context.report_cannot_check(rule.info(), sql_rules::kMigrationSql);
  }
  report_errors(rule, context, analysis.migration, "migration SQL");
  report_errors(rule, context, analysis.rollback, "rollback script");
}

}  // namespace

RuleKind sql_syntax_error_kind() {
  return sql_rules::make_kind(
      sql_rules::describe(
          "sql-syntax-error", "sql", Severity::error,
          "Migration SQL and Rollback Script must parse as PostgreSQL",
          "The SQL blocks are parsed with PostgreSQL's own parser (libpg_query). A statement "
          "that does not parse will abort the migration at that point; in a transaction the "
          "whole migration is rolled back, outside one the database is left half-migrated. "
          "Each statement is parsed on its own, so every broken statement is reported at its "
          "line, with PostgreSQL's message.",
          "### Migration SQL\n```sql\nALTER TABLE `users` ADD COLUMN `bio` text;\n```",
          "### Migration SQL\n```sql\nALTER TABLE \"users\" ADD COLUMN \"bio\" text;\n```"),
      check);
}

}  // namespace issuelint
