#include "rules/issue_reading.h"

#include <algorithm>

#include "parser/normalize.h"
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

// The section keys of the catalog's templates of bold-line parts.
std::vector<std::string> bold_part_keys(const TemplateCatalog& catalog) {
  std::vector<std::string> keys;
  for (const CatalogEntry& entry : catalog.entries()) {
    if (!entry.issue_template.bold_headings) continue;
    for (const SectionSpec& spec : entry.issue_template.sections) keys.push_back(spec.key);
  }
  return keys;
}

void read_bold_lines_as_headings(const TemplateCatalog& catalog,
                                 const std::optional<std::string>& title,
                                 const std::vector<std::string>& labels, IssueReading& reading) {
  if (!has_bold_heading_templates(catalog)) return;
  // Only the templates' own parts: an author's bold line ("**Steps:**", a bold sentence) is
  // part of the answer it sits in.
  const std::vector<std::string> keys = bold_part_keys(catalog);
  const auto is_part = [&keys](std::string_view bold) {
    return std::find(keys.begin(), keys.end(), section_key(bold)) != keys.end();
  };
  auto headed = bold_lines_as_headings(reading.document.text, is_part);
  if (!headed) return;
  IssueDocument document = reread(*headed, reading.document, catalog.known_texts());
  auto choice = catalog.choose(document, title, labels);
  if (!choice || !choice->entry->issue_template.bold_headings) return;
  if (reading.choice && reading.choice->score >= choice->score) return;
  reading.document = std::move(document);
  reading.choice = std::move(choice);
}

// Against an issue form, or a template of bold-line parts, only the template's own parts cut the
// body: any other heading sits in an answer.
void read_answers_whole(const TemplateCatalog& catalog, IssueReading& reading) {
  const IssueTemplate& chosen = reading.choice->entry->issue_template;
  const bool form = chosen.kind == TemplateKind::issue_form;
  if (!form && !chosen.bold_headings) return;
  const auto& sections = reading.document.sections;
  const auto names_part = [&chosen](const Section& section) {
    return std::any_of(chosen.sections.begin(), chosen.sections.end(),
                       [&](const SectionSpec& spec) {
                         return heading_key(chosen, spec.key) == std::string_view(section.key);
                       });
  };
  // GitHub writes a form field's label as `### Label`; a heading at another level that reads
  // the same ("INSTALLED VERSIONS" underlined in pasted output) is a label only when no `###`
  // one is.
  const auto is_part = [&](const Section& section) {
    if (!names_part(section)) return false;
    return !form || section.level == 3 ||
           std::none_of(sections.begin() + 1, sections.end(), [&](const Section& other) {
             return other.level == 3 && other.key == section.key;
           });
  };
  // A body with none of the template's parts was not written from it: nothing to keep apart.
  if (std::none_of(sections.begin() + 1, sections.end(), is_part)) return;
  if (auto answers = headings_as_text(reading.document, is_part)) {
    reading.document = reread(*answers, reading.document, catalog.known_texts());
  }
}

}  // namespace

IssueReading read_issue(const TemplateCatalog& catalog, std::string_view body,
                        const std::optional<std::string>& title,
                        const std::vector<std::string>& labels) {
  IssueReading reading;
  reading.document = parse_issue(body, &catalog.known_texts());
  reading.choice = catalog.choose(reading.document, title, labels);
  read_bold_lines_as_headings(catalog, title, labels, reading);
  if (reading.choice) {
    read_answers_whole(catalog, reading);
    // A form's fields whose labels share a key: each of the draft's headings is given its own.
    key_form_fields(reading.document, reading.choice->entry->issue_template);
  }
  return reading;
}

}  // namespace issuelint
