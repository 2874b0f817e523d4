#include "rules/yaml_reading.h"

#include <algorithm>

#include "parser/yaml_error.h"

namespace issuelint::yaml {

std::string where(const YAML::Node& node, const std::string& source) {
  if (!node.IsDefined()) return source;  // a missing key has no mark (and Mark() would throw)
  const YAML::Mark mark = node.Mark();
  if (mark.is_null()) return source;
  return source + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
}

namespace {

template <typename Names>
Status check_keys_in(const YAML::Node& map, const Names& allowed, const std::string& source,
                     std::string_view what) {
  if (!map.IsDefined() || !map.IsMap()) {
    return make_error(std::string(what) + " must be a mapping", where(map, source));
  }
  for (const auto& entry : map) {
    const std::string key = entry.first.as<std::string>("");
    const bool known = std::any_of(allowed.begin(), allowed.end(),
                                   [&](const auto& name) { return std::string_view(name) == key; });
    if (known) continue;
    std::string list;
    for (const auto& name : allowed) {
      list += (list.empty() ? "" : ", ") + std::string(name);
    }
    return make_error(
        "unknown key '" + key + "' in " + std::string(what) + " (known keys: " + list + ")",
        where(entry.first, source));
  }
  return Ok{};
}

// A key that is absent: yaml-cpp's type queries throw on it, so every reader checks first.
Error missing(const std::string& source, std::string_view key) {
  return make_error("'" + std::string(key) + "' is missing", source);
}

}  // namespace

Status check_keys(const YAML::Node& map, std::initializer_list<std::string_view> allowed,
                  const std::string& source, std::string_view what) {
  return check_keys_in(map, allowed, source, what);
}

Status check_keys(const YAML::Node& map, const std::vector<std::string>& allowed,
                  const std::string& source, std::string_view what) {
  return check_keys_in(map, allowed, source, what);
}

Result<std::string> read_string(const YAML::Node& node, const std::string& source,
                                std::string_view key) {
  if (!node.IsDefined()) return missing(source, key);
  if (!node.IsScalar()) {
    return make_error("'" + std::string(key) + "' must be a string", where(node, source));
  }
  return node.as<std::string>();
}

Result<std::vector<std::string>> read_string_list(const YAML::Node& node, const std::string& source,
                                                  std::string_view key) {
  if (!node.IsDefined()) return missing(source, key);
  std::vector<std::string> out;
  if (node.IsScalar()) {
    out.push_back(node.as<std::string>());
    return out;
  }
  if (!node.IsSequence()) {
    return make_error("'" + std::string(key) + "' must be a string or a list of strings",
                      where(node, source));
  }
  for (const auto& item : node) {
    if (!item.IsScalar()) {
      return make_error("'" + std::string(key) + "' must list strings", where(item, source));
    }
    out.push_back(item.as<std::string>());
  }
  return out;
}

Result<int> read_int(const YAML::Node& node, const std::string& source, std::string_view key) {
  if (!node.IsDefined()) return missing(source, key);
  int value = 0;
  if (!node.IsScalar() || !YAML::convert<int>::decode(node, value)) {
    return make_error("'" + std::string(key) + "' must be a whole number", where(node, source));
  }
  return value;
}

Result<bool> read_bool(const YAML::Node& node, const std::string& source, std::string_view key) {
  if (!node.IsDefined()) return missing(source, key);
  bool value = false;
  if (!node.IsScalar() || !YAML::convert<bool>::decode(node, value)) {
    return make_error("'" + std::string(key) + "' must be true or false", where(node, source));
  }
  return value;
}

Result<YAML::Node> parse_document(std::string_view text, const std::string& source) {
  try {
    return YAML::Load(std::string(text));
  } catch (const YAML::Exception& error) {
    std::string location = source;
    if (!error.mark.is_null()) {
      location +=
          ":" + std::to_string(error.mark.line + 1) + ":" + std::to_string(error.mark.column + 1);
    }
    return make_error("invalid YAML: " + yaml_error_message(error), location);
  }
}

}  // namespace issuelint::yaml
