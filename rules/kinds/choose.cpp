// choose: how many boxes of one group may or must be ticked (at least, at most, exactly).
#include <algorithm>
#include <optional>

#include "parser/checkbox_text.h"
#include "parser/normalize.h"
#include "parser/yaml_node.h"
#include "rules/kinds/configured_rule.h"
#include "rules/kinds/generic_kinds.h"
#include "rules/lint_context.h"
#include "rules/yaml_reading.h"

namespace issuelint {

namespace {

struct ChooseSpec {
  SectionReference section;
  std::string lead;                  // inline group: the text before its first box
  std::vector<std::string> options;  // only these boxes count; empty = every box of the group
  int min = 1;
  int max = -1;  // -1: no upper bound
  bool include_subsections = false;
  // normalize_key() of lead and options, computed once when the rule is built.
  std::string lead_key;
  std::vector<std::string> option_keys;
};

std::string option_list(const std::vector<const Checkbox*>& boxes) {
  std::string out;
  for (std::size_t i = 0; i < boxes.size() && i < 8; ++i) {
    out += (i == 0 ? "'" : ", '") + boxes[i]->name.str() + "'";
  }
  if (boxes.size() > 8) out += ", ...";
  return out;
}

class ChooseRule : public ConfiguredRule {
 public:
  ChooseRule(RuleInfo info, std::string message, std::string help, ChooseSpec spec)
      : ConfiguredRule(std::move(info), std::move(message), std::move(help)),
        spec_(std::move(spec)) {}

  void check(LintContext& context) const override {
    const int section = context.find_section(spec_.section);
    if (section == kNoIndex) {
      context.report_cannot_check(info(), spec_.section.text());
      return;
    }
    // Counted in one pass; the list of options is only built for a message.
    const Checkbox* first = nullptr;
    int ticked = 0;
    LeadMatch lead;
    context.each_box_in(section, spec_.include_subsections, [&](const Checkbox& box) {
      if (!in_group(context, box, lead)) return true;
      if (first == nullptr) first = &box;
      ticked += box.checked ? 1 : 0;
      return true;
    });
    if (first == nullptr) {
      report_missing_group(context, section);
      return;
    }
    if (ticked >= spec_.min && (spec_.max < 0 || ticked <= spec_.max)) return;
    std::string message = default_message(ticked);
    if (ticked < spec_.min) message += misread_tick_note(context, section);
    context.report(info(), section, first->position, message_or(std::move(message)),
                   help_or("tick " + wanted() + " of: " + options_to_list(context, section)));
  }

  void number_references(ReferenceTable& table) override { table.number(spec_.section); }

 private:
  // The last lead text compared with the group's lead, and whether it named it: the boxes of one
  // line share their lead, so its key is compared once a line (key_equals() was ~200
  // instructions a box), the others only compare the text with it.
  struct LeadMatch {
    bool known = false;
    std::string_view text;
    bool names_group = false;
  };

  // Of the boxes under the section, the ones this rule counts.
  bool in_group(const LintContext& context, const Checkbox& box, LeadMatch& lead) const {
    if (!spec_.lead_key.empty() && !lead_names_group(box.lead, lead) &&
        !rewritten_group_option(context, box)) {
      return false;
    }
    return spec_.options.empty() || names_option(context, box);
  }

  // GitHub does not make the boxes of a line of text ("Related to: [ ] A / [ ] B") clickable, so
  // authors rewrite the group as a task list, with its lead as a paragraph above it or gone. A
  // box with no lead of its own that is one of the group's options in the template still
  // belongs to the group.
  bool rewritten_group_option(const LintContext& context, const Checkbox& box) const {
    if (!box.lead.empty()) return false;
    const Checkbox* original = context.template_box(box);
    return original != nullptr && key_equals(original->lead, spec_.lead_key);
  }

  // Apart from in_group(), which most rules (no lead) run inline for every box.
  bool lead_names_group(std::string_view text, LeadMatch& lead) const {
    if (!lead.known || text != lead.text) lead = {true, text, key_equals(text, spec_.lead_key)};
    return lead.names_group;
  }

  std::vector<const Checkbox*> group_boxes(const LintContext& context, int section) const {
    std::vector<const Checkbox*> boxes;
    LeadMatch lead;
    context.each_box_in(section, spec_.include_subsections, [&](const Checkbox& box) {
      if (in_group(context, box, lead)) boxes.push_back(&box);
      return true;
    });
    return boxes;
  }

  // The group's boxes are gone: deleted, or an inline line answered in words ("- **Environment**:
  // Production"). Said of this group, at its line when the author kept it, with the options to
  // tick: two inline groups of one section are two findings, not one about the section.
  void report_missing_group(LintContext& context, int section) const {
    const IssueDocument& document = context.document();
    SourcePosition position = document.sections[section].position;
    if (!spec_.lead_key.empty()) {
      for (int at : document.sections[section].prose) {
        const Prose& line = document.prose[static_cast<std::size_t>(at)];
        if (!key_starts_with_words(line.text, spec_.lead_key)) continue;
        position = line.position;
        break;
      }
    }
    const std::string options = options_to_list(context, section);
    context.report(
        info(), section, position,
        message_or("the options " + where() +
                   " are missing: restore them from the "
                   "template"),
        help_or(options.empty() ? std::string()
                                : "restore its boxes and tick " + wanted() + " of: " + options));
  }

  std::string where() const {
    return spec_.lead.empty() ? "under '" + spec_.section.text() + "'"
                              : "of '" + spec_.lead + "' in '" + spec_.section.text() + "'";
  }

  // The template's options when the rule names them: a box the author deleted or mistyped is
  // still one to tick.
  std::string options_to_list(const LintContext& context, int section) const {
    if (spec_.options.empty()) return option_list(group_boxes(context, section));
    std::string out;
    for (std::size_t i = 0; i < spec_.options.size() && i < 8; ++i) {
      out += (i == 0 ? "'" : ", '") + spec_.options[i] + "'";
    }
    if (spec_.options.size() > 8) out += ", ...";
    return out;
  }

  // An option written with a tick GitHub does not read ("- [✔] Medium" is a plain list item,
  // and so is "- [x]Medium"): the author meant to tick it, so say why it does not count.
  std::string misread_tick_note(const LintContext& context, int section) const {
    const IssueDocument& document = context.document();
    for (int at : document.sections[section].prose) {
      const Prose& item = document.prose[static_cast<std::size_t>(at)];
      if (item.kind != Prose::Kind::list_item) continue;
      const std::optional<MisreadBox> misread = misread_box(item.text);
      if (!misread) continue;
      const std::string_view label = misread->label;
      // The option's name may lead a description ("📅 **Scheduling** - Cal.com integration").
      const auto named = std::find_if(
          spec_.option_keys.begin(), spec_.option_keys.end(),
          [&](const std::string& option) { return key_starts_with_words(label, option); });
      if (spec_.option_keys.empty() ? !has_key_text(label) : named == spec_.option_keys.end()) {
        continue;
      }
      const std::string name(
          named == spec_.option_keys.end()
              ? label
              : std::string_view(
                    spec_.options[static_cast<std::size_t>(named - spec_.option_keys.begin())]));
      const std::string mark = "[" + std::string(misread->mark) + "]";
      if (misread->glued) {
        return " ('" + name + "' has no space after " + mark +
               ": GitHub reads a box only when a space follows it)";
      }
      return " ('" + name + "' is written " + mark + ": GitHub only reads [x] as a tick)";
    }
    return {};
  }

  bool names_option(const LintContext& context, const Checkbox& box) const {
    return std::any_of(spec_.option_keys.begin(), spec_.option_keys.end(),
                       [&](const std::string& key) { return context.names_option(box, key); });
  }

  std::string wanted() const {
    if (spec_.max == spec_.min) return "exactly " + std::to_string(spec_.min);
    if (spec_.max < 0) return "at least " + std::to_string(spec_.min);
    if (spec_.min <= 0) return "at most " + std::to_string(spec_.max);
    return "between " + std::to_string(spec_.min) + " and " + std::to_string(spec_.max);
  }

  std::string default_message(int ticked) const {
    const std::string where = spec_.lead.empty()
                                  ? "'" + spec_.section.text() + "'"
                                  : "'" + spec_.lead + "' in '" + spec_.section.text() + "'";
    if (ticked == 0) return "no option is ticked under " + where;
    return std::to_string(ticked) + " options are ticked under " + where + ", expected " + wanted();
  }

  ChooseSpec spec_;
};

// `exactly` says both bounds: beside `min` or `max` one of them would be dropped without a word.
// A `max` below the default `min` (1) says which `min` it is below.
Status read_bounds(const YamlNode& entry, const std::string& source, ChooseSpec& spec) {
  if (entry["exactly"] && (entry["min"] || entry["max"])) {
    return make_error("'exactly' sets both bounds: leave out 'min' and 'max', or 'exactly'",
                      yaml::where(entry["exactly"], source));
  }
  for (const char* key : {"min", "max", "exactly"}) {
    if (!entry[key]) continue;
    auto value = yaml::read_int(entry[key], source, key);
    if (!value) return value.error();
    if (*value < 0) {
      return make_error("'" + std::string(key) + "' cannot be negative",
                        yaml::where(entry[key], source));
    }
    if (std::string_view(key) == "min") spec.min = *value;
    if (std::string_view(key) == "max") spec.max = *value;
    if (std::string_view(key) == "exactly") spec.min = spec.max = *value;
  }
  if (spec.max >= 0 && spec.max < spec.min) {
    const std::string min = entry["min"] ? "'min'" : "the default 'min' of 1 (set 'min: 0')";
    return make_error("'max' is smaller than " + min, yaml::where(entry["max"], source));
  }
  return Ok{};
}

Result<RulePtr> make_choose(RuleInfo info, const YamlNode& entry, const std::string& source) {
  ChooseSpec spec;
  auto section = read_required_name(entry, "section", info, source);
  if (!section) return section.error();
  spec.section = SectionReference(std::move(*section));
  if (entry["lead"]) {
    auto lead = yaml::read_string(entry["lead"], source, "lead");
    if (!lead) return lead.error();
    spec.lead = *lead;
  }
  if (entry["options"]) {
    auto options = yaml::read_string_list(entry["options"], source, "options");
    if (!options) return options.error();
    spec.options = *options;
  }
  if (entry["include_subsections"]) {
    auto flag = yaml::read_bool(entry["include_subsections"], source, "include_subsections");
    if (!flag) return flag.error();
    spec.include_subsections = *flag;
  }
  if (auto ok = read_bounds(entry, source, spec); !ok) return ok.error();
  spec.lead_key = normalize_key(spec.lead);
  for (const std::string& option : spec.options) spec.option_keys.push_back(normalize_key(option));
  return RulePtr(std::make_unique<ChooseRule>(std::move(info), entry_text(entry, "message"),
                                              entry_text(entry, "help"), std::move(spec)));
}

}  // namespace

RuleKind choose_kind() {
  return RuleKind{"choose",
                  "how many boxes of a group must be ticked: min, max or exactly",
                  {"section", "lead", "options", "min", "max", "exactly", "include_subsections"},
                  make_choose,
                  {}};
}

}  // namespace issuelint
