// contradiction: two things an author ticked (or wrote) that cannot both be true.
#include "parser/yaml_node.h"
#include "rules/condition.h"
#include "rules/kinds/configured_rule.h"
#include "rules/kinds/generic_kinds.h"
#include "rules/lint_context.h"
#include "rules/yaml_reading.h"

namespace issuelint {

namespace {

class ContradictionRule : public ConfiguredRule {
 public:
  ContradictionRule(RuleInfo info, std::string message, std::string help, Condition first,
                    Condition second)
      : ConfiguredRule(std::move(info), std::move(message), std::move(help)),
        first_(std::move(first)),
        second_(std::move(second)) {
    if (reads_findings(first_) || reads_findings(second_)) set_stage(Stage::reads_findings);
  }

  void check(LintContext& context) const override {
    const auto first = evaluate(first_, context, &context.findings());
    const auto second = evaluate(second_, context, &context.findings());
    if (!(first.value && second.value)) {
      // Only when neither side is known to be false could the missing section hide a
      // contradiction; otherwise the answer is "no contradiction" and a note would be noise.
      if (!possible(first) || !possible(second)) return;
      const auto& missing =
          first.missing_section.empty() ? second.missing_section : first.missing_section;
      if (!missing.empty()) context.report_cannot_check(info(), missing);
      return;
    }
    int section = kNoIndex;
    const auto position = anchor_of(second_, context, &section);
    context.report(info(), section, position,
                   message_or(describe(first_) + " and " + describe(second_) +
                              ": the two contradict each other"),
                   help_or("untick the one that does not apply"));
  }

  void number_references(ReferenceTable& table) override {
    issuelint::number_references(first_, table);
    issuelint::number_references(second_, table);
  }

 private:
  // True, or unknown because a section it reads is missing.
  static bool possible(const ConditionValue& value) {
    return value.value || !value.missing_section.empty();
  }

  Condition first_;
  Condition second_;
};

Result<RulePtr> make_contradiction(RuleInfo info, const YamlNode& entry,
                                   const std::string& source) {
  if (!entry["when"] || !entry["and"]) {
    return make_error("contradiction needs 'when' and 'and' conditions",
                      yaml::where(entry, source));
  }
  auto first = parse_condition(entry["when"], source);
  if (!first) return first.error();
  auto second = parse_condition(entry["and"], source);
  if (!second) return second.error();
  return RulePtr(std::make_unique<ContradictionRule>(std::move(info), entry_text(entry, "message"),
                                                     entry_text(entry, "help"), std::move(*first),
                                                     std::move(*second)));
}

}  // namespace

RuleKind contradiction_kind() {
  return RuleKind{"contradiction",
                  "two conditions that must not hold together (across sections)",
                  {"when", "and"},
                  make_contradiction,
                  {}};
}

}  // namespace issuelint
