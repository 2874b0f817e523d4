// The comment `/issuelint explain` posts: every finding as `issuelint check` prints it, in a
// text block, kept under GitHub's 65,536-character body limit as the triage comment is.
#pragma once

#include <cstddef>
#include <string>

#include "rules/verdict.h"

namespace issuelint {

// The findings in order while they fit in max_code_points, then the summary line, then how many
// more were not shown (GitHub answers a longer body with 422, and nothing is posted).
std::string render_explain_comment(const Verdict& verdict, std::size_t max_code_points = 65000);

}  // namespace issuelint
