// How the tables an author names ("users", Other: "audit_log") relate to the SQL table names
// ("discuno_user"): drizzle's tablesFilter prefix, singular/plural, and explicit aliases.
// Configured per repository in .github/issuelint.yml.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace issuelint {

struct TableNamePolicy {
  std::string prefix;       // e.g. "discuno_": stripped from SQL names before comparing
  bool fold_plural = true;  // users ≡ user, categories ≡ category, statuses ≡ status
  std::map<std::string, std::string> aliases;  // name as written in the issue → SQL table name
};

// The form both sides are compared in: lowercased, schema `public.` and the prefix removed,
// singular when fold_plural.
std::string canonical_table_name(std::string_view name, const TableNamePolicy& policy);

// The form of one word that its singular and its plural share ("statuses" and "status" both
// give "status", "houses" and "house" both "hous"): what canonical_table_name() makes of a
// name's last word when fold_plural. A key to compare, not a word to show.
std::string fold_plural(std::string_view word);

// Does the name the author wrote stand for this SQL table?
bool same_table(std::string_view declared, std::string_view sql_table,
                const TableNamePolicy& policy);

// same_table() for names already in canonical_table_name() form: a rule that holds one SQL
// table against every declared name folds the SQL name once.
bool same_canonical_table(std::string_view written, std::string_view wanted,
                          const TableNamePolicy& policy);

// same_canonical_table() against many SQL tables at once: `wanted` holds canonical names,
// sorted. A rule that holds each of n tables against m others looks each up in log m instead
// of folding both names n * m times.
bool stands_for_any_table(std::string_view written, const std::vector<std::string>& wanted,
                          const TableNamePolicy& policy);

// Names an author wrote, folded once: whether one of them stands for a table (same_table) is
// then one fold and a binary search, where a scan folded every written name again for each
// table asked about.
class WrittenTables {
 public:
  WrittenTables() = default;
  WrittenTables(std::vector<std::string> written, const TableNamePolicy& policy);
  // Does some written name stand for `table` (same_table(written, table, policy))?
  bool stands_for(std::string_view table) const;
  const std::vector<std::string>& names() const { return names_; }

 private:
  const TableNamePolicy* policy_ = nullptr;
  std::vector<std::string> names_;  // as written
  // Every written name and the target of each alias written as one of them, canonical, sorted.
  std::vector<std::string> canonical_;
};

// The names an Other blank lists: "audit_log, sessions and tokens" → three names.
std::vector<std::string> split_table_list(std::string_view text);
// The names runs of two or three words of one item spell, joined by '_': "Audit logs, Booking
// events" names Audit_logs and Booking_events, which split_table_list() gives word by word. Runs
// stop at a ',' ';' '/' or line end and at "and".
void append_word_runs(std::string_view text, std::vector<std::string>& names);
// split_table_list(text) appended to `names`: the declared tables' list takes them without a
// vector of their own.
void append_table_list(std::string_view text, std::vector<std::string>& names);

}  // namespace issuelint
