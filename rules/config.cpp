#include "rules/config.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "rules/label_plan.h"
#include "rules/nearest_names.h"
#include "rules/rule_entry.h"
#include "rules/rule_set.h"
#include "rules/yaml_reading.h"

namespace issuelint {

namespace {

// The spellings of false in YAML 1.1, as GitHub's YAML reads them: `rules: {x: no}` means off,
// as `false` and `off` do.
bool means_off(std::string_view text) {
  for (const std::string_view off :
       {"off", "Off", "OFF", "false", "False", "FALSE", "no", "No", "NO"}) {
    if (text == off) return true;
  }
  return false;
}

Status read_rule_overrides(const YamlNode& node, const std::string& source,
                           RepositoryConfig& config) {
  if (!node.is_map()) {
    return make_error("'rules' maps rule ids to 'off' or {severity: ...}",
                      yaml::where(node, source));
  }
  for (const auto& entry : node.entries()) {
    const std::string id = entry.key.text_or("");
    RuleOverride override;
    override.where = yaml::where(entry.key, source);
    const YamlNode& value = entry.value;
    if (value.is_scalar()) {
      const std::string text = value.text_or("");
      Severity severity{};
      if (means_off(text) || text == "disabled") {
        override.disabled = true;
      } else if (parse_severity(text, severity)) {
        override.severity = severity;
      } else if (value.as_psych_bool() == true) {
        // `on` is no setting: a rule runs unless switched off, and "did you mean 'off'" would
        // suggest the opposite.
        return make_error("rule '" + id + "': '" + text +
                              "' is YAML's true: a rule runs unless switched off (leave it out, "
                              "or give error, warning or info)",
                          yaml::where(value, source));
      } else {
        return make_error("rule '" + id + "': use off, error, warning or info" +
                              did_you_mean(text, {"off", "error", "warning", "info"}),
                          yaml::where(value, source));
      }
    } else {
      // `section-empty:` with nothing after it is a severity left out, not a mapping; `{}` would
      // change nothing without a word.
      if (!value.is_map() || value.size() == 0) {
        return make_error("rule '" + id + "': use off, error, warning or info, or {severity: ...}",
                          yaml::where(value, source));
      }
      if (auto ok = yaml::check_keys(value, {"severity", "enabled"}, source, "rule '" + id + "'");
          !ok) {
        return ok.error();
      }
      if (value["severity"]) {
        Severity severity{};
        if (!parse_severity(value["severity"].text_or(""), severity)) {
          return make_error(bad_severity_message(value["severity"].text_or("")),
                            yaml::where(value["severity"], source));
        }
        override.severity = severity;
      }
      if (value["enabled"]) {
        auto enabled = yaml::read_bool(value["enabled"], source, "enabled");
        if (!enabled) return enabled.error();
        override.disabled = !*enabled;
      }
    }
    config.rules[id] = override;
  }
  return Ok{};
}

Status read_label_overrides(const YamlNode& node, const std::string& source,
                            RepositoryConfig& config) {
  if (!node.is_map()) {
    return make_error("'labels' maps a managed label to a new name or 'off'",
                      yaml::where(node, source));
  }
  for (const auto& entry : node.entries()) {
    const std::string name = entry.key.text_or("");
    auto value = yaml::read_string(entry.value, source, name);
    if (!value) return value.error();
    LabelOverride override;
    override.where = yaml::where(entry.key, source);
    if (means_off(*value)) {
      override.disabled = true;
    } else if (entry.value.as_psych_bool() == true) {
      // YAML's true is the opposite of `off`, not a name: `needs-info: on` meant "keep it", and
      // read as text it would rename the label to "on" without a word.
      return make_error("label '" + name + "': '" + *value +
                            "' is YAML's true, not a new name: leave the label out to keep it, "
                            "quote the value to name the label so",
                        yaml::where(entry.value, source));
    } else if (value->empty()) {
      return make_error(
          "label '" + name + "': a label name cannot be empty (use off to disable it)",
          yaml::where(entry.value, source));
    } else if (count_characters(*value) > kLabelNameMaxCharacters) {
      // Named by the label it renames, not by the value: a value of megabytes would be
      // echoed whole.
      return make_error("label '" + name + "': the new name is " +
                            std::to_string(count_characters(*value)) +
                            " characters, longer than GitHub's 50",
                        yaml::where(entry.value, source));
    } else if (has_control_character(*value)) {
      return make_error("label '" + name +
                            "': a label name cannot hold a control character (a line break, "
                            "a tab, ...)",
                        yaml::where(entry.value, source));
    } else {
      override.name = *value;
    }
    config.labels[name] = override;
  }
  return Ok{};
}

Status read_packs(const YamlNode& node, const std::string& source, RepositoryConfig& config) {
  if (!node.is_map()) {
    return make_error("'packs' maps a template file or id to a pack name or pack file",
                      yaml::where(node, source));
  }
  for (const auto& entry : node.entries()) {
    auto pack = yaml::read_string(entry.value, source, "packs");
    if (!pack) return pack.error();
    const std::string key = entry.key.text_or("");
    config.packs[key] = *pack;
    config.pack_key_where[key] = yaml::where(entry.key, source);
    config.pack_name_where[key] = yaml::where(entry.value, source);
    // A built-in name is checked here, whether or not a template here has the key: a server's
    // configuration serves repositories whose templates it never sees at start.
    const std::vector<std::string> builtin = builtin_pack_names();
    if (!is_pack_file_name(*pack) &&
        std::find(builtin.begin(), builtin.end(), *pack) == builtin.end()) {
      std::string listed;
      for (const auto& name : builtin) listed += (listed.empty() ? "" : ", ") + name;
      return make_error("no built-in pack named '" + *pack + "' (built-in packs: " + listed +
                            "; a pack file ends in .yml or .yaml)",
                        config.pack_name_where[key]);
    }
  }
  return Ok{};
}

}  // namespace

Result<RepositoryConfig> parse_config(std::string_view text, const std::string& source) {
  auto document = parse_single_yaml_document(text, source);
  if (!document) return document.error();
  RepositoryConfig config;
  config.source = source;
  config.config_directory = std::filesystem::path(source).parent_path().string();
  const YamlNode& root = *document;
  if (root.is_null()) return config;  // an empty file: every default
  // Two `rules:` blocks, a rule overridden twice: a setting silently lost.
  if (auto ok = check_unique_keys(root, source); !ok) return ok.error();
  if (auto ok = yaml::check_keys(
          root,
          {"templates", "packs", "rules", "extra_rules", "labels", "table_names", "unmatched"},
          source, "the configuration");  // `source` names the file: --config may be any file
      !ok) {
    return ok.error();
  }
  if (root["templates"]) {
    auto templates = yaml::read_string_list(root["templates"], source, "templates");
    if (!templates) return templates.error();
    // Read as "no selection" it would lint every template, the opposite of what it says.
    if (templates->empty()) {
      return make_error("'templates' is empty: leave it out to lint every template, or name some",
                        yaml::where(root["templates"], source));
    }
    config.templates = *templates;
    const YamlNode& node = root["templates"];
    for (std::size_t i = 0; i < config.templates.size(); ++i) {
      config.template_where[config.templates[i]] =
          yaml::where(node.is_sequence() ? node.item(i) : node, source);
    }
  }
  if (root["packs"]) {
    if (auto ok = read_packs(root["packs"], source, config); !ok) return ok.error();
  }
  if (root["rules"]) {
    if (auto ok = read_rule_overrides(root["rules"], source, config); !ok) return ok.error();
  }
  if (const auto extra = root["extra_rules"]) {
    if (!extra.is_sequence()) {
      return make_error("'extra_rules' is a list of rules", yaml::where(extra, source));
    }
    for (const YamlNode& rule : extra.items()) {
      // Built once here only to report a bad entry now, at its line, like any other key.
      if (auto built = build_rule(rule, source, "repository"); !built) return built.error();
      config.extra_rules.push_back(rule);
    }
  }
  if (root["labels"]) {
    if (auto ok = read_label_overrides(root["labels"], source, config); !ok) return ok.error();
  }
  if (root["table_names"]) {
    TableNamePolicy policy;
    if (auto ok = read_table_name_policy(root["table_names"], source, policy); !ok)
      return ok.error();
    config.table_names = policy;
  }
  if (root["unmatched"]) {
    const std::string value = root["unmatched"].text_or("");
    if (value == "quiet") {
      config.unmatched = UnmatchedPolicy::quiet;
    } else if (value == "comment") {
      config.unmatched = UnmatchedPolicy::comment;
    } else {
      return make_error("'unmatched' is quiet or comment", yaml::where(root["unmatched"], source));
    }
  }
  return config;
}

Result<RepositoryConfig> load_config_file(const std::string& path) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    return make_error("is a directory, not a configuration file", path);
  }
  std::ifstream file(path, std::ios::binary);
  if (!file) return make_error("cannot read the configuration file", path);
  std::ostringstream text;
  text << file.rdbuf();
  auto config = parse_config(text.str(), path);
  if (config) config->pack_files_on_disk = true;
  return config;
}

bool is_pack_file_name(std::string_view name) {
  return name.ends_with(".yml") || name.ends_with(".yaml");
}

std::vector<std::string> pack_file_names(const RepositoryConfig& config) {
  std::vector<std::string> names;
  for (const auto& [key, name] : config.packs) {
    if (is_pack_file_name(name) && std::find(names.begin(), names.end(), name) == names.end()) {
      names.push_back(name);
    }
  }
  return names;
}

std::optional<std::string> repository_pack_path(std::string_view name) {
  const std::filesystem::path path(name);
  if (name.empty() || path.is_absolute()) return std::nullopt;
  for (const auto& part : path) {
    if (part == "..") return std::nullopt;
  }
  return (std::filesystem::path(".github") / path).lexically_normal().string();
}

}  // namespace issuelint
