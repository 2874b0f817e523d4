// The rules that apply to issues written from one template: a built-in pack, a pack file, or
// the rules derived from the template itself, with the repository's configuration applied.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "parser/result.h"
#include "parser/template.h"
#include "parser/yaml_node.h"
#include "rules/condition.h"
#include "rules/rule.h"
#include "rules/table_names.h"
#include "rules/verdict.h"

namespace issuelint {

struct TemplateIndex;

// A label the bot manages, and when the issue should carry it.
struct LabelRule {
  ManagedLabel label;
  Condition when;
};

// How a repository template is recognised as the one a pack was written for.
struct TemplateMatch {
  std::string title_prefix;           // front-matter title, e.g. "[DB]"
  std::vector<std::string> names;     // front-matter names, e.g. "Database Migration"
  std::vector<std::string> sections;  // headings its sections must include
};

// What a configuration says of a core finding (rule_catalog.h: input-repaired,
// template-unmatched), which no rule object reports: off, or another severity.
struct CoreRuleSetting {
  bool disabled = false;
  std::optional<Severity> severity;
};
using CoreRuleSettings = std::map<std::string, CoreRuleSetting, std::less<>>;

struct RuleSet {
  std::string name;    // pack name, or "generic"
  std::string source;  // for messages
  std::string summary;
  std::vector<RulePtr> rules;
  std::vector<LabelRule> labels;
  TableNamePolicy table_names;
  TemplateMatch match;
  std::string builtin_template;  // embedded template file of a built-in pack
  // What checks read of the template these rules apply to, computed once (index_template());
  // the catalog sets it. Unset, or set for another template object: each check computes it.
  std::shared_ptr<const TemplateIndex> template_index;
  // The slots of the rules' and labels' section and option references (number_references());
  // the catalog sets it once the set is complete. Unset: every look-up is made afresh.
  std::shared_ptr<const ReferenceTable> references;
  CoreRuleSettings core_settings;  // from the repository's configuration
  // Rules read from the template itself (derive_rules): a heading the author reworded is
  // looked for too (LintContext::find_below_reworded). A pack names its sections exactly.
  bool finds_reworded_headings = false;
};

// Numbers the references of every rule and label condition of `set` in a new table.
void number_references(RuleSet& set);

// A pack file (YAML). `source` names it in errors.
Result<RuleSet> parse_pack(std::string_view yaml_text, const std::string& source);
// The packs compiled into the binary (rules/packs/*.yml).
std::vector<std::string> builtin_pack_names();
Result<RuleSet> load_builtin_pack(std::string_view name);
// A YAML file compiled into the binary ("generic.yml"), from its build-time tree.
Result<YamlNode> load_builtin_yaml(std::string_view file_name);
// Reads a `table_names:` mapping (prefix, fold_plural, aliases) into `policy`.
Status read_table_name_policy(const YamlNode& node, const std::string& source,
                              TableNamePolicy& policy);
// Does `issue_template` look like the template `pack` was written for?
bool pack_matches_template(const RuleSet& pack, const IssueTemplate& issue_template);

}  // namespace issuelint
