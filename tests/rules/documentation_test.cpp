// The user's documentation against the rules as the program has them: every rule id `issuelint
// rules` lists, every label a pack manages, every rule kind's keys and the pack file example. A
// rule, label or key added or changed without its documentation fails here.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <regex>
#include <set>
#include <string>

#include "rules/finding.h"
#include "rules/registry.h"
#include "rules/rule_catalog.h"
#include "rules/rule_set.h"
#include "rules/template_rules.h"
#include "tests/rules/rule_test_support.h"

using namespace issuelint;
using issuelint::testing::make_template;
using issuelint::testing::read_text;

namespace {

const std::filesystem::path kDocs = std::filesystem::path(ISSUELINT_SOURCE_DIR) / "docs";

// The line of `doc` that starts with `start` (a table row by its first cell), or "".
std::string line_starting(const std::string& doc, const std::string& start) {
  for (std::size_t at = 0; at < doc.size();) {
    const std::size_t end = std::min(doc.find('\n', at), doc.size());
    if (doc.compare(at, start.size(), start) == 0) return doc.substr(at, end - at);
    at = end + 1;
  }
  return "";
}

// `id` as a word of `doc`: not the start or end of a longer id (`section-missing` in
// `subsection-missing` does not count).
bool names_word(const std::string& doc, const std::string& id) {
  const auto part_of_id = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-';
  };
  for (std::size_t at = doc.find(id); at != std::string::npos; at = doc.find(id, at + 1)) {
    const bool starts = at == 0 || !part_of_id(doc[at - 1]);
    const std::size_t after = at + id.size();
    if (starts && (after == doc.size() || !part_of_id(doc[after]))) return true;
  }
  return false;
}

// The first ```yaml block after `heading`.
std::string yaml_block_after(const std::string& doc, const std::string& heading) {
  const std::size_t section = doc.find(heading);
  REQUIRE(section != std::string::npos);
  const std::size_t begin = doc.find("```yaml\n", section);
  REQUIRE(begin != std::string::npos);
  const std::size_t end = doc.find("```", begin + 8);
  return doc.substr(begin + 8, end - begin - 8);
}

}  // namespace

TEST_CASE("docs: each db-migration rule has its row in docs/db-migration.md, as `rules` lists it") {
  const std::string doc = read_text(kDocs / "db-migration.md");
  const std::string configuration = read_text(kDocs / "configuration.md");
  int rows = 0;
  for (const RuleInfo& info : builtin_rule_infos()) {
    INFO(info.id << " (pack " << info.pack << ")");
    if (info.pack != "db-migration") {
      // The rules of every template and issuelint's own findings.
      CHECK(names_word(configuration, info.id));
      continue;
    }
    const std::string row = "| `" + info.id + "` | " + std::string(severity_name(info.severity)) +
                            " | " + std::string(info.summary) + " |";
    CHECK(line_starting(doc, "| `" + info.id + "` |") == row);
    ++rows;
  }
  CHECK(rows > 40);
}

TEST_CASE("docs: docs/db-migration.md names the ids it shares with every template, no other") {
  const std::string doc = read_text(kDocs / "db-migration.md");
  const std::size_t begin = doc.find("Shared with every other template");
  REQUIRE(begin != std::string::npos);
  const std::string paragraph = doc.substr(begin, doc.find("\n\n", begin) - begin);
  std::set<std::string> named;
  const std::regex backticked("`([a-z-]+)`");
  for (std::sregex_iterator it(paragraph.begin(), paragraph.end(), backticked), end; it != end;
       ++it) {
    named.insert((*it)[1]);
  }
  std::set<std::string> flagship;
  std::set<std::string> shared;
  for (const RuleInfo& info : builtin_rule_infos()) {
    if (info.pack == "db-migration") flagship.insert(info.id);
  }
  for (const RuleInfo& info : builtin_rule_infos()) {
    if (info.pack == "generic" && flagship.count(info.id) > 0) shared.insert(info.id);
  }
  CHECK(named == shared);
}

TEST_CASE("docs: each label a built-in pack manages is in its doc, colour and description too") {
  const std::string doc = read_text(kDocs / "db-migration.md");
  auto pack = load_builtin_pack("db-migration");
  REQUIRE(pack.ok());
  REQUIRE(pack->labels.size() > 5);
  for (const LabelRule& rule : pack->labels) {
    const ManagedLabel& label = rule.label;
    INFO(label.name);
    const std::string start =
        "| `" + label.name + "` | `" + label.color + "` | " + label.description + " | ";
    CHECK(line_starting(doc, start).size() > start.size());
  }
  // A template without a pack manages needs-info alone, said in both docs.
  auto derived = derive_rules(make_template("## Summary\n\nWhat happened.\n"));
  REQUIRE(derived.ok());
  REQUIRE(derived->labels.size() == 1);
  const ManagedLabel& needs_info = derived->labels.front().label;
  CHECK(read_text(kDocs / "configuration.md")
            .find("`" + needs_info.name + "` (colour `" + needs_info.color + "`)") !=
        std::string::npos);
  CHECK(line_starting(doc, "| `" + needs_info.name + "` | `" + needs_info.color + "` | " +
                               needs_info.description + " |")
            .size() > 0);
}

TEST_CASE("docs: the rule kinds table of docs/configuration.md gives each kind's keys, no other") {
  const std::string doc = read_text(kDocs / "configuration.md");
  const std::regex backticked("`([a-z_]+)`");
  for (const RuleKind& kind : rule_kinds()) {
    INFO("kind " << kind.name);
    if (!kind.defaults.id.empty()) {
      // A code rule of the flagship: one row stands for them all; each is in db-migration.md.
      CHECK(kind.keys.empty());
      CHECK((kind.name.starts_with("sql-") || kind.name.starts_with("drizzle-")));
      continue;
    }
    const std::string row = line_starting(doc, "| `" + kind.name + "` |");
    REQUIRE_FALSE(row.empty());
    for (const std::string& key : kind.keys) CHECK(row.find("`" + key + "`") != std::string::npos);
    const std::string keys_cell = row.substr(kind.name.size() + 5);
    for (std::sregex_iterator it(keys_cell.begin(), keys_cell.end(), backticked), end; it != end;
         ++it) {
      const std::string named = (*it)[1];
      INFO("the row names `" << named << "`");
      CHECK(std::find(kind.keys.begin(), kind.keys.end(), named) != kind.keys.end());
    }
  }
  CHECK_FALSE(line_starting(doc, "| `sql-*`, `drizzle-*` |").empty());
}

TEST_CASE("docs: the pack file of docs/configuration.md loads as a repository's pack file") {
  const std::string text = yaml_block_after(read_text(kDocs / "configuration.md"), "## Pack files");
  auto pack = parse_pack(text, "repo/.github/team/bugs.yml");
  if (!pack.ok()) FAIL(pack.error().describe());
  CHECK(pack->name == "bugs");
  CHECK(pack->labels.size() == 2);
  CHECK(pack->rules.size() == 2);
  CHECK(pack->table_names.prefix == "app_");
}
