// Every rule issuelint ships: the built-in packs and the template-derived rules, for
// `issuelint rules` and `issuelint explain`.
#pragma once

#include <string_view>
#include <vector>

#include "rules/rule_info.h"

namespace issuelint {

// Findings that come from no pack or template, listed and explained like the rules':
// the parser's repairs of the input (lint_issue), and a draft that matches no template (triage).
inline constexpr std::string_view kInputRepairedRule = "input-repaired";
inline constexpr std::string_view kTemplateUnmatchedRule = "template-unmatched";

// The documentation of those core findings, with their default severities.
const std::vector<RuleInfo>& core_rule_infos();

// Sorted by id. A rule id that several packs define (a pack may give a template-derived rule
// its own wording, as db-migration does for title-format) is listed once per pack, with its
// text there: the named packs first, then the template-derived rules' ("generic").
std::vector<RuleInfo> builtin_rule_infos();

}  // namespace issuelint
