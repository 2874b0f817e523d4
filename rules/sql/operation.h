// The operation model: what each statement of a migration does, reduced to the facts the
// cross-check rules need (which table, which column, does it lock, does it lose data).
// Every offset is a byte offset in IssueDocument::text, so rules can point into the body.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace issuelint::sql {

enum class OperationKind {
  create_table,  // CREATE TABLE, also CREATE TABLE ... AS and SELECT ... INTO
  drop_table,
  add_column,
  drop_column,
  alter_column_type,
  set_not_null,
  drop_not_null,
  set_default,
  drop_default,
  rename_table,
  rename_column,
  rename_other,   // an index, constraint, sequence, trigger...: what clients do not name
  rename_object,  // a view, type, schema, function or domain: what clients name
  set_schema,     // ALTER ... SET SCHEMA of a table or of what clients name: a rename too
  create_view,    // CREATE VIEW / CREATE MATERIALIZED VIEW: a relation, but no table
  drop_schema,    // DROP SCHEMA ... CASCADE, with every table in it (without, only an empty one)
  create_index,
  drop_index,
  reindex,  // REINDEX INDEX / TABLE / SCHEMA / DATABASE / SYSTEM
  add_constraint,
  drop_constraint,
  detach_partition,  // ALTER TABLE parent DETACH PARTITION child
  validate_constraint,
  create_type,  // CREATE TYPE ... AS ENUM and other CREATE TYPE forms
  // DROP of what queries and application code name besides tables and schemas: a type, a
  // domain, a view, a materialized view, a function or a procedure
  drop_object,
  enum_add_value,
  enum_rename_value,
  truncate,
  insert,
  update,
  delete_rows,
  copy,
  do_block,
  create_function,
  transaction_begin,
  transaction_commit,
  transaction_rollback,
  other,  // parsed, but nothing the rules look at (SELECT, SET, GRANT...)
};

std::string_view operation_kind_name(OperationKind kind);

// A table as the rules compare it: unquoted names are already lowercased by the parser,
// quoted names keep their case; the default schema `public` is dropped ("public.users" and
// "users" are the same table), any other schema stays as "schema.table".
struct TableReference {
  std::string name;
  std::size_t offset = 0;  // byte offset of the name in the body
};

// A column as CREATE TABLE or ADD COLUMN defines it.
struct ColumnDefinition {
  std::string name;
  std::string type;  // normalised like Operation::to_type
  bool not_null = false;
  // Existing rows get a value: a DEFAULT other than NULL, or one the column implies (serial
  // types, GENERATED ... AS IDENTITY, GENERATED ALWAYS AS (...) STORED).
  bool has_default = false;
  std::size_t offset = 0;
};

struct Operation {
  // Provided, not defaulted: then emplace_back() runs the member initializers alone, where a
  // defaulted one zero-fills the whole ~300 bytes first (a `rep stosq`, slow to start) and
  // then constructs every member over it.
  Operation() noexcept {}  // NOLINT(modernize-use-equals-default)
  OperationKind kind = OperationKind::other;
  std::size_t offset = 0;  // byte offset in the body of the statement (or of the sub-command)
  std::string table;       // the table acted on, normalised; empty when none (a view's column
                           // rename: the view, which `tables` leaves out)
  std::string column;      // column ops: the column; rename_column: the old name;
                           // rename_object / set_schema: the object's name before
  std::string name;        // index / constraint / type / view / schema name (a dropped or
                           // created type's, view's or function's normalised, as a table's,
                           // with its schema); renames and
                           // set_schema: the new name (a table's normalised, with its schema);
                           // reindex: what is rebuilt, as written ("TABLE users");
                           // detach_partition: the partition detached
  // rename_object / set_schema / drop_object: what is renamed, moved or dropped, as SQL names it
  // ("VIEW", "TYPE", "TABLE"...); a literal
  std::string_view object_type;
  std::vector<TableReference> tables;  // every table the operation touches (incl. referenced)

  bool if_exists = false;    // IF EXISTS / IF NOT EXISTS: changes nothing but robustness
  bool in_do_block = false;  // came from the body of a DO block (a function's body makes none)

  // create_table: every column; add_column: the one; create_index: the indexed columns
  // (expressions left out, only their names are filled)
  std::vector<ColumnDefinition> columns;
  // add_column
  bool not_null = false;
  bool has_default = false;  // as ColumnDefinition::has_default
  bool primary_key = false;
  bool identity = false;  // GENERATED ... AS IDENTITY fills existing rows like a default
  // add_column with REFERENCES, add_constraint FOREIGN KEY, create_table with an FK
  bool foreign_key = false;
  std::string referenced_table;
  bool not_valid = false;  // NOT VALID: the FK/CHECK is not checked against existing rows
  // alter_column_type
  bool using_expression = false;
  std::string from_type;  // known only when the script itself created the column
  std::string to_type;    // normalised: "int4", "varchar", "uuid", "my_enum", "text[]"...
  // The target type's name as written, for messages: "serial" (to_type "serial4"), "bigint"
  // (the parser itself writes "int8" for that one, "int4" for integer)
  std::string to_type_written;
  // create_table: CREATE TEMP / TEMPORARY TABLE, a table of the session that runs the migration
  // (relpersistence 't'), not of the schema
  bool temporary = false;
  // create_table: CREATE TABLE ... AS or SELECT ... INTO, which fill the table with the query's
  // rows (not WITH NO DATA)
  bool with_rows = false;
  // create_table: the partitioned table it is a partition of (PARTITION OF), normalised; a
  // DROP TABLE of that table drops this one too
  std::string partition_of;
  // create_index / drop_index / reindex / detach_partition: CONCURRENTLY, which PostgreSQL
  // refuses inside a transaction block
  bool concurrent = false;
  bool unique = false;
  // add_constraint
  std::string constraint_type;  // "foreign key", "unique", "check", "primary key"...
};

// A `$1` left inside DDL: it parses, PostgreSQL rejects it when the migration runs.
struct ParameterUse {
  int number = 0;
  std::size_t offset = 0;
};

// An identifier PostgreSQL will truncate to 63 bytes without telling anyone.
struct LongIdentifier {
  std::string text;  // as written, quotes removed
  std::size_t offset = 0;
};

}  // namespace issuelint::sql
