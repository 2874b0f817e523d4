// The comment `/issuelint explain` posts: every finding as `issuelint check` prints it, in a
// text block, kept under GitHub's 65,536-character body limit as the triage comment is.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "rules/verdict.h"

namespace issuelint {

// The findings in order while they fit in max_code_points, then the summary line, then how many
// more were not shown (GitHub answers a longer body with 422, and nothing is posted).
// With a `delivery_id`, the comment's first line is explain_marker(delivery_id), hidden.
std::string render_explain_comment(const Verdict& verdict, std::size_t max_code_points = 65000,
                                   std::string_view delivery_id = {});

// "<!-- issuelint:explain ID -->": marks the comment a command's delivery posted, so that a retry
// of the same job (GitHub wrote the comment but answered 502) finds it instead of posting it
// twice. The id is kept to letters, digits, '-', '_' and '.'.
std::string explain_marker(std::string_view delivery_id);

}  // namespace issuelint
