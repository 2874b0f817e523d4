#include "rules/drizzle/typescript_lexer.h"

#include <array>
#include <set>
#include <string_view>

namespace issuelint::drizzle {
namespace {

bool is_identifier_start(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$' || c >= 0x80;
}
bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

// The bytes a word (identifier or number) goes on with, as one table look-up per byte.
const std::array<bool, 256> kWordBytes = [] {
  std::array<bool, 256> table{};
  for (std::size_t c = 0; c < table.size(); ++c) {
    const auto byte = static_cast<unsigned char>(c);
    table[c] = is_identifier_start(byte) || is_digit(byte);
  }
  return table;
}();

class Lexer {
 public:
  Lexer(std::string_view source, std::size_t base) : source_(source), base_(base) {}

  std::vector<Token> run() {
    tokens_.reserve(source_.size() / 4 + 16);  // a schema has about one token per 3-4 bytes
    while (at_ < source_.size()) next();
    return std::move(tokens_);
  }

 private:
  char peek(std::size_t ahead = 0) const {
    return at_ + ahead < source_.size() ? source_[at_ + ahead] : '\0';
  }

  void next() {
    const auto c = static_cast<unsigned char>(peek());
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++at_;
    } else if (c == '/' && peek(1) == '/') {
      skip_line_comment();
    } else if (c == '/' && peek(1) == '*') {
      skip_block_comment();
    } else if (c == '\'' || c == '"') {
      quoted_string(static_cast<char>(c));
    } else if (c == '`') {
      template_literal();
    } else if (c == '/' && regex_may_start()) {
      regex_literal();
    } else if (is_identifier_start(c)) {
      word(TokenKind::identifier);
    } else if (is_digit(c)) {
      word(TokenKind::number);
    } else {
      tokens_.push_back(
          Token{TokenKind::punctuation, std::string(1, static_cast<char>(c)), base_ + at_});
      ++at_;
    }
  }

  // `/` starts a regular expression where an expression may start, and divides after an
  // operand: the usual rule for lexing JavaScript without a parser.
  bool regex_may_start() const {
    static const std::set<std::string_view> keywords = {
        "return", "typeof", "case",  "do",   "else",   "in",    "instanceof",
        "new",    "of",     "throw", "void", "delete", "yield", "await"};
    if (tokens_.empty()) return true;
    const Token& previous = tokens_.back();
    switch (previous.kind) {
      case TokenKind::punctuation:
        return previous.value != ")" && previous.value != "]" && previous.value != "}";
      case TokenKind::identifier:
        return keywords.contains(previous.value);
      default:
        return false;
    }
  }

  // `/[^'"]+/g`: quotes and slashes inside a class or escaped do not end anything. A regex
  // cannot span lines; an unterminated one was a division after all.
  void regex_literal() {
    const std::size_t begin = at_++;
    bool in_class = false;
    while (at_ < source_.size() && source_[at_] != '\n') {
      const char c = source_[at_];
      if (c == '\\') {
        at_ += 2;
        continue;
      }
      ++at_;
      if (c == '[') in_class = true;
      if (c == ']') in_class = false;
      if (c == '/' && !in_class) {
        while (at_ < source_.size() &&
               is_identifier_start(static_cast<unsigned char>(source_[at_]))) {
          ++at_;
        }
        tokens_.push_back(Token{TokenKind::regex, std::string(source_.substr(begin, at_ - begin)),
                                base_ + begin});
        return;
      }
    }
    at_ = begin + 1;
    tokens_.push_back(Token{TokenKind::punctuation, "/", base_ + begin});
  }

  void skip_line_comment() {
    while (at_ < source_.size() && source_[at_] != '\n') ++at_;
  }

  void skip_block_comment() {
    const std::size_t end = source_.find("*/", at_ + 2);
    at_ = end == std::string_view::npos ? source_.size() : end + 2;
  }

  void word(TokenKind kind) {
    const std::size_t begin = at_;
    while (at_ < source_.size() && kWordBytes[static_cast<unsigned char>(source_[at_])]) ++at_;
    tokens_.push_back(Token{kind, std::string(source_.substr(begin, at_ - begin)), base_ + begin});
  }

  // A string ends at its quote or, unterminated, at the end of the line (as TypeScript says).
  void quoted_string(char quote) {
    const std::size_t begin = at_++;
    std::string value;
    while (at_ < source_.size() && source_[at_] != quote && source_[at_] != '\n') {
      if (source_[at_] == '\\' && at_ + 1 < source_.size()) ++at_;
      value.push_back(source_[at_++]);
    }
    if (peek() == quote) ++at_;
    tokens_.push_back(Token{TokenKind::string, std::move(value), base_ + begin});
  }

  // `text ${ expression } text`: the expression may hold braces, strings and nested templates.
  void template_literal() {
    const std::size_t begin = at_++;
    std::string leading_text;
    bool substituted = false;
    while (at_ < source_.size() && source_[at_] != '`') {
      if (source_[at_] == '\\' && at_ + 1 < source_.size()) {
        if (!substituted) leading_text.push_back(source_[at_ + 1]);
        at_ += 2;
      } else if (source_[at_] == '$' && peek(1) == '{') {
        substituted = true;
        at_ += 2;
        skip_substitution();
      } else {
        if (!substituted) leading_text.push_back(source_[at_]);
        ++at_;
      }
    }
    if (peek() == '`') ++at_;
    tokens_.push_back(Token{substituted ? TokenKind::template_string : TokenKind::string,
                            std::move(leading_text), base_ + begin});
  }

  // Lexes the substitution with a nested lexer state and drops its tokens: only the braces
  // matter, and strings or templates inside may hold braces of their own.
  void skip_substitution() {
    int depth = 1;
    while (at_ < source_.size() && depth > 0) {
      const char c = source_[at_];
      const std::size_t before = tokens_.size();
      if (c == '{') {
        ++depth;
        ++at_;
      } else if (c == '}') {
        --depth;
        ++at_;
      } else {
        next();
        tokens_.resize(before);
      }
    }
  }

  std::string_view source_;
  std::size_t base_;
  std::size_t at_ = 0;
  std::vector<Token> tokens_;
};

}  // namespace

std::vector<Token> tokenize_typescript(std::string_view source, std::size_t base_offset) {
  return Lexer(source, base_offset).run();
}

}  // namespace issuelint::drizzle
