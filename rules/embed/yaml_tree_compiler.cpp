// Build-time tool: reads a YAML file, or a Markdown template's front matter, and writes its
// pre-parsed tree (rules/yaml_tree.h), so the binary never scans its built-in packs and
// template. A syntax error or a duplicate key fails the build. A template without front matter
// gets an empty tree file (no tree).
//   issuelint_yaml_tree_compiler IN.yml|IN.md OUT.tree
#include <fstream>
#include <iostream>
#include <sstream>

#include "parser/front_matter.h"
#include "parser/yaml_node.h"
#include "rules/yaml_tree.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: issuelint_yaml_tree_compiler IN.yml OUT.tree\n";
    return 2;
  }
  const std::string input = argv[1];
  std::ifstream in(input, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in) {
    std::cerr << input << ": error: cannot read the file\n";
    return 1;
  }
  const std::string contents = text.str();
  std::string_view yaml = contents;
  int first_line = 1;
  if (input.ends_with(".md")) {
    yaml = issuelint::split_front_matter(contents).yaml;
    first_line = 2;
    if (yaml.empty()) {  // no front matter: an empty tree file
      if (!std::ofstream(argv[2], std::ios::binary | std::ios::trunc)) {
        std::cerr << argv[2] << ": error: cannot write the file\n";
        return 1;
      }
      return 0;
    }
  }
  auto document = issuelint::parse_yaml(yaml, input, first_line);
  if (!document) {
    std::cerr << document.error().where << ": error: " << document.error().message << "\n";
    return 1;
  }
  auto tree = issuelint::yaml::encode_tree(*document);
  if (!tree) {
    std::cerr << input << ":" << tree.error().where << ": error: " << tree.error().message << "\n";
    return 1;
  }
  std::ofstream out(argv[2], std::ios::binary | std::ios::trunc);
  out << *tree;
  if (!out.flush()) {
    std::cerr << argv[2] << ": error: cannot write the file\n";
    return 1;
  }
  return 0;
}
