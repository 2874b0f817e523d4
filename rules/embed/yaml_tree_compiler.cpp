// Build-time tool: reads a YAML file and writes its pre-parsed tree (rules/yaml_tree.h), so the
// binary never scans its built-in packs. A syntax error or a duplicate key fails the build.
//   issuelint_yaml_tree_compiler IN.yml OUT.tree
#include <fstream>
#include <iostream>
#include <sstream>

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
  auto document = issuelint::parse_yaml(text.str(), input);
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
