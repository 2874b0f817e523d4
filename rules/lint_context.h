// What a rule sees while it checks one issue: the parsed document, the template it was written
// from, the title, and helpers to find sections and boxes by the template's own wording.
// Built once per issue; the SQL analysis is computed lazily, once, and shared by every rule.
// Rules ask the same questions many times (the same section by name, the same option, the same
// block): the answers are memoised here, per issue, so a context is not shared between threads.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "parser/document.h"
#include "parser/template.h"
#include "rules/finding.h"
#include "rules/rule_info.h"

namespace issuelint {

namespace sql {
struct MigrationAnalysis;
}
struct TableNamePolicy;
struct TemplateCodeLines;

// Hashes std::string keys and std::string_view look-ups alike (no string built to look up).
struct StringViewHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view text) const {
    return std::hash<std::string_view>{}(text);
  }
};

class LintContext {
 public:
  LintContext(const IssueDocument& document, const IssueTemplate* issue_template,
              std::optional<std::string> title, const TableNamePolicy* table_names = nullptr);
  ~LintContext();

  using LineSet = std::set<std::string, std::less<>>;  // folded code lines

  const IssueDocument& document() const { return document_; }
  const IssueTemplate* issue_template() const { return template_; }
  const std::optional<std::string>& title() const { return title_; }
  const TableNamePolicy* table_names() const { return table_names_; }

  // A section by title or by path ("Schema Changes > Migration SQL"); matching ignores emoji,
  // markup, case, punctuation and hints such as "(if applicable)". kNoIndex when absent.
  int find_section(std::string_view reference) const;
  // A box in `section` (and its sub-sections) by the option's name as the template writes it
  // ("Data Migration", "Other"); an exact name match wins over a label prefix. nullptr if none.
  const Checkbox* find_box(int section, std::string_view option) const;
  // Every box of a section and its sub-sections, in order.
  std::vector<const Checkbox*> boxes_in(int section, bool include_subsections = true) const;
  bool is_ticked(int section, std::string_view option) const;

  // Content an author wrote in the section (prose, code, blanks), template placeholders and
  // template examples not counted. Checkboxes do not count as content.
  bool has_written_content(int section, bool include_subsections = true) const;
  bool is_placeholder_prose(int section, const Prose& prose) const;
  bool is_placeholder_code(int section, const CodeBlock& block) const;
  // A line the template writes entirely in bold ("**How can this be rolled back?**"): it asks,
  // it is not a blank to replace, so authors rightly leave it (and it counts as placeholder).
  bool is_prompt(const Prose& prose) const;

  // The SQL/Drizzle analysis of the Migration SQL, Rollback Script and New Schema blocks.
  const sql::MigrationAnalysis& migration() const;

  // Reporting. `section` is an index (its path is filled in) or kNoIndex.
  void report(const RuleInfo& rule, int section, SourcePosition position, std::string message,
              std::string help = {});
  void report_title(const RuleInfo& rule, std::string message, std::string help = {});
  // "could not check: section X is missing": info level, once per rule.
  void report_cannot_check(const RuleInfo& rule, std::string_view missing_section);

  // A finding built by hand (for example for a section the issue does not have).
  void add(Finding finding) { findings_.push_back(std::move(finding)); }
  const std::vector<Finding>& findings() const { return findings_; }
  std::vector<Finding> take_findings();

 private:
  const IssueDocument& document_;
  const IssueTemplate* template_;
  std::optional<std::string> title_;
  const TableNamePolicy* table_names_;
  std::vector<Finding> findings_;
  // shared_ptr so that this header needs no complete MigrationAnalysis type to destroy it.
  mutable std::shared_ptr<sql::MigrationAnalysis> migration_;

  // Memoised answers (see the class comment).
  int find_section_uncached(std::string_view reference) const;
  bool is_placeholder_code_uncached(int section, const CodeBlock& block) const;
  const std::string& option_key(std::string_view option) const;
  // Is the element's section `section` (or, with include_subsections, one of its descendants)?
  bool inside(int element_section, int section, bool include_subsections) const;
  const TemplateCodeLines& template_code_lines() const;
  mutable std::unordered_map<std::string, int, StringViewHash, std::equal_to<>>
      sections_by_reference_;
  // When the process-wide memo is full.
  mutable std::unordered_map<std::string, std::string, StringViewHash, std::equal_to<>>
      option_keys_;
  mutable std::vector<int> subtree_end_;               // by section: one past its last descendant
  mutable std::vector<std::int8_t> placeholder_code_;  // by code block: -1 unknown, 0 no, 1 yes
  mutable std::shared_ptr<const TemplateCodeLines> template_lines_;  // built on first use
};

}  // namespace issuelint
