// The repository's configuration: .github/issuelint.yml (schema in docs/configuration.md).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "parser/result.h"
#include "parser/yaml_node.h"
#include "rules/finding.h"
#include "rules/table_names.h"

namespace issuelint {

struct RuleOverride {
  bool disabled = false;
  std::optional<Severity> severity;
  std::string where;  // file:line:col, to report an override that matched no rule
};

struct LabelOverride {
  std::string name;  // rename: the label the bot applies instead
  bool disabled = false;
  std::string where;  // file:line:col, to report an override that matched no label
};

// What the bot does with an issue that matches none of the repository's templates.
enum class UnmatchedPolicy { quiet, comment };

struct RepositoryConfig {
  std::string source;                        // path, for messages
  std::vector<std::string> templates;        // template files or ids to lint; empty: all
  std::map<std::string, std::string> packs;  // template id → pack name or pack file
  // file:line:col of each `templates` entry, of each `packs` key and of each pack it names: a
  // setting found to do nothing, or to name no pack, is reported there.
  std::map<std::string, std::string> template_where;
  std::map<std::string, std::string> pack_key_where;
  std::map<std::string, std::string> pack_name_where;
  std::map<std::string, RuleOverride> rules;    // per-rule severity overrides and disables
  std::vector<YamlNode> extra_rules;            // rules in the same YAML shape as the packs
  std::map<std::string, LabelOverride> labels;  // managed label → rename or disable
  std::optional<TableNamePolicy> table_names;
  UnmatchedPolicy unmatched = UnmatchedPolicy::quiet;
  std::string config_directory;  // where relative pack paths resolve
  // A pack file is read from disk only for a configuration read from disk (load_config_file:
  // the CLI's, serve --config's). One read through GitHub names files of its repository: the
  // bot fetches them (pack_file_names, then pack_files) and never opens a path of its own disk.
  bool pack_files_on_disk = false;
  std::map<std::string, std::string> pack_files;  // pack file as named → its text
};

// A `packs` value naming a file rather than a built-in pack: it ends in .yml or .yaml.
bool is_pack_file_name(std::string_view name);

// The pack files (`.yml`/`.yaml` names) the configuration's `packs` name, each once.
std::vector<std::string> pack_file_names(const RepositoryConfig& config);

// Where the bot reads pack file `name` in the repository: beside .github/issuelint.yml. Nothing
// for a name that would leave .github/ (absolute, or through "..").
std::optional<std::string> repository_pack_path(std::string_view name);

Result<RepositoryConfig> parse_config(std::string_view text, const std::string& source);
Result<RepositoryConfig> load_config_file(const std::string& path);

}  // namespace issuelint
