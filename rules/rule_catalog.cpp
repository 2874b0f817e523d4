#include "rules/rule_catalog.h"

#include <algorithm>

#include "rules/rule_set.h"
#include "rules/template_rules.h"

namespace issuelint {

std::vector<RuleInfo> builtin_rule_infos() {
  std::vector<RuleInfo> infos = derived_rule_documentation();
  for (const auto& name : builtin_pack_names()) {
    auto pack = load_builtin_pack(name);
    if (!pack) continue;  // a broken built-in pack is caught by the tests, not at run time
    for (const auto& rule : pack->rules) {
      const bool known = std::any_of(infos.begin(), infos.end(), [&](const RuleInfo& info) {
        return info.id == rule->info().id;
      });
      if (!known) infos.push_back(rule->info());
    }
  }
  std::sort(infos.begin(), infos.end(),
            [](const RuleInfo& a, const RuleInfo& b) { return a.id < b.id; });
  return infos;
}

}  // namespace issuelint
