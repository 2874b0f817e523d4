// YamlNode: the tree every YAML file is read into (parser/yaml_node.h). Reading never throws,
// places are kept, edits touch only the clone, and broken or hostile YAML is an error with a
// place.
#include "parser/yaml_node.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

using namespace issuelint;

namespace {

YamlNode parse(const std::string& text) {
  auto document = parse_yaml(text, "t.yml");
  if (!document) FAIL(document.error().describe());
  return *document;
}

Error parse_error(const std::string& text, int first_line = 1) {
  auto document = parse_yaml(text, "t.yml", first_line);
  REQUIRE_FALSE(document.ok());
  return document.error();
}

std::vector<std::string> keys_of(const YamlNode& map) {
  std::vector<std::string> keys;
  for (const auto& entry : map.entries()) keys.emplace_back(entry.key.text());
  return keys;
}

}  // namespace

TEST_CASE("yaml node: each node keeps its place, 0-based, counted from the first line given") {
  const YamlNode root = parse("rules:\n  - id: a\n    kind: choose\n");
  const YamlNode kind = root["rules"].item(0)["kind"];
  CHECK(kind.text() == "choose");
  CHECK(kind.line() == 2);
  CHECK(kind.column() == 10);
  // Front matter starts on line 2 of its file: places say so.
  auto front_matter = parse_yaml("name: Bug\ntitle: x\n", "t.md", 2);
  REQUIRE(front_matter.ok());
  CHECK((*front_matter)["title"].line() == 2);
}

TEST_CASE("yaml node: reading a node of the wrong kind gives nothing, never an exception") {
  const YamlNode root = parse("text: hello\nlist: [a, b]\nmap: {x: 1}\nempty:\n");
  CHECK(root.is_map());
  CHECK(root.size() == 4);
  CHECK(keys_of(root) == std::vector<std::string>{"text", "list", "map", "empty"});
  // A scalar has no keys or items (yaml-cpp threw BadSubscript here).
  CHECK_FALSE(root["text"]["key"]);
  CHECK_FALSE(root["text"].item(0));
  CHECK(root["text"].size() == 0);
  // A list has items, not keys; past its end there is nothing.
  CHECK_FALSE(root["list"]["a"]);
  CHECK(root["list"].item(1).text() == "b");
  CHECK_FALSE(root["list"].item(2));
  // A mapping has no text of its own: the fallback.
  CHECK(root["map"].text_or("none") == "none");
  CHECK(root["map"].text().empty());
  CHECK(root["map"]["x"].text_or("none") == "1");
  // A key with no value is defined and null; a missing key is undefined.
  CHECK(root["empty"]);
  CHECK(root["empty"].is_null());
  CHECK(root["empty"].text_or("none") == "none");
  CHECK_FALSE(root["missing"].is_defined());
  CHECK(root["missing"].kind() == YamlNode::Kind::undefined);
  int items = 0;
  for (const YamlNode& item : root["map"].items()) items += item.is_defined() ? 1 : 0;
  for (const auto& entry : root["list"].entries()) items += entry.key.is_defined() ? 1 : 0;
  CHECK(items == 0);  // a map has no items, a list no entries
}

TEST_CASE("yaml node: nulls, quoting, block scalars and documents read as YAML says") {
  const YamlNode root = parse(
      "a: ~\nb: null\nc: NULL\nd: 'null'\ne: \"~\"\nf: !!str null\ng: |\n  one\n  two\n"
      "h: >\n  folded\n  line\ni: \"caf\\u00e9\"\n");
  CHECK(root["a"].is_null());
  CHECK(root["b"].is_null());
  CHECK(root["c"].is_null());
  CHECK(root["d"].text() == "null");  // quoted: a string
  CHECK(root["e"].text() == "~");
  CHECK(root["f"].text() == "null");  // tagged: a string
  CHECK(root["g"].text() == "one\ntwo\n");
  CHECK(root["h"].text() == "folded line\n");
  CHECK(root["i"].text() == "caf\xc3\xa9");
  CHECK(parse("").is_null());
  CHECK(parse("# only a comment\n").is_null());
  CHECK(parse("just text").text() == "just text");
  // The first document is the one read.
  CHECK(parse("---\nfirst: 1\n---\nsecond: 2\n")["first"].text() == "1");
  CHECK_FALSE(parse("---\nfirst: 1\n---\nsecond: 2\n")["second"]);
}

TEST_CASE("yaml node: a key written twice reads as its first") {
  const YamlNode root = parse("a: first\nb: x\na: second\n");
  CHECK(root["a"].text() == "first");
  CHECK(keys_of(root) == std::vector<std::string>{"a", "b", "a"});
}

TEST_CASE("yaml node: numbers and booleans read as yaml-cpp's conversions read them") {
  const YamlNode root = parse(
      "dec: 42\nneg: -7\nhex: 0x10\noct: 010\nspace: ' 5 '\nword: five\nbig: 99999999999\n"
      "yes: yes\nOn: On\nTRUE: TRUE\nn: n\nmixed: tRuE\nlist: [1]\n");
  CHECK(root["dec"].as_int() == 42);
  CHECK(root["neg"].as_int() == -7);
  CHECK(root["hex"].as_int() == 16);
  CHECK(root["oct"].as_int() == 8);
  CHECK_FALSE(root["space"].as_int());  // leading space: the stream does not skip it
  CHECK_FALSE(root["word"].as_int());
  CHECK_FALSE(root["big"].as_int());  // out of range
  CHECK_FALSE(root["list"].as_int());
  CHECK(root["yes"].as_bool() == true);
  CHECK(root["On"].as_bool() == true);
  CHECK(root["TRUE"].as_bool() == true);
  CHECK(root["n"].as_bool() == false);
  CHECK_FALSE(root["mixed"].as_bool());  // neither lower, UPPER nor Capitalised
  CHECK_FALSE(root["dec"].as_bool());
  CHECK_FALSE(YamlNode().as_bool());
}

TEST_CASE("yaml node: booleans as GitHub's reader (Psych) reads them: plain words, any case") {
  const YamlNode root = parse(
      "a: true\nb: tRUE\nc: Yes\nd: on\ne: OFF\nf: 'true'\ng: \"yes\"\nh: y\ni: n\n"
      "j: |\n  true\nk: !!str true\nl: [true]\n");
  CHECK(root["a"].as_psych_bool() == true);
  CHECK(root["b"].as_psych_bool() == true);
  CHECK(root["c"].as_psych_bool() == true);
  CHECK(root["d"].as_psych_bool() == true);
  CHECK(root["e"].as_psych_bool() == false);
  for (const char* text : {"f", "g", "h", "i", "j", "k", "l"}) {
    INFO(text);
    CHECK_FALSE(root[text].as_psych_bool());
  }
  CHECK(root["a"].is_plain());
  CHECK_FALSE(root["f"].is_plain());
  CHECK(root.clone()["b"].as_psych_bool() == true);  // a clone keeps how a scalar was written
}

TEST_CASE("yaml node: a key given twice, at any depth, is an error at the second") {
  CHECK(check_unique_keys(parse("a: 1\nb: {c: 1, d: [x, y]}\nlist:\n  - {c: 1}\n  - {c: 2}\n"),
                          "t.yml")
            .ok());
  const Status top = check_unique_keys(parse("a: first\nb: x\na: second\n"), "t.yml");
  REQUIRE_FALSE(top.ok());
  CHECK(top.error().where == "t.yml:3:1");
  CHECK(top.error().message == "'a' is given twice in this mapping: keep one");
  const Status deep =
      check_unique_keys(parse("body:\n  - validations:\n      required: false\n      required: "
                              "true\n"),
                        "t.yml");
  REQUIRE_FALSE(deep.ok());
  CHECK(deep.error().where == "t.yml:4:7");
  // A merge key's entries give way to the map's own: no key twice.
  CHECK(check_unique_keys(parse("base: &b {x: 1}\nm:\n  <<: *b\n  x: 2\n"), "t.yml").ok());
}

TEST_CASE("yaml node: an alias reads as its anchor's node") {
  const YamlNode root = parse("base: &b {x: 1, y: [a, b]}\ncopy: *b\n");
  CHECK(root["copy"]["x"].text() == "1");
  CHECK(root["copy"]["y"].item(1).text() == "b");
}

TEST_CASE("yaml node: a merge key brings its map's entries in, where the map's own keys win") {
  const YamlNode root = parse(
      "required: &required {required: true, render: shell}\n"
      "other: &other {render: text, min: 2}\n"
      "one:\n  <<: *required\n  render: python\n"
      "many:\n  label: Logs\n  <<: [*required, *other]\n"
      "quoted:\n  '<<': *required\n"
      "scalar:\n  <<: plain\n");
  CHECK(keys_of(root["one"]) == std::vector<std::string>{"required", "render"});
  CHECK(root["one"]["required"].as_bool() == true);
  CHECK(root["one"]["render"].text() == "python");  // its own key, though written after
  CHECK(keys_of(root["many"]) == std::vector<std::string>{"label", "required", "render", "min"});
  CHECK(root["many"]["render"].text() == "shell");  // the earlier merged map wins
  CHECK(root["many"]["min"].text() == "2");
  // Quoted, or with a value that is no map, `<<` is an ordinary key.
  CHECK(keys_of(root["quoted"]) == std::vector<std::string>{"<<"});
  CHECK(keys_of(root["scalar"]) == std::vector<std::string>{"<<"});
  CHECK(root["scalar"]["<<"].text() == "plain");
  // The anchored maps themselves are unchanged.
  CHECK(keys_of(root["required"]) == std::vector<std::string>{"required", "render"});
}

TEST_CASE("yaml node: edits change the clone, never the tree it was cloned from") {
  const YamlNode original = parse("id: x\nlevels: [2]\nsection: Old\n");
  YamlNode copy = original.clone();
  copy.set("section", "New");
  copy.set("min", 1);
  copy.set("sections", std::vector<std::string>{"A", "B"});
  copy.remove("levels");
  copy.remove("not-there");
  CHECK(keys_of(copy) == std::vector<std::string>{"id", "section", "min", "sections"});
  CHECK(copy["section"].text() == "New");
  CHECK(copy["min"].as_int() == 1);
  CHECK(copy["sections"].size() == 2);
  CHECK(copy["sections"].item(1).text() == "B");
  CHECK(copy["id"].line() == 0);        // copied nodes keep their place
  CHECK(copy["section"].line() == -1);  // a node set in code has none
  CHECK(keys_of(original) == std::vector<std::string>{"id", "levels", "section"});
  CHECK(original["section"].text() == "Old");
  YamlNode scalar = original["id"].clone();
  scalar.set("k", "v");  // not a map: nothing to set
  CHECK(scalar.is_scalar());
  CHECK(scalar.text() == "x");
  CHECK_FALSE(YamlNode().clone());
}

TEST_CASE("yaml node: a syntax error is an error at its line and column") {
  const Error unclosed = parse_error("rules: {a: b\n");
  CHECK(unclosed.message.rfind("invalid YAML: ", 0) == 0);
  CHECK(unclosed.where == "t.yml:2:1");
  // A quote never closed: at the quote, not at the end of the stream where it is found.
  const Error quote = parse_error("a: 1\nb: \"open\nc: 3\nd: 4\n", 2);
  CHECK(quote.where == "t.yml:3:4");
  CHECK(quote.message.find("not closed") != std::string::npos);
  CHECK(quote.message.find("at line 6") != std::string::npos);
  const Error bad_indent = parse_error("a: 1\n b: 2\n", 5);
  CHECK(bad_indent.message.rfind("invalid YAML: ", 0) == 0);
  CHECK(bad_indent.where.rfind("t.yml:6:", 0) == 0);  // counted from line 5
  const Error tab = parse_error("a:\n\t- b\n");
  CHECK(tab.where.rfind("t.yml:2:", 0) == 0);
  // Bytes that are not UTF-8: libyaml gives an offset, the error still a line and column.
  const Error bytes = parse_error("a: ok\nb: \xff\xfe\n");
  CHECK(bytes.message.find("UTF-8") != std::string::npos);
  CHECK(bytes.where == "t.yml:2:4");
}

TEST_CASE("yaml node: nesting past 2000 levels, an alias inside itself, an alias bomb") {
  const Error deep = parse_error("a: " + std::string(3000, '[') + std::string(3000, ']') + "\n");
  CHECK(deep.message == "invalid YAML: nested too deeply (the YAML reader stops at 2000 levels)");
  CHECK(deep.where.rfind("t.yml:1:", 0) == 0);

  const Error cycle = parse_error("a: &x [1, *x]\n");
  CHECK(cycle.message == "invalid YAML: the alias *x is inside its own anchor");
  CHECK(cycle.where == "t.yml:1:11");
  const Error unknown = parse_error("a: *nowhere\n");
  CHECK(unknown.message == "invalid YAML: the alias *nowhere names no anchor before it");

  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  for (char name = 'b'; name <= 'f'; ++name) {
    const std::string previous(1, static_cast<char>(name - 1));
    bomb += std::string(1, name) + ": &" + std::string(1, name) + " [";
    for (int i = 0; i < 10; ++i) bomb += (i == 0 ? "*" : ", *") + previous;
    bomb += "]\n";
  }
  const Error exploded = parse_error(bomb);
  CHECK(exploded.message == "invalid YAML: over 100,000 nodes once its aliases are expanded");
  CHECK(exploded.where.rfind("t.yml:5:", 0) == 0);  // e: 10 x d, each of 1,111 nodes
  // As many nodes written out, no alias: a file too large, not an alias bomb.
  std::string large = "a: [";
  for (int i = 0; i < 100'001; ++i) large += i == 0 ? "x" : ",x";
  large += "]\n";
  CHECK(parse_error(large).message == "invalid YAML: over 100,000 nodes (too large to read)");
}

// Repositories the bot serves supply their own configuration and templates: no byte sequence
// may crash the reader or leave a node unreadable (the ASan preset runs this too).
TEST_CASE("yaml node: every truncation and thousands of mutations of real files read safely") {
  const std::string root = ISSUELINT_SOURCE_DIR;
  std::vector<std::string> texts;
  for (const char* path : {"/fixtures/templates/discuno/bug_report.yml", "/.github/issuelint.yml",
                           "/rules/packs/generic.yml"}) {
    std::ifstream in(root + path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    REQUIRE_FALSE(text.str().empty());
    texts.push_back(text.str());
  }
  // Reads every node, as a reader of the tree would.
  const auto walk = [](const YamlNode& node, auto&& self) -> std::size_t {
    std::size_t seen = 1 + node.text().size() % 2;
    for (const YamlNode& item : node.items()) seen += self(item, self);
    for (const auto& entry : node.entries())
      seen += self(entry.key, self) + self(entry.value, self);
    return seen;
  };
  std::mt19937 random(20261205);
  int read = 0;
  int refused = 0;
  for (const std::string& text : texts) {
    REQUIRE(parse_yaml(text, "t.yml").ok());
    for (std::size_t size = 0; size < text.size(); size += 7) {
      auto document = parse_yaml(text.substr(0, size), "t.yml");
      if (document) {
        CHECK(walk(*document, walk) > 0);
      } else {
        CHECK(document.error().message.rfind("invalid YAML: ", 0) == 0);
      }
    }
    for (int i = 0; i < 1500; ++i) {
      std::string mutated = text;
      for (int flips = 0; flips < 3; ++flips) {
        const std::size_t at = random() % mutated.size();
        mutated[at] = "\n :-[]{}&*!|>'\"#%@`,?\t\xff"[random() % 24];
      }
      auto document = parse_yaml(mutated, "t.yml");
      if (document) {
        ++read;
        CHECK(walk(*document, walk) > 0);
      } else {
        ++refused;
        CHECK(document.error().where.rfind("t.yml:", 0) == 0);
      }
    }
  }
  CHECK(read > 100);  // the mutations exercise both paths
  CHECK(refused > 100);
}
