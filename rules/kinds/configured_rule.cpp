#include "rules/kinds/configured_rule.h"

#include "parser/yaml_node.h"
#include "rules/yaml_reading.h"

namespace issuelint {

std::string entry_text(const YamlNode& entry, const char* key) { return entry[key].text_or(""); }

Result<std::vector<std::string>> read_name_list(const YamlNode& entry, const char* key,
                                                const RuleInfo& info, const std::string& source) {
  auto names = yaml::read_string_list(entry[key], source, key);
  if (!names) return names.error();
  if (names->empty() && !info.builtin) {
    return make_error("'" + std::string(key) + "' is empty: name at least one",
                      yaml::where(entry[key], source));
  }
  return names;
}

Result<std::string> read_required_name(const YamlNode& entry, const char* key, const RuleInfo& info,
                                       const std::string& source) {
  const YamlNode node = entry[key];
  if (!node) {
    return make_error(info.kind + " needs '" + key + "'", yaml::where(entry, source));
  }
  auto name = yaml::read_string(node, source, key);
  if (!name) return name.error();
  if (name->find_first_not_of(" \t") == std::string::npos && !info.builtin) {
    return make_error(
        "'" + std::string(key) + "' is empty: name the " + key + " as the template writes it",
        yaml::where(node, source));
  }
  return name;
}

}  // namespace issuelint
