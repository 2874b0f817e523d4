// TemplateCatalog::choose() reads keys it computed when the catalog was built. This test holds
// its choice, score and reason to the definition, computed afresh, on every fixture draft under
// several titles: the Dice share of distinct section keys, plus 0.5 for the template's title
// prefix; of the best, one whose prefix the title has exactly, then the one with more of the
// draft's headings at its own levels, else the first.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "parser/normalize.h"
#include "parser/title_prefix.h"
#include "rules/template_catalog.h"
#include "tests/rules/rule_test_support.h"

using namespace issuelint;
using issuelint::testing::kFixtures;
using issuelint::testing::read_text;
using issuelint::testing::trimmed;

namespace {

struct Expected {
  const CatalogEntry* entry = nullptr;
  double score = 0;
  std::string reason;
};

// The draft's headings that have a section of the template at their level and of their key.
std::size_t headings_at_template_level(const IssueTemplate& issue_template,
                                       const IssueDocument& document) {
  std::set<std::pair<int, std::string>> levels;
  for (const auto& spec : issue_template.sections) {
    levels.emplace(spec.level, std::string(heading_key(issue_template, spec.key)));
  }
  std::size_t count = 0;
  for (std::size_t i = 1; i < document.sections.size(); ++i) {
    const Section& heading = document.sections[i];
    count += levels.count({heading.level, std::string(heading.key)});
  }
  return count;
}

Expected defined_choice(const TemplateCatalog& catalog, const IssueDocument& document,
                        const std::optional<std::string>& title) {
  std::set<std::string> issue_keys;
  for (std::size_t i = 1; i < document.sections.size(); ++i) {
    issue_keys.emplace(document.sections[i].key);
  }
  Expected best;
  bool best_exact = false;
  for (const CatalogEntry& entry : catalog.entries()) {
    std::set<std::string> template_keys;
    for (const auto& spec : entry.issue_template.sections) {
      // A template's title heading counts only where the draft kept it.
      const std::string key(heading_key(entry.issue_template, spec.key));
      if (!spec.is_title || issue_keys.count(key) != 0) template_keys.insert(key);
    }
    int found = 0;
    for (const auto& key : template_keys) found += issue_keys.count(key) ? 1 : 0;
    const int total = static_cast<int>(template_keys.size() + issue_keys.size());
    // The title up to its placeholder ("[BUG]: " of "[BUG]: <title>") is what routes.
    const std::string_view title_prefix =
        split_title(entry.issue_template.front_matter.title).prefix;
    const std::string prefix(trimmed(title_prefix));
    const std::string prefix_key = normalize_key(title_prefix);
    const bool has_prefix = title && !prefix_key.empty() &&
                            normalize_key(trimmed(*title).substr(0, prefix.size())) == prefix_key;
    const bool exact = has_prefix && trimmed(*title).starts_with(prefix);
    const double score = (total == 0 ? 0.0 : 2.0 * found / total) + (has_prefix ? 0.5 : 0.0);
    if (best.entry != nullptr && score < best.score) continue;
    // A tie: the exact prefix, then the headings at the template's levels, then file order.
    if (best.entry != nullptr && score == best.score) {
      if (exact != best_exact && !exact) continue;
      if (exact == best_exact &&
          headings_at_template_level(entry.issue_template, document) <=
              headings_at_template_level(best.entry->issue_template, document)) {
        continue;
      }
    }
    best_exact = exact;
    best.entry = &entry;
    best.score = score;
    best.reason = std::to_string(found) + "/" + std::to_string(template_keys.size()) + " sections";
    if (has_prefix) best.reason = "title prefix '" + prefix + "' and " + best.reason;
  }
  return best;
}

// choose()'s answer, checked against the definition's.
std::optional<TemplateChoice> checked_choice(const TemplateCatalog& catalog,
                                             const IssueDocument& document,
                                             const std::optional<std::string>& title) {
  const Expected expected = defined_choice(catalog, document, title);
  auto choice = catalog.choose(document, title);
  if (expected.score < 0.3) {
    CHECK_FALSE(choice);
    return choice;
  }
  REQUIRE(choice);
  CHECK(choice->entry == expected.entry);
  CHECK(choice->score == expected.score);
  CHECK(choice->reason == expected.reason);
  return choice;
}

}  // namespace

TEST_CASE("choose picks, scores and explains a template as the definition does") {
  auto templates = load_template_dir((kFixtures / "templates/discuno").string());
  REQUIRE(templates.ok());
  auto catalog = TemplateCatalog::build(std::move(*templates), nullptr);
  REQUIRE(catalog.ok());
  REQUIRE(catalog->entries().size() > 3);
  std::vector<std::optional<std::string>> titles = {
      std::nullopt, "", "  [DB] add table", "[BUG] crash", "[Feature]: x", "no prefix"};
  for (const auto& entry : catalog->entries()) {
    titles.push_back(entry.issue_template.front_matter.title + " something");
  }
  std::size_t with_prefix = 0;
  std::size_t compared = 0;
  for (const auto* folder : {"issues", "discuno"}) {
    for (const auto& file : std::filesystem::directory_iterator(kFixtures / folder)) {
      if (file.path().extension() != ".md") continue;
      const IssueDocument document = parse_issue(read_text(file.path()));
      for (const auto& title : titles) {
        INFO(file.path().filename().string() << " titled '" << title.value_or("(none)") << "'");
        const auto choice = checked_choice(*catalog, document, title);
        if (!choice) continue;
        with_prefix += choice->reason.starts_with("title prefix") ? 1 : 0;
        ++compared;
      }
    }
  }
  CHECK(compared > 300);
  CHECK(with_prefix > 50);
}

namespace {

// Drafts of `issue_template`'s headings: as written, each thrice, each with its middle letter
// changed (a key of the same length, first and last eight bytes as a template key: the same
// fingerprint, another key), and among headings the template lacks, distinct and repeated.
std::vector<std::string> heading_drafts(const IssueTemplate& issue_template) {
  std::string as_written;
  std::string thrice;
  std::string changed;
  std::string among_others;
  for (std::size_t i = 0; i < issue_template.sections.size(); ++i) {
    const std::string title = issue_template.document.sections[i + 1].title.str();
    std::string middle = title;
    if (!middle.empty()) middle[middle.size() / 2] = middle[middle.size() / 2] == 'q' ? 'z' : 'q';
    as_written += "## " + title + "\n\n";
    for (int copy = 0; copy < 3; ++copy) thrice += "## " + title + "\n\n";
    changed += "## " + middle + "\n\n";
    among_others += "## Unknown " + std::to_string(i) + "\n\n## Unknown again\n\n## " + title +
                    "\n\n## " + middle + "\n\n";
  }
  return {as_written, thrice, changed, among_others, as_written + changed};
}

}  // namespace

TEST_CASE("choose counts repeated, unknown and near-miss headings as the definition does") {
  auto templates = load_template_dir((kFixtures / "templates/discuno").string());
  REQUIRE(templates.ok());
  // Two headings of one fingerprint: the same length, first and last eight bytes.
  templates->push_back(testing::make_template(
      "## Rollout plan A for users\n\nx\n\n## Rollout plan B for users\n\ny\n\n## Notes\n\nz\n",
      "near-miss"));
  auto catalog = TemplateCatalog::build(std::move(*templates), nullptr);
  REQUIRE(catalog.ok());
  std::size_t compared = 0;
  for (const CatalogEntry& entry : catalog->entries()) {
    for (const std::string& draft : heading_drafts(entry.issue_template)) {
      INFO(entry.issue_template.source << ":\n" << draft);
      const IssueDocument document = parse_issue(draft);
      compared += checked_choice(*catalog, document, std::nullopt) ? 1 : 0;
    }
  }
  CHECK(compared > 30);
}

// A template of many headings alike but for a number: choose()'s key table (at most half full)
// must probe past the entries of other keys to every heading the draft kept, and to none it did
// not.
TEST_CASE("choose counts the headings of a template of many as the definition does") {
  const auto heading = [](int number) {
    return "## Section number " + std::to_string(number) + " of the plan\n\ntext\n\n";
  };
  std::string many;
  for (int number = 0; number < 150; ++number) many += heading(number);
  std::vector<IssueTemplate> templates;
  templates.push_back(testing::make_template(many, "many"));
  templates.push_back(testing::make_template("## Other\n\nx\n", "other"));
  auto catalog = TemplateCatalog::build(std::move(templates), nullptr);
  REQUIRE(catalog.ok());
  std::size_t chosen = 0;
  for (const int stride : {1, 2, 3, 7}) {
    std::string draft;
    for (int number = 0; number < 160; number += stride) draft += heading(number);
    INFO("stride " << stride);
    chosen += checked_choice(*catalog, parse_issue(draft), std::nullopt) ? 1 : 0;
  }
  CHECK(chosen == 3);
}

// A draft with the headings of a template's document is scored from overlaps counted when the
// catalog was built (two templates here have the same headings): every template's document, every
// fixture draft and edited copies of each (most keep their template's headings, some do not),
// against a catalog of every fixture template.
TEST_CASE("choose scores a draft in its template's shape as the definition does") {
  std::vector<IssueTemplate> templates = testing::fixture_templates();
  std::vector<std::string> texts;
  for (const IssueTemplate& issue_template : templates) texts.push_back(issue_template.body);
  for (const auto* folder : {"issues", "discuno"}) {
    for (const auto& file : std::filesystem::directory_iterator(kFixtures / folder)) {
      if (file.path().extension() == ".md") texts.push_back(read_text(file.path()));
    }
  }
  const std::size_t originals = texts.size();
  for (std::size_t i = 0; i < originals; ++i) {
    for (unsigned copy = 0; copy < 8; ++copy) {
      texts.push_back(testing::edited_draft(texts[i], static_cast<unsigned>(i) * 17 + copy,
                                            1 + static_cast<int>(copy % 2)));
    }
  }
  auto catalog = TemplateCatalog::build(std::move(templates), nullptr);
  REQUIRE(catalog.ok());
  std::size_t compared = 0;
  for (const std::string& text : texts) {
    const IssueDocument document = parse_issue(text);
    for (const auto& title : {std::optional<std::string>(), std::optional<std::string>("[DB] x")}) {
      INFO(text);
      compared += checked_choice(*catalog, document, title) ? 1 : 0;
    }
  }
  CHECK(compared > 500);
}

TEST_CASE("choose breaks a tie by the exact title prefix, then by the issue's labels") {
  auto templates = load_template_dir((kFixtures / "generic/prefix-tie/templates").string());
  REQUIRE(templates.ok());
  auto catalog = TemplateCatalog::build(std::move(*templates), nullptr);
  REQUIRE(catalog.ok());
  REQUIRE(catalog->entries().size() == 2);
  const IssueTemplate& markdown = catalog->entries()[0].issue_template;
  const IssueTemplate& form = catalog->entries()[1].issue_template;
  REQUIRE(markdown.kind == TemplateKind::markdown);
  REQUIRE(form.kind == TemplateKind::issue_form);
  const IssueDocument prose = parse_issue("It crashes when I open the settings page.\n");
  const auto chosen = [&](const std::optional<std::string>& title,
                          const std::vector<std::string>& labels) {
    const auto choice = catalog->choose(prose, title, labels);
    REQUIRE(choice);
    return &choice->entry->issue_template;
  };
  // Both prefixes match folded; the title has the form's as written, or the Markdown one's.
  CHECK(chosen("[Bug]: crash", {}) == &form);
  CHECK(chosen("[BUG] crash", {}) == &markdown);
  // Neither exactly: the labels GitHub gave the issue from its template, else file order.
  CHECK(chosen("[bug] crash", {}) == &markdown);
  CHECK(chosen("[bug] crash", {"Bug", "Triage"}) == &form);
  CHECK(chosen("[bug] crash", {"bug", "needs-triage"}) == &markdown);
  // A label is only a tie-breaker: the exact prefix still wins over it.
  CHECK(chosen("[BUG] crash", {"bug", "triage"}) == &markdown);
}

// Repositories moving to issue forms keep bug_report.md beside bug_report.yml, often with the
// same sections: GitHub's rendering of the form (`### Label`) is the form's, a body kept in the
// Markdown template's shape the Markdown template's.
TEST_CASE("choose breaks a tie of like templates by the draft's heading levels") {
  std::vector<IssueTemplate> templates;
  auto markdown = parse_markdown_template(
      "---\nname: Bug (old)\nlabels: bug-report\n---\n## Describe the bug\n\nWhat broke?\n\n"
      "## Expected behavior\n\nWhat should happen?\n",
      "bug_report", "bug_report.md");
  auto form = parse_issue_form(
      "name: Bug\ndescription: d\nlabels: [bug, triage]\nbody:\n"
      "  - type: textarea\n    attributes:\n      label: Describe the bug\n"
      "    validations:\n      required: true\n"
      "  - type: textarea\n    attributes:\n      label: Expected behavior\n",
      "bug_report", "bug_report.yml");
  REQUIRE(markdown.ok());
  REQUIRE(form.ok());
  templates.push_back(std::move(*markdown));
  templates.push_back(std::move(*form));
  auto catalog = TemplateCatalog::build(std::move(templates), nullptr);
  REQUIRE(catalog.ok());
  const auto chosen = [&](const char* body, const std::vector<std::string>& labels) {
    const auto choice = catalog->choose(parse_issue(body), std::nullopt, labels);
    REQUIRE(choice);
    return choice->entry->issue_template.kind;
  };
  const char* rendered =
      "### Describe the bug\n\nIt crashes.\n\n### Expected behavior\n\n"
      "_No response_\n";
  const char* kept = "## Describe the bug\n\nIt crashes.\n\n## Expected behavior\n\nNo crash.\n";
  CHECK(chosen(rendered, {}) == TemplateKind::issue_form);
  CHECK(chosen(kept, {}) == TemplateKind::markdown);
  // The labels GitHub gave the issue from its template still come first.
  CHECK(chosen(rendered, {"bug-report"}) == TemplateKind::markdown);
  CHECK(chosen(kept, {"bug", "triage"}) == TemplateKind::issue_form);
  // A draft checked against the definition agrees.
  CHECK(checked_choice(*catalog, parse_issue(rendered), std::nullopt));
}

// "[BUG]: <title>" routes "[BUG]: crash" by its prefix, as "[BUG]: " would.
TEST_CASE("choose counts a title prefix that ends in a placeholder") {
  std::vector<IssueTemplate> templates;
  for (const char* text : {"---\nname: Bug\ntitle: '[BUG]: <title>'\n---\n## Summary\n\nx\n",
                           "---\nname: Idea\ntitle: '[IDEA] '\n---\n## Summary\n\nx\n"}) {
    auto parsed = parse_markdown_template(text, "t", "t.md");
    REQUIRE(parsed.ok());
    templates.push_back(std::move(*parsed));
  }
  auto catalog = TemplateCatalog::build(std::move(templates), nullptr);
  REQUIRE(catalog.ok());
  const IssueDocument draft = parse_issue("## Summary\n\nIt crashes.\n");
  const auto choice = checked_choice(*catalog, draft, std::string("[BUG]: crash on start"));
  REQUIRE(choice);
  CHECK(choice->entry->issue_template.front_matter.name == "Bug");
  CHECK(choice->reason == "title prefix '[BUG]:' and 1/1 sections");
}
