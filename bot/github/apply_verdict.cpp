#include "bot/github/apply_verdict.h"

#include <algorithm>
#include <cctype>

namespace issuelint::github {

namespace {

bool same_label(std::string_view a, std::string_view b) {
  // GitHub label names are case-insensitive.
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
           return std::tolower(x) == std::tolower(y);
         });
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

bool holds_report_state(std::string_view body) {
  const std::size_t line_end = body.find('\n');
  if (line_end == std::string_view::npos) return false;
  return body.substr(line_end + 1).starts_with("<!-- issuelint:state ");
}

// Another report by the author of the one kept. A person's account is taken for the bot's only
// with no login known (find_report_comment), for a whole report: its copies must be whole too,
// which a quote of the report is not.
bool is_duplicate_report(const Comment& comment, const Comment& kept) {
  if (!is_report_comment(comment.body) || !same_login(comment.author, kept.author)) return false;
  return comment.author_is_bot || holds_report_state(comment.body);
}

// Whether a write that failed may have been made all the same: no answer came, GitHub answered
// 5xx (it does after some writes it made), or it asked to be asked again. A 4xx it means (403
// "Resource not accessible by integration", 404, 410, 422) refused the write, which was not made:
// taken as unconfirmed, a job without `issues: write` was told its labels were changed and "put
// back", and the labels it never added were deleted one request each.
bool may_have_been_made(const ApiError& error) {
  return error.status == 0 || error.status >= 500 || error.retryable;
}

// Carries the request count and the first error through the steps.
class Applier {
 public:
  Applier(GitHubApi& github, const IssueRef& issue, const ApplyOptions& options)
      : github_(github), issue_(issue), options_(options) {}

  ApplyReport run(const Verdict& verdict) {
    if (create_missing_labels(verdict) && add_labels(verdict.labels.add) &&
        remove_labels(verdict.labels.remove)) {
      if (!verdict.comment.empty()) upsert_comment(report_comment_body(verdict.comment));
    }
    return std::move(report_);
  }

 private:
  template <typename T>
  bool check(const ApiResult<T>& result) {
    ++report_.requests;
    if (!result.ok()) report_.error = result.error;
    return result.ok();
  }

  // Returns false (and performs nothing) in dry-run after logging the write.
  bool write(const std::string& description) {
    if (!options_.dry_run) {
      ++report_.writes;
      return true;
    }
    report_.dry_run_log.push_back("would " + description);
    return false;
  }

  // GitHub creates an unknown label on add, grey and without description; create the managed
  // ones first so they get their colour.
  bool create_missing_labels(const Verdict& verdict) {
    std::vector<const ManagedLabel*> wanted;
    for (const std::string& name : verdict.labels.add) {
      auto managed =
          std::find_if(verdict.managed_labels.begin(), verdict.managed_labels.end(),
                       [&](const ManagedLabel& label) { return same_label(label.name, name); });
      if (managed != verdict.managed_labels.end()) wanted.push_back(&*managed);
    }
    if (wanted.empty()) return true;
    auto existing = github_.list_repo_labels(issue_.repo);
    if (!check(existing)) return false;
    for (const ManagedLabel* label : wanted) {
      bool present =
          std::any_of(existing.value->begin(), existing.value->end(),
                      [&](const Label& have) { return same_label(have.name, label->name); });
      if (present) continue;
      if (!write("create label \"" + label->name + "\" (#" + label->color + ") in " +
                 issue_.repo.full_name())) {
        continue;
      }
      if (!check(github_.create_label(issue_.repo,
                                      Label{label->name, label->color, label->description}))) {
        return false;
      }
      report_.labels_created.push_back(label->name);
    }
    return true;
  }

  bool add_labels(const std::vector<std::string>& labels) {
    if (labels.empty()) return true;
    if (!write("add labels " + join(labels) + " to #" + std::to_string(issue_.number))) {
      return true;
    }
    if (!check(github_.add_labels(issue_, labels))) {
      if (may_have_been_made(*report_.error)) report_.labels_unconfirmed_added = labels;
      return false;
    }
    report_.labels_added = labels;
    return true;
  }

  bool remove_labels(const std::vector<std::string>& labels) {
    for (const std::string& label : labels) {
      if (!write("remove label " + label + " from #" + std::to_string(issue_.number))) continue;
      if (!check(github_.remove_label(issue_, label))) {
        if (may_have_been_made(*report_.error)) report_.labels_unconfirmed_removed.push_back(label);
        return false;
      }
      report_.labels_removed.push_back(label);
    }
    return true;
  }

  // The caller's listing when it made one for this triage, else one made here.
  const std::vector<Comment>* issue_comments() {
    if (options_.listed_comments != nullptr) return options_.listed_comments;
    auto comments = github_.list_comments(issue_);
    if (!check(comments)) return nullptr;
    listed_ = std::move(*comments.value);
    return &listed_;
  }

  void upsert_comment(const std::string& body) {
    const std::vector<Comment>* comments = issue_comments();
    if (comments == nullptr) return;
    const Comment* existing = find_report_comment(*comments, options_.bot_login);
    if (!existing) {
      if (!write("create the triage comment on #" + std::to_string(issue_.number))) return;
      create_comment(body);
      return;
    }
    report_.comment_id = existing->id;
    if (existing->body == body) {
      report_.comment = ApplyReport::CommentAction::unchanged;
    } else if (!update_report(*existing, body)) {
      return;
    }
    remove_later_reports(*comments, *existing);
  }

  // False when the report could not be brought up to date (the error is in the report), or when
  // it was deleted meanwhile and made anew: the listing is then out of date.
  bool update_report(const Comment& existing, const std::string& body) {
    if (!write("update comment " + std::to_string(existing.id) + " on #" +
               std::to_string(issue_.number))) {
      return true;
    }
    auto updated = github_.update_comment(issue_.repo, existing.id, body);
    // Deleted between the listing and the edit: the issue has no report now, so make one.
    if (!updated.ok() && updated.error.status == 404) {
      ++report_.requests;
      ++report_.writes;
      report_.comment_id = 0;
      create_comment(body);
      return false;
    }
    if (!check(updated)) return false;
    report_.comment = ApplyReport::CommentAction::updated;
    return true;
  }

  // Reports of ours newer than the one kept (a race whose clean-up failed, an older bot) would
  // go on saying what the issue lacked: "one triage comment per issue".
  void remove_later_reports(const std::vector<Comment>& comments, const Comment& kept) {
    bool after_kept = false;
    for (const Comment& comment : comments) {
      if (&comment == &kept) after_kept = true;
      if (&comment == &kept || !after_kept || !is_duplicate_report(comment, kept)) continue;
      if (!write("delete the duplicate report " + std::to_string(comment.id) + " on #" +
                 std::to_string(issue_.number))) {
        continue;
      }
      if (!check(github_.delete_comment(issue_.repo, comment.id))) return;
      ++report_.duplicates_removed;
    }
  }

  void create_comment(const std::string& body) {
    auto created = github_.create_comment(issue_, body);
    if (!check(created)) return;
    report_.comment = ApplyReport::CommentAction::created;
    report_.comment_id = *created.value;
    keep_oldest_report(*created.value, body);
  }

  // Two runs triaging one issue at once (an issue opened, then edited at once: two workflow
  // runs) each find no report and each post one. So look again after posting: when an older
  // report by the same author is there, it stays (later runs edit the oldest) and the one just
  // made is deleted. Of two racing runs only the newer comment's run sees an older one.
  void keep_oldest_report(std::int64_t created_id, const std::string& body) {
    auto comments = github_.list_comments(issue_);
    if (!check(comments)) return;
    const std::vector<Comment>& listed = *comments.value;
    const auto mine = std::find_if(listed.begin(), listed.end(), [&](const Comment& comment) {
      return comment.id == created_id;
    });
    if (mine == listed.end()) return;
    const auto oldest = std::find_if(listed.begin(), mine, [&](const Comment& comment) {
      return same_login(comment.author, mine->author) && is_report_comment(comment.body);
    });
    if (oldest == mine) return;
    ++report_.writes;
    if (!check(github_.delete_comment(issue_.repo, created_id))) return;
    report_.duplicates_removed = 1;
    report_.comment_id = oldest->id;
    if (oldest->body == body) {
      report_.comment = ApplyReport::CommentAction::unchanged;
      return;
    }
    ++report_.writes;
    if (check(github_.update_comment(issue_.repo, oldest->id, body))) {
      report_.comment = ApplyReport::CommentAction::updated;
    }
  }

  GitHubApi& github_;
  const IssueRef& issue_;
  const ApplyOptions& options_;
  std::vector<Comment> listed_;  // when the caller listed none
  ApplyReport report_;
};

}  // namespace

bool is_report_comment(std::string_view body) {
  std::string_view first_line = body.substr(0, body.find('\n'));
  while (!first_line.empty() && (first_line.back() == '\r' || first_line.back() == ' ')) {
    first_line.remove_suffix(1);
  }
  return first_line == kReportMarker;
}

const Comment* find_report_comment(const std::vector<Comment>& comments,
                                   std::string_view bot_login) {
  const Comment* by_bot = nullptr;
  const Comment* whole_report = nullptr;
  for (const Comment& comment : comments) {
    if (!is_report_comment(comment.body)) continue;
    if (!bot_login.empty() && same_login(comment.author, bot_login)) return &comment;
    if (by_bot == nullptr && comment.author_is_bot) by_bot = &comment;
    if (whole_report == nullptr && holds_report_state(comment.body)) whole_report = &comment;
  }
  if (by_bot != nullptr || !bot_login.empty()) return by_bot;
  return whole_report;
}

std::string report_comment_body(const std::string& comment) {
  if (is_report_comment(comment)) return comment;
  return std::string(kReportMarker) + "\n" + comment;
}

std::string_view comment_action_name(ApplyReport::CommentAction action) {
  switch (action) {
    case ApplyReport::CommentAction::none:
      return "none";
    case ApplyReport::CommentAction::created:
      return "created";
    case ApplyReport::CommentAction::updated:
      return "updated";
    case ApplyReport::CommentAction::unchanged:
      return "unchanged";
  }
  return "none";
}

std::string ApplyReport::summary() const {
  std::string text = "labels +" + std::to_string(labels_added.size()) + " -" +
                     std::to_string(labels_removed.size()) + ", comment " +
                     std::string(comment_action_name(comment));
  if (!dry_run_log.empty())
    text += " (dry run: " + std::to_string(dry_run_log.size()) + " writes skipped)";
  if (duplicates_removed == 1) text += " (a duplicate report removed)";
  if (duplicates_removed > 1) {
    text += " (" + std::to_string(duplicates_removed) + " duplicate reports removed)";
  }
  if (error) text += "; failed: " + error->message;
  return text;
}

ApplyReport apply_verdict(GitHubApi& github, const IssueRef& issue, const Verdict& verdict,
                          const ApplyOptions& options) {
  return Applier(github, issue, options).run(verdict);
}

}  // namespace issuelint::github
