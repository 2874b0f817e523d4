// The SQL and Drizzle cross-check rules on small issues parsed by parse_issue.
#include <algorithm>
#include <catch2/catch.hpp>
#include <initializer_list>
#include <string>
#include <vector>

#include "parser/document.h"
#include "rules/kinds/sql_kinds.h"
#include "rules/lint_context.h"
#include "rules/sql/migration_analysis.h"
#include "rules/table_names.h"

using namespace issuelint;

namespace {

struct Boxes {
  std::string migration_type = "- [x] **Schema Update** - Modifying existing table structure\n";
  std::string tables = "- [x] users\n- [ ] Other: **\\_\\_**\n";
  std::string breaking =
      "- [ ] **Non-breaking** - Additive changes only\n"
      "- [x] **Breaking** - Will require application code changes\n";
  std::string data = "- [x] **No data migration needed** - Safe schema-only changes\n";
  std::string performance =
      "- [ ] **Indexes needed** - Specify which columns need indexing\n"
      "- [ ] **Large table impact** - Changes affecting tables with >1M rows\n";
  std::string performance_notes;  // the ### Performance Notes sub-section when not empty
  std::string rollback = "- [x] **Manual rollback** - Custom rollback script needed\n";
  std::string schema =
      "-- Drizzle schema definition\nexport const newTable = pgTable('new_table', {\n"
      "  id: serial('id').primaryKey(),\n});\n";
  std::string rollback_sql = "-- SQL commands to rollback changes\n";
};

std::string issue(const std::string& sql, const Boxes& boxes = {}) {
  return "## Migration Type\n\n" + boxes.migration_type +
         "\n## Schema Changes\n\n### Tables Affected\n\n" + boxes.tables +
         "\n### New Schema (if applicable)\n\n```sql\n" + boxes.schema +
         "```\n\n### Migration SQL (if complex)\n\n```sql\n" + sql +
         "```\n\n## Data Migration Requirements\n\n" + boxes.data +
         "\n## Breaking Changes Impact\n\n" + boxes.breaking +
         "\n## Performance Considerations\n\n" + boxes.performance +
         (boxes.performance_notes.empty()
              ? std::string()
              : "\n### Performance Notes\n\n" + boxes.performance_notes + "\n") +
         "\n## Rollback Plan\n\n" + boxes.rollback +
         "\n### Rollback Script (if needed)\n\n```sql\n" + boxes.rollback_sql + "```\n";
}

std::vector<Finding> run(const RuleKind& kind, const std::string& body,
                         const TableNamePolicy* policy = nullptr) {
  const IssueDocument document = parse_issue(body);
  LintContext context(document, nullptr, std::string("[DB] test"), policy);
  auto rule = kind.make(kind.defaults, YamlNode(), "test");
  REQUIRE(rule.ok());
  (*rule)->check(context);
  return context.take_findings();
}

int line_of(const std::string& body, const std::string& needle) {
  const auto at = body.find(needle);
  REQUIRE(at != std::string::npos);
  return static_cast<int>(std::count(body.begin(), body.begin() + static_cast<long>(at), '\n')) + 1;
}

// The line of the one finding `kind` gives on `body`.
int only_finding_line(const RuleKind& kind, const std::string& body) {
  const auto findings = run(kind, body);
  REQUIRE(findings.size() == 1);
  return findings[0].line;
}

}  // namespace

TEST_CASE("sql-syntax-error points at the line in the body, LF and CRLF") {
  std::string body =
      issue("ALTER TABLE users ADD COLUMN bio text;\nALTER TABLE `users` ADD x int;\n");
  auto findings = run(sql_syntax_error_kind(), body);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].rule == "sql-syntax-error");
  CHECK(findings[0].line == line_of(body, "ALTER TABLE `users`"));
  CHECK(findings[0].column == 13);
  CHECK(findings[0].section == "Schema Changes > Migration SQL");
  std::string crlf;
  for (char c : body) {
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  findings = run(sql_syntax_error_kind(), crlf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].line == line_of(body, "ALTER TABLE `users`"));
  CHECK(findings[0].column == 13);
  CHECK(run(sql_syntax_error_kind(), issue("ALTER TABLE users ADD COLUMN bio text;\n")).empty());
}

TEST_CASE("sql-syntax-error names a psql meta-command, at its line") {
  const std::string body = issue("\\connect app\nALTER TABLE users ADD COLUMN bio text;\n");
  const auto findings = run(sql_syntax_error_kind(), body);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].line == line_of(body, "\\connect app"));
  CHECK(findings[0].message ==
        "the migration SQL holds the psql meta-command '\\connect app', which is not SQL");
  CHECK(findings[0].help.find("psql") != std::string::npos);
}

TEST_CASE("TypeScript and shell blocks beside the SQL are not parsed as SQL") {
  // issue() fences the text as sql: close that fence, and open the next block's.
  const std::string body = issue(
      "ALTER TABLE users ADD COLUMN bio text NOT NULL;\n```\n\nApplied with:\n\n```bash\n"
      "pnpm drizzle-kit migrate\n```\n\n```ts\nawait migrate(db, { migrationsFolder });\n"
      "```\n\n```\n$ psql -f 0001.sql\n");
  CHECK(run(sql_syntax_error_kind(), body).empty());
  // The SQL block beside them is still analysed.
  const auto findings = run(sql_add_column_not_null_kind(), body);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].line == line_of(body, "ALTER TABLE users"));
  Boxes boxes;
  boxes.rollback_sql =
      "-- then drop bio from the pgTable\n```\n\n```typescript\n"
      "await db.execute(sql`ALTER TABLE users DROP COLUMN bio`);\n";
  CHECK(run(sql_syntax_error_kind(), issue("ALTER TABLE users ADD COLUMN bio text;\n", boxes))
            .empty());
  // A block fenced as sql is parsed whatever it holds.
  REQUIRE(
      run(sql_syntax_error_kind(), issue("export const users = pgTable('users', {});\n")).size() ==
      1);
}

TEST_CASE("The template's example SQL and New Schema count as empty") {
  const std::string body = issue(
      "-- SQL commands that will be generated\nALTER TABLE table_name ADD COLUMN new_column "
      "VARCHAR(255);\n-- etc.\n");
  CHECK(run(sql_undeclared_table_kind(), body).empty());
  Boxes boxes;
  boxes.migration_type = "- [x] **New Table** - Creating a new table\n";
  const auto findings = run(drizzle_new_table_without_pgtable_kind(), issue("", boxes));
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].rule == "drizzle-new-table-without-pgtable");
}

TEST_CASE("sql-undeclared-table through the table-name policy and Other") {
  TableNamePolicy policy;
  policy.prefix = "discuno_";
  const std::string sql =
      "ALTER TABLE \"discuno_user\" ADD COLUMN \"bio\" text;--> statement-breakpoint\n"
      "ALTER TABLE \"discuno_audit_log\" ADD COLUMN \"ip\" inet;\n";
  auto findings = run(sql_undeclared_table_kind(), issue(sql), &policy);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].message.find("discuno_audit_log") != std::string::npos);
  Boxes boxes;
  boxes.tables = "- [x] users\n- [x] Other: audit_log\n";
  CHECK(run(sql_undeclared_table_kind(), issue(sql, boxes), &policy).empty());
}

// Audit 28, F2: the rows a WITH query moves out of a table, a trigger put on one.
TEST_CASE("sql-undeclared-table: tables a WITH query writes and a trigger is put on") {
  const std::string sql =
      "WITH moved AS (DELETE FROM sessions WHERE expired RETURNING *) INSERT INTO users (id) "
      "SELECT user_id FROM moved;\n"
      "CREATE TRIGGER audit AFTER UPDATE ON payments FOR EACH ROW EXECUTE FUNCTION log();\n";
  const auto findings = run(sql_undeclared_table_kind(), issue(sql));
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].message.find("'sessions'") != std::string::npos);
  CHECK(findings[1].message.find("'payments'") != std::string::npos);
  Boxes boxes;
  boxes.tables = "- [x] users\n- [x] Other: sessions, payments\n";
  CHECK(run(sql_undeclared_table_kind(), issue(sql, boxes)).empty());
}

// Both rules skip a reference that names the table the one before it named: the answers must be
// those of every reference asked in turn.
TEST_CASE("sql-undeclared-table: an index, view or sequence renamed is no table") {
  CHECK(run(sql_undeclared_table_kind(),
            issue("ALTER INDEX users_email_idx RENAME TO users_mail_idx;\n"
                  "ALTER VIEW active_users RENAME TO live_users;\n"
                  "ALTER MATERIALIZED VIEW user_stats RENAME TO user_daily_stats;\n"
                  "ALTER SEQUENCE users_id_seq RENAME TO user_id_seq;\n"
                  "ALTER VIEW live_users RENAME COLUMN name TO full_name;\n"))
            .empty());
  const std::string body = issue("ALTER TABLE sessions RENAME CONSTRAINT a TO b;\n");
  const auto findings = run(sql_undeclared_table_kind(), body);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].message.find("'sessions'") != std::string::npos);
}

TEST_CASE("Tables named again by the next reference are reported once, at their first") {
  const std::string sql =
      "CREATE TABLE audit_log (id serial, booking_id integer);\n"
      "ALTER TABLE audit_log ADD CONSTRAINT fk FOREIGN KEY (booking_id) REFERENCES bookings (id);\n"
      "ALTER TABLE bookings ADD COLUMN x integer;\n"
      "ALTER TABLE Audit_Log ADD COLUMN y integer;\n"
      "ALTER TABLE audit_log ADD COLUMN z integer;\n";
  Boxes boxes;
  boxes.tables = "- [x] users\n";
  boxes.schema =
      "export const auditLog = pgTable('audit_log', { id: serial('id') });\n"
      "export const bookings = pgTable('bookings', { id: serial('id') });\n"
      "export const sessions = pgTable('sessions', { id: serial('id') });\n";
  const std::string body = issue(sql, boxes);
  const auto undeclared = run(sql_undeclared_table_kind(), body);
  REQUIRE(undeclared.size() == 2);
  CHECK(undeclared[0].message.find("'audit_log'") != std::string::npos);
  CHECK(undeclared[0].line == line_of(body, "CREATE TABLE audit_log"));
  CHECK(undeclared[1].message.find("'bookings'") != std::string::npos);
  CHECK(undeclared[1].line == line_of(body, "ALTER TABLE audit_log ADD CONSTRAINT"));
  const auto unknown = run(drizzle_unknown_pgtable_kind(), body);
  REQUIRE(unknown.size() == 1);
  CHECK(unknown[0].message.find("'sessions'") != std::string::npos);
  // The template's example table is drizzle-new-table-without-pgtable's to report, not this.
  Boxes example = boxes;
  example.schema = "export const newTable = pgTable('new_table', { id: serial('id') });\n";
  CHECK(run(drizzle_unknown_pgtable_kind(), issue(sql, example)).empty());
  boxes.tables = "- [x] users\n- [x] Other: audit_log\n";
  const auto one = run(sql_undeclared_table_kind(), issue(sql, boxes));
  REQUIRE(one.size() == 1);
  CHECK(one[0].message.find("'bookings'") != std::string::npos);
  boxes.tables = "- [x] users\n- [x] Other: audit_log, bookings\n";
  CHECK(run(sql_undeclared_table_kind(), issue(sql, boxes)).empty());
}

TEST_CASE("Destructive operations against Non-breaking, Deprecation, Automatically reversible") {
  Boxes boxes;
  boxes.breaking = "- [x] **Non-breaking** - Additive changes only\n";
  boxes.rollback = "- [x] **Automatically reversible** - Drizzle can auto-generate rollback\n";
  const std::string body = issue(
      "ALTER TABLE users DROP COLUMN legacy;\nALTER TABLE users RENAME COLUMN a TO b;\n", boxes);
  // One finding for the one box, at the first statement, counting the others.
  const auto destructive = run(sql_destructive_non_breaking_kind(), body);
  REQUIRE(destructive.size() == 1);
  CHECK(destructive[0].line == line_of(body, "DROP COLUMN legacy"));
  CHECK(destructive[0].message ==
        "DROP COLUMN users.legacy (and 1 more) is not additive, but Breaking Changes Impact says "
        "Non-breaking");
  CHECK(run(sql_drop_without_deprecation_kind(), body).size() == 1);
  CHECK(run(sql_drop_reversible_kind(), body).size() == 1);
  const std::string additive = issue("ALTER TABLE users ADD COLUMN bio text;\n", boxes);
  CHECK(run(sql_destructive_non_breaking_kind(), additive).empty());
  CHECK(run(sql_drop_without_deprecation_kind(), additive).empty());
  CHECK(run(sql_drop_reversible_kind(), additive).empty());
  // A renamed enum value, type, view or schema breaks what names it; an index does not.
  const std::string renames = issue(
      "ALTER TYPE booking_status RENAME VALUE 'done' TO 'completed';\n"
      "ALTER TYPE mood RENAME TO feeling;\nALTER VIEW active_users RENAME TO live_users;\n"
      "ALTER SCHEMA billing RENAME TO payments;\n"
      "ALTER INDEX users_email_idx RENAME TO users_mail_idx;\n",
      boxes);
  const auto renamed = run(sql_destructive_non_breaking_kind(), renames);
  REQUIRE(renamed.size() == 1);
  CHECK(renamed[0].message.find("(and 3 more)") != std::string::npos);
  // Without Breaking Changes Impact, a breaking statement is a check that could not run.
  const std::string without_impact =
      "### Migration SQL (if complex)\n\n```sql\nALTER TABLE users DROP COLUMN legacy;\n```\n";
  const auto cannot = run(sql_destructive_non_breaking_kind(), without_impact);
  REQUIRE(cannot.size() == 1);
  CHECK(cannot[0].did_not_run);
  CHECK(
      run(sql_destructive_non_breaking_kind(),
          "### Migration SQL (if complex)\n\n```sql\nALTER TABLE users ADD COLUMN bio text;\n```\n")
          .empty());
}

// Audit 28, F1: a dropped view, type or function breaks what names it, as its rename does.
TEST_CASE("Drops of views, types and functions are not Non-breaking, unless they are replaced") {
  Boxes boxes;
  boxes.breaking = "- [x] **Non-breaking** - Additive changes only\n";
  const std::string body = issue(
      "DROP VIEW IF EXISTS \"public\".\"booking_summary\";\nDROP TYPE mood;\n"
      "DROP FUNCTION bio_length(text);\nDROP SEQUENCE legacy_seq;\n",
      boxes);
  const auto dropped = run(sql_destructive_non_breaking_kind(), body);
  REQUIRE(dropped.size() == 1);
  CHECK(dropped[0].line == line_of(body, "DROP VIEW"));
  CHECK(dropped[0].message ==
        "DROP VIEW booking_summary (and 2 more) is not additive, but Breaking Changes Impact "
        "says Non-breaking");
  // Nothing is lost that a Deprecation or a rollback would have to bring back: no rows.
  CHECK(run(sql_drop_without_deprecation_kind(), body).empty());
  // Dropped and created again (to change a view's columns or a function's signature), or made by
  // the migration itself before: no deployed reader loses it.
  const std::string replaced = issue(
      "DROP VIEW IF EXISTS booking_summary;\n"
      "CREATE VIEW booking_summary AS SELECT id FROM users;\n"
      "DROP FUNCTION public.bio_length(text);\n"
      "CREATE FUNCTION bio_length(b varchar) RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;\n"
      "CREATE TYPE mood AS ENUM ('ok');\nDROP TYPE mood;\nDROP SEQUENCE legacy_seq;\n",
      boxes);
  CHECK(run(sql_destructive_non_breaking_kind(), replaced).empty());
  // A view's name is not a type's: creating a type of that name replaces no view.
  const std::string other_space =
      issue("DROP VIEW mood;\nCREATE TYPE mood AS ENUM ('ok');\n", boxes);
  CHECK(run(sql_destructive_non_breaking_kind(), other_space).size() == 1);
}

TEST_CASE("CREATE TABLE, FKs and indexes need their boxes") {
  const std::string body = issue(
      "CREATE TABLE IF NOT EXISTS \"sessions\" (\"id\" serial PRIMARY KEY);\n"
      "DO $$ BEGIN\n ALTER TABLE \"sessions\" ADD CONSTRAINT \"s_fk\" FOREIGN KEY (\"user_id\") "
      "REFERENCES \"users\"(\"id\");\nEXCEPTION\n WHEN duplicate_object THEN null;\nEND $$;\n"
      "CREATE INDEX IF NOT EXISTS \"s_idx\" ON \"users\" USING btree (\"email\");\n");
  CHECK(run(sql_create_table_without_new_table_kind(), body).size() == 1);
  const auto fk = run(sql_foreign_key_without_relationships_kind(), body);
  REQUIRE(fk.size() == 1);
  CHECK(fk[0].line == line_of(body, " ALTER TABLE \"sessions\""));
  CHECK(run(sql_index_without_indexes_needed_kind(), body).size() == 1);
  Boxes boxes;
  boxes.migration_type = "- [x] **New Table**\n- [x] **Relationships**\n";
  boxes.performance = "- [x] **Indexes needed**\n- [x] **Large table impact**\n";
  const std::string ticked = issue(
      "ALTER TABLE bookings ADD CONSTRAINT b_fk FOREIGN KEY (user_id) REFERENCES users (id);\n"
      "CREATE INDEX b_idx ON bookings (user_id);\n"
      "CREATE INDEX CONCURRENTLY u_idx ON users (email);\n",
      boxes);
  CHECK(run(sql_create_table_without_new_table_kind(), ticked).empty());
  CHECK(run(sql_foreign_key_without_relationships_kind(), ticked).empty());
  CHECK(run(sql_index_without_indexes_needed_kind(), ticked).empty());
  CHECK(run(sql_foreign_key_not_valid_kind(), ticked).size() == 1);
  CHECK(run(sql_index_not_concurrent_kind(), ticked).size() == 1);
  const auto concurrent = run(drizzle_concurrent_in_migrator_kind(), ticked);
  REQUIRE(concurrent.size() == 1);
  CHECK(concurrent[0].severity == Severity::info);
}

TEST_CASE("ADD COLUMN NOT NULL without DEFAULT unless a backfill is declared") {
  const std::string sql = "ALTER TABLE users ADD COLUMN plan text NOT NULL;\n";
  CHECK(run(sql_add_column_not_null_kind(), issue(sql)).size() == 1);
  Boxes boxes;
  boxes.data = "- [x] **Data backfill needed** - Populate new columns with computed values\n";
  CHECK(run(sql_add_column_not_null_kind(), issue(sql, boxes)).empty());
  CHECK(run(sql_add_column_not_null_kind(),
            issue("CREATE TABLE t (id int);\nALTER TABLE t ADD COLUMN x int NOT NULL;\n"))
            .empty());
}

TEST_CASE("ADD COLUMN NOT NULL: implicit defaults fill the rows, DEFAULT NULL does not") {
  for (const std::string column :
       {"seq serial NOT NULL", "seq bigserial NOT NULL", "seq smallserial NOT NULL",
        "seq int NOT NULL GENERATED ALWAYS AS IDENTITY",
        "seq int GENERATED BY DEFAULT AS IDENTITY NOT NULL",
        "seq int NOT NULL GENERATED ALWAYS AS (length(email)) STORED"}) {
    INFO(column);
    CHECK(
        run(sql_add_column_not_null_kind(), issue("ALTER TABLE users ADD COLUMN " + column + ";\n"))
            .empty());
  }
  for (const std::string column :
       {"plan text NOT NULL DEFAULT NULL", "plan text DEFAULT NULL::text NOT NULL"}) {
    INFO(column);
    const std::string body = issue("ALTER TABLE users ADD COLUMN " + column + ";\n");
    CHECK(only_finding_line(sql_add_column_not_null_kind(), body) ==
          line_of(body, "ALTER TABLE users ADD COLUMN plan"));
  }
}

TEST_CASE("The rollback must undo created tables and added columns") {
  Boxes boxes;
  boxes.rollback_sql = "DROP TABLE audit_log;\n";
  const std::string sql =
      "CREATE TABLE audit_log (id int);\nALTER TABLE users ADD COLUMN bio text;\n";
  const auto findings = run(sql_rollback_incomplete_kind(), issue(sql, boxes));
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].help.find("DROP COLUMN bio") != std::string::npos);
  boxes.rollback_sql = "ALTER TABLE users DROP COLUMN bio;\nDROP TABLE IF EXISTS audit_log;\n";
  CHECK(run(sql_rollback_incomplete_kind(), issue(sql, boxes)).empty());
  boxes.rollback_sql = "DROP TABLE audit_log\n";  // parses without ';'
  CHECK(run(sql_syntax_error_kind(), issue(sql, boxes)).empty());
  boxes.rollback_sql = "DROP TABEL audit_log;\n";
  CHECK(run(sql_syntax_error_kind(), issue(sql, boxes)).size() == 1);
  // A rollback that does not parse: its syntax error is the finding, not what seems undone.
  boxes.rollback_sql = "ALTER TABLE users DROP COLUMN bio\nDROP TABLE audit_log;\n";
  CHECK(run(sql_syntax_error_kind(), issue(sql, boxes)).size() == 1);
  CHECK(run(sql_rollback_incomplete_kind(), issue(sql, boxes)).empty());
}

// DROP TABLE of a partitioned table drops its partitions (and theirs) with it.
TEST_CASE("The rollback that drops a partitioned table undoes its partitions") {
  Boxes boxes;
  boxes.rollback_sql = "DROP TABLE \"events_log\";\n";
  const std::string sql =
      "CREATE TABLE \"events_log\" (id bigint, at date) PARTITION BY RANGE (at);\n"
      "CREATE TABLE \"events_log_2025\" PARTITION OF \"events_log\"\n"
      "  FOR VALUES FROM ('2025-01-01') TO ('2026-01-01') PARTITION BY LIST (id);\n"
      "CREATE TABLE events_log_2025_a PARTITION OF events_log_2025 FOR VALUES IN (1);\n";
  CHECK(run(sql_rollback_incomplete_kind(), issue(sql, boxes)).empty());
  // A partition of a table the rollback keeps is not undone; nor is a table that inherits.
  boxes.rollback_sql = "DROP TABLE events_log_2025_a;\n";
  auto findings = run(sql_rollback_incomplete_kind(), issue(sql, boxes));
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].message == "CREATE TABLE events_log is not undone by the Rollback Script");
  CHECK(findings[1].message == "CREATE TABLE events_log_2025 is not undone by the Rollback Script");
  boxes.rollback_sql = "DROP TABLE events_log;\n";
  findings =
      run(sql_rollback_incomplete_kind(), issue("CREATE TABLE events_log (id int);\n"
                                                "CREATE TABLE archive () INHERITS (events_log);\n",
                                                boxes));
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].message == "CREATE TABLE archive is not undone by the Rollback Script");
}

// drizzle's migrator runs a migration in a transaction block, which PostgreSQL refuses these in.
TEST_CASE("drizzle-concurrent-in-migrator: REINDEX and DETACH PARTITION CONCURRENTLY too") {
  const std::string sql =
      "REINDEX INDEX CONCURRENTLY users_email_idx;\n"
      "REINDEX TABLE CONCURRENTLY users;\n"
      "REINDEX SCHEMA CONCURRENTLY public;\n"
      "REINDEX DATABASE CONCURRENTLY app;\n"
      "ALTER TABLE users DETACH PARTITION users_2024 CONCURRENTLY;\n"
      "REINDEX TABLE users;\n"
      "ALTER TABLE users DETACH PARTITION users_2023;\n"
      "REFRESH MATERIALIZED VIEW CONCURRENTLY user_stats;\n";
  const std::string body = issue(sql);
  const auto findings = run(drizzle_concurrent_in_migrator_kind(), body);
  REQUIRE(findings.size() == 5);
  const char* const statements[] = {
      "REINDEX INDEX CONCURRENTLY users_email_idx",
      "REINDEX TABLE CONCURRENTLY users",
      "REINDEX SCHEMA CONCURRENTLY public",
      "REINDEX DATABASE CONCURRENTLY app",
      "ALTER TABLE users DETACH PARTITION users_2024 CONCURRENTLY",
  };
  for (std::size_t i = 0; i < findings.size(); ++i) {
    INFO(i);
    CHECK(findings[i].severity == Severity::info);
    CHECK(findings[i].message ==
          std::string(statements[i]) + " cannot run inside drizzle's migrator transaction");
    CHECK(findings[i].line == line_of(body, i < 4 ? statements[i] : "ALTER TABLE users DETACH"));
  }
}

// Audit 28, F5: inside the SQL's own transaction block or a DO block, leaving the migrator is
// not enough: the finding says where the statement fails and where to move it.
TEST_CASE("drizzle-concurrent-in-migrator: inside BEGIN ... COMMIT or a DO block") {
  const std::string sql =
      "BEGIN;\nCREATE INDEX CONCURRENTLY users_email_idx ON users (email);\nCOMMIT;\n"
      "DROP INDEX CONCURRENTLY users_name_idx;\n"
      "START TRANSACTION;\nREINDEX TABLE CONCURRENTLY users;\nROLLBACK;\n"
      "DO $$ BEGIN CREATE INDEX CONCURRENTLY users_tz_idx ON users (tz); END $$;\n";
  const std::string body = issue(sql);
  const auto findings = run(drizzle_concurrent_in_migrator_kind(), body);
  REQUIRE(findings.size() == 4);
  CHECK(findings[0].message ==
        "CREATE INDEX CONCURRENTLY users_email_idx ON users cannot run inside the transaction "
        "block the SQL opens with BEGIN at line " +
            std::to_string(line_of(body, "BEGIN;")));
  CHECK(findings[0].help == "move it after the COMMIT, and apply it outside drizzle-kit migrate");
  CHECK(findings[1].message ==
        "DROP INDEX CONCURRENTLY users_name_idx cannot run inside drizzle's migrator transaction");
  CHECK(findings[2].message.find("REINDEX TABLE CONCURRENTLY users cannot run inside the "
                                 "transaction block the SQL opens with BEGIN at line " +
                                 std::to_string(line_of(body, "START TRANSACTION"))) == 0);
  CHECK(findings[3].message ==
        "CREATE INDEX CONCURRENTLY users_tz_idx ON users cannot run inside a DO block, which "
        "always runs in a transaction");
  CHECK(findings[3].line == line_of(body, "DO $$"));
}

// "- [x] users (mentor profiles)" declares users, as "users - mentor profiles" does.
TEST_CASE("A ticked table or option with a note in parentheses is that table or option") {
  Boxes boxes;
  boxes.tables = "- [x] users (mentor profiles) (~8k rows)\n- [ ] Other: **\\_\\_**\n";
  boxes.breaking =
      "- [x] Non-breaking (additive only)\n"
      "- [ ] Potentially breaking\n- [ ] Breaking\n";
  const std::string body = issue("ALTER TABLE users DROP COLUMN bio;\n", boxes);
  CHECK(run(sql_undeclared_table_kind(), body).empty());
  CHECK(run(sql_destructive_non_breaking_kind(), body).size() == 1);
  boxes.tables = "- [x] users\n- [x] Other: audit_log (new)\n";
  CHECK(run(sql_undeclared_table_kind(),
            issue("ALTER TABLE users ADD COLUMN a int;\nCREATE TABLE audit_log (id int);\n", boxes))
            .empty());
}

TEST_CASE("Automatically reversible: no rollback script, enum values") {
  Boxes boxes;
  boxes.rollback = "- [x] **Automatically reversible** - Drizzle can auto-generate rollback\n";
  CHECK(run(drizzle_reversible_without_rollback_kind(), issue("SELECT 1;\n", boxes)).size() == 1);
  CHECK(run(sql_enum_value_reversible_kind(),
            issue("ALTER TYPE \"role\" ADD VALUE 'admin' BEFORE 'mentor';\n", boxes))
            .size() == 1);
  boxes.rollback_sql = "ALTER TABLE users DROP COLUMN bio;\n";
  CHECK(run(drizzle_reversible_without_rollback_kind(), issue("SELECT 1;\n", boxes)).empty());
}

// Audit 28, F8: the rollback's DROP TYPE undoes a value added to a type the migration made.
TEST_CASE("sql-enum-value-reversible: a value added to a type the migration creates") {
  Boxes boxes;
  boxes.rollback = "- [x] **Automatically reversible** - Drizzle can auto-generate rollback\n";
  const std::string created = issue(
      "CREATE TYPE \"public\".\"mood\" AS ENUM('ok');\nALTER TYPE mood ADD VALUE 'sad';\n", boxes);
  CHECK(run(sql_enum_value_reversible_kind(), created).empty());
  // Added before it is created (it fails), or to another type: still a value no rollback drops.
  const auto others =
      run(sql_enum_value_reversible_kind(), issue("ALTER TYPE mood ADD VALUE 'sad';\n"
                                                  "CREATE TYPE mood AS ENUM('ok');\n"
                                                  "ALTER TYPE archive.mood ADD VALUE 'sad';\n",
                                                  boxes));
  REQUIRE(others.size() == 2);
  CHECK(others[1].message.find("ALTER TYPE archive.mood ADD VALUE") == 0);
}

TEST_CASE("SET DATA TYPE without USING, $1 in DDL, long identifiers") {
  const auto types =
      run(sql_set_type_without_using_kind(),
          issue("ALTER TABLE users ALTER COLUMN token SET DATA TYPE uuid;\n"
                "ALTER TABLE users ALTER COLUMN n SET DATA TYPE bigint;\n"
                "ALTER TABLE users ALTER COLUMN t SET DATA TYPE uuid USING t::uuid;\n"
                "ALTER TABLE users ALTER COLUMN id SET DATA TYPE serial;\n"));
  CHECK(types.size() == 2);
  CHECK(run(sql_parameter_in_ddl_kind(),
            issue("ALTER TABLE users ADD CONSTRAINT c CHECK (age >= $1);\n"))
            .size() == 1);
  const auto identifiers = run(
      sql_identifier_too_long_kind(),
      issue("ALTER TABLE users ADD CONSTRAINT \"" + std::string(68, 'x') + "\" UNIQUE (email);\n"));
  REQUIRE(identifiers.size() == 1);
  CHECK(identifiers[0].message.find("68 bytes") != std::string::npos);
}

// Audit 28, F5: types named as authors write them, not by the parser's internal names.
TEST_CASE("sql-set-type-without-using names types as SQL writes them") {
  const auto types = run(sql_set_type_without_using_kind(),
                         issue("CREATE TABLE notes (body text, n int, flags int[]);\n"
                               "ALTER TABLE notes ALTER COLUMN body SET DATA TYPE integer;\n"
                               "ALTER TABLE notes ALTER COLUMN n SET DATA TYPE boolean;\n"
                               "ALTER TABLE notes ALTER COLUMN flags SET DATA TYPE bool[];\n"
                               "ALTER TABLE users ALTER COLUMN ok SET DATA TYPE boolean;\n"));
  REQUIRE(types.size() == 4);
  CHECK(types[0].message ==
        "SET DATA TYPE from text to integer on notes.body has no USING clause and fails at run "
        "time");
  CHECK(types[0].help == "add USING (for example USING body::integer)");
  CHECK(types[1].message.find("from integer to boolean") != std::string::npos);
  CHECK(types[2].message.find("from integer[] to boolean[]") != std::string::npos);
  CHECK(types[3].message ==
        "SET DATA TYPE boolean on users.ok has no USING clause: it fails unless the column's "
        "current type converts to boolean implicitly");
}

TEST_CASE("sql-parameter-in-ddl: a function's own arguments in its body are no leftover") {
  CHECK(run(sql_parameter_in_ddl_kind(),
            issue("CREATE FUNCTION bio_len(text) RETURNS int RETURN length($1);\n"
                  "CREATE FUNCTION bio_len2(text) RETURNS int\n"
                  "BEGIN ATOMIC\n  SELECT length($1);\nEND;\n"))
            .empty());
  const std::string body = issue(
      "CREATE FUNCTION bio_len(text) RETURNS int RETURN length($1);\n"
      "ALTER TABLE users ADD CONSTRAINT c CHECK (bio_len(bio) <= $1);\n");
  CHECK(only_finding_line(sql_parameter_in_ddl_kind(), body) ==
        line_of(body, "ALTER TABLE users ADD CONSTRAINT"));
}

TEST_CASE("drizzle-unknown-pgtable: a pgTable in neither the SQL nor the tables") {
  Boxes boxes;
  boxes.schema =
      "export const posts = pgTable('postz', { id: serial('id') });\n"
      "export const users = pgTable('users', { id: serial('id') });\n";
  const auto findings =
      run(drizzle_unknown_pgtable_kind(), issue("ALTER TABLE users ADD COLUMN bio text;\n", boxes));
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].message.find("postz") != std::string::npos);
}

TEST_CASE("A missing Migration SQL section is 'cannot check', never a crash") {
  const auto findings =
      run(sql_undeclared_table_kind(), "## Migration Type\n\n- [x] **New Table**\n");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].severity == Severity::info);
  CHECK(findings[0].line == 0);
}

TEST_CASE("Indexes needed: the columns are named in the notes or indexed in the SQL") {
  Boxes boxes;
  boxes.performance = "- [x] **Indexes needed** - Specify which columns need indexing\n";
  boxes.tables = "- [x] users\n- [x] bookings\n";
  const std::string no_index = "ALTER TABLE bookings ADD COLUMN starts_at timestamptz;\n";
  const auto vague = [&](const std::string& notes) {
    Boxes with_notes = boxes;
    with_notes.performance_notes = notes;
    return run(sql_indexes_needed_without_columns_kind(), issue(no_index, with_notes));
  };
  const std::string unnamed = issue(no_index, boxes);  // no Performance Notes at all
  const auto findings = run(sql_indexes_needed_without_columns_kind(), unnamed);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].severity == Severity::warning);
  CHECK(findings[0].line == line_of(unnamed, "- [x] **Indexes needed**"));
  CHECK(vague("Queries on the bookings table will be faster with an index.").size() == 1);
  CHECK(vague("Estimated migration time and any performance impacts:").size() == 1);
  CHECK(vague("We need an index on users for the calendar.").size() == 1);
  // Named: table(column), table.column, a column the SQL defines, an identifier-shaped name.
  CHECK(vague("Index bookings(user_id, starts_at) for the calendar query.").empty());
  CHECK(vague("Index bookings (owner) for the calendar query.").empty());
  CHECK(vague("An index on users.email.").empty());
  CHECK(vague("Index the starts_at column.").empty());
  CHECK(vague("Index by startsAt, as the calendar sorts on it.").empty());
  // Or says it is a column: "the X column", "an index on X" (a code span is plain text here).
  CHECK(vague("Index on `email` for login lookups.").empty());
  CHECK(vague("We need an index on the email column.").empty());
  CHECK(vague("Indexes on owner and status.").empty());
  // Audit 24, finding F: prose after "index" and brand names are no columns; a code span is.
  CHECK(vague("We need an index for faster lookups.").size() == 1);
  CHECK(vague("Index the table for performance; it is slow today.").size() == 1);
  CHECK(vague("An index on this table would speed up the dashboard.").size() == 1);
  CHECK(vague("Dashboard queries are slow in PostgreSQL; an index will help.").size() == 1);
  CHECK(vague("The GitHub sync and the TypeScript API both need an index.").size() == 1);
  CHECK(vague("Index `bookings` to make the calendar fast.").size() == 1);
  CHECK(vague("The calendar filters on `cancelled`, which needs an index.").empty());
  CHECK(vague("Queries filter on `bookings.cancelled` and sort on it.").empty());
  CHECK(vague("The calendar sorts on startsAt, so it needs an index.").empty());
  // A CREATE INDEX in the SQL names the columns itself.
  CHECK(run(sql_indexes_needed_without_columns_kind(),
            issue("CREATE INDEX b_idx ON bookings (user_id);\n", boxes))
            .empty());
  // So does an index with its columns in the Drizzle schema's third argument.
  Boxes drizzle_index = boxes;
  drizzle_index.schema =
      "export const bookings = pgTable('bookings', { userId: integer('user_id') },\n"
      "  (t) => [index('b_user_idx').on(t.userId)]);\n";
  CHECK(run(sql_indexes_needed_without_columns_kind(), issue(no_index, drizzle_index)).empty());
  // Not ticked: nothing to name.
  CHECK(run(sql_indexes_needed_without_columns_kind(), issue(no_index)).empty());
}

TEST_CASE("CREATE INDEX anywhere, also inside a DO block, wants 'Indexes needed'") {
  const std::string body = issue(
      "DO $$ BEGIN\n CREATE INDEX IF NOT EXISTS \"u_idx\" ON \"users\" (\"email\");\n"
      "EXCEPTION WHEN duplicate_table THEN null;\nEND $$;\n");
  const auto findings = run(sql_index_without_indexes_needed_kind(), body);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].line == line_of(body, " CREATE INDEX"));
}

TEST_CASE("Many indexes without 'Indexes needed' are one finding, at the first, with a count") {
  const std::string body = issue(
      "CREATE INDEX a_idx ON users (email);\nCREATE INDEX b_idx ON bookings (user_id);\n"
      "CREATE INDEX c_idx ON payments (booking_id);\n");
  const auto findings = run(sql_index_without_indexes_needed_kind(), body);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].line == line_of(body, "CREATE INDEX a_idx"));
  CHECK(findings[0].message.find("'users' (and 2 more)") != std::string::npos);
}

TEST_CASE("A MySQL script gets one sql-syntax-error that says so, other errors their own") {
  const std::string body = issue(
      "CREATE TABLE `audit_log` (\n  `id` INT AUTO_INCREMENT PRIMARY KEY\n);\n"
      "ALTER TABLE `audit_log` ADD COLUMN `note` TEXT;\n"
      "ALTER TABLE users ADD COLUMN;\n");
  const auto findings = run(sql_syntax_error_kind(), body);
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].line == line_of(body, "CREATE TABLE `audit_log`"));
  CHECK(findings[0].message.find("MySQL backticks") != std::string::npos);
  CHECK(findings[0].message.find("2 statements do not parse") != std::string::npos);
  CHECK(findings[1].line == line_of(body, "ALTER TABLE users ADD COLUMN;"));
  CHECK(findings[1].message.find("backtick") == std::string::npos);
}

TEST_CASE("drizzle-kit's tab-indented CREATE TABLE is read whole, LF and CRLF") {
  const std::string sql =
      "CREATE TABLE IF NOT EXISTS \"audit_log\" (\n\t\"id\" serial PRIMARY KEY NOT NULL,\n"
      "\t  \"change\" text NOT NULL\n);\n--> statement-breakpoint\n"
      "ALTER TABLE \"users\" ADD COLUMN \"bio\" text;\n";
  for (const bool crlf : {false, true}) {
    std::string body = issue(sql);
    if (crlf) {
      std::string converted;
      for (char c : body) converted += c == '\n' ? std::string("\r\n") : std::string(1, c);
      body = converted;
    }
    INFO("CRLF: " << crlf);
    CHECK(run(sql_syntax_error_kind(), body).empty());
    const auto create = run(sql_create_table_without_new_table_kind(), body);
    REQUIRE(create.size() == 1);
    CHECK(create[0].line == line_of(body, "CREATE TABLE IF NOT EXISTS"));
    const auto undeclared = run(sql_undeclared_table_kind(), body);
    REQUIRE(undeclared.size() == 1);  // audit_log; users is ticked
    CHECK(undeclared[0].message.find("audit_log") != std::string::npos);
  }
}

namespace {

// None of `kinds` finds anything in `body`.
void check_silent(std::initializer_list<RuleKind> kinds, const std::string& body) {
  for (const RuleKind& kind : kinds) {
    INFO(kind.name);
    CHECK(run(kind, body).empty());
  }
}

}  // namespace

// Audit 24, finding A: CREATE FUNCTION runs nothing of its body, a DO block runs all of it.
TEST_CASE("A PL/pgSQL function body is parsed for errors but is no migration operation") {
  Boxes boxes;
  boxes.breaking = "- [x] **Non-breaking** - Additive changes only\n";
  boxes.rollback = "- [x] **Automatically reversible** - Drizzle can auto-generate rollback\n";
  boxes.rollback_sql = "DROP FUNCTION IF EXISTS purge_archived_bookings();\n";
  const std::string function =
      "CREATE OR REPLACE FUNCTION purge_archived_bookings() RETURNS void\n"
      "LANGUAGE plpgsql AS $$\nBEGIN\n"
      "  CREATE TABLE IF NOT EXISTS purge_log (id bigint, purged_at timestamptz);\n"
      "  TRUNCATE bookings_staging;\n"
      "  DROP TABLE IF EXISTS bookings_archive;\n"
      "  ALTER TABLE users DROP COLUMN legacy_note;\n"
      "END;\n$$;\n";
  const std::string body = issue(function, boxes);
  check_silent({sql_create_table_without_new_table_kind(), sql_undeclared_table_kind(),
                sql_rollback_incomplete_kind(), sql_drop_reversible_kind(),
                sql_drop_without_deprecation_kind(), sql_destructive_non_breaking_kind(),
                sql_syntax_error_kind()},
               body);
  // The same statements in a DO block run with the migration.
  const std::string do_block =
      issue("DO $$\nBEGIN\n  DROP TABLE IF EXISTS bookings_archive;\nEND $$;\n", boxes);
  CHECK(only_finding_line(sql_drop_without_deprecation_kind(), do_block) ==
        line_of(do_block, "  DROP TABLE"));
  CHECK(run(sql_drop_reversible_kind(), do_block).size() == 1);
  // A typo in a function body is still a syntax error where it is written.
  const std::string typo = issue(
      "CREATE FUNCTION purge() RETURNS void LANGUAGE plpgsql AS $$\nBEGIN\n"
      "  DELETE FORM sessions;\nEND $$;\n");
  CHECK(only_finding_line(sql_syntax_error_kind(), typo) == line_of(typo, "  DELETE FORM"));
}

// Audit 24, finding B: a temporary table lives for the session, it is no schema table.
TEST_CASE("CREATE TEMP TABLE is no new table, and what is done to it touches no schema table") {
  Boxes boxes;
  boxes.tables = "- [x] bookings\n";
  boxes.rollback_sql = "UPDATE bookings SET timezone = 'UTC';\n";
  const std::string sql =
      "CREATE TEMP TABLE tz_map (city text, tz text) ON COMMIT DROP;\n"
      "INSERT INTO tz_map VALUES ('Berlin', 'Europe/Berlin');\n"
      "CREATE INDEX ON tz_map (city);\n"
      "UPDATE bookings SET timezone = tz_map.tz FROM tz_map WHERE bookings.city = tz_map.city;\n"
      "CREATE TEMPORARY TABLE IF NOT EXISTS tz_seen (tz text);\n";
  const std::string body = issue(sql, boxes);
  check_silent({sql_create_table_without_new_table_kind(), sql_undeclared_table_kind(),
                sql_rollback_incomplete_kind(), sql_index_without_indexes_needed_kind()},
               body);
  // A permanent table of the same shape is a new table.
  const std::string permanent = issue("CREATE TABLE tz_map (city text, tz text);\n", boxes);
  CHECK(run(sql_create_table_without_new_table_kind(), permanent).size() == 1);
  CHECK(run(sql_undeclared_table_kind(), permanent).size() == 1);
  CHECK(run(sql_rollback_incomplete_kind(), permanent).size() == 1);
}

// Audit 24, finding C: a table that did not exist before the migration has no reader to break.
TEST_CASE("Dropping or retyping a table the migration created earlier breaks nobody") {
  Boxes boxes;
  boxes.tables = "- [x] bookings\n- [x] Other: tz_map\n";
  boxes.breaking = "- [x] **Non-breaking** - Additive changes only\n";
  boxes.rollback = "- [x] **Automatically reversible** - Drizzle can auto-generate rollback\n";
  boxes.rollback_sql = "UPDATE bookings SET timezone = 'UTC';\n";
  const std::string sql =
      "CREATE TABLE tz_map (city text, tz varchar(64));\n"
      "ALTER TABLE tz_map ALTER COLUMN tz SET DATA TYPE text;\n"
      "UPDATE bookings SET timezone = tz_map.tz FROM tz_map WHERE bookings.city = tz_map.city;\n"
      "DROP TABLE tz_map;\n";
  const std::string body = issue(sql, boxes);
  check_silent({sql_destructive_non_breaking_kind(), sql_drop_without_deprecation_kind(),
                sql_drop_reversible_kind(), sql_rollback_incomplete_kind()},
               body);
  // The same drop of a table that was there before (created after it: a recreated table).
  const std::string recreated =
      issue("DROP TABLE tz_map;\nCREATE TABLE tz_map (city text, tz text);\n", boxes);
  CHECK(only_finding_line(sql_drop_without_deprecation_kind(), recreated) ==
        line_of(recreated, "DROP TABLE tz_map"));
  CHECK(run(sql_destructive_non_breaking_kind(), recreated).size() == 1);
  CHECK(run(sql_drop_reversible_kind(), recreated).size() == 1);
  CHECK(run(sql_rollback_incomplete_kind(), recreated).size() == 1);
}

// Audit 24, finding D: text[] is not text.
TEST_CASE("SET DATA TYPE to an array type keeps the array in its name") {
  const std::string known = issue(
      "ALTER TABLE users ADD COLUMN tag text;\n"
      "ALTER TABLE users ALTER COLUMN tag SET DATA TYPE text[];\n");
  auto findings = run(sql_set_type_without_using_kind(), known);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].message ==
        "SET DATA TYPE from text to text[] on users.tag has no USING clause and fails at run time");
  CHECK(findings[0].help.find("USING tag::text[]") != std::string::npos);
  findings = run(sql_set_type_without_using_kind(),
                 issue("ALTER TABLE users ALTER COLUMN tag SET DATA TYPE text[];\n"));
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].message.find("SET DATA TYPE text[] on users.tag") != std::string::npos);
  // Arrays of types with an assignment cast convert element by element; anything goes to text.
  CHECK(run(sql_set_type_without_using_kind(),
            issue("ALTER TABLE users ADD COLUMN tags varchar(20)[];\n"
                  "ALTER TABLE users ALTER COLUMN tags SET DATA TYPE text[];\n"
                  "ALTER TABLE users ADD COLUMN ids int[];\n"
                  "ALTER TABLE users ALTER COLUMN ids SET DATA TYPE text;\n"
                  "ALTER TABLE users ALTER COLUMN tag SET DATA TYPE text[] USING "
                  "ARRAY[tag];\n"))
            .empty());
}

// Audit 24, finding L: USING cannot make serial a type.
TEST_CASE("SET DATA TYPE serial names what was written and says what to write instead") {
  for (const auto& [written, integer] : {std::pair<std::string, std::string>{"serial", "integer"},
                                         {"bigserial", "bigint"},
                                         {"smallserial", "smallint"},
                                         {"serial8", "bigint"}}) {
    INFO(written);
    const auto findings =
        run(sql_set_type_without_using_kind(),
            issue("ALTER TABLE users ALTER COLUMN id SET DATA TYPE " + written + ";\n"));
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].message == "SET DATA TYPE " + written +
                                     " on users.id fails: serial is not a type, only a CREATE "
                                     "TABLE shorthand");
    CHECK(findings[0].help.find("USING") == std::string::npos);
    CHECK(findings[0].help.find("SET DATA TYPE " + integer) != std::string::npos);
    CHECK(findings[0].help.find("IDENTITY") != std::string::npos);
  }
}

// Audit 24, finding J: the box is the fix for every statement, so one finding says it.
TEST_CASE("One finding per unticked box for drops, new tables and foreign keys, with a count") {
  const std::string drops = issue(
      "ALTER TABLE users DROP COLUMN legacy_bio;\nDROP TABLE old_sessions;\n"
      "ALTER TABLE users DROP COLUMN legacy_avatar;\n");
  auto findings = run(sql_drop_without_deprecation_kind(), drops);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].line == line_of(drops, "ALTER TABLE users DROP COLUMN legacy_bio"));
  CHECK(findings[0].message ==
        "DROP COLUMN users.legacy_bio (and 2 more) removes data, but Migration Type "
        "'Deprecation' is not ticked");
  const std::string tables =
      issue("CREATE TABLE audit_log (id int);\nCREATE TABLE audit_log_archive (id int);\n");
  findings = run(sql_create_table_without_new_table_kind(), tables);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].line == line_of(tables, "CREATE TABLE audit_log ("));
  CHECK(findings[0].message ==
        "the SQL creates table 'audit_log' (and 1 more), but Migration Type 'New Table' is not "
        "ticked");
  const std::string keys = issue(
      "ALTER TABLE bookings ADD CONSTRAINT b_user_fk FOREIGN KEY (user_id) REFERENCES users (id);\n"
      "ALTER TABLE bookings ADD COLUMN mentor_id int REFERENCES users (id);\n");
  findings = run(sql_foreign_key_without_relationships_kind(), keys);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].line == line_of(keys, "ALTER TABLE bookings ADD CONSTRAINT"));
  CHECK(findings[0].message.find("from 'bookings' to 'users' (and 1 more), but") !=
        std::string::npos);
  // One statement: the message as before, without a count.
  findings = run(sql_drop_without_deprecation_kind(), issue("DROP TABLE old_sessions;\n"));
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].message ==
        "DROP TABLE old_sessions removes data, but Migration Type 'Deprecation' is not ticked");
}

// Audit 24, finding K: the fix-it is SQL that, pasted into the Rollback Script, clears it.
TEST_CASE("The rollback fix-it quotes names that need it, and following it clears the warning") {
  const std::string sql =
      "CREATE TABLE \"AuditLog\" (id int);\n"
      "ALTER TABLE bookings ADD COLUMN \"updatedAt\" timestamptz;\n"
      "CREATE TABLE \"user\" (id int);\n"
      "ALTER TABLE \"user\" ADD COLUMN bio text;\n"
      "CREATE TABLE \"odd \"\"name\"\"\" (id int);\n"
      "ALTER TABLE audit_2025 ADD COLUMN note text;\n"
      "CREATE TABLE billing.\"Invoice\" (id int);\n";
  Boxes boxes;
  boxes.rollback_sql = "SELECT 1;\n";
  const auto findings = run(sql_rollback_incomplete_kind(), issue(sql, boxes));
  std::vector<std::string> helps;
  for (const Finding& finding : findings) helps.push_back(finding.help);
  CHECK(helps == std::vector<std::string>{
                     "add 'DROP TABLE \"AuditLog\";' to the Rollback Script",
                     "add 'ALTER TABLE bookings DROP COLUMN \"updatedAt\";' to the Rollback Script",
                     "add 'DROP TABLE \"user\";' to the Rollback Script",
                     "add 'DROP TABLE \"odd \"\"name\"\"\";' to the Rollback Script",
                     "add 'ALTER TABLE audit_2025 DROP COLUMN note;' to the Rollback Script",
                     "add 'DROP TABLE billing.\"Invoice\";' to the Rollback Script"});
  // Every help followed: the rollback undoes everything.
  boxes.rollback_sql.clear();
  for (const std::string& help : helps) {
    const std::size_t begin = help.find('\'') + 1;
    boxes.rollback_sql += help.substr(begin, help.rfind('\'') - begin) + "\n";
  }
  CHECK(run(sql_syntax_error_kind(), issue(sql, boxes)).empty());
  CHECK(run(sql_rollback_incomplete_kind(), issue(sql, boxes)).empty());
}

// Audit 25, H1: a view the migration creates is no table Tables Affected asks about, and
// neither is the index REFRESH ... CONCURRENTLY needs on it.
TEST_CASE("A view or materialized view the migration creates needs no declaring") {
  Boxes boxes;
  boxes.tables = "- [x] bookings\n";
  boxes.performance =
      "- [x] **Indexes needed** - Specify which columns need indexing\n"
      "- [x] **Large table impact** - Changes affecting tables with >1M rows\n";
  const std::string sql =
      "CREATE MATERIALIZED VIEW \"public\".\"booking_stats\" AS (select \"event_id\", count(*) "
      "from \"bookings\" group by \"event_id\");--> statement-breakpoint\n"
      "CREATE UNIQUE INDEX \"booking_stats_event_id_uq\" ON \"booking_stats\" (\"event_id\");\n"
      "CREATE VIEW active_bookings AS SELECT * FROM bookings;\n"
      "COMMENT ON VIEW active_bookings IS 'live';\n"
      "INSERT INTO active_bookings (event_id) VALUES (1);\n";
  const std::string body = issue(sql, boxes);
  check_silent({sql_undeclared_table_kind(), sql_create_table_without_new_table_kind(),
                sql_index_not_concurrent_kind()},
               body);
  // The same index on a materialized view that was there before names an undeclared relation.
  const std::string existing = issue(
      "CREATE UNIQUE INDEX \"booking_stats_event_id_uq\" ON \"booking_stats\" (\"event_id\");\n",
      boxes);
  CHECK(run(sql_undeclared_table_kind(), existing).size() == 1);
  // A table of the view's name created before it is a table again, until the view replaces it.
  const std::string table_first = issue(
      "CREATE TABLE booking_stats (event_id int);\nCREATE INDEX ON booking_stats (event_id);\n",
      boxes);
  CHECK(run(sql_undeclared_table_kind(), table_first).size() == 1);
}

// Audit 25, M1: CREATE TABLE ... AS and SELECT ... INTO are CREATE TABLEs for every rule.
TEST_CASE("CREATE TABLE AS and SELECT INTO are new tables, declared where they are created") {
  Boxes boxes;
  boxes.tables = "- [x] bookings\n";
  boxes.rollback_sql = "DROP TABLE booking_archive;\nDROP TABLE booking_backup;\n";
  const std::string sql =
      "CREATE TABLE \"booking_archive\" AS SELECT * FROM \"bookings\" WHERE ends_at < now();\n"
      "ALTER TABLE \"booking_archive\" ADD COLUMN \"archived_at\" timestamptz;\n"
      "SELECT * INTO \"booking_backup\" FROM \"bookings\";\n";
  const std::string body = issue(sql, boxes);
  const auto created = run(sql_create_table_without_new_table_kind(), body);
  REQUIRE(created.size() == 1);
  CHECK(created[0].message.find("'booking_archive' (and 1 more)") != std::string::npos);
  const auto undeclared = run(sql_undeclared_table_kind(), body);
  REQUIRE(undeclared.size() == 2);
  CHECK(undeclared[0].line == line_of(body, "CREATE TABLE \"booking_archive\""));
  CHECK(undeclared[1].line == line_of(body, "SELECT * INTO"));
  // The rollback's DROP TABLE takes the later column with it.
  CHECK(run(sql_rollback_incomplete_kind(), body).empty());
  boxes.rollback_sql = "DROP TABLE booking_archive;\n";
  const auto incomplete = run(sql_rollback_incomplete_kind(), issue(sql, boxes));
  REQUIRE(incomplete.size() == 1);
  CHECK(incomplete[0].message.find("booking_backup") != std::string::npos);
  // Unlike a CREATE TABLE's, the table holds the query's rows: a NOT NULL column without a
  // DEFAULT fails on it (WITH NO DATA leaves it empty).
  const std::string filled =
      "CREATE TABLE booking_archive AS SELECT * FROM bookings;\n"
      "ALTER TABLE booking_archive ADD COLUMN archived_at timestamptz NOT NULL;\n"
      "SELECT id INTO booking_ids FROM bookings;\n"
      "ALTER TABLE booking_ids ADD COLUMN note text NOT NULL;\n"
      "CREATE TABLE booking_shape AS SELECT * FROM bookings WITH NO DATA;\n"
      "ALTER TABLE booking_shape ADD COLUMN note text NOT NULL;\n";
  const std::string filled_body = issue(filled, boxes);
  const auto not_null = run(sql_add_column_not_null_kind(), filled_body);
  REQUIRE(not_null.size() == 2);
  CHECK(not_null[0].line == line_of(filled_body, "ALTER TABLE booking_archive"));
  CHECK(not_null[1].line == line_of(filled_body, "ALTER TABLE booking_ids"));
  // TEMP ones are the session's, as CREATE TEMP TABLE is.
  boxes.rollback_sql = "SELECT 1;\n";
  check_silent({sql_create_table_without_new_table_kind(), sql_undeclared_table_kind(),
                sql_rollback_incomplete_kind()},
               issue("CREATE TEMP TABLE old_ids AS SELECT id FROM bookings;\n"
                     "SELECT id INTO TEMPORARY TABLE new_ids FROM bookings;\n"
                     "INSERT INTO old_ids SELECT id FROM new_ids;\n",
                     boxes));
}

// Audit 25, H2: drizzle-kit's rename, then the statements on the new name.
TEST_CASE("After a table rename the new name is the table it was, for every rule") {
  Boxes boxes;
  boxes.tables = "- [x] users\n- [x] mentorships\n";
  boxes.rollback_sql =
      "ALTER TABLE \"mentor_links\" DROP COLUMN \"note\";\n"
      "ALTER TABLE \"mentor_links\" RENAME TO \"mentorships\";\n"
      "DROP TABLE \"tmp_links\";\n";
  const std::string sql =
      "ALTER TABLE \"mentorships\" RENAME TO \"mentor_links\";--> statement-breakpoint\n"
      "ALTER TABLE \"mentor_links\" DROP CONSTRAINT \"mentorships_mentor_id_users_id_fk\";\n"
      "ALTER TABLE \"mentor_links\" ADD COLUMN \"note\" text;\n"
      "CREATE TABLE \"links\" (id int);\n"
      "ALTER TABLE \"links\" RENAME TO \"tmp_links\";\n"
      "ALTER TABLE \"tmp_links\" ADD COLUMN \"rank\" int NOT NULL;\n";
  Boxes declared = boxes;
  declared.tables += "- [x] Other: links\n";
  const std::string body = issue(sql, declared);
  check_silent(
      {sql_undeclared_table_kind(), sql_rollback_incomplete_kind(), sql_add_column_not_null_kind()},
      body);
  // The old name undeclared is reported once, at the rename, not again at each new name.
  boxes.tables = "- [x] users\n- [x] Other: links\n";
  const std::string undeclared = issue(sql, boxes);
  const auto findings = run(sql_undeclared_table_kind(), undeclared);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].message.find("'mentorships'") != std::string::npos);
  CHECK(findings[0].line == line_of(undeclared, "ALTER TABLE \"mentorships\" RENAME"));
  // Before the rename, the new name is some other table.
  const auto before = run(sql_undeclared_table_kind(),
                          issue("ALTER TABLE \"mentor_links\" ADD COLUMN x int;\n"
                                "ALTER TABLE \"mentorships\" RENAME TO \"mentor_links\";\n",
                                declared));
  REQUIRE(before.size() == 1);
  CHECK(before[0].message.find("'mentor_links'") != std::string::npos);
}

// Audit 25, M5: renames say what breaks, the name before, and what it becomes.
TEST_CASE("Renames are described from the old name to the new one") {
  Boxes boxes;
  boxes.tables = "- [x] users\n";
  boxes.breaking = "- [x] **Non-breaking** - Additive changes only\n";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"ALTER VIEW \"active_bookings\" RENAME TO \"current_bookings\";",
       "RENAME VIEW active_bookings TO current_bookings"},
      {"ALTER TYPE \"booking_status\" RENAME TO \"booking_state\";",
       "RENAME TYPE booking_status TO booking_state"},
      {"ALTER TABLE users RENAME TO members;", "RENAME TABLE users TO members"},
      {"ALTER TABLE users RENAME COLUMN name TO full_name;",
       "RENAME COLUMN users.name TO full_name"},
      {"ALTER SCHEMA billing RENAME TO payments;", "RENAME SCHEMA billing TO payments"},
      {"ALTER TABLE users SET SCHEMA archive;", "MOVE TABLE users TO archive.users"},
      {"ALTER TABLE archive.users SET SCHEMA public;", "MOVE TABLE archive.users TO public.users"},
      {"ALTER TYPE mood SET SCHEMA archive;", "MOVE TYPE mood TO archive.mood"},
      {"DROP SCHEMA legacy CASCADE;", "DROP SCHEMA legacy CASCADE"},
  };
  for (const auto& [sql, described] : cases) {
    INFO(sql);
    const auto findings = run(sql_destructive_non_breaking_kind(), issue(sql + "\n", boxes));
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].message == described +
                                     " is not additive, but Breaking Changes Impact "
                                     "says Non-breaking");
  }
}

// Audit 25, M7: SET SCHEMA breaks unqualified queries like a rename; DROP SCHEMA ... CASCADE
// drops the tables in it, and without CASCADE drops only an empty schema.
TEST_CASE("SET SCHEMA is breaking, DROP SCHEMA CASCADE a drop that loses data") {
  Boxes boxes;
  boxes.tables = "- [x] users\n- [x] Other: availability\n";
  boxes.breaking = "- [x] **Non-breaking** - Additive changes only\n";
  boxes.rollback = "- [x] **Automatically reversible** - Drizzle can auto-generate rollback\n";
  const std::string moved_sql =
      "ALTER TABLE \"availability\" SET SCHEMA \"archive\";\n"
      "ALTER TABLE \"archive\".\"availability\" ADD COLUMN \"archived_at\" timestamptz;\n";
  const std::string moved = issue(moved_sql, boxes);
  CHECK(only_finding_line(sql_destructive_non_breaking_kind(), moved) ==
        line_of(moved, "SET SCHEMA"));
  // The moved table is the one declared; a move is no drop.
  check_silent({sql_undeclared_table_kind(), sql_drop_without_deprecation_kind(),
                sql_drop_reversible_kind()},
               moved);
  boxes.tables = "- [x] users\n";
  CHECK(run(sql_undeclared_table_kind(), issue(moved_sql, boxes)).size() == 1);
  // A table the migration created and then moves broke nobody.
  boxes.tables = "- [x] users\n- [x] Other: availability\n";
  CHECK(run(sql_destructive_non_breaking_kind(),
            issue("CREATE TABLE availability (id int);\nALTER TABLE availability SET SCHEMA "
                  "archive;\n",
                  boxes))
            .empty());

  const std::string cascade = issue("DROP SCHEMA IF EXISTS \"legacy\" CASCADE;\n", boxes);
  CHECK(run(sql_destructive_non_breaking_kind(), cascade).size() == 1);
  CHECK(run(sql_drop_without_deprecation_kind(), cascade).size() == 1);
  const auto reversible = run(sql_drop_reversible_kind(), cascade);
  REQUIRE(reversible.size() == 1);
  CHECK(reversible[0].message ==
        "DROP SCHEMA legacy CASCADE loses data, so the migration is not automatically reversible");
  check_silent({sql_destructive_non_breaking_kind(), sql_drop_without_deprecation_kind(),
                sql_drop_reversible_kind(), sql_undeclared_table_kind()},
               issue("DROP SCHEMA IF EXISTS \"legacy\";\n", boxes));
}

// Audit 25, L2: a UNIQUE or PRIMARY KEY constraint is an index on the columns it names.
TEST_CASE("Indexes needed: an ADD CONSTRAINT UNIQUE or PRIMARY KEY names the indexed columns") {
  Boxes boxes;
  boxes.performance = "- [x] **Indexes needed** - Specify which columns need indexing\n";
  boxes.performance_notes = "Lookups will be faster.";
  for (const std::string sql :
       {"ALTER TABLE \"users\" ADD CONSTRAINT \"users_email_unique\" UNIQUE(\"email\");\n",
        "ALTER TABLE users ADD CONSTRAINT users_pk PRIMARY KEY (id);\n",
        "ALTER TABLE users ADD CONSTRAINT no_overlap EXCLUDE USING gist (during WITH &&);\n"}) {
    INFO(sql);
    CHECK(run(sql_indexes_needed_without_columns_kind(), issue(sql, boxes)).empty());
  }
  // A CHECK or a foreign key builds no index.
  for (const std::string sql :
       {"ALTER TABLE users ADD CONSTRAINT age_ok CHECK (age > 0);\n",
        "ALTER TABLE users ADD CONSTRAINT fk FOREIGN KEY (team_id) REFERENCES users (id);\n"}) {
    INFO(sql);
    CHECK(run(sql_indexes_needed_without_columns_kind(), issue(sql, boxes)).size() == 1);
  }
}

// Audit 25, L4: findings of a sub-command on its own line point at that line.
TEST_CASE("A finding of a sub-command on a line of its own points at that line") {
  Boxes boxes;
  boxes.breaking = "- [x] **Non-breaking** - Additive changes only\n";
  const std::string body = issue("ALTER TABLE \"users\"\n  DROP COLUMN \"legacy\";\n", boxes);
  CHECK(only_finding_line(sql_destructive_non_breaking_kind(), body) ==
        line_of(body, "  DROP COLUMN"));
  const auto findings = run(sql_drop_without_deprecation_kind(), body);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].column == 3);
  const std::string not_null = issue(
      "ALTER TABLE users\n  ALTER COLUMN email SET NOT NULL,\n  DROP COLUMN legacy;\n", boxes);
  CHECK(only_finding_line(sql_destructive_non_breaking_kind(), not_null) ==
        line_of(not_null, "  ALTER COLUMN email"));
}
