#include "rules/engine.h"

#include <algorithm>

#include "rules/lint_context.h"
#include "rules/rule_catalog.h"

namespace issuelint {

namespace {

// The section a line lies in: the last heading at or above it (sections are in document
// order); the preamble's empty path before the first.
std::string section_at_line(const IssueDocument& document, int line) {
  int section = 0;
  for (std::size_t at = 1; at < document.sections.size(); ++at) {
    if (document.sections[at].position.line > line) break;
    section = static_cast<int>(at);
  }
  return section == 0 ? std::string() : document.section_path(section);
}

// Things the parser coped with (invalid UTF-8, NUL bytes, nesting too deep) become notes.
void add_parse_notes(const IssueDocument& document, const CoreRuleSettings& settings,
                     std::vector<Finding>& findings) {
  if (document.notes.empty()) return;
  const auto setting = settings.find(kInputRepairedRule);
  if (setting != settings.end() && setting->second.disabled) return;
  for (const auto& note : document.notes) {
    Finding finding;
    finding.rule = std::string(kInputRepairedRule);
    finding.severity = Severity::info;
    if (setting != settings.end() && setting->second.severity) {
      finding.severity = *setting->second.severity;
    }
    if (note.position.line > 0) finding.section = section_at_line(document, note.position.line);
    finding.line = note.position.line;
    finding.column = note.position.line == 0 ? 0 : std::max(note.position.column, 1);
    finding.message = note.message;
    findings.push_back(std::move(finding));
  }
}

}  // namespace

LintResult lint_issue(const RuleSet& rules, const IssueDocument& document,
                      const IssueTemplate* issue_template,
                      const std::optional<std::string>& title) {
  LintContext context(document, issue_template, title, &rules.table_names,
                      rules.template_index.get(), rules.references.get());
  if (rules.finds_reworded_headings) context.find_reworded_headings();
  for (const auto& rule : rules.rules) {
    if (rule->stage() == Rule::Stage::checks_template_filled) rule->check(context);
  }
  const bool unfilled = std::any_of(context.findings().begin(), context.findings().end(),
                                    [](const Finding& f) { return f.severity == Severity::error; });
  bool any_reading_findings = false;
  for (const auto& rule : rules.rules) {
    const Rule::Stage stage = rule->stage();
    if (stage == Rule::Stage::checks_template_filled) continue;  // checked above
    any_reading_findings = any_reading_findings || stage == Rule::Stage::reads_findings;
    if (stage == Rule::Stage::reads_findings) continue;  // below, once the others have reported
    if (unfilled && stage != Rule::Stage::runs_when_unfilled) continue;
    rule->check(context);
  }
  if (any_reading_findings && !unfilled) {
    for (const auto& rule : rules.rules) {
      if (rule->stage() == Rule::Stage::reads_findings) rule->check(context);
    }
  }
  LintResult result;
  result.findings = context.take_findings();
  add_parse_notes(document, rules.core_settings, result.findings);
  sort_and_deduplicate(result.findings);
  for (auto label = rules.labels.begin(); label != rules.labels.end(); ++label) {
    if (!evaluate(label->when, context, &result.findings).value) continue;
    // At the first wanted label, room for it and every label after it: grown one at a time,
    // the flagship's two took two allocations of the vector. A draft that wants none pays none.
    if (result.wanted_labels.empty()) {
      result.wanted_labels.reserve(static_cast<std::size_t>(rules.labels.end() - label));
    }
    result.wanted_labels.push_back(label->label.name);
  }
  return result;
}

}  // namespace issuelint
