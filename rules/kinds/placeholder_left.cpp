// placeholder-left: a line of the template's example text (`**Browser**: [e.g. Chrome 120]`)
// left exactly as the template wrote it.
#include "parser/yaml_node.h"
#include "rules/kinds/configured_rule.h"
#include "rules/kinds/generic_kinds.h"
#include "rules/lint_context.h"
#include "rules/yaml_reading.h"

namespace issuelint {

namespace {

std::string shortened(std::string_view text) {
  constexpr std::size_t kMax = 80;
  if (text.size() <= kMax) return std::string(text);
  std::size_t cut = kMax;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + "...";
}

// "**Core Web Vitals**:" introduces the list below it; it is not a blank to replace.
bool is_lead_in(const Prose& prose) {
  const auto end = prose.text.find_last_not_of(" \t");
  return end != std::string::npos && prose.text[end] == ':';
}

// "**Network Conditions**: [if applicable]": the template itself says it may stay unanswered.
bool says_optional(const Prose& prose) {
  const std::string padded = " " + prose.key.str() + " ";
  for (std::string_view hint : {" if applicable ", " if known ", " if any ", " optional "}) {
    if (padded.find(hint) != std::string::npos) return true;
  }
  return false;
}

class PlaceholderLeftRule : public ConfiguredRule {
 public:
  PlaceholderLeftRule(RuleInfo info, std::string message, std::string help,
                      std::vector<SectionReference> sections, bool list_items_only,
                      bool when_answered)
      : ConfiguredRule(std::move(info), std::move(message), std::move(help)),
        sections_(std::move(sections)),
        list_items_only_(list_items_only),
        when_answered_(when_answered) {}

  void check(LintContext& context) const override {
    if (context.issue_template() == nullptr) return;
    for (const auto& prose : context.document().prose) {
      if (list_items_only_ && prose.kind != Prose::Kind::list_item) continue;
      if (!in_scope(context, prose.section)) continue;
      if (prose.key.empty() || prose.key == "no response") continue;
      if (!context.is_placeholder_prose(prose.section, prose)) continue;
      if (context.is_prompt(prose) || is_lead_in(prose) || says_optional(prose)) continue;
      // A section left wholly unanswered is another rule's (section-empty) finding.
      if (when_answered_ && !context.has_written_content(prose.section)) continue;
      context.report(
          info(), prose.section, prose.position,
          message_or("placeholder left as in the template: '" + shortened(prose.text) + "'"),
          help_or("replace it with the real information, or write 'n/a'"));
    }
  }

  void number_references(ReferenceTable& table) override {
    for (SectionReference& reference : sections_) table.number(reference);
  }

 private:
  bool in_scope(const LintContext& context, int section) const {
    if (sections_.empty()) return true;
    for (const auto& reference : sections_) {
      if (context.find_section(reference) == section) return true;
    }
    return false;
  }

  std::vector<SectionReference> sections_;
  bool list_items_only_;
  bool when_answered_;
};

Result<RulePtr> make_placeholder_left(RuleInfo info, const YamlNode& entry,
                                      const std::string& source) {
  std::vector<SectionReference> sections;
  if (entry["sections"]) {
    auto names = yaml::read_string_list(entry["sections"], source, "sections");
    if (!names) return names.error();
    sections = std::vector<SectionReference>(names->begin(), names->end());
  }
  bool list_items_only = false;
  if (entry["list_items_only"]) {
    auto flag = yaml::read_bool(entry["list_items_only"], source, "list_items_only");
    if (!flag) return flag.error();
    list_items_only = *flag;
  }
  bool when_answered = false;
  if (entry["when_answered"]) {
    auto flag = yaml::read_bool(entry["when_answered"], source, "when_answered");
    if (!flag) return flag.error();
    when_answered = *flag;
  }
  return RulePtr(std::make_unique<PlaceholderLeftRule>(
      std::move(info), entry_text(entry, "message"), entry_text(entry, "help"), std::move(sections),
      list_items_only, when_answered));
}

}  // namespace

RuleKind placeholder_left_kind() {
  return RuleKind{"placeholder-left",
                  "the template's example text left as it was",
                  {"sections", "list_items_only", "when_answered"},
                  make_placeholder_left,
                  {}};
}

}  // namespace issuelint
