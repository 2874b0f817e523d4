// ConfigNode: the tree the rules read their YAML from (rules/config_node.h). Reading never throws,
// user files keep their places, edits touch only the clone, and hostile YAML is an error.
#include "rules/config_node.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "rules/yaml_reading.h"

using namespace issuelint;

namespace {

ConfigNode parse(const std::string& text) {
  auto document = yaml::parse_document(text, "t.yml");
  if (!document) FAIL(document.error().describe());
  return *document;
}

std::vector<std::string> keys_of(const ConfigNode& map) {
  std::vector<std::string> keys;
  for (const auto& entry : map.entries()) keys.emplace_back(entry.key.text());
  return keys;
}

}  // namespace

TEST_CASE("config node: a user file keeps each node's place, 0-based like yaml-cpp's marks") {
  const ConfigNode root = parse("rules:\n  - id: a\n    kind: choose\n");
  const ConfigNode kind = root["rules"].item(0)["kind"];
  CHECK(kind.text() == "choose");
  CHECK(kind.line() == 2);
  CHECK(kind.column() == 10);
  CHECK(yaml::where(kind, "t.yml") == "t.yml:3:11");
  CHECK(yaml::where(root["absent"], "t.yml") == "t.yml");
}

TEST_CASE("config node: reading a node of the wrong kind gives nothing, never an exception") {
  const ConfigNode root = parse("text: hello\nlist: [a, b]\nmap: {x: 1}\nempty:\n");
  CHECK(root.is_map());
  CHECK(root.size() == 4);
  CHECK(keys_of(root) == std::vector<std::string>{"text", "list", "map", "empty"});
  // A scalar has no keys or items; yaml-cpp throws BadSubscript here.
  CHECK_FALSE(root["text"]["key"]);
  CHECK_FALSE(root["text"].item(0));
  CHECK(root["text"].size() == 0);
  // A list has items, not keys; past its end there is nothing.
  CHECK_FALSE(root["list"]["a"]);
  CHECK(root["list"].item(1).text() == "b");
  CHECK_FALSE(root["list"].item(2));
  // A mapping has no text of its own: the fallback, as yaml-cpp's as<std::string>(fallback).
  CHECK(root["map"].text_or("none") == "none");
  CHECK(root["map"].text().empty());
  CHECK(root["map"]["x"].text_or("none") == "1");
  // A key with no value is defined and null; a missing key is undefined.
  CHECK(root["empty"]);
  CHECK(root["empty"].is_null());
  CHECK(root["empty"].text_or("none") == "none");
  CHECK_FALSE(root["missing"].is_defined());
  CHECK(root["missing"].kind() == ConfigNode::Kind::undefined);
  int items = 0;
  for (const ConfigNode& item : root["map"].items()) items += item.is_defined() ? 1 : 0;
  for (const auto& entry : root["list"].entries()) items += entry.key.is_defined() ? 1 : 0;
  CHECK(items == 0);  // a map has no items, a list no entries
  CHECK(parse("").is_null());
}

TEST_CASE("config node: a key written twice reads as its first, as yaml-cpp reads it") {
  const ConfigNode root = parse("a: first\nb: x\na: second\n");
  CHECK(root["a"].text() == "first");
  CHECK(keys_of(root) == std::vector<std::string>{"a", "b", "a"});
}

TEST_CASE("config node: edits change the clone, never the tree it was cloned from") {
  const ConfigNode original = parse("id: x\nlevels: [2]\nsection: Old\n");
  ConfigNode copy = original.clone();
  copy.set("section", "New");
  copy.set("min", 1);
  copy.set("sections", std::vector<std::string>{"A", "B"});
  copy.remove("levels");
  copy.remove("not-there");
  CHECK(keys_of(copy) == std::vector<std::string>{"id", "section", "min", "sections"});
  CHECK(copy["section"].text() == "New");
  CHECK(copy["min"].text() == "1");
  CHECK(copy["sections"].size() == 2);
  CHECK(copy["sections"].item(1).text() == "B");
  CHECK(copy["id"].line() == 0);        // copied nodes keep their place
  CHECK(copy["section"].line() == -1);  // a node set in code has none
  CHECK(keys_of(original) == std::vector<std::string>{"id", "levels", "section"});
  CHECK(original["section"].text() == "Old");
  ConfigNode scalar = original["id"].clone();
  scalar.set("k", "v");  // not a map: nothing to set
  CHECK(scalar.is_scalar());
  CHECK(scalar.text() == "x");
  CHECK_FALSE(ConfigNode().clone());
}

TEST_CASE("config node: an alias inside itself or an alias bomb is an error with its place") {
  auto cycle = yaml::parse_document("a: &x [1, *x]\n", "t.yml");
  REQUIRE_FALSE(cycle.ok());
  CHECK(cycle.error().message.find("nested more than 2000 levels") != std::string::npos);
  CHECK(cycle.error().where.rfind("t.yml:1:", 0) == 0);

  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  for (char name = 'b'; name <= 'f'; ++name) {
    const std::string previous(1, static_cast<char>(name - 1));
    bomb += std::string(1, name) + ": &" + std::string(1, name) + " [";
    for (int i = 0; i < 10; ++i) bomb += (i == 0 ? "*" : ", *") + previous;
    bomb += "]\n";
  }
  auto exploded = yaml::parse_document(bomb, "t.yml");
  REQUIRE_FALSE(exploded.ok());
  CHECK(exploded.error().message.find("100,000 nodes") != std::string::npos);
  CHECK(exploded.error().where.rfind("t.yml:", 0) == 0);
}
