// template-filled: an empty body, or the template submitted unchanged, is one clear error.
// The engine then suppresses every other body rule: forty small findings would bury it.
#include <algorithm>

#include "parser/yaml_node.h"
#include "rules/kinds/configured_rule.h"
#include "rules/kinds/generic_kinds.h"
#include "rules/lint_context.h"

namespace issuelint {

namespace {

// Nothing ticked, no blank filled, every paragraph and code block still the template's.
bool is_template_unchanged(const LintContext& context) {
  const auto& document = context.document();
  if (context.issue_template() == nullptr) return false;
  const bool ticked = std::any_of(document.checkboxes.begin(), document.checkboxes.end(),
                                  [](const Checkbox& box) { return box.checked; });
  if (ticked) return false;
  // "Other: [specify]" reads as a filled blank, but the template wrote it so: not an answer.
  const auto& template_blanks = context.issue_template()->document.blanks;
  const auto template_value = [&](const Blank& blank) {
    return std::any_of(template_blanks.begin(), template_blanks.end(), [&](const Blank& other) {
      return other.filled && other.value == blank.value;
    });
  };
  const bool filled =
      std::any_of(document.blanks.begin(), document.blanks.end(),
                  [&](const Blank& blank) { return blank.filled && !template_value(blank); });
  if (filled) return false;
  const bool prose = std::any_of(document.prose.begin(), document.prose.end(), [&](const Prose& p) {
    return !context.is_placeholder_prose(p.section, p);
  });
  if (prose) return false;
  return std::none_of(
      document.code_blocks.begin(), document.code_blocks.end(),
      [&](const CodeBlock& block) { return !context.is_placeholder_code(block.section, block); });
}

// Fewer than half of the template's headings are left in the body.
bool kept_under_half(const LintContext& context) {
  const std::size_t headings = context.document().sections.size() - 1;
  const std::size_t wanted = context.issue_template()->document.sections.size() - 1;
  return 2 * headings < wanted;
}

class TemplateFilledRule : public ConfiguredRule {
 public:
  TemplateFilledRule(RuleInfo info, std::string message, std::string help)
      : ConfiguredRule(std::move(info), std::move(message), std::move(help)) {
    set_stage(Stage::checks_template_filled);
  }

  void check(LintContext& context) const override {
    if (context.document().empty()) {
      context.report(info(), kNoIndex, {}, message_or("the issue body is empty"),
                     help_or("fill in " + template_name(context) +
                             ": answer each section and tick what applies"));
      return;
    }
    if (!is_template_unchanged(context)) return;
    // Most of the template deleted, the rest left as it was: not "the template unchanged".
    if (kept_under_half(context)) {
      context.report(
          info(), kNoIndex, {},
          message_or("nothing was filled in: the issue body keeps only part of " +
                     template_name(context) + ", none of it answered"),
          help_or("start again from the template, answer each section in your own words and "
                  "tick the boxes that apply"));
      return;
    }
    context.report(info(), kNoIndex, {},
                   message_or("the issue body is " + template_name(context) +
                              " unchanged: nothing was filled in"),
                   help_or("answer each section in your own words and tick the boxes that apply"));
  }

 private:
  // "the 'Database Migration' template", for a message: written only when one is reported (most
  // drafts are filled in, and building it cost ~460 instructions a check).
  static std::string template_name(const LintContext& context) {
    const auto* issue_template = context.issue_template();
    return issue_template != nullptr && !issue_template->front_matter.name.empty()
               ? "the '" + issue_template->front_matter.name + "' template"
               : "the template";
  }
};

Result<RulePtr> make_template_filled(RuleInfo info, const YamlNode& entry, const std::string&) {
  return RulePtr(std::make_unique<TemplateFilledRule>(std::move(info), entry_text(entry, "message"),
                                                      entry_text(entry, "help")));
}

}  // namespace

RuleKind template_filled_kind() {
  return RuleKind{"template-filled",
                  "the body is neither empty nor the template unchanged (suppresses the cascade)",
                  {},
                  make_template_filled,
                  {}};
}

}  // namespace issuelint
