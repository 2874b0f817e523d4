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
      const OptionsKept kept = options_kept(context, section);
      if (kept == OptionsKept::some) continue;
      if (kept == OptionsKept::all) {
        const std::string title = heading.display_title.str();
        context.report(info(), section, heading.position,
                       message_or("section '" + title + "' still lists every option"),
                       help_or("keep the ones that apply under '" + title +
                               "' and delete the rest, as the template says"));
        continue;
      }
      const std::string stand_in = only_stand_in(context, section);
      const std::string title = heading.display_title.str();
      if (const HiddenAnswer hidden = answer_in_comment(context, section);
          hidden != HiddenAnswer::none) {
        const char* const where = hidden == HiddenAnswer::in_template_comment
                                      ? "inside the template's <!-- --> comment"
                                      : "inside an HTML comment (<!-- -->)";
        context.report(info(), section, heading.position,
                       message_or("section '" + title + "' is empty: its text is " + where +
                                  ", which GitHub hides"),
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
  enum class OptionsKept { not_asked, none, some, all };

  // A section whose options the author deletes but those that apply (ansible's "Pick one below
  // and delete the rest", SectionSpec::options_to_delete): how many of them the draft kept.
  static OptionsKept options_kept(const LintContext& context, int section) {
    const IssueTemplate* issue_template = context.issue_template();
    if (issue_template == nullptr) return OptionsKept::not_asked;
    const IssueDocument& document = context.document();
    const std::string_view key = document.sections[section].key;
    const auto spec =
        std::find_if(issue_template->sections.begin(), issue_template->sections.end(),
                     [&](const SectionSpec& candidate) { return candidate.key == key; });
    if (spec == issue_template->sections.end() || spec->options_to_delete.empty()) {
      return OptionsKept::not_asked;
    }
    const auto& options = spec->options_to_delete;
    std::vector<bool> kept(options.size(), false);
    for (const int index : document.sections[section].prose) {
      const Prose& prose = document.prose[static_cast<std::size_t>(index)];
      const auto option = std::find(options.begin(), options.end(), prose.key);
      if (option != options.end()) kept[static_cast<std::size_t>(option - options.begin())] = true;
    }
    const auto count = std::count(kept.begin(), kept.end(), true);
    if (count == 0) return OptionsKept::none;
    return count == static_cast<std::ptrdiff_t>(options.size()) ? OptionsKept::all
                                                                : OptionsKept::some;
  }

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

  enum class HiddenAnswer { none, in_template_comment, in_own_comment };

  // The author's words in a comment of the section: added inside the template's ("<!-- Describe
  // the bug. The CLI crashes... -->"), or written in place of its guidance (prisma's form wraps
  // its example steps in one). The author sees the text in the editor, GitHub shows nothing. A
  // comment holding only (part of) one of the template's is guidance, not an answer; where the
  // template's section has no comment, another may be an older template's guidance.
  static HiddenAnswer answer_in_comment(const LintContext& context, int section) {
    const IssueTemplate* issue_template = context.issue_template();
    const IssueDocument& document = context.document();
    const Section& heading = document.sections[section];
    if (issue_template == nullptr || heading.comments.empty()) return HiddenAnswer::none;
    const IssueDocument& source = issue_template->document;
    const auto original = std::find_if(source.sections.begin(), source.sections.end(),
                                       [&](const Section& s) { return s.key == heading.key; });
    const bool template_comments = original != source.sections.end() && !original->comments.empty();
    HiddenAnswer found = HiddenAnswer::none;
    for (int at : heading.comments) {
      const std::string written = comment_key(document.comments[at].text);
      if (written.empty()) continue;
      bool guidance = false;
      for (const HtmlComment& comment : source.comments) {
        const std::string wanted = comment_key(comment.text);
        if (wanted.empty() || written.find(wanted) == std::string::npos) {
          guidance = guidance || (!wanted.empty() && wanted.find(written) != std::string::npos);
          continue;
        }
        if (written.size() > wanted.size()) return HiddenAnswer::in_template_comment;
        guidance = true;
      }
      if (!guidance && template_comments) found = HiddenAnswer::in_own_comment;
    }
    return found;
  }

  std::vector<SectionReference> sections_;
};

Result<RulePtr> make_section_filled(RuleInfo info, const YamlNode& entry,
                                    const std::string& source) {
  if (!entry["sections"]) {
    return make_error("section-filled needs 'sections'", yaml::where(entry, source));
  }
  auto sections = read_name_list(entry, "sections", info, source);
  if (!sections) return sections.error();
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
