#include "rules/registry.h"

#include <algorithm>
#include <iterator>

#include "rules/kinds/generic_kinds.h"
#include "rules/kinds/sql_kinds.h"

namespace issuelint {

const std::vector<RuleKind>& rule_kinds() {
  // Keep sorted by name: a test checks it.
  static constexpr RuleKind (*kMakers[])() = {
      all_ticked_kind,
      blank_filled_kind,
      choose_kind,
      contradiction_kind,
      drizzle_concurrent_in_migrator_kind,
      drizzle_new_table_without_pgtable_kind,
      drizzle_reversible_without_rollback_kind,
      drizzle_unknown_pgtable_kind,
      dropdown_answer_kind,
      exclusive_kind,
      placeholder_left_kind,
      requires_kind,
      section_filled_kind,
      section_present_kind,
      sql_add_column_not_null_kind,
      sql_create_table_without_new_table_kind,
      sql_destructive_non_breaking_kind,
      sql_drop_reversible_kind,
      sql_drop_without_deprecation_kind,
      sql_enum_value_reversible_kind,
      sql_foreign_key_not_valid_kind,
      sql_foreign_key_without_relationships_kind,
      sql_identifier_too_long_kind,
      sql_index_not_concurrent_kind,
      sql_index_without_indexes_needed_kind,
      sql_indexes_needed_without_columns_kind,
      sql_parameter_in_ddl_kind,
      sql_rollback_incomplete_kind,
      sql_set_type_without_using_kind,
      sql_syntax_error_kind,
      sql_undeclared_table_kind,
      template_filled_kind,
      title_pattern_kind,
  };
  // Moved in one at a time: a braced list would copy every kind, documentation and all. Never
  // destroyed: as a static object its destructor ran at every exit, ~40 K instructions of a
  // check's 3.2 M, to free what the exit reclaims anyway.
  static const std::vector<RuleKind>& kinds = *new std::vector<RuleKind>([] {
    std::vector<RuleKind> built;
    built.reserve(std::size(kMakers));
    for (const auto make : kMakers) built.push_back(make());
    return built;
  }());
  return kinds;
}

const RuleKind* find_rule_kind(std::string_view name) {
  const auto& kinds = rule_kinds();
  const auto found = std::find_if(kinds.begin(), kinds.end(),
                                  [&](const RuleKind& kind) { return kind.name == name; });
  return found == kinds.end() ? nullptr : &*found;
}

}  // namespace issuelint
