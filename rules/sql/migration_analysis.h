// The SQL and Drizzle analysis of one issue: the Migration SQL block(s), the Rollback Script
// block(s) and the New Schema block, found by section. Computed once per issue (lazily, by
// LintContext::migration()) and shared by every SQL and Drizzle rule.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parser/document.h"
#include "rules/drizzle/drizzle_schema.h"
#include "rules/sql/operation.h"
#include "rules/sql/sql_parser.h"

namespace issuelint::sql {

// One SQL code block, analysed.
struct ScriptAnalysis {
  int section = kNoIndex;
  int block = kNoIndex;           // index into IssueDocument::code_blocks
  std::size_t offset = 0;         // the SQL's first byte in the body
  std::size_t length = 0;         // bytes of body the SQL spans (CR bytes of CRLF lines included)
  bool template_example = false;  // the template's example SQL: counts as empty
  int statement_count = 0;
  std::vector<Operation> operations;
  std::vector<SyntaxError> errors;
  std::vector<ParameterUse> parameters;
  std::vector<LongIdentifier> long_identifiers;

  // Nothing written: comments only, or the template's example.
  bool empty() const { return template_example || (statement_count == 0 && errors.empty()); }
};

// Analyses `sql`, whose first byte is byte `offset` of the body: every offset found is a body
// offset.
ScriptAnalysis analyze_sql(std::string_view sql, std::size_t offset);

// A code block's text as the SQL and Drizzle readers take it: byte i stands for body byte
// `block.content_offset + i`, so every offset they report points into the body. These are the
// body's own bytes, where md4c may have handed over `content` with CRLF folded to LF, tabs turned
// into spaces and each line's list indentation or quote markers taken off: CR and indentation
// stay (white space to SQL and TypeScript), and a block quote's '>' become spaces, in a copy kept
// in `quoted`.
std::string_view block_source(const IssueDocument& document, const CodeBlock& block,
                              std::string& quoted);

// Whether a Migration SQL or Rollback Script block is SQL: fenced as sql (or as one of
// PostgreSQL's names for it), or unlabelled and starting like a statement. Authors put the
// TypeScript or shell commands that apply a migration beside its SQL; those are not parsed.
bool is_sql_block(const CodeBlock& block);

// Which blocks to analyse (template examples already left out by the caller).
struct MigrationBlocks {
  int migration_section = kNoIndex;
  int rollback_section = kNoIndex;
  int schema_section = kNoIndex;
  std::vector<int> migration_blocks;
  std::vector<int> rollback_blocks;
  std::vector<int> schema_blocks;
};

struct MigrationAnalysis {
  int migration_section = kNoIndex;  // kNoIndex when the issue has no such section
  int rollback_section = kNoIndex;
  int schema_section = kNoIndex;
  std::vector<ScriptAnalysis> migration;  // empty blocks included; see has_migration_sql()
  std::vector<ScriptAnalysis> rollback;
  // The pgTable calls of the New Schema block(s), without their columns and indexes: those are
  // read by schema_with_columns(), which one rule calls, and that only when Indexes Needed is
  // ticked (reading them was 3.5 K of the 11.7 K instructions the flagship's schema cost).
  drizzle::Schema schema;
  // `schema` with every table's columns and indexes, read from `document` (the one
  // analyze_migration() read) on the first call.
  const drizzle::Schema& schema_with_columns(const IssueDocument& document) const;

  bool has_migration_sql() const;  // some block holds a statement or a syntax error
  bool has_rollback_sql() const;
  // Calls visit(operation) for every operation of the migration (rollback) blocks that hold
  // SQL, in order. Visited where they lie: a list of them, made afresh for each rule that asked,
  // was three vectors a flagship check.
  template <typename Visit>
  void each_migration_operation(Visit visit) const {
    each_operation(migration, visit);
  }
  template <typename Visit>
  void each_rollback_operation(Visit visit) const {
    each_operation(rollback, visit);
  }
  // Every look-up below takes a table as named at a body offset, and follows it back through the
  // migration's renames before that offset: after `ALTER TABLE a RENAME TO b`, b is a.

  // A table named `table` at body offset `offset`, by the name it had before the migration's
  // renames (ALTER TABLE ... RENAME TO, SET SCHEMA) that come before `offset`, and the offset
  // from which that name stood for it (the first rename's, else `offset`).
  struct NamedTable {
    std::string_view name;
    std::size_t offset = 0;
  };
  NamedTable name_before_renames(std::string_view table, std::size_t offset) const;
  // The name the table named `table` at `offset` has once the migration has run: what the
  // Rollback Script calls it.
  std::string_view name_after_migration(std::string_view table, std::size_t offset) const;
  // Whether the migration creates `table` before body offset `offset`: a statement there acts
  // on a table that did not exist before the migration (one it drops and then creates again
  // did). Locks and backfills do not matter for it.
  bool creates_table_before(std::string_view table, std::size_t offset) const;
  // Whether `table`, named at body offset `offset`, is a temporary table the migration created
  // before: a table of the session that runs it (CREATE TEMP TABLE), not of the schema.
  bool is_temporary_table(std::string_view table, std::size_t offset) const;

  // A CREATE TABLE (or CREATE TABLE ... AS, SELECT ... INTO), or a CREATE [MATERIALIZED] VIEW,
  // of the migration.
  struct CreatedTable {
    std::string name;
    std::size_t offset = 0;  // of its statement in the body
    bool temporary = false;
    bool view = false;       // a view or materialized view: a relation, but no table
    bool with_rows = false;  // as Operation::with_rows
  };
  // What `table`, named at body offset `offset`, is by the migration's last creation of it
  // before: null when the migration did not create it there.
  const CreatedTable* created_before(std::string_view table, std::size_t offset) const;
  // The migration's CREATE TABLEs and VIEWs, sorted by name, each name's in the order they are
  // written: what the look-ups above search. Rules ask once per operation, so a scan of the
  // operations each time made a draft of many ALTERs quadratic (16,000 took 0.6 s). Filled by
  // analyze_migration().
  std::vector<CreatedTable> created_tables;

  // Whether the migration adds `column` to `table` (both as named at body offset `offset`)
  // before that offset: a column no deployed code knows yet.
  bool adds_column_before(std::string_view table, std::string_view column,
                          std::size_t offset) const;
  // An ADD COLUMN of the migration, its table by the name it had before the migration's renames.
  struct AddedColumn {
    std::string table;
    std::string column;
    std::size_t offset = 0;  // of its sub-command in the body
  };
  // Sorted by table, column and offset: rules ask once per DROP or RENAME COLUMN. Filled by
  // analyze_migration().
  std::vector<AddedColumn> added_columns;

  // Whether the migration creates, anywhere in it, a view, type or function of the name a
  // drop_object `dropped` removes: dropped and then created again it is replaced (DROP VIEW v;
  // CREATE VIEW v AS ..., the way to change a function's signature or a view's columns);
  // created before it, it was never deployed. Either way no deployed reader loses it.
  bool creates_object(const Operation& dropped) const;
  // What CREATE VIEW, CREATE TYPE and CREATE FUNCTION of the migration make, each as a letter
  // for the name space the object is in (a relation, a type, a routine) and its name: sorted.
  // Filled by analyze_migration().
  std::vector<std::string> created_objects;

  // A rename of a table by the migration: from `offset` on, `to` is the table that was `from`.
  struct RenamedTable {
    std::string from;
    std::string to;
    std::size_t offset = 0;
  };
  // In the order written; most migrations rename none. Filled by analyze_migration().
  std::vector<RenamedTable> renamed_tables;

 private:
  friend MigrationAnalysis analyze_migration(const IssueDocument& document, MigrationBlocks blocks);
  std::vector<int> schema_blocks_;  // what schema_with_columns() reads
  mutable std::optional<drizzle::Schema> schema_with_columns_;

  template <typename Visit>
  static void each_operation(const std::vector<ScriptAnalysis>& scripts, Visit& visit) {
    for (const ScriptAnalysis& script : scripts) {
      if (script.empty()) continue;
      for (const Operation& operation : script.operations) visit(operation);
    }
  }
};

// `blocks` by value: the analysis keeps the schema blocks' list (moved, not copied, from an
// rvalue: one allocation less a check).
MigrationAnalysis analyze_migration(const IssueDocument& document, MigrationBlocks blocks);

}  // namespace issuelint::sql
