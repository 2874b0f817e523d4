// The built-in packs are embedded as trees pre-parsed at build time (rules/yaml_tree.h): reading
// a tree must give exactly the document, and the packs exactly the verdicts, that scanning the
// YAML gives.
#include "rules/yaml_tree.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <list>
#include <string>

#include "parser/document.h"
#include "parser/front_matter.h"
#include "parser/template.h"
#include "rules/embedded_files.h"
#include "rules/engine.h"
#include "rules/rule_set.h"
#include "rules/yaml_reading.h"
#include "tests/rules/rule_test_support.h"

using namespace issuelint;
using issuelint::testing::kRoot;
using issuelint::testing::read_text;
namespace fs = std::filesystem;

namespace {

// Kinds, texts, order and children as one line: two documents with the same dump read the same.
// Tags are not kept by a tree (no reader asks for one); marks are not compared.
std::string dump(const YamlNode& node) {
  switch (node.kind()) {
    case YamlNode::Kind::scalar:
      return "'" + std::string(node.text()) + "'";
    case YamlNode::Kind::sequence: {
      std::string out = "[";
      for (const YamlNode& item : node.items()) out += dump(item) + ",";
      return out + "]";
    }
    case YamlNode::Kind::map: {
      std::string out = "{";
      for (const auto& entry : node.entries())
        out += dump(entry.key) + ":" + dump(entry.value) + ",";
      return out + "}";
    }
    case YamlNode::Kind::null:
      return "~";
    case YamlNode::Kind::undefined:
      break;
  }
  return "?";
}

// A decoded tree's scalars are views into its data, which must outlive it: the tests keep every
// encoding they decode here.
std::string_view kept(std::string data) {
  static std::list<std::string> store;
  return store.emplace_back(std::move(data));
}

YamlNode load(const std::string& text) {
  auto document = parse_yaml(text, "t.yml");
  if (!document) FAIL(document.error().describe());
  return *document;
}

YamlNode round_trip(const std::string& text) {
  const YamlNode document = load(text);
  auto tree = yaml::encode_tree(document);
  REQUIRE(tree.ok());
  auto decoded = yaml::decode_tree(kept(*tree));
  REQUIRE(decoded.ok());
  CHECK(dump(*decoded) == dump(document));
  return *decoded;
}

std::vector<std::string> describe(const std::vector<Finding>& findings) {
  std::vector<std::string> lines;
  for (const auto& f : findings) {
    lines.push_back(f.rule + " " + std::to_string(static_cast<int>(f.severity)) + " " + f.section +
                    " " + std::to_string(f.line) + ":" + std::to_string(f.column) + " " +
                    f.message + " | " + f.help);
  }
  return lines;
}

}  // namespace

TEST_CASE("every embedded YAML file's build-time tree is the document its YAML reads as") {
  int yaml_files = 0;
  int templates = 0;
  for (const auto& file : embedded::files()) {
    if (file.name.ends_with(".md")) {
      // A template's tree is its front matter's.
      INFO(std::string(file.name));
      const std::string_view front_matter = split_front_matter(file.contents).yaml;
      if (front_matter.empty()) {
        CHECK(file.yaml_tree.empty());
        continue;
      }
      auto decoded = yaml::decode_tree(file.yaml_tree);
      REQUIRE(decoded.ok());
      CHECK(dump(*decoded) == dump(load(std::string(front_matter))));
      ++templates;
      continue;
    }
    if (!file.name.ends_with(".yml")) {
      CHECK(file.yaml_tree.empty());
      continue;
    }
    ++yaml_files;
    INFO(std::string(file.name));
    REQUIRE_FALSE(file.yaml_tree.empty());
    auto decoded = yaml::decode_tree(file.yaml_tree);
    REQUIRE(decoded.ok());
    CHECK(dump(*decoded) == dump(load(std::string(file.contents))));
    auto loaded = load_builtin_yaml(file.name);
    REQUIRE(loaded.ok());
    CHECK(dump(*loaded) == dump(*decoded));
  }
  CHECK(yaml_files == static_cast<int>(builtin_pack_names().size()) + 1);  // + generic.yml
  CHECK(templates >= 1);  // the built-in pack's template
}

TEST_CASE("the built-in template read with its build-time front matter is the template parsed") {
  for (const auto& file : embedded::files()) {
    if (!file.name.ends_with(".md") || file.yaml_tree.empty()) continue;
    INFO(std::string(file.name));
    auto decoded = yaml::decode_tree(file.yaml_tree);
    REQUIRE(decoded.ok());
    auto with_tree = parse_markdown_template(file.contents, "t", "builtin", &*decoded);
    auto parsed = parse_markdown_template(file.contents, "t", "builtin");
    REQUIRE(with_tree.ok());
    REQUIRE(parsed.ok());
    CHECK_FALSE(parsed->front_matter.name.empty());
    CHECK(with_tree->front_matter.name == parsed->front_matter.name);
    CHECK(with_tree->front_matter.about == parsed->front_matter.about);
    CHECK(with_tree->front_matter.title == parsed->front_matter.title);
    CHECK(with_tree->front_matter.labels == parsed->front_matter.labels);
    CHECK(with_tree->front_matter.assignees == parsed->front_matter.assignees);
    CHECK(with_tree->body == parsed->body);
  }
}

TEST_CASE("a built-in pack read from its tree judges every fixture as its YAML does") {
  for (const auto& name : builtin_pack_names()) {
    INFO(name);
    auto from_tree = load_builtin_pack(name);
    REQUIRE(from_tree.ok());
    const std::string file_name = name + ".yml";
    auto from_yaml =
        parse_pack(read_text(kRoot / "rules" / "packs" / file_name), "builtin:" + file_name);
    REQUIRE(from_yaml.ok());
    CHECK(from_tree->summary == from_yaml->summary);
    CHECK(from_tree->builtin_template == from_yaml->builtin_template);
    CHECK(from_tree->match.title_prefix == from_yaml->match.title_prefix);
    CHECK(from_tree->match.names == from_yaml->match.names);
    CHECK(from_tree->match.sections == from_yaml->match.sections);
    REQUIRE(from_tree->rules.size() == from_yaml->rules.size());
    for (std::size_t i = 0; i < from_tree->rules.size(); ++i) {
      const RuleInfo& tree_info = from_tree->rules[i]->info();
      const RuleInfo& yaml_info = from_yaml->rules[i]->info();
      CHECK(tree_info.id == yaml_info.id);
      CHECK(tree_info.severity == yaml_info.severity);
      CHECK(tree_info.summary == yaml_info.summary);
      CHECK(tree_info.explanation == yaml_info.explanation);
    }
    REQUIRE(from_tree->labels.size() == from_yaml->labels.size());

    auto issue_template =
        parse_markdown_template(read_text(kRoot / "rules" / "packs" / from_yaml->builtin_template),
                                name, "builtin:" + from_yaml->builtin_template);
    REQUIRE(issue_template.ok());
    int drafts = 0;
    for (const auto& entry : fs::directory_iterator(kRoot / "fixtures" / "issues")) {
      if (entry.path().extension() != ".md") continue;
      ++drafts;
      INFO(entry.path().filename().string());
      const IssueDocument document = parse_issue(read_text(entry.path()));
      for (const std::optional<std::string>& title :
           {std::optional<std::string>(), std::optional<std::string>("[DB] Add a table")}) {
        const LintResult tree_result = lint_issue(*from_tree, document, &*issue_template, title);
        const LintResult yaml_result = lint_issue(*from_yaml, document, &*issue_template, title);
        CHECK(describe(tree_result.findings) == describe(yaml_result.findings));
        CHECK(tree_result.wanted_labels == yaml_result.wanted_labels);
      }
    }
    CHECK(drafts > 20);
  }
}

TEST_CASE("a YAML tree keeps kinds, order, nulls, empty collections and odd keys") {
  const YamlNode node = round_trip(
      "plain: text\n"
      "quoted: \"null\"\n"
      "tagged: !!str 12\n"
      "none: ~\n"
      "absent:\n"
      "empty_list: []\n"
      "empty_map: {}\n"
      "number: 42\n"
      "flag: yes\n"
      "unicode: \"caf\\u00e9 \\U0001F4BE\"\n"
      "block: |\n  line one\n  line two\n"
      "list: [b, a, [c], {d: e}]\n"
      "? [complex, key]\n: value\n"
      "zeta: last\n"
      "alpha: after zeta\n");
  CHECK(node["plain"].text() == "text");
  CHECK(node["quoted"].text() == "null");
  CHECK(node["tagged"].text() == "12");
  CHECK(node["none"].is_null());
  CHECK(node["absent"].is_null());
  CHECK(node["empty_list"].is_sequence());
  CHECK(node["empty_list"].size() == 0);
  CHECK(node["empty_map"].is_map());
  CHECK(*yaml::read_int(node["number"], "t", "number") == 42);
  CHECK(*yaml::read_bool(node["flag"], "t", "flag"));
  CHECK(node["block"].text() == "line one\nline two\n");
  CHECK(node["list"].item(3)["d"].text() == "e");
  CHECK(node["alpha"].text() == "after zeta");
  CHECK_FALSE(node["missing"]);
  round_trip("just a scalar");
  round_trip("- top\n- level\n- [sequence]\n");
  round_trip("anchor: &shared {x: 1}\nalias: *shared\n");
}

TEST_CASE("the tree encoder refuses duplicate keys, which a reader would take the first of") {
  auto tree = yaml::encode_tree(load("rules:\n  a: 1\n  a: 2\n"));
  REQUIRE_FALSE(tree.ok());
  CHECK(tree.error().message == "duplicate key 'a'");
  CHECK(tree.error().where == "3:3");
}

TEST_CASE("the tree encoder refuses what the decoder would refuse: nesting past its bound") {
  const auto nested = [](int depth) {
    return std::string(static_cast<std::size_t>(depth), '[') +
           std::string(static_cast<std::size_t>(depth), ']');
  };
  // 64 levels below the root: encoded, and decoded back.
  auto deep = yaml::encode_tree(load(nested(65)));
  REQUIRE(deep.ok());
  CHECK(yaml::decode_tree(kept(*deep)).ok());
  // One more: refused at build time with its place, instead of a pack that never loads.
  auto too_deep = yaml::encode_tree(load(nested(66)));
  REQUIRE_FALSE(too_deep.ok());
  CHECK(too_deep.error().message == "nested more than 64 levels deep");
  CHECK(too_deep.error().where == "1:66");
  // An alias inside its own anchor would be endless nesting: the reader refuses it.
  CHECK_FALSE(parse_yaml("a: &x [1, *x]\n", "t.yml").ok());
}

TEST_CASE("a truncated or corrupt YAML tree is an error, never a crash") {
  auto tree = yaml::encode_tree(load("a: [1, 2, {b: c}]\nd: text\n"));
  REQUIRE(tree.ok());
  for (std::size_t size = 0; size < tree->size(); ++size) {
    INFO(size);
    CHECK_FALSE(yaml::decode_tree(tree->substr(0, size)).ok());
  }
  CHECK_FALSE(yaml::decode_tree(*tree + "~").ok());  // trailing bytes
  std::string unknown_kind = *tree;
  unknown_kind[0] = 'x';
  CHECK_FALSE(yaml::decode_tree(unknown_kind).ok());
  std::string huge_count = *tree;  // kind, tag size, tag, then the map's count
  huge_count.replace(2 + static_cast<std::size_t>((*tree)[1]), 1,
                     "\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01");
  CHECK_FALSE(yaml::decode_tree(huge_count).ok());
  std::string deep;  // sequences of one sequence, deeper than any document
  for (int i = 0; i < 1000; ++i) deep += std::string("[\0\x01", 3);
  deep += std::string("s\0\0", 3);
  CHECK_FALSE(yaml::decode_tree(deep).ok());
  for (std::size_t i = 0; i < tree->size(); ++i) {  // no flipped byte may crash the decoder
    std::string flipped = *tree;
    flipped[i] = static_cast<char>(flipped[i] ^ 0x5a);
    (void)yaml::decode_tree(flipped);
  }
}

TEST_CASE("a decoded tree's texts are static data and a scanned document's are not") {
  const std::string text = "summary: one line\nexplanation: |\n  several lines\n  of text\n";
  auto tree = yaml::encode_tree(load(text));
  REQUIRE(tree.ok());
  const std::string_view data = kept(*tree);
  auto decoded = yaml::decode_tree(data);
  REQUIRE(decoded.ok());
  const std::optional<std::string_view> explanation = (*decoded)["explanation"].static_text();
  REQUIRE(explanation.has_value());
  CHECK(*explanation == "several lines\nof text\n");
  // A view into the data it was decoded from, which outlives the tree.
  CHECK(explanation->data() >= data.data());
  CHECK(explanation->data() + explanation->size() <= data.data() + data.size());
  CHECK_FALSE((*decoded).static_text().has_value());  // a mapping has no text

  const YamlNode scanned = load(text);
  CHECK(scanned["explanation"].text() == "several lines\nof text\n");
  CHECK_FALSE(scanned["explanation"].static_text().has_value());
  YamlNode edited = decoded->clone();
  edited.set("summary", "set in code");
  CHECK_FALSE(edited["summary"].static_text().has_value());
}

TEST_CASE("the built-in pack's rules view their documentation in the embedded data") {
  const embedded::EmbeddedFile* pack = nullptr;
  for (const auto& file : embedded::files()) {
    if (file.name == "db-migration.yml") pack = &file;
  }
  REQUIRE(pack != nullptr);
  auto rules = load_builtin_pack("db-migration");
  REQUIRE(rules.ok());
  int viewed = 0;
  for (const auto& rule : rules->rules) {
    const std::string_view explanation = rule->info().explanation;
    if (explanation.empty()) continue;
    INFO(rule->info().id);
    // Either in the pack's tree or a literal of a code rule's: never a copy on the heap, which
    // would lie in neither. The pack's own are counted.
    const bool in_pack = explanation.data() >= pack->yaml_tree.data() &&
                         explanation.data() < pack->yaml_tree.data() + pack->yaml_tree.size();
    if (in_pack) ++viewed;
  }
  CHECK(viewed >= 5);
}
