// nearest_names: the suggestions for a mistyped rule id.
#include "bot/cli/nearest_names.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

using issuelint::cli::nearest_names;

namespace {

const std::vector<std::string> kIds = {
    "section-missing",          "section-empty",          "title-format", "title-format",
    "sql-index-not-concurrent", "sql-rollback-incomplete"};

}  // namespace

TEST_CASE("nearest_names: a typo, a dropped word, another case") {
  CHECK(nearest_names("section-mising", kIds) == std::vector<std::string>{"section-missing"});
  CHECK(nearest_names("sql-index-concurrent", kIds) ==
        std::vector<std::string>{"sql-index-not-concurrent"});
  CHECK(nearest_names("Title-Format", kIds) == std::vector<std::string>{"title-format"});
}

TEST_CASE("nearest_names: a part of several ids names them all, each once, in their order") {
  CHECK(nearest_names("section", kIds) ==
        std::vector<std::string>{"section-missing", "section-empty"});
  CHECK(nearest_names("title", kIds) == std::vector<std::string>{"title-format"});
}

TEST_CASE("nearest_names: nothing near is no suggestion") {
  CHECK(nearest_names("zzzz", kIds).empty());
  CHECK(nearest_names("ql", kIds).empty());
  CHECK(nearest_names("", kIds).empty());
  CHECK(nearest_names("section-missing", {}).empty());
}
