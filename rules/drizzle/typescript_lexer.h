// A small, honest TypeScript lexer: enough to read a Drizzle schema without being fooled by
// a `pgTable(` inside a string, a comment, a template literal or a regular expression (zod
// refinements next to the schema hold quotes in regexes). Not a parser.
#pragma once

#include <cstddef>
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
  std::string value;
  std::size_t offset = 0;  // byte offset of the token's first byte, plus the base offset
};

// Comments (// and /* */) are skipped; `base_offset` is added to every token offset.
std::vector<Token> tokenize_typescript(std::string_view source, std::size_t base_offset = 0);

}  // namespace issuelint::drizzle
