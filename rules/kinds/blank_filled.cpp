// blank-filled: an option with a fill-in blank ("Other: __") that is ticked must say what.
#include <algorithm>

#include "parser/checkbox_text.h"
#include "parser/normalize.h"
#include "parser/yaml_node.h"
#include "rules/kinds/configured_rule.h"
#include "rules/kinds/generic_kinds.h"
#include "rules/lint_context.h"
#include "rules/nested_prose.h"

namespace issuelint {

namespace {

class BlankFilledRule : public ConfiguredRule {
 public:
  using ConfiguredRule::ConfiguredRule;

  void check(LintContext& context) const override {
    const auto& document = context.document();
    for (const auto& box : document.checkboxes) {
      if (!box.checked) continue;
      if (box.blank == kNoIndex) {
        if (holds_unfilled_placeholder(context, box)) report(context, box, box.name.str() + ":");
        continue;
      }
      const Blank& blank = document.blanks[box.blank];
      if (blank.filled && !kept_template_stand_in(context, box, blank.value)) {
        if (holds_no_answer(blank.value)) report_stand_in(context, box, blank);
        continue;
      }
      // "- [x] Other:" over "  - payments": the list under the item fills the blank.
      if (!blank.filled && answered_below(document, box)) continue;
      report(context, box, blank.lead.empty() ? box.name.str() + ":" : blank.lead.str());
    }
  }

 private:
  void report(LintContext& context, const Checkbox& box, const std::string& lead) const {
    context.report(info(), box.section, box.position,
                   message_or("'" + box.name.str() + "' is ticked but its blank is not filled in"),
                   help_or("write what it is after '" + lead + "', or untick the box"));
  }

  // A blank written another way than underscores: the template's own stand-in kept after the
  // colon ("Other: [specify]", "Version: <x.y>", "Browser: e.g. Firefox"), or the template's
  // HTML comment kept where the answer goes ("Another: <!-- describe -->"). A label that ends
  // at its colon with no comment left may be answered on the lines below: not judged.
  static bool holds_unfilled_placeholder(const LintContext& context, const Checkbox& box) {
    const std::string_view label = box.label;
    const std::size_t colon = label.find(':');
    if (colon == std::string_view::npos) return false;
    const std::string_view value = trimmed_view(label.substr(colon + 1));
    if (!value.empty()) return kept_template_stand_in(context, box, value);
    const Checkbox* original = context.template_box(box);
    return original != nullptr && std::string_view(original->label) == label &&
           comment_on_line(context.issue_template()->document, original->position.line) &&
           comment_on_line(context.document(), box.position.line);
  }

  void report_stand_in(LintContext& context, const Checkbox& box, const Blank& blank) const {
    const std::string lead = blank.lead.empty() ? box.name.str() + ":" : blank.lead.str();
    context.report(info(), box.section, box.position,
                   message_or("'" + box.name.str() + "' is ticked but its blank holds only '" +
                              blank.value.str() + "', which stands in for an answer"),
                   help_or("write what it is after '" + lead + "', or untick the box"));
  }

  // What fills the blank only in form: a word that stands in for an answer ("TBD", "N/A", as
  // section-empty reads a section), or no word at all ("...", "-", "?").
  static bool holds_no_answer(std::string_view value) {
    const std::string key = normalize_key(value);
    return key.empty() || is_stand_in(key);
  }

  static bool answered_below(const IssueDocument& document, const Checkbox& box) {
    return !nested_under_box(document, static_cast<std::size_t>(&box - document.checkboxes.data()))
                .empty();
  }

  static bool comment_on_line(const IssueDocument& document, int line) {
    return std::any_of(
        document.comments.begin(), document.comments.end(),
        [line](const HtmlComment& comment) { return comment.position.line == line; });
  }

  // `value` is what the template wrote after the option's name, left as it was, and reads as
  // a stand-in rather than an answer.
  static bool kept_template_stand_in(const LintContext& context, const Checkbox& box,
                                     std::string_view value) {
    if (!looks_like_stand_in(value)) return false;
    const Checkbox* original = context.template_box(box);
    return original != nullptr && std::string_view(original->label) == std::string_view(box.label);
  }

  static bool looks_like_stand_in(std::string_view value) {
    const bool bracketed = value.size() >= 2 && ((value.front() == '[' && value.back() == ']') ||
                                                 (value.front() == '<' && value.back() == '>') ||
                                                 (value.front() == '(' && value.back() == ')'));
    return bracketed || value.starts_with("e.g.") || value.starts_with("E.g.") ||
           value.starts_with("i.e.");
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
