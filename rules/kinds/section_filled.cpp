// section-filled: the author wrote something of their own in the section: the template's
// placeholder prose and example code do not count.
#include <algorithm>

#include "parser/normalize.h"
#include "parser/yaml_node.h"
#include "rules/kinds/configured_rule.h"
#include "rules/kinds/generic_kinds.h"
#include "rules/lint_context.h"
#include "rules/yaml_reading.h"

namespace issuelint {

namespace {

class SectionFilledRule : public ConfiguredRule {
 public:
  SectionFilledRule(RuleInfo info, std::string message, std::string help,
                    std::vector<SectionReference> sections)
      : ConfiguredRule(std::move(info), std::move(message), std::move(help)),
        sections_(std::move(sections)) {}

  void check(LintContext& context) const override {
    for (const auto& reference : sections_) {
      const int section = context.find_section(reference);
      if (section == kNoIndex) {
        context.report_cannot_check(info(), reference.text());
        continue;
      }
      if (context.has_written_content(section)) continue;
      const auto& heading = context.document().sections[section];
      const std::string stand_in = only_stand_in(context, section);
      const std::string title = heading.display_title.str();
      if (answered_in_comment(context, section)) {
        context.report(info(), section, heading.position,
                       message_or("section '" + title +
                                  "' is empty: its text is inside the template's <!-- --> comment, "
                                  "which GitHub hides"),
                       help_or("move your text below the '-->' that ends the comment"));
        continue;
      }
      const std::string what =
          !stand_in.empty() ? "holds only '" + stand_in + "', which stands in for an answer"
          : holds_placeholder(context, section) ? "still holds the template's placeholder text"
                                                : "is empty";
      context.report(info(), section, heading.position,
                     message_or("section '" + title + "' " + what),
                     help_or("describe it in your own words under '" + title + "'"));
    }
  }

  void number_references(ReferenceTable& table) override {
    for (SectionReference& reference : sections_) table.number(reference);
  }

 private:
  // The section's one text when it is a stand-in such as "TBD" or "N/A"; empty otherwise.
  static std::string only_stand_in(const LintContext& context, int section) {
    const auto& document = context.document();
    std::string found;
    for (int index : document.sections[section].prose) {
      const Prose& prose = document.prose[index];
      if (prose.key.empty() || prose.key == "no response") continue;
      if (!is_stand_in(prose.key) || !found.empty()) return {};
      found = prose.text.str();
    }
    return found;
  }

  static bool holds_placeholder(const LintContext& context, int section) {
    const auto& document = context.document();
    const bool prose =
        std::any_of(document.prose.begin(), document.prose.end(), [&](const Prose& p) {
          // "_No response_" is an issue form's empty answer, not template text.
          return p.section == section && !p.key.empty() && p.key != "no response";
        });
    // An empty fence (an issue form's `render:` field left blank) is empty, not placeholder.
    const bool code = std::any_of(
        document.code_blocks.begin(), document.code_blocks.end(), [&](const CodeBlock& b) {
          return b.section == section &&
                 b.content.find_first_not_of(" \t\r\n") != std::string_view::npos;
        });
    return prose || code;
  }

  // The comment's words, without its <!-- -->.
  static std::string comment_key(std::string_view comment) {
    if (comment.starts_with("<!--")) comment.remove_prefix(4);
    if (comment.ends_with("-->")) comment.remove_suffix(3);
    return normalize_key(comment);
  }

  // A comment of the section that is the template's with the author's words added inside it
  // ("<!-- Describe the bug. The CLI crashes... -->"): the author sees the text in the editor,
  // GitHub shows nothing.
  static bool answered_in_comment(const LintContext& context, int section) {
    const IssueTemplate* issue_template = context.issue_template();
    const IssueDocument& document = context.document();
    const Section& heading = document.sections[section];
    if (issue_template == nullptr || heading.comments.empty()) return false;
    const IssueDocument& source = issue_template->document;
    const auto original = std::find_if(source.sections.begin(), source.sections.end(),
                                       [&](const Section& s) { return s.key == heading.key; });
    if (original == source.sections.end()) return false;
    for (int at : heading.comments) {
      const std::string written = comment_key(document.comments[at].text);
      for (int own : original->comments) {
        const std::string wanted = comment_key(source.comments[own].text);
        if (!wanted.empty() && written.size() > wanted.size() &&
            written.find(wanted) != std::string::npos) {
          return true;
        }
      }
    }
    return false;
  }

  std::vector<SectionReference> sections_;
};

Result<RulePtr> make_section_filled(RuleInfo info, const YamlNode& entry,
                                    const std::string& source) {
  auto sections = yaml::read_string_list(entry["sections"], source, "sections");
  if (!entry["sections"] || !sections) {
    return make_error("section-filled needs 'sections'", yaml::where(entry, source));
  }
  std::vector<SectionReference> references(sections->begin(), sections->end());
  return RulePtr(std::make_unique<SectionFilledRule>(std::move(info), entry_text(entry, "message"),
                                                     entry_text(entry, "help"),
                                                     std::move(references)));
}

}  // namespace

RuleKind section_filled_kind() {
  return RuleKind{"section-filled",
                  "the listed sections hold the author's own words, not the template's placeholder",
                  {"sections"},
                  make_section_filled,
                  {}};
}

}  // namespace issuelint
