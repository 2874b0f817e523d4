// Set-up shared by the rule tests: a template and a draft go through the real parser, a rule is
// built from its YAML entry exactly as a pack writes it, and its findings are returned.
#pragma once

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <optional>
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
