#include <algorithm>
#include <cctype>
#include <functional>
#include <initializer_list>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "rules/kinds/sql_kinds.h"
#include "rules/kinds/sql_rule_support.h"
#include "rules/nested_prose.h"
#include "rules/option_note.h"

namespace issuelint {
namespace {

std::string lowercase(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

// What the notes can be held against: the columns and tables the SQL and the Drizzle schema
// name, and the tables the author declared.
struct KnownNames {
  std::set<std::string> columns;  // lowercased
  WrittenTables tables;
};

bool names_a_column(sql::OperationKind kind) {
  using sql::OperationKind;
  return kind != OperationKind::enum_add_value && kind != OperationKind::enum_rename_value &&
         kind != OperationKind::rename_object && kind != OperationKind::set_schema;
}

KnownNames known_names(const LintContext& context) {
  KnownNames known;
  std::vector<std::string> tables = context.declared_tables().names();
  const sql::MigrationAnalysis& analysis = context.migration();
  analysis.each_migration_operation([&](const sql::Operation& operation) {
    for (const sql::ColumnDefinition& column : operation.columns) {
      known.columns.insert(lowercase(column.name));
    }
    if (!operation.column.empty() && names_a_column(operation.kind)) {
      known.columns.insert(lowercase(operation.column));
    }
    for (const sql::TableReference& table : operation.tables) tables.push_back(table.name);
  });
  for (const drizzle::Table& table : analysis.schema_with_columns(context.document()).tables) {
    tables.push_back(table.sql_name);
    tables.push_back(table.name);
    if (!table.variable.empty()) tables.push_back(table.variable);
    for (const drizzle::Column& column : table.columns) {
      known.columns.insert(lowercase(column.name));
      known.columns.insert(lowercase(column.key));
    }
  }
  known.tables = WrittenTables(std::move(tables), context.table_policy());
  return known;
}

bool is_word_character(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

struct Word {
  std::string text;
  char after = ' ';  // the first non-blank character after the word
};

std::vector<Word> words_of(std::string_view text) {
  std::vector<Word> words;
  std::size_t at = 0;
  while (at < text.size()) {
    if (!is_word_character(text[at])) {
      ++at;
      continue;
    }
    const std::size_t begin = at;
    while (at < text.size() && is_word_character(text[at])) ++at;
    Word word{std::string(text.substr(begin, at - begin))};
    std::size_t next = at;
    while (next < text.size() && text[next] == ' ') ++next;
    if (next < text.size()) word.after = text[next];
    words.push_back(std::move(word));
  }
  return words;
}

// snake_case (`user_id`) or camelCase (`userId`): how column names are written, unlike prose and
// the product names prose is full of, which start with a capital (PostgreSQL, GitHub).
bool looks_like_identifier(const std::string& word) {
  const auto letter = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; };
  const bool camel_case = !word.empty() && std::islower(static_cast<unsigned char>(word[0]));
  for (std::size_t i = 1; i + 1 < word.size(); ++i) {
    if (word[i] == '_' && letter(word[i - 1]) && letter(word[i + 1])) return true;
    if (camel_case && std::islower(static_cast<unsigned char>(word[i - 1])) &&
        std::isupper(static_cast<unsigned char>(word[i]))) {
      return true;
    }
  }
  return false;
}

bool is_one_of(const std::string& word, std::initializer_list<std::string_view> words) {
  const std::string lower = lowercase(word);
  return std::find(words.begin(), words.end(), lower) != words.end();
}

// Words that follow "an index on" or "the" in notes without naming a column: what is indexed
// in general, and why.
bool is_no_column_name(const std::string& word) {
  return is_one_of(
      word, {"the",    "a",       "an",          "new",      "this",   "that", "these", "those",
             "each",   "every",   "which",       "its",      "it",     "them", "all",   "table",
             "tables", "column",  "columns",     "database", "schema", "data", "query", "queries",
             "lookup", "lookups", "performance", "speed",    "faster", "fast"});
}

// Prose that names a column by saying so: "the email column", "an index on email" (the code
// span of "Index on `email`" is plain text by now).
bool says_column(const std::vector<Word>& words, std::size_t i,
                 const std::function<bool(const std::string&)>& is_table) {
  const std::string& word = words[i].text;
  if (is_no_column_name(word) || is_table(word)) return false;
  const bool column_follows =
      i + 1 < words.size() &&
      is_one_of(words[i + 1].text, {"column", "columns", "field", "fields"});
  if (column_follows) return true;
  // "index on X", "indexes on the X": X after an index word, "on" and "the" skipped. Not
  // "for": "an index for faster lookups" says why, not what.
  std::size_t before = i;
  while (before > 0 && is_one_of(words[before - 1].text, {"on", "over", "the"})) --before;
  return before > 0 && before < i &&
         is_one_of(words[before - 1].text, {"index", "indexes", "indices", "indexing", "indexed"});
}

// A name in a code span that is no table (`status`, `bookings.user_id`): written as code, it
// names the schema, whatever the word. `raw` is the notes' Markdown, since the prose text has
// lost its backticks.
bool code_span_names_column(std::string_view raw,
                            const std::function<bool(const std::string&)>& is_table) {
  const auto is_name_byte = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '.';
  };
  for (std::size_t at = raw.find('`'); at != std::string_view::npos; at = raw.find('`', at)) {
    std::size_t run = at;
    while (run < raw.size() && raw[run] == '`') ++run;
    if (run - at != 1) {  // a fence or a longer span's delimiter: no name of one word
      at = run;
      continue;
    }
    const std::size_t close = raw.find('`', run);
    if (close == std::string_view::npos) return false;
    const std::string name(raw.substr(run, close - run));
    at = close + 1;
    if (name.empty() || !std::all_of(name.begin(), name.end(), is_name_byte)) continue;
    if (std::isdigit(static_cast<unsigned char>(name[0])) != 0) continue;
    // `CONCURRENTLY`, `VACUUM`: SQL keywords, written in capitals, are no column names.
    if (std::none_of(name.begin(), name.end(),
                     [](char c) { return std::islower(static_cast<unsigned char>(c)) != 0; })) {
      continue;
    }
    if (name.find('.') != std::string::npos || !is_table(name)) return true;  // table.column
  }
  return false;
}

// Columns are named when the text says `bookings(user_id)` or `bookings.user_id`, uses a
// column the SQL or the schema defines, writes an identifier-shaped name that is no table, puts
// a name in a code span, or says it is a column ("the email column", "an index on email").
bool names_columns(std::string_view text, std::string_view raw, const KnownNames& known) {
  const std::function<bool(const std::string&)> is_table = [&](const std::string& word) {
    return known.tables.stands_for(word);
  };
  if (code_span_names_column(raw, is_table)) return true;
  const std::vector<Word> words = words_of(text);
  for (std::size_t i = 0; i < words.size(); ++i) {
    const Word& word = words[i];
    if (known.columns.contains(lowercase(word.text)) && !is_table(word.text)) return true;
    if ((word.after == '(' || word.after == '.') && i + 1 < words.size() && is_table(word.text)) {
      return true;
    }
    if (looks_like_identifier(word.text) && !is_table(word.text)) return true;
    if (says_column(words, i, is_table)) return true;
  }
  return false;
}

// The author's own text under Performance Notes (placeholders and template examples left out).
std::string written_notes(const LintContext& context, int section) {
  std::string text;
  const IssueDocument& document = context.document();
  for (int index : document.sections[static_cast<std::size_t>(section)].prose) {
    const Prose& prose = document.prose[static_cast<std::size_t>(index)];
    if (!context.is_placeholder_prose(section, prose)) text.append(prose.text).append("\n");
  }
  for (int index : document.sections[static_cast<std::size_t>(section)].code_blocks) {
    const CodeBlock& block = document.code_blocks[static_cast<std::size_t>(index)];
    if (!context.is_placeholder_code(section, block)) text += block.content + "\n";
  }
  return text;
}

// The section's own Markdown, as the author wrote it.
std::string_view section_markdown(const LintContext& context, int section) {
  const Section& notes = context.document().sections[static_cast<std::size_t>(section)];
  return std::string_view(context.document().text)
      .substr(notes.content_begin, notes.content_end - notes.content_begin);
}

// The box's own answer: the author's note on its line (the option asks "Specify which columns
// need indexing", so the columns are often written right there) and the lines nested under it.
// `raw` is those lines' Markdown, for the code spans.
struct BoxAnswer {
  std::string text;
  std::string_view raw;
};

BoxAnswer box_answer(const LintContext& context, const Checkbox& box) {
  const IssueDocument& document = context.document();
  BoxAnswer answer{std::string(option_note(context, box)), {}};
  const auto index = static_cast<std::size_t>(&box - document.checkboxes.data());
  const ProseRange nested = nested_under_box(document, index);
  int last_line = box.position.line;
  for (std::size_t i = nested.begin; i < nested.end; ++i) {
    answer.text.append("\n").append(document.prose[i].text);
    last_line = document.prose[i].position.line;
  }
  const std::size_t begin = document.lines.line_start(box.position.line);
  const std::size_t end = document.lines.line_start(last_line + 1);
  answer.raw = std::string_view(document.text).substr(begin, end - begin);
  return answer;
}

// A constraint PostgreSQL builds an index for, on the columns it names.
bool builds_index(const sql::Operation& operation) {
  return operation.kind == sql::OperationKind::add_constraint &&
         (operation.constraint_type == "unique" || operation.constraint_type == "primary key" ||
          operation.constraint_type == "exclusion");
}

// A CREATE INDEX in the Migration SQL (or an ADD CONSTRAINT ... UNIQUE / PRIMARY KEY, which
// builds one), or an index with its columns in the Drizzle schema (drizzle-kit generates the
// CREATE INDEX from it), names the columns itself.
bool defines_index(const LintContext& context) {
  bool found = false;
  sql_rules::for_each_migration_operation(
      context, [&](const sql::ScriptAnalysis&, const sql::Operation& operation) {
        if (operation.kind == sql::OperationKind::create_index || builds_index(operation)) {
          found = true;
        }
      });
  if (found) return true;  // the schema's columns are not read for nothing
  const drizzle::Schema& schema = context.migration().schema_with_columns(context.document());
  for (const drizzle::Table& table : schema.tables) {
    for (const drizzle::Index& index : table.indexes) {
      if (!index.columns.empty()) return true;
    }
  }
  return false;
}

void check(const Rule& rule, LintContext& context) {
  const sql_rules::MigrationWording& wording = sql_rules::wording();
  const int performance = context.find_section(wording.performance);
  if (performance == kNoIndex) return;  // section-missing and the choice rules say so
  const Checkbox* box = context.find_box(performance, wording.indexes_needed);
  if (box == nullptr || !box->checked) return;
  if (defines_index(context)) return;
  const BoxAnswer answer = box_answer(context, *box);
  const KnownNames known = known_names(context);
  if (names_columns(answer.text, answer.raw, known)) return;
  const int notes = context.find_section(wording.performance_notes);
  if (notes == kNoIndex && context.migration().migration_section == kNoIndex) {
    context.report_cannot_check(rule.info(), wording.performance_notes.text());
    return;
  }
  if (notes != kNoIndex &&
      names_columns(written_notes(context, notes), section_markdown(context, notes), known)) {
    return;
  }
  context.report(rule.info(), box->section, box->position,
                 "'Indexes needed' is ticked, but neither the Performance Notes nor a CREATE "
                 "INDEX in the Migration SQL say which columns to index",
                 "name the columns under Performance Notes (for example bookings(user_id, "
                 "starts_at)), or add the CREATE INDEX to the Migration SQL");
}

}  // namespace

RuleKind sql_indexes_needed_without_columns_kind() {
  return sql_rules::make_kind(
      sql_rules::describe(
          "sql-indexes-needed-without-columns", "sql", Severity::warning,
          "'Indexes needed' names the columns to index",
          "The template asks to 'specify which columns need indexing'. Which columns, in which "
          "order, decides whether the index serves the query at all, how large it is, and how "
          "long CREATE INDEX holds its SHARE lock (writes to the table wait for the whole "
          "build unless it is built CONCURRENTLY). Name them after the option on its line, in "
          "a list under it, or in the Performance Notes, as "
          "table(column) or table.column or by the columns' own names (in a code span, or as "
          "written in the SQL: snake_case or camelCase), or put the CREATE INDEX in the "
          "Migration SQL (or an ADD CONSTRAINT ... UNIQUE or PRIMARY KEY, which builds one on "
          "the columns it names, or the index, with its columns, in the Drizzle schema). Prose "
          "that "
          "names no column (an index 'for faster lookups', 'on this table', 'in PostgreSQL') "
          "does not count.",
          "- [x] **Indexes needed**\n### Performance Notes\nQueries will be faster.",
          "- [x] **Indexes needed**\n### Performance Notes\nIndex bookings(user_id, starts_at) "
          "for the calendar query."),
      check);
}

}  // namespace issuelint
