// LintContext::migration(): the SQL and Drizzle analysis, computed on first use and shared by
// every rule of the issue (parsing SQL is the most expensive thing a check does).
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "rules/lint_context.h"
#include "rules/nested_prose.h"
#include "rules/sql/migration_analysis.h"

namespace issuelint {
namespace {

// The section's own blocks and its sub-sections' blocks, template examples left out.
std::vector<int> written_blocks(const LintContext& context, int section) {
  std::vector<int> blocks;
  if (section == kNoIndex) return blocks;
  const IssueDocument& document = context.document();
  for (std::size_t i = 0; i < document.code_blocks.size(); ++i) {
    const CodeBlock& block = document.code_blocks[i];
    int owner = block.section;
    while (owner != kNoIndex && owner != section) {
      owner = document.sections[static_cast<std::size_t>(owner)].parent;
    }
    if (owner != section) continue;
    if (context.is_placeholder_code(block.section, block)) continue;
    blocks.push_back(static_cast<int>(i));
  }
  return blocks;
}

// Of those, the blocks that hold SQL: the TypeScript or shell that applies the migration,
// often written beside it, is not SQL to parse.
std::vector<int> written_sql_blocks(const LintContext& context, int section) {
  std::vector<int> blocks = written_blocks(context, section);
  const std::vector<CodeBlock>& code_blocks = context.document().code_blocks;
  std::erase_if(blocks, [&](int block) {
    return !sql::is_sql_block(code_blocks[static_cast<std::size_t>(block)]);
  });
  return blocks;
}

// The sections analysed, keyed once for the process: looked up by text, each was keyed again on
// every issue (1,548 instructions a flagship check for the three; 520 as references). Numbered
// (number_analysed_sections()), each is looked up once a check, or read from the template's
// answers: unnumbered, each was looked up on every check (~470 instructions a flagship check).
struct AnalysedSections {
  SectionReference migration_sql{"Migration SQL"};
  SectionReference rollback_script{"Rollback Script"};
  // The template fences New Schema as ```sql but it holds Drizzle TypeScript.
  SectionReference new_schema{"New Schema"};
  SectionReference tables_affected{"Tables Affected"};
};
AnalysedSections& analysed_sections() {
  static AnalysedSections keyed;
  return keyed;
}

// The names a ticked Other lists: in its blank, or typed after "Other:" in place of the blank.
// A blank left as the template's `**\_\_**` names nothing: what follows the colon is the blank.
std::string other_value(const IssueDocument& document, const Checkbox& box) {
  if (box.blank != kNoIndex) {
    const Blank& blank = document.blanks[static_cast<std::size_t>(box.blank)];
    return blank.filled ? blank.value.str() : std::string();
  }
  const std::size_t colon = box.label.find(':');
  return colon == std::string::npos ? std::string() : std::string(box.label.substr(colon + 1));
}

// The names a ticked Other lists: after it, else in the list nested under it ("- [x] Other:"
// over "  - payments"), which fills its blank as blank-filled reads it.
void append_other_tables(const IssueDocument& document, const Checkbox& box,
                         std::vector<std::string>& names) {
  const std::string value = other_value(document, box);
  if (value.find_first_not_of(" \t") != std::string::npos) {
    append_table_list(value, names);
    append_word_runs(value, names);  // "Other: Audit logs" names audit_log
    return;
  }
  const auto index = static_cast<std::size_t>(&box - document.checkboxes.data());
  const ProseRange nested = nested_under_box(document, index);
  for (std::size_t at = nested.begin; at < nested.end; ++at) {
    append_table_list(document.prose[at].text.str(), names);
  }
  for (std::size_t at = nested.begin; at < nested.end; ++at) {
    append_word_runs(document.prose[at].text.str(), names);
  }
}

}  // namespace

void number_analysed_sections(ReferenceTable& table) {
  AnalysedSections& sections = analysed_sections();
  for (SectionReference* section : {&sections.migration_sql, &sections.rollback_script,
                                    &sections.new_schema, &sections.tables_affected}) {
    table.number(*section);
  }
}

const TableNamePolicy& LintContext::table_policy() const {
  static const TableNamePolicy default_policy;
  return table_names_ != nullptr ? *table_names_ : default_policy;
}

const WrittenTables& LintContext::declared_tables() const {
  if (declared_tables_) return *declared_tables_;
  std::vector<std::string> names;
  const int section = find_section(analysed_sections().tables_affected);
  if (section != kNoIndex) {
    // Room for a name a box (an Other box may list more): grown one name at a time, the
    // flagship's two took two allocations, and the Other list a vector of its own.
    const auto [first, last] = box_range(section, true);
    names.reserve(last - first);
    each_box_in(section, true, [&](const Checkbox& box) {
      if (!box.checked) return true;
      if (box.key == "other" || box.key.starts_with("other ")) {
        append_other_tables(document_, box, names);
      } else {
        names.emplace_back(option_name(box));
      }
      return true;
    });
  }
  return declared_tables_.emplace(std::move(names), table_policy());
}

const sql::MigrationAnalysis& LintContext::migration() const {
  if (migration_) return *migration_;
  const AnalysedSections& sections = analysed_sections();
  sql::MigrationBlocks blocks;
  blocks.migration_section = find_section(sections.migration_sql);
  blocks.rollback_section = find_section(sections.rollback_script);
  blocks.schema_section = find_section(sections.new_schema);
  blocks.migration_blocks = written_sql_blocks(*this, blocks.migration_section);
  blocks.rollback_blocks = written_sql_blocks(*this, blocks.rollback_section);
  blocks.schema_blocks = written_blocks(*this, blocks.schema_section);
  migration_ = std::make_shared<sql::MigrationAnalysis>(
      sql::analyze_migration(document_, std::move(blocks)));
  return *migration_;
}

}  // namespace issuelint
