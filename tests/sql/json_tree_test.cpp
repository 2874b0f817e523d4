// The flat JSON reader that replaced nlohmann::json for libpg_query's parse trees: the JSON
// grammar it needs, and the same tree as nlohmann::json reads, for every statement of every
// fixture draft and for statements with escapes, Unicode, parameters and PL/pgSQL bodies.
#include "rules/sql/json_tree.h"

#include <pg_query.h>

#include <catch2/catch.hpp>
#include <charconv>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tests/sql/fixture_sql.h"

using issuelint::sql::JsonNode;
using issuelint::sql::JsonTree;

namespace {

// Same value, member for member; nlohmann keeps members sorted, JsonNode keeps text order.
void check_same(const nlohmann::json& expected, JsonNode actual, const std::string& path) {
  INFO(path);
  if (expected.is_object()) {
    REQUIRE(actual.is_object());
    REQUIRE(actual.size() == expected.size());
    for (const auto& [key, value] : expected.items()) {
      REQUIRE(actual.contains(key));
      check_same(value, actual[key], path + "." + key);
    }
  } else if (expected.is_array()) {
    REQUIRE(actual.is_array());
    REQUIRE(actual.size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
      check_same(expected[i], actual[i], path + "[" + std::to_string(i) + "]");
    }
  } else if (expected.is_string()) {
    REQUIRE(actual.is_string());
    CHECK(actual.string() == expected.get<std::string>());
    CHECK(actual.string_is(expected.get<std::string>()));
    std::string unescaped;
    CHECK(actual.string_as_view(unescaped) == expected.get<std::string>());
  } else if (expected.is_boolean()) {
    REQUIRE(actual.is_boolean());
    CHECK(actual.boolean() == expected.get<bool>());
  } else if (expected.is_number_integer()) {
    REQUIRE(actual.is_integer());
    CHECK(actual.integer() == expected.get<long long>());
    CHECK(actual.integer_if_integer() == expected.get<long long>());
  } else if (expected.is_null()) {
    CHECK(actual.is_null());
  } else {
    CHECK_FALSE(actual.is_integer());  // a float: libpg_query writes none, but keep it apart
    CHECK_FALSE(actual.integer_if_integer());
  }
}

// Read both ways: from a copy (parse) and in place, as sql_parser.cpp reads libpg_query's output.
void check_same_tree(const char* json) {
  const nlohmann::json expected = nlohmann::json::parse(json);
  const std::string start = std::string(json).substr(0, 80);
  check_same(expected, JsonTree::parse(json)->root(), start);
  const JsonTree in_place{std::string_view(json)};
  check_same(expected, in_place.root(), "in place: " + start);
}

// Every SQL statement of the fixture drafts, split as the pipeline splits them.
std::vector<std::string> fixture_statements() {
  std::vector<std::string> statements;
  for (const std::string& block : issuelint::testing::fixture_sql_blocks()) {
    PgQuerySplitResult split = pg_query_split_with_scanner(block.c_str());
    for (int i = 0; split.error == nullptr && i < split.n_stmts; ++i) {
      statements.push_back(block.substr(static_cast<std::size_t>(split.stmts[i]->stmt_location),
                                        static_cast<std::size_t>(split.stmts[i]->stmt_len)));
    }
    pg_query_free_split_result(split);
  }
  return statements;
}

}  // namespace

TEST_CASE("JsonTree reads objects, arrays, scalars and escapes") {
  const auto tree = JsonTree::parse(
      R"( {"b": [1, -2, 3.5e1, true, false, null, {}, []], "a": "x\"y\\z\/\n\t\u00e9\ud83d\ude00",)"
      R"( "empty": "", "nested": {"deep": {"deeper": [[["end"]]]}}} )");
  const JsonNode root = tree->root();
  REQUIRE(root.is_object());
  CHECK(root.size() == 4);
  CHECK(root.first().key() == "b");  // text order, not name order
  const JsonNode list = root["b"];
  REQUIRE(list.size() == 8);
  CHECK(list[0].integer() == 1);
  CHECK(list[1].integer() == -2);
  CHECK(list[2].is_integer() == false);
  CHECK(list[3].boolean());
  CHECK(list[4].is_boolean());
  CHECK_FALSE(list[4].boolean());
  CHECK(list[5].is_null());
  CHECK((list[6].is_object() && list[6].empty()));
  CHECK((list[7].is_array() && list[7].empty()));
  CHECK(list.back().is_array());
  CHECK(root["a"].string() == "x\"y\\z/\n\t\xC3\xA9\xF0\x9F\x98\x80");
  CHECK(root["a"].string_is("x\"y\\z/\n\t\xC3\xA9\xF0\x9F\x98\x80"));
  CHECK(root["empty"].is_string());
  CHECK(root["empty"].string().empty());
  CHECK(root["nested"]["deep"]["deeper"][0][0][0].string() == "end");
  // Missing values chain as null and read as empty, false, 0.
  CHECK(root["missing"]["more"][3].is_null());
  CHECK(root["missing"].string().empty());
  CHECK_FALSE(root["missing"].boolean());
  CHECK(root["missing"].integer() == 0);
  CHECK(root["a"]["not an object"].is_null());
  CHECK(root["a"].size() == 0);
  int visited = 0;
  for (JsonNode scalar : root["a"]) {
    (void)scalar;
    ++visited;
  }
  CHECK(visited == 0);
}

// integer() sums up to 18 digits itself; it must give what from_chars gives on every number,
// and 0 for anything that is not an integer.
TEST_CASE("JsonTree integers read as from_chars reads them, at every length and edge") {
  const std::vector<std::string> numbers = {"0",
                                            "7",
                                            "-0",
                                            "-5",
                                            "007",
                                            "9999",  // the longest read inline
                                            "10000",
                                            "-123",
                                            "-",
                                            "1.5",
                                            "1e3",
                                            "1E3",
                                            "12x",
                                            "123456789012345678",
                                            "999999999999999999",
                                            "1234567890123456789",
                                            "9223372036854775807",
                                            "9223372036854775808",
                                            "-9223372036854775808",
                                            "-9223372036854775809",
                                            "99999999999999999999999"};
  for (const std::string& number : numbers) {
    INFO(number);
    const auto tree = JsonTree::parse("[" + number + ", \"" + number + "\"]");
    REQUIRE(tree->root().is_array());
    long long expected = 0;
    const bool integer = number.find_first_of(".eE") == std::string::npos;
    if (integer) std::from_chars(number.data(), number.data() + number.size(), expected);
    CHECK(tree->root()[0].is_integer() == integer);
    CHECK(tree->root()[0].integer() == expected);
    CHECK(tree->root()[1].integer() == 0);  // the same digits as a string are no number
    // integer_if_integer(): the two calls it replaces, in one.
    for (const JsonNode node : {tree->root()[0], tree->root()[1], tree->root()[2]}) {
      const std::optional<long long> value = node.integer_if_integer();
      CHECK(value.has_value() == node.is_integer());
      if (value) CHECK(*value == node.integer());
    }
  }
}

TEST_CASE("JsonTree gives a null root for text that is not JSON") {
  for (const char* text : {"", "{", "[1,]", "{\"a\" 1}", "{\"a\": tru}", "[1] 2", "\"open",
                           "{\"a\": [1, 2}", "{1: 2}", "[1,", "{\"a\":", "{\"a\"", "[true",
                           "{\"a\":{}", "[[]", "[1 2]", "{\"a\":1 \"b\":2}", "[\"a\\", " "}) {
    INFO(text);
    CHECK(JsonTree::parse(text)->root().is_null());
    CHECK(JsonTree(std::string_view(text)).root().is_null());
  }
  CHECK(JsonTree::parse(" {} \n")->root().is_object());
  CHECK(JsonTree::parse("[ 1 , \"a\" ]")->root().is_array());
  CHECK(JsonTree(std::string_view("[ 1 , \"a\" ]")).root().is_array());
  CHECK(JsonTree().root().is_null());
}

TEST_CASE("JsonTree reads deep nesting without recursion") {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  const auto tree = JsonTree::parse(deep);
  CHECK(tree->root().is_array());
  CHECK(tree->root().size() == 1);
}

TEST_CASE(
    "JsonTree reads libpg_query's trees as nlohmann::json does, over every fixture statement") {
  const auto statements = fixture_statements();
  REQUIRE(statements.size() > 20);
  for (const std::string& statement : statements) {
    PgQueryParseResult parsed = pg_query_parse(statement.c_str());
    if (parsed.error == nullptr) check_same_tree(parsed.parse_tree);
    pg_query_free_parse_result(parsed);
  }
}

TEST_CASE("JsonTree reads escapes, Unicode, parameters and PL/pgSQL trees as nlohmann::json does") {
  const std::vector<std::string> statements = {
      "COMMENT ON TABLE t IS 'a \"quote\", a \\ backslash, caf\xC3\xA9, \xF0\x9F\x98\x80';",
      "INSERT INTO t (a) VALUES (E'line\\nbreak\\ttab\\x01');",
      "CREATE TABLE \"Odd \"\"Name\"\"\" (id int DEFAULT -1, f float8 DEFAULT 1.5e10);",
      "ALTER TABLE t ADD COLUMN c int DEFAULT $1;",
      "DO $$ BEGIN IF true THEN UPDATE t SET a = 1; ELSE DELETE FROM t; END IF; END $$;",
  };
  for (const std::string& statement : statements) {
    INFO(statement);
    PgQueryParseResult parsed = pg_query_parse(statement.c_str());
    REQUIRE(parsed.error == nullptr);
    check_same_tree(parsed.parse_tree);
    pg_query_free_parse_result(parsed);
    // Only a statement with a PL/pgSQL body goes through pg_query_parse_plpgsql, as in
    // sql_parser.cpp: libpg_query 15-4.0.0 leaks its stderr buffer when given none (LSan).
    if (statement.rfind("DO ", 0) != 0) continue;
    PgQueryPlpgsqlParseResult body = pg_query_parse_plpgsql(statement.c_str());
    REQUIRE(body.error == nullptr);
    REQUIRE(body.plpgsql_funcs != nullptr);
    check_same_tree(body.plpgsql_funcs);
    pg_query_free_plpgsql_parse_result(body);
  }
}

// Strings are scanned sixteen bytes at a time (SSE2), then eight, then byte by byte: a quote and
// an escape at every offset of two blocks of sixteen, with keys of every length before them.
TEST_CASE("JsonTree finds every string's end, escapes at any offset of a 16-byte block") {
  for (std::size_t length = 0; length < 40; ++length) {
    for (std::size_t at = 0; at <= length; ++at) {
      std::string value(length, 'x');
      std::string escaped = value;
      value.insert(at, "\"");
      escaped.insert(at, "\\\"");
      const std::string text = "{\"k" + std::string(at, 'y') + "\": [\"" + escaped + "\", 1]}";
      INFO(text);
      const auto tree = JsonTree::parse(text);
      const JsonNode root = tree->root();
      REQUIRE(root.is_object());
      CHECK(root.first().key() == "k" + std::string(at, 'y'));
      CHECK(root.first()[0].string() == value);
      CHECK(root.first()[1].integer() == 1);
      // Cut inside the string, or right after its backslash: not JSON.
      CHECK(JsonTree::parse(text.substr(0, text.find("\\\"") + 1))->root().is_null());
      CHECK(JsonTree::parse("[\"" + escaped)->root().is_null());
    }
  }
}

// build() compares the byte it expects first and skips white space only where that fails
// (libpg_query writes none): the same trees laid out with white space between every token, and
// every cut of them, must read as before.
TEST_CASE("JsonTree reads every fixture tree with white space between tokens, and no cut of it") {
  const auto statements = fixture_statements();
  REQUIRE(statements.size() > 20);
  for (const std::string& statement : statements) {
    PgQueryParseResult parsed = pg_query_parse(statement.c_str());
    if (parsed.error == nullptr) {
      const nlohmann::json expected = nlohmann::json::parse(parsed.parse_tree);
      for (const std::string& spaced :
           {expected.dump(2), expected.dump(1, '\t'), " \r\n" + expected.dump(0) + "\n\t "}) {
        INFO(spaced.substr(0, 80));
        check_same(expected, JsonTree::parse(spaced)->root(), "spaced");
        check_same(expected, JsonTree(std::string_view(spaced)).root(), "spaced, in place");
      }
      const std::string compact = parsed.parse_tree;
      for (std::size_t length = 0; length < compact.size(); ++length) {
        INFO(compact.substr(0, length));
        CHECK(JsonTree::parse(compact.substr(0, length))->root().is_null());
      }
    }
    pg_query_free_parse_result(parsed);
  }
}
