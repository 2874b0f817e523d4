// parse_script parses a script that has no syntax error in one parser run; a script with one
// goes statement by statement. Both ways must give the same statements and the same facts.
#include <catch2/catch.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "rules/sql/operation_builder.h"
#include "rules/sql/sql_parser.h"
#include "tests/sql/fixture_sql.h"

using namespace issuelint::sql;

namespace {

// Scripts the fixtures may not hold: quoting, Unicode, errors, bodies, ';' inside statements.
const std::vector<std::string> kShapes = {
    "",
    "-- only a comment\n",
    ";;\n;",
    "SELECT 1",
    "  SELECT 1;\n-- y\n SELECT $1 ; ",
    "SELECT 1;;\n;SELECT 2 /* z */",
    "CREATE TABLE \"Odd \"\"Name\"\"\" (id int DEFAULT -1, \"caf\xC3\xA9\" text);\r\n"
    "ALTER TABLE \"Odd \"\"Name\"\"\" ADD COLUMN b int NOT NULL DEFAULT $1;\r\n",
    "COMMENT ON TABLE t IS 'a ; semicolon, caf\xC3\xA9, \xF0\x9F\x98\x80';\nDROP TABLE t;",
    "INSERT INTO t (a) VALUES (E'line\\nbreak;');\nUPDATE t SET a = $1 WHERE b = $2;",
    "DO $$ BEGIN ALTER TABLE \"a\" ADD CONSTRAINT \"fk\" FOREIGN KEY (\"b\") REFERENCES "
    "\"c\"(\"id\");"
    " EXCEPTION WHEN duplicate_object THEN null; END $$;\nCREATE INDEX i ON a (b);",
    "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN UPDATE t SET a = 1;"
    " RETURN NEW; END $f$;\nDROP FUNCTION f;",
    "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END;\n"
    "SELECT 3;",
    "CREATE PROCEDURE p() BEGIN ATOMIC INSERT INTO t VALUES ($1); END;\nALTER TABLE;\n"
    "CREATE FUNCTION f() RETURNS int BEGIN ATOMIC END;\nSELECT 1 begin atomic;\nEND;",
    "CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO u VALUES (1); DELETE FROM v);\n"
    "ALTER TABLE t ADD COLUMN c int;",
    "CREATE TABLE a (x int);\nALTER TABLE a ADD COLUMN;\nDROP TABLE a;",
    "ALTER TABLE `users` ADD COLUMN `bio` VARCHAR(255);",
    "\\c app\nCREATE TABLE a (x int);\n\\echo done\nDROP TABLE a;\n\\q",
    "UPDATE t SET x = 'oops;\n",
    "CREATE TABLE t (a int); /* unterminated",
    "/* unterminated at the start\nDROP TABLE t;",
    "CREATE INDEX CONCURRENTLY IF NOT EXISTS "
    "\"an_index_name_that_is_much_longer_than_the_sixty_three_bytes_postgres_keeps\" ON "
    "\"public\".\"t\" USING btree (\"a\", lower(\"b\"));",
    "BEGIN;\nALTER TYPE \"status\" ADD VALUE IF NOT EXISTS 'x';\nCOMMIT;\n--> "
    "statement-breakpoint\n",
    "ALTER TABLE t ALTER COLUMN c SET DATA TYPE integer USING c::integer, ALTER COLUMN d SET "
    "NOT NULL;\nTRUNCATE a, public.b;",
    // drizzle's breakpoints: ending chunks without a ';', inside a statement, inside quotes.
    "ALTER TABLE \"u\" ADD COLUMN \"a\" text\n--> statement-breakpoint\nDROP TABLE \"v\"\n",
    "ALTER TABLE \"u\"\n--> statement-breakpoint\nADD COLUMN \"a\" text;\nSELECT 1;",
    "SELECT 1\n-- done --> statement-breakpoint\nSELECT 2",
    "INSERT INTO t VALUES ('a\n--> statement-breakpoint\nb');--> statement-breakpoint\nSELECT 2;",
    "DO $$ BEGIN\n--> statement-breakpoint\nDROP TABLE t; END $$;\n--> statement-breakpoint\n",
};

std::string describe_facts(const StatementFacts& facts) {
  std::ostringstream out;
  for (const Operation& o : facts.operations) {
    out << operation_kind_name(o.kind) << '|' << o.offset << '|' << o.table << '|' << o.column
        << '|' << o.name << '|' << o.if_exists << o.in_do_block << o.not_null << o.has_default
        << o.primary_key << o.identity << o.foreign_key << o.not_valid << o.using_expression
        << o.concurrent << o.unique << '|' << o.referenced_table << '|' << o.from_type << '|'
        << o.to_type << '|' << o.constraint_type << '\n';
    for (const TableReference& table : o.tables) out << " t " << table.name << '@' << table.offset;
    for (const ColumnDefinition& column : o.columns) {
      out << " c " << column.name << ':' << column.type << column.not_null << column.has_default
          << '@' << column.offset;
    }
    out << '\n';
  }
  for (const ParameterUse& use : facts.parameters) out << "$" << use.number << '@' << use.offset;
  for (const LongIdentifier& id : facts.long_identifiers)
    out << " long " << id.text << '@' << id.offset;
  return out.str();
}

std::string describe_script(const ParsedScript& script) {
  std::ostringstream out;
  for (const SyntaxError& error : script.errors)
    out << "error " << error.message << '@' << error.offset << '\n';
  for (const ParsedStatement& statement : script.statements) {
    out << "statement @" << statement.offset << '+' << statement.length << ' '
        << statement.in_do_block << " [" << statement.text << "]\n";
    if (statement.error)
      out << " error " << statement.error->message << '@' << statement.error->offset;
    out << describe_facts(describe_statement(statement));
  }
  return out.str();
}

}  // namespace

TEST_CASE("One parser run per script gives what a run per statement gives") {
  std::vector<std::string> scripts = issuelint::testing::fixture_sql_blocks();
  REQUIRE(scripts.size() > 20);
  scripts.insert(scripts.end(), kShapes.begin(), kShapes.end());
  for (const std::string& script : scripts) {
    INFO(script);
    for (const std::size_t base : {std::size_t{0}, std::size_t{1234}}) {
      CHECK(describe_script(parse_script(script, base)) ==
            describe_script(parse_script_statement_by_statement(script, base)));
    }
  }
}

TEST_CASE("A BEGIN ATOMIC body is one statement, its semicolons and a rule's too") {
  const std::string atomic =
      "CREATE FUNCTION f(int) RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT 1;\n"
      "  SELECT $1 + 1;\nEND;\n";
  for (const std::string& tail : {std::string(), std::string("ALTER TABLE t ADD COLUMN;\n")}) {
    INFO(tail);  // with an error after it, the script goes statement by statement
    const ParsedScript script = parse_script(atomic + tail + "SELECT 3;", 0);
    CHECK(script.errors.size() == (tail.empty() ? 0 : 1));
    REQUIRE(script.statements.size() == (tail.empty() ? 2 : 3));
    CHECK(script.statements[0].text == atomic.substr(0, atomic.find("END;") + 3));
    CHECK_FALSE(script.statements[0].error);
  }
  // A body with an error in it is one statement, with the error where it is.
  const std::string broken =
      "SELECT 0; CREATE PROCEDURE p() begin  Atomic INSERT INTO t VALUES (1); DELET FROM t; end;"
      " SELECT 2;";
  const ParsedScript script = parse_script(broken, 0);
  REQUIRE(script.errors.size() == 1);
  CHECK(script.errors[0].offset == broken.find("DELET"));
  CHECK(script.statements.size() == 3);
  // Empty, it was whole already; with no END, each piece keeps its own error.
  CHECK(parse_script("CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC END; SELECT x y z;",
                     0)
            .errors.size() == 1);
  CHECK(parse_script("CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2",
                     0)
            .statements.size() == 2);
  const ParsedScript rule = parse_script(
      "CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO u VALUES (1); DELETE FROM v);", 0);
  CHECK(rule.errors.empty());
  CHECK(rule.statements.size() == 1);
}

// analyze_sql describes a script's statements into one set of vectors: the same facts, in the
// same order, as each statement described on its own and the results put one after another.
TEST_CASE("A script's statements described into one set of facts are each statement's in turn") {
  std::vector<std::string> scripts = issuelint::testing::fixture_sql_blocks();
  scripts.insert(scripts.end(), kShapes.begin(), kShapes.end());
  std::size_t operations = 0;
  for (const std::string& script : scripts) {
    INFO(script);
    const ParsedScript parsed = parse_script(script, 77);
    StatementFacts each_alone;
    StatementFacts into_one;
    for (const ParsedStatement& statement : parsed.statements) {
      StatementFacts facts = describe_statement(statement);
      each_alone.operations.insert(each_alone.operations.end(), facts.operations.begin(),
                                   facts.operations.end());
      each_alone.parameters.insert(each_alone.parameters.end(), facts.parameters.begin(),
                                   facts.parameters.end());
      each_alone.long_identifiers.insert(each_alone.long_identifiers.end(),
                                         facts.long_identifiers.begin(),
                                         facts.long_identifiers.end());
      describe_statement_into(statement, into_one);
    }
    CHECK(describe_facts(into_one) == describe_facts(each_alone));
    operations += into_one.operations.size();
  }
  CHECK(operations > 100);
}

// Each embedded statement is searched for in the body from where the one before it was found:
// they must come in the order they are written, whatever branch of an IF or part of a block
// (its statements, then its EXCEPTION handlers) holds them, or a later one is not found and
// is put at the start of the DO.
TEST_CASE("Statements in a PL/pgSQL body are found where they are written") {
  const std::string sql =
      "DO $$\nBEGIN\n  IF (SELECT count(*) FROM a_table) > 0 THEN\n"
      "    UPDATE then_table SET x = 1;\n  ELSIF false THEN\n    DELETE FROM elsif_table;\n"
      "  ELSE\n    INSERT INTO else_table VALUES (1);\n  END IF;\n"
      "  ALTER TABLE after_table ADD COLUMN y int;\n"
      "EXCEPTION\n  WHEN others THEN\n    DELETE FROM handler_table;\nEND $$;";
  for (const std::size_t base : {std::size_t{0}, std::size_t{1234}}) {
    const ParsedScript script = parse_script(sql, base);
    REQUIRE(script.errors.empty());
    std::vector<std::string> inner;
    for (const ParsedStatement& statement : script.statements) {
      if (!statement.in_do_block) continue;
      INFO(statement.text);
      REQUIRE(statement.offset >= base);
      CHECK(sql.compare(statement.offset - base, statement.text.size(), statement.text) == 0);
      inner.emplace_back(statement.text);
    }
    CHECK(inner == std::vector<std::string>{
                       "UPDATE then_table SET x = 1", "DELETE FROM elsif_table",
                       "INSERT INTO else_table VALUES (1)",
                       "ALTER TABLE after_table ADD COLUMN y int", "DELETE FROM handler_table"});
  }
}

TEST_CASE("has_plpgsql_body: DO blocks and PL/pgSQL functions, nothing else") {
  const auto first_statement_has_body = [](const std::string& sql) {
    const ParsedScript script = parse_script(sql, 0);
    REQUIRE_FALSE(script.statements.empty());
    return has_plpgsql_body(script.statements.front());
  };
  CHECK(first_statement_has_body("DO $$ BEGIN NULL; END $$;"));
  CHECK(first_statement_has_body("DO LANGUAGE plpgsql $$ BEGIN NULL; END $$;"));
  CHECK_FALSE(first_statement_has_body("DO LANGUAGE plperl $$ 1; $$;"));
  CHECK(first_statement_has_body(
      "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN RETURN NEW; END $f$;"));
  CHECK_FALSE(
      first_statement_has_body("CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';"));
  CHECK_FALSE(first_statement_has_body("ALTER TABLE t ADD COLUMN c int;"));
  CHECK_FALSE(first_statement_has_body("ALTER TABLE t ADD COLUMN;"));  // a syntax error
}

// libpg_query's scanner split leaves out a statement that holds no keyword, and all that follows
// a ')' it never saw opened: each is a statement of its own all the same, with its error.
TEST_CASE("A statement with no keyword is a statement, wherever it stands") {
  // Each script, and the texts its errors are at the start of, in order.
  const std::pair<std::string, std::vector<std::string>> scripts[] = {
      {"ALTER TABLE a ADD COLUMN b int;\nCOMIT;\nSELECT 1;", {"COMIT"}},
      {"BEGN;\nALTER TABLE a ADD COLUMN b int;\nCOMIT;", {"BEGN", "COMIT"}},
      {"SELEC 1;SELECT 2;", {"SELEC"}},
      {"SELECT 1; foo; SELECT 2;", {"foo"}},
      {"foo; bar;\nSELECT 1; baz; SELECT 2; qux", {"foo", "bar", "baz", "qux"}},
      {"SELECT 1; -- COMIT;\n;; /* x; */ SELEC 2;", {"SELEC 2"}},
      {"SELEC 'a;b', \"c;d\", $$e;f$$, $t$g;h$t$, E'\\';', x$y; SELECT 1;", {"SELEC"}},
      {"f(1; 2); SELECT 1;", {"f(1"}},
      {"SELECT 1); DROP TABLE t;\nSELECT 2;", {");"}},
      // After a '(' never closed, the rest is one statement, as psql would send it.
      {"SELECT 1; INSERT INTO x VALUES (; DROP TABLE t;", {"; DROP"}},
  };
  for (const auto& [sql, errors_at] : scripts) {
    INFO(sql);
    for (const ParsedScript& script :
         {parse_script(sql, 0), parse_script_statement_by_statement(sql, 0)}) {
      std::vector<std::size_t> expected;
      std::size_t from = 0;
      for (const std::string& text : errors_at) {
        expected.push_back(sql.find(text, from));
        from = expected.back() + 1;
      }
      std::vector<std::size_t> offsets;
      for (const SyntaxError& error : script.errors) offsets.push_back(error.offset);
      CHECK(offsets == expected);
      // Every statement's text is where it stands in the script.
      for (const ParsedStatement& statement : script.statements) {
        CHECK(sql.compare(statement.offset, statement.text.size(), statement.text) == 0);
      }
    }
  }
  // The DROP after a stray ')' is analysed: it runs.
  const ParsedScript stray = parse_script("SELECT 1); DROP TABLE t;\nSELECT 2;", 0);
  REQUIRE(stray.statements.size() == 3);
  CHECK(describe_statement(stray.statements[1]).operations.size() == 1);
}

// PL/pgSQL gives each embedded statement its text and line: the statement is where that text is
// written on that line or after, outside comments and strings, after the statement before it.
TEST_CASE("A statement in a PL/pgSQL body is placed where it is, not at a comment or string") {
  // Each script, and the texts its embedded statements are at the start of, in order.
  const std::pair<std::string, std::vector<std::string>> scripts[] = {
      {"DO $$\nBEGIN\n  -- DROP TABLE users;\n  DROP TABLE users;\nEND $$;",
       {"DROP TABLE users;\nEND"}},
      {"DO $$\nBEGIN\n  RAISE NOTICE 'DROP TABLE users'; /* DROP TABLE users; */ DROP TABLE "
       "users;\nEND $$;",
       {"DROP TABLE users;\nEND"}},
      {"DO $x$\nBEGIN\n  DROP TABLE users; DROP TABLE users;\n  PERFORM 1; -- DELETE FROM t\n"
       "  DELETE FROM t;\nEND $x$;",
       {"DROP TABLE users; DROP", "DROP TABLE users;\n", "DELETE FROM t;"}},
      // PL/pgSQL blanks out an INTO clause; the text around it is still the statement's.
      {"DO $$\nDECLARE b int;\nBEGIN\n  -- SELECT a FROM t\n  SELECT a INTO b FROM t;\nEND $$;",
       {"SELECT a INTO"}},
      {"CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $f$\nBEGIN\n"
       "  /* UPDATE t SET a = 1 */\n  UPDATE t SET a = 1;\n  RETURN NEW;\nEND $f$;",
       {"UPDATE t SET a = 1;"}},
      // In quotes: a doubled quote or an escape is one byte of the body, more in the statement.
      {"DO 'BEGIN RAISE NOTICE ''DELETE FROM t''; DELETE FROM t WHERE a = ''x''; END';",
       {"DELETE FROM t WHERE"}},
      {"DO E'BEGIN RAISE NOTICE \\'\\x41\\'; DELETE FROM t WHERE a = \\'x\\'; END';",
       {"DELETE FROM t WHERE"}},
  };
  for (const auto& [sql, statements_at] : scripts) {
    INFO(sql);
    for (const std::size_t base : {std::size_t{0}, std::size_t{1234}}) {
      const std::string script_text = "SELECT 0;\n" + sql;  // not the script's first statement
      for (const ParsedScript& script : {parse_script(script_text, base),
                                         parse_script_statement_by_statement(script_text, base)}) {
        REQUIRE(script.errors.empty());
        std::vector<std::size_t> offsets;
        for (const ParsedStatement& statement : script.statements) {
          if (statement.in_do_block) offsets.push_back(statement.offset - base);
        }
        std::vector<std::size_t> expected;
        std::size_t from = 0;
        for (const std::string& text : statements_at) {
          expected.push_back(script_text.find(text, from));
          from = expected.back() + 1;
        }
        CHECK(offsets == expected);
      }
    }
  }
  // The tree's locations in an embedded statement count from the statement: a table is found
  // at its name, a sub-command at its words.
  const std::string sql =
      "DO $$\nBEGIN\n  -- ALTER TABLE users DROP COLUMN a;\n"
      "  ALTER TABLE users DROP COLUMN a;\nEND $$;";
  const ParsedScript script = parse_script(sql, 0);
  REQUIRE(script.statements.size() == 2);
  const StatementFacts facts = describe_statement(script.statements[1]);
  REQUIRE(facts.operations.size() == 1);
  CHECK(facts.operations[0].offset == sql.rfind("DROP COLUMN a"));
  REQUIRE(facts.operations[0].tables.size() == 1);
  CHECK(facts.operations[0].tables[0].offset == sql.rfind("users"));
}

// drizzle's migrator (readMigrationFiles) cuts the file at each `--> statement-breakpoint` and
// runs each chunk on its own: a hand-written migration may end its chunks there, without ';'.
TEST_CASE("A statement breakpoint ends a statement as drizzle's migrator runs it") {
  const std::string custom =
      "ALTER TABLE \"users\" ADD COLUMN \"a\" text\n--> statement-breakpoint\n"
      "ALTER TABLE \"users\" ADD COLUMN \"b\" text\n";
  for (const std::size_t base : {std::size_t{0}, std::size_t{100}}) {
    const ParsedScript script = parse_script(custom, base);
    CHECK(script.errors.empty());
    REQUIRE(script.statements.size() == 2);
    CHECK(script.statements[0].offset == base);
    CHECK(script.statements[1].offset == base + custom.find("ALTER", 1));
    CHECK(script.statements[1].text == "ALTER TABLE \"users\" ADD COLUMN \"b\" text\n");
  }
  // drizzle-kit's own output, each statement ending in ';' before the marker: as before.
  const std::string generated =
      "CREATE TABLE \"a\" (\"id\" int);\n--> statement-breakpoint\n"
      "CREATE INDEX \"i\" ON \"a\" (\"id\");";
  const ParsedScript kit = parse_script(generated, 0);
  CHECK(kit.errors.empty());
  REQUIRE(kit.statements.size() == 2);
  CHECK(kit.statements[1].offset == generated.find("CREATE INDEX"));
  CHECK(kit.statements[1].text.starts_with("CREATE INDEX"));
  // Without a breakpoint, a missing ';' is the error PostgreSQL (and psql) would give.
  CHECK(parse_script("ALTER TABLE a ADD COLUMN b text\nALTER TABLE a ADD COLUMN c text\n", 0)
            .errors.size() == 1);
}

TEST_CASE("A statement breakpoint in a string, a body or a statement is where drizzle cuts") {
  // In a string or a dollar-quoted body the marker is data: nothing is cut.
  const ParsedScript quoted =
      parse_script("INSERT INTO t VALUES ('x\n--> statement-breakpoint\ny')\n", 0);
  CHECK(quoted.errors.empty());
  CHECK(quoted.statements.size() == 1);
  const ParsedScript body =
      parse_script("DO $$\nBEGIN\n--> statement-breakpoint\nDROP TABLE t;\nEND $$\n", 0);
  CHECK(body.errors.empty());
  CHECK(body.statements.size() == 2);  // the DO and the DROP in it
  // Inside a statement that parses whole, drizzle runs its two halves: both fail.
  const std::string cut = "ALTER TABLE \"users\"\n--> statement-breakpoint\nADD COLUMN \"a\" text;";
  const ParsedScript halves = parse_script(cut, 0);
  REQUIRE(halves.errors.size() == 2);
  CHECK(halves.errors[1].offset == cut.find("ADD"));
}

// PostgreSQL says "at end of input" one past the text, which ends with the block's line end.
TEST_CASE("A syntax error at the end of input is placed after the last token") {
  const std::string last = "ALTER TABLE \"bookings\" ADD COLUMN";
  for (const std::string& tail : {std::string("\n"), std::string("   -- to do\n\n")}) {
    INFO(tail);
    const ParsedScript alone = parse_script(last + tail, 10);
    REQUIRE(alone.errors.size() == 1);
    CHECK(alone.errors[0].message == "syntax error at end of input");
    CHECK(alone.errors[0].offset == 10 + last.size());
    const std::string after = "SELECT 1;\n" + last + tail;
    const ParsedScript second = parse_script(after, 0);
    REQUIRE(second.errors.size() == 1);
    CHECK(second.errors[0].offset == after.find(tail, 10));
  }
  // An error inside the text stays where PostgreSQL puts it.
  const ParsedScript inside = parse_script("SELECT 1 2;\n", 0);
  REQUIRE(inside.errors.size() == 1);
  CHECK(inside.errors[0].offset == 9);
}

TEST_CASE("A syntax error quotes its token up to the first line end, 40 characters at most") {
  std::string script = "ALTER TABLE \"users\" ALTER COLUMN \"role\" SET DEFAULT 'user;\n";
  for (int i = 0; i < 300; ++i)
    script += "ALTER TABLE \"t\" ADD COLUMN \"c" + std::to_string(i) + "\" int;\n";
  const ParsedScript unterminated = parse_script(script, 0);
  REQUIRE(unterminated.errors.size() == 1);
  CHECK(unterminated.errors[0].message ==
        "unterminated quoted string at or near \"'user;\xE2\x80\xA6\"");
  CHECK(unterminated.errors[0].offset == script.find('\''));
  const std::string word(60, 'x');
  CHECK(concise_error_message("syntax error at or near \"" + word + "\"") ==
        "syntax error at or near \"" + word.substr(0, 40) + "\xE2\x80\xA6\"");
  // 40 characters, not bytes; a short token and a message without one are kept whole.
  const std::string accented = std::string(39, 'a') + "\xC3\xA9\xC3\xA9";
  CHECK(concise_error_message("syntax error at or near \"" + accented + "\"") ==
        "syntax error at or near \"" + std::string(39, 'a') + "\xC3\xA9\xE2\x80\xA6\"");
  CHECK(concise_error_message("syntax error at or near \"ALTER\"") ==
        "syntax error at or near \"ALTER\"");
  CHECK(concise_error_message("syntax error at end of input") == "syntax error at end of input");
  CHECK(concise_error_message("unterminated /* comment at or near \"/* a\nb\"") ==
        "unterminated /* comment at or near \"/* a\xE2\x80\xA6\"");
}
