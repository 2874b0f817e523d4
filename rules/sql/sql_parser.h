// The libpg_query wrapper: split a script into statements with the scanner (which survives
// syntax errors), parse each statement on its own so one typo costs one statement, and map
// every location back to a byte offset in the issue body.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parser/result.h"
#include "rules/sql/json_tree.h"

namespace issuelint::sql {

// PostgreSQL's own message, at a byte offset in the body.
struct SyntaxError {
  std::string message;
  std::size_t offset = 0;
  // A psql meta-command (`\c db`, `\i file.sql`): `message` is the command as written, to the
  // end of its line. Not SQL: only psql runs it, any other client sends it to the server.
  bool meta_command = false;
};

struct ParsedStatement {
  std::size_t offset = 0;  // byte offset in the body of the first token (comments skipped)
  std::size_t length = 0;  // bytes, up to and including the ';' when there is one
  // Exactly what was handed to the parser: a view of the text `parse_tree` owns with the tree.
  std::string_view text;
  // libpg_query's JSON, owning `tree` and `text` (its root is null when the parse failed).
  std::shared_ptr<const JsonTree> parse_tree;
  JsonNode tree;  // the node under "stmt", e.g. {"CreateStmt": {...}}; null on error
  // The body offset the tree's "location" values count from: the statement's own start, or
  // the script's when the whole script was parsed in one run.
  std::size_t tree_origin = 0;
  std::optional<SyntaxError> error;
  bool in_do_block = false;  // taken from a DO block or a PL/pgSQL function body
  // Of those, taken from a function's (or procedure's) body: it runs when the function is
  // called, not when the migration runs, so it is parsed for its syntax errors only.
  bool in_function_body = false;
};

struct ParsedScript {
  std::vector<ParsedStatement> statements;  // DO-block inner statements follow their DO
  std::vector<SyntaxError> errors;          // one per statement that failed
};

// The first byte at or after `at` that is not white space or inside a comment (`--` to the end
// of the line, `/* */` nested as PostgreSQL nests them); text.size() when there is none. A `/*`
// that is never closed is no comment but a syntax error: it stops there.
std::size_t skip_blanks_and_comments(std::string_view text, std::size_t at);

// The offset after the string, quoted identifier, dollar-quoted text or comment that starts at
// `at` (at < text.size()): `at` itself when none starts there, text.size() when it never ends.
std::size_t skip_quoted_or_comment(std::string_view text, std::size_t at);

// A byte of an identifier or keyword (or of a `$1` parameter).
bool is_word_byte(char c);

// Whether `word` (ASCII letters, any case) is a keyword a PostgreSQL statement starts with.
bool is_statement_keyword(std::string_view word);

// PostgreSQL's message with the token it quotes ("at or near \"...\"") cut at its first line
// end and to a bounded length, marked with an ellipsis: an unterminated string's token is the
// rest of the script.
std::string concise_error_message(std::string_view message);

// `source` is the SQL as it sits in the body, starting at byte `base_offset`. A script with
// drizzle's `--> statement-breakpoint` comments is also cut at each of them, as drizzle's
// migrator runs it; a breakpoint inside a string or a dollar-quoted body cuts nothing.
ParsedScript parse_script(std::string_view source, std::size_t base_offset);

// What parse_script does when the script does not parse in one run: split with the scanner,
// one parser run per statement. Public so tests can check that both ways give the same.
ParsedScript parse_script_statement_by_statement(std::string_view source, std::size_t base_offset);

// Whether the statement (parsed without error) is a DO block or a function whose body is
// PL/pgSQL: parse_script hands its text to libpg_query's PL/pgSQL parser and adds the SQL
// statements in the body after it (in_do_block; a function's also in_function_body).
bool has_plpgsql_body(const ParsedStatement& statement);

// libpg_query's fingerprint (16 hex digits): ignores case, white space, comments and literal
// values, keeps identifiers. An Error when the SQL does not parse.
Result<std::string> fingerprint(std::string_view sql);

// The fingerprint of the db-migration template's example `ALTER TABLE table_name ADD COLUMN
// new_column VARCHAR(255);`: a block with this fingerprint was left as the template wrote it.
inline constexpr std::string_view kTemplateExampleFingerprint = "52a220e57c7fc377";

// A worker thread's libpg_query memory is freed by the library itself when the thread ends
// (a pthread key destructor, registered on the thread's first parse). This function is the
// documented answer to "do I call pg_query_exit() before a worker ends?": no, and it is safe
// to call anywhere, any number of times, also before more parsing on the same thread.
void release_thread_memory();

}  // namespace issuelint::sql
