// Every rule kind issuelint knows, listed by hand in rules/registry.cpp (no static
// self-registration: with static libraries it silently drops rules).
#pragma once

#include <string_view>
#include <vector>

#include "rules/rule.h"

namespace issuelint {

// Sorted by name, names unique.
const std::vector<RuleKind>& rule_kinds();
const RuleKind* find_rule_kind(std::string_view name);

}  // namespace issuelint
