// An in-memory GitHubApi for handler tests (prow's fakegithub): the same semantics as the
// loopback fake (case-insensitive labels, unknown labels created grey, 404 on remove is fine)
// with no HTTP, plus a log of calls and failures on demand.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "bot/github/github_api.h"
#include "tests/fake_github/fake_github_state.h"

namespace issuelint::testing {

class RecordingGitHub final : public github::GitHubApi {
 public:
  explicit RecordingGitHub(std::string bot_login = "issuelint[bot]")
      : bot_login_(std::move(bot_login)) {}

  FakeGitHubState& state() { return state_; }  // seed before use; not locked

  // One line per call: "add_labels o/r#1 bug,needs-info", "update_comment o/r 1001".
  std::vector<std::string> calls() const;
  int write_count() const;  // create/add/remove/update calls
  // The next call of `operation` (e.g. "create_comment") fails with `error` instead.
  void fail_next(const std::string& operation, github::ApiError error);

  github::ApiResult<std::string> get_authenticated_login() override;
  github::ApiResult<github::Issue> get_issue(const github::IssueRef& issue) override;
  github::ApiResult<github::Nothing> check_repository_visible(const github::RepoRef& repo) override;
  github::ApiResult<std::string> get_permission(const github::RepoRef& repo,
                                                const std::string& login) override;
  github::ApiResult<std::vector<github::Comment>> list_comments(
      const github::IssueRef& issue) override;
  github::ApiResult<github::Nothing> add_labels(const github::IssueRef& issue,
                                                const std::vector<std::string>& labels) override;
  github::ApiResult<github::Nothing> remove_label(const github::IssueRef& issue,
                                                  const std::string& label) override;
  github::ApiResult<std::vector<github::Label>> list_repo_labels(
      const github::RepoRef& repo) override;
  github::ApiResult<github::Nothing> create_label(const github::RepoRef& repo,
                                                  const github::Label& label) override;
  github::ApiResult<std::int64_t> create_comment(const github::IssueRef& issue,
                                                 const std::string& body) override;
  github::ApiResult<github::Nothing> update_comment(const github::RepoRef& repo,
                                                    std::int64_t comment_id,
                                                    const std::string& body) override;
  github::ApiResult<github::Nothing> delete_comment(const github::RepoRef& repo,
                                                    std::int64_t comment_id) override;
  github::ApiResult<std::optional<std::string>> get_file(const github::RepoRef& repo,
                                                         const std::string& path) override;
  github::ApiResult<std::vector<github::ContentFile>> list_directory(
      const github::RepoRef& repo, const std::string& path) override;
  // Pages are named "page N" (N from 2), as a next-page token the caller hands back.
  github::ApiResult<github::IssuePage> list_open_issues(const github::RepoRef& repo,
                                                        const std::string& page) override;

 private:
  // Records the call; returns the injected failure for it, if any.
  std::optional<github::ApiError> record(const std::string& operation, const std::string& detail,
                                         bool is_write);
  github::Issue to_issue(const FakeRepo& repo, const FakeIssue& issue) const;

  std::string bot_login_;
  mutable std::mutex mutex_;
  FakeGitHubState state_;
  std::vector<std::string> calls_;
  int writes_ = 0;
  std::map<std::string, github::ApiError> failures_;
};

}  // namespace issuelint::testing
