#include "rules/drizzle/drizzle_schema.h"

#include <map>
#include <optional>
#include <utility>

#include "rules/drizzle/typescript_lexer.h"

namespace issuelint::drizzle {
namespace {

bool is(const Token& token, std::string_view text) {
  return token.kind == TokenKind::punctuation && token.value == text;
}
bool is_name(const Token& token) {
  return token.kind == TokenKind::identifier || token.kind == TokenKind::string;
}

class SchemaReader {
 public:
  explicit SchemaReader(std::vector<Token> tokens) : tokens_(std::move(tokens)) {
    creators_["pgTable"] = "";
  }

  Schema run() {
    Schema schema;
    for (at_ = 0; at_ < tokens_.size(); ++at_) {
      if (remember_creator()) continue;
      if (auto table = table_call()) schema.tables.push_back(std::move(*table));
    }
    return schema;
  }

 private:
  const Token* token(std::size_t index) const {
    return index < tokens_.size() ? &tokens_[index] : nullptr;
  }
  bool punctuation_at(std::size_t index, std::string_view text) const {
    const Token* t = token(index);
    return t != nullptr && is(*t, text);
  }

  // `const createTable = pgTableCreator((name) => `discuno_${name}`)`: the text before ${ is
  // the prefix drizzle puts on every table of that creator.
  bool remember_creator() {
    const Token* name = token(at_);
    if (name == nullptr || name->kind != TokenKind::identifier) return false;
    if (!punctuation_at(at_ + 1, "=")) return false;
    const Token* call = token(at_ + 2);
    if (call == nullptr || call->value != "pgTableCreator") return false;
    std::string prefix;
    for (std::size_t i = at_ + 3; i < tokens_.size() && !is(tokens_[i], ";"); ++i) {
      if (tokens_[i].kind == TokenKind::template_string) {
        prefix = tokens_[i].value;
        break;
      }
    }
    creators_[name->value] = prefix;
    at_ += 2;
    return true;
  }

  std::optional<Table> table_call() {
    const Token& callee = tokens_[at_];
    if (callee.kind != TokenKind::identifier) return std::nullopt;
    auto creator = creators_.find(callee.value);
    if (creator == creators_.end() || !punctuation_at(at_ + 1, "(")) return std::nullopt;
    const Token* name = token(at_ + 2);
    if (name == nullptr || name->kind != TokenKind::string) return std::nullopt;
    Table table;
    table.creator = callee.value;
    table.name = name->value;
    table.sql_name = creator->second + name->value;
    table.offset = name->offset;
    if (at_ >= 2 && punctuation_at(at_ - 1, "=") &&
        tokens_[at_ - 2].kind == TokenKind::identifier) {
      table.variable = tokens_[at_ - 2].value;
    }
    at_ += 3;
    if (punctuation_at(at_, ",") && punctuation_at(at_ + 1, "{")) {
      at_ += 2;
      read_columns(table);
    }
    return table;
  }

  // Inside `{ key: builder('name').notNull()..., ... }`, up to the matching '}'.
  void read_columns(Table& table) {
    while (at_ < tokens_.size() && !is(tokens_[at_], "}")) {
      if (is_name(tokens_[at_]) && punctuation_at(at_ + 1, ":")) {
        Column column;
        column.key = tokens_[at_].value;
        column.name = column.key;
        column.offset = tokens_[at_].offset;
        at_ += 2;
        read_column_chain(column);
        table.columns.push_back(std::move(column));
        continue;
      }
      skip_balanced();
    }
  }

  // builder(args).method(args).method(args) — ends at ',' or '}' at this depth.
  void read_column_chain(Column& column) {
    bool first = true;
    while (at_ < tokens_.size() && !is(tokens_[at_], ",") && !is(tokens_[at_], "}")) {
      const Token& current = tokens_[at_];
      if (current.kind == TokenKind::identifier && punctuation_at(at_ + 1, "(")) {
        apply_call(column, current.value, first);
        first = false;
      }
      skip_balanced();
    }
    if (at_ < tokens_.size() && is(tokens_[at_], ",")) ++at_;
  }

  void apply_call(Column& column, const std::string& method, bool first) {
    const Token* argument = token(at_ + 2);
    if (first) {
      column.builder = method;
      if (argument != nullptr && argument->kind == TokenKind::string) column.name = argument->value;
      return;
    }
    if (method == "notNull") column.not_null = true;
    if (method == "primaryKey") column.primary_key = column.not_null = true;
    if (method.starts_with("default") || method.starts_with("$default")) column.has_default = true;
    if (method == "references") column.references = referenced_variable(at_ + 2);
  }

  // `.references(() => users.id)`: the identifier right before the last '.' in the call.
  std::string referenced_variable(std::size_t from) const {
    std::string found;
    int depth = 1;
    for (std::size_t i = from; i < tokens_.size() && depth > 0; ++i) {
      if (is(tokens_[i], "(")) ++depth;
      if (is(tokens_[i], ")")) --depth;
      if (tokens_[i].kind == TokenKind::identifier && punctuation_at(i + 1, ".")) {
        found = tokens_[i].value;
      }
    }
    return found;
  }

  // Steps over one token, or a whole bracketed group when the token opens one.
  void skip_balanced() {
    static const std::map<std::string_view, std::string_view> closers = {
        {"(", ")"}, {"[", "]"}, {"{", "}"}};
    auto opener = closers.find(tokens_[at_].kind == TokenKind::punctuation
                                   ? std::string_view(tokens_[at_].value)
                                   : std::string_view());
    ++at_;
    if (opener == closers.end()) return;
    int depth = 1;
    while (at_ < tokens_.size() && depth > 0) {
      if (is(tokens_[at_], opener->first)) ++depth;
      if (is(tokens_[at_], opener->second)) --depth;
      ++at_;
    }
  }

  std::vector<Token> tokens_;
  std::size_t at_ = 0;
  std::map<std::string, std::string> creators_;  // callee → table-name prefix
};

}  // namespace

std::string Schema::table_for_variable(std::string_view variable) const {
  for (const Table& table : tables) {
    if (table.variable == variable) return table.sql_name;
  }
  return {};
}

Schema find_tables(std::string_view source, std::size_t base_offset) {
  return SchemaReader(tokenize_typescript(source, base_offset)).run();
}

}  // namespace issuelint::drizzle
