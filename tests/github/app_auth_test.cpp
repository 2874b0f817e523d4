// GitHub App authentication end to end: a key pair made here, a JWT the fake verifies with the
// public key, the installation token cached, then refreshed once the clock passes its expiry.
#include "bot/github/app_auth.h"

#include <openssl/pem.h>

#include <catch2/catch.hpp>

#include "bot/repository_triage.h"
#include "tests/fake_github/test_key_pair.h"
#include "tests/github/test_support.h"

using namespace issuelint;
using namespace issuelint::testing;

namespace {

const TestKeyPair& test_keys() { return test_key_pair(); }

// The fake with issue #1 in octo/hello and the App "Iv23liExample" installed as 4242.
void add_issue_and_app(FakeSetup& setup) {
  FakeIssue issue;
  issue.number = 1;
  setup.fake->add_issue("octo", "hello", issue);
  setup.fake->configure_app("Iv23liExample", test_keys().public_pem, 4242);
}

// A client of the fake as installation 4242 of the App, with its token source to count exchanges.
struct AppClient {
  std::shared_ptr<github::AppInstallationTokenSource> tokens;
  std::unique_ptr<github::HttpGitHubClient> client;
};

AppClient app_client(FakeSetup& setup) {
  auto source = github::AppInstallationTokenSource::create(
      {"Iv23liExample", test_keys().private_pkcs1, 4242}, fast_options(*setup.fake), setup.clock);
  REQUIRE(source.ok());
  std::shared_ptr<github::AppInstallationTokenSource> tokens = std::move(source.value());
  auto client = github::HttpGitHubClient::create(fast_options(*setup.fake), tokens, setup.clock);
  REQUIRE(client.ok());
  return AppClient{std::move(tokens), std::move(client.value())};
}

}  // namespace

TEST_CASE("app auth: keys are read in PKCS#1 and PKCS#8, bad keys say why") {
  const TestKeyPair& keys = test_keys();
  CHECK_THAT(keys.private_pkcs1, Catch::StartsWith("-----BEGIN RSA PRIVATE KEY-----"));
  CHECK(github::load_private_key(keys.private_pkcs1).ok());
  CHECK(github::load_private_key(keys.private_pkcs8).ok());
  auto not_pem = github::load_private_key("hello");
  REQUIRE_FALSE(not_pem.ok());
  CHECK_THAT(not_pem.error().message, Catch::Contains("not PEM"));
  auto broken = github::load_private_key(
      "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
  REQUIRE_FALSE(broken.ok());
  CHECK_THAT(broken.error().message, Catch::Contains("cannot read the GitHub App private key"));
  CHECK(broken.error().message.find("AAAA") == std::string::npos);
}

TEST_CASE("app auth: the JWT has RS256, iat 60 s back, exp within 10 minutes, no padding") {
  auto key = github::load_private_key(test_keys().private_pkcs1);
  REQUIRE(key.ok());
  auto now = std::chrono::system_clock::time_point(std::chrono::seconds(1'790'000'000));
  auto jwt = github::make_app_jwt("Iv23liExample", key.value().get(), now);
  REQUIRE(jwt.ok());
  CHECK(jwt->find('=') == std::string::npos);
  CHECK(jwt->find('+') == std::string::npos);
  CHECK(jwt->find('/') == std::string::npos);
  std::string claims_part = jwt->substr(jwt->find('.') + 1);
  claims_part = claims_part.substr(0, claims_part.find('.'));
  std::string padded = claims_part;
  for (char& c : padded) {
    if (c == '-') c = '+';
    if (c == '_') c = '/';
  }
  while (padded.size() % 4) padded += '=';
  auto claims = nlohmann::json::parse(*github::decode_base64(padded));
  CHECK(claims["iat"] == 1'790'000'000 - 60);
  CHECK(claims["exp"] == 1'790'000'000 + 540);
  CHECK(claims["iss"] == "Iv23liExample");
  CHECK(github::base64url("\xfb\xff") == "-_8");
}

TEST_CASE("app auth: installation token minted through a verified JWT, cached, refreshed") {
  FakeSetup setup;
  add_issue_and_app(setup);
  auto [tokens, client] = app_client(setup);

  REQUIRE(client->get_issue(setup.issue(1)).ok());
  REQUIRE(client->add_labels(setup.issue(1), {"x"}).ok());
  CHECK(tokens->exchanges() == 1);
  CHECK(setup.fake->installation_tokens_issued() == 1);
  auto log = setup.fake->requests();
  REQUIRE(log.size() == 3);
  CHECK(log[0].path == "/app/installations/4242/access_tokens");
  CHECK(log[0].status == 201);
  CHECK_THAT(log[1].headers.at("authorization"), Catch::StartsWith("Bearer ghs_"));

  // 56 minutes later the token is within the 5-minute refresh margin: a new one is minted.
  setup.clock->advance(std::chrono::minutes(56));
  REQUIRE(client->get_issue(setup.issue(1)).ok());
  CHECK(tokens->exchanges() == 2);
  // An hour and more later the old token is refused by the fake; the fresh one works.
  setup.clock->advance(std::chrono::minutes(30));
  REQUIRE(client->get_issue(setup.issue(1)).ok());
  CHECK(tokens->exchanges() == 2);
}

// GitHub answers 401 to a token minted a moment ago until its replicas know it; minting another
// (as for an expired token) only meets the same wait, and a job failed on it is dead-lettered.
TEST_CASE("app auth: a token GitHub does not know yet is asked with again, not re-minted") {
  FakeGitHubOptions options;
  options.installation_token_replication_delay = std::chrono::seconds(2);
  FakeSetup setup(options);
  add_issue_and_app(setup);
  AppClient app = app_client(setup);

  auto got = app.client->get_issue(setup.issue(1));
  INFO(got.error.message);
  CHECK(got.ok());
  CHECK(app.tokens->exchanges() == 1);
  CHECK(setup.clock->total_slept() >= std::chrono::seconds(2));
  CHECK(setup.clock->total_slept() <= std::chrono::seconds(6));
}

TEST_CASE("app auth: a token minted with less life than the margin is not minted at every call") {
  FakeSetup setup;
  FakeIssue issue;
  issue.number = 1;
  setup.fake->add_issue("octo", "hello", issue);
  setup.fake->configure_app("Iv23liExample", test_keys().public_pem, 4242);
  // The fake's tokens live an hour; a 70-minute margin leaves every fresh one inside it.
  auto source = github::AppInstallationTokenSource::create(
      {"Iv23liExample", test_keys().private_pkcs1, 4242}, fast_options(*setup.fake), setup.clock,
      std::chrono::minutes(70));
  REQUIRE(source.ok());
  std::shared_ptr<github::AppInstallationTokenSource> tokens = std::move(source.value());
  auto client = github::HttpGitHubClient::create(fast_options(*setup.fake), tokens, setup.clock);
  REQUIRE(client.ok());
  for (int call = 0; call < 3; ++call) REQUIRE(client.value()->get_issue(setup.issue(1)).ok());
  CHECK(tokens->exchanges() == 1);
  setup.clock->advance(std::chrono::minutes(31));  // past half its life: minted again
  REQUIRE(client.value()->get_issue(setup.issue(1)).ok());
  CHECK(tokens->exchanges() == 2);
}

TEST_CASE("app auth: a JWT from the wrong key or issuer is refused with a clear error") {
  FakeSetup setup;
  FakeIssue issue;
  issue.number = 1;
  setup.fake->add_issue("octo", "hello", issue);
  setup.fake->configure_app("Iv23liExample", test_keys().public_pem, 4242);

  const TestKeyPair other = make_test_key_pair();
  for (auto [issuer, pem] :
       {std::pair<std::string, std::string>{"Iv23liExample", other.private_pkcs8},
        std::pair<std::string, std::string>{"someone-else", test_keys().private_pkcs8}}) {
    auto tokens = github::AppInstallationTokenSource::create(
        {issuer, pem, 4242}, fast_options(*setup.fake), setup.clock);
    REQUIRE(tokens.ok());
    auto token = tokens.value()->token();
    REQUIRE_FALSE(token.ok());
    CHECK_THAT(token.error.message, Catch::Contains("installation token"));
    CHECK_THAT(token.error.message, Catch::Contains("401"));
  }
  auto missing = github::make_token_source({}, 1, fast_options(*setup.fake), setup.clock);
  REQUIRE_FALSE(missing.ok());
  CHECK_THAT(missing.error().message, Catch::Contains("ISSUELINT_GITHUB_TOKEN"));
  auto plain =
      github::make_token_source({"pat", "", ""}, 0, fast_options(*setup.fake), setup.clock);
  REQUIRE(plain.ok());
  CHECK(plain.value()->token().value == "pat");
}

// An App uninstalled (404), or a wrong key or App ID (401): GitHub answers the same at every try,
// so the request fails at once with GitHub's status, not as a transport error retried 12 times.
TEST_CASE("app auth: a token exchange GitHub refuses fails at once, with GitHub's status") {
  FakeSetup setup;
  add_issue_and_app(setup);
  IssueJob job;
  job.owner = "octo";
  job.repo = "hello";
  job.issue_number = 1;
  const auto client_for = [&](const std::string& pem, std::int64_t installation) {
    auto tokens = github::AppInstallationTokenSource::create(
        {"Iv23liExample", pem, installation}, fast_options(*setup.fake), setup.clock);
    REQUIRE(tokens.ok());
    auto client = github::HttpGitHubClient::create(
        fast_options(*setup.fake), std::shared_ptr<github::TokenSource>(std::move(*tokens)),
        setup.clock);
    REQUIRE(client.ok());
    return std::move(*client);
  };

  // What the request got: GitHub's status, not retryable, and said to be the token's.
  const auto refused = [&](github::HttpGitHubClient& client, int status) {
    auto got = client.get_issue(setup.issue(1));
    REQUIRE_FALSE(got.ok());
    CHECK(got.error.status == status);
    CHECK_FALSE(got.error.retryable);
    CHECK(got.error.token_exchange);
    return got.error.message;
  };

  SECTION("uninstalled: 404, and the job is skipped") {
    auto client = client_for(test_keys().private_pkcs1, 11);
    CHECK_THAT(refused(*client, 404), Catch::Contains("installation 11"));
    CHECK(setup.fake->requests().size() == 1);
    const TriageOutcome outcome = triage_issue_on_github(*client, job, {});
    CHECK(outcome.status == TriageOutcome::Status::done);
    CHECK_THAT(outcome.detail, Catch::StartsWith("skipped: the App is not installed there"));
  }
  SECTION("a key GitHub does not know: 401, and the job fails at once") {
    auto client = client_for(make_test_key_pair().private_pkcs8, 4242);
    CHECK_THAT(refused(*client, 401), Catch::Contains("A JSON web token could not be decoded"));
    CHECK(setup.fake->requests().size() == 2);  // one fresh JWT, asked once more
    const TriageOutcome outcome = triage_issue_on_github(*client, job, {});
    CHECK(outcome.status == TriageOutcome::Status::failed);
    CHECK_THAT(outcome.detail, Catch::Contains("401"));
  }
  CHECK(setup.clock->sleeps().empty());
}

TEST_CASE("app auth: an encrypted key is refused with a clear error, never a pass phrase prompt") {
  auto plain = github::load_private_key(test_keys().private_pkcs8);
  REQUIRE(plain.ok());
  const std::string pass = "secret";
  const auto encrypted_with = [&](bool pkcs8) {
    return detail::pem_text([&](BIO* bio) {
      auto* phrase = reinterpret_cast<const unsigned char*>(pass.data());
      const int length = static_cast<int>(pass.size());
      return pkcs8
                 ? PEM_write_bio_PKCS8PrivateKey(bio, plain.value().get(), EVP_aes_256_cbc(),
                                                 pass.data(), length, nullptr, nullptr)
                 : PEM_write_bio_PrivateKey_traditional(bio, plain.value().get(), EVP_aes_256_cbc(),
                                                        phrase, length, nullptr, nullptr);
    });
  };
  for (const bool pkcs8 : {true, false}) {
    INFO((pkcs8 ? "PKCS#8" : "PKCS#1"));
    const std::string pem = encrypted_with(pkcs8);
    REQUIRE(pem.find("ENCRYPTED") != std::string::npos);
    auto key = github::load_private_key(pem);
    REQUIRE_FALSE(key.ok());
    CHECK_THAT(key.error().message, Catch::Contains("encrypted with a pass phrase"));
  }
}

// serve asks GitHub once at start: credentials GitHub refuses would dead-letter every job.
TEST_CASE("app auth: the credentials are checked with GET /app, refused ones are an error") {
  FakeSetup setup;
  add_issue_and_app(setup);
  const auto check = [&](const std::string& issuer, const std::string& pem) {
    return github::check_app_credentials(issuer, pem, fast_options(*setup.fake), setup.clock);
  };

  SECTION("the App's own key and ID: its slug") {
    auto checked = check("Iv23liExample", test_keys().private_pkcs1);
    REQUIRE(checked.ok());
    CHECK(checked->slug == "issuelint");
    CHECK(checked->warning.empty());
    REQUIRE(setup.fake->requests().size() == 1);
    CHECK(setup.fake->requests()[0].path == "/app");
  }
  SECTION("a key of another App, or another App's ID: 401, named with what to check") {
    for (auto [issuer, pem] :
         {std::pair<std::string, std::string>{"Iv23liExample", make_test_key_pair().private_pkcs1},
          std::pair<std::string, std::string>{"someone-else", test_keys().private_pkcs1}}) {
      auto checked = check(issuer, pem);
      REQUIRE_FALSE(checked.ok());
      CHECK_THAT(checked.error().message, Catch::Contains("GET /app: 401"));
      CHECK_THAT(checked.error().message, Catch::Contains("ISSUELINT_APP_ID"));
      CHECK_THAT(checked.error().message, Catch::Contains("ISSUELINT_APP_PRIVATE_KEY_FILE"));
      CHECK(checked.error().message.find("BEGIN") == std::string::npos);  // no key text
    }
  }
  SECTION("no such App: 404") {
    FakeSetup bare;
    auto checked = github::check_app_credentials("Iv23liExample", test_keys().private_pkcs1,
                                                 fast_options(*bare.fake), bare.clock);
    REQUIRE_FALSE(checked.ok());
    CHECK_THAT(checked.error().message, Catch::Contains("GET /app: 404 Integration not found"));
  }
  // One try, GET /app answered with `fault`.
  const auto check_once_after = [&](FaultKind fault) {
    setup.fake->inject(Fault{fault, 10, "GET", "/app"});
    github::HttpClientOptions once = fast_options(*setup.fake);
    once.max_attempts = 1;
    return github::check_app_credentials("Iv23liExample", test_keys().private_pkcs1, once,
                                         setup.clock);
  };
  SECTION("a server without GET /app (a plain 404, not GitHub's no such App): a warning") {
    auto checked = check_once_after(FaultKind::not_found);
    REQUIRE(checked.ok());
    CHECK(checked->slug.empty());
    CHECK_THAT(checked->warning, Catch::Contains("could not be checked"));
  }
  SECTION("GitHub does not answer: no error, a warning") {
    github::HttpClientOptions unreachable = fast_options(*setup.fake);
    unreachable.base_url = "http://127.0.0.1:1";
    unreachable.max_attempts = 1;
    auto checked = github::check_app_credentials("Iv23liExample", test_keys().private_pkcs1,
                                                 unreachable, setup.clock);
    REQUIRE(checked.ok());
    CHECK(checked->slug.empty());
    CHECK_THAT(checked->warning, Catch::Contains("could not be checked"));
  }
  SECTION("a GitHub 5xx: a warning too") {
    auto checked = check_once_after(FaultKind::server_error);
    REQUIRE(checked.ok());
    CHECK_THAT(checked->warning, Catch::Contains("500"));
  }
}

// GitHub checks iat and exp by its own clock; 60 s back covers only a small drift of ours. Its
// Date header on the 401 says how far off ours is, and every later JWT is signed by GitHub's time.
TEST_CASE("app auth: a clock minutes off GitHub's is set right by GitHub's Date, at one 401") {
  for (const int github_ahead : {-120, 600}) {
    INFO("GitHub's clock " << github_ahead << " s ahead of ours");
    FakeGitHubOptions options;
    options.clock_skew_seconds = github_ahead;
    FakeSetup setup(options);
    add_issue_and_app(setup);
    std::vector<std::string> logged;
    github::HttpClientOptions http = fast_options(*setup.fake);
    http.log = [&logged](std::string_view line) { logged.emplace_back(line); };
    const auto refusals = [&] {
      const auto requests = setup.fake->requests();
      return std::count_if(requests.begin(), requests.end(),
                           [](const LoggedRequest& request) { return request.status == 401; });
    };

    SECTION("the token exchange") {
      auto source = github::AppInstallationTokenSource::create(
          {"Iv23liExample", test_keys().private_pkcs1, 4242}, http, setup.clock);
      REQUIRE(source.ok());
      std::shared_ptr<github::AppInstallationTokenSource> tokens = std::move(source.value());
      auto client =
          github::HttpGitHubClient::create(fast_options(*setup.fake), tokens, setup.clock);
      REQUIRE(client.ok());
      REQUIRE(client.value()->get_issue(setup.issue(1)).ok());
      CHECK(refusals() == 1);
      REQUIRE_FALSE(logged.empty());
      // The Date has whole seconds: a second either way.
      CHECK_THAT(logged.back(),
                 Catch::Matches(github_ahead > 0 ? "GitHub's clock is (599|600|601) s ahead of .*"
                                                 : "GitHub's clock is (119|120|121) s behind .*"));
      setup.clock->advance(std::chrono::minutes(70));  // a new installation token, a new JWT
      REQUIRE(client.value()->get_issue(setup.issue(1)).ok());
      CHECK(tokens->exchanges() == 2);
      CHECK(refusals() == 1);
    }
    SECTION("the check at start") {
      auto checked = github::check_app_credentials("Iv23liExample", test_keys().private_pkcs1, http,
                                                   setup.clock);
      REQUIRE(checked.ok());
      CHECK(checked->slug == "issuelint");
    }
  }
}

TEST_CASE("app auth: GitHub's Date header is read as HTTP writes it, and nothing else") {
  const auto date = github::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT");
  REQUIRE(date.has_value());
  CHECK(std::chrono::system_clock::to_time_t(*date) == 784111777);
  CHECK_FALSE(github::parse_http_date("").has_value());
  CHECK_FALSE(github::parse_http_date("Sun, 06 Nov 1994 08:49:37").has_value());
  CHECK_FALSE(github::parse_http_date("Sun, 06 Now 1994 08:49:37 GMT").has_value());
  CHECK_FALSE(github::parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT").has_value());
}
