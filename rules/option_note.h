// What an author wrote on a ticked option's own line beyond the template's wording of it:
// "- [x] **Indexes needed** - Specify which columns need indexing: user_id" answers the option
// where its description asks, as the lines nested under it do (nested_prose.h).
#pragma once

#include <string_view>

#include "parser/document.h"
#include "rules/lint_context.h"

namespace issuelint {

// The author's words after the template's wording ("user_id"), or, when the description was
// replaced altogether, the text after the option's name ("**Indexes needed** - on user_id" gives
// "on user_id"). Empty when the line is the template's, or the template has no such option.
std::string_view option_note(const LintContext& context, const Checkbox& box);

}  // namespace issuelint
