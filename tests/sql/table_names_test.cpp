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
