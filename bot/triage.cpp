#include "bot/triage.h"

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "bot/report/comment_report.h"
#include "rules/engine.h"
#include "rules/issue_reading.h"
#include "rules/kinds/configured_rule.h"
#include "rules/label_plan.h"
#include "rules/rule_catalog.h"

namespace issuelint {

namespace {

std::vector<std::string> managed_names(const RuleSet& rules) {
  std::vector<std::string> names;
  for (const auto& label : rules.labels) names.push_back(label.label.name);
  return names;
}

LabelMemory previous_memory(const TriageRequest& request) {
  LabelMemory memory;
  // A report whose state line a person edited away records nothing, as no report does: were it
  // taken for a record of no labels, every label of the bot's would pass for a person's and stay.
  if (const auto state = request.previous_comment ? parse_comment_state(*request.previous_comment)
                                                  : std::nullopt) {
    memory.recorded = true;
    memory.applied = state->applied;
    memory.suppressed = state->suppressed;
  }
  // What failed attempts did is the bot's, as if their comment had been written.
  count_as_the_bots(request.earlier_label_changes, request.current_labels, memory);
  return memory;
}

const RuleInfo* find_info(const std::vector<RuleInfo>& infos, std::string_view id) {
  const auto found =
      std::find_if(infos.begin(), infos.end(), [&](const RuleInfo& info) { return info.id == id; });
  return found == infos.end() ? nullptr : &*found;
}

const RuleInfo* find_rule_info(const RuleSet& rules, std::string_view id) {
  for (const auto& rule : rules.rules) {
    if (rule->info().id == id) return &rule->info();
  }
  return nullptr;
}

// The wording a rule of the set gives its findings; none for an id it does not have.
RuleWording rule_wording(const RuleSet& rules, std::string_view id) {
  for (const auto& rule : rules.rules) {
    if (rule->info().id != id) continue;
    // Only a rule configured from YAML has an entry's wording; a code rule words its own.
    const auto* configured = dynamic_cast<const ConfiguredRule*>(rule.get());
    if (configured == nullptr) return {};
    return {configured->own_message(), configured->own_help()};
  }
  return {};
}

// A rule's documentation read in place, from the template the issue was checked against (the
// findings came from its rules), else from the first template that has the rule: the comment
// looks up only the rules that found something, so copying every rule's documentation per
// triage (what catalog_rule_infos() does) would cost more than the rest of the rendering.
const RuleInfo* find_catalog_info(const TemplateCatalog& catalog, const CatalogEntry& chosen,
                                  std::string_view id) {
  if (const RuleInfo* info = find_rule_info(chosen.rules, id)) return info;
  for (const auto& entry : catalog.entries()) {
    if (const RuleInfo* info = find_rule_info(entry.rules, id)) return info;
  }
  return find_info(core_rule_infos(), id);
}

// The core findings' documentation, each at the severity the configuration gives it; none
// for a finding the configuration switches off.
void add_core_rule_infos(const TemplateCatalog& catalog, std::vector<RuleInfo>& infos) {
  for (const RuleInfo& core : core_rule_infos()) {
    CoreRuleSetting setting;
    if (core.id == kTemplateUnmatchedRule) {
      setting = catalog.unmatched_setting();
    } else if (!catalog.entries().empty()) {
      const CoreRuleSettings& settings = catalog.entries().front().rules.core_settings;
      if (const auto found = settings.find(core.id); found != settings.end()) {
        setting = found->second;
      }
    }
    if (setting.disabled) continue;
    RuleInfo info = core;
    if (setting.severity) info.severity = *setting.severity;
    infos.push_back(std::move(info));
  }
}

// The CLI hint's options that reproduce the check: its configuration, and the title even when
// empty (an empty title fails title rules; no title skips them).
CommentOptions hint_options(const TriageRequest& request) {
  CommentOptions options;
  options.config_file = request.config_hint;
  options.title = request.title;
  return options;
}

// A draft that follows none of the templates was not checked, which the author should hear:
// an error when it is empty (there is nothing to file), else a warning, since a repository may
// take issues without a template. The bot and the Action leave such an issue alone
// (`unmatched:` in the configuration); `issuelint check` reports it.
Finding unmatched_finding(const TemplateCatalog& catalog, const IssueDocument& document) {
  std::vector<std::string> names;  // in catalog order, each once (bug_report.md and .yml)
  for (const CatalogEntry& entry : catalog.entries()) {
    const IssueTemplate& issue_template = entry.issue_template;
    // A template without sections ("Custom issue template") has none to keep.
    if (issue_template.sections.empty()) continue;
    std::string name = issue_template.front_matter.name.empty() ? issue_template.id
                                                                : issue_template.front_matter.name;
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  }
  std::string listed;
  for (const std::string& name : names) listed += (listed.empty() ? "" : ", ") + name;
  Finding finding;
  finding.rule = std::string(kTemplateUnmatchedRule);
  if (document.empty()) {
    finding.severity = Severity::error;
    finding.message = "the issue body is empty";
  } else {
    finding.severity = Severity::warning;
    finding.message = "the draft follows none of the issue templates, so it was not checked";
  }
  finding.help = listed.empty()
                     ? "write what the issue is about"
                     : "start from the template that fits and keep its sections: " + listed;
  return finding;
}

// The templates an unmatched issue could have followed, named as its report names them.
std::vector<TemplateOffered> offered(const TemplateCatalog& catalog) {
  std::vector<TemplateOffered> templates;
  for (const CatalogEntry& entry : catalog.entries()) {
    const IssueTemplate& issue_template = entry.issue_template;
    templates.push_back({issue_template.front_matter.name.empty()
                             ? issue_template.id
                             : issue_template.front_matter.name,
                         issue_template.source});
  }
  return templates;
}

}  // namespace

std::vector<RuleInfo> catalog_rule_infos(const TemplateCatalog& catalog) {
  std::vector<RuleInfo> infos;
  for (const auto& entry : catalog.entries()) {
    for (const auto& rule : entry.rules.rules) {
      if (find_info(infos, rule->info().id) == nullptr) infos.push_back(rule->info());
    }
  }
  add_core_rule_infos(catalog, infos);
  std::sort(infos.begin(), infos.end(),
            [](const RuleInfo& a, const RuleInfo& b) { return a.id < b.id; });
  return infos;
}

TriageResult triage(const TemplateCatalog& catalog, const TriageRequest& request) {
  TriageResult result;
  Verdict& verdict = result.verdict;
  const IssueReading reading =
      read_issue(catalog, request.body, request.title, request.current_labels);
  const IssueDocument& document = reading.document;
  const auto& choice = reading.choice;
  if (!choice) {
    verdict.template_matched = false;
    result.choice_reason = "no template matches";
    // No template, so no managed label is wanted: the bot's own come off (an issue edited away
    // from its template is no longer judged), and the labels a person removed stay in memory,
    // so that a later edit back does not add them again.
    std::vector<std::string> managed;
    for (const auto& entry : catalog.entries()) {
      for (const std::string& name : managed_names(entry.rules)) {
        if (std::none_of(managed.begin(), managed.end(),
                         [&](const std::string& m) { return same_label(m, name); })) {
          managed.push_back(name);
        }
      }
    }
    const LabelDecision labels =
        plan_labels({}, managed, request.current_labels, previous_memory(request));
    verdict.labels = labels.plan;
    verdict.applied_labels = labels.memory.applied;
    verdict.suppressed_labels = labels.memory.suppressed;
    const CoreRuleSetting& setting = catalog.unmatched_setting();
    if (!setting.disabled) {
      verdict.findings.push_back(unmatched_finding(catalog, document));
      if (setting.severity) verdict.findings.back().severity = *setting.severity;
      if (verdict.findings.back().severity == Severity::error) {
        verdict.outcome = Outcome::needs_info;
      }
    }
    if (request.render_comment) {
      CommentOptions options = hint_options(request);
      options.template_file = request.templates_hint;
      verdict.comment = render_unmatched_comment(verdict, offered(catalog), options);
    }
    return result;
  }
  const CatalogEntry& entry = *choice->entry;
  result.choice_reason = choice->reason;
  result.template_source = entry.issue_template.source;
  verdict.template_id = entry.issue_template.id;
  verdict.template_name = entry.issue_template.front_matter.name;
  verdict.template_matched = true;

  LintResult lint = lint_issue(entry.rules, document, &entry.issue_template, request.title);
  verdict.findings = std::move(lint.findings);
  const bool has_error =
      std::any_of(verdict.findings.begin(), verdict.findings.end(),
                  [](const Finding& f) { return f.severity == Severity::error; });
  verdict.outcome = has_error ? Outcome::needs_info : Outcome::ok;

  const LabelDecision labels = plan_labels(lint.wanted_labels, managed_names(entry.rules),
                                           request.current_labels, previous_memory(request));
  verdict.labels = labels.plan;
  verdict.applied_labels = labels.memory.applied;
  verdict.suppressed_labels = labels.memory.suppressed;
  for (const auto& label : entry.rules.labels) verdict.managed_labels.push_back(label.label);

  if (!request.render_comment) return result;
  CommentOptions options = hint_options(request);
  // The CLI hint names the template as the repository has it; a built-in one has no path.
  options.template_file = request.template_hint;
  if (options.template_file.empty() && !entry.issue_template.source.starts_with("builtin:")) {
    options.template_file = entry.issue_template.source;
  }
  options.rule_lookup = [&catalog, &entry](std::string_view id) {
    return find_catalog_info(catalog, entry, id);
  };
  // The findings are the chosen template's rules': their wording is looked up there.
  options.rule_wording = [&entry](std::string_view id) { return rule_wording(entry.rules, id); };
  verdict.comment = render_comment(verdict, options);
  return result;
}

}  // namespace issuelint
