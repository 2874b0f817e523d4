// exclusive: one option rules out the others of its group ("No data migration needed").
#include "parser/normalize.h"
#include "parser/yaml_node.h"
#include "rules/kinds/configured_rule.h"
#include "rules/kinds/generic_kinds.h"
#include "rules/lint_context.h"
#include "rules/yaml_reading.h"

namespace issuelint {

namespace {

class ExclusiveRule : public ConfiguredRule {
 public:
  ExclusiveRule(RuleInfo info, std::string message, std::string help, SectionReference section,
                OptionReference option)
      : ConfiguredRule(std::move(info), std::move(message), std::move(help)),
        section_(std::move(section)),
        option_(std::move(option)) {}

  void check(LintContext& context) const override {
    const int section = context.find_section(section_);
    if (section == kNoIndex) {
      context.report_cannot_check(info(), section_.text());
      return;
    }
    const Checkbox* exclusive = context.find_box(section, option_);
    if (exclusive == nullptr || !exclusive->checked) return;
    context.each_box_in(section, false, [&](const Checkbox& other) {
      if (&other == exclusive || !other.checked || other.group != exclusive->group) return true;
      context.report(info(), other.section, other.position,
                     message_or("'" + exclusive->name.str() + "' excludes '" + other.name.str() +
                                "', yet both are ticked"),
                     help_or("untick one of them: '" + exclusive->name.str() +
                             "' means none of the other options apply"));
      return true;
    });
  }

  void number_references(ReferenceTable& table) override {
    table.number(section_);
    table.number(option_);
  }

 private:
  SectionReference section_;
  OptionReference option_;
};

Result<RulePtr> make_exclusive(RuleInfo info, const YamlNode& entry, const std::string& source) {
  auto section = read_required_name(entry, "section", info, source);
  if (!section) return section.error();
  auto option = read_required_name(entry, "option", info, source);
  if (!option) return option.error();
  return RulePtr(std::make_unique<ExclusiveRule>(
      std::move(info), entry_text(entry, "message"), entry_text(entry, "help"),
      SectionReference(std::move(*section)), OptionReference(std::move(*option))));
}

}  // namespace

RuleKind exclusive_kind() {
  return RuleKind{"exclusive",
                  "one option rules out every other option of its group",
                  {"section", "option"},
                  make_exclusive,
                  {}};
}

}  // namespace issuelint
