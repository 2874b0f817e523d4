#include "rules/template_rules.h"

#include <algorithm>

#include "parser/normalize.h"
#include "parser/yaml_node.h"
#include "rules/lint_context.h"
#include "rules/rule_entry.h"

namespace issuelint {

namespace {

constexpr std::string_view kGenericPack = "generic.yml";

Result<YamlNode> generic_entries() {
  auto document = load_builtin_yaml(kGenericPack);  // pre-parsed at build time
  if (!document) return document.error();
  return (*document)["rules"];
}

YamlNode entry_for(const YamlNode& entries, std::string_view id) {
  for (const YamlNode& entry : entries.items()) {
    if (entry["id"].text_or("") == id) return entry.clone();
  }
  return {};
}

bool contains_word(std::string_view key, std::initializer_list<std::string_view> words) {
  const std::string padded = " " + std::string(key) + " ";
  return std::any_of(words.begin(), words.end(), [&](std::string_view word) {
    return padded.find(" " + std::string(word) + " ") != std::string::npos;
  });
}

// What the derivation needs to know about the template's sections, by index into the
// template document's sections (the same order as IssueTemplate::sections).
class TemplateReading {
 public:
  explicit TemplateReading(const IssueTemplate& issue_template)
      : template_(issue_template),
        document_(issue_template.document),
        title_(issue_template.title_section),
        prompts_(document_, nullptr, std::nullopt) {}

  int section_count() const { return static_cast<int>(document_.sections.size()); }
  const Section& section(int index) const { return document_.sections[index]; }
  // The section's path below the template's title, which is no section (SectionSpec::is_title).
  std::string path(int index) const {
    std::string path = document_.section_path(index);
    if (title_ <= 0 || index == title_) return path;
    const std::string above = std::string(document_.sections[title_].display_title) + " > ";
    return path.starts_with(above) ? path.substr(above.size()) : path;
  }
  bool is_title(int index) const { return index == title_; }
  // A heading of the top level: the title's sub-sections when the template has a title.
  bool is_top_level(int index) const {
    const int parent = document_.sections[index].parent;
    return parent <= 0 || parent == title_ || is_form();
  }
  bool is_form() const { return template_.kind == TemplateKind::issue_form; }
  const SectionSpec& spec(int index) const {
    return template_.sections[static_cast<std::size_t>(index - 1)];
  }

  // A reporter may leave the section out: the template says so ("(if applicable)", a form
  // field that is not required), its name says it is an extra ("Additional Context",
  // "Screenshots"), its text is conditional ("If you have a suggestion..."), or it sits inside
  // such a section.
  bool is_optional(int index) const {
    // The title's own wording ("(you may delete this notice)") is about it, not its sections.
    for (int at = index; at > 0 && at != title_; at = document_.sections[at].parent) {
      if (optional_itself(at)) return true;
    }
    return false;
  }

  // The section asks for the author's own words: prose to replace, not only a bold question
  // whose answers live in sub-sections or a bold notice. An issue form states it outright.
  bool asks_for_words(int index) const {
    const Section& heading = document_.sections[index];
    if (!heading.checkboxes.empty()) return false;
    // Every field of a form but its checkboxes is text to write, whatever its default holds
    // (prose, code, or only HTML like `<details></details>`).
    if (is_form()) return true;
    // No text of its own, or only an HTML comment's guidance ("<!-- Describe the bug -->"): the
    // whole section is the author's to write, unless its sub-sections are.
    if (heading.prose.empty()) return heading.children.empty();
    bool question = false;
    for (int prose : heading.prose) {
      const Prose& text = document_.prose[prose];
      if (is_field(text)) continue;  // placeholder-left checks fields one by one
      if (!prompts_.is_prompt(text)) return true;
      question = question || text.text.ends_with("?") || text.text.ends_with(":");
    }
    return question && heading.children.empty();
  }

  // Every box of the section is something the author confirms ("I have searched the issues",
  // "Did you check other issues?"): a checklist, whatever its heading ("Prerequisites",
  // "Routine Check"). An offer to help ("I'm willing to submit a PR") is no confirmation.
  bool confirms_only(int index) const {
    const Section& heading = document_.sections[index];
    if (heading.checkboxes.empty()) return false;
    for (const int box : heading.checkboxes) {
      const std::string_view key = document_.checkboxes[static_cast<std::size_t>(box)].key;
      if (!is_confirmation(key)) return false;
    }
    return true;
  }

  // The preamble's boxes that may stay unticked ("(optional)"), as SectionSpec::optional_options
  // lists a section's.
  std::vector<std::string> preamble_optional_options() const {
    std::vector<std::string> names;
    for (const int box : document_.sections[0].checkboxes) {
      const Checkbox& item = document_.checkboxes[static_cast<std::size_t>(box)];
      if (has_optional_hint(item.label)) names.emplace_back(item.name);
    }
    return names;
  }

  // The text before the first heading holds labelled fields ("- VSCode Version:"), or ends in
  // one on a line of its own ("React version:", with nothing but comments after it).
  bool preamble_has_fields() const {
    const Section& preamble = document_.sections[0];
    if (preamble.prose.empty()) return false;
    return ends_in_line_field(0) ||
           std::any_of(preamble.prose.begin(), preamble.prose.end(),
                       [&](int prose) { return is_field(document_.prose[prose]); });
  }

  // The section's text ends in a label on a line of its own with nothing but comments after it
  // (React's "Link to code example:" under its steps): a field, the last thing the section asks.
  bool ends_in_line_field(int index) const {
    const Section& heading = document_.sections[index];
    if (heading.prose.empty()) return false;
    const Prose& last =
        document_.prose[static_cast<std::size_t>(heading.prose.front()) + heading.prose.size() - 1];
    return last.kind == Prose::Kind::paragraph && last.text.ends_with(':') &&
           is_short_label(last.text);
  }

  // The section's list items include the template's examples: "- Browser [e.g. Chrome]".
  bool has_example_lines(int index) const {
    const Section& heading = document_.sections[index];
    return std::any_of(heading.prose.begin(), heading.prose.end(), [&](int prose) {
      const Prose& text = document_.prose[prose];
      return text.kind == Prose::Kind::list_item && contains_word(text.key, {"e g"});
    });
  }

  // An issue form's field whose default `value:` is a list of labelled fields ("- OS:\n-
  // Version:"): each line left blank is worth a finding once the rest is answered, as it is in
  // the same Markdown template.
  bool is_form_field_list(int index) const {
    const Section& heading = document_.sections[index];
    return is_form() && !heading.prose.empty() &&
           std::all_of(heading.prose.begin(), heading.prose.end(),
                       [&](int prose) { return is_field(document_.prose[prose]); });
  }

  // The first line of the section's own text, normalized: its lead-in or its placeholder; in a
  // section without text, its first HTML comment's ("<!-- Optional: ... -->").
  std::string lead_in(int index) const {
    const Section& heading = document_.sections[index];
    if (!heading.prose.empty()) return document_.prose[heading.prose.front()].key.str();
    if (heading.comments.empty()) return {};
    std::string_view comment = document_.comments[heading.comments.front()].text;
    if (comment.starts_with("<!--")) comment.remove_prefix(4);
    if (comment.ends_with("-->")) comment.remove_suffix(3);
    return normalize_key(comment);
  }

 private:
  static bool is_confirmation(std::string_view key) {
    if (contains_word(key,
                      {"willing", "would like", "d like", "want to", "happy to", "interested"})) {
      return false;
    }
    for (const std::string_view start :
         {"i have ", "i ve ", "i confirm", "i agree", "i searched", "i understand", "i read ",
          "i checked", "i verified", "i tested", "i made sure", "i am using", "i m using",
          "have you ", "did you ", "are you ", "can you ", "is this "}) {
      if (key.starts_with(start)) return true;
    }
    return false;
  }

  // A list item such as "**Browser**: [e.g. Chrome 120]": a labelled field, not prose.
  static bool is_field(const Prose& prose) {
    return prose.kind == Prose::Kind::list_item && is_short_label(prose.text);
  }

  // A few words before a colon: a label ("Browser:"), not a sentence.
  static bool is_short_label(std::string_view text) {
    const auto colon = text.find(':');
    if (colon == std::string::npos || colon == 0) return false;
    const std::string_view label = text.substr(0, colon);
    return std::count(label.begin(), label.end(), ' ') < 6;
  }

  bool optional_itself(int index) const {
    const SectionSpec& section_spec = spec(index);
    if (section_spec.optional || has_deletion_hint(document_.sections[index].title)) return true;
    // A form says which fields are required (`validations.required`); its word is final.
    if (is_form()) return false;
    if (is_alternative(index)) return true;
    if (contains_word(section_spec.key,
                      {"additional", "screenshots", "screenshot", "videos", "mockups",
                       "alternatives", "alternative", "possible", "references", "notes", "examples",
                       "logs", "optional", "research", "else"})) {
      return true;
    }
    // "Related issues", "Other information"; not "Is your feature request related to a
    // problem?" nor "Which other versions are affected?".
    for (const std::string_view first : {"related", "other"}) {
      if (section_spec.key.starts_with(first)) return true;
    }
    const std::string lead = lead_in(index);
    return lead.starts_with("if ") || lead.starts_with("optional") || hints_optional(index);
  }

  // "Desktop (please complete the following information)" beside "Smartphone (please complete
  // the following information)": sibling sections that share a title's parenthesis are
  // alternatives, each answered where it applies (a desktop-only bug has no smartphone).
  bool is_alternative(int index) const {
    const std::string_view own = title_parenthesis(index);
    if (own.empty()) return false;
    for (int other = 1; other < section_count(); ++other) {
      if (other != index && document_.sections[other].parent == document_.sections[index].parent &&
          title_parenthesis(other) == own) {
        return true;
      }
    }
    return false;
  }

  // The parenthesis that ends a section's title ("(please complete ...)"), or empty.
  std::string_view title_parenthesis(int index) const {
    std::string_view title = document_.sections[index].title;
    while (!title.empty() && (title.back() == ':' || title.back() == ' ')) title.remove_suffix(1);
    if (!title.ends_with(')')) return {};
    const std::size_t open = title.rfind('(');
    return open == std::string_view::npos || open == 0 ? std::string_view() : title.substr(open);
  }

  // The section's lead-in says in a parenthesis that it may be skipped: "Include a minimal
  // example (if safe to share publicly):", "(optional)"; or that it may be deleted ("**YOU MAY
  // DELETE THE PREREQUISITES SECTION.**"), in its first text or, with none, its first comment.
  bool hints_optional(int index) const {
    const Section& heading = document_.sections[index];
    if (!heading.comments.empty() && comment_says_optional(heading.comments.front())) return true;
    if (!heading.prose.empty()) {
      const std::string_view first = document_.prose[heading.prose.front()].text;
      return has_optional_hint(first) || has_deletion_hint(first) || aside_says_optional(first);
    }
    return false;
  }

  // The section's first comment lets it go: "<!-- If you can, please share a project -->"
  // (create-react-app's demo), "<!-- Optional: ... -->", "you may delete this section".
  bool comment_says_optional(int comment) const {
    const std::string_view text = document_.comments[comment].text;
    if (has_deletion_hint(text)) return true;
    const std::string words = normalize_key(text);
    return words.starts_with("if ") || words.starts_with("optional");
  }

  // A placeholder that is one aside and says when it applies: "(Write your answer here if
  // relevant.)". Only the whole line: "Describe it. Logs if relevant." still asks for the rest.
  static bool aside_says_optional(std::string_view text) {
    while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
    if (text.size() < 2 || !((text.front() == '(' && text.back() == ')') ||
                             (text.front() == '[' && text.back() == ']'))) {
      return false;
    }
    return contains_word(normalize_key(text),
                         {"if relevant", "if applicable", "if any", "if known", "if needed",
                          "if available", "if you can", "optional"});
  }

  const IssueTemplate& template_;
  const IssueDocument& document_;
  int title_;            // the template's title heading (IssueTemplate::title_section), else 0
  LintContext prompts_;  // over the template itself, to tell its bold prompts from its prose
};

// A group's wording asks for a choice: a type, a category, an area, a level, a priority...
enum class ChoiceWording { none, at_least_one, exactly_one };

ChoiceWording choice_wording(std::string_view key) {
  if (contains_word(key, {"priority", "severity", "level", "effort", "select one", "choose one",
                          "pick one"})) {
    return ChoiceWording::exactly_one;
  }
  if (contains_word(key, {"type", "types", "category", "categories", "area", "areas", "kind",
                          "environment", "component", "components", "impact", "select", "choose",
                          "check all", "tick all"})) {
    return ChoiceWording::at_least_one;
  }
  return ChoiceWording::none;
}

// "[ ] Yes / [ ] No" is a question with one answer, whatever its wording.
bool is_yes_no(const std::vector<const Checkbox*>& boxes) {
  return boxes.size() == 2 && boxes[0]->key == "yes" && boxes[1]->key == "no";
}

// "Checklist", and as it is also spelt, "Check-list" or "Check list" (keys "check list").
bool is_checklist(const Section& section) {
  return contains_word(section.key, {"checklist", "check list"});
}

Status add_rule(RuleSet& set, YamlNode entry) {
  auto rule = build_rule(entry, "builtin:generic.yml", "generic");
  if (!rule) return rule.error();
  set.rules.push_back(std::move(*rule));
  return Ok{};
}

// Boxes of the template grouped as the parser groups them (one list, or one inline line).
std::vector<std::vector<const Checkbox*>> box_groups(const IssueDocument& document) {
  std::vector<std::vector<const Checkbox*>> groups;
  for (const Checkbox& box : document.checkboxes) {
    if (groups.empty() || groups.back().front()->group != box.group) groups.emplace_back();
    groups.back().push_back(&box);
  }
  return groups;
}

ChoiceWording group_wording(const TemplateReading& reading,
                            const std::vector<const Checkbox*>& group) {
  const Checkbox& first = *group.front();
  if (is_yes_no(group)) return ChoiceWording::exactly_one;
  if (first.is_inline && !first.lead.empty()) return choice_wording(normalize_key(first.lead));
  const auto by_title = choice_wording(reading.section(first.section).key);
  if (by_title == ChoiceWording::exactly_one) return by_title;
  const auto by_lead_in = choice_wording(reading.lead_in(first.section));
  return by_lead_in == ChoiceWording::none ? by_title : std::max(by_title, by_lead_in);
}

Status add_group_rules(RuleSet& set, const YamlNode& entries, const TemplateReading& reading,
                       const IssueTemplate& issue_template) {
  for (const auto& group : box_groups(issue_template.document)) {
    const int section = group.front()->section;
    if (section <= 0 || reading.is_optional(section)) continue;
    // A form's checkboxes field asks for a choice only when it says so (SectionSpec), whatever
    // its words.
    if (reading.is_form() && !reading.spec(section).choice_required) continue;
    if (!reading.is_form() &&
        (is_checklist(reading.section(section)) || reading.confirms_only(section))) {
      continue;
    }
    const auto wording =
        reading.is_form() ? ChoiceWording::at_least_one : group_wording(reading, group);
    if (wording == ChoiceWording::none) continue;
    YamlNode entry = entry_for(entries, "choice-missing");
    entry.set("section", reading.path(section));
    if (group.front()->is_inline && !group.front()->lead.empty()) {
      entry.set("lead", group.front()->lead.str());
    }
    // Only the template's options answer it: a box the author added ("- [x] not sure") does not.
    std::vector<std::string> options;
    for (const Checkbox* box : group) {
      if (!box->key.empty()) options.emplace_back(box->name);
    }
    if (options.size() == group.size()) entry.set("options", options);
    entry.set("min", 1);
    if (wording == ChoiceWording::exactly_one) entry.set("max", 1);
    if (auto ok = add_rule(set, entry); !ok) return ok;
  }
  return Ok{};
}

struct DerivedSections {
  std::vector<std::string> top_level;  // required "##" sections (or the form's fields)
  std::vector<std::string> nested;     // required sub-sections, as paths
  std::vector<std::string> to_fill;    // sections that ask for the author's words
  struct Checklist {
    std::string path;
    std::vector<std::string> optional_options;  // boxes that may stay unticked
  };
  std::vector<Checklist> checklists;  // sections whose every (required) box must be ticked
  std::vector<std::string> fields;    // required sections checked line by line
  // Sections judged as a whole that also hold example lines ("- Axios Version [e.g. 0.18.0]"):
  // once partly answered, each example line left as it was is reported.
  std::vector<std::string> partly_fields;
  // Sections judged as a whole that end in a blank field of a line of its own ("Link to code
  // example:"): once partly answered, that field left blank is reported, and nothing else.
  std::vector<std::string> line_fields;
};

DerivedSections derive_sections(const TemplateReading& reading) {
  DerivedSections derived;
  // "- [ ] I have searched the issues" above the first heading (Apache Dubbo's template): the
  // same checklist as under a "Prerequisites" heading, kept by the issue's preamble.
  if (!reading.is_form() && reading.confirms_only(0)) {
    derived.checklists.push_back({"", reading.preamble_optional_options()});
  }
  for (int index = 1; index < reading.section_count(); ++index) {
    if (reading.is_title(index) || reading.is_optional(index)) continue;
    const std::string path = reading.path(index);
    const Section& heading = reading.section(index);
    (reading.is_top_level(index) ? derived.top_level : derived.nested).push_back(path);
    // A section judged as a whole is not also judged line by line: one finding, not five.
    const bool whole = reading.asks_for_words(index);
    (whole ? derived.to_fill : derived.fields).push_back(path);
    if (whole && (reading.has_example_lines(index) || reading.is_form_field_list(index))) {
      derived.partly_fields.push_back(path);
    } else if (whole && reading.ends_in_line_field(index)) {
      derived.line_fields.push_back(path);
    }
    const bool checklist =
        !reading.spec(index).choice_required &&
        (is_checklist(heading) || reading.is_form() || reading.confirms_only(index));
    if (checklist && !heading.checkboxes.empty())
      derived.checklists.push_back({path, reading.spec(index).optional_options});
  }
  return derived;
}

Status add_listed_rule(RuleSet& set, const YamlNode& entries, const char* id, const char* key,
                       const std::vector<std::string>& sections) {
  if (sections.empty()) return Ok{};
  YamlNode entry = entry_for(entries, id);
  entry.remove("levels");
  entry.set(key, sections);
  return add_rule(set, entry);
}

Status add_section_rules(RuleSet& set, const YamlNode& entries, const TemplateReading& reading) {
  const DerivedSections derived = derive_sections(reading);
  for (auto ok : {add_listed_rule(set, entries, "section-missing", "sections", derived.top_level),
                  add_listed_rule(set, entries, "subsection-missing", "sections", derived.nested),
                  add_listed_rule(set, entries, "section-empty", "sections", derived.to_fill),
                  add_listed_rule(set, entries, "placeholder-left", "sections", derived.fields)}) {
    if (!ok) return ok;
  }
  // "- VSCode Version:" above any heading (or in a template with none) is a field as well.
  if (reading.preamble_has_fields()) {
    YamlNode entry = entry_for(entries, "placeholder-left");
    entry.set("preamble", "true");
    // Above the first heading only blank fields are reported, a line of its own ("React
    // version:") as well as a list item.
    entry.set("list_items_only", "false");
    if (auto ok = add_rule(set, entry); !ok) return ok;
  }
  if (!derived.partly_fields.empty()) {
    YamlNode entry = entry_for(entries, "placeholder-left");
    entry.set("sections", derived.partly_fields);
    entry.set("when_answered", "true");
    if (auto ok = add_rule(set, entry); !ok) return ok;
  }
  if (!derived.line_fields.empty()) {
    YamlNode entry = entry_for(entries, "placeholder-left");
    entry.set("sections", derived.line_fields);
    entry.set("when_answered", "true");
    entry.set("list_items_only", "false");
    entry.set("fields_only", "true");
    if (auto ok = add_rule(set, entry); !ok) return ok;
  }
  for (const auto& checklist : derived.checklists) {
    YamlNode entry = entry_for(entries, "checklist-unticked");
    if (checklist.path.empty()) {
      entry.set("preamble", "true");
    } else {
      entry.set("section", checklist.path);
    }
    if (!checklist.optional_options.empty()) entry.set("except", checklist.optional_options);
    if (auto ok = add_rule(set, entry); !ok) return ok;
  }
  return Ok{};
}

}  // namespace

Result<RuleSet> derive_rules(const IssueTemplate& issue_template) {
  auto entries = generic_entries();
  if (!entries) return entries.error();
  RuleSet set;
  set.name = "generic";
  set.source = issue_template.source;
  set.summary = "rules derived from " + issue_template.source;
  set.finds_reworded_headings = true;

  for (const char* id : {"template-not-filled", "blank-unfilled"}) {
    if (auto ok = add_rule(set, entry_for(*entries, id)); !ok) return ok.error();
  }
  if (!issue_template.front_matter.title.empty() &&
      !normalize_key(issue_template.front_matter.title).empty()) {
    if (auto ok = add_rule(set, entry_for(*entries, "title-format")); !ok) return ok.error();
  }
  const TemplateReading reading(issue_template);
  if (auto ok = add_section_rules(set, *entries, reading); !ok) return ok.error();
  const bool has_dropdown =
      std::any_of(issue_template.sections.begin(), issue_template.sections.end(),
                  [](const SectionSpec& spec) { return !spec.dropdown_options.empty(); });
  if (has_dropdown) {
    if (auto ok = add_rule(set, entry_for(*entries, "dropdown-answer")); !ok) return ok.error();
  }
  if (auto ok = add_group_rules(set, *entries, reading, issue_template); !ok) return ok.error();

  LabelRule needs_info;
  needs_info.label = {"needs-info", "d93f0b",
                      "issuelint: the issue is missing information its template asks for"};
  needs_info.when.kind = Condition::Kind::errors;
  set.labels.push_back(std::move(needs_info));
  return set;
}

std::vector<RuleInfo> derived_rule_documentation() {
  std::vector<RuleInfo> infos;
  auto entries = generic_entries();
  if (!entries) return infos;
  for (const YamlNode& entry : entries->items()) {
    RuleInfo info;
    info.id = entry["id"].text_or("");
    info.kind = entry["kind"].text_or("");
    parse_severity(entry["severity"].text_or("error"), info.severity);
    info.summary = entry["summary"].text_or("");
    info.explanation = entry["explanation"].text_or("");
    if (entry["examples"]) {
      info.failing_example = entry["examples"]["fail"].text_or("");
      info.passing_example = entry["examples"]["pass"].text_or("");
    }
    info.pack = "generic";
    infos.push_back(std::move(info));
  }
  return infos;
}

}  // namespace issuelint
