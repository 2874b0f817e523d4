// One evaluation pass of a rule set over one parsed issue.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "parser/document.h"
#include "parser/template.h"
#include "rules/finding.h"
#include "rules/rule_set.h"

namespace issuelint {

struct LintResult {
  std::vector<Finding> findings;           // sorted, deduplicated
  std::vector<std::string> wanted_labels;  // managed labels whose condition holds
};

// Runs every rule once. When the body is empty or the template unchanged, only that error and
// the title rules are kept: the cascade of per-section findings would bury it.
LintResult lint_issue(const RuleSet& rules, const IssueDocument& document,
                      const IssueTemplate* issue_template, const std::optional<std::string>& title);

}  // namespace issuelint
