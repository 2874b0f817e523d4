// What every SQL and Drizzle rule shares: the kind factory (these kinds take no YAML keys of
// their own) and the box look-ups by the template's wording (the declared tables are the
// LintContext's, folded once a check).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "rules/lint_context.h"
#include "rules/rule.h"
#include "rules/sql/migration_analysis.h"
#include "rules/table_names.h"

namespace issuelint::sql_rules {

using Check = void (*)(const Rule& rule, LintContext& context);

// A RuleKind named after defaults.id whose rules run `check`.
RuleKind make_kind(RuleInfo defaults, Check check);

// Documentation of a rule of the db-migration pack. The long texts are literals, viewed where
// they lie (SharedText).
RuleInfo describe(std::string id, std::string kind, Severity severity, std::string summary,
                  SharedText explanation, SharedText failing_example, SharedText passing_example);

// The template's sections and the options the SQL rules read, as the template words them.
// Keyed once for the process, when the first SQL rule is built, so that a check compares keys
// and normalises nothing (keying the text on every check cost ~12 K instructions a flagship
// check: ticked() 14 x 768, declared_tables() 2 x 2,366). Numbered in a table of its own, the
// same for every rule set, so that a check looks each one up once (see ReferenceTable).
struct MigrationWording {
  MigrationWording();
  SectionReference migration_sql{"Migration SQL"};
  SectionReference rollback_script{"Rollback Script"};
  SectionReference new_schema{"New Schema"};
  SectionReference tables_affected{"Tables Affected"};
  SectionReference migration_type{"Migration Type"};
  SectionReference breaking_changes{"Breaking Changes Impact"};
  SectionReference rollback_plan{"Rollback Plan"};
  SectionReference performance{"Performance Considerations"};
  SectionReference performance_notes{"Performance Notes"};
  SectionReference data_migration{"Data Migration Requirements"};
  // Migration Type
  OptionReference new_table{"New Table"};
  OptionReference relationships{"Relationships"};
  OptionReference deprecation{"Deprecation"};
  OptionReference data_migration_type{"Data Migration"};
  // Data Migration Requirements
  OptionReference data_backfill{"Data backfill needed"};
  OptionReference simple_data_migration{"Simple data migration"};
  OptionReference complex_data_migration{"Complex data migration"};
  // Breaking Changes Impact
  OptionReference non_breaking{"Non-breaking"};
  // Rollback Plan
  OptionReference automatically_reversible{"Automatically reversible"};
  // Performance Considerations
  OptionReference large_table_impact{"Large table impact"};
  OptionReference indexes_needed{"Indexes needed"};

  // What a rule set's table adopts (ReferenceTable::adopt) when it numbers an SQL rule.
  const ReferenceTable& table() const { return table_; }

 private:
  ReferenceTable table_;
};
const MigrationWording& wording();

// Is `option` ticked in `section`? false when either is missing.
bool ticked(const LintContext& context, const SectionReference& section,
            const OptionReference& option);

// When the issue has no Migration SQL section the rule says it could not check and returns
// false; when the section holds no SQL it returns false quietly.
bool has_migration_sql(LintContext& context, const Rule& rule);

// Reports "could not check" and returns false when the issue lacks `section`.
bool needs_section(LintContext& context, const Rule& rule, const SectionReference& section);

// Calls visit(script, operation) for every operation of every Migration SQL block with SQL.
template <typename Visit>
void for_each_migration_operation(const LintContext& context, Visit visit) {
  for (const sql::ScriptAnalysis& script : context.migration().migration) {
    if (script.empty()) continue;
    for (const sql::Operation& operation : script.operations) visit(script, operation);
  }
}

SourcePosition position_of(const LintContext& context, std::size_t offset);

// The first operation of the Migration SQL that a rule looks for, and how many there are: a rule
// whose fix is one box reports once, at the first, with a count (a generated migration may
// hold dozens of statements for one unticked box).
struct FirstOperation {
  const sql::ScriptAnalysis* script = nullptr;
  const sql::Operation* operation = nullptr;  // null when none matched
  int count = 0;
};
template <typename Matches>
FirstOperation first_migration_operation(const LintContext& context, Matches matches) {
  FirstOperation first;
  for_each_migration_operation(
      context, [&](const sql::ScriptAnalysis& script, const sql::Operation& operation) {
        if (!matches(operation)) return;
        if (first.count++ == 0) {
          first.script = &script;
          first.operation = &operation;
        }
      });
  return first;
}

// " (and 2 more)" after what names the first of `count` things; nothing when there is one.
std::string and_more(int count);
// Reports `first` (a first_migration_operation() that matched) once for the one box that fixes
// them all: "<what> (and N more)<wrong>", at the first statement.
void report_first(LintContext& context, const Rule& rule, const FirstOperation& first,
                  const std::string& what, std::string_view wrong, std::string help);

// The template's own example table (pgTable('new_table', ...)): naming it is not naming a table.
inline constexpr std::string_view kTemplateTableName = "new_table";

bool is_drop(const sql::Operation& operation);  // drop table / drop column / drop schema cascade
// Changes that break readers or writers already deployed: drops (of views, types and functions
// too), renames (SET SCHEMA too: an unqualified name no longer finds what moved), type changes,
// SET NOT NULL.
bool is_breaking(const sql::Operation& operation);
// Whether `operation` acts on what was there before the migration: on anything but a table the
// migration created before it (dropping or retyping a table it just created breaks no reader
// and loses no data). One definition for the rules and the labels' `sql:` conditions.
bool on_schema_before_migration(const sql::MigrationAnalysis& analysis,
                                const sql::Operation& operation);
// is_breaking() and is_drop() of what was there before the migration (a column the migration
// added before is not, but for SET NOT NULL).
bool breaks_existing_schema(const sql::MigrationAnalysis& analysis,
                            const sql::Operation& operation);
bool drops_existing_data(const sql::MigrationAnalysis& analysis, const sql::Operation& operation);
// A drop (as drops_existing_data) or a TRUNCATE of a table that was there before the migration:
// rows the migration loses, for sql-drop-reversible and the `sql: drops` label condition alike.
bool loses_existing_data(const sql::MigrationAnalysis& analysis, const sql::Operation& operation);
// Adds a column, or a constraint, to a table that was there before the migration.
bool on_existing_table(const sql::MigrationAnalysis& analysis, const sql::Operation& operation);
// Acts on a table that may hold rows: one that was there before the migration, or one the
// migration created with a query's rows (CREATE TABLE ... AS, SELECT ... INTO).
bool on_table_with_rows(const sql::MigrationAnalysis& analysis, const sql::Operation& operation);

// "DROP COLUMN users.legacy" / "CREATE INDEX on users" / "RENAME VIEW a TO b": how messages name
// an operation.
std::string describe_operation(const sql::Operation& operation);

}  // namespace issuelint::sql_rules
