#include "tests/fake_github/fake_github_state.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cctype>

namespace issuelint::testing {

using json = nlohmann::json;

bool same_label_name(const std::string& a, const std::string& b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
           return std::tolower(x) == std::tolower(y);
         });
}

std::string git_blob_sha(const std::string& content) {
  std::string object = "blob " + std::to_string(content.size()) + std::string(1, '\0') + content;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(object.data(), object.size(), digest, &length, EVP_sha1(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 0xF];
  }
  return hex;
}

FakeRepo& FakeGitHubState::add_repo(const std::string& owner, const std::string& name) {
  auto [it, inserted] = repos_.try_emplace({owner, name});
  if (inserted) {
    it->second.id = next_id();
    it->second.owner = owner;
    it->second.name = name;
  }
  return it->second;
}

FakeRepo* FakeGitHubState::find_repo(const std::string& owner, const std::string& name) {
  // Owner and repository names are case-insensitive on GitHub too.
  for (auto& [key, repo] : repos_) {
    if (same_label_name(key.first, owner) && same_label_name(key.second, name)) return &repo;
  }
  return nullptr;
}

FakeRepo* FakeGitHubState::find_repo_by_id(std::int64_t id) {
  for (auto& [key, repo] : repos_) {
    if (repo.id == id) return &repo;
  }
  return nullptr;
}

FakeIssue& FakeGitHubState::add_issue(const std::string& owner, const std::string& name,
                                      FakeIssue issue) {
  FakeRepo& repo = add_repo(owner, name);
  std::vector<std::string> labels = std::move(issue.labels);
  issue.labels.clear();
  for (FakeComment& comment : issue.comments) {
    if (comment.id == 0) comment.id = next_id();
  }
  FakeIssue& stored = repo.issues[issue.number] = std::move(issue);
  add_issue_labels(repo, stored, labels);
  return stored;
}

std::int64_t FakeGitHubState::add_comment(const std::string& owner, const std::string& name,
                                          int number, FakeComment comment) {
  FakeRepo& repo = add_repo(owner, name);
  FakeIssue& issue = repo.issues[number];
  issue.number = number;
  comment.id = next_id();
  issue.comments.push_back(std::move(comment));
  return issue.comments.back().id;
}

void FakeGitHubState::add_label(const std::string& owner, const std::string& name,
                                FakeLabel label) {
  FakeRepo& repo = add_repo(owner, name);
  if (FakeLabel* existing = find_label(repo, label.name)) {
    label.id = existing->id;
    *existing = std::move(label);
    return;
  }
  label.id = next_id();
  repo.labels.push_back(std::move(label));
}

void FakeGitHubState::put_file(const std::string& owner, const std::string& name,
                               const std::string& path, const std::string& content) {
  add_repo(owner, name).files[path] = content;
}

FakeLabel* FakeGitHubState::find_label(FakeRepo& repo, const std::string& name) {
  for (FakeLabel& label : repo.labels) {
    if (same_label_name(label.name, name)) return &label;
  }
  return nullptr;
}

void FakeGitHubState::add_issue_labels(FakeRepo& repo, FakeIssue& issue,
                                       const std::vector<std::string>& names) {
  for (const std::string& name : names) {
    FakeLabel* label = find_label(repo, name);
    if (!label) {
      // GitHub creates the label on the fly, grey and without description (github/docs#35718).
      repo.labels.push_back(FakeLabel{next_id(), name, "ededed", ""});
      label = &repo.labels.back();
    }
    bool on_issue =
        std::any_of(issue.labels.begin(), issue.labels.end(),
                    [&](const std::string& have) { return same_label_name(have, name); });
    if (!on_issue) issue.labels.push_back(label->name);
  }
}

bool FakeGitHubState::remove_issue_label(FakeIssue& issue, const std::string& name) {
  auto it = std::find_if(issue.labels.begin(), issue.labels.end(),
                         [&](const std::string& have) { return same_label_name(have, name); });
  if (it == issue.labels.end()) return false;
  issue.labels.erase(it);
  return true;
}

FakeGitHubState::CreateLabel FakeGitHubState::create_label(FakeRepo& repo, const std::string& name,
                                                           const std::string& color,
                                                           const std::string& description) {
  if (name.empty()) return CreateLabel::missing_name;
  if (name.size() > 50) return CreateLabel::name_too_long;
  bool hex = color.size() == 6 && std::all_of(color.begin(), color.end(),
                                              [](unsigned char c) { return std::isxdigit(c); });
  if (!color.empty() && !hex) return CreateLabel::invalid_color;
  if (find_label(repo, name)) return CreateLabel::already_exists;
  repo.labels.push_back(FakeLabel{next_id(), name, color.empty() ? "ededed" : color, description});
  return CreateLabel::created;
}

FakeComment& FakeGitHubState::create_comment(FakeIssue& issue, const std::string& body,
                                             const std::string& author, bool is_bot) {
  issue.comments.push_back(FakeComment{next_id(), body, author, is_bot});
  return issue.comments.back();
}

namespace {

std::string lower_login(std::string login) {
  std::transform(login.begin(), login.end(), login.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return login;
}

}  // namespace

std::string FakeGitHubState::permission_of(const FakeRepo& repo, const std::string& login) const {
  const auto found = repo.permissions.find(lower_login(login));
  if (found != repo.permissions.end()) return found->second;
  return same_label_name(login, repo.owner) ? "admin" : "read";
}

void FakeGitHubState::set_permission(FakeRepo& repo, const std::string& login,
                                     const std::string& level) {
  repo.permissions[lower_login(login)] = level;
}

std::pair<FakeIssue*, FakeComment*> FakeGitHubState::find_comment(FakeRepo& repo, std::int64_t id) {
  for (auto& [number, issue] : repo.issues) {
    for (FakeComment& comment : issue.comments) {
      if (comment.id == id) return {&issue, &comment};
    }
  }
  return {nullptr, nullptr};
}

Status FakeGitHubState::load_json(const json& seed) {
  if (!seed.is_object() || !seed.contains("repos") || !seed["repos"].is_array()) {
    return make_error("the seed must be an object with a \"repos\" array");
  }
  try {
    for (const json& repo_json : seed["repos"]) {
      std::string owner = repo_json.at("owner").get<std::string>();
      std::string name = repo_json.at("name").get<std::string>();
      add_repo(owner, name);
      for (const json& label : repo_json.value("labels", json::array())) {
        add_label(owner, name,
                  FakeLabel{0, label.at("name").get<std::string>(),
                            label.value("color", std::string("ededed")),
                            label.value("description", std::string())});
      }
      for (const json& issue_json : repo_json.value("issues", json::array())) {
        FakeIssue issue;
        issue.number = issue_json.at("number").get<int>();
        issue.title = issue_json.value("title", issue.title);
        if (issue_json.contains("body") && issue_json["body"].is_string()) {
          issue.body = issue_json["body"].get<std::string>();
        }
        issue.labels = issue_json.value("labels", std::vector<std::string>{});
        issue.state = issue_json.value("state", issue.state);
        issue.author = issue_json.value("author", issue.author);
        issue.is_pull_request = issue_json.value("pull_request", false);
        issue.locked = issue_json.value("locked", false);
        for (const json& comment : issue_json.value("comments", json::array())) {
          issue.comments.push_back(FakeComment{0, comment.at("body").get<std::string>(),
                                               comment.value("author", std::string("octocat")),
                                               comment.value("bot", false)});
        }
        add_issue(owner, name, std::move(issue));
      }
      const json permissions = repo_json.value("permissions", json::object());
      for (const auto& [login, level] : permissions.items()) {
        set_permission(*find_repo(owner, name), login, level.get<std::string>());
      }
      const json files = repo_json.value("files", json::object());  // items() needs it alive
      for (const auto& [path, content] : files.items()) {
        put_file(owner, name, path, content.get<std::string>());
      }
    }
  } catch (const json::exception& error) {
    return make_error(std::string("bad seed: ") + error.what());
  }
  return Ok{};
}

json FakeGitHubState::to_json() const {
  json repos = json::array();
  for (const auto& [key, repo] : repos_) {
    json labels = json::array();
    for (const FakeLabel& label : repo.labels) {
      labels.push_back(
          {{"name", label.name}, {"color", label.color}, {"description", label.description}});
    }
    json issues = json::array();
    for (const auto& [number, issue] : repo.issues) {
      json comments = json::array();
      for (const FakeComment& comment : issue.comments) {
        comments.push_back({{"id", comment.id},
                            {"body", comment.body},
                            {"author", comment.author},
                            {"bot", comment.author_is_bot}});
      }
      issues.push_back({{"number", number},
                        {"title", issue.title},
                        {"body", issue.body ? json(*issue.body) : json(nullptr)},
                        {"labels", issue.labels},
                        {"state", issue.state},
                        {"author", issue.author},
                        {"pull_request", issue.is_pull_request},
                        {"locked", issue.locked},
                        {"comments", comments}});
    }
    repos.push_back({{"owner", repo.owner},
                     {"name", repo.name},
                     {"labels", labels},
                     {"issues", issues},
                     {"files", repo.files}});
  }
  return {{"repos", repos}};
}

}  // namespace issuelint::testing
