#include "rules/kinds/sql_rule_support.h"

#include <algorithm>
#include <cctype>
#include <memory>
#include <utility>

namespace issuelint::sql_rules {
namespace {

class SqlRule : public Rule {
 public:
  SqlRule(RuleInfo info, Check check_function) : Rule(std::move(info)), check_(check_function) {}
  void check(LintContext& context) const override { check_(*this, context); }
  // The shared wording's references then share the rule set's slots: a section or box both name
  // is looked up once a check.
  void number_references(ReferenceTable& table) override { table.adopt(wording().table()); }

 private:
  Check check_;
};

// Entries from YAML keep their id and severity; documentation left blank comes from the code.
RuleInfo merge(RuleInfo info, const RuleInfo& defaults) {
  if (info.id.empty()) info.id = defaults.id;
  if (info.kind.empty()) info.kind = defaults.kind;
  if (info.summary.empty()) info.summary = defaults.summary;
  if (info.explanation.empty()) info.explanation = defaults.explanation;
  if (info.failing_example.empty()) info.failing_example = defaults.failing_example;
  if (info.passing_example.empty()) info.passing_example = defaults.passing_example;
  if (info.pack.empty()) info.pack = defaults.pack;
  return info;
}

}  // namespace

MigrationWording::MigrationWording() {
  for (SectionReference* section :
       {&migration_sql, &rollback_script, &new_schema, &tables_affected, &migration_type,
        &breaking_changes, &rollback_plan, &performance, &performance_notes, &data_migration}) {
    table_.number(*section);
  }
  for (OptionReference* option :
       {&new_table, &relationships, &deprecation, &data_migration_type, &data_backfill,
        &simple_data_migration, &complex_data_migration, &non_breaking, &automatically_reversible,
        &large_table_impact, &indexes_needed}) {
    table_.number(*option);
  }
  // The same keys as the sections above: they share their slots.
  number_analysed_sections(table_);
}

const MigrationWording& wording() {
  static const MigrationWording& keyed =
      *new MigrationWording();  // never destroyed: see rule_kinds()
  return keyed;
}

RuleKind make_kind(RuleInfo defaults, Check check) {
  wording();  // keyed now, while rules are built, not in the first check
  RuleKind kind;
  kind.name = defaults.id;
  kind.summary = defaults.summary;
  kind.make = [defaults, check](RuleInfo info, const YamlNode&,
                                const std::string&) -> Result<RulePtr> {
    return RulePtr(std::make_unique<SqlRule>(merge(std::move(info), defaults), check));
  };
  kind.defaults = std::move(defaults);
  return kind;
}

RuleInfo describe(std::string id, std::string kind, Severity severity, std::string summary,
                  SharedText explanation, SharedText failing_example, SharedText passing_example) {
  RuleInfo info;
  info.id = std::move(id);
  info.kind = std::move(kind);
  info.severity = severity;
  info.summary = std::move(summary);
  info.explanation = std::move(explanation);
  info.failing_example = std::move(failing_example);
  info.passing_example = std::move(passing_example);
  info.pack = "db-migration";
  return info;
}

bool ticked(const LintContext& context, const SectionReference& section,
            const OptionReference& option) {
  const int index = context.find_section(section);
  if (index == kNoIndex) return false;
  const Checkbox* box = context.find_box(index, option);
  return box != nullptr && box->checked;
}

bool has_migration_sql(LintContext& context, const Rule& rule) {
  const sql::MigrationAnalysis& analysis = context.migration();
  if (analysis.migration_section == kNoIndex) {
    context.report_cannot_check(rule.info(), wording().migration_sql.text());
    return false;
  }
  return analysis.has_migration_sql();
}

bool needs_section(LintContext& context, const Rule& rule, const SectionReference& section) {
  if (context.find_section(section) != kNoIndex) return true;
  context.report_cannot_check(rule.info(), section.text());
  return false;
}

SourcePosition position_of(const LintContext& context, std::size_t offset) {
  return context.document().position_of(offset);
}

std::string and_more(int count) {
  return count > 1 ? " (and " + std::to_string(count - 1) + " more)" : std::string();
}

void report_first(LintContext& context, const Rule& rule, const FirstOperation& first,
                  const std::string& what, std::string_view wrong, std::string help) {
  context.report(rule.info(), first.script->section, position_of(context, first.operation->offset),
                 what + and_more(first.count) + std::string(wrong), std::move(help));
}

bool is_drop(const sql::Operation& operation) {
  return operation.kind == sql::OperationKind::drop_table ||
         operation.kind == sql::OperationKind::drop_column ||
         operation.kind == sql::OperationKind::drop_schema;
}

bool is_breaking(const sql::Operation& operation) {
  using sql::OperationKind;
  switch (operation.kind) {
    case OperationKind::drop_table:
    case OperationKind::drop_column:
    case OperationKind::rename_table:
    case OperationKind::rename_column:
    case OperationKind::rename_object:
    case OperationKind::set_schema:
    case OperationKind::drop_schema:
    case OperationKind::enum_rename_value:
    case OperationKind::drop_object:
    case OperationKind::alter_column_type:
    case OperationKind::set_not_null:
      return true;
    default:
      return false;
  }
}

bool on_schema_before_migration(const sql::MigrationAnalysis& analysis,
                                const sql::Operation& operation) {
  return operation.table.empty() ||
         !analysis.creates_table_before(operation.table, operation.offset);
}

namespace {

// A helper column the migration adds, fills and drops (or renames, or retypes) again: no
// deployed code reads it, and what it held was the migration's own. SET NOT NULL on such a
// column is left out: deployed code inserts rows without it.
bool on_column_added_by_migration(const sql::MigrationAnalysis& analysis,
                                  const sql::Operation& operation) {
  switch (operation.kind) {
    case sql::OperationKind::drop_column:
    case sql::OperationKind::rename_column:
    case sql::OperationKind::alter_column_type:
      return analysis.adds_column_before(operation.table, operation.column, operation.offset);
    default:
      return false;
  }
}

bool on_existing_schema(const sql::MigrationAnalysis& analysis, const sql::Operation& operation) {
  if (operation.kind == sql::OperationKind::drop_object) return !analysis.creates_object(operation);
  return on_schema_before_migration(analysis, operation) &&
         !on_column_added_by_migration(analysis, operation);
}

}  // namespace

bool breaks_existing_schema(const sql::MigrationAnalysis& analysis,
                            const sql::Operation& operation) {
  return is_breaking(operation) && on_existing_schema(analysis, operation);
}

bool drops_existing_data(const sql::MigrationAnalysis& analysis, const sql::Operation& operation) {
  return is_drop(operation) && on_existing_schema(analysis, operation);
}

bool loses_existing_data(const sql::MigrationAnalysis& analysis, const sql::Operation& operation) {
  return (is_drop(operation) || operation.kind == sql::OperationKind::truncate) &&
         on_existing_schema(analysis, operation);
}

bool on_existing_table(const sql::MigrationAnalysis& analysis, const sql::Operation& operation) {
  return !operation.table.empty() && on_schema_before_migration(analysis, operation);
}

bool on_table_with_rows(const sql::MigrationAnalysis& analysis, const sql::Operation& operation) {
  if (operation.table.empty()) return false;
  const auto* created = analysis.created_before(operation.table, operation.offset);
  return created == nullptr || created->with_rows;
}

namespace {

// A name the schema qualifies, with the default schema written out: "MOVE TABLE archive.users TO
// public.users", not "TO users".
std::string with_schema(const std::string& name) {
  return name.find('.') == std::string::npos ? "public." + name : name;
}

}  // namespace

std::string describe_operation(const sql::Operation& operation) {
  using sql::OperationKind;
  // Renames and moves by what breaks (the name before) and what it becomes.
  switch (operation.kind) {
    case OperationKind::rename_table:
      return "RENAME TABLE " + operation.table + " TO " + operation.name;
    case OperationKind::rename_column:
      return "RENAME COLUMN " + operation.table + "." + operation.column + " TO " + operation.name;
    case OperationKind::rename_object:
      return "RENAME " + std::string(operation.object_type) + " " + operation.column + " TO " +
             operation.name;
    case OperationKind::set_schema:
      return "MOVE " + std::string(operation.object_type) + " " + operation.column + " TO " +
             with_schema(operation.name);
    case OperationKind::drop_schema:
      return "DROP SCHEMA " + operation.name + " CASCADE";
    case OperationKind::drop_object:
      return "DROP " + std::string(operation.object_type) + " " + operation.name;
    default:
      break;
  }
  std::string text(sql::operation_kind_name(operation.kind));
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (!operation.table.empty()) {
    text += " " + operation.table;
    if (!operation.column.empty()) text += "." + operation.column;
  } else if (!operation.name.empty()) {
    text += " " + operation.name;
  }
  return text;
}

}  // namespace issuelint::sql_rules
