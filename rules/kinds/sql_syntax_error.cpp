#include <string>

#include "rules/kinds/sql_kinds.h"
#include "rules/kinds/sql_rule_support.h"

namespace issuelint {
namespace {

// PostgreSQL reads a backtick as an operator character, so MySQL-quoted names fail with
// `syntax error at or near "`"` (or a longer operator token that holds it).
bool is_backtick_error(const sql::SyntaxError& error) {
  return error.message.find('`') != std::string::npos;
}

// A script written for MySQL fails on every statement; one finding says why, at the first.
void report_mysql_dialect(const Rule& rule, LintContext& context, const sql::ScriptAnalysis& script,
                          std::string_view what) {
  const sql::SyntaxError* first = nullptr;
  int count = 0;
  for (const sql::SyntaxError& error : script.errors) {
    if (!is_backtick_error(error)) continue;
    if (first == nullptr) first = &error;
    ++count;
  }
  if (first == nullptr) return;
  context.report(rule.info(), script.section, sql_rules::position_of(context, first->offset),
                 "the " + std::string(what) + " quotes names with MySQL backticks, which " +
                     "PostgreSQL does not accept (" + std::to_string(count) +
                     (count == 1 ? " statement does" : " statements do") +
                     " not parse): " + first->message,
                 "quote identifiers with double quotes (\"users\") or leave them unquoted");
}

// `\c db` is psql's, not PostgreSQL's: say so rather than quote the parser's "\".
void report_meta_command(const Rule& rule, LintContext& context, const sql::ScriptAnalysis& script,
                         const sql::SyntaxError& error, std::string_view what) {
  context.report(rule.info(), script.section, sql_rules::position_of(context, error.offset),
                 "the " + std::string(what) + " holds the psql meta-command '" + error.message +
                     "', which is not SQL",
                 "remove it: drizzle's migrator (like every client but psql) sends it to the "
                 "server, which fails on it; run it in psql apart from the migration");
}

void report_errors(const Rule& rule, LintContext& context,
                   const std::vector<sql::ScriptAnalysis>& scripts, std::string_view what) {
  for (const sql::ScriptAnalysis& script : scripts) {
    report_mysql_dialect(rule, context, script, what);
    for (const sql::SyntaxError& error : script.errors) {
      if (is_backtick_error(error)) continue;
      if (error.meta_command) {
        report_meta_command(rule, context, script, error, what);
        continue;
      }
      context.report(rule.info(), script.section, sql_rules::position_of(context, error.offset),
                     "the " + std::string(what) + " does not parse: " + error.message,
                     "PostgreSQL would stop here: fix the statement so that it parses");
    }
  }
}

void check(const Rule& rule, LintContext& context) {
  const sql::MigrationAnalysis& analysis = context.migration();
  if (analysis.migration_section == kNoIndex) {
    context.report_cannot_check(rule.info(), sql_rules::wording().migration_sql.text());
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
          "The SQL blocks (fenced as sql, pgsql or postgresql, or unlabelled ones that start "
          "like a statement; TypeScript or shell beside them is left alone) are parsed with "
          "PostgreSQL's own parser (libpg_query). A statement "
          "that does not parse will abort the migration at that point; in a transaction the "
          "whole migration is rolled back, outside one the database is left half-migrated. "
          "Each statement is parsed on its own, so every broken statement is reported at its "
          "line, with PostgreSQL's message. SQL written for MySQL (names quoted with backticks) "
          "gets one finding that says so instead of one per statement. A psql meta-command "
          "(a line starting with a backslash: \\c, \\i, \\set) is not SQL: only psql runs "
          "it; it is reported as such, and the statements after it are read as usual.",
          "### Migration SQL\n```sql\nALTER TABLE `users` ADD COLUMN `bio` text;\n```",
          "### Migration SQL\n```sql\nALTER TABLE \"users\" ADD COLUMN \"bio\" text;\n```"),
      check);
}

}  // namespace issuelint
