#include "rules/sql/plpgsql_body.h"

#include <pg_query.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <string_view>
#include <utility>

#include "parser/line_index.h"
#include "rules/sql/parser_stack.h"
#include "rules/sql/pg_query_handle.h"

namespace issuelint::sql {
namespace {

constexpr std::size_t kNone = std::string_view::npos;

// Placing a compile error parses each statement from line N on, and again from each THEN or
// ELSE in it (libpg_query copies the text it parses): at most this many times the body's bytes,
// so a statement with a CASE of thousands of THENs costs a few parses of the body, not one per
// THEN. Past that, the error stays on line N. Only a body that does not compile pays.
constexpr std::size_t kParsesPerByte = 8;

std::size_t word_end(std::string_view text, std::size_t at) {
  while (at < text.size() && is_word_byte(text[at])) ++at;
  return at;
}

// `word` is `lowercase` (a keyword) in any case.
bool same_word(std::string_view word, std::string_view lowercase) {
  return std::equal(word.begin(), word.end(), lowercase.begin(), lowercase.end(),
                    [](char a, char b) { return (a | 0x20) == b; });
}

// The next offset from `at` (outside comments and quotes) that is outside them too.
std::size_t next_code_byte(std::string_view text, std::size_t at) {
  const std::size_t next = skip_quoted_or_comment(text, at);
  return next == at ? at + 1 : next;
}

// The first word or ';' in [at, end) outside comments and quotes; `end` when there is none.
std::size_t next_token(std::string_view text, std::size_t at, std::size_t end) {
  while (at < end) {
    const std::size_t next = skip_quoted_or_comment(text, at);  // a '$' may open a quote
    if (next == at && (is_word_byte(text[at]) || text[at] == ';')) break;
    at = next == at ? at + 1 : next;
  }
  return std::min(at, end);
}

// Line starts as PL/pgSQL counts lines (at '\n'), found going forward from the last one asked.
class LineStarts {
 public:
  explicit LineStarts(std::string_view text) : text_(text) {}

  std::size_t operator()(long long line) {
    if (line < line_) {
      line_ = 1;
      at_ = 0;
    }
    for (; line_ < line; ++line_) {
      const std::size_t newline = text_.find('\n', at_);
      if (newline == kNone) break;
      at_ = newline + 1;
    }
    return at_;
  }

 private:
  std::string_view text_;
  long long line_ = 1;
  std::size_t at_ = 0;
};

// The body's string constant starts at `at` in the statement, or after the AS at `at` (a
// function's option is placed at its keyword): its first byte ('$', the quote or the E of
// E'…'), or kNone.
std::size_t constant_start(std::string_view outer, std::size_t at) {
  if (at >= outer.size()) return kNone;
  if (same_word(outer.substr(at, word_end(outer, at) - at), "as")) {
    at = skip_blanks_and_comments(outer, at + 2);
  }
  if (at >= outer.size()) return kNone;
  if (outer[at] == '$' || outer[at] == '\'') return at;
  return (outer[at] | 0x20) == 'e' && outer.substr(at + 1, 1) == "'" ? at : kNone;
}

// An E'…' escape at `at` (PostgreSQL's lexer): how many bytes of the constant, and how many of
// the body they stand for. \x and 1-2 hex digits, 1-3 octal digits, \u and 4 hex digits, \U
// and 8 are one character; any other \c is c.
std::pair<std::size_t, std::size_t> escape_size(std::string_view text, std::size_t at) {
  const auto digits = [&](std::size_t from, std::size_t most, bool hex) {
    std::size_t count = 0;
    for (; count < most && from + count < text.size(); ++count) {
      const char c = text[from + count];
      if (hex ? std::isxdigit(static_cast<unsigned char>(c)) == 0 : (c < '0' || c > '7')) break;
    }
    return count;
  };
  const char kind = at + 1 < text.size() ? text[at + 1] : '\0';
  if (kind == 'x') return {2 + digits(at + 2, 2, true), 1};
  if (kind >= '0' && kind <= '7') return {1 + digits(at + 1, 3, false), 1};
  const std::size_t code_digits = kind == 'u' ? 4 : kind == 'U' ? 8 : 0;
  if (code_digits == 0 || digits(at + 2, code_digits, true) != code_digits) return {2, 1};
  const unsigned long code =
      std::strtoul(std::string(text.substr(at + 2, code_digits)).c_str(), nullptr, 16);
  return {2 + code_digits, code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4};
}

// The body libpg_query compiles, and where each of its bytes stands in the statement: one for
// one in a dollar quote (the usual case, read without a copy); in '…' a doubled quote, and in
// E'…' an escape, are more bytes than the body byte they stand for.
class BodyText {
 public:
  BodyText(std::string_view outer, JsonNode tree, std::size_t tree_offset) : outer_(outer) {
    const JsonNode block = tree["DoStmt"];
    for (JsonNode option :
         block.is_null() ? tree["CreateFunctionStmt"]["options"] : block["args"]) {
      const JsonNode element = option["DefElem"];
      if (!element["defname"].string_is("as")) continue;
      const auto location = static_cast<std::size_t>(element["location"].integer());
      const std::size_t literal =
          location >= tree_offset ? constant_start(outer, location - tree_offset) : kNone;
      if (literal == kNone || outer[literal] != '$' || !read_dollar_quote(literal)) {
        read_decoded(element["arg"], literal);
      }
      return;
    }
  }

  BodyText(const BodyText&) = delete;  // text_ may view decoded_
  BodyText& operator=(const BodyText&) = delete;

  std::string_view text() const { return text_; }

  // The statement offset of body byte `offset` (of the escape that stands for it); the
  // constant's start when the body is not found in the statement. Walks forward from the
  // offset asked before: statements are asked for in order.
  std::size_t outer_offset(std::size_t offset) {
    if (begin_ == kNone) return fallback_;
    if (dollar_) return begin_ + offset;
    if (offset < body_at_) {
      body_at_ = 0;
      outer_at_ = begin_;
    }
    while (body_at_ < offset && outer_at_ < outer_.size()) {
      const auto [outer_bytes, body_bytes] = step();
      if (body_at_ + body_bytes > offset) break;
      outer_at_ += outer_bytes;
      body_at_ += body_bytes;
    }
    return std::min(outer_at_, outer_.size());
  }

 private:
  bool read_dollar_quote(std::size_t literal) {
    const std::size_t tag_end = outer_.find('$', literal + 1);
    if (tag_end == kNone) return false;
    const std::string_view tag = outer_.substr(literal, tag_end + 1 - literal);
    const std::size_t close = outer_.find(tag, tag_end + 1);
    if (close == kNone) return false;
    begin_ = tag_end + 1;
    fallback_ = literal;
    dollar_ = true;
    text_ = outer_.substr(begin_, close - begin_);
    return true;
  }

  // The body as the tree holds it, mapped through the quotes (and escapes) of its constant.
  void read_decoded(JsonNode body, std::size_t literal) {
    decoded_ = (body.contains("List") ? body["List"]["items"][0] : body)["String"]["sval"].string();
    text_ = decoded_;
    if (literal != kNone && outer_[literal] != '$') {
      fallback_ = literal;
      escapes_ = outer_[literal] != '\'';
      begin_ = literal + (escapes_ ? 2 : 1);
      outer_at_ = begin_;
    } else if (const std::size_t found = outer_.find(text_); found != kNone && !text_.empty()) {
      begin_ = found;  // not where the tree places it: found as written, as a last resort
      dollar_ = true;
    }
  }

  // The constant's bytes at the cursor, and the body bytes they stand for.
  std::pair<std::size_t, std::size_t> step() const {
    if (outer_[outer_at_] == '\'') return {2, 1};
    if (!escapes_ || outer_[outer_at_] != '\\') return {1, 1};
    return escape_size(outer_, outer_at_);
  }

  std::string_view outer_;
  std::string decoded_;  // the body from the tree, when it is not verbatim in the statement
  std::string_view text_;
  std::size_t fallback_ = 0;
  std::size_t begin_ = kNone;  // the body's first byte in the statement
  bool dollar_ = false;
  bool escapes_ = false;
  std::size_t body_at_ = 0;  // the cursor: a body byte and where it stands in the statement
  std::size_t outer_at_ = 0;
};

// PL/pgSQL keeps an embedded statement's text as written, but for an INTO clause, which it
// blanks out: a space in the query stands for any byte of the body.
bool written_at(std::string_view body, std::size_t at, std::string_view query) {
  if (body.size() - at < query.size()) return false;
  for (std::size_t i = 0; i < query.size(); ++i) {
    if (query[i] != body[at + i] && query[i] != ' ') return false;
  }
  return true;
}

// Where `query` is written, starting on the line that starts at `line`, outside comments and
// quotes: lexed from `code_at` (which stands outside them). kNone when it is not.
std::size_t find_written(std::string_view body, std::size_t code_at, std::size_t line,
                         std::string_view query) {
  const std::size_t line_end = body.find('\n', line);
  const std::size_t last = line_end == kNone ? body.size() : line_end;
  for (std::size_t at = code_at; at <= last && at < body.size(); at = next_code_byte(body, at)) {
    if (at >= line && written_at(body, at, query)) return at;
  }
  return kNone;
}

// Each statement is searched for on the line libpg_query gives it (its first token's), after
// the statement before it, so a comment or a string holding the same text is passed over. The
// flat node array holds them in the order they are written (a block's statements, then its
// handlers; an IF's THEN, ELSIF and ELSE parts), as the forward search needs.
std::vector<EmbeddedStatement> place_statements(JsonNode functions, BodyText& body) {
  std::vector<EmbeddedStatement> statements;
  LineStarts line_start(body.text());
  std::size_t code_at = 0;  // the end of the statement before: outside comments and quotes
  for (JsonNode statement : functions.members_named("PLpgSQL_stmt_execsql")) {
    const JsonNode query = statement["sqlstmt"]["PLpgSQL_expr"]["query"];
    if (!query.is_string()) continue;
    EmbeddedStatement embedded{query.string()};
    const std::size_t line = line_start(std::max(1LL, statement["lineno"].integer()));
    std::size_t at = find_written(body.text(), code_at, line, embedded.query);
    if (at == kNone) {
      at = std::min(body.text().find_first_not_of(" \t", line), body.text().size());
    } else {
      code_at = at + embedded.query.size();
    }
    embedded.offset = body.outer_offset(at);
    statements.push_back(std::move(embedded));
  }
  return statements;
}

// "compilation of PL/pgSQL function ... near line N": N, or 1 when the context says none.
long long context_line(const char* context) {
  const std::string_view text = context == nullptr ? "" : context;
  const std::size_t at = text.rfind("near line ");
  if (at == kNone) return 1;
  return std::max(1LL, std::strtoll(context + at + 10, nullptr, 10));
}

// What PostgreSQL's parser made of a statement: it parsed, or it failed with the message being
// placed (at `error_at`, a body offset), or it failed otherwise.
struct Attempt {
  bool parses = false;
  std::optional<std::size_t> error_at;
};

// Parses `sql`, whose byte i stands for body byte `base + i - prefix` (the bytes of a prefix
// PL/pgSQL adds stand for `base`).
Attempt parse_attempt(const std::string& sql, std::size_t base, std::size_t prefix,
                      std::string_view message) {
  ParseHandle parsed(parse_with_stack(pg_query_parse, sql.c_str(), sql.size()));
  if (parsed->error == nullptr) return Attempt{true, std::nullopt};
  if (message != parsed->error->message) return {};
  const int cursor = parsed->error->cursorpos;  // characters, from 1
  const std::size_t at =
      cursor <= 0 ? 0 : LineIndex::advance_characters(sql, 0, static_cast<std::size_t>(cursor - 1));
  return Attempt{false, base + (at > prefix ? at - prefix : 0)};
}

// PL/pgSQL ends a statement at a ';' outside comments and quotes; parentheses do not count
// (`INSERT … VALUES (;` ends there, and PostgreSQL's parser fails at its end).
std::size_t statement_end(std::string_view body, std::size_t at) {
  while (at < body.size() && body[at] != ';') at = next_code_byte(body, at);
  return std::min(at, body.size());
}

// The first word `keyword` in [at, end) outside comments and quotes, or `end`.
std::size_t keyword_at(std::string_view body, std::size_t at, std::size_t end,
                       std::string_view keyword) {
  for (at = next_token(body, at, end); at < end; at = next_token(body, at, end)) {
    const std::size_t stop = std::max(word_end(body, at), at + 1);
    if (same_word(body.substr(at, stop - at), keyword)) return at;
    at = stop;
  }
  return end;
}

// Parses the PL/pgSQL statement that starts with the word [at, word_stop) and ends at `end` as
// PL/pgSQL hands it to PostgreSQL's parser: PERFORM as a SELECT; an IF's, ELSIF's or WHILE's
// condition, or a RETURN's or an assignment's expression, on its own (whether those parse says
// nothing of the statements after their THEN or LOOP).
Attempt parse_statement(std::string_view body, std::size_t at, std::size_t word_stop,
                        std::size_t end, std::string_view message) {
  const std::string_view word = body.substr(at, word_stop - at);
  const auto expression = [&](std::size_t from, std::size_t to) {
    const std::string sql = "SELECT " + std::string(body.substr(from, to - from));
    return Attempt{false, parse_attempt(sql, from, 7, message).error_at};
  };
  if (same_word(word, "perform")) {  // the same length: PL/pgSQL's own substitution
    return parse_attempt(" SELECT" + std::string(body.substr(word_stop, end - word_stop)), at, 0,
                         message);
  }
  if (same_word(word, "if") || same_word(word, "elsif")) {
    return expression(word_stop, keyword_at(body, word_stop, end, "then"));
  }
  if (same_word(word, "while")) {
    return expression(word_stop, keyword_at(body, word_stop, end, "loop"));
  }
  if (same_word(word, "return")) return expression(word_stop, end);
  const std::size_t after = skip_blanks_and_comments(body.substr(0, end), word_stop);
  if (body.substr(after, 2) == ":=") return expression(after + 2, end);
  return parse_attempt(std::string(body.substr(at, end - at)), at, 0, message);
}

// After these, a word starts a statement.
bool opens_statements(std::string_view word) {
  return same_word(word, "begin") || same_word(word, "then") || same_word(word, "else") ||
         same_word(word, "loop") || same_word(word, "query");
}

// libpg_query gives a body's compile error no position, only "near line N": the line of the
// last statement the compiler placed, which is the failing one (an error in a PERFORM, an
// assignment) or one before it (an error in an SQL statement, placed once it parsed). PL/pgSQL
// hands each statement's SQL to PostgreSQL's parser, so the first statement from line N on that
// fails the same way, handed over the same way, holds the error. Searched only when a body fails.
std::size_t compile_error_offset(std::string_view body, const PgQueryError& error) {
  const std::size_t from = LineStarts(body)(context_line(error.context));
  bool starts_statement = true;
  std::size_t end = kNone;  // the current statement's end, once needed
  std::size_t budget = kParsesPerByte * body.size();
  for (std::size_t at = next_token(body, 0, body.size()); at < body.size();
       at = next_token(body, at, body.size())) {
    if (body[at] == ';') {
      starts_statement = true;
      end = kNone;
      ++at;
      continue;
    }
    const std::size_t word_stop = word_end(body, at);
    if (starts_statement && at >= from) {
      if (end == kNone) end = statement_end(body, at);
      if (end - at > budget) break;
      budget -= end - at;
      const Attempt attempt = parse_statement(body, at, word_stop, end, error.message);
      if (attempt.error_at) return *attempt.error_at;
      if (attempt.parses) {  // an SQL statement: a THEN or ELSE in it is a CASE's
        at = end;
        continue;
      }
    }
    starts_statement = opens_statements(body.substr(at, word_stop - at));
    at = word_stop;
  }
  return skip_blanks_and_comments(body, from);  // no statement fails so: the line itself
}

}  // namespace

PlpgsqlBody read_plpgsql_body(const std::string& outer_text, JsonNode outer_tree,
                              std::size_t tree_offset) {
  PlpgsqlBody result;
  BodyText body(outer_text, outer_tree, tree_offset);
  PlpgsqlHandle parsed(
      parse_with_stack(pg_query_parse_plpgsql, outer_text.c_str(), outer_text.size()));
  if (const PgQueryError* error = parsed->error; error != nullptr) {
    result.error =
        SyntaxError{error->message, body.outer_offset(compile_error_offset(body.text(), *error))};
    return result;
  }
  const auto functions = JsonTree::parse(parsed->plpgsql_funcs);
  result.statements = place_statements(functions->root(), body);
  return result;
}

}  // namespace issuelint::sql
