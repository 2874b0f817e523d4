#include "rules/drizzle/drizzle_schema.h"

#include <array>
#include <map>
#include <optional>
#include <utility>

#include "rules/drizzle/typescript_lexer.h"

namespace issuelint::drizzle {
namespace {

// The character of a one-character punctuation token, else '\0': the reader compares chars
// instead of strings.
char symbol(const Token& token) {
  return token.kind == TokenKind::punctuation && token.value.size() == 1 ? token.value[0] : '\0';
}
bool is(const Token& token, char punctuation) { return symbol(token) == punctuation; }
bool is_name(const Token& token) {
  return token.kind == TokenKind::identifier || token.kind == TokenKind::string;
}

// A half-open range of token indices.
struct Span {
  std::size_t begin = 0;
  std::size_t end = 0;
};

// Where a table call's arguments are, and what prefix or schema its callee gives the name.
// Views into the reader's tokens and maps, which outlive it.
struct Callee {
  std::string_view creator;
  std::string_view prefix;
  std::string_view schema;
  std::size_t open = 0;  // the '(' of the call
};

std::string qualified(std::string_view schema, std::string name) {
  if (schema.empty() || schema == "public") return name;
  std::string joined(schema);
  joined += '.';
  joined += name;
  return joined;
}

class SchemaReader {
 public:
  // Tokens view `source`, which must outlive the reader. Without `columns`, a table call's
  // second and third arguments are not read: no columns, no indexes.
  SchemaReader(const TypeScriptTokens& tokens, bool columns)
      : tokens_(tokens.tokens), columns_(columns) {}

  // Creators and schemas first: a pasted snippet may show a table before the helper it uses.
  Schema run(bool may_define_helpers) {
    if (may_define_helpers) {
      for (at_ = 0; at_ < tokens_.size(); ++at_) remember_definition();
    }
    Schema schema;
    for (at_ = 0; at_ < tokens_.size(); ++at_) {
      if (auto table = table_call()) schema.tables.push_back(std::move(*table));
    }
    return schema;
  }

 private:
  const Token* token(std::size_t index) const {
    return index < tokens_.size() ? &tokens_[index] : nullptr;
  }
  bool punctuation_at(std::size_t index, char punctuation) const {
    const Token* t = token(index);
    return t != nullptr && is(*t, punctuation);
  }
  bool identifier_at(std::size_t index, std::string_view text) const {
    const Token* t = token(index);
    return t != nullptr && t->kind == TokenKind::identifier && t->value == text;
  }
  bool string_at(std::size_t index) const {
    const Token* t = token(index);
    return t != nullptr && t->kind == TokenKind::string;
  }

  // The index just past the bracketed group opening at `open` (or past the token otherwise).
  std::size_t after_group(std::size_t open) const {
    const Token& first = tokens_[open];
    const char opener = symbol(first);
    const char closer = opener == '(' ? ')' : opener == '[' ? ']' : opener == '{' ? '}' : '\0';
    std::size_t at = open + 1;
    if (closer == '\0') return at;
    if (!group_ends_.empty()) return group_ends_[open];
    int depth = 1;
    const std::size_t budget = at + kGroupScanBudget;
    while (at < tokens_.size() && depth > 0) {
      if (at == budget) return all_group_ends()[open];
      const char c = symbol(tokens_[at]);
      if (c == opener) ++depth;
      if (c == closer) --depth;
      ++at;
    }
    return at;
  }

  // Past this many tokens a group's end is found from a table of every group's end, made in
  // one pass: scanned per group, a schema of many unclosed `pgTable(` was quadratic (80,000
  // took 7 s). A real schema's groups end well before it.
  static constexpr std::size_t kGroupScanBudget = 4096;

  // Each opening bracket's index just past its closer (tokens_.size() if never closed), by
  // bracket kind as after_group counts them.
  const std::vector<std::size_t>& all_group_ends() const {
    group_ends_.assign(tokens_.size(), 0);
    std::vector<std::size_t> open[3];  // ( [ {
    for (std::size_t i = 0; i < tokens_.size(); ++i) {
      group_ends_[i] = i + 1;
      const char c = symbol(tokens_[i]);
      const int kind = c == '(' || c == ')'   ? 0
                       : c == '[' || c == ']' ? 1
                       : c == '{' || c == '}' ? 2
                                              : -1;
      if (kind < 0) continue;
      if (c == '(' || c == '[' || c == '{') {
        open[kind].push_back(i);
        group_ends_[i] = tokens_.size();
      } else if (!open[kind].empty()) {
        group_ends_[open[kind].back()] = i + 1;
        open[kind].pop_back();
      }
    }
    return group_ends_;
  }

  // `const createTable = pgTableCreator((name) => `discuno_${name}`)`: the text before ${ is
  // the prefix drizzle puts on every table of that creator. `const auth = pgSchema('auth')`:
  // `auth.table(...)` tables live in that schema.
  bool remember_definition() {
    const Token* name = token(at_);
    if (name == nullptr || name->kind != TokenKind::identifier) return false;
    if (!punctuation_at(at_ + 1, '=')) return false;
    std::size_t call = at_ + 2;
    if (punctuation_at(call + 1, '.')) call += 2;  // `pg.pgSchema(...)` via a namespace import
    if (identifier_at(call, "pgSchema") && punctuation_at(call + 1, '(') && string_at(call + 2)) {
      schemas_.insert_or_assign(std::string(name->value), std::string(tokens_[call + 2].value));
      at_ = call + 2;
      return true;
    }
    if (!identifier_at(call, "pgTableCreator") || !punctuation_at(call + 1, '(')) return false;
    std::string_view prefix;
    const std::size_t end = after_group(call + 1);
    for (std::size_t i = call + 2; i < end; ++i) {
      if (tokens_[i].kind == TokenKind::template_string) {
        prefix = tokens_[i].value;
        break;
      }
    }
    creators_.insert_or_assign(std::string(name->value), std::string(prefix));
    at_ += 2;
    return true;
  }

  // The '(' of a table function's call, where `after_name` is the token after the function's
  // name: right there, or after `.withRLS` (drizzle-orm 1.0: the same table with row-level
  // security enabled, as pgTable.withRLS('name', ...) and schema.table.withRLS(...)).
  std::optional<std::size_t> call_open(std::size_t after_name) const {
    if (punctuation_at(after_name, '(')) return after_name;
    if (punctuation_at(after_name, '.') && identifier_at(after_name + 1, "withRLS") &&
        punctuation_at(after_name + 2, '(')) {
      return after_name + 2;
    }
    return std::nullopt;
  }

  // `pgTable(`, `createTable(`, `auth.table(` or `pgSchema('auth').table(` at at_ (the first,
  // third and fourth also with `.withRLS` before their '(').
  std::optional<Callee> callee() const {
    const Token& first = tokens_[at_];
    if (first.kind != TokenKind::identifier) return std::nullopt;
    if (first.value == "pgTable" && !creators_.contains("pgTable")) {
      // drizzle's own, unless the draft redefines it
      if (const std::optional<std::size_t> open = call_open(at_ + 1)) {
        return Callee{first.value, "", "", *open};
      }
      return std::nullopt;
    }
    if (auto creator = creators_.find(first.value);
        creator != creators_.end() && punctuation_at(at_ + 1, '(')) {
      return Callee{first.value, creator->second, "", at_ + 1};
    }
    if (auto schema = schemas_.find(first.value); schema != schemas_.end() &&
                                                  punctuation_at(at_ + 1, '.') &&
                                                  identifier_at(at_ + 2, "table")) {
      if (const std::optional<std::size_t> open = call_open(at_ + 3)) {
        return Callee{first.value, "", schema->second, *open};
      }
    }
    if (first.value == "pgSchema" && punctuation_at(at_ + 1, '(') && string_at(at_ + 2) &&
        punctuation_at(at_ + 3, ')') && punctuation_at(at_ + 4, '.') &&
        identifier_at(at_ + 5, "table")) {
      if (const std::optional<std::size_t> open = call_open(at_ + 6)) {
        return Callee{first.value, "", tokens_[at_ + 2].value, *open};
      }
    }
    if (is_pasted_creator_call()) return Callee{first.value, "", "", at_ + 1};
    if (is_pasted_schema_table_call()) return Callee{first.value, "", "", at_ + 3};
    return std::nullopt;
  }

  // `export const auditLog = appSchema.table('audit_log', { ... })`: a table of a pgSchema the
  // draft uses but does not define (`appSchema = pgSchema('app')` sits atop schema.ts, as
  // createTable does). Its schema is unknown here: the bare name stands for the table in any
  // schema (table_names). Only a binding's whole value, called with a name and columns, and
  // only in a snippet that defines no pgSchema: there, an unknown receiver is none of them.
  bool is_pasted_schema_table_call() const {
    if (!punctuation_at(at_ + 1, '.') || !identifier_at(at_ + 2, "table")) return false;
    if (!schemas_.empty()) return false;
    if (at_ < 2 || !punctuation_at(at_ - 1, '=') ||
        tokens_[at_ - 2].kind != TokenKind::identifier) {
      return false;
    }
    return punctuation_at(at_ + 3, '(') && string_at(at_ + 4) && punctuation_at(at_ + 5, ',') &&
           returned_object(Span{at_ + 6, tokens_.size()}).has_value();
  }

  // `export const posts = createTable('post', { ... })`: a table of a creator that the draft
  // uses but does not define. create-t3-app projects (discuno among them) define
  // `createTable = pgTableCreator(...)` once atop schema.ts, and an issue pastes only the new
  // table. Its prefix is unknown here; table_names.prefix strips it from the SQL names instead.
  // Only a binding's whole value, named like a table function, called with a name and columns.
  bool is_pasted_creator_call() const {
    const std::string_view name = tokens_[at_].value;
    if (!(name.ends_with("Table") || name == "table") || name == "pgTable") return false;
    if (creators_.contains(name) || schemas_.contains(name)) return false;
    if (at_ < 2 || !punctuation_at(at_ - 1, '=') ||
        tokens_[at_ - 2].kind != TokenKind::identifier) {
      return false;
    }
    return punctuation_at(at_ + 1, '(') && string_at(at_ + 2) && punctuation_at(at_ + 3, ',') &&
           returned_object(Span{at_ + 4, tokens_.size()}).has_value();
  }

  // The arguments of the call from `open` to `close` (its parentheses), split at the commas of
  // its own level: the first three (all a table call reads) and how many there are, without a
  // vector's malloc.
  struct Arguments {
    std::array<Span, 3> first;
    std::size_t count = 0;
    void add(Span span) {
      if (count < first.size()) first[count] = span;
      ++count;
    }
  };
  Arguments arguments(std::size_t open, std::size_t close) const {
    Arguments spans;
    std::size_t begin = open + 1;
    for (std::size_t at = begin; at < close;) {
      if (is(tokens_[at], ',')) {
        spans.add(Span{begin, at});
        begin = ++at;
        continue;
      }
      at = after_group(at);
    }
    if (begin < close) spans.add(Span{begin, std::min(close, tokens_.size())});
    return spans;
  }

  std::optional<Table> table_call() {
    const std::optional<Callee> call = callee();
    if (!call) return std::nullopt;
    const std::size_t close = after_group(call->open) - 1;
    // The first argument starts right after the '(' whenever there is one (arguments() below).
    if (call->open + 1 >= close || !string_at(call->open + 1)) return std::nullopt;
    const Token& name = tokens_[call->open + 1];
    Table table;
    table.creator = call->creator;
    table.schema = call->schema;
    table.name = name.value;
    table.sql_name = qualified(call->schema, std::string(call->prefix) += name.value);
    table.offset = name.offset;
    if (at_ >= 2 && punctuation_at(at_ - 1, '=') &&
        tokens_[at_ - 2].kind == TokenKind::identifier) {
      table.variable = tokens_[at_ - 2].value;
    }
    if (columns_) {
      const Arguments args = arguments(call->open, close);
      if (args.count > 1) {
        if (auto object = returned_object(args.first[1])) {
          at_ = *object + 1;
          read_columns(table);
        }
      }
      if (args.count > 2) read_extras(table, args.first[2]);
    }
    at_ = close;  // run() steps past the ')'
    return table;
  }

  // `{ ... }`, `(t) => ({ ... })` or `t => ({ ... })`: the index of the object's '{'.
  std::optional<std::size_t> returned_object(Span span) const {
    std::size_t at = span.begin;
    if (punctuation_at(at, '{')) return at;
    if (punctuation_at(at, '(')) {
      at = after_group(at);
    } else if (token(at) != nullptr && tokens_[at].kind == TokenKind::identifier) {
      ++at;
    } else {
      return std::nullopt;
    }
    if (!punctuation_at(at, '=') || !punctuation_at(at + 1, '>')) return std::nullopt;
    if (punctuation_at(at + 2, '(') && punctuation_at(at + 3, '{')) return at + 3;
    return std::nullopt;
  }

  // Inside `{ key: builder('name').notNull()..., ... }`, up to the matching '}'.
  void read_columns(Table& table) {
    while (at_ < tokens_.size() && !is(tokens_[at_], '}')) {
      if (is_name(tokens_[at_]) && punctuation_at(at_ + 1, ':')) {
        Column column;
        column.key = tokens_[at_].value;
        column.name = column.key;
        column.offset = tokens_[at_].offset;
        at_ += 2;
        read_column_chain(column);
        table.columns.push_back(std::move(column));
        continue;
      }
      at_ = after_group(at_);
    }
  }

  // builder(args).method(args).method(args) — ends at ',' or '}' at this depth.
  void read_column_chain(Column& column) {
    bool first = true;
    while (at_ < tokens_.size() && !is(tokens_[at_], ',') && !is(tokens_[at_], '}')) {
      const Token& current = tokens_[at_];
      if (current.kind == TokenKind::identifier && punctuation_at(at_ + 1, '(')) {
        apply_call(column, current.value, first);
        first = false;
      }
      at_ = after_group(at_);
    }
    if (at_ < tokens_.size() && is(tokens_[at_], ',')) ++at_;
  }

  void apply_call(Column& column, std::string_view method, bool first) {
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
  std::string_view referenced_variable(std::size_t from) const {
    std::string_view found;
    int depth = 1;
    for (std::size_t i = from; i < tokens_.size() && depth > 0; ++i) {
      if (is(tokens_[i], '(')) ++depth;
      if (is(tokens_[i], ')')) --depth;
      if (tokens_[i].kind == TokenKind::identifier && punctuation_at(i + 1, '.')) {
        found = tokens_[i].value;
      }
    }
    return found;
  }

  // `t.userId` (not `t.userId.desc`'s second half): the property names read in `span`.
  std::vector<std::string_view> member_keys(Span span) const {
    std::vector<std::string_view> keys;
    for (std::size_t i = span.begin; i + 2 < span.end; ++i) {
      if (tokens_[i].kind != TokenKind::identifier || punctuation_at(i - 1, '.')) continue;
      if (punctuation_at(i + 1, '.') && is_name(tokens_[i + 2]))
        keys.push_back(tokens_[i + 2].value);
    }
    return keys;
  }

  static std::string column_name(const Table& table, std::string_view key) {
    for (const Column& column : table.columns) {
      if (column.key == key) return column.name;
    }
    return std::string(key);
  }

  // The third argument: `(t) => ({ idx: index('n').on(t.a) })`, `(t) => [index().on(t.a)]`
  // or a block returning either. Indexes and foreign keys are what the checks need from it.
  void read_extras(Table& table, Span span) {
    for (std::size_t i = span.begin; i < span.end; ++i) {
      const Token& current = tokens_[i];
      if (current.kind != TokenKind::identifier || !punctuation_at(i + 1, '(') ||
          punctuation_at(i - 1, '.')) {
        continue;
      }
      if (current.value == "index" || current.value == "uniqueIndex") {
        i = read_index(table, i) - 1;
      } else if (current.value == "foreignKey") {
        read_foreign_key(table, Span{i + 2, after_group(i + 1) - 1});
      }
    }
  }

  // `index('name').on(t.a, t.b)` or `.using('gin', t.a)`; returns the index after the chain.
  std::size_t read_index(Table& table, std::size_t at) {
    Index index;
    index.unique = tokens_[at].value == "uniqueIndex";
    index.offset = tokens_[at].offset;
    if (string_at(at + 2)) index.name = tokens_[at + 2].value;
    at = after_group(at + 1);
    while (punctuation_at(at, '.') && token(at + 1) != nullptr && punctuation_at(at + 2, '(')) {
      const std::string_view method = tokens_[at + 1].value;
      const std::size_t end = after_group(at + 2);
      if (method == "on" || method == "using") {
        for (const std::string_view key : member_keys(Span{at + 3, end - 1})) {
          index.columns.push_back(column_name(table, key));
        }
      }
      at = end;
    }
    table.indexes.push_back(std::move(index));
    return at;
  }

  // `foreignKey({ columns: [t.userId], foreignColumns: [users.id] })`.
  void read_foreign_key(Table& table, Span span) {
    std::vector<std::string_view> keys;
    std::string_view referenced;
    for (std::size_t i = span.begin; i + 2 < span.end; ++i) {
      if (!punctuation_at(i + 1, ':') || !punctuation_at(i + 2, '[')) continue;
      const Span list{i + 3, after_group(i + 2) - 1};
      if (identifier_at(i, "columns")) keys = member_keys(list);
      if (identifier_at(i, "foreignColumns") && list.begin < list.end &&
          tokens_[list.begin].kind == TokenKind::identifier) {
        referenced = tokens_[list.begin].value;
      }
    }
    for (Column& column : table.columns) {
      for (const std::string_view key : keys) {
        if (column.key == key && column.references.empty()) column.references = referenced;
      }
    }
  }

  const std::vector<Token>& tokens_;
  mutable std::vector<std::size_t> group_ends_;  // all_group_ends(), once a scan runs long
  const bool columns_;
  std::size_t at_ = 0;
  // callee → table-name prefix; `pgTable` is there unless a draft defines its own
  std::map<std::string, std::string, std::less<>> creators_;
  std::map<std::string, std::string, std::less<>> schemas_;  // pgSchema variable → schema name
};

// A token's identifier is the source's own bytes, so a source that never names pgSchema or
// pgTableCreator defines no schema and no creator: the pass that looks for them is skipped
// (1,900 instructions on the flagship draft's four-line schema; the two finds cost ~150).
bool may_define_helpers(std::string_view source) {
  return source.find("pgSchema") != std::string_view::npos ||
         source.find("pgTableCreator") != std::string_view::npos;
}

}  // namespace

std::string Schema::table_for_variable(std::string_view variable) const {
  for (const Table& table : tables) {
    if (table.variable == variable) return table.sql_name;
  }
  return {};
}

namespace {

// The tokens of a schema are read and dropped; their room is kept per thread from schema to
// schema, as the Markdown walker keeps its buffers: a schema's ~70 tokens took a ~2 KB
// allocation, past the sizes the allocator serves fast (~400 instructions with its free).
// Room past kKeptTokens is given back.
constexpr std::size_t kKeptTokens = 16384;

Schema read_schema(std::string_view source, std::size_t base_offset, bool columns) {
  thread_local TypeScriptTokens kept;
  tokenize_typescript_into(source, base_offset, kept);
  Schema schema = SchemaReader(kept, columns).run(may_define_helpers(source));
  if (kept.tokens.capacity() > kKeptTokens) kept = TypeScriptTokens();
  return schema;
}

}  // namespace

Schema find_tables(std::string_view source, std::size_t base_offset) {
  return read_schema(source, base_offset, true);
}

Schema find_table_names(std::string_view source, std::size_t base_offset) {
  return read_schema(source, base_offset, false);
}

}  // namespace issuelint::drizzle
