// all-ticked: a checklist where every item must be ticked before filing.
#include <algorithm>
#include <optional>
#include <unordered_set>

#include "parser/checkbox_text.h"
#include "parser/normalize.h"
#include "parser/yaml_node.h"
#include "rules/kinds/configured_rule.h"
#include "rules/kinds/generic_kinds.h"
#include "rules/lint_context.h"
#include "rules/yaml_reading.h"

namespace issuelint {

namespace {

// The template's section of the draft's checklist `section`, or nullptr: no template, or none
// needed (a draft whose boxes are its template's, key for key, the usual case, has its items
// and misses none).
const Section* template_checklist(const LintContext& context, int section) {
  const IssueTemplate* issue_template = context.issue_template();
  if (issue_template == nullptr || context.has_every_template_box()) return nullptr;
  const auto& sections = issue_template->document.sections;
  const std::string_view key = context.document().sections[section].key;
  const auto heading = std::find_if(sections.begin(), sections.end(),
                                    [&](const Section& s) { return s.key == key; });
  return heading == sections.end() ? nullptr : &*heading;
}

// The items the template's checklist lists: the rule asks for those, not for a box the author
// added ("- [ ] I'd like to work on this myself"). With no template section to read, every box.
class TemplateItems {
 public:
  TemplateItems(const LintContext& context, int section) {
    const Section* heading = template_checklist(context, section);
    if (heading == nullptr) return;
    known_ = true;
    const IssueDocument& source = context.issue_template()->document;
    for (const int index : heading->checkboxes) {
      keys_.insert(source.checkboxes[static_cast<std::size_t>(index)].key);
    }
  }

  bool lists(const LintContext& context, const Checkbox& box) const {
    if (!known_ || keys_.count(box.key) != 0) return true;
    // Only a box with a note of the author's may still be an item ("... (on 2.3)").
    if (box.key_before_note.empty()) return false;
    return std::any_of(keys_.begin(), keys_.end(),
                       [&](std::string_view key) { return context.names_option(box, key); });
  }

 private:
  bool known_ = false;
  std::unordered_set<std::string_view> keys_;
};

class AllTickedRule : public ConfiguredRule {
 public:
  AllTickedRule(RuleInfo info, std::string message, std::string help, SectionReference section,
                std::vector<std::string> except, bool preamble)
      : ConfiguredRule(std::move(info), std::move(message), std::move(help)),
        section_(std::move(section)),
        except_keys_(std::move(except)),
        preamble_(preamble) {
    for (std::string& name : except_keys_) name = normalize_key(name);
  }

  void check(LintContext& context) const override {
    // The boxes above the first heading ("- [ ] I have searched the issues" over the sections)
    // are the preamble's, section 0, which no reference names.
    const int section = preamble_ ? 0 : context.find_section(section_);
    if (section == kNoIndex) {
      context.report_cannot_check(info(), section_.text());
      return;
    }
    const TemplateItems items(context, section);
    context.each_box_in(section, false, [&](const Checkbox& box) {
      if (box.checked || excepted(context, box) || !items.lists(context, box)) return true;
      context.report(info(), box.section, box.position,
                     message_or("checklist item not ticked: '" + box.label.str() + "'"),
                     help_or("tick it once it is true, or say in the issue why it does not apply"));
      return true;
    });
    report_missing_items(context, section);
  }

  void number_references(ReferenceTable& table) override { table.number(section_); }

 private:
  // An item the template lists that the issue no longer has (deleted, turned into prose or a
  // plain bullet, hidden in an HTML comment, "[✓]" instead of "[x]") is not ticked either.
  void report_missing_items(LintContext& context, int section) const {
    const Section* heading = template_checklist(context, section);
    if (heading == nullptr) return;
    const IssueDocument& source = context.issue_template()->document;
    for (const int index : heading->checkboxes) {
      const Checkbox& wanted = source.checkboxes[static_cast<std::size_t>(index)];
      if (excepted_in_template(wanted) || has_box(context, section, wanted.key)) continue;
      if (report_misread(context, section, wanted)) continue;
      context.report(info(), section, context.document().sections[section].position,
                     message_or("checklist item missing: '" + wanted.label.str() + "'"),
                     help_or("restore it from the template as '- [ ] ...', and tick it once it "
                             "is true"));
    }
  }

  // The item is there, written as a box GitHub does not show ("- [x ] ...", "- [✓] ...",
  // "- [x]..."): the author sees a bullet with brackets, and is told why, at its line.
  bool report_misread(LintContext& context, int section, const Checkbox& wanted) const {
    const IssueDocument& document = context.document();
    for (const int at : document.sections[section].prose) {
      const Prose& item = document.prose[static_cast<std::size_t>(at)];
      if (item.kind != Prose::Kind::list_item) continue;
      const std::optional<MisreadBox> misread = misread_box(item.text);
      if (!misread || !key_starts_with_words(misread->label, wanted.key)) continue;
      const std::string written = "[" + std::string(misread->mark) + "]";
      context.report(info(), section, item.position,
                     message_or("checklist item '" + wanted.label.str() + "' is written " +
                                written + (misread->glued ? " with no space after it" : "") +
                                ", which GitHub shows as text, not as a box"),
                     help_or("write it '- [x] " + wanted.label.str() +
                             "' once it is true: GitHub reads only [ ], [x] or [X] followed by a "
                             "space as a box"));
      return true;
    }
    return false;
  }

  static bool has_box(const LintContext& context, int section, std::string_view key) {
    bool found = false;
    context.each_box_in(section, false, [&](const Checkbox& box) {
      found = context.names_option(box, key);
      return !found;
    });
    return found;
  }

  // The template's own item: its name is its wording, with no note of an author's to look past.
  // (names_option reads a box of the issue: a template box's section indexes the template's
  // sections, not the issue's.)
  bool excepted_in_template(const Checkbox& wanted) const {
    return std::any_of(except_keys_.begin(), except_keys_.end(),
                       [&](const std::string& key) { return wanted.key == key; });
  }

  bool excepted(const LintContext& context, const Checkbox& box) const {
    return std::any_of(except_keys_.begin(), except_keys_.end(),
                       [&](const std::string& key) { return context.names_option(box, key); });
  }

  SectionReference section_;
  std::vector<std::string> except_keys_;  // normalize_key() of each name, computed once
  bool preamble_;                         // the checklist is the boxes above the first heading
};

Result<RulePtr> make_all_ticked(RuleInfo info, const YamlNode& entry, const std::string& source) {
  bool preamble = false;
  if (entry["preamble"]) {
    auto value = yaml::read_bool(entry["preamble"], source, "preamble");
    if (!value) return value.error();
    preamble = *value;
  }
  auto section = preamble && !entry["section"] ? Result<std::string>(std::string())
                                               : read_required_name(entry, "section", info, source);
  if (!section) return section.error();
  std::vector<std::string> except;
  if (entry["except"]) {
    auto names = yaml::read_string_list(entry["except"], source, "except");
    if (!names) return names.error();
    except = *names;
  }
  return RulePtr(std::make_unique<AllTickedRule>(
      std::move(info), entry_text(entry, "message"), entry_text(entry, "help"),
      SectionReference(std::move(*section)), std::move(except), preamble));
}

}  // namespace

RuleKind all_ticked_kind() {
  return RuleKind{"all-ticked",
                  "every item of a checklist must be ticked",
                  {"section", "except", "preamble"},
                  make_all_ticked,
                  {}};
}

}  // namespace issuelint
