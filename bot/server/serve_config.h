// `issuelint serve` configuration from flags and the environment (flags win), checked up front
// so a missing secret or credential is a clear start-up error, not a 401 storm later.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "parser/result.h"

namespace issuelint {

// What the command line said; unset means "not given".
struct ServeFlags {
  std::optional<int> port;
  std::optional<std::string> bind;
  std::optional<std::string> data_dir;
  std::optional<std::string> config_file;
  bool dry_run = false;
};

struct ServeConfig {
  int port = 8080;
  std::string bind = "0.0.0.0";
  std::string data_dir = "./data";
  std::string config_file;  // empty: none
  bool dry_run = false;

  std::vector<std::string> webhook_secrets;  // several during a rotation
  std::string github_token;
  std::string app_id;
  std::string app_private_key_file;
  std::string github_api_url = "https://api.github.com";
  std::vector<std::string> bot_logins;  // ISSUELINT_BOT_LOGIN: the bot's own login(s)

  // cpp-httplib serves a connection per thread, and a delivery holds its thread until the group
  // commit that stores it: the pool bounds both concurrent connections and the batch size.
  int http_threads = 64;
  int workers = 2;
  // Then the job is dead-lettered. With the backoff below, 12 attempts ride out about half an
  // hour of GitHub being unreachable or failing (6 gave up after about a minute).
  int max_attempts = 12;
  std::int64_t retry_base_ms = 2000;               // first retry after about this long
  std::int64_t retry_cap_ms = 600000;              // backoff never waits longer than this
  std::int64_t drain_timeout_ms = 20000;           // SIGTERM: time given to finish queued work
  std::size_t max_body_bytes = 25u * 1024 * 1024;  // GitHub caps payloads at 25 MB
};

// Reads one environment variable; std::getenv in production, a map in tests.
using EnvironmentLookup = std::function<std::optional<std::string>(const std::string&)>;
EnvironmentLookup process_environment();

// Splits "a, b,c" into {"a","b","c"}, dropping empty items.
std::vector<std::string> split_list(const std::string& text);

Result<ServeConfig> resolve_serve_config(const ServeFlags& flags, const EnvironmentLookup& env);

// Just the data dir (for `issuelint queue`): flag, then ISSUELINT_DATA_DIR, then ./data.
std::string resolve_data_dir(const std::optional<std::string>& flag, const EnvironmentLookup& env);

}  // namespace issuelint
