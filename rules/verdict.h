// The verdict on one issue: findings, the label plan, and (rendered later) the comment.
// A plain value: the CLI prints it, the bot and the Action apply it.
#pragma once

#include <string>
#include <vector>

#include "rules/finding.h"

namespace issuelint {

enum class Outcome { ok, needs_info };

std::string_view outcome_name(Outcome outcome);  // "ok" | "needs-info"

struct LabelPlan {
  std::vector<std::string> want;    // every label the issue should carry that the bot manages
  std::vector<std::string> add;     // relative to the labels the issue has now
  std::vector<std::string> remove;  // only ever labels the bot manages
};

// A label the bot manages, with how it creates the label in a repository.
struct ManagedLabel {
  std::string name;
  std::string color;  // six hex digits, no '#'
  std::string description;
};

struct Verdict {
  std::string template_id;    // "" when the issue matched no template
  std::string template_name;  // front-matter name, for people
  bool template_matched = false;
  Outcome outcome = Outcome::ok;
  std::vector<Finding> findings;  // sorted and deduplicated
  LabelPlan labels;
  std::vector<ManagedLabel> managed_labels;    // what the repository should have, for creation
  std::vector<std::string> applied_labels;     // managed labels the bot has applied (for its
                                               // comment metadata: a human removal is honoured)
  std::vector<std::string> suppressed_labels;  // managed labels a person removed: never re-added
  std::string comment;  // the Markdown triage comment (rendered by bot/report)
};

}  // namespace issuelint
