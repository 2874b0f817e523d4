// Matching the tables an author names to the SQL table names.
#include "rules/table_names.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cctype>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

using issuelint::same_table;
using issuelint::TableNamePolicy;

TEST_CASE("Prefix and plural folding: users is discuno_user") {
  TableNamePolicy policy;
  policy.prefix = "discuno_";
  CHECK(same_table("users", "discuno_user", policy));
  CHECK(same_table("bookings", "discuno_booking", policy));
  CHECK(same_table("users", "public.discuno_user", policy));
  CHECK(same_table("categories", "discuno_category", policy));
  CHECK(same_table("addresses", "discuno_address", policy));
  CHECK(same_table("status", "discuno_status", policy));
  CHECK(same_table("Users", "users", policy));
  CHECK_FALSE(same_table("events", "discuno_user", policy));
  CHECK_FALSE(same_table("mentorships", "discuno_mentor_event_type", policy));
}

TEST_CASE("Aliases and no folding") {
  TableNamePolicy policy;
  policy.prefix = "discuno_";
  policy.aliases["mentorships"] = "discuno_mentor_event_type";
  CHECK(same_table("mentorships", "discuno_mentor_event_type", policy));
  policy.fold_plural = false;
  CHECK_FALSE(same_table("users", "discuno_user", policy));
  CHECK(same_table("user", "discuno_user", policy));
}

TEST_CASE("Other: lists several names") {
  CHECK(issuelint::split_table_list("`audit_log`, sessions and tokens") ==
        std::vector<std::string>{"audit_log", "sessions", "tokens"});
  CHECK(issuelint::split_table_list("").empty());
}

// People name a table in words, or by its Drizzle export.
TEST_CASE("A table named in words or in camelCase is the table") {
  TableNamePolicy policy;
  CHECK(same_table("Audit logs", "audit_log", policy));
  CHECK(same_table("audit-log", "audit_log", policy));
  CHECK_FALSE(same_table("audit", "audit_log", policy));
  std::vector<std::string> runs;
  issuelint::append_word_runs("the new *Audit logs* table, booking events and x / y z", runs);
  CHECK(runs == std::vector<std::string>{"the_new", "new_Audit", "the_new_Audit", "Audit_logs",
                                         "new_Audit_logs", "logs_table", "Audit_logs_table",
                                         "booking_events", "y_z"});
  runs.clear();
  issuelint::append_word_runs("audit, logs; sessions and tokens", runs);
  CHECK(runs.empty());
  const issuelint::WrittenTables written({"auditLog", "Sessions", "v2Tokens"}, policy);
  CHECK(written.stands_for("audit_log"));
  CHECK(written.stands_for("auditlog"));  // CREATE TABLE AuditLog, unquoted
  CHECK(written.stands_for("session"));
  CHECK(written.stands_for("v2_tokens"));
  CHECK_FALSE(written.stands_for("audit"));
  CHECK_FALSE(written.stands_for("log"));
}

// A bare name stands for the table in any schema, not the other way.
TEST_CASE("A table of another schema is the one named without a schema") {
  TableNamePolicy policy;
  policy.prefix = "discuno_";
  const issuelint::WrittenTables written({"bookings", "billing.invoices"}, policy);
  CHECK(written.stands_for("app.bookings"));
  CHECK(written.stands_for("app.discuno_booking"));
  CHECK(written.stands_for("public.bookings"));
  CHECK(written.stands_for("billing.invoices"));
  CHECK_FALSE(written.stands_for("invoices"));
  CHECK_FALSE(written.stands_for("app.invoices"));
  CHECK_FALSE(written.stands_for("app.users"));
}

// Expected values are what the copying implementation (before the in-place one) returned.
TEST_CASE("Canonical names: trimming, case, public., prefix and every plural ending") {
  struct Case {
    const char* name;
    const char* plain;     // default policy
    const char* prefixed;  // prefix "Discuno_"
    const char* unfolded;  // prefix "discuno_", no plural folding
  };
  const Case cases[] = {
      {"users", "user", "user", "users"},
      {"Users", "user", "user", "users"},
      {"USERS", "user", "user", "users"},
      {"public.users", "user", "user", "users"},
      {"public.discuno_user", "discuno_user", "user", "user"},
      {"discuno_users", "discuno_user", "user", "users"},
      {"discuno_", "discuno", "discuno", "discuno"},
      {"discuno_s", "discuno_s", "s", "s"},
      {"categories", "category", "category", "categories"},
      {"ies", "ie", "ie", "ies"},
      {"xies", "xy", "xy", "xies"},
      {"addresses", "address", "address", "addresses"},
      {"sses", "sse", "sse", "sses"},
      {"boxes", "box", "box", "boxes"},
      {"xes", "xe", "xe", "xes"},
      {"axes", "ax", "ax", "axes"},
      {"churches", "church", "church", "churches"},
      {"ches", "che", "che", "ches"},
      {"dishes", "dish", "dish", "dishes"},
      {"quizzes", "quiz", "quiz", "quizzes"},
      {"statuses", "status", "status", "statuses"},
      {"booking_statuses", "booking_status", "booking_status", "booking_statuses"},
      {"houses", "hous", "hous", "houses"},
      {"house", "hous", "hous", "house"},
      {"caches", "cach", "cach", "caches"},
      {"movie", "movy", "movy", "movie"},
      {"use", "use", "use", "use"},
      {"ie", "ie", "ie", "ie"},
      {"status", "status", "status", "status"},
      {"bus", "bus", "bus", "bus"},
      {"analysis", "analysis", "analysis", "analysis"},
      {"is", "is", "is", "is"},
      {"s", "s", "s", "s"},
      {"ss", "ss", "ss", "ss"},
      {"as", "a", "a", "as"},
      {"mentor_event_types", "mentor_event_type", "mentor_event_type", "mentor_event_types"},
      {"auth.sessions", "auth.session", "auth.session", "auth.sessions"},
      {"`audit_log`", "audit_log", "audit_log", "audit_log"},
      {"  'tokens'. ", "token", "token", "tokens"},
      {"*_bookings_*", "booking", "booking", "bookings"},
      {"\"Quoted\"", "quoted", "quoted", "quoted"},
      {"", "", "", ""},
      {"   ", "", "", ""},
      {"public.", "public", "public", "public"},
      {"public.s", "s", "s", "s"},
      {"a.b_cs", "a.b_c", "a.b_c", "a.b_cs"},
      {"DisCuno_Categories", "discuno_category", "category", "categories"},
      {"caf\xC3\xA9s", "caf\xC3\xA9", "caf\xC3\xA9", "caf\xC3\xA9s"},
      {"x_ies", "x_ie", "x_ie", "x_ies"},
      {"data.ies", "data.ie", "data.ie", "data.ies"},
      {"_", "", "", ""},
  };
  TableNamePolicy plain;
  TableNamePolicy prefixed;
  prefixed.prefix = "Discuno_";
  TableNamePolicy unfolded;
  unfolded.prefix = "discuno_";
  unfolded.fold_plural = false;
  for (const Case& c : cases) {
    INFO(c.name);
    CHECK(issuelint::canonical_table_name(c.name, plain) == c.plain);
    CHECK(issuelint::canonical_table_name(c.name, prefixed) == c.prefixed);
    CHECK(issuelint::canonical_table_name(c.name, unfolded) == c.unfolded);
  }
}

// Audit 24, finding G: a plural and its singular fold to the same name, whatever their ending.
TEST_CASE("fold_plural: each plural meets its singular, and no two different words meet") {
  const std::pair<std::string_view, std::string_view> pairs[] = {
      {"user", "users"},          {"booking", "bookings"},
      {"status", "statuses"},     {"bus", "buses"},
      {"bonus", "bonuses"},       {"campus", "campuses"},
      {"house", "houses"},        {"warehouse", "warehouses"},
      {"course", "courses"},      {"cause", "causes"},
      {"box", "boxes"},           {"tax", "taxes"},
      {"index", "indexes"},       {"axe", "axes"},
      {"match", "matches"},       {"church", "churches"},
      {"cache", "caches"},        {"niche", "niches"},
      {"dish", "dishes"},         {"wish", "wishes"},
      {"category", "categories"}, {"company", "companies"},
      {"movie", "movies"},        {"cookie", "cookies"},
      {"calorie", "calories"},    {"address", "addresses"},
      {"class", "classes"},       {"size", "sizes"},
      {"prize", "prizes"},        {"quiz", "quizzes"},
      {"buzz", "buzzes"},         {"response", "responses"},
      {"license", "licenses"},    {"purchase", "purchases"},
      {"database", "databases"},  {"case", "cases"},
      {"setting", "settings"},    {"analysis", "analysis"},
      {"business", "businesses"},
  };
  std::vector<std::string> singulars;
  for (const auto& [singular, plural] : pairs) {
    INFO(singular << " / " << plural);
    CHECK(issuelint::fold_plural(plural) == issuelint::fold_plural(singular));
    singulars.push_back(issuelint::fold_plural(singular));
  }
  std::sort(singulars.begin(), singulars.end());
  CHECK(std::adjacent_find(singulars.begin(), singulars.end()) == singulars.end());
  // Words whose final 's' is no plural keep it.
  for (const std::string_view word : {"status", "bus", "campus", "analysis", "address", "class"}) {
    CHECK(issuelint::fold_plural(word) == word);
  }
}

namespace {

// canonical_table_name() as it was written before its byte loops: find_first_not_of and
// std::tolower (the tests, like the program, run in the C locale).
std::string defined_canonical(std::string_view name, const TableNamePolicy& policy) {
  const auto lower = [](std::string text) {
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
  };
  const char* const around = " \t`'\"*_.";
  const auto begin = name.find_first_not_of(around);
  std::string canonical =
      begin == std::string_view::npos
          ? std::string()
          : lower(std::string(name.substr(begin, name.find_last_not_of(around) - begin + 1)));
  if (canonical.starts_with("public.")) canonical.erase(0, 7);
  const std::string prefix = lower(policy.prefix);
  if (!prefix.empty() && canonical.starts_with(prefix) && canonical.size() > prefix.size()) {
    canonical.erase(0, prefix.size());
  }
  if (!policy.fold_plural) return canonical;
  // Plural endings, the first that applies: what is cut and what replaces it.
  struct Plural {
    std::string_view ending;
    std::size_t longer_than;
    std::size_t cut;
    std::string_view replacement;
  };
  const Plural plurals[] = {{"ies", 3, 3, "y"}, {"sses", 4, 2, ""}, {"xes", 4, 2, ""},
                            {"ches", 4, 2, ""}, {"shes", 4, 2, ""}, {"zes", 4, 2, ""}};
  const std::size_t word_start = canonical.find_last_of("_.") + 1;
  std::string_view word = std::string_view(canonical).substr(word_start);
  bool folded = false;
  for (const Plural& plural : plurals) {
    if (word.size() > plural.longer_than && word.ends_with(plural.ending)) {
      canonical =
          canonical.substr(0, canonical.size() - plural.cut) + std::string(plural.replacement);
      folded = true;
      break;
    }
  }
  const bool plain_plural = word.size() > 1 && word.ends_with('s') && !word.ends_with("ss") &&
                            !word.ends_with("us") && !word.ends_with("is");
  if (!folded && plain_plural) canonical.pop_back();
  // Singular endings the plural changes: both forms meet (movie/movies, house/houses).
  word = std::string_view(canonical).substr(word_start);
  if (word.size() > 2 && word.ends_with("ie"))
    return canonical.substr(0, canonical.size() - 2) + "y";
  for (const std::string_view ending : {"che", "she", "xe", "ze", "use", "zz"}) {
    if (word.size() > ending.size() && word.ends_with(ending)) {
      canonical.pop_back();
      break;
    }
  }
  return canonical;
}

}  // namespace

TEST_CASE("Canonical names match the find_first_not_of and tolower definition on every byte") {
  std::vector<std::string> names = {"",
                                    "Users",
                                    "PUBLIC.Discuno_Users",
                                    "`audit_log`",
                                    " _x_ ",
                                    "discuno__xes",
                                    "public.public.Boxes",
                                    "Categories",
                                    "sses",
                                    "a.Churches",
                                    "status",
                                    "S"};
  for (int byte = 0; byte < 256; ++byte) {
    const char c = static_cast<char>(byte);
    names.push_back(std::string(1, c));
    names.push_back(std::string("Ab") + c + "Cd");
    names.push_back(std::string(1, c) + "discuno_Items" + c);
    names.push_back("DISCUNO_" + std::string(1, c));
  }
  std::vector<TableNamePolicy> policies(4);
  policies[1].prefix = "Discuno_";
  policies[2].prefix = "DISCUNO_";
  policies[2].fold_plural = false;
  policies[3].prefix = "d\xC3\x89_";  // not ASCII: only A-Z fold
  for (const TableNamePolicy& policy : policies) {
    for (const std::string& name : names) {
      INFO(policy.prefix << " / " << name);
      CHECK(issuelint::canonical_table_name(name, policy) == defined_canonical(name, policy));
    }
  }
}

TEST_CASE("same_canonical_table on folded names is same_table on the names as written") {
  TableNamePolicy policy;
  policy.prefix = "discuno_";
  policy.aliases["Mentorships"] = "discuno_mentor_event_types";
  const std::vector<std::string> names = {
      "users", "Discuno_User", "mentorships", "mentor_event_type", "`bookings`", "booking", ""};
  for (const std::string& written : names) {
    for (const std::string& sql : names) {
      INFO(written << " / " << sql);
      CHECK(issuelint::same_canonical_table(issuelint::canonical_table_name(written, policy),
                                            issuelint::canonical_table_name(sql, policy),
                                            policy) == same_table(written, sql, policy));
    }
  }
  CHECK(same_table("mentorships", "discuno_mentor_event_type", policy));
}

namespace {

// is_declared() as it was: the written names folded again for each table asked about.
bool stands_for_by_scan(const std::vector<std::string>& written, std::string_view table,
                        const TableNamePolicy& policy) {
  // A name stands for its table in any schema too: "sessions" for auth.sessions.
  const std::size_t dot = table.rfind('.');
  const std::string_view bare = dot == std::string_view::npos ? "" : table.substr(dot + 1);
  return std::any_of(written.begin(), written.end(), [&](const std::string& name) {
    return same_table(name, table, policy) || (!bare.empty() && same_table(name, bare, policy));
  });
}

}  // namespace

TEST_CASE("WrittenTables stands for a table exactly when a written name does by same_table") {
  const std::vector<std::string> pool = {"users",
                                         "User",
                                         "discuno_users",
                                         "public.discuno_user",
                                         "`bookings`",
                                         "booking",
                                         "mentorships",
                                         "Mentorship",
                                         "mentor_event_types",
                                         "auth.sessions",
                                         "categories",
                                         "category",
                                         "status",
                                         "addresses",
                                         "audit_log",
                                         "AUDIT_LOGS",
                                         "",
                                         "s",
                                         "discuno_",
                                         "tokens.",
                                         "public.users",
                                         "*sessions*",
                                         "boxes",
                                         "box",
                                         "ies"};
  std::vector<TableNamePolicy> policies(4);
  policies[1].prefix = "discuno_";
  policies[1].aliases["mentorships"] = "discuno_mentor_event_types";
  policies[1].aliases["People"] = "users";
  policies[2].prefix = "Discuno_";
  policies[2].fold_plural = false;
  policies[2].aliases["log"] = "audit_log";
  policies[3].aliases["users"] = "accounts";  // an alias whose own name is also a table
  policies[3].aliases["booking"] = "reservations";
  std::minstd_rand random(9);
  std::size_t standing = 0;
  std::size_t not_standing = 0;
  for (const TableNamePolicy& policy : policies) {
    for (int draw = 0; draw < 400; ++draw) {
      std::vector<std::string> written;
      const std::size_t count = random() % 6;
      for (std::size_t i = 0; i < count; ++i) written.push_back(pool[random() % pool.size()]);
      const issuelint::WrittenTables tables(written, policy);
      CHECK(tables.names() == written);
      std::vector<std::string> asked = pool;
      for (const char* more : {"accounts", "reservations", "discuno_mentor_event_type", "people",
                               "audit_logs", "log"}) {
        asked.emplace_back(more);
      }
      for (const std::string& table : asked) {
        const bool expected = stands_for_by_scan(written, table, policy);
        INFO(policy.prefix << " / " << table << " / " << written.size());
        CHECK(tables.stands_for(table) == expected);
        ++(expected ? standing : not_standing);
      }
    }
  }
  CHECK(standing > 1000);
  CHECK(not_standing > 1000);
  CHECK_FALSE(issuelint::WrittenTables().stands_for("users"));
}

TEST_CASE("A name over 63 bytes is the table PostgreSQL keeps: its first 63 bytes") {
  const TableNamePolicy policy;
  const std::string full = "mentor_availability_exceptions_for_recurring_weekly_schedule_slots";
  const std::string kept = full.substr(0, 63);  // what the parser gives for the SQL's name
  CHECK(canonical_table_name(full, policy) == kept);
  CHECK(same_table(full, kept, policy));
  CHECK(same_table("public." + full, kept, policy));  // each dotted part is cut on its own
  // Cut where a UTF-8 character starts: 62 ASCII bytes and a two-byte 'é' keep 62.
  const std::string accented = std::string(62, 'a') + "\xC3\xA9" + "tail";
  CHECK(canonical_table_name(accented, policy) == std::string(62, 'a'));
  CHECK(canonical_table_name("audit_log", policy) == "audit_log");
}
