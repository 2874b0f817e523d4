// The rules an issue template implies by itself, with no configuration: its sections must be
// present and filled, its checkbox groups answered where its wording makes a choice
// mandatory, its checklists ticked, its blanks filled, its title prefix kept.
#pragma once

#include "parser/template.h"
#include "rules/rule_set.h"

namespace issuelint {

Result<RuleSet> derive_rules(const IssueTemplate& issue_template);

// Documentation of the template-derived rules, for `issuelint rules` and `explain`.
std::vector<RuleInfo> derived_rule_documentation();

}  // namespace issuelint
