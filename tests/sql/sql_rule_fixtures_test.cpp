// Every SQL and Drizzle rule has golden fixtures both ways: a sql-*/drizzle-* case whose
// expected verdict holds the rule, and one whose verdict does not. Documentation beside the
// code says what PostgreSQL does, with a failing and a passing example.
#include <catch2/catch.hpp>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>

#include "rules/registry.h"

namespace fs = std::filesystem;
using namespace issuelint;

namespace {

bool is_sql_rule(const std::string& name) {
  return name.starts_with("sql-") || name.starts_with("drizzle-");
}

std::set<std::string> fired_rules(const fs::path& golden) {
  std::ifstream file(golden);
  std::ostringstream text;
  text << file.rdbuf();
  std::set<std::string> rules;
  const auto verdict = nlohmann::json::parse(text.str());
  for (const auto& finding : verdict["findings"]) {
    rules.insert(finding["rule"].get<std::string>());
  }
  return rules;
}

// The lock taken, the rewrite, or the failure at run time.
bool names_a_postgresql_reason(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* reason : {"lock", "rewrit", "fail", "postgresql", "reject"}) {
    if (text.find(reason) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("every SQL and Drizzle rule has a fixture that fires it and one that does not") {
  std::vector<std::set<std::string>> verdicts;
  for (const auto& entry :
       fs::directory_iterator(fs::path(ISSUELINT_SOURCE_DIR) / "fixtures" / "issues")) {
    const std::string name = entry.path().filename().string();
    if (!name.ends_with(".expected.json") || !is_sql_rule(name)) continue;
    verdicts.push_back(fired_rules(entry.path()));
  }
  REQUIRE(verdicts.size() >= 20);
  int checked = 0;
  for (const RuleKind& kind : rule_kinds()) {
    if (!is_sql_rule(kind.name)) continue;
    ++checked;
    int fires = 0;
    for (const auto& rules : verdicts) fires += rules.contains(kind.name) ? 1 : 0;
    INFO(kind.name);
    CHECK(fires >= 1);
    CHECK(fires < static_cast<int>(verdicts.size()));
  }
  CHECK(checked >= 21);
}

TEST_CASE("SQL rules explain the PostgreSQL reason, with a failing and a passing example") {
  for (const RuleKind& kind : rule_kinds()) {
    if (!kind.name.starts_with("sql-")) continue;
    INFO(kind.name);
    const RuleInfo& info = kind.defaults;
    CHECK(info.id == kind.name);
    CHECK(info.explanation.size() > 150);
    CHECK(names_a_postgresql_reason(info.explanation.str()));
    CHECK_FALSE(info.failing_example.empty());
    CHECK_FALSE(info.passing_example.empty());
    CHECK(info.failing_example != info.passing_example);
  }
}
