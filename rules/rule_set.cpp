#include "rules/rule_set.h"

#include <algorithm>
#include <cctype>

#include "parser/normalize.h"
#include "parser/title_prefix.h"
#include "parser/yaml_node.h"
#include "rules/embedded_files.h"
#include "rules/label_plan.h"
#include "rules/rule_catalog.h"
#include "rules/rule_entry.h"
#include "rules/yaml_reading.h"
#include "rules/yaml_tree.h"

namespace issuelint {

namespace {

std::string trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

// GitHub takes a label's colour as six hex digits and answers anything else with a 422 that would
// stop every triage in the repository, so it is checked here. A leading '#', as CSS and GitHub's
// own label page write a colour, is dropped: it can mean nothing else.
Result<std::string> read_label_colour(const YamlNode& node, const std::string& source) {
  if (!node) return std::string("ededed");
  if (node.is_null()) {
    return make_error(
        "label 'color' is empty: YAML reads an unquoted '#' as the start of a comment; write "
        "color: \"#d93f0b\" or color: d93f0b",
        yaml::where(node, source));
  }
  auto text = yaml::read_string(node, source, "color");
  if (!text) return text.error();
  std::string_view colour = *text;
  if (colour.starts_with('#')) colour.remove_prefix(1);
  const bool hex = std::all_of(colour.begin(), colour.end(),
                               [](unsigned char c) { return std::isxdigit(c) != 0; });
  if (colour.size() != 6 || !hex) {
    return make_error("label color '" + *text + "' is not six hex digits (as d93f0b or #d93f0b)",
                      yaml::where(node, source));
  }
  return std::string(colour);
}

// A managed label's name and description as GitHub takes them (label_plan.h): the bot creates
// the label, and GitHub would refuse anything else with a 422 at every triage.
Status check_label_text(const YamlNode& item, const ManagedLabel& label,
                        const std::string& source) {
  const std::string where = yaml::where(item["name"], source);
  if (label.name.empty()) return make_error("a label's 'name' cannot be empty", where);
  if (count_characters(label.name) > kLabelNameMaxCharacters) {
    return make_error("label '" + label.name + "' is longer than GitHub's 50 characters", where);
  }
  if (has_control_character(label.name)) {
    return make_error("label '" + label.name +
                          "': a label name cannot hold a control character (a line break, a "
                          "tab, ...)",
                      where);
  }
  if (count_characters(label.description) > kLabelDescriptionMaxCharacters) {
    return make_error("the description of label '" + label.name + "' is " +
                          std::to_string(count_characters(label.description)) +
                          " characters, longer than GitHub's 100",
                      yaml::where(item["description"], source));
  }
  return Ok{};
}

// GitHub's label names ignore case: two managed labels alike would be one label, and the bot
// could no longer tell (nor remove) them apart.
Status check_label_unique(const YamlNode& item, const RuleSet& set, const std::string& source) {
  const std::string& name = set.labels.back().label.name;
  for (std::size_t i = 0; i + 1 < set.labels.size(); ++i) {
    if (!same_label(set.labels[i].label.name, name)) continue;
    return make_error("label '" + name + "' is given twice (as '" + set.labels[i].label.name +
                          "': GitHub's label names ignore case)",
                      yaml::where(item["name"], source));
  }
  return Ok{};
}

Result<LabelRule> read_label(const YamlNode& item, const std::string& source) {
  if (auto ok = yaml::check_keys(item, {"name", "color", "description", "when"}, source, "label");
      !ok) {
    return ok.error();
  }
  LabelRule rule;
  auto name = yaml::read_string(item["name"], source, "name");
  if (!item["name"] || !name) return make_error("a label needs 'name'", yaml::where(item, source));
  rule.label.name = *name;
  if (item["description"]) {
    auto description = yaml::read_string(item["description"], source, "description");
    if (!description) return description.error();
    rule.label.description = std::move(*description);
  }
  if (auto ok = check_label_text(item, rule.label, source); !ok) return ok.error();
  auto colour = read_label_colour(item["color"], source);
  if (!colour) return colour.error();
  rule.label.color = std::move(*colour);
  if (!item["when"]) return make_error("a label needs 'when'", yaml::where(item, source));
  auto when = parse_condition(item["when"], source);
  if (!when) return when.error();
  rule.when = std::move(*when);
  return rule;
}

Status read_labels(const YamlNode& node, const std::string& source, RuleSet& set) {
  if (!node.is_sequence()) {
    return make_error("'labels' must be a list of managed labels", yaml::where(node, source));
  }
  for (const YamlNode& item : node.items()) {
    auto rule = read_label(item, source);
    if (!rule) return rule.error();
    set.labels.push_back(std::move(*rule));
    if (auto ok = check_label_unique(item, set, source); !ok) return ok.error();
  }
  return Ok{};
}

Status read_match(const YamlNode& node, const std::string& source, RuleSet& set) {
  if (auto ok = yaml::check_keys(node, {"title_prefix", "names", "sections"}, source, "match");
      !ok) {
    return ok.error();
  }
  if (node["title_prefix"]) set.match.title_prefix = node["title_prefix"].text_or("");
  for (const auto& [key, field] :
       {std::pair{"names", &set.match.names}, std::pair{"sections", &set.match.sections}}) {
    if (!node[key]) continue;
    auto list = yaml::read_string_list(node[key], source, key);
    if (!list) return list.error();
    *field = *list;
  }
  return Ok{};
}

Status read_table_names(const YamlNode& node, const std::string& source, TableNamePolicy& policy) {
  if (auto ok = yaml::check_keys(node, {"prefix", "fold_plural", "aliases"}, source, "table_names");
      !ok) {
    return ok.error();
  }
  if (node["prefix"]) {
    auto prefix = yaml::read_string(node["prefix"], source, "prefix");
    if (!prefix) return prefix.error();
    policy.prefix = std::move(*prefix);
  }
  if (node["fold_plural"]) {
    auto flag = yaml::read_bool(node["fold_plural"], source, "fold_plural");
    if (!flag) return flag.error();
    policy.fold_plural = *flag;
  }
  if (const auto aliases = node["aliases"]) {
    if (!aliases.is_map()) {
      return make_error("'aliases' maps a name as written in issues to a SQL table name",
                        yaml::where(aliases, source));
    }
    for (const auto& alias : aliases.entries()) {
      auto name = yaml::read_string(alias.key, source, "an alias' name");
      if (!name) return name.error();
      auto table = yaml::read_string(alias.value, source, "aliases: " + *name);
      if (!table) return table.error();
      policy.aliases[std::move(*name)] = std::move(*table);
    }
  }
  return Ok{};
}

// A label's `when: {finding: rule-id}` names a rule of the pack, or one of issuelint's own
// findings: a typo would leave the label never applied, silently.
Status check_label_findings(const YamlNode& labels, const RuleSet& set, const std::string& source) {
  for (const YamlNode& item : labels.items()) {
    std::vector<YamlNode> named;
    findings_named(item["when"], named);
    for (const YamlNode& rule : named) {
      const std::string_view id = rule.text();
      const bool known = id == kInputRepairedRule || id == kTemplateUnmatchedRule ||
                         std::any_of(set.rules.begin(), set.rules.end(),
                                     [&](const RulePtr& other) { return other->info().id == id; });
      if (!known) {
        return make_error("'finding' names '" + std::string(id) + "', which is no rule of the pack",
                          yaml::where(rule, source));
      }
    }
  }
  return Ok{};
}

// A built-in pack is chosen by its `match` and brings its own `template`; a repository's pack
// file is chosen by `packs:` alone, so there they would be read and do nothing, without a word.
Status check_builtin_only_keys(const YamlNode& root, const std::string& source) {
  if (source.starts_with("builtin:")) return Ok{};
  for (const char* key : {"match", "template"}) {
    if (!root[key]) continue;
    return make_error("'" + std::string(key) +
                          "' is read only in a built-in pack: a pack file applies to the "
                          "templates that 'packs:' in the configuration maps to it",
                      yaml::where(root[key], source));
  }
  return Ok{};
}

Result<RuleSet> read_pack(const YamlNode& root, const std::string& source) {
  if (auto ok = yaml::check_keys(
          root, {"pack", "summary", "template", "match", "table_names", "labels", "rules"}, source,
          "a pack");
      !ok) {
    return ok.error();
  }
  if (auto ok = check_builtin_only_keys(root, source); !ok) return ok.error();
  RuleSet set;
  set.source = source;
  auto name = yaml::read_string(root["pack"], source, "pack");
  if (!root["pack"] || !name) return make_error("a pack needs 'pack: NAME'", source);
  set.name = *name;
  if (root["summary"]) set.summary = root["summary"].text_or("");
  if (root["template"]) set.builtin_template = root["template"].text_or("");
  if (root["match"]) {
    if (auto ok = read_match(root["match"], source, set); !ok) return ok.error();
  }
  if (root["table_names"]) {
    if (auto ok = read_table_names(root["table_names"], source, set.table_names); !ok) {
      return ok.error();
    }
  }
  if (root["labels"]) {
    if (auto ok = read_labels(root["labels"], source, set); !ok) return ok.error();
  }
  if (!root["rules"] || !root["rules"].is_sequence()) {
    return make_error("a pack needs a 'rules' list", source);
  }
  for (const YamlNode& entry : root["rules"].items()) {
    auto rule = build_rule(entry, source, set.name);
    if (!rule) return rule.error();
    const bool duplicate = std::any_of(set.rules.begin(), set.rules.end(), [&](const RulePtr& r) {
      return r->info().id == (*rule)->info().id;
    });
    if (duplicate) {
      return make_error("rule id '" + (*rule)->info().id + "' is used twice",
                        yaml::where(entry, source));
    }
    set.rules.push_back(std::move(*rule));
  }
  if (root["labels"]) {
    if (auto ok = check_label_findings(root["labels"], set, source); !ok) return ok.error();
  }
  return set;
}

const embedded::EmbeddedFile* find_embedded(std::string_view file_name) {
  for (const auto& file : embedded::files()) {
    if (file.name == file_name) return &file;
  }
  return nullptr;
}

}  // namespace

Status read_table_name_policy(const YamlNode& node, const std::string& source,
                              TableNamePolicy& policy) {
  return read_table_names(node, source, policy);
}

Result<RuleSet> parse_pack(std::string_view yaml_text, const std::string& source) {
  // A second document after '---' would be dropped without a word, as in the configuration.
  auto document = parse_single_yaml_document(yaml_text, source);
  if (!document) return document.error();
  // A rule's `sections:` given twice would keep one list silently (YAML readers disagree which).
  if (auto ok = check_unique_keys(*document, source); !ok) return ok.error();
  return read_pack(*document, source);
}

Result<YamlNode> load_builtin_yaml(std::string_view file_name) {
  const embedded::EmbeddedFile* file = find_embedded(file_name);
  if (file == nullptr) return make_error("no built-in file named '" + std::string(file_name) + "'");
  // Pre-parsed at build time: decoding the tree costs a few percent of scanning the YAML.
  if (!file->yaml_tree.empty()) return yaml::decode_tree(file->yaml_tree);
  return parse_yaml(file->contents, "builtin:" + std::string(file_name));
}

std::vector<std::string> builtin_pack_names() {
  std::vector<std::string> names;
  for (const auto& file : embedded::files()) {
    // generic.yml documents the template-derived rules; it is not a pack to choose.
    if (file.name.ends_with(".yml") && file.name != "generic.yml") {
      names.emplace_back(file.name.substr(0, file.name.size() - 4));
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

Result<RuleSet> load_builtin_pack(std::string_view name) {
  const std::string file_name = std::string(name) + ".yml";
  if (find_embedded(file_name) == nullptr) {
    return make_error("no built-in pack named '" + std::string(name) + "'");
  }
  auto document = load_builtin_yaml(file_name);
  if (!document) return document.error();
  return read_pack(*document, "builtin:" + file_name);
}

void number_references(RuleSet& set) {
  auto table = std::make_shared<ReferenceTable>();
  for (const RulePtr& rule : set.rules) rule->number_references(*table);
  for (LabelRule& label : set.labels) number_references(label.when, *table);
  set.references = std::move(table);
}

bool pack_matches_template(const RuleSet& pack, const IssueTemplate& issue_template) {
  const TemplateMatch& match = pack.match;
  const std::string prefix = trim(split_title(issue_template.front_matter.title).prefix);
  if (!match.title_prefix.empty() && !prefix.empty() &&
      normalize_key(prefix) == normalize_key(match.title_prefix)) {
    return true;
  }
  const std::string name = normalize_key(issue_template.front_matter.name);
  for (const auto& candidate : match.names) {
    if (!name.empty() && normalize_key(candidate) == name) return true;
  }
  if (match.sections.empty()) return false;
  return std::all_of(match.sections.begin(), match.sections.end(), [&](const std::string& title) {
    const std::string key = section_key(title);
    return std::any_of(issue_template.sections.begin(), issue_template.sections.end(),
                       [&](const SectionSpec& spec) { return spec.key == key; });
  });
}

}  // namespace issuelint
