// Reading the list-valued keys shared by template front matter and issue forms.
#pragma once

#include <string>
#include <vector>

#include "parser/yaml_node.h"

namespace issuelint {

// `labels` and `assignees` may be a YAML list or a comma-separated string (GitHub accepts
// both); blank entries are dropped.
std::vector<std::string> string_list_of(const YamlNode& node);

}  // namespace issuelint
