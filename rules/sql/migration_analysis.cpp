#include "rules/sql/migration_analysis.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <string>
#include <tuple>
#include <utility>

#include "rules/sql/operation_builder.h"

namespace issuelint::sql {
namespace {

// The example adds column new_column to table_name; a fingerprint keeps identifiers, so a block
// that does not is not the example, and is not parsed a second time to fingerprint it.
bool adds_example_column(const std::vector<Operation>& operations) {
  return std::any_of(operations.begin(), operations.end(), [](const Operation& operation) {
    return operation.kind == OperationKind::add_column && operation.table == "table_name" &&
           operation.column == "new_column";
  });
}

// A block that is exactly the template's example SQL (case, spacing and comments ignored).
// Only short blocks are fingerprinted: the example is one statement, and 1 MB of real SQL
// should not be parsed twice.
bool is_template_example(std::string_view sql, int statement_count,
                         const std::vector<Operation>& operations) {
  if (statement_count != 1 || !adds_example_column(operations)) return false;
  auto print = fingerprint(sql);
  return print.ok() && *print == kTemplateExampleFingerprint;
}

// ALTER COLUMN TYPE's source type is only known when the script created the column itself.
void fill_source_types(std::vector<Operation>& operations) {
  // Most scripts change no column's type: then no column's type needs remembering.
  if (std::none_of(operations.begin(), operations.end(), [](const Operation& operation) {
        return operation.kind == OperationKind::alter_column_type;
      })) {
    return;
  }
  std::map<std::pair<std::string, std::string>, std::string> column_types;
  for (Operation& operation : operations) {
    if (operation.kind == OperationKind::create_table ||
        operation.kind == OperationKind::add_column) {
      for (const ColumnDefinition& column : operation.columns) {
        column_types[{operation.table, column.name}] = column.type;
      }
    }
    if (operation.kind != OperationKind::alter_column_type) continue;
    auto it = column_types.find({operation.table, operation.column});
    if (it != column_types.end()) {
      operation.from_type = it->second;
      it->second = operation.to_type;
    }
  }
}

template <typename Collection>
bool any_sql(const Collection& scripts) {
  for (const ScriptAnalysis& script : scripts) {
    if (!script.empty()) return true;
  }
  return false;
}

using CreatedTable = MigrationAnalysis::CreatedTable;

std::vector<CreatedTable> created_tables(const MigrationAnalysis& analysis) {
  std::vector<CreatedTable> tables;
  analysis.each_migration_operation([&](const Operation& operation) {
    if (operation.kind == OperationKind::create_table) {
      tables.push_back(CreatedTable{operation.table, operation.offset, operation.temporary, false,
                                    operation.with_rows});
    } else if (operation.kind == OperationKind::create_view) {
      tables.push_back(CreatedTable{operation.name, operation.offset, operation.temporary, true});
    }
  });
  // Each name's in the order written: offsets into the body grow with it. (std::stable_sort
  // would keep that order too, but asks the heap for a buffer at every check.)
  std::sort(tables.begin(), tables.end(), [](const CreatedTable& a, const CreatedTable& b) {
    return a.name != b.name ? a.name < b.name : a.offset < b.offset;
  });
  return tables;
}

// The name space an object is in: views share theirs with tables (pg_class), domains with
// types (pg_type), procedures with functions (pg_proc). '\0' for anything else.
char name_space(OperationKind kind, std::string_view object_type) {
  switch (kind) {
    case OperationKind::create_view:
      return 'r';
    case OperationKind::create_type:
      return 't';
    case OperationKind::create_function:
      return 'f';
    case OperationKind::drop_object:
      if (object_type == "VIEW" || object_type == "MATERIALIZED VIEW") return 'r';
      if (object_type == "TYPE" || object_type == "DOMAIN") return 't';
      if (object_type == "FUNCTION" || object_type == "PROCEDURE") return 'f';
      return '\0';
    default:
      return '\0';
  }
}

std::string object_key(char space, std::string_view name) {
  std::string key(1, space);
  key += name;
  return key;
}

std::vector<std::string> created_objects(const MigrationAnalysis& analysis) {
  std::vector<std::string> objects;
  analysis.each_migration_operation([&](const Operation& operation) {
    const char space = name_space(operation.kind, operation.object_type);
    if (space == '\0' || operation.kind == OperationKind::drop_object) return;
    if (!operation.name.empty()) objects.push_back(object_key(space, operation.name));
  });
  std::sort(objects.begin(), objects.end());
  return objects;
}

std::vector<MigrationAnalysis::RenamedTable> renamed_tables(const MigrationAnalysis& analysis) {
  std::vector<MigrationAnalysis::RenamedTable> renames;
  analysis.each_migration_operation([&](const Operation& operation) {
    const bool renames_table =
        operation.kind == OperationKind::rename_table ||
        (operation.kind == OperationKind::set_schema && !operation.table.empty());
    if (renames_table && !operation.name.empty()) {
      renames.push_back({operation.table, operation.name, operation.offset});
    }
  });
  return renames;
}

std::vector<MigrationAnalysis::AddedColumn> added_columns(const MigrationAnalysis& analysis) {
  std::vector<MigrationAnalysis::AddedColumn> columns;
  analysis.each_migration_operation([&](const Operation& operation) {
    if (operation.kind != OperationKind::add_column || operation.column.empty()) return;
    const auto named = analysis.name_before_renames(operation.table, operation.offset);
    columns.push_back({std::string(named.name), operation.column, operation.offset});
  });
  std::sort(columns.begin(), columns.end(), [](const auto& a, const auto& b) {
    return std::tie(a.table, a.column, a.offset) < std::tie(b.table, b.column, b.offset);
  });
  return columns;
}

struct ByName {
  bool operator()(const CreatedTable& table, std::string_view name) const {
    return table.name < name;
  }
  bool operator()(std::string_view name, const CreatedTable& table) const {
    return name < table.name;
  }
};

// The CREATE TABLEs of `table`, in the order they are written.
std::pair<std::vector<CreatedTable>::const_iterator, std::vector<CreatedTable>::const_iterator>
creations_of(const std::vector<CreatedTable>& tables, std::string_view table) {
  return std::equal_range(tables.begin(), tables.end(), table, ByName{});
}

ScriptAnalysis analyze_block(const IssueDocument& document, int section, int block_index) {
  const CodeBlock& block = document.code_blocks[static_cast<std::size_t>(block_index)];
  std::string quoted;
  ScriptAnalysis script = analyze_sql(block_source(document, block, quoted), block.content_offset);
  script.section = section;
  script.block = block_index;
  return script;
}

// The pgTable calls of the schema blocks, in order, with their columns or without.
drizzle::Schema read_schema(const IssueDocument& document, const std::vector<int>& blocks,
                            int section, bool columns) {
  drizzle::Schema schema;
  for (int block_index : blocks) {
    const CodeBlock& block = document.code_blocks[static_cast<std::size_t>(block_index)];
    std::string quoted;
    const std::string_view source = block_source(document, block, quoted);
    drizzle::Schema found = columns ? drizzle::find_tables(source, block.content_offset)
                                    : drizzle::find_table_names(source, block.content_offset);
    for (drizzle::Table& table : found.tables) table.section = section;
    if (schema.tables.empty()) {
      schema = std::move(found);  // the first block's tables, without moving each again
      continue;
    }
    for (drizzle::Table& table : found.tables) schema.tables.push_back(std::move(table));
  }
  return schema;
}

// The fence labels GitHub highlights as SQL or PL/pgSQL, and the names of PostgreSQL and its
// shell that authors write instead.
bool is_sql_language(std::string_view language) {
  static constexpr std::string_view kLanguages[] = {"sql",      "pgsql",      "plpgsql",
                                                    "postgres", "postgresql", "psql"};
  return std::find(std::begin(kLanguages), std::end(kLanguages), language) != std::end(kLanguages);
}

bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// An unlabelled block is SQL when its first token (comments skipped) starts a statement. A
// block of comments only, or one that opens a comment it never closes, is SQL too: the parse
// says it is empty, or where the comment starts.
bool starts_like_sql(std::string_view code) {
  std::size_t at = skip_blanks_and_comments(code, 0);
  // A psql script may open with meta-commands (`\c app`): the SQL is what follows them. A block
  // of meta-commands only (`\i migrations/0003.sql`) holds no SQL to read.
  const bool meta_commands = at < code.size() && code[at] == '\\';
  while (at < code.size() && code[at] == '\\') {
    at = skip_blanks_and_comments(code, std::min(code.find('\n', at), code.size()));
  }
  if (at >= code.size()) return !meta_commands;
  if (code[at] == '(' || code[at] == ';') return true;
  if (code.substr(at, 2) == "/*") return true;
  std::size_t end = at;
  while (end < code.size() && is_ascii_letter(code[end])) ++end;
  return is_statement_keyword(code.substr(at, end - at));
}

}  // namespace

bool is_sql_block(const CodeBlock& block) {
  if (!block.language.empty()) return is_sql_language(block.language);
  return starts_like_sql(block.content);
}

ScriptAnalysis analyze_sql(std::string_view sql, std::size_t offset) {
  ScriptAnalysis script;
  script.offset = offset;
  script.length = sql.size();
  ParsedScript parsed = parse_script(sql, script.offset);
  script.errors = std::move(parsed.errors);
  StatementFacts facts;
  // Most statements make one operation: growing one at a time moved every Operation over again
  // (~600 instructions for the flagship's second).
  facts.operations.reserve(parsed.statements.size());
  for (const ParsedStatement& statement : parsed.statements) {
    if (statement.error) continue;
    if (!statement.in_do_block) ++script.statement_count;
    describe_statement_into(statement, facts);
  }
  script.operations = std::move(facts.operations);
  script.parameters = std::move(facts.parameters);
  script.long_identifiers = std::move(facts.long_identifiers);
  fill_source_types(script.operations);
  script.template_example =
      script.errors.empty() && is_template_example(sql, script.statement_count, script.operations);
  return script;
}

namespace {

// The offset just past the line end that closes the line holding `at` ("\r\n", "\n" or a lone
// "\r", as LineIndex counts them); text.size() when the line has none.
std::size_t next_line_start(std::string_view text, std::size_t at) {
  const std::size_t end = text.find_first_of("\r\n", at);
  if (end == std::string_view::npos) return text.size();
  return text.compare(end, 2, "\r\n") == 0 ? end + 2 : end + 1;
}

// Turns the first `depth` '>' of the line starting at `line` into spaces: a block quote's
// markers, found among the line's leading blanks (a list item's indentation may come first).
void blank_quote_markers(std::string& text, std::size_t line, int depth) {
  for (std::size_t at = line; depth > 0 && at < text.size(); ++at) {
    if (text[at] == '>') {
      text[at] = ' ';
      --depth;
    } else if (text[at] != ' ' && text[at] != '\t') {
      return;
    }
  }
}

}  // namespace

std::string_view block_source(const IssueDocument& document, const CodeBlock& block,
                              std::string& quoted) {
  const std::string_view body = document.text;
  if (block.content_offset >= body.size()) return {};
  const std::string_view content = block.content;
  // Usually the parser hands over the exact body bytes: nothing to walk.
  if (body.substr(block.content_offset).starts_with(content)) {
    return body.substr(block.content_offset, content.size());
  }
  // Otherwise the block spans as many body lines as it has lines, whatever md4c took off each
  // (CR, a list item's indentation, a quote's '>', tabs turned into spaces).
  std::size_t lines = static_cast<std::size_t>(std::count(content.begin(), content.end(), '\n'));
  if (!content.empty() && content.back() != '\n') ++lines;
  std::size_t end = block.content_offset;
  for (std::size_t line = 0; line < lines && end < body.size(); ++line) {
    end = next_line_start(body, end);
  }
  const std::string_view span = body.substr(block.content_offset, end - block.content_offset);
  if (block.quote_depth == 0) return span;  // what remains is white space to SQL and TypeScript
  quoted.assign(span);
  // The first line's markers come before content_offset, unless that line is blank: md4c then
  // points at none of its bytes, and the block starts at the line's start, markers and all.
  const std::size_t first = block.content_offset;
  const bool first_line_whole = first == 0 || body[first - 1] == '\n' || body[first - 1] == '\r';
  for (std::size_t line = first_line_whole ? 0 : next_line_start(quoted, 0); line < quoted.size();
       line = next_line_start(quoted, line)) {
    blank_quote_markers(quoted, line, block.quote_depth);
  }
  return quoted;
}

bool MigrationAnalysis::has_migration_sql() const { return any_sql(migration); }
bool MigrationAnalysis::has_rollback_sql() const { return any_sql(rollback); }

// Back from the last rename: each one before the name's offset that made the name moves it to
// the name before and to that rename's offset.
MigrationAnalysis::NamedTable MigrationAnalysis::name_before_renames(std::string_view table,
                                                                     std::size_t offset) const {
  NamedTable named{table, offset};
  for (auto it = renamed_tables.rbegin(); it != renamed_tables.rend(); ++it) {
    if (it->offset < named.offset && it->to == named.name) named = NamedTable{it->from, it->offset};
  }
  return named;
}

std::string_view MigrationAnalysis::name_after_migration(std::string_view table,
                                                         std::size_t offset) const {
  for (const RenamedTable& rename : renamed_tables) {
    if (rename.offset > offset && rename.from == table) table = rename.to;
  }
  return table;
}

bool MigrationAnalysis::creates_table_before(std::string_view table, std::size_t offset) const {
  const NamedTable named = name_before_renames(table, offset);
  const auto [first, last] = creations_of(created_tables, named.name);
  return first != last && first->offset < named.offset;
}

bool MigrationAnalysis::creates_object(const Operation& dropped) const {
  const char space = name_space(dropped.kind, dropped.object_type);
  if (space == '\0') return false;
  return std::binary_search(created_objects.begin(), created_objects.end(),
                            object_key(space, dropped.name));
}

bool MigrationAnalysis::adds_column_before(std::string_view table, std::string_view column,
                                           std::size_t offset) const {
  const std::string_view named = name_before_renames(table, offset).name;
  const auto first = std::lower_bound(
      added_columns.begin(), added_columns.end(), std::tie(named, column),
      [](const AddedColumn& added, const std::tuple<std::string_view, std::string_view>& key) {
        // As views on both sides: clang's C++20 tuple comparison takes no mixed element types.
        return std::tuple<std::string_view, std::string_view>(added.table, added.column) < key;
      });
  return first != added_columns.end() && first->table == named && first->column == column &&
         first->offset < offset;
}

// The last creation before `offset` says what the name stands for there: a temporary table
// shadows a schema table of the same name from its creation on.
const MigrationAnalysis::CreatedTable* MigrationAnalysis::created_before(std::string_view table,
                                                                         std::size_t offset) const {
  const NamedTable named = name_before_renames(table, offset);
  const auto [first, last] = creations_of(created_tables, named.name);
  const CreatedTable* latest = nullptr;
  for (auto it = first; it != last && it->offset < named.offset; ++it) latest = &*it;
  return latest;
}

bool MigrationAnalysis::is_temporary_table(std::string_view table, std::size_t offset) const {
  const CreatedTable* created = created_before(table, offset);
  return created != nullptr && created->temporary;
}

MigrationAnalysis analyze_migration(const IssueDocument& document, MigrationBlocks blocks) {
  MigrationAnalysis analysis;
  analysis.migration_section = blocks.migration_section;
  analysis.rollback_section = blocks.rollback_section;
  analysis.schema_section = blocks.schema_section;
  for (int block : blocks.migration_blocks) {
    analysis.migration.push_back(analyze_block(document, blocks.migration_section, block));
  }
  for (int block : blocks.rollback_blocks) {
    analysis.rollback.push_back(analyze_block(document, blocks.rollback_section, block));
  }
  analysis.created_tables = created_tables(analysis);
  analysis.created_objects = created_objects(analysis);
  analysis.renamed_tables = renamed_tables(analysis);
  analysis.added_columns = added_columns(analysis);  // reads the renames
  analysis.schema_blocks_ = std::move(blocks.schema_blocks);
  analysis.schema = read_schema(document, analysis.schema_blocks_, blocks.schema_section, false);
  return analysis;
}

const drizzle::Schema& MigrationAnalysis::schema_with_columns(const IssueDocument& document) const {
  if (!schema_with_columns_) {
    schema_with_columns_ = read_schema(document, schema_blocks_, schema_section, true);
  }
  return *schema_with_columns_;
}

}  // namespace issuelint::sql
