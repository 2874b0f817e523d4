// A small, honest TypeScript lexer: enough to read a Drizzle schema without being fooled by
// a `pgTable(` inside a string, a comment, a template literal or a regular expression (zod
// refinements next to the schema hold quotes in regexes). Not a parser.
#pragma once

#include <cstddef>
#include <forward_list>
#include <string>
#include <string_view>
#include <vector>

namespace issuelint::drizzle {

enum class TokenKind {
  identifier,       // also keywords: `export`, `const`
  string,           // '...' or "..." (value unescaped) or a template literal without ${}
  template_string,  // a template literal with ${...}: value = the text before the first ${
  number,
  regex,        // a regular-expression literal `/.../flags` (value = the whole literal)
  punctuation,  // one character: ( ) { } [ ] , . : ; = > ...
};

struct Token {
  TokenKind kind = TokenKind::punctuation;
  // A view into the source, or into TypeScriptTokens::unescaped for a string with escapes:
  // a schema's ~70 tokens each copied into a std::string cost more than reading the schema.
  std::string_view value;
  std::size_t offset = 0;  // byte offset of the token's first byte, plus the base offset
};

// The tokens of a source; valid while the source lives (and this object: moving it keeps the
// unescaped strings where they are, as a list's nodes stay put).
struct TypeScriptTokens {
  std::vector<Token> tokens;
  std::forward_list<std::string> unescaped;  // the values of strings that held escapes

  std::size_t size() const { return tokens.size(); }
  const Token& operator[](std::size_t index) const { return tokens[index]; }
};

// Comments (// and /* */) are skipped; `base_offset` is added to every token offset.
TypeScriptTokens tokenize_typescript(std::string_view source, std::size_t base_offset = 0);
// tokenize_typescript() into `tokens`, whose previous tokens are dropped and whose room is
// reused: a reader that keeps one spares the ~2 KB allocation a schema's tokens take.
void tokenize_typescript_into(std::string_view source, std::size_t base_offset,
                              TypeScriptTokens& tokens);

}  // namespace issuelint::drizzle
