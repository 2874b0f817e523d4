// The TypeScript lexer's tokens view the source (or, for a string with escapes, text of their
// own): they must read as the lexer that copied every value into a std::string did.
#include "rules/drizzle/typescript_lexer.h"

#include <catch2/catch.hpp>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "tests/sql/fixture_sql.h"

using namespace issuelint::drizzle;

namespace {

struct OwnedToken {
  TokenKind kind = TokenKind::punctuation;
  std::string value;
  std::size_t offset = 0;
  bool operator==(const OwnedToken&) const = default;
};

// The lexer as it was before its tokens became views (every value a std::string), kept whole
// on purpose: the definition the view-making lexer is held to, its unchanged paths included, so
// that a wrong position after a string shows up as the next token's offset.
class ReferenceLexer {
 public:
  ReferenceLexer(std::string_view source, std::size_t base) : source_(source), base_(base) {}

  std::vector<OwnedToken> run() {
    while (at_ < source_.size()) next();
    return std::move(tokens_);
  }

 private:
  static bool is_identifier_start(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$' || c >= 0x80;
  }
  static bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

  char peek(std::size_t ahead = 0) const {
    return at_ + ahead < source_.size() ? source_[at_ + ahead] : '\0';
  }

  void next() {
    const auto c = static_cast<unsigned char>(peek());
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++at_;
    } else if (c == '/' && peek(1) == '/') {
      while (at_ < source_.size() && source_[at_] != '\n') ++at_;
    } else if (c == '/' && peek(1) == '*') {
      const std::size_t end = source_.find("*/", at_ + 2);
      at_ = end == std::string_view::npos ? source_.size() : end + 2;
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
          OwnedToken{TokenKind::punctuation, std::string(1, static_cast<char>(c)), base_ + at_});
      ++at_;
    }
  }

  bool regex_may_start() const {
    static const std::set<std::string_view> keywords = {
        "return", "typeof", "case",  "do",   "else",   "in",    "instanceof",
        "new",    "of",     "throw", "void", "delete", "yield", "await"};
    if (tokens_.empty()) return true;
    const OwnedToken& previous = tokens_.back();
    switch (previous.kind) {
      case TokenKind::punctuation:
        return previous.value != ")" && previous.value != "]" && previous.value != "}";
      case TokenKind::identifier:
        return keywords.contains(previous.value);
      default:
        return false;
    }
  }

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
        tokens_.push_back(OwnedToken{
            TokenKind::regex, std::string(source_.substr(begin, at_ - begin)), base_ + begin});
        return;
      }
    }
    at_ = begin + 1;
    tokens_.push_back(OwnedToken{TokenKind::punctuation, "/", base_ + begin});
  }

  void word(TokenKind kind) {
    const std::size_t begin = at_;
    while (at_ < source_.size() && (is_identifier_start(static_cast<unsigned char>(source_[at_])) ||
                                    is_digit(static_cast<unsigned char>(source_[at_])))) {
      ++at_;
    }
    tokens_.push_back(
        OwnedToken{kind, std::string(source_.substr(begin, at_ - begin)), base_ + begin});
  }

  void quoted_string(char quote) {
    const std::size_t begin = at_++;
    std::string value;
    while (at_ < source_.size() && source_[at_] != quote && source_[at_] != '\n') {
      if (source_[at_] == '\\' && at_ + 1 < source_.size()) ++at_;
      value.push_back(source_[at_++]);
    }
    if (peek() == quote) ++at_;
    tokens_.push_back(OwnedToken{TokenKind::string, std::move(value), base_ + begin});
  }

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
    tokens_.push_back(OwnedToken{substituted ? TokenKind::template_string : TokenKind::string,
                                 std::move(leading_text), base_ + begin});
  }

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
  std::vector<OwnedToken> tokens_;
};

std::vector<OwnedToken> owned(const TypeScriptTokens& tokens) {
  std::vector<OwnedToken> copies;
  for (const Token& token : tokens.tokens) {
    copies.push_back(OwnedToken{token.kind, std::string(token.value), token.offset});
  }
  return copies;
}

// The tokens of `source`, read after the token list was moved twice: a moved list must keep
// its unescaped strings (short ones live inside their std::string) where the views point.
std::vector<OwnedToken> lexed_and_moved(const std::string& source) {
  TypeScriptTokens first = tokenize_typescript(source, 7);
  TypeScriptTokens second = std::move(first);
  std::vector<TypeScriptTokens> holder;
  holder.push_back(std::move(second));
  return owned(holder.back());
}

void check_same_tokens(const std::string& source) {
  INFO(source);
  CHECK(lexed_and_moved(source) == ReferenceLexer(source, 7).run());
}

// Strings, templates and escapes put in and around a source, so that each lexer path (a plain
// string, one with an escape, a template before and after its first ${) meets every fixture.
std::vector<std::string> variants(const std::string& source) {
  std::string crlf;
  for (const char c : source) {
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  return {
      source,
      crlf,
      "const a = 'it\\'s';\n" + source,
      source + "\nconst b = \"tab\\there \\\\ \\\" 😀\";",
      "const t = `pre\\`fix_${name}\\n${`in${'\\''}`}`;\n" + source,
      "const u = `plain ${x} after\\` escape`;" + source,
      source + "\n'unterminated \\",
      source + "`unterminated ${ {",
      "\t" + source + "\t\t// 😀 comment",
      source.substr(0, source.size() / 2),
  };
}

}  // namespace

TEST_CASE("Lexer views read as the copying lexer on every fixture SQL and Drizzle block") {
  const auto blocks = issuelint::testing::fixture_sql_blocks();
  REQUIRE(blocks.size() > 20);
  for (const std::string& block : blocks) {
    for (const std::string& source : variants(block)) check_same_tokens(source);
  }
}

// find_tables() lexes every schema into one token list kept per thread: each source must read
// as if the list were new, whatever the sources before it held (escapes, long, empty).
TEST_CASE("A reused token list reads each source as the copying lexer does") {
  std::vector<std::string> sources;
  for (const std::string& block : issuelint::testing::fixture_sql_blocks()) {
    for (const std::string& source : variants(block)) sources.push_back(source);
  }
  REQUIRE(sources.size() > 200);
  TypeScriptTokens reused;
  for (const bool reversed : {false, true}) {
    for (std::size_t i = 0; i < sources.size(); ++i) {
      const std::string& source = sources[reversed ? sources.size() - 1 - i : i];
      tokenize_typescript_into(source, 7, reused);
      INFO(source);
      CHECK(owned(reused) == ReferenceLexer(source, 7).run());
      if (i % 97 == 0) {
        tokenize_typescript_into("", 7, reused);
        CHECK(reused.tokens.empty());
        CHECK(reused.unescaped.empty());
      }
    }
  }
}

TEST_CASE("Lexer views read as the copying lexer on edges and long lines") {
  const std::vector<std::string> edges = {
      "",
      "'",
      "\\",
      "'\\",
      "'a\\",
      "\"\\\"\"",
      "`",
      "`\\",
      "`a\\`b`",
      "`${`${'\\'x'}`}` + `\\${not}`",
      "`${a}\\u0041`",
      "x = 'one\ntwo'",
      "r = /a\\/b/g; s = 'q'",
      "export const t = pgTable('" + std::string(5000, 'x') + "', { id: serial('id') });",
      "'" + std::string(3000, '\\') + "'",
      std::string(4000, '`'),
  };
  for (const std::string& source : edges) check_same_tokens(source);
}

TEST_CASE("Lexer views read as the copying lexer on random quotes, escapes and templates") {
  static constexpr std::string_view kAlphabet = "'\"`\\${}/*\n a(),.:=>1";
  std::mt19937 random(20261125);
  std::uniform_int_distribution<std::size_t> pick(0, kAlphabet.size() - 1);
  std::uniform_int_distribution<std::size_t> length(0, 24);
  for (int i = 0; i < 20000; ++i) {
    std::string source;
    for (std::size_t n = length(random); n > 0; --n) source += kAlphabet[pick(random)];
    check_same_tokens(source);
  }
}

// Which bytes start and continue a word (letters of both cases, '_', '$', digits, bytes from
// 0x80) is decided by range arithmetic: every byte, before, inside and after a word.
TEST_CASE("Lexer views read as the copying lexer with every byte around and inside a word") {
  for (int value = 0; value < 256; ++value) {
    const std::string byte(1, static_cast<char>(value));
    INFO("byte " << value);
    check_same_tokens(byte + "word" + byte + "Z_$9" + byte);
    check_same_tokens("a" + byte + byte + "1" + byte + "@[`{");
  }
}

TEST_CASE("Lexer reads templates nested far deeper than it recurses, and what follows them") {
  // Each level of `${`...`}` was a level of recursion: 60,000 of them overflowed the stack.
  for (const int levels : {3, 64, 65, 300000}) {
    std::string source = "const x = ";
    for (int i = 0; i < levels; ++i) source += "`${";
    source += "1";
    for (int i = 0; i < levels; ++i) source += "}`";
    source += ";\nexport const after = pgTable('after', {});\n";
    const issuelint::drizzle::TypeScriptTokens tokens =
        issuelint::drizzle::tokenize_typescript(source);
    std::vector<std::string_view> values;
    for (const auto& token : tokens.tokens) values.push_back(token.value);
    INFO("levels: " << levels);
    // const x = <template> ; export const after = pgTable ( 'after' , { } ) ;
    REQUIRE(values.size() == 17);
    CHECK(values[0] == "const");
    CHECK(tokens.tokens[3].kind == issuelint::drizzle::TokenKind::template_string);
    CHECK(values[4] == ";");
    CHECK(values[7] == "after");
    CHECK(values[10] == "(");
    CHECK(values[11] == "after");
  }
}
