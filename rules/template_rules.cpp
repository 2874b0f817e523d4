#include "rules/template_rules.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>

#include "parser/normalize.h"
#include "rules/embedded_files.h"
#include "rules/rule_entry.h"
#include "rules/yaml_reading.h"

namespace issuelint {

namespace {

constexpr std::string_view kGenericPack = "generic.yml";

Result<YAML::Node> generic_entries() {
  for (const auto& file : embedded::files()) {
    if (file.name != kGenericPack) continue;
    auto document = yaml::parse_document(file.contents, "builtin:generic.yml");
    if (!document) return document.error();
    return (*document)["rules"];
  }
  return make_error("the generic rule documentation is not compiled in");
}

YAML::Node entry_for(const YAML::Node& entries, std::string_view id) {
  for (const auto& entry : entries) {
    if (entry["id"].as<std::string>("") == id) return YAML::Clone(entry);
  }
  return YAML::Node();
}

bool contains_word(const std::string& key, std::initializer_list<std::string_view> words) {
  const std::string padded = " " + key + " ";
  return std::any_of(words.begin(), words.end(), [&](std::string_view word) {
    return padded.find(" " + std::string(word) + " ") != std::string::npos;
  });
}

// Sections a reporter may leave out: extras, not answers the maintainers need.
bool optional_by_name(const SectionSpec& spec) {
  return spec.optional ||
         contains_word(spec.key, {"additional", "screenshots", "screenshot", "videos", "mockups",
                                  "alternatives", "possible", "related", "references", "notes",
                                  "examples", "logs", "dependencies", "optional", "research"});
}

// A group's wording asks for a choice: a type, a category, an area, a level, a priority...
enum class ChoiceWording { none, at_least_one, exactly_one };

ChoiceWording choice_wording(const std::string& section_key, const std::string& lead_key) {
  const std::string key = lead_key.empty() ? section_key : lead_key;
  if (contains_word(key, {"priority", "severity", "level"})) return ChoiceWording::exactly_one;
  if (contains_word(key, {"type", "types", "category", "categories", "area", "areas", "kind",
                          "environment", "component", "components", "impact"})) {
    return ChoiceWording::at_least_one;
  }
  return ChoiceWording::none;
}

bool is_checklist(const SectionSpec& spec) { return contains_word(spec.key, {"checklist"}); }

const SectionSpec* find_spec(const IssueTemplate& issue_template, const std::string& key) {
  const auto found = std::find_if(issue_template.sections.begin(), issue_template.sections.end(),
                                  [&](const SectionSpec& spec) { return spec.key == key; });
  return found == issue_template.sections.end() ? nullptr : &*found;
}

// Prose-only sections whose template text is a placeholder to replace.
std::vector<std::string> sections_to_fill(const IssueTemplate& issue_template) {
  std::vector<std::string> titles;
  for (const auto& spec : issue_template.sections) {
    if (spec.level <= 0 || spec.has_checkboxes || spec.has_code_block) continue;
    if (spec.placeholder_prose.empty() || optional_by_name(spec)) continue;
    titles.push_back(spec.title);
  }
  return titles;
}

Status add_rule(RuleSet& set, YAML::Node entry) {
  auto rule = build_rule(entry, "builtin:generic.yml", "generic");
  if (!rule) return rule.error();
  set.rules.push_back(std::move(*rule));
  return Ok{};
}

Status add_group_rules(RuleSet& set, const YAML::Node& entries,
                       const IssueTemplate& issue_template) {
  for (const auto& group : issue_template.groups) {
    const SectionSpec* spec = find_spec(issue_template, group.section_key);
    if (spec == nullptr || is_checklist(*spec)) continue;
    const auto wording = choice_wording(spec->key, normalize_key(group.lead));
    if (wording == ChoiceWording::none) continue;
    YAML::Node entry = entry_for(entries, "choice-missing");
    entry["section"] = spec->title;
    if (!group.lead.empty()) entry["lead"] = group.lead;
    entry["min"] = 1;
    if (wording == ChoiceWording::exactly_one) entry["max"] = 1;
    if (auto ok = add_rule(set, entry); !ok) return ok;
  }
  return Ok{};
}

}  // namespace

Result<RuleSet> derive_rules(const IssueTemplate& issue_template) {
  auto entries = generic_entries();
  if (!entries) return entries.error();
  RuleSet set;
  set.name = "generic";
  set.source = issue_template.source;
  set.summary = "rules derived from " + issue_template.source;

  for (const char* id : {"template-not-filled", "section-missing", "subsection-missing",
                         "blank-unfilled", "placeholder-left"}) {
    if (auto ok = add_rule(set, entry_for(*entries, id)); !ok) return ok.error();
  }
  if (!issue_template.front_matter.title.empty() &&
      !normalize_key(issue_template.front_matter.title).empty()) {
    if (auto ok = add_rule(set, entry_for(*entries, "title-format")); !ok) return ok.error();
  }
  if (const auto titles = sections_to_fill(issue_template); !titles.empty()) {
    YAML::Node entry = entry_for(*entries, "section-empty");
    entry["sections"] = titles;
    if (auto ok = add_rule(set, entry); !ok) return ok.error();
  }
  if (auto ok = add_group_rules(set, *entries, issue_template); !ok) return ok.error();
  for (const auto& spec : issue_template.sections) {
    if (!is_checklist(spec) || !spec.has_checkboxes) continue;
    YAML::Node entry = entry_for(*entries, "checklist-unticked");
    entry["section"] = spec.title;
    if (auto ok = add_rule(set, entry); !ok) return ok.error();
  }

  LabelRule needs_info;
  needs_info.label = {"needs-info", "d93f0b",
                      "issuelint: the issue is missing information its template asks for"};
  needs_info.when.kind = Condition::Kind::errors;
  set.labels.push_back(std::move(needs_info));
  return set;
}

std::vector<RuleInfo> derived_rule_documentation() {
  std::vector<RuleInfo> infos;
  auto entries = generic_entries();
  if (!entries) return infos;
  for (const auto& entry : *entries) {
    RuleInfo info;
    info.id = entry["id"].as<std::string>("");
    info.kind = entry["kind"].as<std::string>("");
    parse_severity(entry["severity"].as<std::string>("error"), info.severity);
    info.summary = entry["summary"].as<std::string>("");
    info.explanation = entry["explanation"].as<std::string>("");
    if (entry["examples"]) {
      info.failing_example = entry["examples"]["fail"].as<std::string>("");
      info.passing_example = entry["examples"]["pass"].as<std::string>("");
    }
    info.pack = "generic";
    infos.push_back(std::move(info));
  }
  return infos;
}

}  // namespace issuelint
