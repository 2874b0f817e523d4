#include "bot/server/serve_config.h"

#include <catch2/catch.hpp>
#include <map>

using namespace issuelint;

namespace {

EnvironmentLookup env_of(std::map<std::string, std::string> values) {
  return [values = std::move(values)](const std::string& name) -> std::optional<std::string> {
    auto it = values.find(name);
    if (it == values.end()) return std::nullopt;
    return it->second;
  };
}

}  // namespace

TEST_CASE("serve configuration: environment, flags override, secrets split for rotation",
          "[server][config]") {
  ServeFlags flags;
  flags.port = 9000;
  flags.data_dir = "/tmp/q";
  flags.dry_run = true;
  auto config =
      resolve_serve_config(flags, env_of({{"ISSUELINT_WEBHOOK_SECRET", " new , old ,"},
                                          {"ISSUELINT_GITHUB_TOKEN", "tok"},
                                          {"ISSUELINT_DATA_DIR", "/elsewhere"},
                                          {"ISSUELINT_PORT", "1234"},
                                          {"ISSUELINT_GITHUB_API_URL", "http://127.0.0.1:9"}}));
  REQUIRE(config);
  CHECK(config->port == 9000);
  CHECK(config->data_dir == "/tmp/q");
  CHECK(config->dry_run);
  CHECK(config->webhook_secrets == std::vector<std::string>{"new", "old"});
  CHECK(config->github_api_url == "http://127.0.0.1:9");
  auto from_env = resolve_serve_config({}, env_of({{"ISSUELINT_WEBHOOK_SECRET", "s"},
                                                   {"ISSUELINT_GITHUB_TOKEN", "tok"},
                                                   {"ISSUELINT_DATA_DIR", "/elsewhere"}}));
  REQUIRE(from_env);
  CHECK(from_env->data_dir == "/elsewhere");
  CHECK(from_env->github_api_url == "https://api.github.com");
  CHECK(resolve_serve_config(
            {}, env_of({{"ISSUELINT_WEBHOOK_SECRET", "s"}, {"ISSUELINT_GITHUB_TOKEN", "t"}}))
            ->data_dir == "./data");
  CHECK(from_env->max_attempts == 12);
  // A flag overrides a bad environment value without reading it; alone, the value is an error.
  const auto bad_port = env_of({{"ISSUELINT_WEBHOOK_SECRET", "s"},
                                {"ISSUELINT_GITHUB_TOKEN", "t"},
                                {"ISSUELINT_PORT", "not-a-port"}});
  auto overridden = resolve_serve_config(flags, bad_port);
  REQUIRE(overridden);
  CHECK(overridden->port == 9000);
  CHECK_FALSE(resolve_serve_config({}, bad_port));
}

TEST_CASE("ISSUELINT_BIND is read as the other settings: blanks dropped, empty is the default",
          "[server][config]") {
  const auto bind_from = [](const std::string& value) {
    auto config = resolve_serve_config({}, env_of({{"ISSUELINT_WEBHOOK_SECRET", "s"},
                                                   {"ISSUELINT_GITHUB_TOKEN", "t"},
                                                   {"ISSUELINT_BIND", value}}));
    REQUIRE(config);
    return config->bind;
  };
  CHECK(bind_from(" 127.0.0.1\n") == "127.0.0.1");
  CHECK(bind_from("") == "0.0.0.0");
  CHECK(bind_from("  ") == "0.0.0.0");
  ServeFlags flags;
  flags.bind = "::1";
  CHECK(resolve_serve_config(flags, env_of({{"ISSUELINT_WEBHOOK_SECRET", "s"},
                                            {"ISSUELINT_GITHUB_TOKEN", "t"},
                                            {"ISSUELINT_BIND", "127.0.0.1"}}))
            ->bind == "::1");
}

TEST_CASE("missing secret or credentials are clear start-up errors", "[server][config]") {
  auto no_secret = resolve_serve_config({}, env_of({{"ISSUELINT_GITHUB_TOKEN", "tok"}}));
  REQUIRE_FALSE(no_secret);
  CHECK(no_secret.error().describe().find("ISSUELINT_WEBHOOK_SECRET") != std::string::npos);
  auto blank_secret = resolve_serve_config(
      {}, env_of({{"ISSUELINT_WEBHOOK_SECRET", " , "}, {"ISSUELINT_GITHUB_TOKEN", "t"}}));
  CHECK_FALSE(blank_secret);
  auto no_credentials = resolve_serve_config({}, env_of({{"ISSUELINT_WEBHOOK_SECRET", "s"}}));
  REQUIRE_FALSE(no_credentials);
  CHECK(no_credentials.error().describe().find("ISSUELINT_GITHUB_TOKEN") != std::string::npos);
  auto half_app = resolve_serve_config(
      {}, env_of({{"ISSUELINT_WEBHOOK_SECRET", "s"}, {"ISSUELINT_APP_ID", "1"}}));
  REQUIRE_FALSE(half_app);
  CHECK(half_app.error().describe().find("ISSUELINT_APP_PRIVATE_KEY_FILE") != std::string::npos);
  auto app = resolve_serve_config({}, env_of({{"ISSUELINT_WEBHOOK_SECRET", "s"},
                                              {"ISSUELINT_APP_ID", "1"},
                                              {"ISSUELINT_APP_PRIVATE_KEY_FILE", "/k.pem"}}));
  CHECK(app);
  auto bad_workers = resolve_serve_config({}, env_of({{"ISSUELINT_WEBHOOK_SECRET", "s"},
                                                      {"ISSUELINT_GITHUB_TOKEN", "t"},
                                                      {"ISSUELINT_WORKERS", "many"}}));
  CHECK_FALSE(bad_workers);
}

TEST_CASE("ISSUELINT_HTTP_THREADS sizes the HTTP pool, out of range is a start-up error",
          "[server][config]") {
  const std::map<std::string, std::string> base = {{"ISSUELINT_WEBHOOK_SECRET", "s"},
                                                   {"ISSUELINT_GITHUB_TOKEN", "t"}};
  auto defaults = resolve_serve_config({}, env_of(base));
  REQUIRE(defaults);
  CHECK(defaults->http_threads == 64);
  auto with = [&](const std::string& value) {
    auto env = base;
    env["ISSUELINT_HTTP_THREADS"] = value;
    return resolve_serve_config({}, env_of(env));
  };
  auto sized = with("96");
  REQUIRE(sized);
  CHECK(sized->http_threads == 96);
  CHECK_FALSE(with("0"));
  CHECK_FALSE(with("lots"));
}
