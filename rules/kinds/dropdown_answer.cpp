// dropdown-answer: an issue form's dropdown answered with one of its options. GitHub writes only
// an option's text there, so anything else was typed into the body by hand (an edit after
// submitting, or a body written without the form), and the maintainers' filters and labels
// keyed on the options miss it.
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "parser/checkbox_text.h"
#include "parser/normalize.h"
#include "parser/template.h"
#include "parser/yaml_node.h"
#include "rules/kinds/configured_rule.h"
#include "rules/kinds/generic_kinds.h"
#include "rules/lint_context.h"

namespace issuelint {

namespace {

bool same_option(std::string_view answer, std::string_view option) {
  return answer == option || normalize_key(answer) == normalize_key(option);
}

// Whether `answer` is one option, or (when several may be chosen) options joined by ", " as
// GitHub joins them. An option may hold ", " itself ("Windows, WSL"), so every split is tried;
// each option, as a lone answer is, with its case aside ("macos, linux").
bool is_options(std::string_view answer, const std::vector<std::string>& options, bool multiple,
                int depth = 0) {
  for (const std::string& option : options) {
    if (same_option(answer, option)) return true;
  }
  if (!multiple || depth > 16) return false;
  for (const std::string& option : options) {
    if (!starts_with_ignoring_case(answer, option) ||
        answer.substr(option.size()).rfind(", ", 0) != 0) {
      continue;
    }
    if (is_options(answer.substr(option.size() + 2), options, multiple, depth + 1)) return true;
  }
  return false;
}

// The options as the issue's text reads them: GitHub writes a chosen option's Markdown as it is,
// and an answer's text drops the markup ("[beta](https://...)" reads "beta"). Only asked for an
// answer that is not the options as written.
std::vector<std::string> options_as_read(const std::vector<std::string>& options) {
  std::vector<std::string> read;
  for (const std::string& option : options) {
    const IssueDocument rendered = parse_issue(option + "\n");
    read.push_back(rendered.prose.size() == 1 ? rendered.prose.front().text.str() : option);
  }
  return read;
}

// Each option quoted: an option may hold a comma ("Chrome, Chromium"), and a bare list would
// read as more options than the form has.
std::string listed(const std::vector<std::string>& options) {
  std::string text;
  for (const std::string& option : options) text += (text.empty() ? "'" : ", '") + option + "'";
  return text;
}

class DropdownAnswerRule : public ConfiguredRule {
 public:
  using ConfiguredRule::ConfiguredRule;

  void check(LintContext& context) const override {
    const IssueTemplate* issue_template = context.issue_template();
    if (issue_template == nullptr || issue_template->kind != TemplateKind::issue_form) return;
    const IssueDocument& document = context.document();
    for (const SectionSpec& spec : issue_template->sections) {
      if (spec.dropdown_options.empty()) continue;
      const int section = context.find_section_by_key(spec.key);
      if (section == kNoIndex) continue;  // section-missing says so
      const auto& prose = document.sections[section].prose;
      if (prose.empty()) continue;  // left empty: section-empty says so
      const Prose& answer = document.prose[prose.front()];
      if (answer.key.empty() || answer.key == "no response") continue;
      const std::string text = trim(answer.text);
      // "None" is what GitHub offers, and may write, for an optional dropdown left unchosen
      // (hence a reserved word no option may be).
      if (text == "None") continue;
      if (is_options(text, spec.dropdown_options, spec.dropdown_multiple) ||
          is_options(text, options_as_read(spec.dropdown_options), spec.dropdown_multiple)) {
        continue;
      }
      context.report(
          info(), section, answer.position,
          message_or("'" + text + "' is not " + (spec.dropdown_multiple ? "among" : "one of") +
                     " the options of '" + document.sections[section].display_title.str() +
                     "': " + listed(spec.dropdown_options)),
          help_or("choose " + std::string(spec.dropdown_multiple ? "from" : "one of") +
                  " the options the form offers, as it writes them"));
    }
  }
};

Result<RulePtr> make_dropdown_answer(RuleInfo info, const YamlNode& entry, const std::string&) {
  return RulePtr(std::make_unique<DropdownAnswerRule>(std::move(info), entry_text(entry, "message"),
                                                      entry_text(entry, "help")));
}

}  // namespace

RuleKind dropdown_answer_kind() {
  return RuleKind{"dropdown-answer",
                  "an issue form's dropdown is answered with its options, as GitHub writes them",
                  {},
                  make_dropdown_answer,
                  {}};
}

}  // namespace issuelint
