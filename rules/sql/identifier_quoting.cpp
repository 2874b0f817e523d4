#include "rules/sql/identifier_quoting.h"

#include <pg_query.h>

#include "rules/sql/json_tree.h"
#include "rules/sql/pg_query_handle.h"

namespace issuelint::sql {
namespace {

// What an unquoted name can be made of: the parser folds letters to lowercase, so an uppercase
// letter needs quotes to stay.
bool is_plain_identifier(std::string_view name) {
  if (name.empty()) return false;
  const auto starts = [](unsigned char c) {
    return (c >= 'a' && c <= 'z') || c == '_' || c >= 0x80;
  };
  if (!starts(static_cast<unsigned char>(name.front()))) return false;
  for (const char c : name) {
    const auto byte = static_cast<unsigned char>(c);
    if (!starts(byte) && !(byte >= '0' && byte <= '9') && byte != '$') return false;
  }
  return true;
}

// Whether the parser reads the bare word as that table and that column name where a fix-it puts
// it: a keyword it reserves there does not parse. The grammar itself says so, where a copy of
// PostgreSQL's keyword list would have to be kept up to date.
bool parses_bare(std::string_view name) {
  const std::string word(name);
  const std::string sql = "DROP TABLE " + word + ";ALTER TABLE " + word + " DROP COLUMN " + word;
  const ParseHandle result(pg_query_parse(sql.c_str()));
  if (result->error != nullptr) return false;
  const JsonTree tree(result->parse_tree);
  const JsonNode statements = tree.root()["stmts"];
  const JsonNode dropped = statements[0]["stmt"]["DropStmt"]["objects"][0]["List"]["items"];
  const JsonNode altered = statements[1]["stmt"]["AlterTableStmt"];
  return dropped.size() == 1 && dropped[0]["String"]["sval"].string_is(name) &&
         altered["relation"]["relname"].string_is(name) &&
         altered["cmds"][0]["AlterTableCmd"]["name"].string_is(name);
}

}  // namespace

std::string quote_identifier(std::string_view name) {
  if (is_plain_identifier(name) && parses_bare(name)) return std::string(name);
  std::string quoted = "\"";
  for (const char c : name) {
    if (c == '"') quoted += '"';  // a quote inside is doubled
    quoted += c;
  }
  return quoted += '"';
}

std::string quote_table_name(std::string_view table) {
  const std::size_t dot = table.find('.');
  if (dot == std::string_view::npos) return quote_identifier(table);
  return quote_identifier(table.substr(0, dot)) + "." + quote_identifier(table.substr(dot + 1));
}

}  // namespace issuelint::sql
