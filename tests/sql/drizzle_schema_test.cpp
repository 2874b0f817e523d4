// The Drizzle schema reader: tables and columns from TypeScript, not fooled by strings/comments.
#include "rules/drizzle/drizzle_schema.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "parser/document.h"
#include "rules/drizzle/typescript_lexer.h"
#include "rules/sql/migration_analysis.h"
#include "tests/sql/fixture_sql.h"

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

TEST_CASE("A table of a creator the snippet uses but does not define is a table") {
  // create-t3-app defines createTable once atop schema.ts; an issue pastes only the table.
  const Schema schema = find_tables(
      "export const auditLog = createTable('audit_log', {\n"
      "  bookingId: integer('booking_id').notNull(),\n"
      "});\n"
      "export const posts = table(\"post\", (d) => ({ id: d.integer() }));\n");
  REQUIRE(schema.tables.size() == 2);
  CHECK(schema.tables[0].variable == "auditLog");
  CHECK(schema.tables[0].creator == "createTable");
  CHECK(schema.tables[0].sql_name == "audit_log");  // its prefix is table_names.prefix's to strip
  CHECK(schema.tables[0].columns[0].name == "booking_id");
  CHECK(schema.tables[1].sql_name == "post");
  // Not a binding's value, not named like a table function, or no columns: not a table.
  const Schema none = find_tables(
      "createTable('a', { id: serial('id') });\n"
      "const b = db.createTable('b', { id: serial('id') });\n"
      "const c = lookup('c', { id: 1 });\n"
      "const d = renderTable('d', 3);\n"
      "const e = createTable('e');\n");
  CHECK(none.tables.empty());
}

// pgSchema('app') sits atop schema.ts as createTable does; an issue pastes the table.
TEST_CASE("A table of a pgSchema the snippet uses but does not define is a table") {
  const Schema schema = find_tables(
      "export const auditLog = appSchema.table('audit_log', {\n"
      "  bookingId: integer('booking_id').notNull(),\n"
      "});\n");
  REQUIRE(schema.tables.size() == 1);
  CHECK(schema.tables[0].variable == "auditLog");
  CHECK(schema.tables[0].sql_name == "audit_log");  // its schema is unknown: the bare name
  CHECK(schema.tables[0].columns[0].name == "booking_id");
  // Not a binding's value, no name, or no columns: not a table.
  const Schema none = find_tables(
      "appSchema.table('a', { id: serial('id') });\n"
      "const b = appSchema.table(name, { id: serial('id') });\n"
      "const c = store.table('c');\n"
      "const d = appSchema.tables('d', { id: serial('id') });\n");
  CHECK(none.tables.empty());
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

TEST_CASE("Third argument: (t) => ({ ... }) and (t) => [ ... ] indexes and foreign keys") {
  const std::string source =
      "export const bookings = pgTable(\n"
      "  'bookings',\n"
      "  {\n"
      "    id: serial('id').primaryKey(),\n"
      "    userId: integer('user_id').notNull(),\n"
      "    startsAt: timestamp('starts_at'),\n"
      "  },\n"
      "  (t) => ({\n"
      "    userIdx: index('bookings_user_idx').on(t.userId, t.startsAt.desc()),\n"
      "    userFk: foreignKey({ columns: [t.userId], foreignColumns: [users.id] }),\n"
      "  }),\n"
      ");\n"
      "export const tags = pgTable(`tags`, { name: text('name') }, (table) => [\n"
      "  uniqueIndex().on(table.name),\n"
      "  index('tags_gin').using('gin', table.name),\n"
      "]);\n"
      "export const after = pgTable('after', { id: serial('id') });\n";
  const Schema schema = find_tables(source);
  REQUIRE(schema.tables.size() == 3);
  const Table& bookings = schema.tables[0];
  CHECK(bookings.name == "bookings");
  REQUIRE(bookings.columns.size() == 3);
  REQUIRE(bookings.indexes.size() == 1);
  CHECK(bookings.indexes[0].name == "bookings_user_idx");
  CHECK(bookings.indexes[0].columns == std::vector<std::string>{"user_id", "starts_at"});
  CHECK_FALSE(bookings.indexes[0].unique);
  CHECK(bookings.columns[1].references == "users");
  const Table& tags = schema.tables[1];
  CHECK(tags.name == "tags");  // a template literal without ${} is a plain name
  REQUIRE(tags.indexes.size() == 2);
  CHECK(tags.indexes[0].unique);
  CHECK(tags.indexes[0].name.empty());
  CHECK(tags.indexes[1].columns == std::vector<std::string>{"name"});
  CHECK(schema.tables[2].name == "after");
}

TEST_CASE("Columns from a callback: pgTable('name', (d) => ({ ... }))") {
  const Schema schema = find_tables(
      "export const posts = createTable(\"post\", (d) => ({\n"
      "  id: d.integer().primaryKey().generatedByDefaultAsIdentity(),\n"
      "  name: d.varchar({ length: 256 }),\n"
      "  createdById: d.varchar('created_by', { length: 255 }).notNull().references(() => "
      "users.id),\n"
      "}));\n"
      "export const createTable = pgTableCreator((name) => `discuno_${name}`);\n");
  // A pasted snippet may show the table before the creator it uses.
  REQUIRE(schema.tables.size() == 1);
  CHECK(schema.tables[0].sql_name == "discuno_post");
  CHECK(schema.tables[0].columns[1].name == "name");
  const Schema ordered = find_tables(
      "import * as pg from 'drizzle-orm/pg-core';\n"
      "export const createTable = pg.pgTableCreator((name) => `discuno_${name}`);\n"
      "export const posts = createTable(\"post\", (d) => ({\n"
      "  id: d.integer().primaryKey().generatedByDefaultAsIdentity(),\n"
      "  createdById: d.varchar('created_by', { length: 255 }).notNull().references(() => "
      "users.id),\n"
      "}));\n");
  REQUIRE(ordered.tables.size() == 1);
  CHECK(ordered.tables[0].sql_name == "discuno_post");
  REQUIRE(ordered.tables[0].columns.size() == 2);
  CHECK(ordered.tables[0].columns[0].builder == "integer");
  CHECK(ordered.tables[0].columns[0].primary_key);
  CHECK(ordered.tables[0].columns[1].name == "created_by");
  CHECK(ordered.tables[0].columns[1].references == "users");
}

TEST_CASE("pgSchema tables: schema.table('name', ...) is schema-qualified") {
  const Schema schema = find_tables(
      "export const auth = pgSchema('auth');\n"
      "export const sessions = auth.table('session', { id: text('id').primaryKey() });\n"
      "export const pub = pgSchema('public');\n"
      "export const notes = pub.table('notes', { id: text('id') });\n"
      "export const inline = pgSchema(\"billing\").table('invoice', { id: text('id') });\n"
      "export const other = unrelated.table('nope', {});\n");
  REQUIRE(schema.tables.size() == 3);
  CHECK(schema.tables[0].variable == "sessions");
  CHECK(schema.tables[0].schema == "auth");
  CHECK(schema.tables[0].sql_name == "auth.session");
  CHECK(schema.tables[0].columns[0].primary_key);
  CHECK(schema.tables[1].sql_name == "notes");  // public is the default schema
  CHECK(schema.tables[2].sql_name == "billing.invoice");
}

// Audit 24, finding H: drizzle-orm 1.0's tables with row-level security enabled.
TEST_CASE("pgTable.withRLS and schema.table.withRLS are tables like the plain calls") {
  const std::string source =
      "export const auditLog = pgTable.withRLS('audit_log', {\n"
      "  id: serial('id').primaryKey(),\n  change: text('change').notNull(),\n});\n"
      "export const auth = pgSchema('auth');\n"
      "export const roles = auth.table.withRLS('role', { id: text('id') });\n"
      "export const keys = pgSchema('vault').table.withRLS('key', { id: text('id') });\n"
      "export const notTable = pgTable.withoutRLS('nope', {});\n";
  for (const Schema& schema : {find_tables(source), find_table_names(source)}) {
    REQUIRE(schema.tables.size() == 3);
    CHECK(schema.tables[0].variable == "auditLog");
    CHECK(schema.tables[0].sql_name == "audit_log");
    CHECK(schema.tables[0].offset == source.find("'audit_log'"));
    CHECK(schema.tables[1].sql_name == "auth.role");
    CHECK(schema.tables[2].sql_name == "vault.key");
  }
  const Schema with_columns = find_tables(source);
  REQUIRE(with_columns.tables[0].columns.size() == 2);
  CHECK(with_columns.tables[0].columns[1].name == "change");
}

TEST_CASE("Regular expressions with quotes do not derail the lexer, division still divides") {
  const Schema schema = find_tables(
      "const slug = z.string().regex(/^[a-z'\"]+$/i);\n"
      "const half = total / 2 / 'x'.length;\n"
      "const re = /pgTable('fake', {})/;\n"
      "export const real = pgTable('real', { id: serial('id') });\n");
  REQUIRE(schema.tables.size() == 1);
  CHECK(schema.tables[0].name == "real");
  const auto tokens = tokenize_typescript("a = b / c; r = /x[/]y/g;");
  REQUIRE(tokens.size() == 10);
  CHECK(tokens[3].kind == TokenKind::punctuation);
  CHECK(tokens[3].value == "/");
  CHECK(tokens[8].kind == TokenKind::regex);
  CHECK(tokens[8].value == "/x[/]y/g");
}

// A table call's arguments are read up to the third; more, fewer or empty ones change nothing.
TEST_CASE("A table call with one, three or four arguments, or an empty one") {
  const Schema schema = find_tables(
      "export const a = pgTable('only_name');\n"
      "export const b = pgTable('b', { id: serial('id') }, (t) => [index('b_id').on(t.id)], "
      "{ extra: 1 });\n"
      "export const c = pgTable('c', , { id: serial('id') });\n"
      "export const d = pgTable();\n");
  REQUIRE(schema.tables.size() == 3);
  CHECK(schema.tables[0].name == "only_name");
  CHECK(schema.tables[0].columns.empty());
  REQUIRE(schema.tables[1].columns.size() == 1);
  REQUIRE(schema.tables[1].indexes.size() == 1);
  CHECK(schema.tables[1].indexes[0].columns == std::vector<std::string>{"id"});
  CHECK(schema.tables[2].name == "c");
  CHECK(schema.tables[2].columns.empty());  // the second argument is the empty one
}

namespace {

bool same_tables_without_columns(const Schema& names, const Schema& full) {
  if (names.tables.size() != full.tables.size()) return false;
  for (std::size_t i = 0; i < names.tables.size(); ++i) {
    const Table& a = names.tables[i];
    const Table& b = full.tables[i];
    if (a.variable != b.variable || a.name != b.name || a.sql_name != b.sql_name ||
        a.creator != b.creator || a.schema != b.schema || a.section != b.section ||
        a.offset != b.offset || !a.columns.empty() || !a.indexes.empty()) {
      return false;
    }
  }
  return true;
}

}  // namespace

// find_table_names skips a table call's second and third arguments: every table find_tables
// finds, with the same names and offsets, in the same order, whatever the source.
TEST_CASE("find_table_names finds the tables find_tables finds without columns and indexes") {
  std::vector<std::string> sources = issuelint::testing::fixture_sql_blocks();
  sources.push_back(
      "export const createTable = pgTableCreator((name) => `p_${name}`);\n"
      "const auth = pgSchema('auth');\n"
      "export const a = createTable('a', { id: serial('id') }, (t) => [index().on(t.id)]);\n"
      "export const b = auth.table('b', (t) => ({ x: t.text() }));\n"
      "export const c = pgSchema('s').table('c', {});\n"
      "export const d = pgTable('d', pgTable('nested', {}));\n"
      "export const e = pgTable(('e'), {});\n"
      "export const f = pgTable('f' + x, , {});\n"
      "export const g = pgTable(, 'g');\n"
      "export const h = pgTable('h', { k: text('k') }");  // unterminated
  std::size_t tables = 0;
  for (const std::string& source : sources) {
    // Every prefix as well: a draft cut anywhere, in a string, a comment or a call.
    for (std::size_t length = 0; length < source.size() + 3; length += 3) {
      const std::string_view cut = std::string_view(source).substr(0, length);
      const Schema full = find_tables(cut, 11);
      INFO(cut);
      CHECK(same_tables_without_columns(find_table_names(cut, 11), full));
      if (length >= source.size()) tables += full.tables.size();
    }
  }
  CHECK(tables > 20);
}

TEST_CASE("MigrationAnalysis reads the schema without columns and with them once when asked") {
  const std::string body =
      "### New Schema\n\n```ts\nexport const users = pgTable('users', {\n"
      "  id: serial('id').primaryKey(),\n  email: text('email').notNull(),\n"
      "}, (t) => [uniqueIndex('users_email').on(t.email)]);\n```\n\n"
      "```ts\nexport const posts = pgTable('posts', { userId: integer('user_id') });\n```\n";
  const issuelint::IssueDocument document = issuelint::parse_issue(body);
  issuelint::sql::MigrationBlocks blocks;
  blocks.schema_section = 0;
  blocks.schema_blocks = {0, 1};
  const issuelint::sql::MigrationAnalysis analysis =
      issuelint::sql::analyze_migration(document, blocks);
  REQUIRE(analysis.schema.tables.size() == 2);
  CHECK(analysis.schema.tables[1].name == "posts");
  CHECK(analysis.schema.tables[0].columns.empty());
  const Schema& full = analysis.schema_with_columns(document);
  CHECK(&analysis.schema_with_columns(document) == &full);    // read once
  CHECK(same_tables_without_columns(analysis.schema, full));  // the same tables, with columns
  REQUIRE(full.tables.size() == 2);
  CHECK(full.tables[0].section == 0);
  CHECK(full.tables[0].offset == body.find("'users'"));
  REQUIRE(full.tables[0].columns.size() == 2);
  CHECK(full.tables[0].columns[1].name == "email");
  REQUIRE(full.tables[0].indexes.size() == 1);
  CHECK(full.tables[0].indexes[0].unique);
  REQUIRE(full.tables[1].columns.size() == 1);
  CHECK(full.tables[1].columns[0].name == "user_id");
}

TEST_CASE("a schema whose groups run past the scan budget reads as one scanned whole") {
  // A table whose column object holds thousands of tokens: its group's end comes from the
  // table of every group's end, which must agree with the scan.
  std::string columns;
  for (int i = 0; i < 3000; ++i)
    columns += "  c" + std::to_string(i) + ": text('c" + std::to_string(i) + "'),\n";
  const std::string source = "export const big = pgTable('big', {\n" + columns +
                             "});\nexport const after = pgTable('after', {\n  id: serial('id'),\n"
                             "});\n";
  const Schema schema = find_tables(source);
  REQUIRE(schema.tables.size() == 2);
  CHECK(schema.tables[0].sql_name == "big");
  CHECK(schema.tables[0].columns.size() == 3000);
  CHECK(schema.tables[1].sql_name == "after");
  CHECK(schema.tables[1].columns.size() == 1);
  // Unclosed calls in the thousands: each is read once, not scanned to the end each time.
  std::string unclosed;
  for (int i = 0; i < 20000; ++i) unclosed += "pgTable(";
  CHECK(find_tables(unclosed + "\nexport const t = pgTable('t', {});\n").tables.size() <= 1);
}

TEST_CASE("a long line of unterminated regex classes lexes as divisions") {
  std::string source = "const x = ";
  for (int i = 0; i < 20000; ++i) source += "/[";
  const auto tokens = tokenize_typescript(source);
  const auto regexes = std::count_if(tokens.tokens.begin(), tokens.tokens.end(),
                                     [](const Token& t) { return t.kind == TokenKind::regex; });
  CHECK(regexes == 0);
  // A regex of a usual length still is one.
  const auto usual = tokenize_typescript("const r = /^[a-z_]+$/i;");
  CHECK(std::count_if(usual.tokens.begin(), usual.tokens.end(),
                      [](const Token& t) { return t.kind == TokenKind::regex; }) == 1);
}
