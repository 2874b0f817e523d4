// Build-time tool: reads a YAML file and writes its pre-parsed tree (rules/yaml_tree.h), so the
// binary never scans its built-in packs. A syntax error or a duplicate key fails the build.
//   issuelint_yaml_tree_compiler IN.yml OUT.tree
#include <yaml-cpp/yaml.h>

#include <fstream>
#include <iostream>

#include "rules/yaml_tree.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: issuelint_yaml_tree_compiler IN.yml OUT.tree\n";
    return 2;
  }
  const std::string input = argv[1];
  YAML::Node document;
  try {
    document = YAML::LoadFile(input);
  } catch (const YAML::Exception& error) {
    std::cerr << input << ":" << error.mark.line + 1 << ":" << error.mark.column + 1
              << ": error: invalid YAML: " << error.msg << "\n";
    return 1;
  }
  auto tree = issuelint::yaml::encode_tree(document);
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
