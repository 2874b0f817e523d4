// The names a mistyped one was probably meant to be: `issuelint explain sql-index-concurrent`
// answers "did you mean 'sql-index-not-concurrent'?", as git and cargo do for a command, and so
// does a configuration's unknown key, rule id, template, label or severity.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace issuelint {

// The names of `known` closest to `wanted`, case aside, by edit distance (insertions, deletions
// and substitutions of characters): those at the smallest distance when it is within a third of
// the longer name (at least 2), plus names that hold `wanted` whole or are held by it. Each
// once, in the order of `known`; empty when nothing is near.
std::vector<std::string> nearest_names(std::string_view wanted,
                                       const std::vector<std::string>& known);

// "; did you mean 'a'?" (or "one of 'a', 'b'", at most five) for the names of `known` near
// `wanted`, each written as `prefix` + name; "" when none is near.
std::string did_you_mean(std::string_view wanted, const std::vector<std::string>& known,
                         std::string_view prefix = "");

}  // namespace issuelint
