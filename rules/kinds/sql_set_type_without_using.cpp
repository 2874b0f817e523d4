#include <set>
#include <string>

#include "rules/kinds/sql_kinds.h"
#include "rules/kinds/sql_rule_support.h"

namespace issuelint {
namespace {

enum class TypeFamily { string, numeric, datetime, json, other };

TypeFamily family(const std::string& type) {
  static const std::set<std::string> strings = {"text", "varchar", "bpchar", "citext", "name"};
  static const std::set<std::string> numbers = {"int2",   "int4",   "int8", "numeric",
                                                "float4", "float8", "money"};
  static const std::set<std::string> datetimes = {"timestamp", "timestamptz", "date"};
  if (strings.contains(type)) return TypeFamily::string;
  if (numbers.contains(type)) return TypeFamily::numeric;
  if (datetimes.contains(type)) return TypeFamily::datetime;
  if (type == "json" || type == "jsonb") return TypeFamily::json;
  return TypeFamily::other;
}

// Types no column converts to without USING unless it already is of a closely related type:
// there is no assignment cast from text (or most others) to these, nor from a scalar to an
// array.
bool needs_using_from_most_types(const std::string& type) {
  static const std::set<std::string> builtin = {
      "int2",    "int4",     "int8",   "numeric", "float4",    "float8",      "money", "text",
      "varchar", "bpchar",   "citext", "name",    "timestamp", "timestamptz", "date",  "time",
      "timetz",  "interval", "bytea",  "inet",    "cidr",      "macaddr"};
  if (type == "uuid" || type == "bool" || type == "json" || type == "jsonb") return true;
  return !builtin.contains(type);  // an array, an enum or another user-defined type
}

bool is_array(const std::string& type) { return type.ends_with("[]"); }
std::string element_type(const std::string& array) { return array.substr(0, array.size() - 2); }

// ALTER COLUMN TYPE without USING applies the assignment cast; these pairs have one.
bool casts_by_assignment(const std::string& from, const std::string& to) {
  if (from == to) return true;
  // An array converts to an array element by element; nothing converts to an array otherwise.
  if (is_array(to)) {
    return is_array(from) && casts_by_assignment(element_type(from), element_type(to));
  }
  const TypeFamily target = family(to);
  if (target == TypeFamily::string) return true;  // every type converts to text by assignment
  return !is_array(from) && target != TypeFamily::other && family(from) == target;
}

bool is_serial(const std::string& type) { return type.starts_with("serial"); }

void check(const Rule& rule, LintContext& context) {
  if (!sql_rules::has_migration_sql(context, rule)) return;
  sql_rules::for_each_migration_operation(
      context, [&](const sql::ScriptAnalysis& script, const sql::Operation& operation) {
        if (operation.kind != sql::OperationKind::alter_column_type) return;
        const std::string target = operation.table + "." + operation.column;
        std::string message;
        if (is_serial(operation.to_type)) {
          message = "SET DATA TYPE " + operation.to_type + " on " + target +
                    " fails: serial is not a type, only a CREATE TABLE shorthand";
        } else if (operation.using_expression) {
          return;
        } else if (!operation.from_type.empty()) {
          if (casts_by_assignment(operation.from_type, operation.to_type)) return;
          message = "SET DATA TYPE from " + operation.from_type + " to " + operation.to_type +
                    " on " + target + " has no USING clause and fails at run time";
        } else if (needs_using_from_most_types(operation.to_type)) {
          message = "SET DATA TYPE " + operation.to_type + " on " + target +
                    " has no USING clause: it fails unless the column's current type converts to " +
                    operation.to_type + " implicitly";
        } else {
          return;
        }
        context.report(
            rule.info(), script.section, sql_rules::position_of(context, operation.offset), message,
            "add USING (for example USING " + operation.column + "::" + operation.to_type + ")");
      });
}

}  // namespace

RuleKind sql_set_type_without_using_kind() {
  return sql_rules::make_kind(
      sql_rules::describe(
          "sql-set-type-without-using", "sql", Severity::warning,
          "SET DATA TYPE between incompatible types needs USING",
          "ALTER COLUMN ... SET DATA TYPE converts existing values with the assignment cast. "
          "Between types that have none (text to uuid, text to jsonb, text to an enum, integer "
          "to boolean) PostgreSQL refuses with 'column cannot be cast automatically' when the "
          "migration runs, after it has taken an ACCESS EXCLUSIVE lock. drizzle-kit generates "
          "such statements without USING (drizzle-orm#2751). 'SET DATA TYPE serial' always "
          "fails: serial is only a CREATE TABLE shorthand.",
          "```sql\nALTER TABLE sessions ALTER COLUMN token SET DATA TYPE uuid;\n```",
          "```sql\nALTER TABLE sessions ALTER COLUMN token SET DATA TYPE uuid USING "
          "token::uuid;\n```"),
      check);
}

}  // namespace issuelint
