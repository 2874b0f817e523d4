// Building a catalog loads each built-in pack at most once (BuiltinPackCache in
// rules/template_catalog.cpp): every template must still get a whole pack of its own, exactly as
// a fresh load gives it, with the configuration applied to it alone.
#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "rules/config.h"
#include "rules/rule_set.h"
#include "rules/template_catalog.h"
#include "tests/rules/rule_test_support.h"

using namespace issuelint;
using issuelint::testing::kRoot;
using issuelint::testing::make_template;
using issuelint::testing::read_text;
namespace fs = std::filesystem;

namespace {

// "id severity" of every rule, and every managed label, in pack order.
std::vector<std::string> outline(const RuleSet& rules) {
  std::vector<std::string> lines;
  for (const auto& rule : rules.rules) {
    lines.push_back(rule->info().id + " " +
                    std::to_string(static_cast<int>(rule->info().severity)));
  }
  for (const auto& label : rules.labels) lines.push_back("label " + label.label.name);
  return lines;
}

std::vector<std::string> fresh_pack_outline() {
  auto pack = load_builtin_pack("db-migration");
  REQUIRE(pack.ok());
  return outline(*pack);
}

// Three copies of the flagship template (each recognised by the built-in pack) and a bug report
// template (recognised by none: its rules are derived).
std::vector<IssueTemplate> templates() {
  const std::string flagship = read_text(kRoot / "fixtures/templates/db-migration.md");
  std::vector<IssueTemplate> all;
  for (const char* id : {"db-a", "db-b", "db-c"}) all.push_back(make_template(flagship, id));
  all.push_back(make_template(
      "---\nname: Bug report\ntitle: '[BUG] '\n---\n## Summary\n\nWhat happened.\n", "bug"));
  return all;
}

const RuleSet& rules_of(const TemplateCatalog& catalog, std::string_view id) {
  for (const auto& entry : catalog.entries()) {
    if (entry.issue_template.id == id) return entry.rules;
  }
  FAIL("no catalog entry for " << id);
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("pack cache: every template a built-in pack recognises gets the whole pack") {
  auto catalog = TemplateCatalog::build(templates(), nullptr);
  REQUIRE(catalog.ok());
  const auto expected = fresh_pack_outline();
  REQUIRE(expected.size() > 10);
  for (const char* id : {"db-a", "db-b", "db-c"}) {
    INFO(id);
    CHECK(rules_of(*catalog, id).name == "db-migration");
    CHECK(outline(rules_of(*catalog, id)) == expected);
  }
  CHECK(rules_of(*catalog, "bug").name != "db-migration");
}

TEST_CASE("pack cache: configuration changes each template's copy once") {
  auto pack = load_builtin_pack("db-migration");
  REQUIRE(pack.ok());
  REQUIRE(pack->rules.size() > 2);
  const std::string disabled = pack->rules.front()->info().id;
  std::string softened;
  for (const auto& rule : pack->rules) {
    if (rule->info().id != disabled && rule->info().severity != Severity::info) {
      softened = rule->info().id;
    }
  }
  REQUIRE_FALSE(softened.empty());
  auto config = parse_config("packs:\n  db-b: db-migration\nrules:\n  " + disabled + ": off\n  " +
                                 softened + ": {severity: info}\n",
                             ".github/issuelint.yml");
  REQUIRE(config.ok());
  auto catalog = TemplateCatalog::build(templates(), &*config);
  REQUIRE(catalog.ok());
  for (const char* id : {"db-a", "db-b", "db-c"}) {
    INFO(id);
    const RuleSet& rules = rules_of(*catalog, id);
    CHECK(rules.rules.size() + 1 == pack->rules.size());
    bool found_softened = false;
    for (const auto& rule : rules.rules) {
      CHECK(rule->info().id != disabled);
      if (rule->info().id != softened) continue;
      found_softened = true;
      CHECK(rule->info().severity == Severity::info);
    }
    CHECK(found_softened);
  }
  CHECK(fresh_pack_outline() == outline(*pack));  // a later load shares nothing with them
}

TEST_CASE("pack cache: the default catalog is its pack over its template, as built by hand") {
  auto builtin = TemplateCatalog::builtin_default();
  REQUIRE(builtin.ok());
  REQUIRE(builtin->entries().size() == 1);
  auto pack = load_builtin_pack("db-migration");
  REQUIRE(pack.ok());
  auto issue_template =
      parse_markdown_template(read_text(kRoot / "rules" / "packs" / pack->builtin_template),
                              "db-migration", "builtin:" + pack->builtin_template);
  REQUIRE(issue_template.ok());
  std::vector<IssueTemplate> by_hand;
  by_hand.push_back(std::move(*issue_template));
  auto catalog = TemplateCatalog::build(std::move(by_hand), nullptr);
  REQUIRE(catalog.ok());
  const CatalogEntry& expected = catalog->entries().front();
  const CatalogEntry& actual = builtin->entries().front();
  CHECK(actual.issue_template.id == expected.issue_template.id);
  CHECK(actual.issue_template.source == expected.issue_template.source);
  CHECK(actual.issue_template.sections.size() == expected.issue_template.sections.size());
  CHECK(outline(actual.rules) == outline(expected.rules));
  CHECK(outline(actual.rules) == fresh_pack_outline());
}
