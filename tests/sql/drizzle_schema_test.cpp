// The Drizzle schema reader: tables and columns from TypeScript, not fooled by strings/comments.
#include "rules/drizzle/drizzle_schema.h"

#include <catch2/catch.hpp>

#include "rules/drizzle/typescript_lexer.h"

using namespace issuelint::drizzle;

TEST_CASE("pgTable with column builders and their modifiers") {
  const std::string source =
      "import { pgTable, serial, text, integer } from 'drizzle-orm/pg-core';\n"
      "export const users = pgTable('users', {\n"
      "  id: serial('id').primaryKey(),\n"
      "  email: text('email').notNull().unique(),\n"
      "});\n"
      "export const posts = pgTable(\"posts\", {\n"
      "  id: serial('id').primaryKey(),\n"
      "  authorId: integer('author_id').notNull().references(() => users.id, { onDelete: "
      "'cascade' }),\n"
      "  createdAt: timestamp('created_at', { withTimezone: true }).defaultNow(),\n"
      "  title: text(),\n"
      "});\n";
  const Schema schema = find_tables(source, 100);
  REQUIRE(schema.tables.size() == 2);
  CHECK(schema.tables[0].variable == "users");
  CHECK(schema.tables[0].sql_name == "users");
  CHECK(schema.tables[0].offset == 100 + source.find("'users'"));
  REQUIRE(schema.tables[1].columns.size() == 4);
  const Column& author = schema.tables[1].columns[1];
  CHECK(author.key == "authorId");
  CHECK(author.name == "author_id");
  CHECK(author.builder == "integer");
  CHECK(author.not_null);
  CHECK(author.references == "users");
  CHECK(schema.table_for_variable(author.references) == "users");
  CHECK(schema.tables[1].columns[2].has_default);
  CHECK(schema.tables[1].columns[3].name == "title");
  CHECK(schema.tables[0].columns[0].primary_key);
}

TEST_CASE("pgTable inside strings, comments and template literals is not a table") {
  const Schema schema = find_tables(
      "// export const a = pgTable('commented', {});\n"
      "/* pgTable('block', {}) */\n"
      "const s = \"pgTable('quoted', {})\";\n"
      "const t = `x ${ `nested ${ \"}\" }` } pgTable('templated', {})`;\n"
      "export const real = pgTable('real', { id: serial('id') });\n");
  REQUIRE(schema.tables.size() == 1);
  CHECK(schema.tables[0].name == "real");
}

TEST_CASE("Table creators apply their tablesFilter prefix") {
  const Schema schema = find_tables(
      "export const createTable = pgTableCreator((name) => `discuno_${name}`);\n"
      "export const bookings = createTable('booking', {\n"
      "  userId: varchar('user_id', { length: 255 }).notNull().references(() => users.id),\n"
      "});\n");
  REQUIRE(schema.tables.size() == 1);
  CHECK(schema.tables[0].creator == "createTable");
  CHECK(schema.tables[0].name == "booking");
  CHECK(schema.tables[0].sql_name == "discuno_booking");
  CHECK(schema.tables[0].columns[0].name == "user_id");
}

TEST_CASE("The template's New Schema block, comment line and all") {
  const Schema schema = find_tables(
      "-- Drizzle schema definition\nexport const newTable = pgTable('new_table', {\n"
      "  id: serial('id').primaryKey(),\n  // ... other columns\n});\n");
  REQUIRE(schema.tables.size() == 1);
  CHECK(schema.tables[0].name == "new_table");
  CHECK(schema.tables[0].columns.size() == 1);
}

TEST_CASE("Lexer: escapes, unterminated strings and offsets") {
  const auto tokens = tokenize_typescript("a('it\\'s', \"unterminated\nb", 5);
  REQUIRE(tokens.size() == 6);
  CHECK(tokens[2].kind == TokenKind::string);
  CHECK(tokens[2].value == "it's");
  CHECK(tokens[2].offset == 7);
  CHECK(tokens[4].value == "unterminated");
  CHECK(tokens[5].value == "b");
}
