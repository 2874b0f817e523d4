// describe_statement reads names and kinds as views and looks kinds up by scans: the facts must
// be the ones the string copies, std::map look-ups and the tree-wide ParamRef scan gave.
#include "rules/sql/operation_builder.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "rules/sql/sql_parser.h"
#include "tests/sql/fixture_sql.h"

using namespace issuelint::sql;

namespace {

// normalize_type_name as it was: a std::map of the aliases.
std::string reference_type_name(std::string_view name) {
  static const std::map<std::string_view, std::string_view> aliases = {
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
  auto it = aliases.find(name);
  return std::string(it == aliases.end() ? name : it->second);
}

// collect_parameters as it was: every ParamRef of a DDL statement's tree, '$' in its text or not,
// but for those of a function's SQL-standard body (its own arguments).
std::vector<ParameterUse> reference_parameters(const ParsedStatement& statement) {
  std::vector<ParameterUse> found;
  if (statement.error || !statement.tree.is_object()) return found;
  for (const char* data :
       {"SelectStmt", "InsertStmt", "UpdateStmt", "DeleteStmt", "PrepareStmt", "ExecuteStmt"}) {
    if (statement.tree.first().key() == data) return found;
  }
  const std::vector<JsonNode> in_body =
      statement.tree["CreateFunctionStmt"]["sql_body"].members_named("ParamRef");
  for (JsonNode parameter : statement.tree.members_named("ParamRef")) {
    const JsonNode location = parameter["location"];
    if (std::any_of(in_body.begin(), in_body.end(), [&](JsonNode body_parameter) {
          return body_parameter["location"].integer() == location.integer();
        })) {
      continue;
    }
    found.push_back(ParameterUse{
        static_cast<int>(parameter["number"].integer()),
        location.is_integer() ? statement.tree_origin + static_cast<std::size_t>(location.integer())
                              : statement.offset});
  }
  return found;
}

void check_parameters(const std::string& sql) {
  INFO(sql);
  for (const ParsedStatement& statement : parse_script(sql, 3).statements) {
    const std::vector<ParameterUse> expected = reference_parameters(statement);
    const std::vector<ParameterUse> actual = describe_statement(statement).parameters;
    REQUIRE(actual.size() == expected.size());
    for (std::size_t i = 0; i < actual.size(); ++i) {
      CHECK(actual[i].number == expected[i].number);
      CHECK(actual[i].offset == expected[i].offset);
    }
  }
}

Operation only_operation(const std::string& sql) {
  INFO(sql);
  const ParsedScript script = parse_script(sql, 0);
  REQUIRE(script.errors.empty());
  REQUIRE(script.statements.size() == 1);
  std::vector<Operation> operations = describe_statement(script.statements[0]).operations;
  REQUIRE(operations.size() == 1);
  return operations[0];
}

}  // namespace

TEST_CASE("normalize_type_name gives what the std::map of aliases gave") {
  std::vector<std::string> names = {"",        "int4",    "uuid", "text",
                                    "my_enum", "INTEGER", "Int",  std::string(300, 'i')};
  for (const auto& alias :
       {"integer", "int", "smallint", "bigint", "serial", "bigserial", "smallserial",
        "character varying", "character", "char", "boolean", "real", "double precision", "decimal",
        "timestamp with time zone", "timestamp without time zone"}) {
    const std::string name = alias;
    names.push_back(name);
    names.push_back(name + "s");
    names.push_back("x" + name);
    names.push_back(name.substr(0, name.size() - 1));
    names.push_back(name.substr(1));
  }
  for (const std::string& name : names) {
    INFO(name);
    CHECK(normalize_type_name(name) == reference_type_name(name));
  }
}

TEST_CASE("A statement's $n parameters are the ones a scan of its whole tree finds") {
  for (const std::string& block : issuelint::testing::fixture_sql_blocks()) check_parameters(block);
  for (const char* sql : {
           "ALTER TABLE t ADD COLUMN c int DEFAULT $1;",
           "CREATE TABLE r (a int CHECK (a >= $1), b int DEFAULT $2 + $12);",
           "UPDATE t SET a = $1; DELETE FROM t WHERE a = $2;",
           "CREATE TABLE \"a$b\" (\"c$\" int DEFAULT 1); SELECT $$ $1 $$;",
           "CREATE FUNCTION f() RETURNS int AS $body$ SELECT $1 $body$ LANGUAGE sql;",
           "DO $$ BEGIN EXECUTE 'x'; ALTER TABLE t ALTER COLUMN a SET DEFAULT 1; END $$;",
           "CREATE INDEX i ON t ((a + $1)) WHERE b > $2;",
           "CREATE TABLE t (a int);",
           "CREATE FUNCTION f(a int DEFAULT $2) RETURNS int RETURN a + $1;",
       }) {
    check_parameters(sql);
  }
}

TEST_CASE("Every constraint kind of a column, with names that JSON must escape") {
  const Operation create = only_operation(
      "CREATE TABLE \"sch\\ema\".\"ta\"\"ble\" (\n"
      "  \"c\\ol\" \"my\\type\" NOT NULL,\n"
      "  g bigint GENERATED ALWAYS AS IDENTITY,\n"
      "  d integer DEFAULT 1,\n"
      "  s int GENERATED ALWAYS AS (d + 1) STORED,\n"
      "  p serial PRIMARY KEY,\n"
      "  f int REFERENCES \"re\\f\".\"u\"\"s\"(id) UNIQUE,\n"
      "  CONSTRAINT k FOREIGN KEY (d) REFERENCES other(id)\n"
      ");");
  CHECK(create.table == "sch\\ema.ta\"ble");
  REQUIRE(create.columns.size() == 6);
  CHECK(create.columns[0].name == "c\\ol");
  CHECK(create.columns[0].type == "my\\type");
  CHECK(create.columns[0].not_null);
  CHECK_FALSE(create.columns[0].has_default);
  CHECK(create.columns[1].type == "int8");
  CHECK(create.columns[1].has_default);
  CHECK_FALSE(create.columns[1].not_null);
  CHECK(create.columns[2].type == "int4");
  CHECK(create.columns[2].has_default);
  CHECK(create.columns[3].has_default);
  CHECK(create.columns[4].type == "serial4");
  CHECK(create.columns[4].not_null);
  CHECK(create.columns[4].has_default);  // serial implies DEFAULT nextval(...)
  CHECK_FALSE(create.columns[5].not_null);
  CHECK(create.identity);
  CHECK(create.primary_key);
  CHECK(create.foreign_key);
  CHECK(create.referenced_table == "re\\f.u\"s");
  REQUIRE(create.tables.size() == 3);
  CHECK(create.tables[1].name == "re\\f.u\"s");
  CHECK(create.tables[2].name == "other");
}

TEST_CASE("ALTER TABLE subtypes, constraint kinds and DROP object types are read once each") {
  CHECK(only_operation("ALTER TABLE t ALTER COLUMN a SET DEFAULT 1;").kind ==
        OperationKind::set_default);
  CHECK(only_operation("ALTER TABLE t ALTER COLUMN a DROP DEFAULT;").kind ==
        OperationKind::drop_default);
  CHECK(only_operation("ALTER TABLE t DROP CONSTRAINT \"c\\k\";").name == "c\\k");
  CHECK(only_operation("ALTER TABLE t RENAME COLUMN a TO b;").kind == OperationKind::rename_column);
  const Operation& check =
      only_operation("ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NOT VALID;");
  CHECK(check.constraint_type == "check");
  CHECK(check.not_valid);
  const Operation fk = only_operation(
      "ALTER TABLE \"t\\x\" ADD CONSTRAINT f FOREIGN KEY (a) REFERENCES \"p\\q\"(id);");
  CHECK(fk.table == "t\\x");
  CHECK(fk.constraint_type == "foreign key");
  CHECK(fk.referenced_table == "p\\q");
  CHECK(only_operation("ALTER TABLE t ADD CONSTRAINT x EXCLUDE USING gist (a WITH =);")
            .constraint_type == "exclusion");
  CHECK(only_operation("ALTER TABLE t ALTER COLUMN a TYPE \"we\\ird\";").to_type == "we\\ird");
  CHECK(only_operation("ALTER TABLE t ALTER COLUMN a TYPE double precision;").to_type == "float8");
  CHECK(only_operation("DROP TABLE \"s\\1\".\"t\";").table == "s\\1.t");
  CHECK(only_operation("DROP INDEX i;").kind == OperationKind::drop_index);
  CHECK(only_operation("DROP TYPE \"e\\num\";").name == "e\\num");
  CHECK(only_operation("DROP VIEW v;").kind == OperationKind::drop_object);
  CHECK(only_operation("DROP SEQUENCE s;").kind == OperationKind::other);
  CHECK(only_operation("TRUNCATE \"a\\b\";").table == "a\\b");
  CHECK(only_operation("GRANT SELECT ON t TO u;").kind == OperationKind::other);
  CHECK(only_operation("CREATE TYPE e AS ENUM ('a');").kind == OperationKind::create_type);
}

namespace {

// may_hold_long_identifier may say true of anything; it must say it of every text in which
// find_long_identifiers finds a name.
void check_ruled_out_only_without_long_names(const std::string& text) {
  INFO(text);
  if (!find_long_identifiers(text).empty()) CHECK(may_hold_long_identifier(text));
}

// Texts around the lengths that matter (63 and 64 bytes) at every offset of three blocks of
// sixteen, so runs and quote gaps cross block boundaries and end in the tail.
std::vector<std::string> identifier_edges() {
  std::vector<std::string> texts;
  const std::vector<std::string> fills = {"a", "Z", "_", "$", "7", "\xC3\xA9"};
  for (std::size_t offset = 0; offset <= 48; ++offset) {
    const std::string before(offset, ' ');
    for (std::size_t length = 60; length <= 68; ++length) {
      for (const std::string& fill : fills) {
        std::string run = "x";  // an identifier starts with a letter; the rest is any part
        while (run.size() < length) run += fill;
        texts.push_back(before + run + " ;");
        texts.push_back(before + run);
        texts.push_back(before + "\"" + run + "\" ;");
        texts.push_back(before + "\"" + run);  // unterminated
      }
      const std::string spaced = "a " + std::string(length - 2, 'b');
      texts.push_back(before + "\"" + spaced + "\"");
      texts.push_back(before + "\"" + spaced);
    }
    // Quoted names whose escaped quotes the gaps between quotes do not count: many, and one
    // (which some offsets put across a block boundary).
    std::string doubled = before + "\"";
    while (doubled.size() < offset + 80) doubled += "ab\"\"";
    texts.push_back(doubled + "\"");
    const std::string half(40, 'a');
    texts.push_back(before + "\"" + half + "\"\"" + half + "\"");
  }
  return texts;
}

// `count` texts of identifier bytes, quotes and separators, up to `max_length` bytes each, the
// same every run: some with long runs of identifier bytes, some with doubled quotes.
std::vector<std::string> random_texts(std::uint32_t seed, std::size_t max_length, int count) {
  std::uint32_t state = seed;
  const auto next = [&state] {
    state = state * 1103515245u + 12345u;
    return state >> 16;
  };
  const std::string alphabet = "aaaaaaaaaaaaaaaaaaaaZ9_$\"\" '-/*\n\xC3";
  std::vector<std::string> texts;
  for (int i = 0; i < count; ++i) {
    std::string text(next() % (max_length + 1), ' ');
    for (char& c : text) c = alphabet[next() % alphabet.size()];
    texts.push_back(std::move(text));
  }
  return texts;
}

}  // namespace

TEST_CASE("may_hold_long_identifier rules out no text in which a long name is found") {
  for (const std::string& block : issuelint::testing::fixture_sql_blocks()) {
    check_ruled_out_only_without_long_names(block);
    check_ruled_out_only_without_long_names(block + "\n-- " + std::string(70, 'q'));
  }
  std::size_t long_names = 0;
  for (const std::string& text : identifier_edges()) {
    check_ruled_out_only_without_long_names(text);
    if (!find_long_identifiers(text).empty()) ++long_names;
  }
  CHECK(long_names > 1000);  // the edges are mostly long names, not only short ones
  // Random texts of identifier bytes, quotes and separators, some with long runs.
  for (const std::string& text : random_texts(12345, 199, 20000)) {
    check_ruled_out_only_without_long_names(text);
  }
}

TEST_CASE("may_hold_long_identifier rules out statements of short names, quoted or not") {
  for (const char* sql : {
           "CREATE TABLE IF NOT EXISTS \"audit_log\" (\n  \"id\" serial PRIMARY KEY NOT NULL,\n"
           "  \"booking_id\" integer NOT NULL,\n  \"change\" text NOT NULL\n);",
           "ALTER TABLE \"audit_log\" ADD CONSTRAINT \"audit_log_booking_id_fk\" FOREIGN KEY "
           "(\"booking_id\") REFERENCES \"bookings\"(\"id\");",
           "DROP TABLE IF EXISTS \"audit_log\";",
           "create table users (id bigserial primary key, email_address_confirmed_at timestamptz);",
           "",
       }) {
    INFO(sql);
    CHECK_FALSE(may_hold_long_identifier(sql));
  }
  // 63 bytes is not too long; 64 is, unquoted, quoted and unterminated.
  for (const std::size_t length : {std::size_t{63}, std::size_t{64}}) {
    const std::string name(length, 'n');
    for (const std::string& text : {"ALTER TABLE t ADD " + name + " int;", "\"" + name + "\";",
                                    "COMMENT ON t IS '' \"" + name}) {
      INFO(text);
      CHECK(may_hold_long_identifier(text) == (length == 64));
    }
  }
}

// describe_statement does not look for long names in a statement of at most 63 bytes: every
// long name takes more bytes of text than that, quoted, unquoted or unterminated.
TEST_CASE("No text of 63 bytes or fewer holds a long name, and 64 bytes can") {
  for (const std::string& text : random_texts(67890, kMaxIdentifierBytes, 50000)) {
    INFO(text);
    CHECK(find_long_identifiers(text).empty());
  }
  const std::string name(kMaxIdentifierBytes + 1, 'n');
  CHECK(find_long_identifiers(name).size() == 1);
  CHECK(find_long_identifiers("\"" + name.substr(1) + "\"").empty());
  CHECK(find_long_identifiers("\"" + name).size() == 1);  // unterminated, to the end
}
