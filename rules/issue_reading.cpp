#include "rules/issue_reading.h"

#include <algorithm>

#include "parser/reshape.h"
#include "parser/template.h"

namespace issuelint {

namespace {

bool has_bold_heading_templates(const TemplateCatalog& catalog) {
  return std::any_of(catalog.entries().begin(), catalog.entries().end(),
                     [](const CatalogEntry& entry) { return entry.issue_template.bold_headings; });
}

// Reads `text` (a document's text, already cleaned) again, keeping what the first reading
// noted about the raw body (the rewrites keep every position, so the notes still apply).
IssueDocument reread(std::string_view text, const IssueDocument& first, const KnownTexts& known) {
  IssueDocument again = parse_issue(text, &known);
  again.notes = first.notes;
  return again;
}

void read_bold_lines_as_headings(const TemplateCatalog& catalog,
                                 const std::optional<std::string>& title, IssueReading& reading) {
  if (!has_bold_heading_templates(catalog)) return;
  auto headed = bold_lines_as_headings(reading.document.text);
  if (!headed) return;
  IssueDocument document = reread(*headed, reading.document, catalog.known_texts());
  auto choice = catalog.choose(document, title);
  if (!choice || !choice->entry->issue_template.bold_headings) return;
  if (reading.choice && reading.choice->score >= choice->score) return;
  reading.document = std::move(document);
  reading.choice = std::move(choice);
}

void read_form_answers_whole(const TemplateCatalog& catalog, IssueReading& reading) {
  const IssueTemplate& form = reading.choice->entry->issue_template;
  if (form.kind != TemplateKind::issue_form) return;
  const auto& sections = reading.document.sections;
  const auto names_field = [&form](const Section& section) {
    return std::any_of(form.sections.begin(), form.sections.end(),
                       [&](const SectionSpec& spec) { return spec.key == section.key; });
  };
  // GitHub writes a field's label as `### Label`; a heading at another level that reads the same
  // ("INSTALLED VERSIONS" underlined in pasted output) is a label only when no `###` one is.
  const auto is_label = [&](const Section& section) {
    if (!names_field(section)) return false;
    return section.level == 3 ||
           std::none_of(sections.begin() + 1, sections.end(), [&](const Section& other) {
             return other.level == 3 && other.key == section.key;
           });
  };
  // A body with none of the form's labels was not written from it: nothing to keep apart.
  if (std::none_of(sections.begin() + 1, sections.end(), is_label)) return;
  if (auto answers = headings_as_text(reading.document, is_label)) {
    reading.document = reread(*answers, reading.document, catalog.known_texts());
  }
}

}  // namespace

IssueReading read_issue(const TemplateCatalog& catalog, std::string_view body,
                        const std::optional<std::string>& title) {
  IssueReading reading;
  reading.document = parse_issue(body, &catalog.known_texts());
  reading.choice = catalog.choose(reading.document, title);
  read_bold_lines_as_headings(catalog, title, reading);
  if (reading.choice) read_form_answers_whole(catalog, reading);
  return reading;
}

}  // namespace issuelint
