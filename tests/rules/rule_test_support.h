// Set-up shared by the rule tests: a template and a draft go through the real parser, a rule is
// built from its YAML entry exactly as a pack writes it, and its findings are returned.
#pragma once

#include <algorithm>
#include <catch2/catch.hpp>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "parser/document.h"
#include "parser/template.h"
#include "parser/yaml_node.h"
#include "rules/finding.h"
#include "rules/lint_context.h"
#include "rules/rule.h"
#include "rules/rule_entry.h"
#include "rules/template_catalog.h"
#include "tests/test_sample.h"

namespace issuelint::testing {

// The repository root and its fixtures folder, which the tests read.
inline const std::filesystem::path kRoot = ISSUELINT_SOURCE_DIR;
inline const std::filesystem::path kFixtures = kRoot / "fixtures";

inline std::string_view trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

inline std::string read_text(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  REQUIRE(file.good());
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

// A catalog of the one template in `template_file`, with its rules as the packs build them.
inline TemplateCatalog catalog_from(const std::filesystem::path& template_file) {
  auto loaded = load_template_file(template_file.string());
  REQUIRE(loaded.ok());
  std::vector<IssueTemplate> templates;
  templates.push_back(std::move(*loaded));
  auto catalog = TemplateCatalog::build(std::move(templates), nullptr);
  REQUIRE(catalog.ok());
  return std::move(*catalog);
}

// Every fixture template (Markdown and issue forms), in source order.
inline std::vector<IssueTemplate> fixture_templates() {
  const auto fixtures = std::filesystem::path(ISSUELINT_SOURCE_DIR) / "fixtures";
  std::vector<IssueTemplate> templates;
  for (const auto* folder : {"templates", "templates/discuno"}) {
    for (const auto& entry : std::filesystem::directory_iterator(fixtures / folder)) {
      if (!entry.is_regular_file()) continue;
      auto loaded = load_template_file(entry.path().string());
      REQUIRE(loaded.ok());
      templates.push_back(std::move(*loaded));
    }
  }
  std::sort(templates.begin(), templates.end(),
            [](const IssueTemplate& a, const IssueTemplate& b) { return a.source < b.source; });
  return templates;
}

// Every fixture draft, parsed, in path order.
inline std::vector<IssueDocument> fixture_drafts() {
  const auto fixtures = std::filesystem::path(ISSUELINT_SOURCE_DIR) / "fixtures";
  std::vector<std::filesystem::path> paths;
  for (const auto* folder : {"issues", "discuno"}) {
    for (const auto& entry : std::filesystem::directory_iterator(fixtures / folder)) {
      if (entry.path().extension() == ".md") paths.push_back(entry.path());
    }
  }
  std::sort(paths.begin(), paths.end());
  std::vector<IssueDocument> drafts;
  for (const auto& path : paths) drafts.push_back(parse_issue(read_text(path)));
  return drafts;
}

// A draft edited as authors edit theirs, `edits` times at random: boxes ticked and unticked, a
// box's name or a heading reworded (a new key), a label's tail reworded, a heading's case or
// level changed (the same key), lines moved, doubled, dropped or split off as a new heading, a
// box added. Most variants keep the template's headings, and many its boxes too, so that look-ups
// answered from the template's shape (LintContext, TemplateCatalog::choose()) meet both kinds.
inline std::string edited_draft(std::string_view draft, unsigned seed, int edits = 2) {
  std::vector<std::string> lines;
  for (std::size_t start = 0; start <= draft.size();) {
    const auto end = draft.find('\n', start);
    lines.emplace_back(draft.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  std::minstd_rand random(seed + 1);
  const auto pick = [&](std::size_t n) { return n == 0 ? 0 : random() % n; };
  // A line that is a task-list box or a heading, at random; lines.size() when there is none.
  const auto line_starting = [&](std::string_view lead) {
    std::vector<std::size_t> found;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      if (trimmed(lines[i]).starts_with(lead)) found.push_back(i);
    }
    return found.empty() ? lines.size() : found[pick(found.size())];
  };
  for (int edit = 0; edit < edits && !lines.empty(); ++edit) {
    const std::size_t box = line_starting("- [");
    const std::size_t heading = line_starting("#");
    const std::size_t any = pick(lines.size());
    switch (pick(13)) {
      case 0:  // tick or untick a box
      case 1:
        if (box < lines.size()) {
          std::string& line = lines[box];
          const auto at = line.find("- [");
          line[at + 3] = line[at + 3] == ' ' ? 'x' : ' ';
        }
        break;
      case 2:  // a box's name reworded: a new key
        if (box < lines.size()) lines[box].insert(lines[box].find("] ") + 2, "Renamed ");
        break;
      case 3:  // a label's tail reworded: the name, and the key, stay
        if (box < lines.size()) lines[box] += " (see notes)";
        break;
      case 4:  // a heading reworded
        if (heading < lines.size()) lines[heading] += " and more";
        break;
      case 5:  // a heading's case changed: the key stays
        if (heading < lines.size()) {
          for (char& c : lines[heading])
            c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        }
        break;
      case 6:  // a box moved to another place (another section, or its own elsewhere)
        if (box < lines.size()) {
          const std::string moved = lines[box];
          lines.erase(lines.begin() + static_cast<long>(box));
          lines.insert(lines.begin() + static_cast<long>(pick(lines.size() + 1)), moved);
        }
        break;
      case 7:  // a box doubled
        if (box < lines.size()) lines.insert(lines.begin() + static_cast<long>(box), lines[box]);
        break;
      case 8:  // a line dropped
        lines.erase(lines.begin() + static_cast<long>(any));
        break;
      case 9:  // a new box in place
        lines.insert(lines.begin() + static_cast<long>(any), "- [x] Other: audit_log");
        break;
      case 10:  // a new heading
        lines.insert(lines.begin() + static_cast<long>(any), "### Notes of the author");
        break;
      case 11:  // two lines swapped
        std::swap(lines[any], lines[pick(lines.size())]);
        break;
      case 12:  // a heading one level deeper or higher: its key stays, the nesting changes
        if (heading < lines.size()) {
          std::string& line = lines[heading];
          if (line.starts_with("##") && pick(2) == 0)
            line.erase(0, 1);
          else
            line.insert(0, "#");
        }
        break;
    }
  }
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) out += (i == 0 ? "" : "\n") + lines[i];
  return out;
}

inline IssueTemplate make_template(std::string_view markdown, std::string id = "test-template") {
  auto parsed = parse_markdown_template(markdown, id, ".github/ISSUE_TEMPLATE/" + id + ".md");
  REQUIRE(parsed.ok());
  return std::move(*parsed);
}

// One rule entry in pack YAML ("id: x\nkind: choose\n...").
inline Result<RulePtr> try_rule(std::string_view yaml) {
  auto entry = parse_yaml(yaml, "test.yml");
  if (!entry) return entry.error();
  return build_rule(*entry, "test.yml", "test");
}

inline RulePtr make_rule(std::string_view yaml) {
  auto rule = try_rule(yaml);
  if (!rule.ok()) FAIL(rule.error().describe());
  return std::move(*rule);
}

// Runs one rule over a draft; `issue_template` may be null (a draft linted without template).
inline std::vector<Finding> run_rule(
    const Rule& rule, std::string_view draft, const IssueTemplate* issue_template = nullptr,
    std::optional<std::string> title = std::string("[T] a title")) {
  const IssueDocument document = parse_issue(draft);
  LintContext context(document, issue_template, std::move(title));
  rule.check(context);
  return context.take_findings();
}

inline std::vector<Finding> run_rule(std::string_view rule_yaml, std::string_view draft,
                                     const IssueTemplate* issue_template = nullptr) {
  return run_rule(*make_rule(rule_yaml), draft, issue_template);
}

// 1-based line of the first occurrence of `needle` in `text`.
inline int line_of(std::string_view text, std::string_view needle) {
  const auto at = text.find(needle);
  REQUIRE(at != std::string_view::npos);
  return static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n')) + 1;
}

// 1-based column (in bytes: the tests use ASCII before it) of the first `needle` in `text`.
inline int column_of(std::string_view text, std::string_view needle) {
  const auto at = text.find(needle);
  REQUIRE(at != std::string_view::npos);
  const auto line_start = text.rfind('\n', at);
  return static_cast<int>(line_start == std::string_view::npos ? at + 1 : at - line_start);
}

// The single "could not check" finding a rule gives when a section it needs is missing.
inline void require_cannot_check(const std::vector<Finding>& findings, std::string_view rule,
                                 std::string_view section) {
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].rule == rule);
  CHECK(findings[0].severity == Severity::info);
  CHECK(findings[0].line == 0);
  CHECK(findings[0].message.find("could not check") != std::string::npos);
  CHECK(findings[0].message.find(std::string(section)) != std::string::npos);
}

}  // namespace issuelint::testing
