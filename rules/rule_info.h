// What `issuelint rules` lists and `issuelint explain` shows: a rule's documentation.
#pragma once

#include <string>

#include "rules/finding.h"

namespace issuelint {

struct RuleInfo {
  std::string id;                       // stable kebab-case, never reused
  std::string kind;                     // the generic kind it is built on, or "sql", "drizzle"...
  Severity severity = Severity::error;  // default severity
  std::string summary;                  // one line
  std::string explanation;      // several paragraphs: why it matters (for SQL: lock, rewrite...)
  std::string failing_example;  // a fragment of an issue that fires the rule
  std::string passing_example;  // the same fragment fixed
  std::string pack;             // the pack it comes from ("generic" for template-derived)
};

}  // namespace issuelint
