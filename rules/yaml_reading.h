// Strict reading of YAML configuration: every unknown key, wrong type or bad value is an
// Error that names the file, line and column (node marks are 0-based; messages' are 1-based).
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "parser/result.h"
#include "parser/yaml_node.h"

namespace issuelint::yaml {

// "file:line:col" for a node.
std::string where(const YamlNode& node, const std::string& source);

// Unknown keys in `map` are an Error that lists the keys allowed.
Status check_keys(const YamlNode& map, std::initializer_list<std::string_view> allowed,
                  const std::string& source, std::string_view what);
Status check_keys(const YamlNode& map, const std::vector<std::string>& allowed,
                  const std::string& source, std::string_view what);

// Each reader returns an Error (never throws) for a key that is absent: "'key' is missing".
Result<std::string> read_string(const YamlNode& node, const std::string& source,
                                std::string_view key);
// A string or a list of strings.
Result<std::vector<std::string>> read_string_list(const YamlNode& node, const std::string& source,
                                                  std::string_view key);
Result<int> read_int(const YamlNode& node, const std::string& source, std::string_view key);
Result<bool> read_bool(const YamlNode& node, const std::string& source, std::string_view key);

}  // namespace issuelint::yaml
