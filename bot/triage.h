// triage(): the one function the CLI, the bot, the Action and the sweep all call. It parses the
// issue, picks its template, runs the rules, plans the labels and renders the comment; it does
// nothing to GitHub (the plan is applied elsewhere, or printed).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "bot/label_changes.h"
#include "rules/template_catalog.h"
#include "rules/verdict.h"

namespace issuelint {

struct TriageRequest {
  std::string body;                             // the issue body ("" for a null body)
  std::optional<std::string> title;             // nullopt: title rules report they did not run
  std::vector<std::string> current_labels;      // labels the issue has now (none for a draft)
  std::optional<std::string> previous_comment;  // the bot's earlier report comment, if any
  // Labels earlier, failed attempts at the issue added or removed before the comment that
  // records them could be written (a 502 on it): the bot's own changes, not a person's.
  LabelChanges earlier_label_changes;
  std::string template_hint;  // template path for the comment's CLI hint
  // The --template of the CLI hint when no template matches (the directory or file the draft
  // was held against, as given); "": the hint has none, templates are found as before.
  std::string templates_hint;
  // The --config of the CLI hint: the configuration file given to `check`. "": none, as when
  // the configuration is the repository's .github/issuelint.yml, which check finds beside the
  // templates by itself.
  std::string config_hint;
  // false: Verdict::comment is left empty, for a caller that shows no comment (the CLI's text,
  // SARIF and GitHub formats): rendering it, its hidden state line as JSON included, is ~40 K
  // instructions and a few pages of code a check would otherwise touch for nothing.
  bool render_comment = true;
};

struct TriageResult {
  Verdict verdict;
  std::string choice_reason;    // why this template: "title prefix '[DB]' and 20/20 sections"
  std::string template_source;  // the chosen template's file ("builtin:..." for a built-in one)
};

TriageResult triage(const TemplateCatalog& catalog, const TriageRequest& request);

// Every rule's documentation known to this catalog (for the comment and SARIF).
std::vector<RuleInfo> catalog_rule_infos(const TemplateCatalog& catalog);

}  // namespace issuelint
