// Where the bearer token for a request comes from: a fixed token (PAT, GITHUB_TOKEN) or a GitHub
// App installation token that is minted and refreshed on demand.
#pragma once

#include <chrono>
#include <string>

#include "bot/github/github_api.h"

namespace issuelint::github {

class TokenSource {
 public:
  virtual ~TokenSource() = default;
  // The token, or why there is none as an ApiError: a failed exchange keeps GitHub's status and
  // whether asking again can help (a 404 for an App that was uninstalled never will).
  virtual ApiResult<std::string> token() = 0;
  // GitHub answered 401 with this token: forget any cached copy so the next call mints anew.
  virtual void invalidate() {}
  // GitHub's clock, from the Date header of such a 401. A source whose tokens carry the time (an
  // App JWT) signs them by GitHub's clock from then on and says true; the others ignore it.
  virtual bool use_github_time(std::chrono::system_clock::time_point /*github_now*/) {
    return false;
  }
  // The token was minted moments ago: GitHub may answer it 401 until its replicas know it
  // (octokit/auth-app.js#65), which asking again shortly mends and minting another does not.
  virtual bool just_minted() { return false; }
};

class StaticTokenSource final : public TokenSource {
 public:
  explicit StaticTokenSource(std::string token) : token_(std::move(token)) {}
  ApiResult<std::string> token() override {
    ApiResult<std::string> result;
    if (token_.empty()) {
      result.error = ApiError{0, "no GitHub token configured", false, 0};
    } else {
      result.value = token_;
    }
    return result;
  }

 private:
  std::string token_;
};

}  // namespace issuelint::github
