// LintContext::migration(): the SQL and Drizzle analysis, computed on first use and shared by
// every rule of the issue (parsing SQL is the most expensive thing a check does).
#include <memory>

#include "rules/lint_context.h"
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

// The sections analysed, keyed once for the process: looked up by text, each was keyed again on
// every issue (1,548 instructions a flagship check for the three; 520 as references).
struct AnalysedSections {
  SectionReference migration_sql{"Migration SQL"};
  SectionReference rollback_script{"Rollback Script"};
  // The template fences New Schema as ```sql but it holds Drizzle TypeScript.
  SectionReference new_schema{"New Schema"};
};
const AnalysedSections& analysed_sections() {
  static const AnalysedSections keyed;
  return keyed;
}

}  // namespace

const sql::MigrationAnalysis& LintContext::migration() const {
  if (migration_) return *migration_;
  const AnalysedSections& sections = analysed_sections();
  sql::MigrationBlocks blocks;
  blocks.migration_section = find_section(sections.migration_sql);
  blocks.rollback_section = find_section(sections.rollback_script);
  blocks.schema_section = find_section(sections.new_schema);
  blocks.migration_blocks = written_blocks(*this, blocks.migration_section);
  blocks.rollback_blocks = written_blocks(*this, blocks.rollback_section);
  blocks.schema_blocks = written_blocks(*this, blocks.schema_section);
  migration_ = std::make_shared<sql::MigrationAnalysis>(sql::analyze_migration(document_, blocks));
  return *migration_;
}

}  // namespace issuelint
