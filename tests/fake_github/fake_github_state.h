// The repositories, issues, labels, comments and files both GitHub fakes keep, with GitHub's
// semantics in one place: label names are case-insensitive, adding an unknown label creates it
// grey (ededed) without description, removing a label the issue lacks is "not found".
// Not thread-safe: the owners lock around it.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "parser/result.h"

namespace issuelint::testing {

struct FakeLabel {
  std::int64_t id = 0;
  std::string name;
  std::string color = "ededed";
  std::string description;  // "" is sent as null, as GitHub does for labels created on add
};

struct FakeComment {
  std::int64_t id = 0;
  std::string body;
  std::string author = "octocat";
  bool author_is_bot = false;
  std::string created_at = "2026-11-24T10:00:00Z";
  std::string updated_at = "2026-11-24T10:00:00Z";
};

struct FakeIssue {
  int number = 0;
  std::string title = "An issue";
  std::optional<std::string> body;
  std::vector<std::string> labels;  // names as GitHub spells the repository label
  std::string state = "open";
  std::string author = "octocat";
  bool is_pull_request = false;
  bool locked = false;  // comments are refused with GitHub's 403
  std::string updated_at = "2026-11-24T10:00:00Z";
  std::vector<FakeComment> comments;
};

struct FakeRepo {
  std::int64_t id = 0;
  std::string owner;
  std::string name;
  std::vector<FakeLabel> labels;
  std::map<int, FakeIssue> issues;
  std::map<std::string, std::string> files;  // path -> content
  // login (lower case) -> GitHub's permission level; the owner is "admin", anyone else "read"
  std::map<std::string, std::string> permissions;
};

bool same_label_name(const std::string& a, const std::string& b);
// The git blob SHA-1 of `content`, which is what the contents API reports as `sha`.
std::string git_blob_sha(const std::string& content);

class FakeGitHubState {
 public:
  FakeRepo& add_repo(const std::string& owner, const std::string& name);
  FakeRepo* find_repo(const std::string& owner, const std::string& name);
  FakeRepo* find_repo_by_id(std::int64_t id);
  FakeIssue& add_issue(const std::string& owner, const std::string& name, FakeIssue issue);
  std::int64_t add_comment(const std::string& owner, const std::string& name, int number,
                           FakeComment comment);
  void add_label(const std::string& owner, const std::string& name, FakeLabel label);
  void put_file(const std::string& owner, const std::string& name, const std::string& path,
                const std::string& content);

  // The operations, as GitHub performs them.
  FakeLabel* find_label(FakeRepo& repo, const std::string& name);
  void add_issue_labels(FakeRepo& repo, FakeIssue& issue, const std::vector<std::string>& names);
  bool remove_issue_label(FakeIssue& issue, const std::string& name);
  enum class CreateLabel { created, already_exists, invalid_color, name_too_long, missing_name };
  CreateLabel create_label(FakeRepo& repo, const std::string& name, const std::string& color,
                           const std::string& description);
  FakeComment& create_comment(FakeIssue& issue, const std::string& body, const std::string& author,
                              bool is_bot);
  // GitHub's `permission` for `login` (any case) in the repository.
  std::string permission_of(const FakeRepo& repo, const std::string& login) const;
  void set_permission(FakeRepo& repo, const std::string& login, const std::string& level);
  // The comment with this id in the repository, with its issue.
  std::pair<FakeIssue*, FakeComment*> find_comment(FakeRepo& repo, std::int64_t id);

  std::map<std::pair<std::string, std::string>, FakeRepo>& repos() { return repos_; }
  const std::map<std::pair<std::string, std::string>, FakeRepo>& repos() const { return repos_; }

  // Seed and dump, for the standalone fake-github program and for reading final state:
  // {"repos":[{"owner","name","labels":[{name,color,description}],
  //            "issues":[{number,title,body,labels,state,author,pull_request,locked,
  //                       "comments":[{body,author,bot}]}],
  //            "files":{"path":"content"},"permissions":{"login":"write"}}]}
  Status load_json(const nlohmann::json& seed);
  nlohmann::json to_json() const;

 private:
  std::int64_t next_id() { return next_id_++; }

  std::map<std::pair<std::string, std::string>, FakeRepo> repos_;
  std::int64_t next_id_ = 1000;  // ids like the recordings'
};

}  // namespace issuelint::testing
