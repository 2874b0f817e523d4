#include "rules/sql/sql_parser.h"

#include <pg_query.h>

#include <algorithm>
#include <cctype>
#include <iterator>
#include <utility>

#include "parser/line_index.h"
#include "rules/sql/parser_stack.h"
#include "rules/sql/pg_query_handle.h"
#include "rules/sql/plpgsql_body.h"

namespace issuelint::sql {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// The offset after the block comment that starts at `at`, or npos when it never ends.
std::size_t block_comment_end(std::string_view text, std::size_t at) {
  int depth = 0;  // PostgreSQL block comments nest
  while (at < text.size()) {
    if (text.substr(at, 2) == "/*") {
      ++depth;
      at += 2;
    } else if (text.substr(at, 2) == "*/") {
      at += 2;
      if (--depth == 0) return at;
    } else {
      ++at;
    }
  }
  return std::string_view::npos;
}

}  // namespace

// Split pieces start right after the previous ';', so they carry the blank lines and the
// `--> statement-breakpoint` comment that drizzle-kit writes; positions must point past them.
std::size_t skip_blanks_and_comments(std::string_view text, std::size_t at) {
  while (at < text.size()) {
    if (is_space(text[at])) {
      ++at;
    } else if (text.substr(at, 2) == "--") {
      const std::size_t end = text.find('\n', at);
      at = end == std::string_view::npos ? text.size() : end + 1;
    } else if (text.substr(at, 2) == "/*") {
      const std::size_t end = block_comment_end(text, at);
      if (end == std::string_view::npos) break;  // unterminated: a syntax error, not a comment
      at = end;
    } else {
      break;
    }
  }
  return at;
}

// ASCII tests, not std::isalnum: that is a call into the C library per byte, and every byte
// >= 0x80 is a word byte here whatever the locale says.
bool is_word_byte(char c) {
  const auto byte = static_cast<unsigned char>(c);
  const auto letter = static_cast<unsigned char>(byte | 0x20);
  return (letter >= 'a' && letter <= 'z') || (byte >= '0' && byte <= '9') || c == '_' || c == '$' ||
         byte >= 0x80;
}

std::size_t skip_quoted_or_comment(std::string_view text, std::size_t at) {
  const char c = text[at];
  if (c == '-' || c == '/') {
    if (text.substr(at, 2) == "--") {
      const std::size_t end = text.find('\n', at);
      return end == std::string_view::npos ? text.size() : end + 1;
    }
    if (text.substr(at, 2) != "/*") return at;
    const std::size_t end = block_comment_end(text, at);
    return end == std::string_view::npos ? text.size() : end;
  }
  if (c == '\'' || c == '"') {
    // E'...' takes backslash escapes; elsewhere only a doubled quote stands for itself.
    const bool escapes = c == '\'' && at > 0 && (text[at - 1] | 0x20) == 'e' &&
                         (at == 1 || !is_word_byte(text[at - 2]));
    for (std::size_t end = at + 1; end < text.size(); ++end) {
      if (escapes && text[end] == '\\') {
        ++end;
      } else if (text[end] == c) {
        if (end + 1 < text.size() && text[end + 1] == c) {
          ++end;
        } else {
          return end + 1;
        }
      }
    }
    return text.size();
  }
  // $tag$ ... $tag$, where the tag is empty or an identifier; `$1` and `a$b` are no quote.
  if (c != '$' || (at > 0 && is_word_byte(text[at - 1]))) return at;
  std::size_t tag_end = at + 1;
  if (tag_end < text.size() && std::isdigit(static_cast<unsigned char>(text[tag_end])) != 0) {
    return at;
  }
  while (tag_end < text.size() && text[tag_end] != '$' && is_word_byte(text[tag_end])) ++tag_end;
  if (tag_end >= text.size() || text[tag_end] != '$') return at;
  const std::string_view tag = text.substr(at, tag_end + 1 - at);
  const std::size_t close = text.find(tag, tag_end + 1);
  return close == std::string_view::npos ? text.size() : close + tag.size();
}

namespace {

struct Piece {
  std::size_t begin = 0;  // in the script source
  std::size_t end = 0;
};

// drizzle's migrator (readMigrationFiles) cuts a migration at this marker and runs each chunk on
// its own, so a hand-written migration may end its chunks with the marker instead of a ';'.
constexpr std::string_view kStatementBreakpoint = "--> statement-breakpoint";

// The first breakpoint in [from, end) that the scanner reads as a comment, not inside a string,
// quoted name, dollar-quoted body or block comment (those are data, not chunk ends); `from` must
// lie outside any of them. npos when there is none.
std::size_t next_breakpoint(std::string_view text, std::size_t from, std::size_t end) {
  for (std::size_t at = from; at < end;) {
    const std::size_t next = std::min(skip_quoted_or_comment(text, at), end);
    if (next == at) {
      ++at;
      continue;
    }
    // drizzle cuts at the marker wherever it stands in a line comment ("-- x --> ...").
    if (text.compare(at, 2, "--") == 0) {
      const std::size_t marker = text.substr(at, next - at).find(kStatementBreakpoint);
      if (marker != std::string_view::npos) return at + marker;
    }
    at = next;
  }
  return std::string_view::npos;
}

// Adds [begin, end) unless it holds nothing but blanks and comments.
void add_piece(std::string_view text, std::size_t begin, std::size_t end,
               std::vector<Piece>& pieces) {
  if (skip_blanks_and_comments(text.substr(0, end), begin) < end) {
    pieces.push_back(Piece{begin, end});
  }
}

// The scanner split leaves out a statement that holds no keyword (`COMIT;`, `foo;`) and, after
// a ')' it never saw opened, all that follows: such text between its pieces (or after the last)
// is split here at each ';' outside quotes, comments and parentheses, a statement a piece.
void add_left_out_pieces(std::string_view text, std::size_t begin, std::size_t end,
                         std::vector<Piece>& pieces) {
  std::size_t start = begin;
  std::size_t depth = 0;  // as psql counts: a ')' too many closes nothing
  for (std::size_t at = begin; at < end;) {
    if (const std::size_t next = skip_quoted_or_comment(text, at); next != at) {
      at = next;
      continue;
    }
    if (text[at] == '(') {
      ++depth;
    } else if (text[at] == ')') {
      depth -= depth > 0 ? 1 : 0;
    } else if (text[at] == ';' && depth == 0) {
      add_piece(text, start, at, pieces);
      start = at + 1;
    }
    ++at;
  }
  if (start < end) add_piece(text, start, end, pieces);
}

// The scanner's split, at each ';' outside quotes, comments and parentheses.
std::vector<Piece> split_at_semicolons(const std::string& script) {
  SplitHandle split(pg_query_split_with_scanner(script.c_str()));
  if (split->error != nullptr) return {Piece{0, script.size()}};
  std::vector<Piece> pieces;
  pieces.reserve(static_cast<std::size_t>(split->n_stmts));
  std::size_t covered = 0;
  for (int i = 0; i < split->n_stmts; ++i) {
    const PgQuerySplitStmt* statement = split->stmts[i];
    const auto begin = static_cast<std::size_t>(statement->stmt_location);
    add_left_out_pieces(script, covered, begin, pieces);
    covered = begin + static_cast<std::size_t>(statement->stmt_len);
    pieces.push_back(Piece{begin, covered});
  }
  add_left_out_pieces(script, covered, script.size(), pieces);
  return pieces;
}

// Cuts each piece at the breakpoints in it, as drizzle's migrator cuts the file: the chunk
// before a breakpoint ends there, the next starts after the marker. Pieces start outside quotes.
std::vector<Piece> split_at_breakpoints(std::string_view text, std::vector<Piece> pieces) {
  std::vector<Piece> cut;
  cut.reserve(pieces.size());
  for (const Piece& piece : pieces) {
    std::size_t begin = piece.begin;
    for (std::size_t at = next_breakpoint(text, begin, piece.end); at != std::string_view::npos;
         at = next_breakpoint(text, begin, piece.end)) {
      add_piece(text, begin, at, cut);
      begin = at + kStatementBreakpoint.size();
    }
    add_piece(text, begin, piece.end, cut);
  }
  return cut;
}

// The scanner split tolerates syntax errors (the parser split does not); when even the scanner
// gives up (an unterminated quote), the whole script is one piece and its parse reports why.
// Every byte of the script is in a piece, or blank, or a comment, or a ';' between pieces.
// A script with drizzle's breakpoints is also cut at each of them (split_at_breakpoints); one
// without is split as psql would split it.
std::vector<Piece> split_statements(const std::string& script) {
  std::vector<Piece> pieces = split_at_semicolons(script);
  if (script.find(kStatementBreakpoint) == std::string::npos) return pieces;
  return split_at_breakpoints(script, std::move(pieces));
}

// The SQL, libpg_query's parse result and the tree read from its JSON where the result holds
// it: one allocation for all three, and neither text copied nor kept twice (JsonTree::parse
// took a std::string copy of the JSON; each statement kept a copy of its SQL).
struct ParseResultTree {
  explicit ParseResultTree(std::string text)
      : sql(std::move(text)),
        result(parse_with_stack(pg_query_parse, sql.c_str(), sql.size())),
        tree(result->error != nullptr ? std::string_view("") : result->parse_tree) {}
  const std::string sql;
  ParseHandle result;
  JsonTree tree;
};

// The tree, sharing ownership of the result that holds its text.
std::shared_ptr<const JsonTree> tree_of(const std::shared_ptr<const ParseResultTree>& parsed) {
  return std::shared_ptr<const JsonTree>(parsed, &parsed->tree);
}

// The offset just after the last token of `text`: blanks and comments after it left out.
std::size_t end_of_last_token(std::string_view text) {
  std::size_t last = 0;
  for (std::size_t at = skip_blanks_and_comments(text, 0); at < text.size();
       at = skip_blanks_and_comments(text, last)) {
    const std::size_t next = skip_quoted_or_comment(text, at);
    last = next == at ? at + 1 : next;
  }
  return last;
}

// cursorpos counts characters from 1 (0 = no position); locations elsewhere count bytes.
// "at end of input" is one past the text, which ends with the block's last line end: the
// error is placed after the last token instead, on the line the statement stops.
std::size_t error_offset(std::string_view text, std::size_t text_offset_in_body, int cursorpos) {
  if (cursorpos <= 0) return text_offset_in_body;
  const std::size_t at =
      LineIndex::advance_characters(text, 0, static_cast<std::size_t>(cursorpos - 1));
  const std::size_t last_byte = text.find_last_not_of(" \t\r\n\f");
  if (last_byte == std::string_view::npos || at <= last_byte) return text_offset_in_body + at;
  return text_offset_in_body + std::min(at, end_of_last_token(text));
}

// PostgreSQL quotes the token it stopped at, and the token of an unterminated string, quoted
// name, dollar-quoted body or comment is the rest of the script: cut at its first line end and
// at kMaxQuotedCharacters characters, the message stays one short line in every format.
constexpr std::size_t kMaxQuotedCharacters = 40;
constexpr std::string_view kAtOrNear = " at or near \"";

}  // namespace

std::string concise_error_message(std::string_view message) {
  const std::size_t quote = message.find(kAtOrNear);
  if (quote == std::string_view::npos || !message.ends_with('"')) return std::string(message);
  const std::size_t token_begin = quote + kAtOrNear.size();
  const std::string_view token = message.substr(token_begin, message.size() - 1 - token_begin);
  std::string_view kept = token.substr(0, token.find_first_of("\r\n"));
  const std::size_t bounded = LineIndex::advance_characters(kept, 0, kMaxQuotedCharacters);
  kept = kept.substr(0, bounded);
  if (kept.size() == token.size()) return std::string(message);
  return std::string(message.substr(0, token_begin)) + std::string(kept) + "\xE2\x80\xA6\"";  // "…"
}

namespace {

ParsedStatement parse_one(std::string text, std::size_t offset_in_body) {
  ParsedStatement statement;
  statement.offset = offset_in_body;
  statement.length = text.size();
  statement.tree_origin = offset_in_body;
  const auto parsed = std::make_shared<const ParseResultTree>(std::move(text));
  statement.text = parsed->sql;
  statement.parse_tree = tree_of(parsed);
  if (const PgQueryError* error = parsed->result->error; error != nullptr) {
    statement.error = SyntaxError{concise_error_message(error->message),
                                  error_offset(parsed->sql, offset_in_body, error->cursorpos)};
  } else {
    statement.tree = statement.parse_tree->root()["stmts"].first()["stmt"];
  }
  return statement;
}

// The SQL statements of a PL/pgSQL body, each parsed on its own at its place in the body.
// Takes the outer text and offsets by value: appending to script.statements may move the outer.
// `outer_tree` stays valid: the tree is the statement's own, wherever the statement moves.
void append_inner_statements(std::string outer_text, std::size_t outer_offset, JsonNode outer_tree,
                             std::size_t tree_offset, ParsedScript& script) {
  const bool function_body = !outer_tree["CreateFunctionStmt"].is_null();
  PlpgsqlBody body = read_plpgsql_body(outer_text, outer_tree, tree_offset);
  if (body.error) {
    script.errors.push_back(
        SyntaxError{concise_error_message(body.error->message), outer_offset + body.error->offset});
    return;
  }
  for (EmbeddedStatement& embedded : body.statements) {
    ParsedStatement inner = parse_one(std::move(embedded.query), outer_offset + embedded.offset);
    inner.in_do_block = true;
    inner.in_function_body = function_body;
    if (inner.error) script.errors.push_back(*inner.error);
    if (inner.error || !inner.tree.is_null()) script.statements.push_back(std::move(inner));
  }
}

// Adds a parsed statement (or its error), then the statements of its PL/pgSQL body.
void append_statement(ParsedStatement statement, ParsedScript& script) {
  if (statement.error) script.errors.push_back(*statement.error);
  if (!statement.error && statement.tree.is_null()) return;  // comments only
  const bool has_body = has_plpgsql_body(statement);
  script.statements.push_back(std::move(statement));
  if (has_body) {
    const ParsedStatement& outer = script.statements.back();
    append_inner_statements(std::string(outer.text), outer.offset, outer.tree,
                            outer.offset - outer.tree_origin, script);
  }
}

// `word` (lowercase) at `at` in any case, as a whole word.
bool is_word_at(std::string_view text, std::size_t at, std::string_view word) {
  if (at + word.size() > text.size()) return false;
  if (at > 0 && is_word_byte(text[at - 1])) return false;
  if (at + word.size() < text.size() && is_word_byte(text[at + word.size()])) return false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[at + i])) != word[i]) return false;
  }
  return true;
}

// BEGIN ATOMIC opens a SQL-standard function body (PostgreSQL 14+): the one place where
// PostgreSQL's grammar takes a ';' inside a statement outside parentheses.
bool opens_atomic_body(std::string_view text) {
  for (std::size_t at = 0; at < text.size(); ++at) {
    // A 'b' first: the statement that failed may be the whole rest of a long script (an
    // unterminated string takes it all), and a word test at every byte cost ~25 instructions.
    if ((text[at] | 0x20) != 'b' || !is_word_at(text, at, "begin")) continue;
    std::size_t next = at + 5;
    while (next < text.size() && is_space(text[next])) ++next;
    if (is_word_at(text, next, "atomic")) return true;
  }
  return false;
}

// The scanner split cuts a BEGIN ATOMIC body at each of its ';': the piece that closes it is
// the next one that starts with END (a transaction's END cannot stand inside the body).
std::optional<std::size_t> atomic_body_end(std::string_view text, const std::vector<Piece>& pieces,
                                           std::size_t opening) {
  for (std::size_t i = opening + 1; i < pieces.size(); ++i) {
    if (is_word_at(text, skip_blanks_and_comments(text, pieces[i].begin), "end")) return i;
  }
  return std::nullopt;
}

// psql reads a line that starts with a backslash as a meta-command (`\c db`, `\i file`,
// `\set ON_ERROR_STOP on`) up to its end, and the statement after it from the next line on. Each
// at the start of the piece from `begin` is an error of its own; returns where the SQL starts.
std::size_t skip_meta_commands(std::string_view text, std::size_t begin, std::size_t end,
                               std::size_t base_offset, ParsedScript& script) {
  while (begin < end && text[begin] == '\\') {
    const std::size_t line_end = std::min(text.find('\n', begin), end);
    std::string_view command = text.substr(begin, line_end - begin);
    while (!command.empty() && is_space(command.back())) command.remove_suffix(1);
    script.errors.push_back(SyntaxError{std::string(command), base_offset + begin, true});
    begin = skip_blanks_and_comments(text.substr(0, end), line_end);
  }
  return begin;
}

ParsedScript statement_by_statement(const std::string& text, std::size_t base_offset) {
  ParsedScript script;
  const std::vector<Piece> pieces = split_statements(text);
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    const std::size_t begin = skip_meta_commands(
        text, skip_blanks_and_comments(text, pieces[i].begin), pieces[i].end, base_offset, script);
    if (begin >= pieces[i].end) continue;
    ParsedStatement statement =
        parse_one(text.substr(begin, pieces[i].end - begin), base_offset + begin);
    // Only a piece that fails is joined to the rest of its body: BEGIN ATOMIC END is whole.
    if (statement.error && opens_atomic_body(statement.text)) {
      if (const std::optional<std::size_t> last = atomic_body_end(text, pieces, i)) {
        statement = parse_one(text.substr(begin, pieces[*last].end - begin), base_offset + begin);
        i = *last;
      }
    }
    append_statement(std::move(statement), script);
  }
  return script;
}

// One parser run for a script that parses: a statement's span is where the scanner split
// would put it (after the previous ';', up to its own; stmt_len 0 is "to the end").
// Takes the parse of the whole script, made by the caller.
std::optional<ParsedScript> parse_whole(const std::shared_ptr<const ParseResultTree>& parsed,
                                        std::size_t base_offset) {
  if (parsed->result->error != nullptr) return std::nullopt;
  const std::string_view text = parsed->sql;
  const std::shared_ptr<const JsonTree> tree = tree_of(parsed);
  const JsonNode statements = tree->root()["stmts"];
  ParsedScript script;
  // Room for each statement (PL/pgSQL bodies may add more): growing one at a time moved every
  // statement over again (a malloc and ~100 instructions a statement).
  script.statements.reserve(statements.size());
  // drizzle-kit writes its breakpoints between statements; one inside a statement means drizzle
  // runs the statement in pieces: the script is then read chunk by chunk, as drizzle runs it.
  std::size_t breakpoint = text.find(kStatementBreakpoint);
  for (JsonNode raw : statements) {
    const auto location = static_cast<std::size_t>(raw["stmt_location"].integer());
    const auto length = static_cast<std::size_t>(raw["stmt_len"].integer());
    const std::size_t end = length == 0 ? text.size() : std::min(location + length, text.size());
    const std::size_t begin = skip_blanks_and_comments(text, location);
    if (begin >= end) continue;
    while (breakpoint < begin) breakpoint = text.find(kStatementBreakpoint, breakpoint + 1);
    if (breakpoint < end && next_breakpoint(text, begin, end) != std::string_view::npos) {
      return std::nullopt;
    }
    ParsedStatement statement;
    statement.offset = base_offset + begin;
    statement.length = end - begin;
    statement.text = text.substr(begin, end - begin);  // a view: `tree` owns the text
    statement.parse_tree = tree;
    statement.tree = raw["stmt"];
    statement.tree_origin = base_offset;
    append_statement(std::move(statement), script);
  }
  return script;
}

}  // namespace

// The keywords of gram.y's `stmt`, lowercase and sorted.
bool is_statement_keyword(std::string_view word) {
  static constexpr std::string_view kKeywords[] = {
      "abort",   "alter",   "analyse", "analyze", "begin",    "call",      "checkpoint",
      "close",   "cluster", "comment", "commit",  "copy",     "create",    "deallocate",
      "declare", "delete",  "discard", "do",      "drop",     "end",       "execute",
      "explain", "fetch",   "grant",   "import",  "insert",   "listen",    "load",
      "lock",    "merge",   "move",    "notify",  "prepare",  "reassign",  "refresh",
      "reindex", "release", "reset",   "revoke",  "rollback", "savepoint", "security",
      "select",  "set",     "show",    "start",   "table",    "truncate",  "unlisten",
      "update",  "vacuum",  "values",  "with"};
  if (word.size() > 16) return false;
  char folded[16];
  for (std::size_t i = 0; i < word.size(); ++i) folded[i] = static_cast<char>(word[i] | 0x20);
  return std::binary_search(std::begin(kKeywords), std::end(kKeywords),
                            std::string_view(folded, word.size()));
}

bool has_plpgsql_body(const ParsedStatement& statement) {
  if (statement.error) return false;
  const JsonNode tree = statement.tree;
  if (JsonNode block = tree["DoStmt"]; !block.is_null()) {
    for (JsonNode arg : block["args"]) {
      const JsonNode element = arg["DefElem"];
      if (element["defname"].string_is("language")) {
        return element["arg"]["String"]["sval"].string_is("plpgsql");
      }
    }
    return true;  // DO defaults to PL/pgSQL
  }
  if (JsonNode function = tree["CreateFunctionStmt"]; !function.is_null()) {
    for (JsonNode option : function["options"]) {
      const JsonNode element = option["DefElem"];
      if (element["defname"].string_is("language")) {
        return element["arg"]["String"]["sval"].string_is("plpgsql");
      }
    }
  }
  return false;
}

// The scanner split and a parser run per statement are what let one typo cost one statement;
// a script without errors gets the same statements from one run.
ParsedScript parse_script(std::string_view source, std::size_t base_offset) {
  // libpg_query wants a NUL-terminated string: the copy is kept with the parse, and the
  // statements' texts view it.
  const auto parsed = std::make_shared<const ParseResultTree>(std::string(source));
  if (std::optional<ParsedScript> script = parse_whole(parsed, base_offset)) {
    return std::move(*script);
  }
  return statement_by_statement(parsed->sql, base_offset);
}

ParsedScript parse_script_statement_by_statement(std::string_view source, std::size_t base_offset) {
  return statement_by_statement(std::string(source), base_offset);
}

Result<std::string> fingerprint(std::string_view sql) {
  const std::string text(sql);
  FingerprintHandle result(parse_with_stack(pg_query_fingerprint, text.c_str(), text.size()));
  if (result->error != nullptr) return make_error(result->error->message);
  return std::string(result->fingerprint_str);
}

// pg_query_exit() must not be called here: in libpg_query 15-4.0.0 it frees the thread's
// memory context but leaves the thread marked initialised and the exit key pointing at the
// freed context, so the next parse on the thread is a use-after-free and the thread's end a
// double free (both reproduced under ASan). The library's own thread-exit hook frees it once.
void release_thread_memory() {}

}  // namespace issuelint::sql
