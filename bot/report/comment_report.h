// The triage comment the bot keeps on an issue (one per issue, edited in place).
//
//   <!-- issuelint:report -->                         found again by this first line
//   <!-- issuelint:state {"v":1,"applied":[…],"suppressed":[…]} -->
//                                                     labels the bot applied / a person removed
//   **issuelint:** this issue needs more information: 3 problems to fix.
//   ### How to fix                                    errors, grouped by section, as a checklist
//   <details> N more problems to fix </details>       the errors past the tenth, folded
//   <details> warnings and notes </details>           folded: advice, not blockers
//   <details> about the rules </details>              from the catalog, when a lookup is given
//   footer: edit to re-check; the CLI command giving the same verdict
//
// Sections come in the order the author reads the issue: the title, then sections by their
// first line, then findings with no place (missing sections, the issue as a whole), which
// sort after because they are what the issue lacks rather than what it says.
// Everything quoted from the issue is made inert (see inert_text.h); the whole comment stays
// under GitHub's 65,536-character body limit, dropping the least important findings first
// and saying how many. Same verdict and options → byte-identical comment.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rules/rule_info.h"
#include "rules/verdict.h"

namespace issuelint {

inline constexpr std::string_view kReportMarker = "<!-- issuelint:report -->";

// The words a configuration entry gives its rule's findings (`message`, `help`), each "" where
// the kind's own are used: fixed text of the maintainer's, nothing of the issue in it, so the
// comment keeps its links (the kind's wording quotes the issue, and stays inert).
struct RuleWording {
  std::string_view message;
  std::string_view help;
};

struct CommentOptions {
  // The template's path in the repository, for the CLI hint; "" → the hint has no --template.
  std::string template_file;
  // The title, for the CLI hint; nullopt → the hint has no --title. An empty title is
  // given as --title '': title rules judge it, where without --title they do not run.
  std::optional<std::string> title;
  // The configuration file given to the check, for the CLI hint; "" → the hint has no --config.
  std::string config_file;
  // The rule catalog, for "about the rules"; may be empty, may return nullptr.
  std::function<const RuleInfo*(std::string_view rule_id)> rule_lookup;
  // The wording the configuration gives a rule's findings, whose links the comment keeps where
  // a finding says it word for word; may be empty.
  std::function<RuleWording(std::string_view rule_id)> rule_wording;
  // GitHub counts characters; code points with a margin keep us clear of its 65,536.
  std::size_t max_code_points = 65000;
};

std::string render_comment(const Verdict& verdict, const CommentOptions& options);

// A template an issue could have followed, as the unmatched report names it.
struct TemplateOffered {
  std::string name;  // its front matter's name, else its id
  std::string file;  // where it is (".github/ISSUE_TEMPLATE/bug.md")
};

// The report on an issue that follows none of the templates (what the bot posts under
// `unmatched: comment`, and what `check` shows): it names the templates so the author can pick
// one; its state line keeps the labels' memory for when the issue follows one again.
std::string render_unmatched_comment(const Verdict& verdict,
                                     const std::vector<TemplateOffered>& templates,
                                     const CommentOptions& options);

// What the bot remembers in its comment between runs.
struct CommentState {
  std::vector<std::string> applied;     // managed labels the bot applied, sorted
  std::vector<std::string> suppressed;  // managed labels a person removed, sorted
};

// The state line of a report comment, or nullopt when the body is not a report comment or the
// line is missing or malformed (a human may have edited it).
std::optional<CommentState> parse_comment_state(std::string_view body);

// Whether the body's first line is the report marker (CRLF and a BOM tolerated).
bool is_report_comment(std::string_view body);

}  // namespace issuelint
