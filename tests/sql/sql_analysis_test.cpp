// The libpg_query wrapper and the operation model, on statement shapes drizzle-kit writes.
#include <algorithm>
#include <catch2/catch.hpp>
#include <ctime>
#include <iterator>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "parser/document.h"
#include "parser/line_index.h"
#include "rules/sql/migration_analysis.h"
#include "rules/sql/operation_builder.h"

using issuelint::LineIndex;
using issuelint::SourcePosition;
using namespace issuelint::sql;

namespace {

ScriptAnalysis analyze(const std::string& sql) { return analyze_sql(sql, 0); }

const Operation& only_operation(const ScriptAnalysis& script) {
  REQUIRE(script.errors.empty());
  REQUIRE(script.operations.size() == 1);
  return script.operations[0];
}

SourcePosition position_in(const std::string& body, std::size_t offset) {
  return LineIndex(body).position(body, offset);
}

// Bounds on the process's CPU time, not the wall clock: they guard against work that grows
// faster than the script (a quadratic scan), and a machine busy with other work stretches the
// wall time of a run (one failed at 2 s under a load average of 14) but not its CPU time.
// std::clock counts every thread of the process: a long statement is parsed on a thread of its
// own (parser_stack.h).
double cpu_seconds_since(std::clock_t start) {
  return static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC;
}

// Release: about 0.5 s. ASan+UBSan debug builds run the JSON code ~15x slower.
#if defined(__SANITIZE_ADDRESS__) || !defined(__OPTIMIZE__)
constexpr double kOneMegabyteBound = 30.0;
#else
constexpr double kOneMegabyteBound = 2.0;
#endif

}  // namespace

TEST_CASE("CREATE TABLE IF NOT EXISTS with quoted names and an inline FK") {
  const auto script = analyze(
      "CREATE TABLE IF NOT EXISTS \"public\".\"discuno_booking\" (\n"
      "\t\"id\" serial PRIMARY KEY NOT NULL,\n"
      "\t\"user_id\" varchar(255) NOT NULL REFERENCES \"discuno_user\"(\"id\"),\n"
      "\t\"created_at\" timestamp with time zone DEFAULT now()\n"
      ");\n");
  const Operation& create = only_operation(script);
  CHECK(create.kind == OperationKind::create_table);
  CHECK(create.table == "discuno_booking");
  CHECK(create.if_exists);
  CHECK(create.foreign_key);
  CHECK(create.referenced_table == "discuno_user");
  REQUIRE(create.columns.size() == 3);
  CHECK(create.columns[1].type == "varchar");
  CHECK(create.columns[2].type == "timestamptz");
  CHECK(create.columns[2].has_default);
  REQUIRE(create.tables.size() == 2);
  CHECK(create.tables[0].offset == 27);  // the "public" of "public"."discuno_booking"
}

TEST_CASE("drizzle-kit statement-breakpoints between statements, several on one line") {
  const std::string sql =
      "ALTER TABLE \"discuno_user\" ADD COLUMN \"bio\" text;--> statement-breakpoint\n"
      "ALTER TABLE \"discuno_user\" DROP COLUMN IF EXISTS \"legacy\";"
      "--> statement-breakpoint\nDROP TABLE \"old_thing\"; TRUNCATE a, public.b;";
  const auto script = analyze(sql);
  REQUIRE(script.errors.empty());
  CHECK(script.statement_count == 4);
  REQUIRE(script.operations.size() == 4);
  CHECK(script.operations[0].kind == OperationKind::add_column);
  CHECK_FALSE(script.operations[0].not_null);
  CHECK(script.operations[1].kind == OperationKind::drop_column);
  CHECK(script.operations[1].column == "legacy");
  CHECK(script.operations[1].if_exists);
  // The position skips the breakpoint comment and lands on the sub-command.
  CHECK(position_in(sql, script.operations[1].offset) == SourcePosition{2, 28});
  CHECK(script.operations[2].kind == OperationKind::drop_table);
  CHECK(script.operations[2].table == "old_thing");
  CHECK(script.operations[3].kind == OperationKind::truncate);
  REQUIRE(script.operations[3].tables.size() == 2);
  CHECK(script.operations[3].tables[1].name == "b");
}

TEST_CASE("DO block with a drizzle FK: inner statement analysed at its own position") {
  const std::string sql =
      "DO $$ BEGIN\n"
      " ALTER TABLE \"discuno_booking\" ADD CONSTRAINT \"booking_user_fk\" FOREIGN KEY "
      "(\"user_id\") REFERENCES \"public\".\"discuno_user\"(\"id\") ON DELETE cascade;\n"
      "EXCEPTION\n WHEN duplicate_object THEN null;\nEND $$;\n";
  const auto script = analyze(sql);
  REQUIRE(script.errors.empty());
  CHECK(script.statement_count == 1);
  REQUIRE(script.operations.size() == 2);
  CHECK(script.operations[0].kind == OperationKind::do_block);
  const Operation& constraint = script.operations[1];
  CHECK(constraint.kind == OperationKind::add_constraint);
  CHECK(constraint.in_do_block);
  CHECK(constraint.constraint_type == "foreign key");
  CHECK(constraint.foreign_key);
  CHECK_FALSE(constraint.not_valid);
  CHECK(constraint.table == "discuno_booking");
  CHECK(constraint.referenced_table == "discuno_user");
  CHECK(position_in(sql, constraint.tables[0].offset) == SourcePosition{2, 14});
}

TEST_CASE("CREATE INDEX IF NOT EXISTS ... USING btree, CONCURRENTLY and UNIQUE") {
  const auto script = analyze(
      "CREATE INDEX IF NOT EXISTS \"booking_user_idx\" ON \"discuno_booking\" USING btree "
      "(\"user_id\");\n"
      "CREATE UNIQUE INDEX CONCURRENTLY \"email_idx\" ON discuno_user (email);\n"
      "DROP INDEX CONCURRENTLY IF EXISTS \"old_idx\";");
  REQUIRE(script.operations.size() == 3);
  CHECK(script.operations[0].kind == OperationKind::create_index);
  CHECK(script.operations[0].if_exists);
  CHECK_FALSE(script.operations[0].concurrent);
  CHECK(script.operations[0].name == "booking_user_idx");
  CHECK(script.operations[1].concurrent);
  CHECK(script.operations[1].unique);
  CHECK(script.operations[1].table == "discuno_user");
  CHECK(script.operations[2].kind == OperationKind::drop_index);
  CHECK(script.operations[2].concurrent);
}

TEST_CASE("REINDEX and DETACH PARTITION, with CONCURRENTLY and without") {
  const auto script = analyze(
      "REINDEX INDEX CONCURRENTLY \"email_idx\";\n"
      "REINDEX TABLE CONCURRENTLY public.users;\n"
      "REINDEX SCHEMA CONCURRENTLY app;\n"
      "REINDEX DATABASE CONCURRENTLY main;\n"
      "REINDEX (VERBOSE, CONCURRENTLY) TABLE bookings;\n"
      "REINDEX (CONCURRENTLY off) TABLE bookings;\n"
      "REINDEX (CONCURRENTLY 0) TABLE bookings;\n"
      "REINDEX TABLE bookings;\n"
      "ALTER TABLE events DETACH PARTITION events_2024 CONCURRENTLY;\n"
      "ALTER TABLE events DETACH PARTITION events_2023;\n");
  REQUIRE(script.errors.empty());
  REQUIRE(script.operations.size() == 10);
  const std::pair<std::string, bool> reindexed[] = {
      {"INDEX email_idx", true}, {"TABLE users", true},     {"SCHEMA app", true},
      {"DATABASE main", true},   {"TABLE bookings", true},  {"TABLE bookings", false},
      {"TABLE bookings", false}, {"TABLE bookings", false},
  };
  for (std::size_t i = 0; i < std::size(reindexed); ++i) {
    INFO(i);
    CHECK(script.operations[i].kind == OperationKind::reindex);
    CHECK(script.operations[i].name == reindexed[i].first);
    CHECK(script.operations[i].concurrent == reindexed[i].second);
    CHECK(script.operations[i].tables.empty());  // REINDEX changes no schema
  }
  for (std::size_t i : {std::size_t{8}, std::size_t{9}}) {
    CHECK(script.operations[i].kind == OperationKind::detach_partition);
    CHECK(script.operations[i].table == "events");
    CHECK(script.operations[i].concurrent == (i == 8));
  }
  CHECK(script.operations[8].name == "events_2024");
}

TEST_CASE("CREATE TABLE ... PARTITION OF names its partitioned table, INHERITS does not") {
  const auto script = analyze(
      "CREATE TABLE \"events_log\" (id bigint, at date) PARTITION BY RANGE (at);\n"
      "CREATE TABLE \"events_log_2025\" PARTITION OF \"public\".\"events_log\"\n"
      "  FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');\n"
      "CREATE TABLE archive () INHERITS (events_log);\n");
  REQUIRE(script.operations.size() == 3);
  CHECK(script.operations[0].partition_of.empty());
  CHECK(script.operations[1].table == "events_log_2025");
  CHECK(script.operations[1].partition_of == "events_log");
  CHECK(script.operations[2].partition_of.empty());
}

TEST_CASE("SET DATA TYPE with and without USING, source type known from the script") {
  const auto script = analyze(
      "CREATE TABLE t (id text);\n"
      "ALTER TABLE \"t\" ALTER COLUMN \"id\" SET DATA TYPE uuid;\n"
      "ALTER TABLE \"u\" ALTER COLUMN \"n\" SET DATA TYPE integer USING n::integer;");
  REQUIRE(script.operations.size() == 3);
  const Operation& without = script.operations[1];
  CHECK(without.kind == OperationKind::alter_column_type);
  CHECK(without.from_type == "text");
  CHECK(without.to_type == "uuid");
  CHECK_FALSE(without.using_expression);
  const Operation& with = script.operations[2];
  CHECK(with.using_expression);
  CHECK(with.to_type == "int4");
  CHECK(with.from_type.empty());
}

TEST_CASE("ADD COLUMN NOT NULL without DEFAULT, SET/DROP NOT NULL, defaults") {
  const auto script = analyze(
      "ALTER TABLE users ADD COLUMN age int NOT NULL, ADD COLUMN plan text NOT NULL DEFAULT "
      "'free';\n"
      "ALTER TABLE users ALTER COLUMN email SET NOT NULL;\n"
      "ALTER TABLE users ALTER COLUMN bio DROP NOT NULL;\n"
      "ALTER TABLE users ALTER COLUMN plan DROP DEFAULT;");
  REQUIRE(script.operations.size() == 5);
  CHECK(script.operations[0].not_null);
  CHECK_FALSE(script.operations[0].has_default);
  CHECK(script.operations[1].not_null);
  CHECK(script.operations[1].has_default);
  CHECK(script.operations[2].kind == OperationKind::set_not_null);
  CHECK(script.operations[2].column == "email");
  CHECK(script.operations[3].kind == OperationKind::drop_not_null);
  CHECK(script.operations[4].kind == OperationKind::drop_default);
}

TEST_CASE("Serial, identity and generated columns have a default, DEFAULT NULL has none") {
  // Whether existing rows get a value when the column is added.
  const std::pair<std::string, bool> columns[] = {
      {"a serial NOT NULL", true},
      {"a bigserial NOT NULL", true},
      {"a SMALLSERIAL NOT NULL", true},
      {"a serial4 NOT NULL", true},
      {"a int GENERATED ALWAYS AS IDENTITY NOT NULL", true},
      {"a bigint NOT NULL GENERATED BY DEFAULT AS IDENTITY", true},
      {"a int NOT NULL GENERATED ALWAYS AS (id * 2) STORED", true},
      {"a text NOT NULL DEFAULT 'NULL'", true},
      {"a int NOT NULL DEFAULT 0", true},
      {"a text NOT NULL DEFAULT NULL", false},
      {"a text DEFAULT NULL::text NOT NULL", false},
      {"a int DEFAULT (NULL) NOT NULL", false},
      {"a int NOT NULL DEFAULT CAST(NULL AS int)", false},
      {"a int4 NOT NULL", false},
  };
  for (const auto& [column, fills_rows] : columns) {
    INFO(column);
    const auto script = analyze("ALTER TABLE users ADD COLUMN " + column);
    const Operation& added = only_operation(script);
    CHECK(added.not_null);
    CHECK(added.has_default == fills_rows);
    CHECK(added.columns.at(0).has_default == fills_rows);
  }
  // A serial column in a CREATE TABLE has its default too.
  const auto create = analyze("CREATE TABLE t (id bigserial, name text DEFAULT NULL);");
  const Operation& table = only_operation(create);
  CHECK(table.columns.at(0).has_default);
  CHECK_FALSE(table.columns.at(1).has_default);
}

TEST_CASE("FK constraint NOT VALID, then VALIDATE") {
  const auto script = analyze(
      "ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users "
      "(id) NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT orders_user_fk;");
  REQUIRE(script.operations.size() == 2);
  CHECK(script.operations[0].not_valid);
  CHECK(script.operations[0].referenced_table == "users");
  CHECK(script.operations[1].kind == OperationKind::validate_constraint);
  CHECK(script.operations[1].name == "orders_user_fk");
}

TEST_CASE("Renames, enums, data statements and transaction control") {
  const auto script = analyze(
      "BEGIN;\n"
      "CREATE TYPE \"public\".\"role\" AS ENUM('mentor', 'student');\n"
      "ALTER TYPE \"role\" ADD VALUE 'admin' BEFORE 'mentor';\n"
      "ALTER TABLE users RENAME TO people;\n"
      "ALTER TABLE people RENAME COLUMN name TO full_name;\n"
      "UPDATE people SET full_name = 'x' WHERE full_name IS NULL;\n"
      "INSERT INTO audit.log (id) VALUES (1);\n"
      "DELETE FROM sessions;\n"
      "COMMIT;");
  std::vector<OperationKind> kinds;
  for (const auto& operation : script.operations) kinds.push_back(operation.kind);
  CHECK(kinds == std::vector<OperationKind>{
                     OperationKind::transaction_begin, OperationKind::create_type,
                     OperationKind::enum_add_value, OperationKind::rename_table,
                     OperationKind::rename_column, OperationKind::update, OperationKind::insert,
                     OperationKind::delete_rows, OperationKind::transaction_commit});
  CHECK(script.operations[1].name == "role");
  CHECK(script.operations[2].column == "admin");
  CHECK(script.operations[3].name == "people");
  CHECK(script.operations[4].column == "name");
  CHECK(script.operations[4].name == "full_name");
  CHECK(script.operations[6].table == "audit.log");
}

TEST_CASE("Renames of indexes, views and sequences touch no table") {
  const auto script = analyze(
      "ALTER INDEX users_email_idx RENAME TO users_mail_idx;\n"
      "ALTER INDEX IF EXISTS public.a_idx RENAME TO b_idx;\n"
      "ALTER VIEW active_users RENAME TO live_users;\n"
      "ALTER MATERIALIZED VIEW stats RENAME TO daily_stats;\n"
      "ALTER SEQUENCE users_id_seq RENAME TO user_id_seq;\n"
      "ALTER VIEW live_users RENAME COLUMN name TO full_name;\n"
      "ALTER TABLE users RENAME CONSTRAINT users_pk TO user_pk;\n"
      "ALTER FOREIGN TABLE remote_users RENAME COLUMN a TO b;");
  REQUIRE(script.operations.size() == 8);
  for (std::size_t i = 0; i < 5; ++i) {
    INFO(i);
    // Views are named by their readers: renamed, they break them (sql_rule_support's
    // is_breaking); an index or a sequence is not.
    CHECK(script.operations[i].kind ==
          (i == 2 || i == 3 ? OperationKind::rename_object : OperationKind::rename_other));
    CHECK(script.operations[i].table.empty());
    CHECK(script.operations[i].tables.empty());
  }
  CHECK(script.operations[0].name == "users_mail_idx");
  CHECK(script.operations[1].if_exists);
  // A view's column renamed breaks its readers as a table's does; the view is no table.
  const Operation& view_column = script.operations[5];
  CHECK(view_column.kind == OperationKind::rename_column);
  CHECK(view_column.table == "live_users");
  CHECK(view_column.column == "name");
  CHECK(view_column.tables.empty());
  CHECK(script.operations[6].kind == OperationKind::rename_other);
  REQUIRE(script.operations[6].tables.size() == 1);
  CHECK(script.operations[6].tables[0].name == "users");
  CHECK(script.operations[7].kind == OperationKind::rename_column);
  REQUIRE(script.operations[7].tables.size() == 1);
  CHECK(script.operations[7].tables[0].name == "remote_users");
}

TEST_CASE("Renames of types, schemas and functions are renames of what clients name") {
  const auto script = analyze(
      "ALTER TYPE mood RENAME TO feeling;\n"
      "ALTER TYPE mood RENAME VALUE 'sad' TO 'blue';\n"
      "ALTER SCHEMA billing RENAME TO payments;\n"
      "ALTER FUNCTION bio_len(text) RENAME TO bio_length;\n"
      "ALTER TRIGGER t ON users RENAME TO u;");
  REQUIRE(script.operations.size() == 5);
  CHECK(script.operations[0].kind == OperationKind::rename_object);
  CHECK(script.operations[1].kind == OperationKind::enum_rename_value);
  CHECK(script.operations[2].kind == OperationKind::rename_object);
  CHECK(script.operations[3].kind == OperationKind::rename_object);
  CHECK(script.operations[4].kind == OperationKind::rename_other);
}

TEST_CASE("Drops of types, views and functions name what they drop, with its schema") {
  const auto script = analyze(
      "DROP TYPE \"public\".\"mood\", archive.feeling;\n"
      "DROP MATERIALIZED VIEW IF EXISTS stats;\n"
      "DROP FUNCTION billing.total(int), f;\nDROP PROCEDURE purge();\nDROP DOMAIN email;\n"
      "DROP SEQUENCE s;\nDROP TRIGGER t ON users;\n");
  REQUIRE(script.errors.empty());
  REQUIRE(script.operations.size() == 9);
  const std::pair<std::string_view, std::string> dropped[] = {{"TYPE", "mood"},
                                                              {"TYPE", "archive.feeling"},
                                                              {"MATERIALIZED VIEW", "stats"},
                                                              {"FUNCTION", "billing.total"},
                                                              {"FUNCTION", "f"},
                                                              {"PROCEDURE", "purge"},
                                                              {"DOMAIN", "email"}};
  for (std::size_t i = 0; i < std::size(dropped); ++i) {
    INFO(i);
    CHECK(script.operations[i].kind == OperationKind::drop_object);
    CHECK(script.operations[i].object_type == dropped[i].first);
    CHECK(script.operations[i].name == dropped[i].second);
    CHECK(script.operations[i].tables.empty());
  }
  CHECK(script.operations[2].if_exists);
  CHECK(script.operations[7].kind == OperationKind::other);  // no client names a sequence
  CHECK(script.operations[8].kind == OperationKind::other);
}

TEST_CASE("A $1 parameter left in DDL, but not in a prepared data statement") {
  const auto script = analyze(
      "CREATE TABLE \"review\" (\"rating\" integer, CONSTRAINT \"rating_check\" CHECK "
      "(\"rating\" >= $1));\nSELECT * FROM review WHERE rating = $1;");
  REQUIRE(script.parameters.size() == 1);
  CHECK(script.parameters[0].number == 1);
  CHECK(script.parameters[0].offset == 86);
}

TEST_CASE("A function's $1 in its SQL-standard body is its argument, elsewhere a leftover") {
  const std::string sql =
      "CREATE FUNCTION bio_len(text) RETURNS int RETURN length($1);\n"
      "CREATE OR REPLACE FUNCTION add_one(int) RETURNS int LANGUAGE sql IMMUTABLE\n"
      "BEGIN ATOMIC\n  SELECT $1 + 1;\nEND;\n"
      "CREATE PROCEDURE log_bio(int, text) BEGIN ATOMIC INSERT INTO bio_log VALUES ($1, $2); "
      "END;\n"
      "CREATE FUNCTION f(a int DEFAULT $3) RETURNS int RETURN a + $1;\n";
  const auto script = analyze(sql);
  CHECK(script.statement_count == 4);  // each body whole: no syntax error
  CHECK(script.errors.empty());
  REQUIRE(script.parameters.size() == 1);  // an argument's default is no body
  CHECK(script.parameters[0].number == 3);
  CHECK(script.parameters[0].offset == sql.find("$3"));
}

TEST_CASE("Identifiers over 63 bytes are found in the source the tree truncated") {
  const std::string long_name(64, 'f');
  const auto script = analyze("ALTER TABLE t ADD CONSTRAINT \"" + long_name +
                              "\" FOREIGN KEY (a) REFERENCES u(id);\n-- " + std::string(80, 'c') +
                              "\nSELECT '" + std::string(70, 's') + "';");
  REQUIRE(script.long_identifiers.size() == 1);
  CHECK(script.long_identifiers[0].text == long_name);
  CHECK(script.long_identifiers[0].offset == 29);
}

TEST_CASE("A quoted identifier's length counts a doubled quote once") {
  // 62 letters and one "" are 63 bytes of name in 64 bytes of text: kept whole by PostgreSQL.
  const std::string at_limit = std::string(62, 'q') + "\"\"";
  const std::string over_limit = std::string(63, 'q') + "\"\"";
  const std::string sql = "CREATE TABLE \"" + at_limit + "\" (a int);\nCREATE TABLE \"" +
                          over_limit + "\" (\"" + std::string(63, 'c') + "\" int);";
  const auto script = analyze(sql);
  REQUIRE(script.errors.empty());
  REQUIRE(script.long_identifiers.size() == 1);
  CHECK(script.long_identifiers[0].text == std::string(63, 'q') + "\"");
  CHECK(script.long_identifiers[0].offset == sql.find("\"" + over_limit));
}

TEST_CASE("A syntax error costs one statement and points at PostgreSQL's cursor") {
  const std::string sql = "CREATE TABLE a (id int);\nCREATE INDX foo ON bar (x);\nDROP TABLE b;";
  const auto script = analyze(sql);
  REQUIRE(script.errors.size() == 1);
  CHECK(script.errors[0].message == "syntax error at or near \"INDX\"");
  CHECK(position_in(sql, script.errors[0].offset) == SourcePosition{2, 8});
  CHECK(script.operations.size() == 2);  // the statements around it still count
}

TEST_CASE("Syntax error inside an issue body maps to the body's line:column (LF and CRLF)") {
  for (const char* newline_text : {"\n", "\r\n"}) {
    const std::string newline = newline_text;
    const std::string body = "## Migration SQL" + newline + newline + "```sql" + newline +
                             "ALTER TABLE users ADD COLUMN bio text;" + newline +
                             "ALTER TABLE users ADD COLUMN age int NOT NUL;" + newline + "```" +
                             newline;
    const std::size_t content_offset = body.find("ALTER");
    issuelint::IssueDocument document;
    document.text = body;
    issuelint::CodeBlock block;
    block.content_offset = content_offset;
    // Either way the parser hands the content over, the SQL is read from the body itself.
    for (const std::string& content :
         {body.substr(content_offset, body.find("```", content_offset) - content_offset),
          std::string("ALTER TABLE users ADD COLUMN bio text;\n"
                      "ALTER TABLE users ADD COLUMN age int NOT NUL;\n")}) {
      block.content = content;
      std::string quoted;
      const std::string_view source = issuelint::sql::block_source(document, block, quoted);
      CHECK(source.ends_with("NUL;" + newline));
      const auto script = analyze_sql(source, content_offset);
      REQUIRE(script.errors.size() == 1);
      CHECK(script.errors[0].message == "syntax error at or near \"NUL\"");
      CHECK(position_in(body, script.errors[0].offset) == SourcePosition{5, 42});
    }
  }
}

TEST_CASE("A syntax error in a DO block or PL/pgSQL function is where it is written") {
  for (const char* newline_text : {"\n", "\r\n"}) {
    const std::string nl = newline_text;
    // Each script, and the text its one error is at the start of.
    const std::pair<std::string, std::string> scripts[] = {
        {"ALTER TABLE t ADD COLUMN a int;" + nl + "DO $$" + nl + "BEGIN" + nl +
             "  ALTER TABLE t ADD COLUMN b text NOT NUL;" + nl + "END $$;",
         "NUL;"},
        {"DO $do$" + nl + "BEGIN" + nl + "  NULL;" + nl + "  IF true THEN" + nl +
             "    UPDATE t SET a = 1;" + nl + "  ELSE" + nl +
             "    ALTER TABLE t ADD COLUMN c text NOT NUL;" + nl + "  END IF;" + nl +
             "EXCEPTION WHEN duplicate_column THEN NULL;" + nl + "END $do$;",
         "NUL;"},
        {"CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$" + nl + "BEGIN" + nl +
             "  UPDATE t SET b = NULL WHERE a IN (1);" + nl + "  PERFORM 1;" + nl + "  UPDATE t" +
             nl + "    SET a = 2 WHERE a IN ();" + nl + "  RETURN NEW;" + nl + "END $$;",
         ");" + nl + "  RETURN"},
        {"DO 'BEGIN UPDATE t SET a = 1; DELETE FROM t WHERE x y; END';", "y; END"},
        // libpg_query says "near line N": the line of the statement before the error, or the
        // line of the failing statement itself, depending on the statement.
        {"DO $$" + nl + "BEGIN" + nl + "  PERFORM 1;" + nl + "  PERFORM 2;" + nl + "  SELEC 3;" +
             nl + "END $$;",
         "SELEC 3"},
        {"DO $$" + nl + "BEGIN" + nl + "  PERFORM 1;" + nl + "  BEGIN" + nl + "    IF true THEN" +
             nl + "      PERFORM 1;" + nl + "    ELSE" + nl + "      INSERT INTO x VALUES (;" + nl +
             "    END IF;" + nl + "  END;" + nl + "END $$;",
         ";" + nl + "    END IF"},
        {"DO $$" + nl + "BEGIN" + nl + "  PERFORM 1;" + nl + "  IF true THEN" + nl +
             "    PERFORM 2;" + nl + "  END IF;" + nl + "  DELET FROM t;" + nl + "END $$;",
         "DELET"},
        {"DO $$" + nl + "BEGIN" + nl + "  -- SELEC 3;" + nl + "  PERFORM 2; /* SELEC 3; */" + nl +
             "  RAISE NOTICE 'SELEC 3;'; SELEC 3;" + nl + "END $$;",
         "SELEC 3;" + nl + "END"},
        // An error in PL/pgSQL's own statements: in a PERFORM, a condition, an assignment, a
        // RETURN. A later statement that fails the same way does not take it.
        {"DO $$" + nl + "BEGIN" + nl + "  PERFORM 1;" + nl + "  PERFORM 1 +;" + nl +
             "  SELECT 2 +;" + nl + "END $$;",
         ";" + nl + "  SELECT 2"},
        {"DO $$" + nl + "BEGIN" + nl + "  PERFORM 1;" + nl + "  IF 1 = THEN" + nl + "    NULL;" +
             nl + "  END IF;" + nl + "  SELECT 2 +;" + nl + "END $$;",
         "THEN"},
        {"DO $$" + nl + "DECLARE x int;" + nl + "BEGIN" + nl + "  PERFORM 1;" + nl + "  x := 1 +;" +
             nl + "  SELECT 2 +;" + nl + "END $$;",
         ";" + nl + "  SELECT 2"},
        {"CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $f$" + nl + "BEGIN" + nl +
             "  PERFORM 1;" + nl + "  RETURN 1 +;" + nl + "END $f$;",
         ";" + nl + "END"},
        // A body in quotes: a doubled quote, or an E'' escape, is one byte of the body.
        {"SELECT 1;" + nl + "DO 'BEGIN RAISE NOTICE ''x''; DELETE FROM t WHERE x y; END';",
         "y; END"},
        {"DO E'BEGIN RAISE NOTICE \\'\\x41\\u00e9\\'; DELETE FROM t WHERE x y; END';", "y; END"},
    };
    for (const auto& [sql, error_at] : scripts) {
      INFO(sql);
      const auto script = analyze(sql);
      REQUIRE(script.errors.size() == 1);
      CHECK(script.errors[0].offset == sql.find(error_at));
    }
  }
}

TEST_CASE("Multibyte text before an error: cursorpos counts characters, not bytes") {
  const std::string sql = "COMMENT ON TABLE t IS 'Überblick — ünïcode';\nSELECT 'ééééé' FROM;";
  const auto script = analyze(sql);
  REQUIRE(script.errors.size() == 1);
  CHECK(position_in(sql, script.errors[0].offset) == SourcePosition{2, 20});
  CHECK(sql.substr(script.errors[0].offset, 1) == ";");
}

TEST_CASE("MySQL backticks: one clear error, no crash") {
  const auto script = analyze("ALTER TABLE `users` ADD COLUMN `bio` VARCHAR(255);");
  REQUIRE(script.errors.size() == 1);
  CHECK(script.errors[0].message.find("syntax error") != std::string::npos);
  CHECK(script.operations.empty());
}

// Audit 28, F3: psql's meta-commands are psql's: named as such, the SQL around them read.
TEST_CASE("psql meta-commands are errors of their own, the statements after them are read") {
  const std::string sql =
      "\\c booking_db\r\nALTER TABLE users ADD COLUMN bio text;\n  \\echo 'added'  \n"
      "DROP TABLE legacy;\n--> statement-breakpoint\n\\i seed.sql\n";
  const auto script = analyze(sql);
  REQUIRE(script.errors.size() == 3);
  CHECK(script.errors[0].meta_command);
  CHECK(script.errors[0].message == "\\c booking_db");
  CHECK(script.errors[0].offset == 0);
  CHECK(script.errors[1].message == "\\echo 'added'");
  CHECK(script.errors[1].offset == sql.find("\\echo"));
  CHECK(script.errors[2].message == "\\i seed.sql");
  REQUIRE(script.operations.size() == 2);
  CHECK(script.operations[0].kind == OperationKind::add_column);
  CHECK(script.operations[0].offset == sql.find("bio"));
  CHECK(script.operations[1].kind == OperationKind::drop_table);
  // A backslash in a string, or after a statement's first token, is no meta-command.
  const auto in_string = analyze("SELECT E'a\\\\b';\nSELECT 1 \\g\n");
  REQUIRE(in_string.errors.size() == 1);
  CHECK_FALSE(in_string.errors[0].meta_command);
}

TEST_CASE("Unterminated quotes, empty and comment-only scripts") {
  CHECK(analyze("").empty());
  CHECK(analyze("-- SQL commands to rollback changes\n").empty());
  CHECK(analyze("/* nothing */ --> statement-breakpoint\n").empty());
  const auto broken = analyze("UPDATE t SET x = 'oops;\n");
  CHECK(broken.errors.size() == 1);
  CHECK_FALSE(broken.empty());
}

TEST_CASE("A /* never closed is a syntax error where it opens, first or after a statement") {
  for (const std::string sql :
       {"/* add the bio column\nALTER TABLE users ADD COLUMN bio text NOT NULL;\n",
        "  -- first a note\n/* then /* nested */ and never closed\nDROP TABLE users;",
        "ALTER TABLE users ADD COLUMN bio text;\n/* TODO: drop legacy\nDROP TABLE legacy;"}) {
    INFO(sql);
    const auto script = analyze(sql);
    CHECK_FALSE(script.empty());
    REQUIRE(script.errors.size() == 1);
    CHECK(script.errors[0].message.starts_with("unterminated /* comment"));
    CHECK(script.errors[0].offset == sql.find("/*"));
    CHECK(script.operations.empty());  // PostgreSQL runs none of it
  }
  CHECK(skip_blanks_and_comments("/* a */ /* b", 0) == 8);
  CHECK(skip_blanks_and_comments("/* a /* b */ c */ x", 0) == 18);
}

TEST_CASE("Semicolons, blanks and comments after the last statement are not a statement") {
  for (const std::string tail : {";", ";\n", "; ;\n-- done\n;", ";\n/* a */ ;;", ";;\r\n"}) {
    const auto script = analyze("DROP TABLE IF EXISTS \"audit_log\"" + tail);
    CHECK(script.errors.empty());
    CHECK(script.statement_count == 1);
    CHECK(script.operations.size() == 1);
  }
  CHECK(analyze(";;\n;").empty());
  // A half-written statement after them is still one, with its error.
  const auto half = analyze("DROP TABLE a;\n; ALTER TABLE");
  CHECK(half.statement_count == 1);
  REQUIRE(half.errors.size() == 1);
  CHECK(half.errors[0].offset == 27);  // "syntax error at end of input"
}

TEST_CASE("The template's example SQL counts as empty, real SQL does not") {
  CHECK(analyze("-- SQL commands that will be generated\n"
                "ALTER TABLE table_name ADD COLUMN new_column VARCHAR(255);\n-- etc.\n")
            .template_example);
  CHECK(analyze("alter table TABLE_NAME add column new_column varchar(100);").empty());
  CHECK_FALSE(analyze("ALTER TABLE users ADD COLUMN bio VARCHAR(500);").empty());
}

TEST_CASE("Only a block the fingerprint matches counts as the template's example") {
  // analyze_sql fingerprints a block only when it adds new_column to table_name; the
  // fingerprint itself must agree on every one-statement block, whichever way it is written.
  for (const std::string sql : {
           "ALTER TABLE table_name ADD COLUMN new_column VARCHAR(255);",
           "alter table TABLE_NAME add new_column varchar;",
           "ALTER TABLE \"table_name\" ADD COLUMN \"new_column\" text;",
           "ALTER TABLE public.table_name ADD COLUMN new_column VARCHAR(255);",
           "ALTER TABLE table_name ADD COLUMN IF NOT EXISTS new_column VARCHAR(255);",
           "ALTER TABLE table_name ADD COLUMN new_column VARCHAR(255) NOT NULL;",
           "ALTER TABLE table_name ADD COLUMN other_column VARCHAR(255);",
           "ALTER TABLE users ADD COLUMN new_column VARCHAR(255);",
           "ALTER TABLE table_name DROP COLUMN new_column;",
           "CREATE TABLE table_name (new_column VARCHAR(255));",
       }) {
    INFO(sql);
    const auto print = fingerprint(sql);
    REQUIRE(print.ok());
    CHECK(analyze(sql).template_example == (*print == kTemplateExampleFingerprint));
  }
}

// Audit 24, finding A: CREATE FUNCTION stores its body; it runs when the function is called.
TEST_CASE("PL/pgSQL function bodies are parsed for errors, not turned into operations") {
  const auto script = analyze(
      "CREATE OR REPLACE FUNCTION touch() RETURNS trigger AS $$\nBEGIN\n  UPDATE "
      "discuno_user SET updated_at = now() WHERE id = NEW.id;\n  CREATE TEMP TABLE t (a int);\n"
      "  RETURN NEW;\nEND;\n$$ LANGUAGE plpgsql;\n"
      "CREATE PROCEDURE purge() LANGUAGE plpgsql AS $$ BEGIN TRUNCATE sessions; END $$;");
  REQUIRE(script.errors.empty());
  CHECK(script.statement_count == 2);
  REQUIRE(script.operations.size() == 2);
  CHECK(script.operations[0].kind == OperationKind::create_function);
  CHECK(script.operations[1].kind == OperationKind::create_function);
  // A DO block runs at once: its statements are operations of the migration.
  const auto block = analyze("DO $$ BEGIN TRUNCATE sessions; END $$;");
  REQUIRE(block.operations.size() == 2);
  CHECK(block.operations[1].kind == OperationKind::truncate);
  CHECK(block.operations[1].in_do_block);
  // A typo inside a function body is still an error, at its place.
  const std::string typo =
      "CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ BEGIN DELETE FORM t; END $$;";
  const auto broken = analyze(typo);
  REQUIRE(broken.errors.size() == 1);
  CHECK(broken.errors[0].offset == typo.find("FORM"));
}

// Audit 24, finding B: relpersistence 't' is a session's table, not the schema's.
TEST_CASE("CREATE TEMP TABLE is marked temporary") {
  const auto script = analyze(
      "CREATE TEMP TABLE tz_map (city text) ON COMMIT DROP;\n"
      "CREATE TEMPORARY TABLE seen (tz text);\nCREATE UNLOGGED TABLE cache (k text);\n"
      "CREATE TABLE audit_log (id int);");
  REQUIRE(script.operations.size() == 4);
  CHECK(script.operations[0].temporary);
  CHECK(script.operations[1].temporary);
  CHECK_FALSE(script.operations[2].temporary);
  CHECK_FALSE(script.operations[3].temporary);
}

// Audit 24, finding D: PostgreSQL has no assignment cast from a type to an array of it.
TEST_CASE("Array types keep their brackets") {
  const auto script = analyze(
      "CREATE TABLE t (tags text[], grid int[][], one varchar(20) ARRAY[4]);\n"
      "ALTER TABLE t ALTER COLUMN tags SET DATA TYPE text[];\n"
      "ALTER TABLE t ALTER COLUMN grid TYPE integer;");
  REQUIRE(script.operations.size() == 3);
  const auto& columns = script.operations[0].columns;
  REQUIRE(columns.size() == 3);
  CHECK(columns[0].type == "text[]");
  CHECK(columns[1].type == "int4[]");  // PostgreSQL keeps no dimension count
  CHECK(columns[2].type == "varchar[]");
  CHECK(script.operations[1].to_type == "text[]");
  CHECK(script.operations[1].from_type == "text[]");
  CHECK(script.operations[2].to_type == "int4");
  CHECK(script.operations[2].from_type == "int4[]");
}

// Audit 24, finding E: in E'...', a backslash escapes the quote after it.
TEST_CASE("Long identifiers: an E'' string with an escaped quote is read to its real end") {
  const std::string digest = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  const std::string long_name(64, 'n');
  const std::string sql = "UPDATE bookings SET note = E'mentor\\'s request', checksum = '" +
                          digest + "' WHERE id = 42;\nSELECT e'\\\\', \"" + long_name +
                          "\" FROM t;";
  const auto script = analyze(sql);
  REQUIRE(script.errors.empty());
  REQUIRE(script.long_identifiers.size() == 1);
  CHECK(script.long_identifiers[0].text == long_name);
  // Outside an E'' string a backslash is a plain character.
  const auto plain = analyze("SELECT 'C:\\' AS \"" + long_name + "\";");
  REQUIRE(plain.long_identifiers.size() == 1);
}

TEST_CASE("1 MB of drizzle-kit SQL is analysed quickly") {
  std::string sql;
  int statements = 0;
  while (sql.size() < 1024 * 1024) {
    const std::string n = std::to_string(statements);
    sql += "CREATE TABLE IF NOT EXISTS \"discuno_t" + n +
           "\" (\n\t\"id\" serial PRIMARY KEY NOT NULL,\n\t\"name\" varchar(255) NOT NULL\n);"
           "--> statement-breakpoint\nCREATE INDEX IF NOT EXISTS \"t" +
           n + "_idx\" ON \"discuno_t" + n + "\" USING btree (\"name\");\n";
    statements += 2;
  }
  const std::clock_t start = std::clock();
  const auto script = analyze(sql);
  const double cpu = cpu_seconds_since(start);
  WARN("1 MB (" << statements << " statements) analysed in " << cpu << " s of CPU");
  CHECK(script.statement_count == statements);
  CHECK(script.errors.empty());
  CHECK(cpu < kOneMegabyteBound);
}

// A compile error in a PL/pgSQL body is placed by parsing its statements from the line
// libpg_query names on, which for an error after an IF is the IF's: every statement inside is
// parsed. In an SQL statement that parses, a CASE's THEN starts no statement; in an assignment,
// each of many THENs might, and it is parsed from a few of them only (then the error stays on
// the line libpg_query names).
TEST_CASE("A compile error after a long IF block or a long CASE is placed quickly") {
  std::string updates;
  for (int i = 0; i < 20000; ++i) updates += "    UPDATE t SET a = " + std::to_string(i) + ";\n";
  std::string whens;
  for (int i = 0; i < 20000; ++i) {
    whens += " WHEN a = " + std::to_string(i) + " THEN " + std::to_string(i);
  }
  const std::pair<std::string, std::vector<std::string>> scripts[] = {
      {"DO $$\nBEGIN\n  IF true THEN\n" + updates + "  END IF;\n  SELEC 1;\nEND $$;", {"SELEC 1"}},
      {"DO $$\nBEGIN\n  PERFORM 1;\n  PERFORM CASE" + whens + " END;\n  SELEC 2;\nEND $$;",
       {"SELEC 2"}},
      {"DO $$\nDECLARE x int;\nBEGIN\n  PERFORM 1;\n  x := CASE" + whens +
           " END;\n  SELEC 2;\nEND $$;",
       {"x := CASE", "SELEC 2"}},
  };
  for (const auto& [sql, error_at] : scripts) {
    const std::clock_t start = std::clock();
    const auto script = analyze(sql);
    const double cpu = cpu_seconds_since(start);
    WARN(sql.size() << " bytes of PL/pgSQL with an error analysed in " << cpu << " s of CPU");
    REQUIRE(script.errors.size() == 1);
    std::vector<std::size_t> allowed;
    for (const std::string& text : error_at) allowed.push_back(sql.find(text));
    CHECK(std::find(allowed.begin(), allowed.end(), script.errors[0].offset) != allowed.end());
    CHECK(cpu < kOneMegabyteBound);
  }
}

// md4c hands a tab in a code line's indentation over as spaces (to the next tab stop); the SQL is
// read from the body itself, so block_source must map the block back onto the body's bytes
// exactly: tabs at every column, tabs after text, on the first line too, with LF and with CRLF.
TEST_CASE("block_source maps a tab-indented block back onto the body's bytes") {
  std::vector<std::string> sql_lines = {
      "CREATE TABLE \"t\" (",
      "\t\"id\" serial PRIMARY KEY NOT NULL,",
      " \t\"a\" text,",
      "  \t\"b\" text,",
      "   \t\"c\" text,",
      "\t\t\"d\" integer\t-- tab after text",
      ");",
      "ALTER TABLE \"t\" ADD COLUMN \"e\" int;",
  };
  const std::string first_line = sql_lines[0];
  for (const std::string newline : {"\n", "\r\n"}) {
    for (const std::string first_indent : {"", "\t", "  \t", "\t\t"}) {
      INFO("CRLF " << (newline.size() == 2) << ", first line indented '" << first_indent << "'");
      sql_lines[0] = first_indent + first_line;
      std::string block;
      for (const std::string& line : sql_lines) block += line + newline;
      const std::string heading = "## Migration SQL" + newline + newline + "```sql" + newline;
      const std::string body = heading + block + "```" + newline + newline + "Done." + newline;
      const issuelint::IssueDocument document = issuelint::parse_issue(body);
      REQUIRE(document.code_blocks.size() == 1);
      const issuelint::CodeBlock& code = document.code_blocks[0];
      REQUIRE(code.content_offset == heading.size());
      CHECK(code.content != block);  // md4c did turn the tabs into spaces
      std::string quoted;
      CHECK(issuelint::sql::block_source(document, code, quoted) == block);
      const auto script = analyze_sql(block, code.content_offset);
      CHECK(script.errors.empty());
      CHECK(script.operations.size() == 2);
    }
  }
}

// A fence in a list item, indented by 1-3 spaces, or in a block quote: md4c hands its lines over
// without that indentation or the '>', and every line is still the SQL, found at its own place.
TEST_CASE("an indented or quoted block is read whole, at its lines in the body") {
  const std::string sql_lines[] = {
      "ALTER TABLE t ADD COLUMN a int;",
      "",
      "\tALTER TABLE t DROP COLUMN b;",  // a tab right after the container's indentation
      "ALTER TABLE t ADD COLUMN c int NOT NUL;",
  };
  // The fence line's start, then every later line's (its container prefix).
  const std::pair<std::string, std::string> containers[] = {
      {"1. ", "   "}, {"10. ", "    "}, {"- ", "  "},       {"  ", "  "},     {" ", " "},
      {"> ", "> "},   {">", ">"},       {"> 1. ", ">    "}, {"- > ", "  > "}, {"> > ", "> >"},
  };
  // A blank first line gives md4c no byte of the line to point at: its markers are the body's.
  for (const int blank_lines : {0, 1, 2}) {
    for (const std::string newline : {"\n", "\r\n"}) {
      for (const auto& [first, rest] : containers) {
        INFO("fence after '" << first << "', lines after '" << rest << "', CRLF "
                             << (newline.size() == 2) << ", " << blank_lines
                             << " blank lines first");
        std::string body = "## Migration SQL" + newline + newline + first + "```sql" + newline;
        std::vector<std::string> lines(static_cast<std::size_t>(blank_lines));
        lines.insert(lines.end(), std::begin(sql_lines), std::end(sql_lines));
        for (const std::string& line : lines) {
          // A quote's blank line keeps its '>' (or the quote ends); a list item's may be empty.
          const bool quoted = rest.find('>') != std::string::npos;
          body += (line.empty() && !quoted ? "" : rest) + line + newline;
        }
        body += rest + "```" + newline + newline + "Done." + newline;
        const issuelint::IssueDocument document = issuelint::parse_issue(body);
        REQUIRE(document.code_blocks.size() == 1);
        const issuelint::CodeBlock& code = document.code_blocks[0];
        std::string quoted;
        const std::string_view source = issuelint::sql::block_source(document, code, quoted);
        CHECK(source.size() == body.find(rest + "```", code.content_offset) - code.content_offset);
        CHECK(source.find('>') == std::string_view::npos);
        const auto script = analyze_sql(source, code.content_offset);
        CHECK(script.statement_count == 2);
        REQUIRE(script.operations.size() == 2);
        CHECK(script.operations[1].kind == OperationKind::drop_column);
        CHECK(position_in(body, script.operations[1].offset).line == 6 + blank_lines);
        REQUIRE(script.errors.size() == 1);
        CHECK(script.errors[0].message == "syntax error at or near \"NUL\"");
        CHECK(position_in(body, script.errors[0].offset) ==
              SourcePosition{7 + blank_lines,
                             static_cast<int>(rest.size() + sql_lines[3].find("NUL") + 1)});
      }
    }
  }
}

TEST_CASE("is_sql_block: sql fences and PostgreSQL's names, unlabelled blocks that start as SQL") {
  const auto first_block = [](const std::string& markdown) {
    const auto document = issuelint::parse_issue(markdown);
    REQUIRE(document.code_blocks.size() == 1);
    return document.code_blocks[0];
  };
  for (const std::string label :
       {"sql", "SQL", "pgsql", "plpgsql", "postgres", "PostgreSQL", "psql", "sql title=0001.sql"}) {
    INFO(label);
    CHECK(is_sql_block(first_block("```" + label + "\nexport const x = 1;\n```\n")));
  }
  for (const std::string label :
       {"ts", "typescript", "js", "bash", "sh", "shell", "json", "diff", "console", "text"}) {
    INFO(label);
    CHECK_FALSE(is_sql_block(first_block("```" + label + "\nALTER TABLE a ADD b int;\n```\n")));
  }
  for (const std::string code :
       {"ALTER TABLE a ADD b int;", "  -- first the column\nalter table a add b int;",
        "/* a /* nested */ note */ CREATE INDEX i ON a (b);", "with x as (select 1) select 1;",
        "(SELECT 1);", "-- nothing to undo", "", "/* never closed\nDROP TABLE a;",
        "--> statement-breakpoint\nDO $$ BEGIN NULL; END $$;",
        "\\c app\n\\set ON_ERROR_STOP on\nALTER TABLE a ADD b int;"}) {
    INFO(code);
    CHECK(is_sql_block(first_block("```\n" + code + "\n```\n")));
    CHECK(is_sql_block(first_block("~~~\n" + code + "\n~~~\n")));
  }
  for (const std::string code :
       {"$ pnpm drizzle-kit migrate", "pnpm drizzle-kit generate", "export const a = 1;",
        "// remove bio from the schema", "{\"dialect\": \"postgresql\"}", "deleted rows: 3",
        "docker compose up", "[✓] migrations applied", "\\i migrations/0003.sql",
        "\\c app\npnpm drizzle-kit migrate"}) {
    INFO(code);
    CHECK_FALSE(is_sql_block(first_block("```\n" + code + "\n```\n")));
  }
  // An indented block has no label: its content decides.
  CHECK(is_sql_block(first_block("Text.\n\n    DROP TABLE a;\n")));
  CHECK_FALSE(is_sql_block(first_block("Text.\n\n    npm run migrate\n")));
}

// Audit 25, H1 and M1: CREATE TABLE ... AS and SELECT ... INTO create a table, a view or a
// materialized view a relation that is no table.
TEST_CASE("CREATE TABLE AS and SELECT INTO create tables, CREATE [MATERIALIZED] VIEW views") {
  const auto script = analyze(
      "CREATE TABLE IF NOT EXISTS \"booking_summary\" AS SELECT user_id FROM bookings;\n"
      "SELECT * INTO \"public\".\"booking_backup\" FROM bookings;\n"
      "CREATE TEMP TABLE scratch AS SELECT 1;\n"
      "SELECT 1 INTO TEMP scratch2;\n"
      "CREATE MATERIALIZED VIEW \"public\".\"booking_stats\" AS (select event_id from bookings);\n"
      "CREATE OR REPLACE VIEW active_bookings AS SELECT * FROM bookings;\n"
      "SELECT count(*) FROM bookings;\n");
  REQUIRE(script.operations.size() == 7);
  const Operation& summary = script.operations[0];
  CHECK(summary.kind == OperationKind::create_table);
  CHECK(summary.table == "booking_summary");
  CHECK(summary.if_exists);
  // The table created, then the table it reads: the SQL references that one too.
  REQUIRE(summary.tables.size() == 2);
  CHECK(summary.tables[0].offset == std::string_view("CREATE TABLE IF NOT EXISTS ").size());
  CHECK(summary.tables[1].name == "bookings");
  const Operation& backup = script.operations[1];
  CHECK(backup.kind == OperationKind::create_table);
  CHECK(backup.table == "booking_backup");
  CHECK_FALSE(backup.temporary);
  CHECK(script.operations[2].kind == OperationKind::create_table);
  CHECK(script.operations[2].temporary);
  CHECK(script.operations[3].temporary);
  for (std::size_t i : {4u, 5u}) {
    INFO(i);
    const Operation& view = script.operations[i];
    CHECK(view.kind == OperationKind::create_view);
    CHECK(view.table.empty());
    REQUIRE(view.tables.size() == 1);  // what it reads
    CHECK(view.tables[0].name == "bookings");
  }
  CHECK(script.operations[4].name == "booking_stats");
  CHECK(script.operations[5].name == "active_bookings");
  CHECK(script.operations[6].kind == OperationKind::other);
}

// PL/pgSQL takes its INTO out of the statement: a variable is no table.
// UPDATE ... FROM, DELETE ... USING, INSERT ... SELECT and subqueries reference tables; a WITH
// query's name, a VALUES list, a function and a system catalog are none.
TEST_CASE("the tables a data statement reads are recorded after its target") {
  const auto script = analyze(
      "UPDATE users u SET tz = b.tz FROM bookings b WHERE b.user_id = u.id;\n"
      "DELETE FROM users USING public.events e WHERE e.owner_id = users.id;\n"
      "INSERT INTO users (id) SELECT user_id FROM mentorships WHERE user_id IN (SELECT id FROM "
      "availability);\n"
      "WITH moved AS (SELECT id FROM users) UPDATE users SET tz = 'UTC' FROM moved, (VALUES (1)) "
      "v(x), generate_series(1, 2) g, pg_catalog.pg_class c, pg_settings s, "
      "information_schema.tables t;\n");
  REQUIRE(script.operations.size() == 4);
  const auto names = [&](std::size_t i) {
    std::vector<std::string> out;
    for (const auto& table : script.operations[i].tables) out.push_back(table.name);
    return out;
  };
  CHECK(names(0) == std::vector<std::string>{"users", "bookings"});
  CHECK(script.operations[0].tables[1].offset ==
        std::string_view("UPDATE users u SET tz = b.tz FROM ").size());
  CHECK(names(1) == std::vector<std::string>{"users", "events"});
  CHECK(names(2) == std::vector<std::string>{"users", "mentorships", "availability"});
  CHECK(names(3) == std::vector<std::string>{"users", "users"});
}

// Audit 28, F2: what a trigger, a policy, MERGE, a data-modifying WITH query, a plain SELECT or
// ATTACH PARTITION touches is touched too.
TEST_CASE("Triggers, policies, MERGE, writing WITH queries and SELECTs touch their tables") {
  const auto script = analyze(
      "CREATE TRIGGER t BEFORE UPDATE ON billing.payments FOR EACH ROW EXECUTE FUNCTION f();\n"
      "CREATE POLICY p ON users USING (org_id IN (SELECT id FROM orgs));\n"
      "ALTER POLICY p ON users USING (true);\n"
      "MERGE INTO events e USING bookings b ON e.id = b.id WHEN MATCHED THEN DELETE;\n"
      "WITH moved AS (DELETE FROM sessions RETURNING *) INSERT INTO old_sessions SELECT * FROM "
      "moved;\n"
      "WITH done AS (UPDATE users SET tz = 'UTC' RETURNING id) SELECT count(*) FROM done;\n"
      "SELECT setval('events_id_seq', max(id)) FROM events;\n"
      "ALTER TABLE events ATTACH PARTITION events_2024 FOR VALUES IN (2024);\n"
      "SELECT 1;\n");
  REQUIRE(script.errors.empty());
  REQUIRE(script.operations.size() == 9);
  const auto names = [&](std::size_t i) {
    std::vector<std::string> out;
    for (const auto& table : script.operations[i].tables) out.push_back(table.name);
    return out;
  };
  CHECK(names(0) == std::vector<std::string>{"billing.payments"});
  CHECK(script.operations[0].tables[0].offset ==
        std::string_view("CREATE TRIGGER t BEFORE UPDATE ON ").size());
  CHECK(script.operations[0].table.empty());  // touched, but no column of it changes
  CHECK(names(1) == std::vector<std::string>{"users", "orgs"});
  CHECK(names(2) == std::vector<std::string>{"users"});
  CHECK(names(3) == std::vector<std::string>{"events", "bookings"});
  CHECK(names(4) == std::vector<std::string>{"old_sessions", "sessions"});
  CHECK(names(5) == std::vector<std::string>{"users"});
  CHECK(names(6) == std::vector<std::string>{"events"});
  CHECK(names(7) == std::vector<std::string>{"events", "events_2024"});
  CHECK(names(8).empty());
}

TEST_CASE("SELECT INTO a variable inside a DO block creates no table") {
  const auto script = analyze(
      "DO $$\nDECLARE n integer;\nBEGIN\n  SELECT count(*) INTO n FROM bookings;\n"
      "  RAISE NOTICE '%', n;\nEND $$;\n");
  CHECK(std::none_of(script.operations.begin(), script.operations.end(),
                     [](const Operation& op) { return op.kind == OperationKind::create_table; }));
}

// Audit 25, M7: SET SCHEMA renames what it moves; DROP SCHEMA CASCADE drops what is in it.
TEST_CASE("SET SCHEMA is a move of what clients name, DROP SCHEMA CASCADE a drop") {
  const auto script = analyze(
      "ALTER TABLE \"availability\" SET SCHEMA \"archive\";\n"
      "ALTER TABLE IF EXISTS archive.slots SET SCHEMA public;\n"
      "ALTER TYPE public.booking_status SET SCHEMA archive;\n"
      "ALTER VIEW active_bookings SET SCHEMA archive;\n"
      "ALTER SEQUENCE slots_id_seq SET SCHEMA archive;\n"
      "DROP SCHEMA IF EXISTS \"legacy\", old CASCADE;\n"
      "DROP SCHEMA staging;\n");
  REQUIRE(script.operations.size() == 8);
  const Operation& moved = script.operations[0];
  CHECK(moved.kind == OperationKind::set_schema);
  CHECK(moved.object_type == "TABLE");
  CHECK(moved.table == "availability");
  CHECK(moved.column == "availability");
  CHECK(moved.name == "archive.availability");
  REQUIRE(moved.tables.size() == 1);
  CHECK(script.operations[1].table == "archive.slots");
  CHECK(script.operations[1].name == "slots");
  CHECK(script.operations[1].if_exists);
  const Operation& type = script.operations[2];
  CHECK(type.kind == OperationKind::set_schema);
  CHECK(type.object_type == "TYPE");
  CHECK(type.column == "booking_status");
  CHECK(type.name == "archive.booking_status");
  CHECK(type.tables.empty());
  CHECK(script.operations[3].object_type == "VIEW");
  CHECK(script.operations[3].tables.empty());
  CHECK(script.operations[4].kind == OperationKind::other);  // no client names a sequence
  CHECK(script.operations[5].kind == OperationKind::drop_schema);
  CHECK(script.operations[5].name == "legacy");
  CHECK(script.operations[5].if_exists);
  CHECK(script.operations[6].name == "old");
  // Without CASCADE only an empty schema is dropped.
  CHECK(script.operations[7].kind == OperationKind::other);
}

// Audit 25, M5: a rename says what the object was called and what it becomes.
TEST_CASE("Renames keep the name before and the object's kind") {
  const auto script = analyze(
      "ALTER VIEW \"active_bookings\" RENAME TO \"current_bookings\";\n"
      "ALTER TYPE archive.booking_status RENAME TO booking_state;\n"
      "ALTER TABLE archive.mentorships RENAME TO mentor_links;\n"
      "ALTER MATERIALIZED VIEW stats RENAME TO daily_stats;\n");
  REQUIRE(script.operations.size() == 4);
  CHECK(script.operations[0].object_type == "VIEW");
  CHECK(script.operations[0].column == "active_bookings");
  CHECK(script.operations[0].name == "current_bookings");
  CHECK(script.operations[1].object_type == "TYPE");
  CHECK(script.operations[1].column == "archive.booking_status");
  CHECK(script.operations[2].kind == OperationKind::rename_table);
  CHECK(script.operations[2].table == "archive.mentorships");
  CHECK(script.operations[2].name == "archive.mentor_links");  // a rename keeps the schema
  CHECK(script.operations[3].object_type == "MATERIALIZED VIEW");
}

// Audit 25, L4: the tree locates ADD COLUMN, types and constraints, not the other
// sub-commands; they point at their own words, not at the ALTER.
TEST_CASE("Every sub-command of an ALTER points at its own words") {
  const std::string sql =
      "ALTER TABLE \"public\" . \"users\"\n"
      "  DROP COLUMN \"legacy\",\n"
      "  ALTER COLUMN \"price\" SET DEFAULT round(1.5, 2) /* , */,\n"
      "  ADD CONSTRAINT \"c\" CHECK (price IN (1, 2)),\n"
      "  ALTER COLUMN \"tags\" SET DEFAULT ARRAY['a,b', 'c'],\n"
      "  -- a comment, with a comma\n"
      "  ALTER COLUMN \"email\" SET NOT NULL;\n"
      "ALTER TABLE users\n  RENAME COLUMN name TO full_name;\n"
      "ALTER TABLE ONLY users RENAME TO members;\n"
      "ALTER TABLE members\n  SET SCHEMA archive;\n"
      "ALTER TABLE IF EXISTS archive.members DROP CONSTRAINT x, VALIDATE CONSTRAINT y;\n";
  const auto script = analyze(sql);
  REQUIRE(script.operations.size() == 10);
  const auto at = [&](std::string_view words, std::size_t from = 0) {
    return sql.find(words, from);
  };
  CHECK(script.operations[0].offset == at("DROP COLUMN \"legacy\""));
  CHECK(script.operations[1].offset == at("ALTER COLUMN \"price\""));
  CHECK(script.operations[2].kind == OperationKind::add_constraint);  // located by the tree
  CHECK(script.operations[3].offset == at("ALTER COLUMN \"tags\""));
  CHECK(script.operations[4].kind == OperationKind::set_not_null);
  CHECK(script.operations[4].offset == at("ALTER COLUMN \"email\""));
  CHECK(script.operations[5].offset == at("RENAME COLUMN"));
  CHECK(script.operations[6].offset == at("RENAME TO members"));
  CHECK(script.operations[7].offset == at("SET SCHEMA"));
  CHECK(script.operations[8].offset == at("DROP CONSTRAINT x"));
  CHECK(script.operations[9].offset == at("VALIDATE CONSTRAINT y"));
}
