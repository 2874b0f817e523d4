#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "rules/kinds/sql_kinds.h"
#include "rules/kinds/sql_rule_support.h"

namespace issuelint {
namespace {

// "- [ ] Other: audit_log": the author named the table and did not tick the box. Said so, the
// fix is a tick, not a name to write again. Only asked once a table is to be reported.
bool named_by_unticked_other(const LintContext& context, std::string_view table) {
  const int section = context.find_section(sql_rules::wording().tables_affected);
  if (section == kNoIndex) return false;
  const IssueDocument& document = context.document();
  bool named = false;
  context.each_box_in(section, true, [&](const Checkbox& box) {
    if (box.checked || box.blank == kNoIndex) return true;
    if (box.key != "other" && !box.key.starts_with("other ")) return true;
    const Blank& blank = document.blanks[static_cast<std::size_t>(box.blank)];
    if (!blank.filled) return true;
    const std::string value = blank.value.str();
    std::vector<std::string> names = split_table_list(value);
    append_word_runs(value, names);
    for (const std::string& name : names) {
      named = named || same_table(name, table, context.table_policy());
    }
    return !named;
  });
  return named;
}

void report(const Rule& rule, LintContext& context, int section, std::size_t offset,
            std::string_view name) {
  const std::string quoted = "'" + std::string(name) + "'";
  if (named_by_unticked_other(context, name)) {
    context.report(rule.info(), section, sql_rules::position_of(context, offset),
                   "the SQL touches table " + quoted +
                       ", which 'Other' names under Tables Affected, but 'Other' is not ticked",
                   "tick 'Other' under Tables Affected");
    return;
  }
  context.report(rule.info(), section, sql_rules::position_of(context, offset),
                 "the SQL touches table " + quoted + ", which is not ticked under Tables Affected",
                 "tick it under Tables Affected, or name it after 'Other:' (the table prefix and "
                 "plural forms are matched through table_names in .github/issuelint.yml)");
}

void check(const Rule& rule, LintContext& context) {
  if (!sql_rules::has_migration_sql(context, rule)) return;
  if (!sql_rules::needs_section(context, rule, sql_rules::wording().tables_affected)) return;
  const WrittenTables& declared = context.declared_tables();
  const sql::MigrationAnalysis& analysis = context.migration();
  std::set<std::string> reported;
  // A table named as the one before it is declared, or reported, already: drizzle-kit's ALTER
  // TABLE names the table its CREATE TABLE just made (a fold and a look-up less).
  std::string_view previous;
  sql_rules::for_each_migration_operation(
      context, [&](const sql::ScriptAnalysis& script, const sql::Operation& operation) {
        for (const sql::TableReference& table : operation.tables) {
          // A temporary table (and what the SQL then does to it) is the session's, not the
          // schema's; a view the migration created is no table.
          const auto* created = analysis.created_before(table.name, table.offset);
          if (created != nullptr && (created->temporary || created->view)) continue;
          // A table the migration renamed is the table it was: declared by its old name.
          const std::string_view name = analysis.name_before_renames(table.name, table.offset).name;
          if (!previous.empty() && name == previous) continue;
          previous = name;
          if (declared.stands_for(name)) continue;
          if (!reported.emplace(name).second) continue;
          report(rule, context, script.section, table.offset, name);
        }
      });
}

}  // namespace

RuleKind sql_undeclared_table_kind() {
  return sql_rules::make_kind(
      sql_rules::describe(
          "sql-undeclared-table", "sql", Severity::error,
          "Every table the SQL creates, alters, drops or references is declared",
          "Reviewers and the owners of other features find out whether a migration concerns "
          "them from Tables Affected. A table the SQL touches (including the table a foreign "
          "key references, whose lock the migration also takes, a table it puts a trigger or a "
          "policy on, one a WITH query or MERGE writes, and a table it reads: UPDATE ... FROM, "
          "DELETE ... USING, INSERT ... SELECT, a SELECT, a subquery, a view's query) but that "
          "is not ticked there hides that impact; a WITH query's name and a system catalog "
          "(pg_catalog, information_schema) are no tables of the schema. Names are matched through "
          "the project's table-name policy: a "
          "prefix such as drizzle's tablesFilter prefix is stripped, singular and plural are "
          "the same, and aliases can be configured. A temporary table (CREATE TEMP TABLE) "
          "belongs to the session that runs the migration, not to the schema: neither it nor "
          "what the SQL does to it needs declaring, and neither does a view the migration "
          "creates. A table the migration renames is declared by the name it had: after "
          "ALTER TABLE a RENAME TO b (or SET SCHEMA), b is a.",
          "### Tables Affected\n- [x] users\n### Migration SQL\n```sql\nALTER TABLE sessions "
          "ADD COLUMN ip inet;\n```",
          "### Tables Affected\n- [x] users\n- [x] Other: sessions\n### Migration SQL\n```sql\n"
          "ALTER TABLE sessions ADD COLUMN ip inet;\n```"),
      check);
}

}  // namespace issuelint
