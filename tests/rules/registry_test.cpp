// The registry of rule kinds and the documentation of every built-in rule: what
// `issuelint rules`, `issuelint rules --kinds` and `issuelint explain ID` show.
#include "rules/registry.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "rules/rule_catalog.h"
#include "rules/rule_entry.h"
#include "rules/rule_set.h"
#include "tests/rules/rule_test_support.h"

using namespace issuelint;
using issuelint::testing::read_text;
namespace fs = std::filesystem;

namespace {

const fs::path kPacks = fs::path(ISSUELINT_SOURCE_DIR) / "rules" / "packs";

bool one_line(const std::string& text) {
  return !text.empty() && text.find('\n') == std::string::npos;
}

// What `explain` prints must be complete for every rule a user can meet.
void check_documented(const RuleInfo& info) {
  INFO("rule " << info.id << " (pack " << info.pack << ")");
  CHECK(is_kebab_case(info.id));
  // The core findings (input-repaired, template-unmatched) come from the engine, not a kind.
  CHECK((find_rule_kind(info.kind) != nullptr || (info.pack == "core" && info.kind == "core")));
  CHECK(one_line(info.summary));
  CHECK(info.explanation.size() > 40);
  CHECK_FALSE(info.failing_example.empty());
  CHECK_FALSE(info.passing_example.empty());
  CHECK(info.failing_example != info.passing_example);
  CHECK_FALSE(info.pack.empty());
}

}  // namespace

TEST_CASE("rule kinds are sorted, unique and each says what it checks") {
  const auto& kinds = rule_kinds();
  REQUIRE(kinds.size() >= 11);
  for (std::size_t i = 1; i < kinds.size(); ++i) {
    INFO(kinds[i - 1].name << " then " << kinds[i].name);
    CHECK(kinds[i - 1].name < kinds[i].name);  // strictly: sorted and unique
  }
  const std::set<std::string> common = {"id",          "kind",     "severity", "summary",
                                        "explanation", "examples", "message",  "help"};
  for (const auto& kind : kinds) {
    INFO("kind " << kind.name);
    CHECK(is_kebab_case(kind.name));
    CHECK(one_line(kind.summary));
    CHECK(kind.make != nullptr);
    CHECK(find_rule_kind(kind.name) == &kind);
    const std::set<std::string> keys(kind.keys.begin(), kind.keys.end());
    CHECK(keys.size() == kind.keys.size());
    for (const auto& key : kind.keys) CHECK(common.count(key) == 0);
    // Code kinds carry their own documentation; generic kinds are documented by their entries.
    if (!kind.defaults.id.empty()) {
      CHECK(kind.defaults.id == kind.name);
      CHECK_FALSE(kind.defaults.explanation.empty());
    }
  }
  CHECK(find_rule_kind("no-such-kind") == nullptr);
}

TEST_CASE("every generic kind is registered") {
  for (const char* name :
       {"all-ticked", "blank-filled", "choose", "contradiction", "exclusive", "placeholder-left",
        "requires", "section-filled", "section-present", "template-filled", "title-pattern"}) {
    INFO(name);
    CHECK(find_rule_kind(name) != nullptr);
  }
}

TEST_CASE("every built-in pack loads and every rule in it is fully documented") {
  const auto names = builtin_pack_names();
  REQUIRE_FALSE(names.empty());
  CHECK(std::find(names.begin(), names.end(), "db-migration") != names.end());
  for (const auto& name : names) {
    auto pack = load_builtin_pack(name);
    REQUIRE(pack.ok());
    CHECK(pack->name == name);
    CHECK_FALSE(pack->rules.empty());
    for (const auto& rule : pack->rules) check_documented(rule->info());
  }
}

TEST_CASE("the pack files in rules/packs are the ones compiled in, and each parses") {
  int files = 0;
  for (const auto& entry : fs::directory_iterator(kPacks)) {
    if (entry.path().extension() != ".yml") continue;
    ++files;
    INFO(entry.path().string());
    // Named as the program names them: generic.yml's entries leave their section to each
    // template (`section: ""`), which only a built-in pack may.
    auto pack = parse_pack(read_text(entry.path()), "builtin:" + entry.path().filename().string());
    REQUIRE(pack.ok());
    for (const auto& rule : pack->rules) check_documented(rule->info());
  }
  CHECK(files == static_cast<int>(builtin_pack_names().size()) + 1);  // + generic.yml
}

TEST_CASE("the rules list has each id once per pack, sorted, all documented") {
  const auto infos = builtin_rule_infos();
  REQUIRE(infos.size() > 20);
  for (std::size_t i = 1; i < infos.size(); ++i) {
    INFO(infos[i].id << " in " << infos[i].pack);
    CHECK(infos[i - 1].id <= infos[i].id);
    // The same id again: another pack's, and the template-derived rules' own text last.
    if (infos[i - 1].id != infos[i].id) continue;
    CHECK(infos[i - 1].pack != infos[i].pack);
    CHECK(infos[i - 1].pack != "generic");
  }
  for (const auto& info : infos) check_documented(info);
  // Template-derived rules (generic) and the flagship's own rules are both listed.
  auto has = [&](std::string_view id) {
    return std::any_of(infos.begin(), infos.end(), [&](const RuleInfo& i) { return i.id == id; });
  };
  CHECK(has("template-not-filled"));
  CHECK(has("section-missing"));
  CHECK(has("sql-index-not-concurrent"));
  CHECK_FALSE(has("no-such-rule"));  // `explain no-such-rule` finds nothing: exit 2
}

// db-migration words title-format and checklist-unticked for its own template: its text is
// listed (first) beside the template-derived rules' general one, not hidden behind it.
TEST_CASE("a rule id two packs define is listed with each pack's text, the specific one first") {
  const auto infos = builtin_rule_infos();
  for (const std::string_view id : {"title-format", "checklist-unticked"}) {
    INFO(id);
    std::vector<const RuleInfo*> listed;
    for (const RuleInfo& info : infos) {
      if (info.id == id) listed.push_back(&info);
    }
    REQUIRE(listed.size() == 2);
    CHECK(listed[0]->pack == "db-migration");
    CHECK(listed[1]->pack == "generic");
    CHECK(listed[0]->summary != listed[1]->summary);
  }
  const auto title = std::find_if(infos.begin(), infos.end(), [](const RuleInfo& info) {
    return info.id == "title-format" && info.pack == "db-migration";
  });
  REQUIRE(title != infos.end());
  CHECK(std::string_view(title->explanation).find("[DB]") != std::string_view::npos);
}

TEST_CASE("a pack with a bad rule entry is an error at its line") {
  auto pack = parse_pack(
      "pack: p\nrules:\n  - id: a\n    kind: choose\n    section: S\n"
      "  - id: Bad_Id\n    kind: choose\n    section: S\n",
      "p.yml");
  REQUIRE_FALSE(pack.ok());
  CHECK(pack.error().message == "rule id 'Bad_Id' must be kebab-case");
  CHECK(pack.error().where == "p.yml:6:9");
  pack = parse_pack(
      "pack: p\nrules:\n  - id: a\n    kind: choose\n    section: S\n"
      "  - id: a\n    kind: exclusive\n    section: S\n    option: O\n",
      "p.yml");
  REQUIRE_FALSE(pack.ok());
  CHECK(pack.error().message == "rule id 'a' is used twice");
  pack = parse_pack("pack: p\nrules:\n  - id: a\n    kind: chose\n", "p.yml");
  REQUIRE_FALSE(pack.ok());
  CHECK(pack.error().where == "p.yml:4:11");
  pack = parse_pack("pack: p\nrules:\n  - id: a\n    kind: choose\n    section: S\n    mn: 1\n",
                    "p.yml");
  REQUIRE_FALSE(pack.ok());
  CHECK(pack.error().message.find("unknown key 'mn'") == 0);
  CHECK(pack.error().where == "p.yml:6:5");
}

// GitHub refuses any other label colour with a 422 at every triage of the repository: the pack is
// refused where it is read instead, at the colour's line.
TEST_CASE("a managed label's colour is six hex digits, a leading '#' dropped") {
  const auto pack_with = [](const std::string& colour) {
    return parse_pack("pack: p\nlabels:\n  - name: needs-info\n    color: " + colour +
                          "\n    when: {errors: true}\nrules: []\n",
                      "p.yml");
  };
  for (const auto& [written, kept] : {std::pair<std::string, std::string>{"d93f0b", "d93f0b"},
                                      {"\"#D93F0B\"", "D93F0B"},
                                      {"'#d93f0b'", "d93f0b"},
                                      {"000000", "000000"}}) {
    INFO(written);
    auto pack = pack_with(written);
    REQUIRE(pack.ok());
    REQUIRE(pack->labels.size() == 1);
    CHECK(pack->labels[0].label.color == kept);
  }
  for (const std::string bad : {"\"#d93f0\"", "red", "\"d93f0bb\"", "\"##d93f0\"", "\"d9 3f0b\""}) {
    INFO(bad);
    auto pack = pack_with(bad);
    REQUIRE_FALSE(pack.ok());
    CHECK(pack.error().where == "p.yml:4:12");
    CHECK_THAT(pack.error().message, Catch::Contains("is not six hex digits"));
  }
  auto comment = pack_with("#d93f0b");  // unquoted: YAML reads a comment, and no colour
  REQUIRE_FALSE(comment.ok());
  CHECK(comment.error().where.starts_with("p.yml:4:"));
  CHECK_THAT(comment.error().message, Catch::Contains("unquoted '#'"));
  auto absent =
      parse_pack("pack: p\nlabels:\n  - name: x\n    when: {errors: true}\nrules: []\n", "p.yml");
  REQUIRE(absent.ok());
  CHECK(absent->labels[0].label.color == "ededed");
}

// The bot creates each managed label: a name or description GitHub refuses would be a 422 at every
// triage, so the pack is refused where it is read, at the line.
TEST_CASE("a managed label's name and description are what GitHub takes, in characters") {
  const auto pack_with = [](const std::string& label) {
    return parse_pack("pack: p\nlabels:\n  - " + label + "\n    when: {errors: true}\nrules: []\n",
                      "p.yml");
  };
  // 46 characters, 55 bytes: GitHub counts characters.
  CHECK(pack_with("name: \"🐛🐛🐛 needs a reproduction, please add the steps\"").ok());
  CHECK(pack_with("name: x\n    description: \"" + std::string(100, 'd') + "\"").ok());
  CHECK(pack_with("name: x\n    description: \"" + std::string(50, 'd') + "🗄\"").ok());
  for (const auto& [label, message] :
       {std::pair<std::string, std::string>{"name: \"\"", "a label's 'name' cannot be empty"},
        {"name: \"" + std::string(51, 'n') + "\"", "is longer than GitHub's 50 characters"},
        {"name: \"needs\\tinfo\"", "cannot hold a control character"},
        {"name: x\n    description: \"" + std::string(101, 'd') + "\"",
         "is 101 characters, longer than GitHub's 100"},
        {"name: x\n    description: [a]", "'description' must be a string"}}) {
    INFO(label);
    auto pack = pack_with(label);
    REQUIRE_FALSE(pack.ok());
    CHECK_THAT(pack.error().message, Catch::Contains(message));
    CHECK(pack.error().where.starts_with(
        label.find("description") == std::string::npos ? "p.yml:3:" : "p.yml:4:"));
  }
}

TEST_CASE("a pack file holding a second YAML document is refused, not cut short") {
  auto pack = parse_pack("pack: p\nrules: []\n---\npack: q\nrules: []\n", "p.yml");
  REQUIRE_FALSE(pack.ok());
  CHECK(pack.error().where.starts_with("p.yml:3:"));
  CHECK_THAT(pack.error().message, Catch::Contains("second document"));
  CHECK(parse_pack("---\npack: p\nrules: []\n...\n", "p.yml").ok());
}

TEST_CASE("two managed labels of a pack alike but for case are an error at the second") {
  auto pack = parse_pack(
      "pack: p\nlabels:\n  - {name: needs-info, when: {errors: true}}\n"
      "  - {name: Needs-Info, when: {errors: true}}\nrules: []\n",
      "p.yml");
  REQUIRE_FALSE(pack.ok());
  CHECK(pack.error().where == "p.yml:4:12");
  CHECK_THAT(pack.error().message, Catch::Contains("GitHub's label names ignore case"));
}

// A label applied when a rule found something names that rule: a typo would never apply it.
TEST_CASE("a managed label's `finding:` names a rule of the pack, else the pack is refused") {
  const auto pack_with = [](const std::string& when) {
    return parse_pack("pack: p\nlabels:\n  - name: needs-repro\n    when: " + when +
                          "\nrules:\n  - id: steps-filled\n    kind: section-filled\n"
                          "    sections: [Steps]\n",
                      "p.yml");
  };
  CHECK(pack_with("{finding: steps-filled}").ok());
  CHECK(pack_with("{any: [{finding: steps-filled}, {finding: input-repaired}]}").ok());
  auto pack = pack_with("{any: [{errors: true}, {finding: steps-filed}]}");
  REQUIRE_FALSE(pack.ok());
  CHECK(pack.error().message == "'finding' names 'steps-filed', which is no rule of the pack");
  CHECK(pack.error().where == "p.yml:4:44");
}

TEST_CASE("a pack missing a required key is an error, never an exception") {
  auto pack = parse_pack("rules: []\n", "p.yml");
  REQUIRE_FALSE(pack.ok());
  CHECK(pack.error().message == "a pack needs 'pack: NAME'");
  pack = parse_pack("pack: p\nlabels:\n  - color: ff0000\n    when: {errors: true}\nrules: []\n",
                    "p.yml");
  REQUIRE_FALSE(pack.ok());
  CHECK(pack.error().message == "a label needs 'name'");
  CHECK(pack.error().where == "p.yml:3:5");
  pack = parse_pack("pack: p\nrules:\n  - id: a\n    section: S\n", "p.yml");
  REQUIRE_FALSE(pack.ok());
  CHECK(pack.error().message == "a rule needs 'kind'");
  // Each kind's required keys: absent is an Error at the entry, not a YAML exception.
  for (const char* entry :
       {"kind: choose", "kind: exclusive\n    section: S", "kind: all-ticked",
        "kind: section-filled", "kind: requires\n    if: {filled: A}", "kind: contradiction"}) {
    INFO(entry);
    pack = parse_pack(std::string("pack: p\nrules:\n  - id: a\n    ") + entry + "\n", "p.yml");
    REQUIRE_FALSE(pack.ok());
    CHECK(pack.error().where == "p.yml:3:5");
  }
}

// A repository's pack file applies to the templates `packs:` maps to it: a `match:` or
// `template:` there would be read and do nothing.
TEST_CASE("match and template are for built-in packs: in a pack file, an error at the key") {
  for (const char* key : {"match: {title_prefix: '[Bug]'}", "template: bug.md"}) {
    INFO(key);
    const std::string text = std::string("pack: p\n") + key + "\nrules: []\n";
    auto pack = parse_pack(text, "p.yml");
    REQUIRE_FALSE(pack.ok());
    CHECK(pack.error().message.find("is read only in a built-in pack") != std::string::npos);
    CHECK(pack.error().where.starts_with("p.yml:2:"));
    CHECK(parse_pack(text, "builtin:p.yml").ok());
  }
}
