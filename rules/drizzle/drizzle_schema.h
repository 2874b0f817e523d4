// The tables a Drizzle schema defines: `pgTable('name', { ... })` calls, also through a
// table creator (`const createTable = pgTableCreator((name) => `discuno_${name}`)`) or a
// schema (`const auth = pgSchema('auth'); auth.table('user', { ... })`). Columns may be an
// object or a callback returning one (`(t) => ({ ... })`); the optional third argument's
// indexes and foreign keys are read too, in both the `(t) => ({ ... })` and `(t) => [ ... ]`
// forms.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace issuelint::drizzle {

struct Column {
  std::string key;      // the property name in the object: `userId`
  std::string name;     // the SQL column name: `text('user_id')` → "user_id"; else the key
  std::string builder;  // `text`, `serial`, `uuid`, `varchar`...
  bool not_null = false;
  bool primary_key = false;
  bool has_default = false;  // .default(), .defaultNow(), .$defaultFn()...
  std::string references;    // `.references(() => users.id)` → "users" (the variable)
  std::size_t offset = 0;    // body offset of the key
};

// `index('name').on(t.a, t.b)` / `uniqueIndex()...` in a table's third argument.
struct Index {
  std::string name;                  // may be empty: drizzle-kit then names it
  std::vector<std::string> columns;  // SQL column names, in order
  bool unique = false;
  std::size_t offset = 0;  // body offset of `index`
};

struct Table {
  std::string variable;  // `export const users = pgTable(...)` → "users"; may be empty
  std::string name;      // the name as written: 'user'
  std::string sql_name;  // with the creator's prefix applied: "discuno_user"
  std::string creator;   // "pgTable", the table creator's or the pgSchema's variable
  std::string schema;    // pgSchema('auth') → "auth"; empty for the default schema
  std::vector<Column> columns;
  std::vector<Index> indexes;
  int section = -1;        // filled by the caller
  std::size_t offset = 0;  // body offset of the table-name string
};

struct Schema {
  std::vector<Table> tables;
  // The SQL name of the table bound to `variable` in this schema; empty when unknown.
  std::string table_for_variable(std::string_view variable) const;
};

Schema find_tables(std::string_view source, std::size_t base_offset = 0);

// find_tables() without columns and indexes: the same tables, each with its names, creator,
// schema, variable and offset. What most checks read; the columns cost more than the rest
// (3.5 K of 11.7 K instructions on the flagship draft's four-line schema).
Schema find_table_names(std::string_view source, std::size_t base_offset = 0);

}  // namespace issuelint::drizzle
