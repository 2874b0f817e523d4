// Rules resolve their section and option names once, when they are built (SectionReference,
// OptionReference); LintContext then compares keys. These tests hold both lookups, and the
// string ones the SQL rules call, to the definition they replace, on every fixture template and
// draft: a reference is split at '>', each part keyed by section_key(), and each part is the
// first heading with that key under the previous part's section; an option is matched by the
// normalize_key() of its name, else by a label that starts with its words. A catalog's
// precomputed template index must give the findings a check computes without it.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "parser/normalize.h"
#include "rules/engine.h"
#include "rules/kinds/sql_rule_support.h"
#include "rules/template_catalog.h"
#include "rules/template_rules.h"
#include "tests/rules/rule_test_support.h"

using namespace issuelint;
using issuelint::testing::fixture_drafts;
using issuelint::testing::fixture_templates;
using issuelint::testing::kFixtures;
using issuelint::testing::read_text;
using issuelint::testing::sampled;
using issuelint::testing::test_sample;
using issuelint::testing::trimmed;

namespace {

// The template's own document and every `stride`th draft.
std::vector<const IssueDocument*> documents_for(const IssueTemplate& issue_template,
                                                const std::vector<IssueDocument>& drafts,
                                                std::size_t stride) {
  std::vector<const IssueDocument*> documents = {&issue_template.document};
  const std::size_t step = stride * test_sample();
  for (std::size_t i = 0; i < drafts.size(); i += step) documents.push_back(&drafts[i]);
  return documents;
}

bool descends(const IssueDocument& document, int section, int ancestor) {
  for (int at = section; at != kNoIndex; at = document.sections[at].parent) {
    if (at == ancestor) return true;
  }
  return false;
}

// The first heading keyed `key` below `scope` (anywhere: kNoIndex); failing that, the first
// whose title less a closing "(...)" note has the key; failing that, the one heading spelt as a
// variant of it (is_spelling_variant) when the template has no section of that spelling.
int defined_heading(const IssueDocument& document, int scope, const std::string& key,
                    const IssueTemplate* issue_template = nullptr) {
  for (int i = 1; i < static_cast<int>(document.sections.size()); ++i) {
    if (scope != kNoIndex && !descends(document, i, scope)) continue;
    if (document.sections[i].key == key) return i;
  }
  for (int i = 1; i < static_cast<int>(document.sections.size()); ++i) {
    if (scope != kNoIndex && !descends(document, i, scope)) continue;
    const std::string title = document.sections[i].display_title.str();
    const auto open = title.rfind('(');
    if (title.empty() || title.back() != ')' || open == std::string::npos || open == 0) continue;
    if (section_key(title.substr(0, open)) == key) return i;
  }
  int variant = kNoIndex;
  if (document.sections.size() > LintContext::kMostHeadingsSpeltOtherwise) return kNoIndex;
  for (int i = 1; i < static_cast<int>(document.sections.size()); ++i) {
    if (scope != kNoIndex && !descends(document, i, scope)) continue;
    if (!is_spelling_variant(document.sections[i].key, key)) continue;
    const bool template_has_it =
        issue_template != nullptr &&
        std::any_of(issue_template->sections.begin(), issue_template->sections.end(),
                    [&](const SectionSpec& spec) { return spec.key == document.sections[i].key; });
    if (variant != kNoIndex || template_has_it) return kNoIndex;
    variant = i;
  }
  return variant;
}

// A path not found as a path: the one heading of its last key, when the draft has exactly one
// (else, with none, the first with an author's note) and the template no two sections of it.
int defined_only_heading(const IssueDocument& document, const IssueTemplate* issue_template,
                         const std::string& key) {
  const auto headings = std::count_if(document.sections.begin() + 1, document.sections.end(),
                                      [&](const Section& section) { return section.key == key; });
  if (headings > 1) return kNoIndex;
  if (issue_template != nullptr &&
      std::count_if(issue_template->sections.begin(), issue_template->sections.end(),
                    [&](const SectionSpec& spec) { return spec.key == key; }) > 1) {
    return kNoIndex;
  }
  return defined_heading(document, kNoIndex, key, issue_template);
}

// The definition, computed afresh.
int defined_section(const IssueDocument& document, std::string_view reference,
                    const IssueTemplate* issue_template = nullptr) {
  std::vector<std::string> keys;
  std::size_t start = 0;
  while (start <= reference.size()) {
    const auto end = reference.find('>', start);
    const auto part = trimmed(reference.substr(
        start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (!part.empty()) keys.push_back(section_key(part));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  if (keys.empty()) return kNoIndex;
  int scope = kNoIndex;
  for (const auto& key : keys) {
    scope = defined_heading(document, scope, key, issue_template);
    if (scope == kNoIndex) {
      return keys.size() < 2 ? kNoIndex
                             : defined_only_heading(document, issue_template, keys.back());
    }
  }
  return scope;
}

const Checkbox* defined_box(const IssueDocument& document, int section, std::string_view option) {
  const std::string key = normalize_key(option);
  if (section == kNoIndex || key.empty()) return nullptr;
  for (const auto& box : document.checkboxes) {
    if (box.key == key && descends(document, box.section, section)) return &box;
  }
  for (const auto& box : document.checkboxes) {
    if (descends(document, box.section, section) && key_starts_with_words(box.label, key)) {
      return &box;
    }
  }
  return nullptr;
}

std::string upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

// Every way a pack or a configuration may name the template's sections, and some that name
// nothing: titles as written, display titles, paths, emoji, markup, hints, case, missing parts.
std::vector<std::string> references_to(const IssueTemplate& issue_template) {
  std::vector<std::string> references = {
      "", " > ", ">", "Missing", "Missing > Missing", "Schema Changes >> Migration SQL"};
  const IssueDocument& document = issue_template.document;
  for (int i = 1; i < static_cast<int>(document.sections.size()); ++i) {
    const Section& section = document.sections[i];
    const std::string shown = section.display_title.str();
    const std::string path = document.section_path(i);
    for (const std::string& reference :
         {section.title.str(), shown, path, "🗄️ **" + shown + "**", shown + " (if applicable)",
          upper(shown), "  " + shown + ":  ", "Missing > " + shown, path + " > Missing",
          shown + " > " + shown, "*" + path + "*", shown + " (thread 1)"}) {
      references.push_back(reference);
    }
  }
  return references;
}

std::vector<std::string> options_of(const IssueTemplate& issue_template) {
  std::vector<std::string> options = {"", "Missing option", "!!"};
  for (const Checkbox& box : issue_template.document.checkboxes) {
    const std::string first_word = box.name.str().substr(0, box.name.find(' '));
    for (const std::string& option : {box.name.str(), box.label.str(), "**" + box.name.str() + "**",
                                      upper(box.name.str()), first_word}) {
      options.push_back(option);
    }
  }
  return options;
}

// Calls check(template, document, plain, indexed) for every fixture template, on its own
// document and every `stride`th draft: `plain` is a context without the template's index,
// `indexed` one with it.
template <typename Check>
void over_fixtures(std::size_t stride, Check check) {
  const auto templates = fixture_templates();
  const auto drafts = fixture_drafts();
  REQUIRE(templates.size() >= 10);
  REQUIRE(drafts.size() >= 50);
  for (const IssueTemplate& issue_template : templates) {
    const auto index = index_template(issue_template);
    for (const IssueDocument* document : documents_for(issue_template, drafts, stride)) {
      const LintContext plain(*document, &issue_template, std::nullopt);
      const LintContext indexed(*document, &issue_template, std::nullopt, nullptr, index.get());
      check(issue_template, *document, plain, indexed);
    }
  }
}

// Every field of every finding, to compare two runs.
std::vector<std::string> described(const std::vector<Finding>& findings) {
  std::vector<std::string> out;
  for (const Finding& f : findings) {
    out.push_back(f.rule + "|" + std::string(severity_name(f.severity)) + "|" + f.section + "|" +
                  std::to_string(f.line) + ":" + std::to_string(f.column) + "|" + f.message + "|" +
                  f.help);
  }
  return out;
}

}  // namespace

TEST_CASE("Resolved and string section references find what the definition finds") {
  std::size_t found = 0;
  std::size_t missing = 0;
  std::vector<std::string> wrong;
  over_fixtures(1, [&](const IssueTemplate& issue_template, const IssueDocument& document,
                       const LintContext& plain, const LintContext& indexed) {
    const auto references = references_to(issue_template);
    for (const std::string& reference : references) {
      const int expected = defined_section(document, reference, &issue_template);
      // Strings twice: the context keeps what it keyed.
      if (plain.find_section(SectionReference(reference)) != expected ||
          plain.find_section(reference) != expected || plain.find_section(reference) != expected ||
          indexed.find_section(reference) != expected) {
        wrong.push_back(issue_template.source + ": '" + reference + "'");
      }
      (expected == kNoIndex ? missing : found) += 1;
    }
  });
  CHECK(wrong == std::vector<std::string>{});
  // The inputs exercise both outcomes, paths included.
  CHECK(found > sampled(1000));
  CHECK(missing > sampled(1000));
}

TEST_CASE("Resolved and string options find the box the definition finds") {
  std::size_t found = 0;
  std::size_t ticked = 0;
  std::vector<std::string> wrong;
  // Every fifth draft: boxes ticked and not, reworded, missing.
  over_fixtures(5, [&](const IssueTemplate& issue_template, const IssueDocument& document,
                       const LintContext& plain, const LintContext& indexed) {
    const auto options = options_of(issue_template);
    const std::vector<OptionReference> resolved(options.begin(), options.end());
    for (int section = kNoIndex; section < static_cast<int>(document.sections.size()); ++section) {
      for (std::size_t i = 0; i < options.size(); ++i) {
        const Checkbox* expected = defined_box(document, section, options[i]);
        if (plain.find_box(section, resolved[i]) != expected ||
            plain.find_box(section, options[i]) != expected ||
            plain.find_box(section, options[i]) != expected ||
            indexed.find_box(section, options[i]) != expected ||
            plain.is_ticked(section, options[i]) != (expected && expected->checked)) {
          wrong.push_back(issue_template.source + ": section " + std::to_string(section) + ", '" +
                          options[i] + "'");
        }
        found += expected != nullptr ? 1 : 0;
        ticked += expected != nullptr && expected->checked ? 1 : 0;
      }
    }
  });
  CHECK(wrong == std::vector<std::string>{});
  CHECK(found > sampled(1000));
  CHECK(ticked > sampled(100));
}

TEST_CASE("Numbered references find what the definition finds, asked again and by three tables") {
  std::size_t sections_found = 0;
  std::size_t boxes_found = 0;
  std::vector<std::string> wrong;
  over_fixtures(5, [&](const IssueTemplate& issue_template, const IssueDocument& document,
                       const LintContext& plain, const LintContext&) {
    const auto references = references_to(issue_template);
    const auto options = options_of(issue_template);
    // Each text twice, so that equal keys share a slot; the same references numbered by two
    // more tables: a context keeps slots for two, so the third table's are looked up afresh.
    std::vector<SectionReference> sections;
    for (int copy = 0; copy < 2; ++copy) {
      for (const std::string& reference : references) sections.emplace_back(reference);
    }
    std::vector<SectionReference> second = sections;
    std::vector<SectionReference> third = sections;
    std::vector<OptionReference> boxes(options.begin(), options.end());
    ReferenceTable tables[4];
    for (auto& reference : sections) tables[0].number(reference);
    for (auto& reference : second) tables[1].number(reference);
    for (auto& reference : third) tables[2].number(reference);
    for (auto& option : boxes) tables[3].number(option);
    const LintContext boxes_context(document, &issue_template, std::nullopt);
    for (int round = 0; round < 2; ++round) {
      for (std::size_t i = 0; i < sections.size(); ++i) {
        const int expected =
            defined_section(document, references[i % references.size()], &issue_template);
        if (plain.find_section(sections[i]) != expected ||
            plain.find_section(second[i]) != expected || plain.find_section(third[i]) != expected) {
          wrong.push_back(issue_template.source + ": '" + sections[i].text() + "'");
        }
        sections_found += expected != kNoIndex ? 1 : 0;
      }
      // Every option in every section, then the other way round: a slot asked in another
      // section than the last must look again.
      for (int section = kNoIndex; section < static_cast<int>(document.sections.size());
           ++section) {
        for (std::size_t i = 0; i < boxes.size(); ++i) {
          const int at =
              round == 0 ? section : static_cast<int>(document.sections.size()) - 2 - section;
          const Checkbox* expected = defined_box(document, at, options[i]);
          // Twice: the second answer comes from the slot.
          if (boxes_context.find_box(at, boxes[i]) != expected ||
              boxes_context.find_box(at, boxes[i]) != expected) {
            wrong.push_back(issue_template.source + ": section " + std::to_string(at) + ", '" +
                            options[i] + "'");
          }
          boxes_found += expected != nullptr ? 1 : 0;
        }
      }
    }
  });
  CHECK(wrong == std::vector<std::string>{});
  CHECK(sections_found > sampled(1000));
  CHECK(boxes_found > sampled(1000));
}

TEST_CASE("A catalog's numbered rules report what the same rules report unnumbered") {
  auto templates = load_template_dir((kFixtures / "templates/discuno").string());
  REQUIRE(templates.ok());
  auto flagship = load_template_file((kFixtures / "templates/db-migration.md").string());
  REQUIRE(flagship.ok());
  templates->push_back(std::move(*flagship));
  auto catalog = TemplateCatalog::build(std::move(*templates), nullptr);
  REQUIRE(catalog.ok());
  const auto drafts = fixture_drafts();
  std::size_t findings = 0;
  std::size_t labels = 0;
  for (const CatalogEntry& entry : catalog->entries()) {
    INFO(entry.issue_template.source);
    REQUIRE(entry.rules.references != nullptr);
    auto unnumbered = entry.rules.name == "generic" ? derive_rules(entry.issue_template)
                                                    : load_builtin_pack(entry.rules.name);
    REQUIRE(unnumbered.ok());
    REQUIRE(unnumbered->references == nullptr);
    unnumbered->template_index = entry.rules.template_index;
    for (const IssueDocument& draft : drafts) {
      const auto numbered = lint_issue(entry.rules, draft, &entry.issue_template, "[DB] title");
      const auto computed = lint_issue(*unnumbered, draft, &entry.issue_template, "[DB] title");
      CHECK(described(numbered.findings) == described(computed.findings));
      CHECK(numbered.wanted_labels == computed.wanted_labels);
      findings += numbered.findings.size();
      labels += numbered.wanted_labels.size();
    }
  }
  CHECK(findings > sampled(1000));
  CHECK(labels > sampled(50));
}

TEST_CASE("A catalog of templates loaded at run time indexes each one, and checks find the same") {
  auto templates = load_template_dir((kFixtures / "templates/discuno").string());
  REQUIRE(templates.ok());
  const std::vector<IssueTemplate> copies = *templates;  // other objects: no index of their own
  auto catalog = TemplateCatalog::build(std::move(*templates), nullptr);
  REQUIRE(catalog.ok());
  const auto drafts = fixture_drafts();
  std::size_t findings = 0;
  for (const CatalogEntry& entry : catalog->entries()) {
    INFO(entry.issue_template.source);
    REQUIRE(entry.rules.template_index != nullptr);
    const auto copy = std::find_if(copies.begin(), copies.end(), [&](const IssueTemplate& t) {
      return t.source == entry.issue_template.source;
    });
    REQUIRE(copy != copies.end());
    for (const IssueDocument& draft : drafts) {
      const auto indexed = lint_issue(entry.rules, draft, &entry.issue_template, "[X] title");
      const auto computed = lint_issue(entry.rules, draft, &*copy, "[X] title");
      CHECK(described(indexed.findings) == described(computed.findings));
      CHECK(indexed.wanted_labels == computed.wanted_labels);
      findings += indexed.findings.size();
    }
  }
  CHECK(findings > sampled(100));
}

namespace {

std::vector<const Checkbox*> defined_boxes(const IssueDocument& document, int section,
                                           bool include_subsections) {
  std::vector<const Checkbox*> boxes;
  for (const auto& box : document.checkboxes) {
    const bool in = include_subsections
                        ? section != kNoIndex && descends(document, box.section, section)
                        : box.section == section;
    if (in) boxes.push_back(&box);
  }
  return boxes;
}

// Every section's boxes, with and without sub-sections, and a few options looked up in each.
std::vector<std::string> box_lookups_differing(const IssueDocument& document) {
  std::vector<std::string> wrong;
  const LintContext context(document, nullptr, std::nullopt);
  for (int section = kNoIndex; section <= static_cast<int>(document.sections.size()); ++section) {
    for (bool include : {false, true}) {
      if (context.boxes_in(section, include) != defined_boxes(document, section, include)) {
        wrong.push_back("boxes_in(" + std::to_string(section) + ", " + std::to_string(include) +
                        ")");
      }
    }
    for (const Checkbox& box : document.checkboxes) {
      if (context.find_box(section, box.name) != defined_box(document, section, box.name)) {
        wrong.push_back("find_box(" + std::to_string(section) + ", '" + box.name.str() + "')");
      }
    }
  }
  return wrong;
}

}  // namespace

TEST_CASE("Boxes of a section are those the definition finds, in order or not") {
  std::size_t documents = 0;
  for (IssueDocument& document : fixture_drafts()) {
    if (document.checkboxes.size() < 4 || document.sections.size() < 4) continue;
    ++documents;
    CHECK(box_lookups_differing(document) == std::vector<std::string>{});
    // Boxes out of document order: the look-ups may no longer assume it.
    IssueDocument shuffled = document;
    std::reverse(shuffled.checkboxes.begin(), shuffled.checkboxes.end());
    CHECK(box_lookups_differing(shuffled) == std::vector<std::string>{});
    // A section whose parent lies before an unrelated section: sub-sections out of order.
    IssueDocument reparented = document;
    reparented.sections.back().parent = 1;
    CHECK(box_lookups_differing(reparented) == std::vector<std::string>{});
  }
  CHECK(documents > sampled(20));
}

// Where each section's boxes begin is noted in one pass over the boxes (index_boxes()): in order
// with runs of sections that have none, first and last sections included, and out of order when
// one box lies before the preamble's or goes back a section.
TEST_CASE("Box ranges hold the definition's boxes when whole runs of sections have none") {
  std::size_t documents = 0;
  for (const IssueDocument& draft : fixture_drafts()) {
    if (draft.checkboxes.size() < 4 || draft.sections.size() < 4) continue;
    ++documents;
    const auto count = static_cast<int>(draft.sections.size());
    std::vector<IssueDocument> variants(5, draft);
    // In order: all in the preamble, all in the last section, split between the two.
    for (Checkbox& box : variants[0].checkboxes) box.section = 0;
    for (Checkbox& box : variants[1].checkboxes) box.section = count - 1;
    for (std::size_t i = 0; i < draft.checkboxes.size(); ++i) {
      variants[2].checkboxes[i].section = i < draft.checkboxes.size() / 2 ? 0 : count - 1;
    }
    // Out of order: a box in no section, a box back in the preamble after later ones.
    variants[3].checkboxes.front().section = kNoIndex;
    variants[4].checkboxes.back().section = 0;
    for (const IssueDocument& variant : variants) {
      CHECK(box_lookups_differing(variant) == std::vector<std::string>{});
    }
  }
  CHECK(documents > sampled(20));
}

namespace {

// Whether inside() and the boxes of every section answer as the parents say, for each pair.
std::size_t insides_differing(const IssueDocument& document) {
  const LintContext context(document, nullptr, std::nullopt);
  std::size_t wrong = 0;
  const auto count = static_cast<int>(document.sections.size());
  for (int section = 0; section < count; ++section) {
    for (int element = 0; element < count; ++element) {
      if (context.inside(element, section, true) != descends(document, element, section)) ++wrong;
    }
  }
  return wrong + box_lookups_differing(document).size();
}

}  // namespace

// index_sections() finds each subtree's end in one pass when sections nest in order, and walks
// the parents when they do not: both against the parents themselves. A parent always precedes its
// sub-sections, as the parser writes them (inside() relies on it).
TEST_CASE("A section holds the sections below it, nested in order or not") {
  std::minstd_rand random(7);
  std::size_t documents = 0;
  for (const IssueDocument& draft : fixture_drafts()) {
    if (draft.sections.size() < 4) continue;
    ++documents;
    CHECK(insides_differing(draft) == 0);
    const auto count = static_cast<int>(draft.sections.size());
    const int rounds = std::max(1, 8 / static_cast<int>(test_sample()));
    for (int round = 0; round < rounds; ++round) {
      // Nested in order: each parent is the section before or one of its ancestors.
      IssueDocument nested = draft;
      for (int at = 1; at < count; ++at) {
        int parent = at - 1;
        for (int up = static_cast<int>(random() % 4); up > 0 && parent > 0; --up) {
          parent = nested.sections[parent].parent;
        }
        if (parent == kNoIndex) parent = 0;
        nested.sections[at].parent = parent;
      }
      CHECK(insides_differing(nested) == 0);
      // Any earlier section as parent: mostly out of order.
      IssueDocument any = draft;
      for (int at = 1; at < count; ++at) any.sections[at].parent = static_cast<int>(random() % at);
      CHECK(insides_differing(any) == 0);
    }
  }
  CHECK(documents > sampled(20));
}

// A rule set's table adopts the SQL rules' wording table (ReferenceTable::adopt): a context given
// the rule set's table answers the wording's references from the rule set's slots, shared with
// the rule set's own references of the same keys, and each as the definition says.
TEST_CASE("References of an adopted table find what the definition finds, in shared slots") {
  const sql_rules::MigrationWording& wording = sql_rules::wording();
  const std::vector<const SectionReference*> wording_sections = {
      &wording.migration_sql,  &wording.rollback_script, &wording.tables_affected,
      &wording.migration_type, &wording.rollback_plan,   &wording.performance};
  const std::vector<const OptionReference*> wording_options = {
      &wording.new_table, &wording.deprecation, &wording.non_breaking,
      &wording.automatically_reversible, &wording.indexes_needed};
  std::size_t found = 0;
  std::vector<std::string> wrong;
  over_fixtures(3, [&](const IssueTemplate& issue_template, const IssueDocument& document,
                       const LintContext&, const LintContext&) {
    // The rule set's own references: some with the wording's keys, numbered before and after.
    std::vector<SectionReference> sections;
    for (const std::string& reference : references_to(issue_template)) {
      sections.emplace_back(reference);
    }
    sections.emplace_back("Migration SQL");
    std::vector<OptionReference> options;
    for (const std::string& option : options_of(issue_template)) options.emplace_back(option);
    options.emplace_back("Indexes needed");
    ReferenceTable table;
    for (std::size_t i = 0; i < sections.size() / 2; ++i) table.number(sections[i]);
    table.adopt(wording.table());
    for (std::size_t i = sections.size() / 2; i < sections.size(); ++i) table.number(sections[i]);
    for (auto& option : options) table.number(option);
    const LintContext context(document, &issue_template, std::nullopt, nullptr, nullptr, &table);
    for (int round = 0; round < 2; ++round) {
      for (const SectionReference* reference : wording_sections) {
        if (context.find_section(*reference) !=
            defined_section(document, reference->text(), &issue_template)) {
          wrong.push_back(issue_template.source + ": '" + reference->text() + "'");
        }
      }
      for (const SectionReference& reference : sections) {
        const int expected = defined_section(document, reference.text(), &issue_template);
        if (context.find_section(reference) != expected) {
          wrong.push_back(issue_template.source + ": own '" + reference.text() + "'");
        }
        found += expected != kNoIndex ? 1 : 0;
      }
      for (int at = kNoIndex; at < static_cast<int>(document.sections.size()); ++at) {
        for (const OptionReference* option : wording_options) {
          if (context.find_box(at, *option) != defined_box(document, at, option->name())) {
            wrong.push_back(issue_template.source + ": " + std::to_string(at) + " '" +
                            option->name() + "'");
          }
        }
        for (const OptionReference& option : options) {
          const Checkbox* expected = defined_box(document, at, option.name());
          if (context.find_box(at, option) != expected) {
            wrong.push_back(issue_template.source + ": " + std::to_string(at) + " own '" +
                            option.name() + "'");
          }
          found += expected != nullptr ? 1 : 0;
        }
      }
    }
  });
  CHECK(wrong == std::vector<std::string>{});
  CHECK(found > sampled(1000));
  // Adopted slots are the table's own for the same keys, new ones past them for the rest.
  ReferenceTable table;
  SectionReference migration_sql("Migration SQL");
  OptionReference new_table("New Table");
  table.number(migration_sql);
  table.number(new_table);
  table.adopt(wording.table());
  const std::uint32_t* shared = table.adopted_slot(&wording.table(), wording.migration_sql.slot());
  REQUIRE(shared != nullptr);
  CHECK(*shared == migration_sql.slot());
  CHECK(*table.adopted_slot(&wording.table(), wording.new_table.slot()) == new_table.slot());
  CHECK(*table.adopted_slot(&wording.table(), wording.rollback_script.slot()) >= 2);
  CHECK(table.size() == wording.table().size());
  CHECK(table.adopted_slot(&table, 0) == nullptr);
}

// find_below() visits only the headings whose key fingerprints share a bucket, in document order.
// Many headings, the same keys under many parents and keys alike but for one byte (long chains,
// shared buckets): the first heading the definition finds, for every path, however many there are.
TEST_CASE("Section look-ups among many headings of repeated keys find what the definition finds") {
  for (const int parts : {1, 3, 40, 300}) {
    std::string draft;
    for (int part = 0; part < parts; ++part) {
      draft += "## Part " + std::to_string(part) + "\n\n### Notes\n\ntext\n\n### Migration SQL\n\n";
      draft += "#### Notes\n\n### Note " + std::to_string(part % 7) + "\n\n";
    }
    const IssueDocument document = parse_issue(draft);
    REQUIRE(document.sections.size() == static_cast<std::size_t>(parts) * 5 + 1);
    std::vector<std::string> references = {"Notes",  "Migration SQL > Notes", "Note 3", "Part 0",
                                           "Absent", "Notes > Absent"};
    for (int part = 0; part < parts + 2; part += 1 + parts / 9) {
      const std::string name = "Part " + std::to_string(part);
      for (const char* below : {" > Notes", " > Migration SQL > Notes", " > Note 6", " > Part 1"}) {
        references.push_back(name + below);
      }
    }
    const LintContext context(document, nullptr, std::nullopt);
    std::vector<std::string> wrong;
    std::size_t found = 0;
    for (const std::string& reference : references) {
      const int expected = defined_section(document, reference);
      found += expected != kNoIndex ? 1 : 0;
      if (context.find_section(SectionReference(reference)) != expected) {
        wrong.push_back(std::to_string(parts) + " parts: '" + reference + "'");
      }
    }
    CHECK(wrong == std::vector<std::string>{});
    CHECK(found >= 5);
  }
}
