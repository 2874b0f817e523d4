// The SQL and Drizzle cross-check kinds of the db-migration pack: each compares what the
// pasted SQL (parsed by libpg_query) or Drizzle schema does with what the author ticked.
// One kind per file (rules/kinds/sql_*.cpp, drizzle_*.cpp); listed in rules/registry.cpp.
#pragma once

#include "rules/rule.h"

namespace issuelint {

RuleKind drizzle_concurrent_in_migrator_kind();
RuleKind drizzle_new_table_without_pgtable_kind();
RuleKind drizzle_reversible_without_rollback_kind();
RuleKind drizzle_unknown_pgtable_kind();
RuleKind sql_add_column_not_null_kind();
RuleKind sql_create_table_without_new_table_kind();
RuleKind sql_destructive_non_breaking_kind();
RuleKind sql_drop_reversible_kind();
RuleKind sql_drop_without_deprecation_kind();
RuleKind sql_enum_value_reversible_kind();
RuleKind sql_foreign_key_not_valid_kind();
RuleKind sql_foreign_key_without_relationships_kind();
RuleKind sql_identifier_too_long_kind();
RuleKind sql_index_not_concurrent_kind();
RuleKind sql_index_without_indexes_needed_kind();
RuleKind sql_indexes_needed_without_columns_kind();
RuleKind sql_parameter_in_ddl_kind();
RuleKind sql_rollback_incomplete_kind();
RuleKind sql_set_type_without_using_kind();
RuleKind sql_syntax_error_kind();
RuleKind sql_undeclared_table_kind();

}  // namespace issuelint
