// A Markdown template's front matter: the YAML between a first line "---" and the next "---"
// (or "...") line. Shared by the template parser and the build-time tree compiler, which
// pre-parses the built-in template's front matter (rules/embed/yaml_tree_compiler.cpp).
#pragma once

#include <string_view>

namespace issuelint {

struct FrontMatterSplit {
  std::string_view yaml;  // empty when the file has none
  std::string_view body;
  int body_first_line = 1;  // line of the file where the body starts
};

// A leading UTF-8 byte order mark is skipped.
FrontMatterSplit split_front_matter(std::string_view text);

}  // namespace issuelint
