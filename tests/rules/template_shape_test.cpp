// A draft kept in its template's shape (the template's headings: keys and parents; and its
// boxes: sections and keys) is checked from what the catalog computed on the template's own
// document (LintContext::adopt_template_shape(), TemplateCatalog::choose()). These tests hold
// those answers to the ones computed afresh, on every fixture draft and template and on edited
// copies of each, most of which keep the template's headings and many its boxes.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cctype>
#include <filesystem>
#include <string>
#include <vector>

#include "parser/normalize.h"
#include "rules/engine.h"
#include "rules/sql/migration_analysis.h"
#include "rules/template_catalog.h"
#include "tests/rules/rule_test_support.h"

using namespace issuelint;
using issuelint::testing::edited_draft;
using issuelint::testing::kFixtures;
using issuelint::testing::read_text;
using issuelint::testing::sampled;

namespace {

// Every fixture draft and template body, as text, then `copies` edited copies of each (fewer
// when the sweeps are sampled: test_sample()).
std::vector<std::string> draft_texts(int copies) {
  copies = std::max(1, copies / static_cast<int>(testing::test_sample()));
  std::vector<std::filesystem::path> paths;
  for (const char* folder : {"issues", "discuno", "templates", "templates/discuno"}) {
    for (const auto& entry : std::filesystem::directory_iterator(kFixtures / folder)) {
      if (entry.path().extension() == ".md") paths.push_back(entry.path());
    }
  }
  std::sort(paths.begin(), paths.end());
  std::vector<std::string> texts;
  for (const auto& path : paths) texts.push_back(read_text(path));
  const std::size_t originals = texts.size();
  for (std::size_t i = 0; i < originals; ++i) {
    for (int copy = 0; copy < copies; ++copy) {
      texts.push_back(edited_draft(texts[i], static_cast<unsigned>(i * 131 + copy), 1 + copy % 3));
    }
  }
  return texts;
}

// Every fixture template (the flagship, as written and as received, and a repository's set).
TemplateCatalog fixture_catalog() {
  auto catalog = TemplateCatalog::build(testing::fixture_templates(), nullptr);
  REQUIRE(catalog.ok());
  return std::move(*catalog);
}

std::vector<std::string> described(const LintResult& result) {
  std::vector<std::string> out;
  for (const Finding& f : result.findings) {
    out.push_back(f.rule + "|" + std::string(severity_name(f.severity)) + "|" + f.section + "|" +
                  std::to_string(f.line) + ":" + std::to_string(f.column) + "|" + f.message + "|" +
                  f.help);
  }
  for (const std::string& label : result.wanted_labels) out.push_back("label " + label);
  return out;
}

}  // namespace

TEST_CASE("A draft in its template's shape gets the findings a check without the index gives") {
  const TemplateCatalog catalog = fixture_catalog();
  const auto texts = draft_texts(12);
  std::size_t shaped = 0;
  std::size_t findings = 0;
  std::size_t compared = 0;
  for (const CatalogEntry& entry : catalog.entries()) {
    // The same template as another object: the catalog's index is not for it, so a check
    // computes every answer afresh.
    const IssueTemplate copy = entry.issue_template;
    for (const std::string& text : texts) {
      const IssueDocument document = parse_issue(text);
      const LintContext context(document, &entry.issue_template, std::nullopt, nullptr,
                                entry.rules.template_index.get(), entry.rules.references.get());
      shaped += context.has_every_template_heading() ? 1 : 0;
      for (const auto& title :
           {std::optional<std::string>("[DB] Add audit_log"), std::optional<std::string>()}) {
        const LintResult indexed = lint_issue(entry.rules, document, &entry.issue_template, title);
        const LintResult computed = lint_issue(entry.rules, document, &copy, title);
        INFO(entry.issue_template.source << "\n" << text);
        REQUIRE(described(indexed) == described(computed));
        findings += indexed.findings.size();
        ++compared;
      }
    }
  }
  CHECK(compared > sampled(10000));
  CHECK(shaped > sampled(1000));
  CHECK(findings > sampled(50000));
}

TEST_CASE(
    "Numbered references of a template's index find in its drafts what the definition finds") {
  const TemplateCatalog catalog = fixture_catalog();
  const auto texts = draft_texts(4);
  std::size_t sections_found = 0;
  std::size_t boxes_found = 0;
  for (const CatalogEntry& entry : catalog.entries()) {
    const IssueTemplate& issue_template = entry.issue_template;
    const IssueDocument& shape = issue_template.document;
    // Every heading by its title and by its path, and every box's name, label and first word,
    // plus names of nothing; each numbered, and the index built with their answers.
    std::vector<std::string> section_texts = {"Missing", "Missing > Missing"};
    for (int i = 1; i < static_cast<int>(shape.sections.size()); ++i) {
      section_texts.push_back(shape.sections[i].title.str());
      section_texts.push_back(shape.section_path(i));
    }
    std::vector<std::string> option_texts = {"Missing option", "Other"};
    for (const Checkbox& box : shape.checkboxes) {
      for (std::string option :
           {box.name.str(), box.label.str(), box.name.str().substr(0, box.name.find(' '))}) {
        if (std::find(option_texts.begin(), option_texts.end(), option) == option_texts.end()) {
          option_texts.push_back(std::move(option));
        }
      }
    }
    std::vector<SectionReference> sections(section_texts.begin(), section_texts.end());
    std::vector<OptionReference> options(option_texts.begin(), option_texts.end());
    auto numbered = std::make_shared<ReferenceTable>();
    ReferenceTable& table = *numbered;
    for (auto& reference : sections) table.number(reference);
    for (auto& option : options) table.number(option);
    const auto index = index_template(issue_template, numbered);
    // The sections the template's boxes lie in: where an option is first asked, so that the
    // answer kept from the template's document is the one read.
    std::vector<int> box_sections;
    for (const Checkbox& box : shape.checkboxes) {
      if (std::find(box_sections.begin(), box_sections.end(), box.section) == box_sections.end()) {
        box_sections.push_back(box.section);
      }
    }
    for (std::size_t at = 0; at < texts.size(); ++at) {
      const IssueDocument document = parse_issue(texts[at]);
      // Drafts that may have the template's headings, and every tenth of the others.
      if (document.sections.size() != shape.sections.size() && at % 10 != 0) continue;
      const LintContext context(document, &issue_template, std::nullopt, nullptr, index.get(),
                                &table);
      const LintContext plain(document, &issue_template, std::nullopt);
      std::size_t wrong = 0;
      for (const SectionReference& reference : sections) {
        const int expected = plain.find_section(reference.text());
        wrong += context.find_section(reference) != expected ? 1 : 0;
        sections_found += expected != kNoIndex ? 1 : 0;
      }
      const auto ask = [&](int section, const OptionReference& option) {
        const Checkbox* expected = plain.find_box(section, option.name());
        wrong += context.find_box(section, option) != expected ? 1 : 0;
        boxes_found += expected != nullptr ? 1 : 0;
      };
      for (const OptionReference& option : options) {
        for (const int section : box_sections) {
          if (section < static_cast<int>(document.sections.size())) ask(section, option);
        }
      }
      for (int section = kNoIndex; section < static_cast<int>(document.sections.size());
           ++section) {
        for (const OptionReference& option : options) ask(section, option);
      }
      INFO(issue_template.source << "\n" << texts[at]);
      REQUIRE(wrong == 0);
    }
  }
  CHECK(sections_found > sampled(10000));
  CHECK(boxes_found > sampled(10000));
}

TEST_CASE("A draft in its template's shape asks for no missing heading only when none is") {
  const TemplateCatalog catalog = fixture_catalog();
  const auto texts = draft_texts(4);
  std::size_t known = 0;
  for (const CatalogEntry& entry : catalog.entries()) {
    for (const std::string& text : texts) {
      const IssueDocument document = parse_issue(text);
      const LintContext context(document, &entry.issue_template, std::nullopt, nullptr,
                                entry.rules.template_index.get(), entry.rules.references.get());
      if (!context.has_every_template_heading()) continue;
      ++known;
      for (const SectionSpec& spec : entry.issue_template.sections) {
        if (spec.level <= 0) continue;
        const bool present =
            std::any_of(document.sections.begin() + 1, document.sections.end(),
                        [&](const Section& section) { return section.key == spec.key; });
        CHECK(present);
      }
    }
  }
  CHECK(known > sampled(300));
}

TEST_CASE("A draft in its template's shape finds the placeholder code its template's key finds") {
  const TemplateCatalog catalog = fixture_catalog();
  std::size_t shaped_blocks = 0;
  std::size_t placeholders = 0;
  for (const std::string& text : draft_texts(12)) {
    const IssueDocument document = parse_issue(text);
    for (const CatalogEntry& entry : catalog.entries()) {
      const IssueTemplate* shape = &entry.issue_template;
      const RuleSet& rules = entry.rules;
      // Without the catalog's index, the context builds its own and finds each section's
      // placeholder lines by the section's key.
      const LintContext by_key(document, shape, std::nullopt);
      const LintContext by_shape(document, shape, std::nullopt, nullptr, rules.template_index.get(),
                                 rules.references.get());
      const bool shaped = by_shape.has_every_template_heading();
      for (const CodeBlock& block : document.code_blocks) {
        if (block.section < 0) continue;  // no section to ask in
        const bool placeholder = by_shape.is_placeholder_code(block.section, block);
        INFO(shape->source << "\n" << text);
        REQUIRE(placeholder == by_key.is_placeholder_code(block.section, block));
        shaped_blocks += shaped ? 1 : 0;
        placeholders += shaped && placeholder ? 1 : 0;
      }
    }
  }
  CHECK(shaped_blocks > sampled(1000));
  CHECK(placeholders > sampled(100));
}

TEST_CASE("The sections the SQL analysis reads, numbered, are those their titles find") {
  const TemplateCatalog catalog = fixture_catalog();
  std::size_t found = 0;
  for (const std::string& text : draft_texts(4)) {
    const IssueDocument document = parse_issue(text);
    for (const CatalogEntry& entry : catalog.entries()) {
      const LintContext numbered(document, &entry.issue_template, std::nullopt, nullptr,
                                 entry.rules.template_index.get(), entry.rules.references.get());
      const LintContext by_title(document, &entry.issue_template, std::nullopt);
      const sql::MigrationAnalysis& analysis = numbered.migration();
      INFO(entry.issue_template.source << "\n" << text);
      REQUIRE(analysis.migration_section == by_title.find_section("Migration SQL"));
      REQUIRE(analysis.rollback_section == by_title.find_section("Rollback Script"));
      REQUIRE(analysis.schema_section == by_title.find_section("New Schema"));
      found += analysis.migration_section != kNoIndex ? 1 : 0;
    }
  }
  CHECK(found > sampled(1000));
}

// is_placeholder_code stops folding a line once its first 16 folded bytes start no example line.
// Held here to what the check means: the template's own code blocks are placeholders however
// their lines are cased and spaced, and a block whose first line departs from the example at
// any byte (before, at and past the 16th) is written.
TEST_CASE("An example line changed at any byte is written code and one re-spaced is not") {
  const TemplateCatalog catalog = fixture_catalog();
  std::size_t departures = 0;
  for (const CatalogEntry& entry : catalog.entries()) {
    const IssueTemplate& shape = entry.issue_template;
    for (const CodeBlock& block : shape.document.code_blocks) {
      const std::size_t line_end = block.content.find('\n');
      const std::string first = block.content.substr(0, line_end);
      if (first.find_first_not_of(" \t") == std::string::npos || first.size() < 4) continue;
      const std::string rest = line_end == std::string::npos ? "" : block.content.substr(line_end);
      const auto check_with_first_line = [&](const std::string& line, bool placeholder) {
        std::string body = shape.body;
        const std::size_t at = body.find(block.content);
        REQUIRE(at != std::string::npos);
        body.replace(at, block.content.size(), line + rest);
        const IssueDocument document = parse_issue(body);
        const LintContext context(document, &shape, std::nullopt, nullptr,
                                  entry.rules.template_index.get(), entry.rules.references.get());
        for (const CodeBlock& mine : document.code_blocks) {
          if (mine.content != line + rest) continue;
          INFO(shape.source << ": " << line);
          CHECK(context.is_placeholder_code(mine.section, mine) == placeholder);
        }
      };
      std::string upper = first;
      for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      check_with_first_line(upper, true);
      std::string spaced;
      for (const char c : first) spaced += c == ' ' ? std::string("  \t") : std::string(1, c);
      check_with_first_line(spaced, true);
      const std::size_t text_begin = first.find_first_not_of(" \t");
      for (std::size_t cut = text_begin + 1; cut <= first.size(); ++cut) {
        std::string changed = first;
        changed.insert(cut, "Zq9");
        check_with_first_line(changed, false);
        ++departures;
      }
    }
  }
  CHECK(departures > sampled(100));
}
