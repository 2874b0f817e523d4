// The production triager of `issuelint serve`: GitHub's REST API with a token or as a GitHub App
// (one installation token per installation), the repository's templates and configuration, and
// the client's calls and rate limit fed to /metrics.
#pragma once

#include <memory>

#include "bot/github/http_github_client.h"
#include "bot/server/issue_triager.h"
#include "bot/server/json_log.h"
#include "bot/server/metrics.h"
#include "bot/server/serve_config.h"
#include "parser/result.h"

namespace issuelint::cli {

// `http` carries the client's timing (retries, spacing of writes) and its shutdown signal
// (`stop`, which ends rate-limit waits); its base_url is replaced by config.github_api_url, and
// its log by one that writes the client's retries, waits and token re-mints to `log` (level
// warning, msg "github"). Fails when the API URL is malformed, or the App key or the `--config`
// file cannot be read or parsed: a start-up error, not a dead letter per job later.
Result<std::unique_ptr<IssueTriager>> make_github_triager(const ServeConfig& config,
                                                          Metrics& metrics, JsonLog& log,
                                                          github::HttpClientOptions http = {});

}  // namespace issuelint::cli
