#include "rules/yaml_reading.h"

#include <algorithm>

#include "rules/nearest_names.h"

namespace issuelint::yaml {

std::string where(const YamlNode& node, const std::string& source) {
  if (node.line() < 0) return source;  // a missing key, a built-in tree, a node set in code
  return source + ":" + std::to_string(node.line() + 1) + ":" + std::to_string(node.column() + 1);
}

namespace {

template <typename Names>
Status check_keys_in(const YamlNode& map, const Names& allowed, const std::string& source,
                     std::string_view what) {
  if (!map.is_map()) {
    return make_error(std::string(what) + " must be a mapping", where(map, source));
  }
  for (const auto& entry : map.entries()) {
    const std::string_view key = entry.key.text();
    const bool known = std::any_of(allowed.begin(), allowed.end(),
                                   [&](const auto& name) { return std::string_view(name) == key; });
    if (known) continue;
    std::string list;
    std::vector<std::string> names;
    for (const auto& name : allowed) {
      list += (list.empty() ? "" : ", ") + std::string(name);
      names.emplace_back(name);
    }
    return make_error("unknown key '" + std::string(key) + "' in " + std::string(what) +
                          did_you_mean(key, names) + " (known keys: " + list + ")",
                      where(entry.key, source));
  }
  return Ok{};
}

// A key that is absent: "'key' is missing", where a present key of the wrong type names its place.
Error missing(const std::string& source, std::string_view key) {
  return make_error("'" + std::string(key) + "' is missing", source);
}

}  // namespace

Status check_keys(const YamlNode& map, std::initializer_list<std::string_view> allowed,
                  const std::string& source, std::string_view what) {
  return check_keys_in(map, allowed, source, what);
}

Status check_keys(const YamlNode& map, const std::vector<std::string>& allowed,
                  const std::string& source, std::string_view what) {
  return check_keys_in(map, allowed, source, what);
}

Result<std::string> read_string(const YamlNode& node, const std::string& source,
                                std::string_view key) {
  if (!node.is_defined()) return missing(source, key);
  if (!node.is_scalar()) {
    return make_error("'" + std::string(key) + "' must be a string", where(node, source));
  }
  return std::string(node.text());
}

Result<std::vector<std::string>> read_string_list(const YamlNode& node, const std::string& source,
                                                  std::string_view key) {
  if (!node.is_defined()) return missing(source, key);
  std::vector<std::string> out;
  if (node.is_scalar()) {
    out.emplace_back(node.text());
    return out;
  }
  if (!node.is_sequence()) {
    return make_error("'" + std::string(key) + "' must be a string or a list of strings",
                      where(node, source));
  }
  out.reserve(node.size());
  for (const YamlNode& item : node.items()) {
    if (!item.is_scalar()) {
      return make_error("'" + std::string(key) + "' must list strings", where(item, source));
    }
    out.emplace_back(item.text());
  }
  return out;
}

Result<int> read_int(const YamlNode& node, const std::string& source, std::string_view key) {
  if (!node.is_defined()) return missing(source, key);
  const std::optional<int> value = node.as_int();
  if (!value) {
    return make_error("'" + std::string(key) + "' must be a whole number", where(node, source));
  }
  return *value;
}

Result<bool> read_bool(const YamlNode& node, const std::string& source, std::string_view key) {
  if (!node.is_defined()) return missing(source, key);
  const std::optional<bool> value = node.as_bool();
  if (!value) {
    return make_error("'" + std::string(key) + "' must be true or false", where(node, source));
  }
  return *value;
}

}  // namespace issuelint::yaml
