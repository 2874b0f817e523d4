#include "rules/template_catalog.h"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "parser/checkbox_text.h"
#include "parser/key_fingerprint.h"
#include "parser/normalize.h"
#include "parser/same_text.h"
#include "parser/title_prefix.h"
#include "rules/embedded_files.h"
#include "rules/label_plan.h"
#include "rules/lint_context.h"
#include "rules/nearest_names.h"
#include "rules/rule_catalog.h"
#include "rules/rule_entry.h"
#include "rules/template_rules.h"
#include "rules/yaml_reading.h"
#include "rules/yaml_tree.h"

namespace issuelint {

namespace {

Result<std::string> read_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return make_error("cannot read the file", path);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

}  // namespace

// The built-in packs a catalog looks at, each loaded (decoded and built) at most once while the
// catalog is built: every template is matched against every pack, and the default catalog reads
// its pack's template name before the template is given that pack.
class BuiltinPackCache {
 public:
  // The pack, loaded on first use; it stays here for the next look.
  Result<const RuleSet*> find(const std::string& name) {
    std::optional<RuleSet>& slot = packs_[name];
    if (!slot) {
      auto pack = load_builtin_pack(name);
      if (!pack) return pack.error();
      slot = std::move(*pack);
    }
    return &*slot;
  }
  // The pack for a template to own (configuration overrides change it): a later taker gets a
  // fresh load.
  Result<RuleSet> take(const std::string& name) {
    auto found = find(name);
    if (!found) return found.error();
    std::optional<RuleSet>& slot = packs_[name];
    RuleSet pack = std::move(*slot);
    slot.reset();
    return pack;
  }

 private:
  std::map<std::string, std::optional<RuleSet>> packs_;
};

namespace {

std::string where_of(const std::map<std::string, std::string>& locations, const std::string& key,
                     const std::string& fallback) {
  const auto found = locations.find(key);
  return found == locations.end() ? fallback : found->second;
}

// A pack named in the configuration: a built-in name, or a YAML file beside the config.
Result<RuleSet> load_named_pack(const std::string& key, const RepositoryConfig& config,
                                BuiltinPackCache& builtin_packs) {
  const std::string& name = config.packs.at(key);
  if (is_pack_file_name(name)) {
    const std::filesystem::path path = std::filesystem::path(config.config_directory) / name;
    if (auto given = config.pack_files.find(name); given != config.pack_files.end()) {
      return parse_pack(given->second, path.string());
    }
    const std::string where = where_of(config.pack_name_where, key, config.source);
    if (!config.pack_files_on_disk) {
      // Read through GitHub, and not found there (or a path outside .github/): never a file of
      // the machine the bot runs on.
      return make_error(
          "the pack file '" + name + "' is not in the repository" +
              (repository_pack_path(name) ? " (looked for " + *repository_pack_path(name) + ")"
                                          : " (a pack file is a path inside .github/)"),
          where);
    }
    auto text = read_file(path.string());
    if (!text) return make_error(text.error().message + ": " + text.error().where, where);
    return parse_pack(*text, path.string());
  }
  // Only the packs one may choose: `generic` documents the rules read from a template itself,
  // and is no pack of its own.
  const std::vector<std::string> choosable = builtin_pack_names();
  const bool known = std::find(choosable.begin(), choosable.end(), name) != choosable.end();
  auto pack = known ? builtin_packs.take(name)
                    : Result<RuleSet>(make_error("no built-in pack named '" + name + "'"));
  if (!pack) {
    std::string listed;
    for (const auto& builtin : choosable) listed += (listed.empty() ? "" : ", ") + builtin;
    return make_error(
        pack.error().message + " (built-in packs: " + listed + "; a pack file ends in .yml)",
        where_of(config.pack_name_where, key, config.source));
  }
  return pack;
}

// A configuration entry names a template by its file name, or by its id, which names every
// template of that name (bug_report.md and bug_report.yml both have the id bug_report); or by
// its id with the extension of its file ("db-migration.md" for the built-in template).
bool names_template(const std::string& name, const IssueTemplate& issue_template) {
  const std::filesystem::path file = std::filesystem::path(issue_template.source).filename();
  if (name == file.string() || name == issue_template.id) return true;
  const std::filesystem::path named(name);
  return named.stem().string() == issue_template.id && named.extension() == file.extension();
}

bool template_selected(const IssueTemplate& issue_template, const RepositoryConfig* config) {
  if (config == nullptr || config->templates.empty()) return true;
  return std::any_of(config->templates.begin(), config->templates.end(),
                     [&](const std::string& name) { return names_template(name, issue_template); });
}

Result<RuleSet> rules_for(const IssueTemplate& issue_template, const RepositoryConfig* config,
                          BuiltinPackCache& builtin_packs) {
  if (config != nullptr) {
    // A file name names that file only, an id every template of that name: the file's own entry
    // wins whichever sorts first (`bug_report: a` for both, `bug_report.yml: b` for the form).
    const std::string* by_id = nullptr;
    for (const auto& [key, pack] : config->packs) {
      if (!names_template(key, issue_template)) continue;
      if (key != issue_template.id) return load_named_pack(key, *config, builtin_packs);
      by_id = &key;
    }
    if (by_id != nullptr) return load_named_pack(*by_id, *config, builtin_packs);
  }
  for (const auto& name : builtin_pack_names()) {
    auto pack = builtin_packs.find(name);
    if (!pack) return pack.error();
    if (pack_matches_template(**pack, issue_template)) return builtin_packs.take(name);
  }
  return derive_rules(issue_template);
}

Status apply_config(RuleSet& set, const RepositoryConfig& config) {
  const std::size_t pack_rules = set.rules.size();
  for (const YamlNode& entry : config.extra_rules) {
    auto rule = build_rule(entry, config.source, "repository");
    if (!rule) return rule.error();
    const std::string& id = (*rule)->info().id;
    const auto taken = std::find_if(set.rules.begin(), set.rules.end(),
                                    [&](const RulePtr& other) { return other->info().id == id; });
    if (taken != set.rules.end()) {
      // An earlier extra rule, or one of the pack's: the author must know which to rename.
      const auto index = static_cast<std::size_t>(taken - set.rules.begin());
      const std::string owner =
          index < pack_rules
              ? "the pack '" + set.name + "'"
              : "the extra rule at " +
                    yaml::where(config.extra_rules[index - pack_rules], config.source);
      return make_error(
          "rule id '" + id + "' is already used by " + owner + ": give the extra rule its own id",
          yaml::where(entry, config.source));
    }
    set.rules.push_back(std::move(*rule));
  }
  for (const std::string_view core : {kInputRepairedRule, kTemplateUnmatchedRule}) {
    if (const auto found = config.rules.find(std::string(core)); found != config.rules.end()) {
      set.core_settings[std::string(core)] = {found->second.disabled, found->second.severity};
    }
  }
  std::vector<RulePtr> kept;
  for (auto& rule : set.rules) {
    const auto found = config.rules.find(rule->info().id);
    if (found != config.rules.end()) {
      if (found->second.disabled) continue;
      if (found->second.severity) rule->info().severity = *found->second.severity;
    }
    kept.push_back(std::move(rule));
  }
  set.rules = std::move(kept);
  std::vector<LabelRule> labels;
  std::vector<std::string> managed;  // each kept label's name before its rename
  for (auto& label : set.labels) {
    const std::string original = label.label.name;
    const auto found = config.labels.find(original);
    if (found != config.labels.end()) {
      if (found->second.disabled) continue;
      label.label.name = found->second.name;
    }
    // GitHub's label names ignore case: two managed labels under one name would be one label,
    // and the bot could no longer tell (nor remove) them apart.
    for (std::size_t i = 0; i < labels.size(); ++i) {
      const std::string& other = labels[i].label.name;
      const bool same = other.size() == label.label.name.size() &&
                        starts_with_ignoring_case(other, label.label.name);
      if (!same) continue;
      const auto renamed = found != config.labels.end() ? found : config.labels.find(managed[i]);
      // The case note only where case is what makes them one: two renames to one name say so.
      const char* why = other == label.label.name ? "" : " (GitHub's label names ignore case)";
      return make_error("labels '" + managed[i] + "' and '" + original + "' would both be '" +
                            label.label.name + "'" + why,
                        renamed != config.labels.end() ? renamed->second.where : config.source);
    }
    managed.push_back(original);
    labels.push_back(std::move(label));
  }
  set.labels = std::move(labels);
  if (config.table_names) set.table_names = *config.table_names;
  return Ok{};
}

// What the templates offer an extra rule to name: every heading, every box (by key and by
// label, as LintContext::find_box_by_key matches an option) and every form dropdown's options.
struct TemplateReferents {
  std::set<std::string, std::less<>> section_keys;
  std::set<std::string, std::less<>> box_keys;
  std::vector<std::string_view> box_labels;
  std::map<std::string, std::string, std::less<>> dropdown_of_option;  // key -> its field
  std::set<std::string, std::less<>> lead_keys;  // inline groups' leads ("Affected Area")

  explicit TemplateReferents(const std::vector<CatalogEntry>& entries) {
    for (const CatalogEntry& entry : entries) {
      const IssueDocument& document = entry.issue_template.document;
      for (const Section& section : document.sections) section_keys.insert(section.key.str());
      for (const Checkbox& box : document.checkboxes) {
        box_keys.insert(box.key.str());
        box_labels.push_back(box.label);
        if (box.is_inline && !box.lead.empty()) lead_keys.insert(normalize_key(box.lead));
      }
      for (const SectionSpec& spec : entry.issue_template.sections) {
        for (const std::string& option : spec.dropdown_options)
          dropdown_of_option.emplace(normalize_key(option), spec.title);
      }
    }
  }

  bool has_box(std::string_view key) const {
    return box_keys.contains(key) ||
           std::any_of(box_labels.begin(), box_labels.end(),
                       [&](std::string_view label) { return key_starts_with_words(label, key); });
  }
};

// A `choose` rule's `options` and an `all-ticked` rule's `except` name boxes, and a `choose`
// rule's `lead` an inline group ("Affected Area"), by their text: the kinds read them as keys,
// not as the references number_references() hands out, so they are looked up here.
void warn_unknown_box_names(const YamlNode& entry, const std::string& id,
                            const TemplateReferents& referents, const RepositoryConfig& config,
                            std::vector<Error>& warnings) {
  const std::string kind = entry["kind"].text_or("");
  if (kind == "choose" && entry["lead"].is_scalar()) {
    const std::string lead = normalize_key(entry["lead"].text_or(""));
    if (!lead.empty() && !referents.lead_keys.contains(lead)) {
      warnings.push_back(make_error("rule '" + id + "' names a group ('" + lead +
                                        "') that no line of boxes in the templates here leads",
                                    yaml::where(entry["lead"], config.source)));
    }
  }
  const char* list = kind == "choose" ? "options" : kind == "all-ticked" ? "except" : nullptr;
  if (list == nullptr || !entry[list].is_sequence()) return;
  for (const YamlNode& item : entry[list].items()) {
    const std::string key = normalize_key(item.text_or(""));
    if (key.empty() || referents.has_box(key)) continue;
    warnings.push_back(make_error(
        "rule '" + id + "' names a box ('" + key + "'): no box that any of the templates here has",
        yaml::where(item, config.source)));
  }
}

std::string section_key_of(std::string_view part) { return section_key(part); }
std::string option_key_of(std::string_view part) { return normalize_key(part); }

// The value in extra rule `entry` that names `key` (a section's or a box's, as `key_of` keys a
// part of a "Section > Option" path), for a warning at its line rather than at the rule's: a
// rule's conditions may name many. The entry itself when no value does (a code kind's own).
YamlNode value_naming(const YamlNode& entry, std::string_view key,
                      std::string (*key_of)(std::string_view)) {
  if (entry.is_scalar()) {
    const std::string_view text = entry.text();
    for (std::size_t start = 0; start <= text.size();) {
      const std::size_t end = std::min(text.find('>', start), text.size());
      if (key_of(text.substr(start, end - start)) == key) return entry;
      start = end + 1;
    }
    return YamlNode();
  }
  static constexpr std::string_view kProse[] = {"id",          "kind",     "severity", "summary",
                                                "explanation", "examples", "message",  "help"};
  for (const auto& field : entry.entries()) {
    const std::string_view name = field.key.text();
    if (std::find(std::begin(kProse), std::end(kProse), name) != std::end(kProse)) continue;
    if (YamlNode found = value_naming(field.value, key, key_of)) return found;
  }
  for (const YamlNode& item : entry.items()) {
    if (YamlNode found = value_naming(item, key, key_of)) return found;
  }
  return YamlNode();
}

std::string where_named(const YamlNode& entry, std::string_view key,
                        std::string (*key_of)(std::string_view), const std::string& source) {
  const YamlNode found = value_naming(entry, key, key_of);
  return yaml::where(found ? found : entry, source);
}

// An extra rule naming a section or a box that no linted template has can only ever say it
// could not check, or never be true: said once here, at the rule, instead of at every check.
void warn_unknown_sections(const std::vector<CatalogEntry>& entries, const RepositoryConfig& config,
                           std::vector<Error>& warnings) {
  if (config.extra_rules.empty()) return;
  const TemplateReferents referents(entries);
  for (const YamlNode& entry : config.extra_rules) {
    auto rule = build_rule(entry, config.source, "repository");
    if (!rule) continue;   // reported when the configuration was read
    ReferenceTable named;  // the rule's sections, keyed; the rule is dropped with it
    (*rule)->number_references(named);
    const std::string& id = (*rule)->info().id;
    const std::size_t warned = warnings.size();
    for (const auto& [parts, slot] : named.section_slots()) {
      const auto absent = std::find_if(parts.begin(), parts.end(), [&](const std::string& key) {
        return !referents.section_keys.contains(key);
      });
      if (absent == parts.end()) continue;
      warnings.push_back(make_error("rule '" + id + "' names a section ('" + *absent +
                                        "') that none of the templates here has",
                                    where_named(entry, *absent, section_key_of, config.source)));
    }
    // A box under an unknown section is unknown too: the section's warning says why.
    if (warnings.size() > warned) continue;
    for (const auto& [key, slot] : named.option_slots()) {
      if (referents.has_box(key)) continue;
      const auto dropdown = referents.dropdown_of_option.find(key);
      const std::string why = dropdown != referents.dropdown_of_option.end()
                                  ? "an option of the dropdown '" + dropdown->second +
                                        "', which has no boxes: a rule reads only ticked boxes"
                                  : "no box that any of the templates here has";
      warnings.push_back(make_error("rule '" + id + "' names a box ('" + key + "'): " + why,
                                    where_named(entry, key, option_key_of, config.source)));
    }
    if (warnings.size() == warned) warn_unknown_box_names(entry, id, referents, config, warnings);
  }
}

// Every override must name a known rule: a typo would silently do nothing. A known rule that
// no selected template uses (the repository has no migration template, say) only does nothing
// here, so it is a warning.
Status check_overrides_used(const std::vector<std::set<std::string>>& ids_used,
                            const RepositoryConfig& config, std::vector<Error>& warnings) {
  std::set<std::string> known;  // read from the packs only when an override is unused
  for (const auto& [id, override] : config.rules) {
    // An init-capture: clang before 16 lets no lambda capture a structured binding itself.
    const bool used =
        std::any_of(ids_used.begin(), ids_used.end(),
                    [&id = id](const std::set<std::string>& ids) { return ids.count(id) != 0; });
    if (used) continue;
    if (known.empty()) {
      for (const auto& info : builtin_rule_infos()) known.insert(info.id);
    }
    if (!known.count(id)) {
      // The ids near it: the built-in rules' and those of the templates here (a pack file's,
      // an extra rule's).
      for (const auto& ids : ids_used) known.insert(ids.begin(), ids.end());
      return make_error("unknown rule id '" + id + "'" +
                            did_you_mean(id, std::vector<std::string>(known.begin(), known.end())) +
                            " (see `issuelint rules`)",
                        override.where);
    }
    warnings.push_back(make_error(
        "rule '" + id + "' is not used by any template linted here: the override does nothing",
        override.where));
  }
  return Ok{};
}

// An extra rule's `finding: rule-id` must name a rule some template here has: a typo would
// make the condition false, silently.
Status check_findings_named(const std::vector<std::set<std::string>>& ids_used,
                            const RepositoryConfig& config) {
  for (const YamlNode& entry : config.extra_rules) {
    std::vector<YamlNode> named;
    for (const char* key : {"if", "then", "when", "and"}) findings_named(entry[key], named);
    for (const YamlNode& rule : named) {
      const std::string id(rule.text());
      const bool known =
          std::any_of(ids_used.begin(), ids_used.end(),
                      [&](const std::set<std::string>& ids) { return ids.count(id) != 0; });
      if (!known) {
        return make_error("'finding' names '" + id + "', which is no rule of the templates here",
                          yaml::where(rule, config.source));
      }
    }
  }
  return Ok{};
}

// A rule switched off reports nothing, so a pack label or an extra rule that reads its findings
// (`finding: rule-id`) can no longer hold as written: as silent as a mistyped id, which is an
// error, so it is said at the override. Each label once, though a pack serves several templates.
void warn_disabled_rules_read(const std::vector<CatalogEntry>& entries,
                              const RepositoryConfig& config, std::vector<Error>& warnings) {
  for (const auto& [id, override] : config.rules) {
    if (!override.disabled) continue;
    const std::string lead = "rule '" + id + "' is switched off, but ";
    const std::string tail = " reads its findings (finding: " + id + "): that never holds now";
    std::set<std::string> said;
    for (const CatalogEntry& entry : entries) {
      for (const LabelRule& label : entry.rules.labels) {
        if (!names_finding(label.when, id) || !said.insert(label.label.name).second) continue;
        warnings.push_back(
            make_error(lead + "label '" + label.label.name + "'" + tail, override.where));
      }
    }
    for (const YamlNode& rule : config.extra_rules) {
      std::vector<YamlNode> named;
      for (const char* key : {"if", "then", "when", "and"}) findings_named(rule[key], named);
      // The id by reference of its own: clang 14 refuses a structured binding in a capture.
      const std::string& switched_off = id;
      const bool reads = std::any_of(named.begin(), named.end(), [&](const YamlNode& node) {
        return node.text() == switched_off;
      });
      if (!reads) continue;
      warnings.push_back(
          make_error(lead + "extra rule '" + rule["id"].text_or("") + "'" + tail, override.where));
    }
  }
}

// `templates` and `packs` entries that name none of the templates.
void warn_unmatched_template_names(const std::vector<IssueTemplate>& templates,
                                   const RepositoryConfig& config, std::vector<Error>& warnings) {
  auto names_none = [&](const std::string& name) {
    return std::none_of(templates.begin(), templates.end(),
                        [&](const IssueTemplate& t) { return names_template(name, t); });
  };
  // The names an entry may give, each template's file name and id, listed only for a warning:
  // a configuration that names its templates right (every check's) pays nothing.
  auto suggest = [&](const std::string& name) {
    std::vector<std::string> names;
    for (const IssueTemplate& t : templates) {
      names.push_back(std::filesystem::path(t.source).filename().string());
      names.push_back(t.id);
    }
    return did_you_mean(name, names);
  };
  for (const auto& name : config.templates) {
    if (!names_none(name)) continue;
    warnings.push_back(
        make_error("'templates' names '" + name + "', which is not a template here" + suggest(name),
                   where_of(config.template_where, name, config.source)));
  }
  for (const auto& [key, pack] : config.packs) {
    if (!names_none(key)) continue;
    warnings.push_back(
        make_error("'packs' maps '" + key + "', which is not a template here" + suggest(key),
                   where_of(config.pack_key_where, key, config.source)));
  }
}

// Label overrides that name no label the linted templates manage.
void warn_unused_labels(const std::set<std::string>& managed, const RepositoryConfig& config,
                        std::vector<Error>& warnings) {
  for (const auto& [name, override] : config.labels) {
    if (managed.count(name)) continue;
    warnings.push_back(
        make_error("label '" + name +
                       "' is not managed by any template linted here: the setting does nothing" +
                       did_you_mean(name, std::vector<std::string>(managed.begin(), managed.end())),
                   override.where));
  }
}

// Dice coefficient: a small template is not a better fit merely because it is small (all of its
// few sections found), nor a large one because a draft kept many of its sections.
template <typename Overlap>
double share(const Overlap& overlap) {
  const int total = overlap.template_total + overlap.issue_total;
  return total == 0 ? 0.0 : 2.0 * overlap.found / total;
}

// Distinct keys, sorted: the parser already keyed every heading (Section::key and
// SectionSpec::key are section_key() of the title), so choosing costs no normalization.
std::vector<std::string> distinct_keys(std::vector<std::string> keys) {
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

// The index into `keys` of the template key equal to `key`, else keys.size(): the entries of
// `table` from the key's fingerprint bucket on, up to a free one (the table is at most half
// full); text is compared only where the fingerprints are equal.
std::size_t template_key_slot(const std::vector<std::string>& keys,
                              const std::vector<std::uint64_t>& fingerprints,
                              const std::vector<std::uint32_t>& table, std::string_view key) {
  const std::uint64_t wanted = key_fingerprint(key);
  const std::size_t mask = table.size() - 1;
  for (std::size_t at = fingerprint_bucket(wanted, table.size());; at = (at + 1) & mask) {
    if (table[at] == 0) return keys.size();
    const std::size_t slot = table[at] - 1;
    if (fingerprints[slot] == wanted && keys[slot] == key) return slot;
  }
}

// Each distinct heading of the issue counted once, found in the template or not: a binary search
// of the template's key fingerprints per heading; the headings the template lacks are counted
// once sorted (a scan of those seen so far made 10,000 distinct headings cost 1.3 G
// instructions). The template's title heading counts only when the draft kept it: a draft that
// dropped it lacks no section.
template <typename Overlap, typename Keys>
Overlap section_overlap(const Keys& keys, const IssueDocument& document) {
  const std::vector<std::string>& template_keys = keys.section_keys;
  const std::vector<std::uint64_t>& fingerprints = keys.key_fingerprints;
  const std::vector<std::uint32_t>& table = keys.key_table;
  Overlap overlap;
  std::vector<bool> found(template_keys.size());
  std::vector<std::string_view> others;  // issue keys the template does not have
  for (std::size_t i = 1; i < document.sections.size(); ++i) {
    const std::string_view key = document.sections[i].key;
    const std::size_t slot = template_key_slot(template_keys, fingerprints, table, key);
    if (slot == template_keys.size()) {
      others.push_back(key);
      continue;
    }
    if (!found[slot]) ++overlap.found;
    found[slot] = true;
  }
  std::sort(others.begin(), others.end());
  const auto distinct_others = std::unique(others.begin(), others.end()) - others.begin();
  overlap.template_total = static_cast<int>(template_keys.size());
  if (keys.title_slot < template_keys.size() && !found[keys.title_slot]) --overlap.template_total;
  overlap.issue_total = overlap.found + static_cast<int>(distinct_others);
  return overlap;
}

// "title prefix '[DB]' and 18/20 sections", written for the choice only: its pieces copied into
// a string sized once (appending them one by one, each a call that checks the capacity, cost
// ~700 instructions a choice).
template <typename Overlap>
std::string choice_reason(const Overlap& overlap, bool prefix, const std::string& title_prefix) {
  char counts[32];  // "18/20"
  char* end = std::to_chars(counts, counts + 15, overlap.found).ptr;
  *end++ = '/';
  end = std::to_chars(end, counts + sizeof counts, overlap.template_total).ptr;
  const std::string_view lead = "title prefix '";
  const std::string_view joiner = "' and ";
  const std::string_view tail = " sections";
  const std::size_t count_size = static_cast<std::size_t>(end - counts);
  std::string reason(
      (prefix ? lead.size() + title_prefix.size() + joiner.size() : 0) + count_size + tail.size(),
      '\0');
  char* out = reason.data();
  const auto put = [&](std::string_view piece) {
    std::memcpy(out, piece.data(), piece.size());
    out += piece.size();
  };
  if (prefix) {
    put(lead);
    put(title_prefix);
    put(joiner);
  }
  put(std::string_view(counts, count_size));
  put(tail);
  return reason;
}

}  // namespace

// Why no template is left to lint with: the configuration's `templates` selects none of them.
Error no_template_selected(const std::vector<IssueTemplate>& templates,
                           const RepositoryConfig* config) {
  if (config == nullptr || config->templates.empty() || templates.empty()) {
    return make_error("no issue template to lint with");
  }
  std::string here;
  for (const IssueTemplate& issue_template : templates) {
    here += (here.empty() ? "" : ", ") +
            std::filesystem::path(issue_template.source).filename().string();
  }
  const std::string& first = config->templates.front();
  return make_error("'templates' selects none of the templates here (" + here + ")",
                    where_of(config->template_where, first, config->source));
}

Result<TemplateCatalog> TemplateCatalog::build(std::vector<IssueTemplate> templates,
                                               const RepositoryConfig* config) {
  BuiltinPackCache builtin_packs;
  return build(std::move(templates), config, builtin_packs);
}

Result<TemplateCatalog> TemplateCatalog::build(std::vector<IssueTemplate> templates,
                                               const RepositoryConfig* config,
                                               BuiltinPackCache& builtin_packs) {
  TemplateCatalog catalog;
  if (config != nullptr) catalog.unmatched_ = config->unmatched;
  if (config != nullptr) {
    if (const auto found = config->rules.find(std::string(kTemplateUnmatchedRule));
        found != config->rules.end()) {
      catalog.unmatched_setting_ = {found->second.disabled, found->second.severity};
    }
  }
  std::vector<std::set<std::string>> ids_before;
  std::set<std::string> labels_before;
  if (config != nullptr) warn_unmatched_template_names(templates, *config, catalog.warnings_);
  for (auto& issue_template : templates) {
    if (!template_selected(issue_template, config)) {
      // Not linted, but still the template its issues were written from (choose()).
      catalog.excluded_choice_keys_.push_back(choice_keys(issue_template));
      continue;
    }
    auto rules = rules_for(issue_template, config, builtin_packs);
    if (!rules)
      return make_error("template " + issue_template.source + ": " + rules.error().message,
                        rules.error().where);
    // The core findings (rule_catalog.h) come with every template.
    std::set<std::string> ids = {std::string(kInputRepairedRule),
                                 std::string(kTemplateUnmatchedRule)};
    for (const auto& rule : rules->rules) ids.insert(rule->info().id);
    for (const auto& label : rules->labels) labels_before.insert(label.label.name);
    if (config != nullptr) {
      if (auto ok = apply_config(*rules, *config); !ok) return ok.error();
      for (const auto& entry : config->extra_rules) ids.insert(entry["id"].text_or(""));
    }
    ids_before.push_back(std::move(ids));
    catalog.entries_.push_back(CatalogEntry{std::move(issue_template), std::move(*rules)});
  }
  if (config != nullptr) {
    if (auto ok = check_overrides_used(ids_before, *config, catalog.warnings_); !ok) {
      return ok.error();
    }
    if (auto ok = check_findings_named(ids_before, *config); !ok) return ok.error();
    warn_unused_labels(labels_before, *config, catalog.warnings_);
    warn_disabled_rules_read(catalog.entries_, *config, catalog.warnings_);
    warn_unknown_sections(catalog.entries_, *config, catalog.warnings_);
  }
  if (catalog.entries_.empty()) return no_template_selected(templates, config);
  // Only a lone template offered judges every draft, however little it follows it: the
  // repository has no other (or --template named it). One that `templates:` kept of several is
  // chosen as any other is, so an issue from a template left out stays unmatched.
  catalog.lone_template_ = templates.size() == 1;
  // Indexed where the templates now stay: entries_ is not changed after build, and moving the
  // catalog moves the vector's buffer, not its elements.
  for (CatalogEntry& entry : catalog.entries_) {
    number_references(entry.rules);
    entry.rules.template_index = index_template(entry.issue_template, entry.rules.references);
    catalog.choice_keys_.push_back(choice_keys(entry.issue_template));
  }
  for (const CatalogEntry& shape : catalog.entries_) {
    for (const ChoiceKeys& keys : catalog.choice_keys_) {
      catalog.shaped_overlaps_.push_back(
          section_overlap<Overlap>(keys, shape.issue_template.document));
    }
  }
  return catalog;
}

void TemplateCatalog::learn_template_texts() {
  for (const CatalogEntry& entry : entries_)
    known_texts_.add_document(entry.issue_template.document);
}

Result<TemplateCatalog> TemplateCatalog::builtin_default(const RepositoryConfig* config) {
  BuiltinPackCache builtin_packs;
  auto pack = builtin_packs.find("db-migration");
  if (!pack) return pack.error();
  for (const auto& file : embedded::files()) {
    if (file.name != (*pack)->builtin_template) continue;
    // Its front matter was parsed when the program was built.
    std::optional<YamlNode> front_matter;
    if (!file.yaml_tree.empty()) {
      auto decoded = yaml::decode_tree(file.yaml_tree);
      if (!decoded) return decoded.error();
      front_matter = std::move(*decoded);
    }
    auto issue_template =
        parse_markdown_template(file.contents, "db-migration", "builtin:" + std::string(file.name),
                                front_matter ? &*front_matter : nullptr);
    if (!issue_template) return issue_template.error();
    std::vector<IssueTemplate> templates;
    templates.push_back(std::move(*issue_template));
    return build(std::move(templates), config, builtin_packs);
  }
  return make_error("the default template is not compiled in");
}

TemplateCatalog::ChoiceKeys TemplateCatalog::choice_keys(const IssueTemplate& issue_template) {
  ChoiceKeys keys;
  // A draft's headings as written, before key_form_fields() tells a form's like fields apart.
  for (const auto& spec : issue_template.sections) {
    keys.section_keys.emplace_back(heading_key(issue_template, spec.key));
  }
  keys.section_keys = distinct_keys(std::move(keys.section_keys));
  const std::size_t count = keys.section_keys.size();
  std::size_t size = 8;
  while (size < 2 * count) size *= 2;
  keys.key_table.assign(size, 0);
  for (std::size_t slot = 0; slot < count; ++slot) {
    const std::uint64_t fingerprint = key_fingerprint(keys.section_keys[slot]);
    keys.key_fingerprints.push_back(fingerprint);
    std::size_t at = fingerprint_bucket(fingerprint, size);
    while (keys.key_table[at] != 0) at = (at + 1) & (size - 1);
    keys.key_table[at] = static_cast<std::uint32_t>(slot + 1);
  }
  keys.title_slot = keys.section_keys.size();
  for (const auto& spec : issue_template.sections) {
    if (!spec.is_title) continue;
    const auto at = std::lower_bound(keys.section_keys.begin(), keys.section_keys.end(), spec.key);
    keys.title_slot = static_cast<std::size_t>(at - keys.section_keys.begin());
  }
  // "[BUG]: <title>" routes by "[BUG]: ", the part an issue's title keeps.
  const std::string_view prefix = split_title(issue_template.front_matter.title).prefix;
  keys.title_prefix = trim(prefix);
  keys.title_prefix_key = normalize_key(prefix);
  return keys;
}

std::size_t TemplateCatalog::shaped_entry(const IssueDocument& document) const {
  const auto& sections = document.sections;
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    const auto& shape = entries_[i].issue_template.document.sections;
    if (shape.size() != sections.size()) continue;
    std::size_t at = 1;  // the preamble (0) is no heading
    while (at < sections.size() && same_text(sections[at].key, shape[at].key)) ++at;
    if (at >= sections.size()) return i;
  }
  return entries_.size();
}

namespace {

// How many of the template's `labels:` the issue has: GitHub gives an issue its template's
// labels when it is filed from it. Label names are compared as GitHub does, case aside.
std::size_t labels_in_common(const IssueTemplate& issue_template,
                             const std::vector<std::string>& issue_labels) {
  std::size_t common = 0;
  for (const std::string& label : issue_template.front_matter.labels) {
    common += static_cast<std::size_t>(
        std::any_of(issue_labels.begin(), issue_labels.end(), [&](const std::string& other) {
          return other.size() == label.size() && starts_with_ignoring_case(other, label);
        }));
  }
  return common;
}

// How many of the draft's headings sit at the level of the template's section of their key: of
// two templates with the same sections, an issue form renders each field as `### Label` and a
// Markdown template has its own levels, so GitHub's rendering of the form is told apart from the
// Markdown template kept beside it (bug_report.md and bug_report.yml, while a repository moves).
std::size_t levels_in_common(const IssueTemplate& issue_template, const IssueDocument& document) {
  std::size_t common = 0;
  for (std::size_t at = 1; at < document.sections.size(); ++at) {
    const Section& heading = document.sections[at];
    common += static_cast<std::size_t>(
        std::any_of(issue_template.sections.begin(), issue_template.sections.end(),
                    [&](const SectionSpec& spec) {
                      return spec.level == heading.level &&
                             same_text(heading_key(issue_template, spec.key), heading.key);
                    }));
  }
  return common;
}

// Of two templates that fit a draft alike, whether the later one (`candidate`) is the likelier:
// the issue's labels that its template gives (GitHub gives an issue its template's labels), then
// the draft's heading levels. Else the earlier one, in file order, stays.
bool fits_better(const IssueTemplate& candidate, const IssueTemplate& best,
                 const IssueDocument& document, const std::vector<std::string>& labels) {
  if (!labels.empty()) {
    const std::size_t ours = labels_in_common(candidate, labels);
    const std::size_t theirs = labels_in_common(best, labels);
    if (ours != theirs) return ours > theirs;
  }
  return levels_in_common(candidate, document) > levels_in_common(best, document);
}

}  // namespace

std::optional<TemplateChoice> TemplateCatalog::choose(
    const IssueDocument& document, const std::optional<std::string>& title,
    const std::vector<std::string>& labels) const {
  const std::string_view title_text = title ? trimmed_view(*title) : std::string_view();
  // A draft with the headings of a template's document overlaps each template as that document
  // does: counted when the catalog was built. Else counted here, heading by heading.
  const std::size_t shaped = shaped_entry(document);
  const Overlap* shaped_overlaps =
      shaped < entries_.size() ? &shaped_overlaps_[shaped * entries_.size()] : nullptr;
  std::optional<TemplateChoice> best;
  std::size_t best_index = 0;
  Overlap best_overlap;
  bool best_prefix = false;
  bool best_exact = false;
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    const ChoiceKeys& keys = choice_keys_[i];
    const Overlap overlap =
        shaped_overlaps != nullptr ? shaped_overlaps[i] : section_overlap<Overlap>(keys, document);
    const bool prefix =
        title && !keys.title_prefix_key.empty() &&
        key_equals(title_text.substr(0, keys.title_prefix.size()), keys.title_prefix_key);
    // "[Bug]: crash" is written from the form whose prefix is "[Bug]: " rather than from the
    // template whose prefix "[BUG] " it matches only folded.
    const bool exact = prefix && title_text.starts_with(keys.title_prefix);
    const double score = share(overlap) + (prefix ? 0.5 : 0.0);
    if (best && score < best->score) continue;
    if (best && score == best->score) {
      // A tie: the exact prefix, then the issue's labels that the template gives, then the
      // heading levels, then file order.
      if (exact != best_exact) {
        if (!exact) continue;
      } else if (!fits_better(entries_[i].issue_template, best->entry->issue_template, document,
                              labels)) {
        continue;
      }
    }
    best = TemplateChoice{&entries_[i], score, {}};
    best_index = i;
    best_overlap = overlap;
    best_prefix = prefix;
    best_exact = exact;
  }
  if (best)
    best->reason = choice_reason(best_overlap, best_prefix, choice_keys_[best_index].title_prefix);
  // With one template offered and no blank issue beside it (offer_blank_issues()) there is
  // nothing to choose: an empty or unchanged body is still judged against it. With several, a
  // weak match means the issue was written from none of them.
  if (lone_template_ && best) return best;
  if (best && claimed_by_excluded(document, title, best->score, best_exact)) return std::nullopt;
  if (!best || best->score < 0.3) return free_form_choice(document);
  return best;
}

// A template `templates:` leaves out is still the one its issues were written from: one that
// fits it better than every linted template ("[BUG] crash" from bug_report.md, when only
// bug_report.yml, "[Bug]: ", is linted) stays unmatched rather than judged against another.
bool TemplateCatalog::claimed_by_excluded(const IssueDocument& document,
                                          const std::optional<std::string>& title, double score,
                                          bool exact) const {
  const std::string_view title_text = title ? trimmed_view(*title) : std::string_view();
  for (const ChoiceKeys& keys : excluded_choice_keys_) {
    const bool prefix =
        title && !keys.title_prefix_key.empty() &&
        key_equals(title_text.substr(0, keys.title_prefix.size()), keys.title_prefix_key);
    const double theirs = share(section_overlap<Overlap>(keys, document)) + (prefix ? 0.5 : 0.0);
    if (theirs < 0.3) continue;
    const bool their_exact = prefix && title_text.starts_with(keys.title_prefix);
    if (theirs > score || (theirs == score && their_exact && !exact)) return true;
  }
  return false;
}

// GitHub's blank "Custom issue template" (front matter only) asks for nothing: an issue that
// follows no template with sections was written from it, whatever its body says. An empty body
// is still unmatched: there is nothing to file.
std::optional<TemplateChoice> TemplateCatalog::free_form_choice(
    const IssueDocument& document) const {
  if (document.empty()) return std::nullopt;
  for (const CatalogEntry& entry : entries_) {
    if (!entry.issue_template.sections.empty()) continue;
    return TemplateChoice{&entry, 0.0, "no sections, so any issue body fits it"};
  }
  return std::nullopt;
}

}  // namespace issuelint
