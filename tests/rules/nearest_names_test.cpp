// nearest_names: the suggestions for a mistyped rule id.
#include "rules/nearest_names.h"

#include <catch2/catch.hpp>
#include <ctime>
#include <string>
#include <vector>

using issuelint::did_you_mean;
using issuelint::nearest_names;

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

TEST_CASE("did_you_mean: one name, several, at most five, or nothing") {
  CHECK(did_you_mean("section-mising", kIds) == "; did you mean 'section-missing'?");
  CHECK(did_you_mean("section", kIds) ==
        "; did you mean one of 'section-missing', 'section-empty'?");
  const std::vector<std::string> many = {"item-1", "item-2", "item-3",
                                         "item-4", "item-5", "item-6"};
  CHECK(did_you_mean("item", many) ==
        "; did you mean one of 'item-1', 'item-2', 'item-3', 'item-4', 'item-5', …?");
  CHECK(did_you_mean("zzzz", kIds).empty());
}

// CPU time, not the wall clock: a loaded machine stretches the one, not the other.
TEST_CASE("nearest_names: a name of megabytes is answered at once") {
  // The name is a configuration's key or rule id, as long as its file: each of the ~50 known
  // names compared step by step with it took seconds.
  std::vector<std::string> ids;
  for (int i = 0; i < 50; ++i) ids.push_back("sql-index-not-concurrent-" + std::to_string(i));
  const std::string wanted(4'000'000, 'x');
  const std::clock_t start = std::clock();
  CHECK(nearest_names(wanted, ids).empty());
  CHECK(nearest_names(wanted + "sql-index-not-concurrent-7", ids) ==
        std::vector<std::string>{"sql-index-not-concurrent-7"});
  CHECK(static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC < 0.5);
}
