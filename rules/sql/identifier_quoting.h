// Names written back into SQL for a fix-it: bare where PostgreSQL reads the bare word as the
// same name, double-quoted otherwise, as its quote_identifier() writes them.
#pragma once

#include <string>
#include <string_view>

namespace issuelint::sql {

// `users` stays users; `updatedAt`, `user` (a reserved word) and `odd "name"` become "updatedAt",
// "user" and "odd ""name""".
std::string quote_identifier(std::string_view name);

// A table as the operation model names it ("users", "billing.Invoice"), each part quoted as
// needed: billing."Invoice". The model keeps no mark of a '.' inside a quoted name: the first
// '.' is taken as the schema's.
std::string quote_table_name(std::string_view table);

}  // namespace issuelint::sql
