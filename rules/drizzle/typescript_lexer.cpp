#include "rules/drizzle/typescript_lexer.h"

#include <array>
#include <set>
#include <string_view>

namespace issuelint::drizzle {
namespace {

bool is_identifier_start(unsigned char c) {
  // (c | 0x20) folds 'A'-'Z' onto 'a'-'z' and nothing else onto them: one range test for both.
  return static_cast<unsigned char>((c | 0x20) - 'a') < 26 || c == '_' || c == '$' || c >= 0x80;
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
  // Writes into `out`, emptied first.
  Lexer(std::string_view source, std::size_t base, TypeScriptTokens& out)
      : source_(source), base_(base), tokens_(out.tokens), unescaped_(out.unescaped) {
    tokens_.clear();
    unescaped_.clear();
  }

  void run() {
    tokens_.reserve(source_.size() / 4 + 16);  // a schema has about one token per 3-4 bytes
    while (at_ < source_.size()) next();
  }

 private:
  char peek(std::size_t ahead = 0) const {
    return at_ + ahead < source_.size() ? source_[at_ + ahead] : '\0';
  }

  // A token starting at `begin` whose value is the source from `value_begin` to `value_end`.
  void add(TokenKind kind, std::size_t begin, std::size_t value_begin, std::size_t value_end) {
    tokens_.push_back(
        Token{kind, source_.substr(value_begin, value_end - value_begin), base_ + begin});
  }
  // A token whose value is its own text, from `begin` to `end`.
  void add(TokenKind kind, std::size_t begin, std::size_t end) { add(kind, begin, begin, end); }

  // A token whose value is text of its own (a string with escapes resolved).
  void add_unescaped(TokenKind kind, std::string value, std::size_t begin) {
    unescaped_.push_front(std::move(value));
    tokens_.push_back(Token{kind, unescaped_.front(), base_ + begin});
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
      add(TokenKind::punctuation, at_, at_ + 1);
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
  // cannot span lines; an unterminated one was a division after all. Looked for over at most
  // kMaxRegex bytes: each `/` of a long line of unterminated classes scanned to the line's end,
  // which made such a line quadratic (80,000 `/[` took 4.4 s); a schema's regex is short.
  void regex_literal() {
    constexpr std::size_t kMaxRegex = 1024;
    const std::size_t begin = at_++;
    const std::size_t limit = std::min(source_.size(), begin + kMaxRegex);
    bool in_class = false;
    while (at_ < limit && source_[at_] != '\n') {
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
        add(TokenKind::regex, begin, at_);
        return;
      }
    }
    at_ = begin + 1;
    add(TokenKind::punctuation, begin, begin + 1);
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
    // Locals: stepping the member reloaded it and the source's bounds at every byte.
    const char* const bytes = source_.data();
    const std::size_t size = source_.size();
    std::size_t at = at_ + 1;  // the first byte starts the word
    while (at < size && kWordBytes[static_cast<unsigned char>(bytes[at])]) ++at;
    at_ = at;
    add(kind, begin, at);
  }

  // A string ends at its quote or, unterminated, at the end of the line (as TypeScript says).
  // Its value is a view of the source unless it holds an escape.
  void quoted_string(char quote) {
    const std::size_t begin = at_++;
    while (at_ < source_.size() && source_[at_] != quote && source_[at_] != '\n') {
      if (escape_at(at_)) {
        at_ = begin + 1;
        return quoted_string_with_escapes(quote, begin);
      }
      ++at_;
    }
    add(TokenKind::string, begin, begin + 1, at_);
    if (peek() == quote) ++at_;
  }
  // A backslash that escapes the byte after it (one at the very end stays itself).
  bool escape_at(std::size_t at) const { return source_[at] == '\\' && at + 1 < source_.size(); }

  void quoted_string_with_escapes(char quote, std::size_t begin) {
    std::string value;
    while (at_ < source_.size() && source_[at_] != quote && source_[at_] != '\n') {
      if (escape_at(at_)) ++at_;
      value.push_back(source_[at_++]);
    }
    if (peek() == quote) ++at_;
    add_unescaped(TokenKind::string, std::move(value), begin);
  }

  // `text ${ expression } text`: the expression may hold braces, strings and nested templates.
  // The value (the text before any ${) is a view of the source unless it holds an escape.
  void template_literal() {
    const std::size_t begin = at_++;
    std::size_t text_end = std::string_view::npos;  // where the first ${ starts
    while (at_ < source_.size() && source_[at_] != '`') {
      if (escape_at(at_)) {
        if (text_end == std::string_view::npos) {
          at_ = begin + 1;
          return template_literal_with_escapes(begin);
        }
        at_ += 2;
      } else if (source_[at_] == '$' && peek(1) == '{') {
        if (text_end == std::string_view::npos) text_end = at_;
        at_ += 2;
        skip_substitution();
      } else {
        ++at_;
      }
    }
    const bool substituted = text_end != std::string_view::npos;
    add(substituted ? TokenKind::template_string : TokenKind::string, begin, begin + 1,
        substituted ? text_end : at_);
    if (peek() == '`') ++at_;
  }

  void template_literal_with_escapes(std::size_t begin) {
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
    add_unescaped(substituted ? TokenKind::template_string : TokenKind::string,
                  std::move(leading_text), begin);
  }

  // Templates nest through their substitutions (`${`${...}`}`) and each level is a level of
  // recursion: past this depth a substitution's braces are only counted, so a hostile draft
  // cannot exhaust the stack (60,000 levels, a 300 KB draft, crashed `issuelint check`).
  static constexpr int kMaxSubstitutionDepth = 64;

  // Lexes the substitution with a nested lexer state and drops its tokens: only the braces
  // matter, and strings or templates inside may hold braces of their own.
  void skip_substitution() {
    if (substitution_depth_ == kMaxSubstitutionDepth) return skip_braces();
    ++substitution_depth_;
    skip_lexed_substitution();
    --substitution_depth_;
  }

  void skip_lexed_substitution() {
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

  // Up to the brace that closes the substitution, counting braces only (strings and templates
  // inside are not told apart: a deeply nested one may end the substitution early).
  void skip_braces() {
    int depth = 1;
    while (at_ < source_.size() && depth > 0) {
      const char c = source_[at_++];
      if (c == '{') ++depth;
      if (c == '}') --depth;
    }
  }

  std::string_view source_;
  std::size_t base_;
  int substitution_depth_ = 0;
  std::size_t at_ = 0;
  std::vector<Token>& tokens_;
  std::forward_list<std::string>& unescaped_;
};

}  // namespace

TypeScriptTokens tokenize_typescript(std::string_view source, std::size_t base_offset) {
  TypeScriptTokens tokens;
  tokenize_typescript_into(source, base_offset, tokens);
  return tokens;
}

void tokenize_typescript_into(std::string_view source, std::size_t base_offset,
                              TypeScriptTokens& tokens) {
  Lexer(source, base_offset, tokens).run();
}

}  // namespace issuelint::drizzle
