// blank-filled: an option with a fill-in blank ("Other: __") that is ticked must say what.
#include "parser/yaml_node.h"
#include "rules/kinds/configured_rule.h"
#include "rules/kinds/generic_kinds.h"
#include "rules/lint_context.h"

namespace issuelint {

namespace {

class BlankFilledRule : public ConfiguredRule {
 public:
  using ConfiguredRule::ConfiguredRule;

  void check(LintContext& context) const override {
    const auto& document = context.document();
    for (const auto& box : document.checkboxes) {
      if (!box.checked || box.blank == kNoIndex) continue;
      const Blank& blank = document.blanks[box.blank];
      if (blank.filled) continue;
      context.report(
          info(), box.section, box.position,
          message_or("'" + box.name.str() + "' is ticked but its blank is not filled in"),
          help_or("write what it is after '" +
                  (blank.lead.empty() ? box.name.str() + ":" : blank.lead.str()) +
                  "', or untick the box"));
    }
  }
};

Result<RulePtr> make_blank_filled(RuleInfo info, const YamlNode& entry, const std::string&) {
  return RulePtr(std::make_unique<BlankFilledRule>(std::move(info), entry_text(entry, "message"),
                                                   entry_text(entry, "help")));
}

}  // namespace

RuleKind blank_filled_kind() {
  return RuleKind{"blank-filled",
                  "a ticked option with a fill-in blank must have it filled in",
                  {},
                  make_blank_filled,
                  {}};
}

}  // namespace issuelint
