// Where the bearer token for a request comes from: a fixed token (PAT, GITHUB_TOKEN) or a GitHub
// App installation token that is minted and refreshed on demand.
#pragma once

#include <string>

#include "parser/result.h"

namespace issuelint::github {

class TokenSource {
 public:
  virtual ~TokenSource() = default;
  virtual Result<std::string> token() = 0;
  // GitHub answered 401 with this token: forget any cached copy so the next call mints anew.
  virtual void invalidate() {}
};

class StaticTokenSource final : public TokenSource {
 public:
  explicit StaticTokenSource(std::string token) : token_(std::move(token)) {}
  Result<std::string> token() override {
    if (token_.empty()) return make_error("no GitHub token configured");
    return token_;
  }

 private:
  std::string token_;
};

}  // namespace issuelint::github
