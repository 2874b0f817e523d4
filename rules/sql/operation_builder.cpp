#include "rules/sql/operation_builder.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <optional>
#include <utility>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace issuelint::sql {
namespace {

// libpg_query leaves out fields that hold their default value (false, 0, "", []); a missing
// field reads as a null node, an empty string, false.
// The body offset of a node's "location", or `fallback` (a body offset) when it has none.
std::size_t body_location(const ParsedStatement& statement, JsonNode node, std::size_t fallback) {
  const std::optional<long long> location = node["location"].integer_if_integer();
  if (!location) return fallback;
  return *location >= 0 ? statement.tree_origin + static_cast<std::size_t>(*location) : fallback;
}

// The last String of a name list: `pg_catalog.int4` → "int4", `my_schema.my_enum` → "my_enum".
// A view into the tree, or into `unescaped` (see JsonNode::string_as_view).
std::string_view last_name(JsonNode names, std::string& unescaped) {
  if (!names.is_array()) return {};
  return names.back()["String"]["sval"].string_as_view(unescaped);  // an empty list's is null
}
std::string last_name(JsonNode names) {
  std::string unescaped;
  return std::string(last_name(names, unescaped));
}

// A TypeName as the rules compare it: normalize_type_name() of its last name, and "[]" when it
// is an array (PostgreSQL keeps no dimension count or bound: int[][] and int ARRAY[4] are int[]).
std::string type_of(JsonNode type_name) {
  std::string unescaped;
  std::string type = normalize_type_name(last_name(type_name["names"], unescaped));
  if (!type_name["arrayBounds"].is_null()) type += "[]";
  return type;
}

// A RangeVar's table, normalised: its two names read as views, one string built.
std::string table_name(JsonNode range_var) {
  std::string unescaped_schema;
  std::string unescaped_relation;
  return normalize_table_name(range_var["schemaname"].string_as_view(unescaped_schema),
                              range_var["relname"].string_as_view(unescaped_relation));
}

// A boolean option's value as PostgreSQL reads it (`CONCURRENTLY`, `CONCURRENTLY false`,
// `CONCURRENTLY 0`): on unless it says off. libpg_query leaves a 0 out of an Integer.
bool is_on(JsonNode argument) {
  if (argument.is_null()) return true;
  if (const JsonNode number = argument["Integer"]; !number.is_null()) {
    return number["ival"].integer() != 0;
  }
  std::string value = argument["String"]["sval"].string();
  for (char& c : value) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return value != "false" && value != "off" && value != "no" && value != "0";
}

// A constraint's contype read once, not compared as a string per kind a rule asks about.
enum class ConstraintKind { not_null, default_value, identity, generated, primary, foreign, other };
ConstraintKind constraint_kind(JsonNode contype) {
  static constexpr std::pair<std::string_view, ConstraintKind> kinds[] = {
      {"CONSTR_NOTNULL", ConstraintKind::not_null},
      {"CONSTR_DEFAULT", ConstraintKind::default_value},
      {"CONSTR_IDENTITY", ConstraintKind::identity},
      {"CONSTR_GENERATED", ConstraintKind::generated},
      {"CONSTR_PRIMARY", ConstraintKind::primary},
      {"CONSTR_FOREIGN", ConstraintKind::foreign},
  };
  std::string unescaped;
  const std::string_view text = contype.string_as_view(unescaped);
  for (const auto& [name, kind] : kinds) {
    if (text == name) return kind;
  }
  return ConstraintKind::other;
}

// `DEFAULT NULL`, cast or not: it fills existing rows with NULL, as no DEFAULT does.
bool is_null_constant(JsonNode expression) {
  for (JsonNode cast = expression["TypeCast"]; !cast.is_null(); cast = expression["TypeCast"]) {
    expression = cast["arg"];
  }
  return expression["A_Const"]["isnull"].boolean();
}

// serial, bigserial and smallserial are integers with a nextval() default: every existing row
// gets a number when one is added.
bool is_serial_type(std::string_view normalized_type) {
  return normalized_type == "serial4" || normalized_type == "serial8" ||
         normalized_type == "serial2";
}

// Whether a RenameStmt's `relation` is a table. ALTER INDEX, VIEW, MATERIALIZED VIEW and
// SEQUENCE ... RENAME name the object itself there, and a column rename names its view's.
bool renames_in_table(JsonNode rename) {
  static constexpr std::string_view kNotTables[] = {"OBJECT_INDEX", "OBJECT_VIEW", "OBJECT_MATVIEW",
                                                    "OBJECT_SEQUENCE"};
  const JsonNode type = rename["renameType"];
  const JsonNode relation_type = type.string_is("OBJECT_COLUMN") ? rename["relationType"] : type;
  std::string unescaped;
  const std::string_view kind = relation_type.string_as_view(unescaped);
  return std::find(std::begin(kNotTables), std::end(kNotTables), kind) == std::end(kNotTables);
}

// What SQL calls an object that queries and application code name (a table, a view, a type, a
// schema, a function): renamed, moved to another schema or dropped, it breaks them like a table
// does. Empty for what they do not name (an index, a sequence, a constraint...).
std::string_view client_named_object(std::string_view kind) {
  static constexpr std::pair<std::string_view, std::string_view> kNamed[] = {
      {"OBJECT_TABLE", "TABLE"},
      {"OBJECT_VIEW", "VIEW"},
      {"OBJECT_MATVIEW", "MATERIALIZED VIEW"},
      {"OBJECT_TYPE", "TYPE"},
      {"OBJECT_SCHEMA", "SCHEMA"},
      {"OBJECT_FUNCTION", "FUNCTION"},
      {"OBJECT_PROCEDURE", "PROCEDURE"},
      {"OBJECT_DOMAIN", "DOMAIN"}};
  for (const auto& [name, word] : kNamed) {
    if (kind == name) return word;
  }
  return {};
}
std::string_view client_named_object(JsonNode object_type) {
  std::string unescaped;
  return client_named_object(object_type.string_as_view(unescaped));
}

// A name list (`archive.booking_status`, a function's `objname`) normalised as a table's is.
std::string qualified_name(JsonNode names) {
  if (!names.is_array() || names.empty()) return {};
  std::string unescaped;
  const std::string schema =
      names.size() > 1 ? names[names.size() - 2]["String"]["sval"].string() : std::string();
  return normalize_table_name(schema, last_name(names, unescaped));
}

// The name list of the object a RenameStmt or an AlterObjectSchemaStmt acts on when it is no
// relation: a type's or a domain's, a function's (without its arguments); null for a schema.
JsonNode object_names(JsonNode statement) {
  const JsonNode object = statement["object"];
  if (const JsonNode function = object["ObjectWithArgs"]; !function.is_null()) {
    return function["objname"];
  }
  return object["List"]["items"];
}

// That object by its name before, normalised as a table's is: a relation, a name list, or a
// schema (`subname`).
std::string object_name(JsonNode statement) {
  if (const JsonNode relation = statement["relation"]; !relation.is_null()) {
    return table_name(relation);
  }
  if (const JsonNode names = object_names(statement); !names.is_null()) {
    return qualified_name(names);
  }
  return statement["subname"].string();
}

class OperationCollector {
 public:
  // Appends to `operations`.
  OperationCollector(const ParsedStatement& statement, std::vector<Operation>& operations)
      : statement_(statement), operations_(operations) {}

  void collect() {
    JsonNode tree = statement_.tree;
    if (!tree.is_object() || tree.empty()) return;
    const std::size_t first_added = operations_.size();
    const JsonNode first = tree.first();  // a statement node has exactly one key: its type
    dispatch(first.key(), first);
    for (std::size_t i = first_added; i < operations_.size(); ++i) {
      operations_[i].in_do_block = statement_.in_do_block;
    }
  }

 private:
  // Where `node` is in the body; the statement's start when the tree does not say.
  std::size_t located(JsonNode node) const {
    return body_location(statement_, node, statement_.offset);
  }

  Operation& add(OperationKind kind) {
    Operation& operation = operations_.emplace_back();
    operation.kind = kind;
    operation.offset = statement_.offset;
    return operation;
  }

  void set_table(Operation& operation, JsonNode range_var) {
    operation.table = table_name(range_var);
    if (operation.table.empty()) return;
    operation.tables.push_back(TableReference{operation.table, located(range_var)});
  }

  void add_referenced_table(Operation& operation, JsonNode range_var) {
    std::string name = table_name(range_var);
    if (name.empty()) return;
    operation.foreign_key = true;
    if (operation.referenced_table.empty()) operation.referenced_table = name;
    operation.tables.push_back(TableReference{std::move(name), located(range_var)});
  }

  // A scan of 25 names, most told apart by their length: a std::map look-up cost more.
  void dispatch(std::string_view type, JsonNode node) {
    using Handler = void (OperationCollector::*)(JsonNode);
    static constexpr std::pair<std::string_view, Handler> handlers[] = {
        {"CreateStmt", &OperationCollector::create_table},
        {"AlterTableStmt", &OperationCollector::alter_table},
        {"DropStmt", &OperationCollector::drop},
        {"RenameStmt", &OperationCollector::rename},
        {"IndexStmt", &OperationCollector::create_index},
        {"CreateEnumStmt", &OperationCollector::create_enum},
        {"CompositeTypeStmt", &OperationCollector::create_composite_type},
        {"AlterEnumStmt", &OperationCollector::alter_enum},
        {"TruncateStmt", &OperationCollector::truncate},
        {"InsertStmt", &OperationCollector::insert},
        {"UpdateStmt", &OperationCollector::update},
        {"DeleteStmt", &OperationCollector::delete_rows},
        {"CopyStmt", &OperationCollector::copy},
        {"DoStmt", &OperationCollector::do_block},
        {"CreateFunctionStmt", &OperationCollector::create_function},
        {"TransactionStmt", &OperationCollector::transaction},
        {"ReindexStmt", &OperationCollector::reindex},
        {"CreateTableAsStmt", &OperationCollector::create_table_as},
        {"ViewStmt", &OperationCollector::create_view},
        {"SelectStmt", &OperationCollector::select},
        {"AlterObjectSchemaStmt", &OperationCollector::set_schema},
        {"CreateTrigStmt", &OperationCollector::table_behaviour},
        {"CreatePolicyStmt", &OperationCollector::table_behaviour},
        {"AlterPolicyStmt", &OperationCollector::table_behaviour},
        {"MergeStmt", &OperationCollector::merge},
    };
    for (const auto& [name, handler] : handlers) {
      if (type == name) return (this->*handler)(node);
    }
    add(OperationKind::other);
  }

  ColumnDefinition column_definition(JsonNode column_def, Operation& operation) {
    ColumnDefinition column;
    column.name = column_def["colname"].string();
    column.type = type_of(column_def["typeName"]);
    column.offset = located(column_def);
    column.has_default = is_serial_type(column.type);
    for (JsonNode item : column_def["constraints"]) {
      JsonNode constraint = item["Constraint"];
      switch (constraint_kind(constraint["contype"])) {
        case ConstraintKind::not_null:
          column.not_null = true;
          break;
        case ConstraintKind::identity:
          operation.identity = true;
          column.has_default = true;
          break;
        case ConstraintKind::default_value:
          if (!is_null_constant(constraint["raw_expr"])) column.has_default = true;
          break;
        case ConstraintKind::generated:
          column.has_default = true;
          break;
        case ConstraintKind::primary:
          operation.primary_key = true;
          column.not_null = true;  // a primary key implies NOT NULL
          break;
        case ConstraintKind::foreign:
          add_referenced_table(operation, constraint["pktable"]);
          if (constraint["skip_validation"].boolean()) operation.not_valid = true;
          break;
        case ConstraintKind::other:
          break;
      }
    }
    return column;
  }

  void create_table(JsonNode node) {
    Operation& operation = add(OperationKind::create_table);
    set_table(operation, node["relation"]);
    operation.temporary = node["relation"]["relpersistence"].string_is("t");
    operation.if_exists = node["if_not_exists"].boolean();
    // PARTITION OF names its one parent in inhRelations; INHERITS (no bound) is no partition.
    if (!node["partbound"].is_null()) {
      operation.partition_of = table_name(node["inhRelations"][0]["RangeVar"]);
    }
    const JsonNode elements = node["tableElts"];
    operation.columns.reserve(elements.size());  // mostly columns; constraints are few
    for (JsonNode element : elements) {
      // Each looked up once: contains() and then [] scanned the members twice.
      if (const JsonNode column = element["ColumnDef"]; !column.is_null()) {
        operation.columns.push_back(column_definition(column, operation));
      } else if (const JsonNode constraint = element["Constraint"]; !constraint.is_null()) {
        if (constraint_kind(constraint["contype"]) == ConstraintKind::foreign) {
          add_referenced_table(operation, constraint["pktable"]);
        }
      }
    }
  }

  // The handlers of statements migrations seldom hold are cold: optimised for size, they leave
  // GCC's inlining budget of this file to the common ones (as warm code they made it stop
  // inlining JsonNode::operator[] into alter_table: +1,800 instructions a flagship check).

  // CREATE TABLE ... AS makes a table as CREATE TABLE does (its columns are the query's, not
  // known here); CREATE MATERIALIZED VIEW ... AS a relation that is no table.
  [[gnu::cold]] void create_table_as(JsonNode node) {
    const JsonNode relation = node["into"]["rel"];
    if (!node["objtype"].string_is("OBJECT_TABLE")) {
      created_view(relation);
      return add_read_tables(operations_.back(), node);
    }
    Operation& operation = created_table(relation);
    operation.if_exists = node["if_not_exists"].boolean();
    operation.with_rows = !node["into"]["skipData"].boolean();
    add_read_tables(operation, node);
  }

  [[gnu::cold]] void create_view(JsonNode node) {
    created_view(node["view"]);
    add_read_tables(operations_.back(), node);
  }

  // SELECT ... INTO creates its target table, as CREATE TABLE ... AS does. Any other SELECT
  // changes nothing, but the tables it reads (a setval() from a table's max(id)) are the SQL's.
  [[gnu::cold]] void select(JsonNode node) {
    const JsonNode into = node["intoClause"];
    if (into.is_null()) {
      add_read_tables(add(OperationKind::other), node);
      return;
    }
    Operation& operation = created_table(into["rel"]);
    operation.with_rows = true;
    add_read_tables(operation, node);
  }

  Operation& created_table(JsonNode relation) {
    Operation& operation = add(OperationKind::create_table);
    set_table(operation, relation);
    operation.temporary = relation["relpersistence"].string_is("t");
    return operation;
  }

  void created_view(JsonNode relation) {
    Operation& operation = add(OperationKind::create_view);
    operation.name = table_name(relation);
    operation.temporary = relation["relpersistence"].string_is("t");
  }

  // ALTER ... SET SCHEMA renames what it moves: unqualified names no longer find it.
  [[gnu::cold]] void set_schema(JsonNode node) {
    const std::string_view object_type = client_named_object(node["objectType"]);
    if (object_type.empty() || object_type == "SCHEMA") {
      add(OperationKind::other);
      return;
    }
    Operation& operation = add(OperationKind::set_schema);
    operation.object_type = object_type;
    const JsonNode relation = node["relation"];
    if (object_type == "TABLE") set_table(operation, relation);
    if (!relation.is_null()) operation.offset = command_start(relation, 0);
    operation.column = object_name(node);
    std::string unescaped;
    const std::string_view unqualified = relation.is_null()
                                             ? last_name(object_names(node), unescaped)
                                             : relation["relname"].string_as_view(unescaped);
    operation.name = normalize_table_name(node["newschema"].string(), unqualified);
    operation.if_exists = node["missing_ok"].boolean();
  }

  // The body offset of sub-command `index` of an ALTER of `relation`: the first word after the
  // name, then after each comma outside parentheses, strings and comments. The tree locates
  // only column definitions, types and constraints; the statement's start when the text is not
  // as expected. One scan an ALTER, only when asked: most sub-commands have a location.
  [[gnu::cold]] std::size_t command_start(JsonNode relation, std::size_t index) {
    const std::string_view text = statement_.text;
    if (command_index_ == kNoCommand || index < command_index_) {
      const std::size_t name = located(relation);
      if (name < statement_.offset || name - statement_.offset >= text.size()) {
        return statement_.offset;
      }
      command_at_ = skip_blanks_and_comments(text, end_of_name(text, name - statement_.offset));
      command_index_ = 0;
    }
    for (; command_index_ < index && command_at_ < text.size(); ++command_index_) {
      command_at_ = next_command(text, command_at_);
    }
    return command_at_ < text.size() ? statement_.offset + command_at_ : statement_.offset;
  }

  // The end of the (schema-qualified) name starting at `at`, each part quoted or not.
  static std::size_t end_of_name(std::string_view text, std::size_t at) {
    while (at < text.size()) {
      if (text[at] == '"') {
        at = skip_quoted_or_comment(text, at);
      } else {
        while (at < text.size() && is_word_byte(text[at])) ++at;
      }
      const std::size_t dot = skip_blanks_and_comments(text, at);
      if (dot >= text.size() || text[dot] != '.') return at;
      at = skip_blanks_and_comments(text, dot + 1);
    }
    return at;
  }

  // The start of the sub-command after the one at `at`; text.size() when there is none.
  static std::size_t next_command(std::string_view text, std::size_t at) {
    int depth = 0;
    while (at < text.size()) {
      if (const std::size_t next = skip_quoted_or_comment(text, at); next != at) {
        at = next;
        continue;
      }
      const char c = text[at];
      if (c == '(' || c == '[') ++depth;
      if (c == ')' || c == ']') --depth;
      if (c == ',' && depth == 0) return skip_blanks_and_comments(text, at + 1);
      ++at;
    }
    return text.size();
  }

  void alter_table(JsonNode node) {
    // ALTER INDEX / ALTER SEQUENCE / ALTER VIEW share the node; only tables matter here.
    if (!node["objtype"].string_is("OBJECT_TABLE")) {
      add(OperationKind::other);
      return;
    }
    std::size_t index = 0;
    for (JsonNode item : node["cmds"]) {
      alter_table_command(node, item["AlterTableCmd"], index++);
    }
  }

  void alter_table_command(JsonNode statement, JsonNode command, std::size_t index) {
    static constexpr std::pair<std::string_view, OperationKind> kinds[] = {
        {"AT_DropColumn", OperationKind::drop_column},
        {"AT_SetNotNull", OperationKind::set_not_null},
        {"AT_DropNotNull", OperationKind::drop_not_null},
        {"AT_ValidateConstraint", OperationKind::validate_constraint},
        {"AT_DropConstraint", OperationKind::drop_constraint},
        {"AT_AddColumn", OperationKind::add_column},
        {"AT_AlterColumnType", OperationKind::alter_column_type},
        {"AT_AddConstraint", OperationKind::add_constraint},
        {"AT_DetachPartition", OperationKind::detach_partition},
    };
    std::string unescaped_subtype;
    const std::string_view subtype = command["subtype"].string_as_view(unescaped_subtype);
    JsonNode definition = command["def"];
    OperationKind kind = OperationKind::other;
    for (const auto& [name, named_kind] : kinds) {
      if (subtype == name) kind = named_kind;
    }
    if (subtype == "AT_ColumnDefault") {
      kind = definition.is_null() ? OperationKind::drop_default : OperationKind::set_default;
    }
    Operation& operation = add(kind);
    set_table(operation, statement["relation"]);
    operation.if_exists = command["missing_ok"].boolean() || statement["missing_ok"].boolean();
    std::string& named =
        kind == OperationKind::validate_constraint || kind == OperationKind::drop_constraint
            ? operation.name
            : operation.column;
    named = command["name"].string();
    if (kind == OperationKind::add_column) return add_column(operation, definition);
    if (kind == OperationKind::alter_column_type) return alter_column_type(operation, definition);
    if (kind == OperationKind::add_constraint) return add_constraint(operation, definition);
    // The others' nodes have no location: the sub-command's own line, not the ALTER's.
    operation.offset = command_start(statement["relation"], index);
    if (kind == OperationKind::detach_partition) {
      const JsonNode partition = definition["PartitionCmd"];
      operation.name = table_name(partition["name"]);
      operation.concurrent = partition["concurrent"].boolean();
    }
    // The table ATTACH PARTITION makes a partition is touched too: it is checked and locked.
    if (subtype == "AT_AttachPartition") {
      add_table_reference(operation, definition["PartitionCmd"]["name"]);
    }
  }

  void add_column(Operation& operation, JsonNode definition) {
    JsonNode column_def = definition["ColumnDef"];
    ColumnDefinition column = column_definition(column_def, operation);
    operation.column = column.name;
    operation.offset = column.offset;
    operation.not_null = column.not_null;
    operation.has_default = column.has_default;
    operation.to_type = column.type;
    operation.if_exists = column_def["if_not_exists"].boolean() || operation.if_exists;
    operation.columns.push_back(std::move(column));
  }

  void alter_column_type(Operation& operation, JsonNode definition) {
    JsonNode column_def = definition["ColumnDef"];
    JsonNode type_name = column_def["typeName"];
    operation.to_type = type_of(type_name);
    operation.to_type_written = last_name(type_name["names"]);
    operation.using_expression = !column_def["raw_default"].is_null();
    operation.offset = body_location(statement_, type_name, operation.offset);
  }

  void add_constraint(Operation& operation, JsonNode definition) {
    static constexpr std::pair<std::string_view, std::string_view> names[] = {
        {"CONSTR_FOREIGN", "foreign key"}, {"CONSTR_UNIQUE", "unique"},
        {"CONSTR_CHECK", "check"},         {"CONSTR_PRIMARY", "primary key"},
        {"CONSTR_EXCLUSION", "exclusion"},
    };
    JsonNode constraint = definition["Constraint"];
    std::string unescaped_kind;
    const std::string_view kind = constraint["contype"].string_as_view(unescaped_kind);
    operation.constraint_type = "other";
    for (const auto& [contype, name] : names) {
      if (kind == contype) operation.constraint_type = name;
    }
    operation.name = constraint["conname"].string();
    operation.not_valid = constraint["skip_validation"].boolean();
    operation.offset = located(constraint);
    if (kind == "CONSTR_FOREIGN") add_referenced_table(operation, constraint["pktable"]);
  }

  void drop(JsonNode node) {
    std::string unescaped_type;
    const std::string_view type = node["removeType"].string_as_view(unescaped_type);
    OperationKind kind = OperationKind::other;
    if (type == "OBJECT_TABLE") kind = OperationKind::drop_table;
    if (type == "OBJECT_INDEX") kind = OperationKind::drop_index;
    // Without CASCADE a schema is dropped only when empty: no table, no row goes with it.
    if (type == "OBJECT_SCHEMA" && node["behavior"].string_is("DROP_CASCADE")) {
      kind = OperationKind::drop_schema;
    }
    const std::string_view object_type = client_named_object(type);
    if (kind == OperationKind::other && !object_type.empty() && object_type != "SCHEMA") {
      kind = OperationKind::drop_object;
    }
    if (kind == OperationKind::other) {
      add(kind);
      return;
    }
    for (JsonNode object : node["objects"]) {
      Operation& operation = add(kind);
      operation.if_exists = node["missing_ok"].boolean();
      operation.concurrent = node["concurrent"].boolean();
      if (kind == OperationKind::drop_object) {
        operation.object_type = object_type;
        operation.name = dropped_object_name(object);
        continue;
      }
      if (kind == OperationKind::drop_schema) {
        operation.name = object["String"]["sval"].string();
        continue;
      }
      JsonNode items = object["List"]["items"];
      if (!items.is_array() || items.empty()) continue;
      const std::string name = qualified_name(items);
      if (kind == OperationKind::drop_index) {
        operation.name = name;
      } else {
        operation.table = name;
        operation.tables.push_back(TableReference{name, operation.offset});
      }
    }
  }

  // A DropStmt's object, by the name list it is written as: a type's or a domain's TypeName, a
  // function's or a procedure's (arguments left out), a view's.
  static std::string dropped_object_name(JsonNode object) {
    if (const JsonNode type = object["TypeName"]; !type.is_null()) {
      return qualified_name(type["names"]);
    }
    if (const JsonNode function = object["ObjectWithArgs"]; !function.is_null()) {
      return qualified_name(function["objname"]);
    }
    return qualified_name(object["List"]["items"]);
  }

  [[gnu::cold]] void rename(JsonNode node) {
    const JsonNode type = node["renameType"];
    const JsonNode relation = node["relation"];
    OperationKind kind = OperationKind::rename_other;
    const std::string_view object_type = client_named_object(type);
    if (!object_type.empty()) kind = OperationKind::rename_object;
    if (type.string_is("OBJECT_TABLE")) kind = OperationKind::rename_table;
    if (type.string_is("OBJECT_COLUMN")) kind = OperationKind::rename_column;
    Operation& operation = add(kind);
    if (renames_in_table(node)) {
      set_table(operation, relation);
    } else if (kind == OperationKind::rename_column) {
      operation.table = table_name(relation);  // a view's: named, but not a table
    }
    operation.column = node["subname"].string();
    operation.name = node["newname"].string();
    operation.if_exists = node["missing_ok"].boolean();
    if (!relation.is_null()) operation.offset = command_start(relation, 0);
    if (kind == OperationKind::rename_table) {
      // A table keeps its schema: "archive.users" RENAME TO accounts is archive.accounts.
      std::string unescaped;
      operation.name =
          normalize_table_name(relation["schemaname"].string_as_view(unescaped), operation.name);
    }
    if (kind == OperationKind::rename_object) {
      operation.object_type = object_type;
      operation.column = object_name(node);
    }
  }

  void create_index(JsonNode node) {
    Operation& operation = add(OperationKind::create_index);
    set_table(operation, node["relation"]);
    operation.name = node["idxname"].string();
    operation.concurrent = node["concurrent"].boolean();
    operation.unique = node["unique"].boolean();
    operation.if_exists = node["if_not_exists"].boolean();
    for (JsonNode parameter : node["indexParams"]) {
      JsonNode element = parameter["IndexElem"];
      const std::string column = element["name"].string();  // empty for an expression
      if (column.empty()) continue;
      ColumnDefinition indexed;
      indexed.name = column;
      indexed.offset = operation.offset;
      operation.columns.push_back(std::move(indexed));
    }
  }

  void create_enum(JsonNode node) {
    Operation& operation = add(OperationKind::create_type);
    operation.name = qualified_name(node["typeName"]);
  }

  void create_composite_type(JsonNode node) {
    Operation& operation = add(OperationKind::create_type);
    operation.name = table_name(node["typevar"]);
  }

  void alter_enum(JsonNode node) {
    const bool renames = node["oldVal"].is_string();
    Operation& operation =
        add(renames ? OperationKind::enum_rename_value : OperationKind::enum_add_value);
    operation.name = qualified_name(node["typeName"]);  // as CREATE TYPE's, to compare
    operation.column = node["newVal"].string();         // the value added or the new spelling
    operation.if_exists = node["skipIfNewValExists"].boolean();
  }

  void truncate(JsonNode node) {
    Operation& operation = add(OperationKind::truncate);
    for (JsonNode relation : node["relations"]) {
      JsonNode range_var = relation["RangeVar"];
      if (operation.table.empty()) {
        set_table(operation, range_var);
        continue;
      }
      operation.tables.push_back(TableReference{table_name(range_var), located(range_var)});
    }
  }

  // CREATE TRIGGER ... ON t and CREATE / ALTER POLICY ... ON t change what every write (or
  // read) of t does: the table is touched, though no column of it changes. A policy's USING may
  // read other tables.
  [[gnu::cold]] void table_behaviour(JsonNode node) {
    Operation& operation = add(OperationKind::other);
    const JsonNode relation = node["relation"];
    add_table_reference(operation, relation.is_null() ? node["table"] : relation);
    add_read_tables(operation, node);
  }

  // MERGE INTO t USING s: t's rows are inserted, updated or deleted, as by those statements.
  [[gnu::cold]] void merge(JsonNode node) { data_statement(OperationKind::update, node); }

  void add_table_reference(Operation& operation, JsonNode range_var) {
    std::string name = table_name(range_var);
    if (!name.empty()) {
      operation.tables.push_back(TableReference{std::move(name), located(range_var)});
    }
  }

  void data_statement(OperationKind kind, JsonNode node) {
    Operation& operation = add(kind);
    set_table(operation, node["relation"]);
    add_read_tables(operation, node);
  }

  // The tables a statement reads besides its target (UPDATE ... FROM, DELETE ... USING, INSERT
  // ... SELECT, a subquery, a view's query): the SQL references them too. A WITH query's name
  // is no table, nor is a system catalog a migration consults (pg_catalog, information_schema,
  // pg_*). The target is a RangeVar field of its own, which the scan for RangeVar nodes does
  // not meet.
  void add_read_tables(Operation& operation, JsonNode node) {
    std::vector<std::string> queries;  // sorted: looked up once per table read
    for (JsonNode query : node.members_named("CommonTableExpr")) {
      queries.push_back(query["ctename"].string());
      add_written_table(operation, query["ctequery"]);
    }
    std::sort(queries.begin(), queries.end());
    for (JsonNode range_var : node.members_named("RangeVar")) {
      std::string unescaped_schema;
      std::string unescaped_relation;
      const std::string_view schema = range_var["schemaname"].string_as_view(unescaped_schema);
      const std::string_view relation = range_var["relname"].string_as_view(unescaped_relation);
      if (is_system_catalog(schema, relation)) continue;
      if (schema.empty() && std::binary_search(queries.begin(), queries.end(), relation)) continue;
      std::string name = table_name(range_var);
      if (!name.empty())
        operation.tables.push_back(TableReference{std::move(name), located(range_var)});
    }
  }

  // The target of a data-modifying WITH query (`WITH moved AS (DELETE FROM old_t RETURNING *)
  // INSERT INTO new_t SELECT * FROM moved`): a RangeVar field of its own, as a statement's is.
  void add_written_table(Operation& operation, JsonNode query) {
    static constexpr std::string_view kWrites[] = {"InsertStmt", "UpdateStmt", "DeleteStmt",
                                                   "MergeStmt"};
    for (const std::string_view kind : kWrites) {
      if (const JsonNode write = query[kind]; !write.is_null()) {
        return add_table_reference(operation, write["relation"]);
      }
    }
  }

  static bool is_system_catalog(std::string_view schema, std::string_view relation) {
    if (schema == "pg_catalog" || schema == "information_schema") return true;
    return schema.empty() && relation.starts_with("pg_");
  }
  void insert(JsonNode node) { data_statement(OperationKind::insert, node); }
  void update(JsonNode node) { data_statement(OperationKind::update, node); }
  void delete_rows(JsonNode node) { data_statement(OperationKind::delete_rows, node); }
  void copy(JsonNode node) { data_statement(OperationKind::copy, node); }
  void do_block(JsonNode) { add(OperationKind::do_block); }
  void create_function(JsonNode node) {
    Operation& operation = add(OperationKind::create_function);
    operation.name = qualified_name(node["funcname"]);
  }

  // What is rebuilt is named, not recorded as a table the SQL touches: REINDEX changes no
  // schema.
  void reindex(JsonNode node) {
    static constexpr std::pair<std::string_view, std::string_view> objects[] = {
        {"REINDEX_OBJECT_INDEX", "INDEX"},       {"REINDEX_OBJECT_TABLE", "TABLE"},
        {"REINDEX_OBJECT_SCHEMA", "SCHEMA"},     {"REINDEX_OBJECT_SYSTEM", "SYSTEM"},
        {"REINDEX_OBJECT_DATABASE", "DATABASE"},
    };
    Operation& operation = add(OperationKind::reindex);
    std::string unescaped_kind;
    const std::string_view kind = node["kind"].string_as_view(unescaped_kind);
    for (const auto& [name, word] : objects) {
      if (kind == name) operation.name = word;
    }
    const JsonNode relation = node["relation"];
    const std::string object = relation.is_null() ? node["name"].string() : table_name(relation);
    if (!object.empty()) operation.name += (operation.name.empty() ? "" : " ") + object;
    for (JsonNode parameter : node["params"]) {
      const JsonNode option = parameter["DefElem"];
      if (option["defname"].string_is("concurrently")) operation.concurrent = is_on(option["arg"]);
    }
  }

  void transaction(JsonNode node) {
    const JsonNode kind = node["kind"];
    if (kind.string_is("TRANS_STMT_BEGIN") || kind.string_is("TRANS_STMT_START")) {
      add(OperationKind::transaction_begin);
    } else if (kind.string_is("TRANS_STMT_COMMIT")) {
      add(OperationKind::transaction_commit);
    } else if (kind.string_is("TRANS_STMT_ROLLBACK")) {
      add(OperationKind::transaction_rollback);
    } else {
      add(OperationKind::other);
    }
  }

  static constexpr std::size_t kNoCommand = static_cast<std::size_t>(-1);

  const ParsedStatement& statement_;
  std::vector<Operation>& operations_;
  // command_start()'s place: sub-command command_index_ starts at text byte command_at_.
  std::size_t command_index_ = kNoCommand;
  std::size_t command_at_ = 0;
};

// Every ParamRef of the statement: a ParamRef holds no other node, so a flat scan finds the
// same ones a walk through the tree does. The parser makes one only of a `$n` token, so a
// statement without a '$' has none: one memchr instead of the scan (474 instructions a
// statement).
void collect_parameters_in(const ParsedStatement& statement, JsonNode node,
                           std::vector<ParameterUse>& out) {
  for (JsonNode parameter : node.members_named("ParamRef")) {
    const JsonNode number = parameter["number"];
    out.push_back(ParameterUse{number.is_integer() ? static_cast<int>(number.integer()) : 0,
                               body_location(statement, parameter, statement.offset)});
  }
}
void collect_parameters(const ParsedStatement& statement, std::vector<ParameterUse>& out) {
  if (statement.text.find('$') == std::string::npos) return;
  const JsonNode function = statement.tree["CreateFunctionStmt"];
  if (function.is_null()) return collect_parameters_in(statement, statement.tree, out);
  // In a SQL-standard body (RETURN ..., BEGIN ATOMIC ... END) $1 is the function's own first
  // argument, bound at each call.
  for (JsonNode member : function) {
    if (member.key() != "sql_body") collect_parameters_in(statement, member, out);
  }
}

// Data statements legitimately carry $1 when they are prepared; DDL never can.
bool is_ddl(JsonNode tree) {
  static const char* const data_statements[] = {"SelectStmt", "InsertStmt",  "UpdateStmt",
                                                "DeleteStmt", "PrepareStmt", "ExecuteStmt"};
  if (!tree.is_object() || tree.empty()) return false;
  const std::string_view type = tree.first().key();
  for (const char* name : data_statements) {
    if (type == name) return false;
  }
  return true;
}

constexpr bool is_identifier_start(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}
constexpr bool is_identifier_part(unsigned char c) {
  return is_identifier_start(c) || (c >= '0' && c <= '9') || c == '$';
}

// The two predicates as one table: the identifier scan reads every byte of every statement.
enum IdentifierByte : std::uint8_t { kStartsIdentifier = 1, kInIdentifier = 2 };
constexpr std::array<std::uint8_t, 256> kIdentifierBytes = [] {
  std::array<std::uint8_t, 256> table{};
  for (std::size_t c = 0; c < table.size(); ++c) {
    const auto byte = static_cast<unsigned char>(c);
    if (is_identifier_start(byte)) table[c] |= kStartsIdentifier;
    if (is_identifier_part(byte)) table[c] |= kInIdentifier;
  }
  return table;
}();
bool byte_is(std::string_view text, std::size_t at, IdentifierByte kind) {
  return (kIdentifierBytes[static_cast<unsigned char>(text[at])] & kind) != 0;
}

// Skips a quoted run starting at `at` (the opening quote); a doubled quote is an escaped one.
std::size_t skip_quoted(std::string_view text, std::size_t at, char quote, std::string* out) {
  ++at;
  while (at < text.size()) {
    if (text[at] == quote) {
      if (at + 1 < text.size() && text[at + 1] == quote) {
        if (out) out->push_back(quote);
        at += 2;
        continue;
      }
      return at + 1;
    }
    if (out) out->push_back(text[at]);
    ++at;
  }
  return at;
}

}  // namespace

std::string normalize_table_name(std::string_view schema, std::string_view relation) {
  if (relation.empty()) return {};
  if (schema.empty() || schema == "public") return std::string(relation);
  return std::string(schema) + "." + std::string(relation);
}

// A scan of 16 names, most told apart by their length: the std::map it replaced cost ~270
// instructions a column.
std::string normalize_type_name(std::string_view name) {
  static constexpr std::pair<std::string_view, std::string_view> aliases[] = {
      {"integer", "int4"},
      {"int", "int4"},
      {"smallint", "int2"},
      {"bigint", "int8"},
      {"serial", "serial4"},
      {"bigserial", "serial8"},
      {"smallserial", "serial2"},
      {"character varying", "varchar"},
      {"character", "bpchar"},
      {"char", "bpchar"},
      {"boolean", "bool"},
      {"real", "float4"},
      {"double precision", "float8"},
      {"decimal", "numeric"},
      {"timestamp with time zone", "timestamptz"},
      {"timestamp without time zone", "timestamp"},
  };
  for (const auto& [alias, type] : aliases) {
    if (name == alias) return std::string(type);
  }
  return std::string(name);
}

std::vector<LongIdentifier> find_long_identifiers(std::string_view text) {
  std::vector<LongIdentifier> found;
  std::size_t at = 0;
  while (at < text.size()) {
    // Identifiers first, the most common token; none of the openers below starts one.
    if (byte_is(text, at, kStartsIdentifier)) {
      const std::size_t begin = at;
      while (at < text.size() && byte_is(text, at, kInIdentifier)) ++at;
      if (at - begin > kMaxIdentifierBytes) {
        found.push_back(LongIdentifier{std::string(text.substr(begin, at - begin)), begin});
      }
      continue;
    }
    if (text[at] == '"') {
      const std::size_t begin = at;
      at = skip_quoted(text, at, '"', nullptr);
      // The name is no longer than the text between the quotes: only a long one is unquoted.
      if (at - begin > kMaxIdentifierBytes) {
        std::string identifier;
        skip_quoted(text, begin, '"', &identifier);
        if (identifier.size() > kMaxIdentifierBytes) {
          found.push_back(LongIdentifier{std::move(identifier), begin});
        }
      }
    } else {
      // Strings (E'...' with its backslash escapes too), $$ bodies and comments, as the
      // statement splitter skips them.
      const std::size_t end = skip_quoted_or_comment(text, at);
      at = end == at ? at + 1 : end;
    }
  }
  return found;
}

#ifdef __SSE2__
namespace {

// The identifier bytes of a block (letters, digits, '_', '$', bytes >= 0x80) as a bit mask.
unsigned identifier_bytes(__m128i block) {
  const __m128i folded = _mm_or_si128(block, _mm_set1_epi8(0x20));  // 'A'-'Z' to 'a'-'z'
  const __m128i letter = _mm_and_si128(_mm_cmpgt_epi8(folded, _mm_set1_epi8('a' - 1)),
                                       _mm_cmplt_epi8(folded, _mm_set1_epi8('z' + 1)));
  const __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(block, _mm_set1_epi8('0' - 1)),
                                      _mm_cmplt_epi8(block, _mm_set1_epi8('9' + 1)));
  const __m128i mark = _mm_or_si128(_mm_cmpeq_epi8(block, _mm_set1_epi8('_')),
                                    _mm_cmpeq_epi8(block, _mm_set1_epi8('$')));
  const __m128i high = _mm_cmplt_epi8(block, _mm_setzero_si128());  // signed: >= 0x80
  return static_cast<unsigned>(
      _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(letter, digit), _mm_or_si128(mark, high))));
}

// What may_hold_long_identifier carries from one block to the next.
class LongIdentifierBlocks {
 public:
  // The block's identifier bytes and quotes as bit masks; `at` is its first byte's offset.
  bool add(std::size_t at, unsigned identifier, unsigned quotes) {
    if (identifier == 0xFFFF) {
      run_ += 16;
    } else {
      if (run_ + static_cast<std::size_t>(std::countr_one(identifier)) > kMaxIdentifierBytes) {
        return true;
      }
      run_ = static_cast<std::size_t>(std::countl_one(static_cast<std::uint16_t>(identifier)));
    }
    if (run_ > kMaxIdentifierBytes) return true;
    if (quotes == 0) return false;
    const std::size_t first = at + static_cast<std::size_t>(std::countr_zero(quotes));
    if (quote_seen_ && first - last_quote_ - 1 > kMaxIdentifierBytes) return true;
    if ((quote_seen_ && first == last_quote_ + 1) || (quotes & (quotes >> 1)) != 0) return true;
    quote_seen_ = true;
    last_quote_ =
        at + 15 - static_cast<std::size_t>(std::countl_zero(static_cast<std::uint16_t>(quotes)));
    return false;
  }
  // Whether the last quote opens a name that runs past kMaxIdentifierBytes to the end.
  bool open_at_end(std::size_t size) const {
    return quote_seen_ && size - last_quote_ - 1 > kMaxIdentifierBytes;
  }

 private:
  std::size_t run_ = 0;  // identifier bytes up to the end of the blocks added
  bool quote_seen_ = false;
  std::size_t last_quote_ = 0;
};

}  // namespace
#endif

// Most statements hold no name near 63 bytes: a pass of ~20 instructions a block of sixteen
// spares the byte-by-byte scan (find_long_identifiers: ~1,100 instructions a flagship
// statement).
bool may_hold_long_identifier(std::string_view text) {
#ifdef __SSE2__
  LongIdentifierBlocks blocks;
  const __m128i quote = _mm_set1_epi8('"');
  const auto add = [&](std::size_t at, __m128i block) {
    return blocks.add(at, identifier_bytes(block),
                      static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(block, quote))));
  };
  std::size_t at = 0;
  for (; at + 16 <= text.size(); at += 16) {
    if (add(at, _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + at)))) return true;
  }
  if (at < text.size()) {
    // The tail in a block of its own; NUL is neither an identifier byte nor a quote.
    alignas(16) char tail[16] = {};
    std::memcpy(tail, text.data() + at, text.size() - at);
    if (add(at, _mm_load_si128(reinterpret_cast<const __m128i*>(tail)))) return true;
  }
  return blocks.open_at_end(text.size());
#else
  (void)text;
  return true;
#endif
}

StatementFacts describe_statement(const ParsedStatement& statement) {
  StatementFacts facts;
  describe_statement_into(statement, facts);
  return facts;
}

void describe_statement_into(const ParsedStatement& statement, StatementFacts& facts) {
  if (statement.error) return;
  // CREATE FUNCTION stores its body: the migration runs none of its statements (a DO block's it
  // runs at once). What the text holds, a `$1` or a long name, is still the SQL's.
  if (!statement.in_function_body) OperationCollector(statement, facts.operations).collect();
  if (is_ddl(statement.tree)) collect_parameters(statement, facts.parameters);
  // A long name takes more bytes of text than it keeps: a short statement holds none.
  if (statement.text.size() <= kMaxIdentifierBytes) return;
  if (!may_hold_long_identifier(statement.text)) return;
  for (LongIdentifier& identifier : find_long_identifiers(statement.text)) {
    identifier.offset += statement.offset;
    facts.long_identifiers.push_back(std::move(identifier));
  }
}

std::string_view operation_kind_name(OperationKind kind) {
  static constexpr std::string_view names[] = {
      "create table",
      "drop table",
      "add column",
      "drop column",
      "alter column type",
      "set not null",
      "drop not null",
      "set default",
      "drop default",
      "rename table",
      "rename column",
      "rename",
      "rename",
      "set schema",
      "create view",
      "drop schema",
      "create index",
      "drop index",
      "reindex",
      "add constraint",
      "drop constraint",
      "detach partition",
      "validate constraint",
      "create type",
      "drop",
      "add enum value",
      "rename enum value",
      "truncate",
      "insert",
      "update",
      "delete",
      "copy",
      "DO block",
      "create function",
      "begin",
      "commit",
      "rollback",
      "other",
  };
  static_assert(std::size(names) == static_cast<std::size_t>(OperationKind::other) + 1,
                "a name for every OperationKind, in its order");
  return names[static_cast<int>(kind)];
}

}  // namespace issuelint::sql
