// Matching the tables an author names to the SQL table names.
#include "rules/table_names.h"

#include <catch2/catch.hpp>

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
      {"axes", "axe", "axe", "axes"},
      {"churches", "church", "church", "churches"},
      {"ches", "che", "che", "ches"},
      {"dishes", "dish", "dish", "dishes"},
      {"quizzes", "quizz", "quizz", "quizzes"},
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
