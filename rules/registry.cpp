#include "rules/registry.h"

#include <algorithm>

#include "rules/kinds/generic_kinds.h"

namespace issuelint {

const std::vector<RuleKind>& rule_kinds() {
  // Keep sorted by name: a test checks it.
  static const std::vector<RuleKind> kinds = {
      all_ticked_kind(),
      blank_filled_kind(),
      choose_kind(),
      contradiction_kind(),
      exclusive_kind(),
      placeholder_left_kind(),
      requires_kind(),
      section_filled_kind(),
      section_present_kind(),
      template_filled_kind(),
      title_pattern_kind(),
  };
  return kinds;
}

const RuleKind* find_rule_kind(std::string_view name) {
  const auto& kinds = rule_kinds();
  const auto found = std::find_if(kinds.begin(), kinds.end(),
                                  [&](const RuleKind& kind) { return kind.name == name; });
  return found == kinds.end() ? nullptr : &*found;
}

}  // namespace issuelint
