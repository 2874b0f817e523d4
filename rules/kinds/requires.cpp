// requires: a conditional requirement. If the `if` condition holds, `then` must hold too
// ("Manual rollback" ticked → the Rollback Script holds real SQL).
#include "parser/yaml_node.h"
#include "rules/condition.h"
#include "rules/kinds/configured_rule.h"
#include "rules/kinds/generic_kinds.h"
#include "rules/lint_context.h"
#include "rules/yaml_reading.h"

namespace issuelint {

namespace {

class RequiresRule : public ConfiguredRule {
 public:
  RequiresRule(RuleInfo info, std::string message, std::string help, Condition trigger,
               Condition requirement)
      : ConfiguredRule(std::move(info), std::move(message), std::move(help)),
        trigger_(std::move(trigger)),
        requirement_(std::move(requirement)) {
    if (reads_findings(trigger_) || reads_findings(requirement_)) set_stage(Stage::reads_findings);
  }

  void check(LintContext& context) const override {
    const auto trigger = evaluate(trigger_, context, &context.findings());
    if (!trigger.value) {
      // A trigger that reads a missing section is unknown, not false: say it went unchecked.
      if (!trigger.missing_section.empty()) {
        context.report_cannot_check(info(), trigger.missing_section);
      }
      return;
    }
    const auto requirement = evaluate(requirement_, context, &context.findings());
    if (requirement.value) return;
    if (!requirement.missing_section.empty()) {
      context.report_cannot_check(info(), requirement.missing_section);
      return;
    }
    // The finding goes where the fix goes: the section to fill, else the box that triggered it.
    int section = kNoIndex;
    auto position = anchor_of(requirement_, context, &section);
    if (position.line == 0) position = anchor_of(trigger_, context, &section);
    context.report(info(), section, position,
                   message_or(describe(trigger_) + ", so " + describe_requirement(requirement_)),
                   help_or(""));
  }

  void number_references(ReferenceTable& table) override {
    issuelint::number_references(trigger_, table);
    issuelint::number_references(requirement_, table);
  }

 private:
  Condition trigger_;
  Condition requirement_;
};

Result<RulePtr> make_requires(RuleInfo info, const YamlNode& entry, const std::string& source) {
  if (!entry["if"] || !entry["then"]) {
    return make_error("requires needs 'if' and 'then' conditions", yaml::where(entry, source));
  }
  auto trigger = parse_condition(entry["if"], source);
  if (!trigger) return trigger.error();
  auto requirement = parse_condition(entry["then"], source);
  if (!requirement) return requirement.error();
  return RulePtr(std::make_unique<RequiresRule>(std::move(info), entry_text(entry, "message"),
                                                entry_text(entry, "help"), std::move(*trigger),
                                                std::move(*requirement)));
}

}  // namespace

RuleKind requires_kind() {
  return RuleKind{"requires",
                  "if one condition holds, another must hold too",
                  {"if", "then"},
                  make_requires,
                  {}};
}

}  // namespace issuelint
