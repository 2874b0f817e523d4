#include "rules/kinds/configured_rule.h"

#include "rules/config_node.h"

namespace issuelint {

std::string entry_text(const ConfigNode& entry, const char* key) { return entry[key].text_or(""); }

}  // namespace issuelint
