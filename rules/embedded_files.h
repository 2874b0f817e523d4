// Files compiled into the binary (rule packs, default templates): see cmake/embed.cmake.
#pragma once

#include <string_view>
#include <vector>

namespace issuelint::embedded {

struct EmbeddedFile {
  std::string_view name;  // file name, e.g. "db-migration.yml"
  std::string_view contents;
  // A YAML file's tree, or a Markdown template's front matter's, pre-parsed at build time
  // (rules/yaml_tree.h); empty for other files and for a template without front matter.
  std::string_view yaml_tree;
};

const std::vector<EmbeddedFile>& files();

}  // namespace issuelint::embedded
