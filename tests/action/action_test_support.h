// Shared by the Action and sweep tests: the fake GitHub seeded with a repository and its
// template, the real issuelint program run as a child with exactly the environment a test gives
// (never the developer's GITHUB_TOKEN), and small file helpers.
#pragma once

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "bot/github/apply_verdict.h"
#include "tests/fake_github/fake_github.h"

namespace issuelint::testing {

inline std::string read_text(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

inline void write_text(const std::filesystem::path& path, const std::string& text) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file << text;
}

inline std::string fixture(const std::string& relative) {
  return read_text(std::filesystem::path(ISSUELINT_SOURCE_DIR) / relative);
}

// A second template, so that an issue written from neither can be told apart: with a single
// template every issue is judged against it.
inline constexpr const char* kBugTemplate = R"(---
name: Bug report
about: Something does not work as documented
title: "[Bug] "
---
## What happened

Describe what you saw.

## Steps to reproduce

Write the steps here.
)";

inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);) lines.push_back(line);
  return lines;
}

inline std::size_t count_lines_starting(const std::string& text, const std::string& prefix) {
  const auto lines = lines_of(text);
  return static_cast<std::size_t>(
      std::count_if(lines.begin(), lines.end(),
                    [&](const std::string& line) { return line.starts_with(prefix); }));
}

// A directory removed with everything in it when the test ends.
class TempDir {
 public:
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "issuelint-action-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

struct ProcessResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs the issuelint program with `args` and only the environment in `env` (plus PATH).
inline ProcessResult run_issuelint(const std::vector<std::string>& args,
                                   const std::map<std::string, std::string>& env,
                                   const TempDir& dir) {
  const std::string out_file = (dir / "stdout.txt").string();
  const std::string err_file = (dir / "stderr.txt").string();
  std::vector<std::string> argv_text{ISSUELINT_BINARY};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  std::vector<std::string> env_text{"PATH=/usr/bin:/bin"};
  for (const auto& [name, value] : env) env_text.push_back(name + "=" + value);
  std::vector<char*> argv;
  for (auto& item : argv_text) argv.push_back(item.data());
  argv.push_back(nullptr);
  std::vector<char*> envp;
  for (auto& item : env_text) envp.push_back(item.data());
  envp.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  posix_spawn_file_actions_addopen(&actions, 2, err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  ProcessResult result;
  if (spawned != 0) return result;
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = read_text(out_file);
  result.err = read_text(err_file);
  return result;
}

inline std::size_t report_comment_count(const FakeIssue& issue) {
  return static_cast<std::size_t>(
      std::count_if(issue.comments.begin(), issue.comments.end(),
                    [](const FakeComment& c) { return github::is_report_comment(c.body); }));
}

inline const FakeComment* report_comment(const FakeIssue& issue) {
  for (const FakeComment& comment : issue.comments) {
    if (github::is_report_comment(comment.body)) return &comment;
  }
  return nullptr;
}

inline std::vector<std::string> sorted(std::vector<std::string> items) {
  std::sort(items.begin(), items.end());
  return items;
}

}  // namespace issuelint::testing
