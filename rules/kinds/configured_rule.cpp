#include "rules/kinds/configured_rule.h"

#include <yaml-cpp/yaml.h>

namespace issuelint {

std::string entry_text(const YAML::Node& entry, const char* key) {
  const YAML::Node node = entry[key];
  return node && node.IsScalar() ? node.as<std::string>() : std::string();
}

}  // namespace issuelint
