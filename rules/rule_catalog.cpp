#include "rules/rule_catalog.h"

#include <algorithm>
#include <string_view>
#include <tuple>

#include "rules/rule_set.h"
#include "rules/template_rules.h"

namespace issuelint {

namespace {

RuleInfo core_info(std::string_view id, Severity severity, std::string summary,
                   SharedText explanation, SharedText failing_example, SharedText passing_example) {
  RuleInfo info;
  info.id = std::string(id);
  info.kind = "core";
  info.severity = severity;
  info.summary = std::move(summary);
  info.explanation = explanation;
  info.failing_example = failing_example;
  info.passing_example = passing_example;
  info.pack = "core";
  info.builtin = true;
  return info;
}

}  // namespace

// The findings every check can give whatever its templates: see kInputRepairedRule.
const std::vector<RuleInfo>& core_rule_infos() {
  static const std::vector<RuleInfo> infos = {
      core_info(kInputRepairedRule, Severity::info,
                "The draft held something the parser had to repair or cut",
                "Invalid UTF-8 and NUL bytes are replaced by U+FFFD (columns still match), lists\n"
                "or quotes nested past the parser's limit are read as text, and more than 64\n"
                "checkboxes on one line are cut. The rest of the draft is checked as usual.\n",
                "- [ ] A [ ] B ... (65 boxes on one line)", "- [ ] A [ ] B"),
      core_info(kTemplateUnmatchedRule, Severity::warning,
                "The draft follows none of the issue templates",
                "With several templates, a draft is checked against the one whose sections it\n"
                "matches best; when it matches none, it is not checked and this says so: a\n"
                "warning, since a repository may take issues without a template, and an error\n"
                "when the body is empty. The bot leaves such an issue alone unless the\n"
                "configuration says `unmatched: comment`.\n",
                "Something is broken, please fix.",
                "## Describe the bug\n\nSaving a booking twice creates two bookings."),
  };
  return infos;
}

std::vector<RuleInfo> builtin_rule_infos() {
  std::vector<RuleInfo> infos = derived_rule_documentation();
  for (const RuleInfo& info : core_rule_infos()) infos.push_back(info);
  for (const auto& name : builtin_pack_names()) {
    auto pack = load_builtin_pack(name);
    if (!pack) continue;  // a broken built-in pack is caught by the tests, not at run time
    for (const auto& rule : pack->rules) {
      const bool known = std::any_of(infos.begin(), infos.end(), [&](const RuleInfo& info) {
        return info.id == rule->info().id && info.pack == rule->info().pack;
      });
      if (!known) infos.push_back(rule->info());
    }
  }
  // The template-derived rules' text is the general one: a pack's own, for its template, first.
  const auto order = [](const RuleInfo& info) {
    return std::make_tuple(std::string_view(info.id), info.pack == "generic",
                           std::string_view(info.pack));
  };
  std::sort(infos.begin(), infos.end(),
            [&](const RuleInfo& a, const RuleInfo& b) { return order(a) < order(b); });
  return infos;
}

}  // namespace issuelint
