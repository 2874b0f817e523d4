// Statement shapes as drizzle-kit writes them (0.2x with DO-block FKs and enums, 0.3x with
// "public"-qualified names and bare ADD CONSTRAINT), each classified by the operation model
// with the tables it touches.
#include <catch2/catch.hpp>
#include <string>
#include <thread>
#include <vector>

#include "rules/sql/migration_analysis.h"
#include "rules/sql/sql_parser.h"

using namespace issuelint::sql;

namespace {

ScriptAnalysis analyze_script(const std::string& sql) { return analyze_sql(sql, 0); }

std::vector<std::string> table_names(const Operation& operation) {
  std::vector<std::string> names;
  for (const TableReference& table : operation.tables) names.push_back(table.name);
  return names;
}

const Operation& single(const ScriptAnalysis& script) {
  INFO("errors: " << script.errors.size() << ", operations: " << script.operations.size());
  REQUIRE(script.errors.empty());
  REQUIRE(script.operations.size() == 1);
  return script.operations[0];
}

}  // namespace

TEST_CASE("drizzle-kit: CREATE TABLE IF NOT EXISTS with a named UNIQUE constraint") {
  const ScriptAnalysis create_script = analyze_script(
      "CREATE TABLE IF NOT EXISTS \"users\" (\n"
      "\t\"id\" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,\n"
      "\t\"email\" text NOT NULL,\n"
      "\t\"created_at\" timestamp with time zone DEFAULT now() NOT NULL,\n"
      "\tCONSTRAINT \"users_email_unique\" UNIQUE(\"email\")\n"
      ");\n");
  const Operation& create = single(create_script);
  CHECK(create.kind == OperationKind::create_table);
  CHECK(create.table == "users");
  CHECK(create.if_exists);
  CHECK_FALSE(create.foreign_key);
  CHECK(table_names(create) == std::vector<std::string>{"users"});
  REQUIRE(create.columns.size() == 3);
  CHECK(create.columns[0].type == "uuid");
  CHECK(create.columns[0].has_default);
  CHECK(create.columns[2].type == "timestamptz");
}

TEST_CASE("drizzle-kit: ADD COLUMN, then the FK in a DO block with EXCEPTION") {
  const auto script = analyze_script(
      "ALTER TABLE \"project\" ADD COLUMN \"owner_id\" text NOT NULL;--> statement-breakpoint\n"
      "DO $$ BEGIN\n"
      " ALTER TABLE \"project\" ADD CONSTRAINT \"project_owner_id_user_id_fk\" FOREIGN KEY "
      "(\"owner_id\") REFERENCES \"public\".\"user\"(\"id\") ON DELETE cascade ON UPDATE no "
      "action;\n"
      "EXCEPTION\n WHEN duplicate_object THEN null;\nEND $$;\n");
  REQUIRE(script.errors.empty());
  CHECK(script.statement_count == 2);  // the DO block's inner statement is not a third
  REQUIRE(script.operations.size() == 3);
  const Operation& add = script.operations[0];
  CHECK(add.kind == OperationKind::add_column);
  CHECK(add.table == "project");
  CHECK(add.column == "owner_id");
  CHECK(add.not_null);
  CHECK_FALSE(add.has_default);
  CHECK(script.operations[1].kind == OperationKind::do_block);
  const Operation& fk = script.operations[2];
  CHECK(fk.kind == OperationKind::add_constraint);
  CHECK(fk.in_do_block);
  CHECK(fk.constraint_type == "foreign key");
  CHECK(fk.name == "project_owner_id_user_id_fk");
  CHECK(fk.referenced_table == "user");
  CHECK_FALSE(fk.not_valid);
  CHECK(table_names(fk) == std::vector<std::string>{"project", "user"});
}

TEST_CASE("drizzle-kit: bare ADD CONSTRAINT FK with public-qualified reference") {
  const ScriptAnalysis fk_script = analyze_script(
      "ALTER TABLE \"booking\" ADD CONSTRAINT \"booking_user_id_user_id_fk\" FOREIGN KEY "
      "(\"user_id\") REFERENCES \"public\".\"user\"(\"id\") ON DELETE no action ON UPDATE no "
      "action;");
  const Operation& fk = single(fk_script);
  CHECK(fk.kind == OperationKind::add_constraint);
  CHECK(fk.foreign_key);
  CHECK(table_names(fk) == std::vector<std::string>{"booking", "user"});
}

TEST_CASE("drizzle-kit: CREATE TYPE ... AS ENUM, bare and inside a DO block") {
  const ScriptAnalysis bare_script =
      analyze_script("CREATE TYPE \"public\".\"role\" AS ENUM('user', 'admin');");
  const Operation& bare = single(bare_script);
  CHECK(bare.kind == OperationKind::create_type);
  CHECK(bare.name == "role");
  CHECK(bare.tables.empty());
  const auto script = analyze_script(
      "DO $$ BEGIN\n CREATE TYPE \"public\".\"type\" AS ENUM('text', 'image', 'video');\n"
      "EXCEPTION\n WHEN duplicate_object THEN null;\nEND $$;\n");
  REQUIRE(script.errors.empty());
  REQUIRE(script.operations.size() == 2);
  CHECK(script.operations[1].kind == OperationKind::create_type);
  CHECK(script.operations[1].name == "type");
  CHECK(script.operations[1].in_do_block);
}

TEST_CASE("drizzle-kit: ALTER TYPE ... ADD VALUE, with BEFORE and IF NOT EXISTS") {
  const auto script = analyze_script(
      "ALTER TYPE \"public\".\"status\" ADD VALUE 'archived';--> statement-breakpoint\n"
      "ALTER TYPE \"public\".\"status\" ADD VALUE IF NOT EXISTS 'draft' BEFORE 'published';");
  REQUIRE(script.errors.empty());
  REQUIRE(script.operations.size() == 2);
  CHECK(script.operations[0].kind == OperationKind::enum_add_value);
  CHECK(script.operations[0].name == "status");
  CHECK(script.operations[0].column == "archived");
  CHECK(script.operations[1].if_exists);
}

TEST_CASE("drizzle-kit: SET DATA TYPE, bare and with USING to an enum") {
  const auto script = analyze_script(
      "ALTER TABLE \"databases\" ALTER COLUMN \"type\" SET DATA TYPE text;"
      "--> statement-breakpoint\n"
      "ALTER TABLE \"users\" ALTER COLUMN \"role\" SET DATA TYPE \"public\".\"role\" USING "
      "\"role\"::\"public\".\"role\";");
  REQUIRE(script.errors.empty());
  REQUIRE(script.operations.size() == 2);
  CHECK(script.operations[0].kind == OperationKind::alter_column_type);
  CHECK(script.operations[0].table == "databases");
  CHECK(script.operations[0].column == "type");
  CHECK(script.operations[0].to_type == "text");
  CHECK_FALSE(script.operations[0].using_expression);
  CHECK(script.operations[1].to_type == "role");
  CHECK(script.operations[1].using_expression);
}

TEST_CASE("drizzle-kit: SET DEFAULT with an enum cast, DROP DEFAULT") {
  const auto script = analyze_script(
      "ALTER TABLE \"users\" ALTER COLUMN \"role\" SET DEFAULT 'user'::\"public\".\"role\";"
      "--> statement-breakpoint\nALTER TABLE \"users\" ALTER COLUMN \"bio\" DROP DEFAULT;");
  REQUIRE(script.errors.empty());
  REQUIRE(script.operations.size() == 2);
  CHECK(script.operations[0].kind == OperationKind::set_default);
  CHECK(script.operations[0].column == "role");
  CHECK(script.operations[1].kind == OperationKind::drop_default);
  CHECK(script.operations[1].table == "users");
}

TEST_CASE("drizzle-kit: CREATE INDEX IF NOT EXISTS ... USING btree, several columns") {
  const ScriptAnalysis index_script = analyze_script(
      "CREATE INDEX IF NOT EXISTS \"booking_user_idx\" ON \"booking\" USING btree "
      "(\"user_id\",\"starts_at\" DESC NULLS LAST);");
  const Operation& index = single(index_script);
  CHECK(index.kind == OperationKind::create_index);
  CHECK(index.name == "booking_user_idx");
  CHECK(index.table == "booking");
  CHECK(index.if_exists);
  CHECK_FALSE(index.concurrent);
  REQUIRE(index.columns.size() == 2);
  CHECK(index.columns[0].name == "user_id");
  CHECK(index.columns[1].name == "starts_at");
  const ScriptAnalysis unique_script = analyze_script(
      "CREATE UNIQUE INDEX \"user_email_idx\" ON \"auth\".\"user\" USING btree "
      "(lower(\"email\"));");
  const Operation& unique = single(unique_script);
  CHECK(unique.unique);
  CHECK(unique.table == "auth.user");
  CHECK(unique.columns.empty());  // an expression names no column
}

TEST_CASE("drizzle-kit: RENAME COLUMN and RENAME TO") {
  const auto script = analyze_script(
      "ALTER TABLE \"user\" RENAME COLUMN \"name\" TO \"full_name\";--> statement-breakpoint\n"
      "ALTER TABLE \"post\" RENAME TO \"article\";");
  REQUIRE(script.errors.empty());
  REQUIRE(script.operations.size() == 2);
  CHECK(script.operations[0].kind == OperationKind::rename_column);
  CHECK(script.operations[0].table == "user");
  CHECK(script.operations[0].column == "name");
  CHECK(script.operations[0].name == "full_name");
  CHECK(script.operations[1].kind == OperationKind::rename_table);
  CHECK(script.operations[1].table == "post");
  CHECK(script.operations[1].name == "article");
}

TEST_CASE("drizzle-kit: DROP CONSTRAINT, SET NOT NULL, DROP NOT NULL") {
  const auto script = analyze_script(
      "ALTER TABLE \"comments\" DROP CONSTRAINT \"comments_postId_posts_id_fk\";\n"
      "--> statement-breakpoint\n"
      "ALTER TABLE \"comments\" ALTER COLUMN \"body\" SET NOT NULL;--> statement-breakpoint\n"
      "ALTER TABLE \"comments\" ALTER COLUMN \"title\" DROP NOT NULL;");
  REQUIRE(script.errors.empty());
  REQUIRE(script.operations.size() == 3);
  CHECK(script.operations[0].kind == OperationKind::drop_constraint);
  CHECK(script.operations[0].name == "comments_postId_posts_id_fk");
  CHECK(script.operations[0].table == "comments");
  CHECK(script.operations[1].kind == OperationKind::set_not_null);
  CHECK(script.operations[1].column == "body");
  CHECK(script.operations[2].kind == OperationKind::drop_not_null);
  CHECK(script.operations[2].column == "title");
}

TEST_CASE("drizzle-kit: DROP TABLE ... CASCADE, DROP COLUMN, DROP TYPE, DROP INDEX") {
  const auto script = analyze_script(
      "DROP TABLE \"legacy_session\" CASCADE;--> statement-breakpoint\n"
      "ALTER TABLE \"user\" DROP COLUMN IF EXISTS \"password_hash\";--> statement-breakpoint\n"
      "DROP TYPE \"public\".\"database_type\";--> statement-breakpoint\n"
      "DROP INDEX IF EXISTS \"user_email_idx\";");
  REQUIRE(script.errors.empty());
  REQUIRE(script.operations.size() == 4);
  CHECK(script.operations[0].kind == OperationKind::drop_table);
  CHECK(table_names(script.operations[0]) == std::vector<std::string>{"legacy_session"});
  CHECK(script.operations[1].kind == OperationKind::drop_column);
  CHECK(script.operations[1].column == "password_hash");
  CHECK(script.operations[2].kind == OperationKind::drop_object);
  CHECK(script.operations[2].object_type == "TYPE");
  CHECK(script.operations[2].name == "database_type");
  CHECK(script.operations[3].kind == OperationKind::drop_index);
  CHECK(script.operations[3].name == "user_email_idx");
  CHECK(script.operations[3].tables.empty());
}

TEST_CASE("drizzle-kit: pgSchema tables, CREATE SCHEMA and row-level security") {
  const auto script = analyze_script(
      "CREATE SCHEMA \"auth\";\n--> statement-breakpoint\n"
      "CREATE TABLE \"auth\".\"session\" (\"id\" text PRIMARY KEY NOT NULL, \"user_id\" text "
      "NOT NULL);\n--> statement-breakpoint\n"
      "ALTER TABLE \"auth\".\"session\" ENABLE ROW LEVEL SECURITY;");
  REQUIRE(script.errors.empty());
  REQUIRE(script.operations.size() == 3);
  CHECK(script.operations[0].kind == OperationKind::other);
  CHECK(script.operations[1].kind == OperationKind::create_table);
  CHECK(script.operations[1].table == "auth.session");
  CHECK(script.operations[2].kind == OperationKind::other);
  CHECK(table_names(script.operations[2]) == std::vector<std::string>{"auth.session"});
}

TEST_CASE("drizzle-kit: ADD COLUMN of an enum type with a default, identity columns") {
  const auto script = analyze_script(
      "ALTER TABLE \"messages\" ADD COLUMN \"type\" \"type\" DEFAULT 'text';\n"
      "ALTER TABLE \"counter\" ADD COLUMN \"id\" integer PRIMARY KEY NOT NULL GENERATED ALWAYS "
      "AS IDENTITY (sequence name \"counter_id_seq\" INCREMENT BY 1 MINVALUE 1 START WITH 1);");
  REQUIRE(script.errors.empty());
  REQUIRE(script.operations.size() == 2);
  CHECK(script.operations[0].to_type == "type");
  CHECK(script.operations[0].has_default);
  CHECK_FALSE(script.operations[0].not_null);
  CHECK(script.operations[1].not_null);
  CHECK(script.operations[1].has_default);  // identity fills existing rows
  CHECK(script.operations[1].identity);
}

TEST_CASE("release_thread_memory is safe on a worker thread that parses again and ends") {
  // With pg_query_exit() here, ASan reports a use-after-free on the second parse and a
  // double free when the thread ends (libpg_query frees the context at thread exit itself).
  int parsed = 0;
  std::thread worker([&] {
    for (int round = 0; round < 3; ++round) {
      const auto script = analyze_script("ALTER TABLE \"users\" ADD COLUMN \"bio\" text;");
      if (script.errors.empty() && script.operations.size() == 1) ++parsed;
      release_thread_memory();
    }
  });
  worker.join();
  CHECK(parsed == 3);
  for (int i = 0; i < 8; ++i) {  // many short-lived threads: each frees its own context
    std::thread([] { (void)analyze_script("SELECT 1;"); }).join();
  }
  CHECK(analyze_script("SELECT 1;").errors.empty());
}
