// A finding: one thing a rule says about an issue, at a place.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace issuelint {

enum class Severity { info = 0, warning = 1, error = 2 };

std::string_view severity_name(Severity severity);  // "info" | "warning" | "error"
bool parse_severity(std::string_view text, Severity& out);

struct Finding {
  std::string rule;  // stable kebab-case rule id
  Severity severity = Severity::error;
  std::string section;  // "Schema Changes > Migration SQL"; "title" for the title; "" for none
  int line = 0;         // 1-based in the body as given; 0 when it has no place
  int column = 0;       // 1-based, in characters; 0 with line 0
  std::string message;  // what is wrong, one sentence
  std::string help;     // what to do about it; may be empty
  // A note that the rule could not run (a section it reads is missing, no title was given),
  // not something it found: a label's `finding:` condition does not count it. Not rendered.
  bool did_not_run = false;
  // Where a placeless finding's subject comes in the template (a missing section: its place
  // among the template's sections, from 1), so that a rule's findings are listed as the author
  // restores them; 0 when it has none.
  int order = 0;
};

// A title rule's note that it did not run because no title was given (a local check without
// --title): about how the check was run, not about the issue.
bool title_not_given(const Finding& finding);

// Sorted by line, then column, then severity (errors first), then rule, then order in the
// template; exact duplicates dropped.
void sort_and_deduplicate(std::vector<Finding>& findings);

}  // namespace issuelint
