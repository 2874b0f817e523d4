// The narrow interface through which everything talks to GitHub. The HTTP client implements
// it against the REST API; handler tests use an in-memory recorder behind the same interface.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parser/normalize.h"
#include "parser/result.h"

namespace issuelint::github {

struct RepoRef {
  std::string owner;
  std::string name;
  std::string full_name() const { return owner + "/" + name; }
};

struct IssueRef {
  RepoRef repo;
  int number = 0;
};

struct Issue {
  int number = 0;
  std::string title;
  std::optional<std::string> body;  // GitHub sends null for an empty body
  std::vector<std::string> labels;  // names as GitHub spells them
  std::string state;                // "open" | "closed"
  std::string author;               // user.login
  bool is_pull_request = false;     // the issues API lists pull requests too
  std::string updated_at;
  bool locked = false;  // conversation locked: GitHub refuses comments from most accounts
};

struct Comment {
  std::int64_t id = 0;
  std::string body;
  std::string author;          // user.login
  bool author_is_bot = false;  // user.type == "Bot"
};

struct Label {
  std::string name;
  std::string color;
  std::string description;
};

struct ContentFile {
  std::string path;
  std::string type;  // "file" | "dir"
  std::string sha;
};

// One page of a listing of issues, and where the next one is: GitHub's rel="next" Link, as it
// sent it (never a page number made up here), as a request target; "" after the last page.
struct IssuePage {
  std::vector<Issue> issues;
  std::string next;
};

// Errors from GitHub carry the HTTP status (0 for a transport failure) so callers can tell
// "retry later" from "will never succeed".
struct ApiError {
  int status = 0;  // 0: no answer came (connection refused or reset, timeout, TLS)
  std::string message;
  bool retryable = false;
  int retry_after_seconds = 0;  // from retry-after or x-ratelimit-reset, when GitHub said so
  // No token could be had for the request: `status` is GitHub's answer to the App's token
  // exchange, not to the request, so a 404 says the installation is gone, not the issue.
  bool token_exchange = false;

  // "GitHub answered 502: <message>", or "GitHub did not answer: <message>" when no answer came
  // (a log line saying "answered 0" sends a reader looking for a status GitHub never sent).
  std::string answer() const {
    return (status == 0 ? std::string("GitHub did not answer")
                        : "GitHub answered " + std::to_string(status)) +
           ": " + message;
  }
};

template <typename T>
struct ApiResult {
  std::optional<T> value;
  ApiError error;
  bool ok() const { return value.has_value(); }
};

struct Nothing {};

// GitHub logins are case-insensitive: ISSUELINT_BOT_LOGIN=Triage-Robot names triage-robot.
inline bool same_login(std::string_view a, std::string_view b) {
  return a.size() == b.size() && starts_with_ignoring_case(a, b);
}

class GitHubApi {
 public:
  virtual ~GitHubApi() = default;

  // The login the token acts for (GET /user). GitHub refuses it (403) to App installation
  // tokens, the workflow's GITHUB_TOKEN included.
  virtual ApiResult<std::string> get_authenticated_login() = 0;
  virtual ApiResult<Issue> get_issue(const IssueRef& issue) = 0;
  // Succeeds when the token can see the repository: GitHub answers 404 for everything in a private
  // one it may not see, as for an issue there. Asked of one of its labels, which the bot lists
  // anyway (so any GitHub stand-in that serves the bot serves this too).
  virtual ApiResult<Nothing> check_repository_visible(const RepoRef& repo) = 0;
  // What `login` may do in the repository, as GitHub's `permission` says it: "admin", "write"
  // (maintain included), "read" (triage included) or "none" (GET
  // /repos/O/R/collaborators/LOGIN/permission; metadata:read, which every App and token has).
  virtual ApiResult<std::string> get_permission(const RepoRef& repo, const std::string& login) = 0;
  // All comments on the issue (every page).
  virtual ApiResult<std::vector<Comment>> list_comments(const IssueRef& issue) = 0;
  virtual ApiResult<Nothing> add_labels(const IssueRef& issue,
                                        const std::vector<std::string>& labels) = 0;
  // A label that is not on the issue (404) counts as removed.
  virtual ApiResult<Nothing> remove_label(const IssueRef& issue, const std::string& label) = 0;
  virtual ApiResult<std::vector<Label>> list_repo_labels(const RepoRef& repo) = 0;
  virtual ApiResult<Nothing> create_label(const RepoRef& repo, const Label& label) = 0;
  virtual ApiResult<std::int64_t> create_comment(const IssueRef& issue,
                                                 const std::string& body) = 0;
  virtual ApiResult<Nothing> update_comment(const RepoRef& repo, std::int64_t comment_id,
                                            const std::string& body) = 0;
  // A comment that is already gone (404) counts as deleted.
  virtual ApiResult<Nothing> delete_comment(const RepoRef& repo, std::int64_t comment_id) = 0;
  // A file's decoded content; nullopt inside the value when the file does not exist (404).
  virtual ApiResult<std::optional<std::string>> get_file(const RepoRef& repo,
                                                         const std::string& path) = 0;
  // A directory listing; an empty vector when the directory does not exist.
  virtual ApiResult<std::vector<ContentFile>> list_directory(const RepoRef& repo,
                                                             const std::string& path) = 0;
  // One page of open issues (pull requests filtered out): the first for `page` "", else the
  // page a previous page's `next` names.
  virtual ApiResult<IssuePage> list_open_issues(const RepoRef& repo, const std::string& page) = 0;
};

}  // namespace issuelint::github
