// Turns one parsed statement (libpg_query's JSON) into operations, and finds what the tree
// cannot show: `$1` parameters and identifiers longer than PostgreSQL keeps.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "rules/sql/operation.h"
#include "rules/sql/sql_parser.h"

namespace issuelint::sql {

struct StatementFacts {
  std::vector<Operation> operations;
  std::vector<ParameterUse> parameters;
  std::vector<LongIdentifier> long_identifiers;
};

StatementFacts describe_statement(const ParsedStatement& statement);
// Appends the statement's facts to `facts`: a script's statements, one after another, grow one
// set of vectors instead of each making its own to be moved over.
void describe_statement_into(const ParsedStatement& statement, StatementFacts& facts);

// "public.users" → "users", "Auth"."Users" stays "Auth.Users"; the parser already lowercased
// unquoted names.
std::string normalize_table_name(std::string_view schema, std::string_view relation);

// int/integer/int4 → "int4", character varying → "varchar", timestamp with time zone →
// "timestamptz"...; user types keep their name.
std::string normalize_type_name(std::string_view name);

// PostgreSQL keeps 63 bytes of an identifier (NAMEDATALEN - 1) and drops the rest silently.
inline constexpr std::size_t kMaxIdentifierBytes = 63;

// Identifiers longer than kMaxIdentifierBytes in `text` (comments, strings and $$ bodies
// skipped), with offsets relative to `text`.
std::vector<LongIdentifier> find_long_identifiers(std::string_view text);

// false when `text` cannot hold such an identifier: it has no run of more than
// kMaxIdentifierBytes identifier bytes, no '"' followed by more than kMaxIdentifierBytes bytes
// before the next '"' or the end, and no two '"' in a row (an escaped quote inside a quoted
// name, which the gaps do not count). Sixteen bytes a step where SSE2 is there; else true.
bool may_hold_long_identifier(std::string_view text);

}  // namespace issuelint::sql
