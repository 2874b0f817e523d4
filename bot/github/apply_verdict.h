// The one place where a verdict becomes effects on GitHub: labels, then the single triage
// comment. Everything else (CLI, bot, Action, sweep) computes a Verdict and hands it here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bot/github/github_api.h"
#include "rules/verdict.h"

namespace issuelint::github {

// The hidden first line that identifies the bot's comment on an issue.
inline constexpr std::string_view kReportMarker = "<!-- issuelint:report -->";

// True when the comment's first line is the marker (trailing spaces and CR tolerated: a body
// edited in the web UI comes back with CRLF).
bool is_report_comment(std::string_view body);
// The bot's report among an issue's comments (oldest first): the oldest marked comment by
// `bot_login` when one exists, else the oldest marked comment by a Bot-type author. A comment
// by a person is never the bot's, even with the marker copied into it (it is invisible, so a
// quote carries it along): editing it would overwrite their words. The one exception: with no
// login known (a personal token's bot that was not told its account) and no Bot's report, the
// oldest marked comment that also holds the report's hidden state line (second line
// `<!-- issuelint:state …`) is taken: a report in whole, which a quote does not carry, and
// without which every triage would lose the label memory and post its report anew.
const Comment* find_report_comment(const std::vector<Comment>& comments,
                                   std::string_view bot_login);
// The body as it will be posted: the verdict's comment, with the marker line put first if the
// renderer did not.
std::string report_comment_body(const std::string& comment);

struct ApplyOptions {
  bool dry_run = false;
  // Whose marked comment is ours (see find_report_comment); empty: any Bot's.
  std::string bot_login;
  // The issue's comments as the caller listed them for this triage (it read the previous report
  // there); nullptr: apply_verdict lists them. Listing them again cost a request a page for
  // every triage, and a report another run posts meanwhile is still found after posting.
  const std::vector<Comment>* listed_comments = nullptr;
};

struct ApplyReport {
  enum class CommentAction { none, created, updated, unchanged };

  std::vector<std::string> labels_created;  // in the repository, with colour and description
  std::vector<std::string> labels_added;
  std::vector<std::string> labels_removed;
  // The label write that failed (`error`) when GitHub may have made it all the same (a 5xx, a
  // connection broken once the request was sent), which the issue's next attempt tells; empty
  // when GitHub refused it with a 4xx (not made).
  std::vector<std::string> labels_unconfirmed_added;
  std::vector<std::string> labels_unconfirmed_removed;
  CommentAction comment = CommentAction::none;
  std::int64_t comment_id = 0;
  // Our own reports beside the one kept: posted while another run posted one too, or left by
  // such a race whose clean-up failed.
  int duplicates_removed = 0;
  int requests = 0;                      // every API call made, reads included
  int writes = 0;                        // the mutating ones (0 in dry-run)
  std::vector<std::string> dry_run_log;  // "would add labels ...", one line per skipped write
  std::optional<ApiError> error;         // the first failure; what came before it did happen

  bool ok() const { return !error.has_value(); }
  std::string summary() const;  // "labels +2 -1, comment updated"
};

std::string_view comment_action_name(ApplyReport::CommentAction action);

ApplyReport apply_verdict(GitHubApi& github, const IssueRef& issue, const Verdict& verdict,
                          const ApplyOptions& options = {});

}  // namespace issuelint::github
