// The SQL inside a PL/pgSQL body, a DO block's or a function's. libpg_query's PL/pgSQL parser
// gives each embedded statement's text and its line in the body, and for a body that does not
// compile a message and a line near the error, no position: both are placed here at their bytes
// in the statement that holds the body, outside comments and quotes.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "rules/sql/json_tree.h"
#include "rules/sql/sql_parser.h"

namespace issuelint::sql {

// An SQL statement of a PL/pgSQL body.
struct EmbeddedStatement {
  std::string query;       // as PL/pgSQL hands it to PostgreSQL's parser (an INTO blanked out)
  std::size_t offset = 0;  // of its first byte in the outer statement's text
};

struct PlpgsqlBody {
  std::vector<EmbeddedStatement> statements;  // in the order they are written
  std::optional<SyntaxError> error;           // its offset in the outer statement's text
};

// Compiles the body of `outer_text`, a DO or CREATE FUNCTION statement (has_plpgsql_body), with
// `outer_tree` its parse, whose locations count from `tree_offset` bytes before outer_text.
PlpgsqlBody read_plpgsql_body(const std::string& outer_text, JsonNode outer_tree,
                              std::size_t tree_offset);

}  // namespace issuelint::sql
