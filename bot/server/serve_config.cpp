#include "bot/server/serve_config.h"

#include <charconv>
#include <cstdlib>

namespace issuelint {

namespace {

std::string trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

std::string env_or_empty(const EnvironmentLookup& env, const char* name) {
  return trim(env(name).value_or(""));
}

Result<int> parse_int_env(const EnvironmentLookup& env, const char* name, int fallback, int min,
                          int max) {
  const std::string text = env_or_empty(env, name);
  if (text.empty()) return fallback;
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < min || value > max) {
    return make_error(
        "must be a whole number from " + std::to_string(min) + " to " + std::to_string(max), name);
  }
  return value;
}

}  // namespace

EnvironmentLookup process_environment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> items;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    std::string item = trim(text.substr(start, comma - start));
    if (!item.empty()) items.push_back(std::move(item));
    start = comma + 1;
  }
  return items;
}

std::string resolve_data_dir(const std::optional<std::string>& flag, const EnvironmentLookup& env) {
  if (flag && !flag->empty()) return *flag;
  const std::string from_env = env_or_empty(env, "ISSUELINT_DATA_DIR");
  return from_env.empty() ? "./data" : from_env;
}

Result<ServeConfig> resolve_serve_config(const ServeFlags& flags, const EnvironmentLookup& env) {
  ServeConfig config;
  // A flag overrides the environment, a bad value there included (it is not read at all).
  if (flags.port) {
    config.port = *flags.port;
  } else {
    Result<int> port = parse_int_env(env, "ISSUELINT_PORT", config.port, 0, 65535);
    if (!port) return port.error();
    config.port = *port;
  }
  if (config.port < 0 || config.port > 65535)
    return make_error("must be from 0 to 65535", "--port");
  // Read as the other settings are: surrounding blanks dropped, and set but empty is unset (an
  // empty address made cpp-httplib listen on whatever it took "" for, logged as bind "").
  const std::string bind_from_env = env_or_empty(env, "ISSUELINT_BIND");
  config.bind = flags.bind.value_or(bind_from_env.empty() ? config.bind : bind_from_env);
  config.data_dir = resolve_data_dir(flags.data_dir, env);
  config.config_file = flags.config_file.value_or(env_or_empty(env, "ISSUELINT_CONFIG"));
  config.dry_run = flags.dry_run;

  config.webhook_secrets = split_list(env(std::string("ISSUELINT_WEBHOOK_SECRET")).value_or(""));
  if (config.webhook_secrets.empty()) {
    return make_error(
        "no webhook secret: set ISSUELINT_WEBHOOK_SECRET (several, comma-separated, during a "
        "rotation); deliveries are never acted on unsigned",
        "ISSUELINT_WEBHOOK_SECRET");
  }
  config.github_token = env_or_empty(env, "ISSUELINT_GITHUB_TOKEN");
  config.app_id = env_or_empty(env, "ISSUELINT_APP_ID");
  config.app_private_key_file = env_or_empty(env, "ISSUELINT_APP_PRIVATE_KEY_FILE");
  if (!config.app_id.empty() && config.app_private_key_file.empty()) {
    return make_error("ISSUELINT_APP_ID is set but ISSUELINT_APP_PRIVATE_KEY_FILE is not",
                      "ISSUELINT_APP_PRIVATE_KEY_FILE");
  }
  if (config.app_id.empty() && !config.app_private_key_file.empty()) {
    return make_error("ISSUELINT_APP_PRIVATE_KEY_FILE is set but ISSUELINT_APP_ID is not",
                      "ISSUELINT_APP_ID");
  }
  if (config.github_token.empty() && config.app_id.empty()) {
    return make_error(
        "no GitHub credentials: set ISSUELINT_GITHUB_TOKEN, or ISSUELINT_APP_ID and "
        "ISSUELINT_APP_PRIVATE_KEY_FILE for a GitHub App",
        "ISSUELINT_GITHUB_TOKEN");
  }
  const std::string api_url = env_or_empty(env, "ISSUELINT_GITHUB_API_URL");
  if (!api_url.empty()) config.github_api_url = api_url;
  config.bot_logins = split_list(env(std::string("ISSUELINT_BOT_LOGIN")).value_or(""));

  Result<int> workers = parse_int_env(env, "ISSUELINT_WORKERS", config.workers, 1, 64);
  if (!workers) return workers.error();
  config.workers = *workers;
  Result<int> http_threads =
      parse_int_env(env, "ISSUELINT_HTTP_THREADS", config.http_threads, 1, 1024);
  if (!http_threads) return http_threads.error();
  config.http_threads = *http_threads;
  Result<int> attempts = parse_int_env(env, "ISSUELINT_MAX_ATTEMPTS", config.max_attempts, 1, 100);
  if (!attempts) return attempts.error();
  config.max_attempts = *attempts;
  Result<int> retry_base = parse_int_env(env, "ISSUELINT_RETRY_BASE_MS",
                                         static_cast<int>(config.retry_base_ms), 1, 3600000);
  if (!retry_base) return retry_base.error();
  config.retry_base_ms = *retry_base;
  return config;
}

}  // namespace issuelint
