// Shared setup for the GitHub tests: a fake GitHub on loopback and a client pointed at it with
// an injected clock, so retries and rate-limit waits cost no real time.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "bot/github/http_github_client.h"
#include "tests/fake_github/fake_clock.h"
#include "tests/fake_github/fake_github.h"

namespace issuelint::testing {

inline github::HttpClientOptions fast_options(const FakeGitHub& fake) {
  github::HttpClientOptions options;
  options.base_url = fake.base_url();
  options.mutation_spacing = std::chrono::milliseconds(0);
  options.initial_backoff = std::chrono::milliseconds(100);
  options.max_backoff = std::chrono::milliseconds(2000);
  options.connect_timeout = std::chrono::milliseconds(2000);
  options.read_timeout = std::chrono::milliseconds(2000);
  options.jitter_seed = 42;
  return options;
}

struct FakeSetup {
  std::shared_ptr<FakeClock> clock = std::make_shared<FakeClock>();
  std::unique_ptr<FakeGitHub> fake;
  std::unique_ptr<github::HttpGitHubClient> client;
  github::RepoRef repo{"octo", "hello"};

  explicit FakeSetup(FakeGitHubOptions options = {}) {
    auto* clock_ptr = clock.get();
    options.now_epoch_seconds = [clock_ptr] { return clock_ptr->epoch_seconds(); };
    fake = std::make_unique<FakeGitHub>(options);
    if (!fake->start()) throw std::runtime_error("fake GitHub did not start");
    fake->add_repo("octo", "hello");
  }

  github::HttpGitHubClient& make_client(github::HttpClientOptions options) {
    auto created = github::HttpGitHubClient::create(
        std::move(options), std::make_shared<github::StaticTokenSource>("test-token"), clock);
    if (!created) throw std::runtime_error(created.error().describe());
    client = std::move(created.value());
    return *client;
  }
  github::HttpGitHubClient& make_client() { return make_client(fast_options(*fake)); }

  github::IssueRef issue(int number) const { return github::IssueRef{repo, number}; }
};

// Issue `number` in octo/hello, with `comments` comments by someone.
inline void add_issue(FakeSetup& setup, int number, int comments = 0) {
  FakeIssue issue;
  issue.number = number;
  for (int i = 0; i < comments; ++i) {
    issue.comments.push_back(FakeComment{0, "comment " + std::to_string(i), "someone", false});
  }
  setup.fake->add_issue("octo", "hello", issue);
}

}  // namespace issuelint::testing
