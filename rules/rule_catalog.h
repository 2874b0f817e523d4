// Every rule issuelint ships: the built-in packs and the template-derived rules, for
// `issuelint rules` and `issuelint explain`.
#pragma once

#include <vector>

#include "rules/rule_info.h"

namespace issuelint {

// Sorted by id; a rule id shared by several packs is listed once (the first pack wins).
std::vector<RuleInfo> builtin_rule_infos();

}  // namespace issuelint
