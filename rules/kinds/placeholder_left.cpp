// placeholder-left: a line of the template's example text (`**Browser**: [e.g. Chrome 120]`)
// left exactly as the template wrote it.
#include <algorithm>
#include <limits>
#include <optional>

#include "parser/normalize.h"
#include "parser/yaml_node.h"
#include "rules/kinds/configured_rule.h"
#include "rules/kinds/generic_kinds.h"
#include "rules/lint_context.h"
#include "rules/nested_prose.h"
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
bool says_optional(std::string_view key) {
  const std::string padded = " " + std::string(key) + " ";
  for (std::string_view hint : {" if applicable ", " if known ", " if any ", " optional "}) {
    if (padded.find(hint) != std::string::npos) return true;
  }
  return false;
}

// "Network plugin and version (if this is a network related bug):": the label says when the field
// applies, so it may stay blank where it does not.
bool applies_conditionally(std::string_view text) {
  for (std::size_t at = text.find('('); at != std::string_view::npos; at = text.find('(', at + 1)) {
    const std::string_view rest = text.substr(at + 1);
    if (rest.size() > 3 && (rest[0] == 'i' || rest[0] == 'I') &&
        (rest[1] == 'f' || rest[1] == 'F') && rest[2] == ' ') {
      return true;
    }
  }
  return false;
}

// The items nested under list item `item` (nested_prose.h).
ProseRange nested_items(const IssueDocument& document, std::size_t item) {
  const Prose& lead = document.prose[item];
  return nested_prose(document, item + 1, lead.section, lead.position.column);
}

// Where the items nested under list item `item` end: the first later line of its section that
// holds text at its column or left of it (a sibling, the list's end), or the section's end.
int nested_end_line(const IssueDocument& document, std::size_t item) {
  const std::size_t end = nested_items(document, item).end;
  if (end < document.prose.size()) return document.prose[end].position.line;
  return std::numeric_limits<int>::max();
}

// A list item ending in a colon with text nested under it ("**Core Web Vitals**:" over its
// "- LCP: [e.g. 2.5 s]" lines) leads in; with none, or only an HTML comment, it is a field whose
// answer goes on its line or under it ("* **Electron Version:**" over "  * <!-- e.g. 4.0.3 -->").
bool has_nested_text(const IssueDocument& document, std::size_t item) {
  return !nested_items(document, item).empty();
}

// A line of its own ending in a colon ("React version:", "Link to code example:") with nothing
// after it in its section but comments is a field; with text after it, it leads that text in
// ("Steps to Reproduce:" over its list), in the template, or in a draft that answered it.
bool has_text_after(const IssueDocument& document, std::size_t paragraph) {
  return paragraph + 1 < document.prose.size() &&
         document.prose[paragraph + 1].section == document.prose[paragraph].section;
}

// A line of its own that is a label of a few words and a colon ("**Actual results:**").
bool is_line_label(const Prose& prose) {
  if (prose.kind != Prose::Kind::paragraph || !prose.text.ends_with(':')) return false;
  const std::string_view label = prose.text;
  return std::count(label.begin(), label.end(), ' ') < 6;
}

// The text after a field that it leads in: not another field of the template ("**Expected
// results:**" over "**Actual results:**", both left blank), which is no answer to the first.
// In a draft, only the template's own label left as it was counts as that field.
bool leads_in_text(const LintContext& context, const IssueDocument& document, std::size_t paragraph,
                   bool is_draft) {
  if (!has_text_after(document, paragraph)) return false;
  const Prose& next = document.prose[paragraph + 1];
  if (!is_line_label(next)) return true;
  return is_draft && !context.is_placeholder_prose(next.section, next);
}

// The template's own item for a draft's field: the same text in the section of the same name.
std::optional<std::size_t> template_item(const IssueDocument& source, const IssueDocument& draft,
                                         const Prose& prose) {
  const std::string_view section_key = draft.sections[prose.section].key;
  for (std::size_t at = 0; at < source.prose.size(); ++at) {
    const Prose& original = source.prose[at];
    if (original.key == prose.key && original.kind == prose.kind &&
        source.sections[original.section].key == section_key) {
      return at;
    }
  }
  return std::nullopt;
}

// The template's comment under a field says it may stay blank: "<!-- (if applicable) ... -->".
bool nested_comment_says_optional(const IssueDocument& source, std::size_t item) {
  const Prose& lead = source.prose[item];
  const int end = nested_end_line(source, item);
  return std::any_of(source.comments.begin(), source.comments.end(), [&](const HtmlComment& c) {
    return c.section == lead.section && c.position.line > lead.position.line &&
           c.position.line < end && c.position.column > lead.position.column &&
           says_optional(normalize_key(c.text));
  });
}

// "**Electron Version:**" -> "Electron Version".
std::string field_label(const Prose& prose) {
  std::string_view label = prose.text;
  while (!label.empty() && (label.back() == ':' || label.back() == ' ' || label.back() == '\t')) {
    label.remove_suffix(1);
  }
  return std::string(label);
}

// Where the rule looks and what it reports, as the entry's flags say (docs/configuration.md).
struct PlaceholderScope {
  bool list_items_only = false;  // list items only, not paragraphs
  bool when_answered = false;    // only in a section that holds some answer
  bool preamble = false;         // the blank fields above the first heading too
  bool fields_only = false;      // only the template's blank fields, not its other text
};

class PlaceholderLeftRule : public ConfiguredRule {
 public:
  PlaceholderLeftRule(RuleInfo info, std::string message, std::string help,
                      std::vector<SectionReference> sections, PlaceholderScope scope)
      : ConfiguredRule(std::move(info), std::move(message), std::move(help)),
        sections_(std::move(sections)),
        scope_(scope) {}

  void check(LintContext& context) const override {
    if (context.issue_template() == nullptr) return;
    const IssueDocument& document = context.document();
    if (sections_.empty() && !scope_.preamble) {
      for (const Prose& prose : document.prose) check_line(context, prose);
      return;
    }
    // Only the lines of the sections in scope are read: a rule naming one section (the flagship
    // pack's Dependencies) does not look up its section again for every line of the draft.
    if (scope_.preamble) check_section(context, 0);
    for (std::size_t at = 0; at < sections_.size(); ++at) {
      const int section = context.find_section(sections_[at]);
      if (section == kNoIndex || section == 0) continue;
      // Two references to one section read it once (the findings are sorted afterwards).
      const auto same = [&](const SectionReference& other) {
        return context.find_section(other) == section;
      };
      if (std::any_of(sections_.begin(), sections_.begin() + static_cast<std::ptrdiff_t>(at),
                      same)) {
        continue;
      }
      check_section(context, section);
    }
  }

  void number_references(ReferenceTable& table) override {
    for (SectionReference& reference : sections_) table.number(reference);
  }

 private:
  // A field the template leaves blank ("- **OS**:", or "* **Electron Version:**" over a
  // comment), still blank here: no text after its colon and none nested under it, where the
  // template's item too has none nested (else it leads in a list of fields of its own).
  static bool is_unanswered_field(const LintContext& context, const Prose& prose) {
    const bool paragraph = prose.kind == Prose::Kind::paragraph;
    if (prose.kind != Prose::Kind::list_item && !paragraph) return false;
    const IssueDocument& draft = context.document();
    const IssueDocument& source = context.issue_template()->document;
    const auto original = template_item(source, draft, prose);
    const auto item = static_cast<std::size_t>(&prose - draft.prose.data());
    if (!original) return false;
    if (paragraph) {
      return !leads_in_text(context, source, *original, false) &&
             !leads_in_text(context, draft, item, true) &&
             !answered_in_following_code(context, item);
    }
    if (has_nested_text(source, *original)) return false;
    if (nested_comment_says_optional(source, *original)) return false;
    return !has_nested_text(draft, item) && !answered_in_following_code(context, item);
  }

  // "- Prisma version:" over a fence (prisma's form: "paste it between the ´´´"): a code block
  // right after the field, with no other text between, holds its answer, unless it is the
  // template's example left as it was.
  static bool answered_in_following_code(const LintContext& context, std::size_t item) {
    const IssueDocument& draft = context.document();
    const Prose& field = draft.prose[item];
    const bool followed =
        item + 1 < draft.prose.size() && draft.prose[item + 1].section == field.section;
    const int next_line =
        followed ? draft.prose[item + 1].position.line : std::numeric_limits<int>::max();
    return std::any_of(draft.code_blocks.begin(), draft.code_blocks.end(), [&](const CodeBlock& b) {
      return b.section == field.section && b.position.line > field.position.line &&
             b.position.line < next_line &&
             b.content.find_first_not_of(" \t\r\n") != std::string::npos &&
             !context.is_placeholder_code(field.section, b);
    });
  }

  void check_section(LintContext& context, int section) const {
    const IssueDocument& document = context.document();
    for (const int prose : document.sections[section].prose) {
      check_line(context, document.prose[prose]);
    }
  }

  // One line of the draft: reported when it is the template's text left as it was, or one of
  // the template's blank fields still blank.
  void check_line(LintContext& context, const Prose& prose) const {
    if (scope_.list_items_only && prose.kind != Prose::Kind::list_item) return;
    if (prose.key.empty() || prose.key == "no response") return;
    if (!context.is_placeholder_prose(prose.section, prose)) return;
    if (says_optional(prose.key) || applies_conditionally(prose.text)) return;
    const bool empty_field = is_lead_in(prose) && is_unanswered_field(context, prose);
    if (!empty_field && (context.is_prompt(prose) || is_lead_in(prose))) return;
    // Above the first heading, only the template's blank fields ask for an answer: its other
    // lines are as often a notice to keep ("- Search the open issues first").
    if (!empty_field && (scope_.fields_only || (scope_.preamble && prose.section == 0))) return;
    // A section left wholly unanswered is another rule's (section-empty) finding.
    if (scope_.when_answered && !context.has_written_content(prose.section)) return;
    if (empty_field) {
      context.report(info(), prose.section, prose.position,
                     message_or("field '" + shortened(field_label(prose)) + "' is not answered"),
                     help_or("write the answer after the colon or under it, or 'n/a'"));
      return;
    }
    context.report(
        info(), prose.section, prose.position,
        message_or("placeholder left as in the template: '" + shortened(prose.text) + "'"),
        help_or("replace it with the real information, or write 'n/a'"));
  }

  std::vector<SectionReference> sections_;
  PlaceholderScope scope_;
};

Result<RulePtr> make_placeholder_left(RuleInfo info, const YamlNode& entry,
                                      const std::string& source) {
  std::vector<SectionReference> sections;
  if (entry["sections"]) {
    auto names = yaml::read_string_list(entry["sections"], source, "sections");
    if (!names) return names.error();
    sections = std::vector<SectionReference>(names->begin(), names->end());
  }
  PlaceholderScope scope;
  for (auto [key, flag] :
       {std::pair{"list_items_only", &scope.list_items_only},
        std::pair{"when_answered", &scope.when_answered}, std::pair{"preamble", &scope.preamble},
        std::pair{"fields_only", &scope.fields_only}}) {
    if (!entry[key]) continue;
    auto value = yaml::read_bool(entry[key], source, key);
    if (!value) return value.error();
    *flag = *value;
  }
  return RulePtr(
      std::make_unique<PlaceholderLeftRule>(std::move(info), entry_text(entry, "message"),
                                            entry_text(entry, "help"), std::move(sections), scope));
}

}  // namespace

RuleKind placeholder_left_kind() {
  return RuleKind{"placeholder-left",
                  "the template's example text left as it was",
                  {"sections", "list_items_only", "when_answered", "preamble", "fields_only"},
                  make_placeholder_left,
                  {}};
}

}  // namespace issuelint
