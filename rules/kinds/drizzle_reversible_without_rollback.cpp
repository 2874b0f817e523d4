#include "rules/kinds/sql_kinds.h"
#include "rules/kinds/sql_rule_support.h"

namespace issuelint {
namespace {

void check(const Rule& rule, LintContext& context) {
  const sql_rules::MigrationWording& wording = sql_rules::wording();
  const int plan = context.find_section(wording.rollback_plan);
  if (plan == kNoIndex) return;
  const Checkbox* box = context.find_box(plan, wording.automatically_reversible);
  if (box == nullptr || !box->checked) return;
  if (context.migration().has_rollback_sql()) return;
  context.report(rule.info(), box->section, box->position,
                 "'Automatically reversible' is ticked without a Rollback Script, but drizzle-kit "
                 "never generates down migrations",
                 "write the rollback SQL under Rollback Script (and tick 'Manual rollback')");
}

}  // namespace

RuleKind drizzle_reversible_without_rollback_kind() {
  return sql_rules::make_kind(
      sql_rules::describe(
          "drizzle-reversible-without-rollback", "drizzle", Severity::warning,
          "'Automatically reversible' needs a Rollback Script: drizzle-kit writes none",
          "The template says 'Drizzle can auto-generate rollback', but drizzle-kit only "
          "generates forward migrations; down migrations were declined upstream "
          "(drizzle-orm#263) and are still an open request (#2352). Rolling back means writing "
          "the inverse SQL by hand, or changing the TypeScript schema back and generating a "
          "new forward migration.",
          "- [x] **Automatically reversible** - Drizzle can auto-generate rollback\n### Rollback "
          "Script\n```sql\n-- SQL commands to rollback changes\n```",
          "- [x] **Automatically reversible** - Drizzle can auto-generate rollback\n### Rollback "
          "Script\n```sql\nALTER TABLE users DROP COLUMN bio;\n```"),
      check);
}

}  // namespace issuelint
