// A statement whose parse tree is deeper than a thread's stack is parsed on a stack of its own
// (rules/sql/parser_stack.h): libpg_query's output recursed past the stack and crashed.
#include "rules/sql/parser_stack.h"

#include <pg_query.h>

#include <catch2/catch.hpp>
#include <cstddef>
#include <string>

#include "rules/sql/migration_analysis.h"
#include "rules/sql/pg_query_handle.h"
#include "rules/sql/sql_parser.h"

using issuelint::make_error;
using issuelint::Result;
using namespace issuelint::sql;

namespace {

// `first`, then `link` + `operand` `count` times: a left-associative chain, one tree level each.
std::string operator_chain(const std::string& first, const std::string& link, int count) {
  std::string text = first;
  text.reserve(first.size() + (link.size() + 1) * static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) text += link;
  return text;
}

// Runs `check` on a 2 MB stack, a worker thread's size on some systems: a chain of 100,000
// operators needs about 12 MB where libpg_query's output walks it, so without a stack of its
// own its parse crashes whatever the stack of the test process.
template <typename Check>
void on_small_stack(Check check) {
  const auto body = [](void* context) { (*static_cast<Check*>(context))(); };
  REQUIRE(run_on_stack_of(std::size_t{2} << 20, body, &check));
}

}  // namespace

TEST_CASE("a chain of 100,000 operators or casts is parsed, not a crash", "[robustness]") {
  const std::string scripts[] = {
      "SELECT " + operator_chain("1", "+1", 100000) + ";",
      "ALTER TABLE t ADD COLUMN c int DEFAULT " + operator_chain("1", "+1", 100000) + ";",
      "SELECT " + operator_chain("1", "::int", 100000) + ";",
      "SELECT " + operator_chain("a", " || a", 100000) + ";",
  };
  for (const std::string& sql : scripts) {
    ScriptAnalysis script;
    on_small_stack([&] { script = analyze_sql(sql, 0); });
    CHECK(script.statement_count == 1);
    CHECK(script.errors.empty());
  }
}

TEST_CASE("the fingerprint of a deep statement is taken on a stack of its own", "[robustness]") {
  const std::string sql = "ALTER TABLE table_name ADD COLUMN new_column int DEFAULT " +
                          operator_chain("1", "+1", 100000);
  Result<std::string> print = make_error("not run");
  on_small_stack([&] { print = fingerprint(sql); });
  CHECK(print.ok());
}

TEST_CASE("a parse that cannot have the stack it needs is an error, freed as libpg_query's") {
  // The length alone decides the stack: this one asks for more than a parse may have.
  const std::size_t too_long = kLargestParserStack;
  const ParseHandle parsed(parse_with_stack(pg_query_parse, "SELECT 1", too_long));
  REQUIRE(parsed->error != nullptr);
  CHECK(std::string(parsed->error->message) == statement_too_large_message(too_long));
  CHECK(parsed->error->cursorpos == 0);
  CHECK(parsed->parse_tree == nullptr);
  const FingerprintHandle printed(parse_with_stack(pg_query_fingerprint, "SELECT 1", too_long));
  CHECK(printed->error != nullptr);
}

TEST_CASE("a statement up to the in-place size is parsed where it is, a longer one as well") {
  for (const std::size_t length : {kParsedInPlaceBytes, kParsedInPlaceBytes + 1}) {
    const std::string sql = "SELECT " + std::string(length - 8, '1') + ";";
    REQUIRE(sql.size() == length);
    const ParseHandle parsed(parse_with_stack(pg_query_parse, sql.c_str(), sql.size()));
    CHECK(parsed->error == nullptr);
  }
}
