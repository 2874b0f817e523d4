#include "rules/kinds/configured_rule.h"

#include "parser/yaml_node.h"

namespace issuelint {

std::string entry_text(const YamlNode& entry, const char* key) { return entry[key].text_or(""); }

}  // namespace issuelint
