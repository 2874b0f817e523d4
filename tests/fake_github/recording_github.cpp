#include "tests/fake_github/recording_github.h"

#include <cstdlib>

namespace issuelint::testing {

using namespace issuelint::github;

namespace {

template <typename T>
ApiResult<T> fail(ApiError error) {
  ApiResult<T> result;
  result.error = std::move(error);
  return result;
}

template <typename T>
ApiResult<T> succeed(T value) {
  ApiResult<T> result;
  result.value = std::move(value);
  return result;
}

ApiError not_found() { return ApiError{404, "Not Found", false, 0}; }

std::string where(const IssueRef& issue) {
  return issue.repo.full_name() + "#" + std::to_string(issue.number);
}

}  // namespace

std::vector<std::string> RecordingGitHub::calls() const {
  std::lock_guard lock(mutex_);
  return calls_;
}

int RecordingGitHub::write_count() const {
  std::lock_guard lock(mutex_);
  return writes_;
}

void RecordingGitHub::fail_next(const std::string& operation, ApiError error) {
  std::lock_guard lock(mutex_);
  failures_[operation] = std::move(error);
}

std::optional<ApiError> RecordingGitHub::record(const std::string& operation,
                                                const std::string& detail, bool is_write) {
  calls_.push_back(operation + " " + detail);
  auto failure = failures_.find(operation);
  if (failure != failures_.end()) {
    ApiError error = failure->second;
    failures_.erase(failure);
    return error;
  }
  if (is_write) ++writes_;
  return std::nullopt;
}

Issue RecordingGitHub::to_issue(const FakeRepo&, const FakeIssue& fake) const {
  return Issue{fake.number, fake.title,           fake.body,       fake.labels, fake.state,
               fake.author, fake.is_pull_request, fake.updated_at, fake.locked};
}

ApiResult<std::string> RecordingGitHub::get_authenticated_login() {
  std::lock_guard lock(mutex_);
  if (auto error = record("get_authenticated_login", "", false)) return fail<std::string>(*error);
  return succeed(bot_login_);
}

ApiResult<Issue> RecordingGitHub::get_issue(const IssueRef& issue) {
  std::lock_guard lock(mutex_);
  if (auto error = record("get_issue", where(issue), false)) return fail<Issue>(*error);
  FakeRepo* repo = state_.find_repo(issue.repo.owner, issue.repo.name);
  if (!repo || !repo->issues.count(issue.number)) return fail<Issue>(not_found());
  return succeed(to_issue(*repo, repo->issues.at(issue.number)));
}

ApiResult<Nothing> RecordingGitHub::check_repository_visible(const RepoRef& repo) {
  std::lock_guard lock(mutex_);
  if (auto error = record("check_repository_visible", repo.full_name(), false)) {
    return fail<Nothing>(*error);
  }
  if (!state_.find_repo(repo.owner, repo.name)) return fail<Nothing>(not_found());
  return succeed(Nothing{});
}

ApiResult<std::string> RecordingGitHub::get_permission(const RepoRef& repo,
                                                       const std::string& login) {
  std::lock_guard lock(mutex_);
  if (auto error = record("get_permission", repo.full_name() + " " + login, false)) {
    return fail<std::string>(*error);
  }
  FakeRepo* found = state_.find_repo(repo.owner, repo.name);
  if (!found) return fail<std::string>(not_found());
  return succeed(state_.permission_of(*found, login));
}

ApiResult<std::vector<Comment>> RecordingGitHub::list_comments(const IssueRef& issue) {
  std::lock_guard lock(mutex_);
  if (auto error = record("list_comments", where(issue), false)) {
    return fail<std::vector<Comment>>(*error);
  }
  FakeRepo* repo = state_.find_repo(issue.repo.owner, issue.repo.name);
  if (!repo || !repo->issues.count(issue.number)) return fail<std::vector<Comment>>(not_found());
  std::vector<Comment> comments;
  for (const FakeComment& comment : repo->issues.at(issue.number).comments) {
    comments.push_back(Comment{comment.id, comment.body, comment.author, comment.author_is_bot});
  }
  return succeed(std::move(comments));
}

ApiResult<Nothing> RecordingGitHub::add_labels(const IssueRef& issue,
                                               const std::vector<std::string>& labels) {
  std::lock_guard lock(mutex_);
  std::string names;
  for (const std::string& label : labels) names += (names.empty() ? "" : ",") + label;
  if (auto error = record("add_labels", where(issue) + " " + names, true)) {
    return fail<Nothing>(*error);
  }
  FakeRepo* repo = state_.find_repo(issue.repo.owner, issue.repo.name);
  if (!repo || !repo->issues.count(issue.number)) return fail<Nothing>(not_found());
  state_.add_issue_labels(*repo, repo->issues.at(issue.number), labels);
  return succeed(Nothing{});
}

ApiResult<Nothing> RecordingGitHub::remove_label(const IssueRef& issue, const std::string& label) {
  std::lock_guard lock(mutex_);
  if (auto error = record("remove_label", where(issue) + " " + label, true)) {
    return fail<Nothing>(*error);
  }
  FakeRepo* repo = state_.find_repo(issue.repo.owner, issue.repo.name);
  if (!repo || !repo->issues.count(issue.number)) return fail<Nothing>(not_found());
  state_.remove_issue_label(repo->issues.at(issue.number), label);  // absent: still fine
  return succeed(Nothing{});
}

ApiResult<std::vector<Label>> RecordingGitHub::list_repo_labels(const RepoRef& repo_ref) {
  std::lock_guard lock(mutex_);
  if (auto error = record("list_repo_labels", repo_ref.full_name(), false)) {
    return fail<std::vector<Label>>(*error);
  }
  FakeRepo* repo = state_.find_repo(repo_ref.owner, repo_ref.name);
  if (!repo) return fail<std::vector<Label>>(not_found());
  std::vector<Label> labels;
  for (const FakeLabel& label : repo->labels) {
    labels.push_back(Label{label.name, label.color, label.description});
  }
  return succeed(std::move(labels));
}

ApiResult<Nothing> RecordingGitHub::create_label(const RepoRef& repo_ref, const Label& label) {
  std::lock_guard lock(mutex_);
  if (auto error = record("create_label", repo_ref.full_name() + " " + label.name, true)) {
    return fail<Nothing>(*error);
  }
  FakeRepo* repo = state_.find_repo(repo_ref.owner, repo_ref.name);
  if (!repo) return fail<Nothing>(not_found());
  using Create = FakeGitHubState::CreateLabel;
  Create outcome = state_.create_label(*repo, label.name, label.color, label.description);
  if (outcome == Create::created || outcome == Create::already_exists) return succeed(Nothing{});
  return fail<Nothing>(ApiError{422, "Validation Failed", false, 0});
}

ApiResult<std::int64_t> RecordingGitHub::create_comment(const IssueRef& issue,
                                                        const std::string& body) {
  std::lock_guard lock(mutex_);
  if (auto error = record("create_comment", where(issue), true)) {
    return fail<std::int64_t>(*error);
  }
  FakeRepo* repo = state_.find_repo(issue.repo.owner, issue.repo.name);
  if (!repo || !repo->issues.count(issue.number)) return fail<std::int64_t>(not_found());
  return succeed(state_.create_comment(repo->issues.at(issue.number), body, bot_login_, true).id);
}

ApiResult<Nothing> RecordingGitHub::update_comment(const RepoRef& repo_ref, std::int64_t comment_id,
                                                   const std::string& body) {
  std::lock_guard lock(mutex_);
  if (auto error =
          record("update_comment", repo_ref.full_name() + " " + std::to_string(comment_id), true)) {
    return fail<Nothing>(*error);
  }
  FakeRepo* repo = state_.find_repo(repo_ref.owner, repo_ref.name);
  if (!repo) return fail<Nothing>(not_found());
  auto [issue, comment] = state_.find_comment(*repo, comment_id);
  if (!comment) return fail<Nothing>(not_found());
  comment->body = body;
  return succeed(Nothing{});
}

ApiResult<Nothing> RecordingGitHub::delete_comment(const RepoRef& repo_ref,
                                                   std::int64_t comment_id) {
  std::lock_guard lock(mutex_);
  if (auto error =
          record("delete_comment", repo_ref.full_name() + " " + std::to_string(comment_id), true)) {
    return fail<Nothing>(*error);
  }
  FakeRepo* repo = state_.find_repo(repo_ref.owner, repo_ref.name);
  if (!repo) return fail<Nothing>(not_found());
  auto [issue, comment] = state_.find_comment(*repo, comment_id);
  if (comment)
    std::erase_if(issue->comments, [&](const FakeComment& c) { return c.id == comment_id; });
  return succeed(Nothing{});
}

ApiResult<std::optional<std::string>> RecordingGitHub::get_file(const RepoRef& repo_ref,
                                                                const std::string& path) {
  using Value = std::optional<std::string>;
  std::lock_guard lock(mutex_);
  if (auto error = record("get_file", repo_ref.full_name() + " " + path, false)) {
    return fail<Value>(*error);
  }
  FakeRepo* repo = state_.find_repo(repo_ref.owner, repo_ref.name);
  if (!repo || !repo->files.count(path)) return succeed(Value{});
  return succeed(Value{repo->files.at(path)});
}

ApiResult<std::vector<ContentFile>> RecordingGitHub::list_directory(const RepoRef& repo_ref,
                                                                    const std::string& path) {
  std::lock_guard lock(mutex_);
  if (auto error = record("list_directory", repo_ref.full_name() + " " + path, false)) {
    return fail<std::vector<ContentFile>>(*error);
  }
  std::vector<ContentFile> entries;
  FakeRepo* repo = state_.find_repo(repo_ref.owner, repo_ref.name);
  if (!repo) return succeed(std::move(entries));
  std::string prefix = path.empty() ? "" : path + "/";
  std::map<std::string, std::string> seen;
  for (const auto& [file_path, content] : repo->files) {
    if (file_path.rfind(prefix, 0) != 0) continue;
    std::string tail = file_path.substr(prefix.size());
    std::size_t slash = tail.find('/');
    seen[prefix + tail.substr(0, slash)] = slash == std::string::npos ? "file" : "dir";
  }
  for (const auto& [entry, type] : seen) {
    entries.push_back(ContentFile{
        entry, type,
        repo->files.count(entry) ? git_blob_sha(repo->files.at(entry)) : git_blob_sha(entry)});
  }
  return succeed(std::move(entries));
}

ApiResult<github::IssuePage> RecordingGitHub::list_open_issues(const RepoRef& repo_ref,
                                                               const std::string& page) {
  std::lock_guard lock(mutex_);
  const int number = page.empty() ? 1 : std::atoi(page.substr(page.find(' ') + 1).c_str());
  if (auto error = record("list_open_issues",
                          repo_ref.full_name() + " page " + std::to_string(number), false)) {
    return fail<github::IssuePage>(*error);
  }
  FakeRepo* repo = state_.find_repo(repo_ref.owner, repo_ref.name);
  if (!repo) return fail<github::IssuePage>(not_found());
  std::vector<Issue> open;
  for (auto it = repo->issues.rbegin(); it != repo->issues.rend(); ++it) {
    if (it->second.state == "open" && !it->second.is_pull_request) {
      open.push_back(to_issue(*repo, it->second));
    }
  }
  constexpr std::size_t kPerPage = 100;
  std::size_t start = static_cast<std::size_t>(std::max(1, number) - 1) * kPerPage;
  github::IssuePage value;
  for (std::size_t i = start; i < std::min(open.size(), start + kPerPage); ++i) {
    value.issues.push_back(open[i]);
  }
  if (open.size() > start + kPerPage) value.next = "page " + std::to_string(number + 1);
  return succeed(std::move(value));
}

}  // namespace issuelint::testing
