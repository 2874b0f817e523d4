// The real `issuelint serve` program in its own process, configured only through its flags and
// environment, with ISSUELINT_GITHUB_API_URL pointing at the fake GitHub on 127.0.0.1: a signed
// delivery in, the triage written to the fake, /metrics fed by the client, SIGTERM exits 0;
// --dry-run writes nothing and logs what it would have written; a bad --config stops the start.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "bot/github/apply_verdict.h"
#include "tests/fake_github/fake_github.h"
#include "tests/fake_github/test_key_pair.h"
#include "tests/server/server_test_support.h"

using namespace issuelint;
using nlohmann::json;

namespace {

// acme/app with the db-migration template and issue #7 written from it, with a contradiction.
// The managed labels exist already: the real binary spaces its writes a second apart, as GitHub
// asks, so the fewer writes the faster the test.
void seed(testing::FakeGitHub& fake) {
  fake.add_repo("acme", "app");
  fake.put_file("acme", "app", ".github/ISSUE_TEMPLATE/db-migration.md",
                test::source_file("fixtures/templates/db-migration.md"));
  for (const char* name :
       {"needs-info", "migration:new-table", "migration:relationships", "migration:data"}) {
    testing::FakeLabel label;
    label.name = name;
    label.color = "d93f0b";
    fake.add_label("acme", "app", label);
  }
  testing::FakeIssue issue;
  issue.number = 7;
  issue.title = "[DB] Add audit_log table for booking changes";
  issue.body = test::source_file("fixtures/issues/data-migration-contradiction.md");
  fake.add_issue("acme", "app", issue);
}

std::string opened_payload(const testing::FakeGitHub& fake) {
  json payload =
      json::parse(test::read_file(std::string(ISSUELINT_PAYLOAD_DIR) + "/issues.opened.json"));
  const testing::FakeIssue issue = *fake.issue("acme", "app", 7);
  payload["repository"]["owner"]["login"] = "acme";
  payload["repository"]["name"] = "app";
  payload["repository"]["full_name"] = "acme/app";
  payload["issue"]["number"] = 7;
  payload["issue"]["title"] = issue.title;
  payload["issue"]["body"] = *issue.body;
  return payload.dump();
}

std::vector<std::string> serve_env(const testing::FakeGitHub& fake) {
  return {"ISSUELINT_WEBHOOK_SECRET=" + test::kSecret, "ISSUELINT_GITHUB_TOKEN=test-token",
          "ISSUELINT_GITHUB_API_URL=" + fake.base_url(), "ISSUELINT_BOT_LOGIN=issuelint[bot]"};
}

std::vector<std::string> serve_args(const test::TempDir& dir) {
  return {
      "serve", "--port", "0", "--bind", "127.0.0.1", "--data-dir", (dir.path() / "data").string()};
}

// `issuelint serve` against `fake`, its log in DIR/serve.log, started and listening.
test::ServeProcess start_serve(const test::TempDir& dir, const testing::FakeGitHub& fake,
                               const std::vector<std::string>& extra_args = {}) {
  const std::string log = (dir.path() / "serve.log").string();
  std::vector<std::string> args = serve_args(dir);
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  test::ServeProcess serve = test::spawn_serve(ISSUELINT_BINARY, args, serve_env(fake), log);
  INFO(test::read_file(log + ".err"));
  REQUIRE(serve.port > 0);
  return serve;
}

std::size_t report_comments(const testing::FakeGitHub& fake) {
  const auto comments = fake.issue("acme", "app", 7)->comments;
  return static_cast<std::size_t>(std::count_if(
      comments.begin(), comments.end(),
      [](const testing::FakeComment& comment) { return github::is_report_comment(comment.body); }));
}

// Serve as a GitHub App whose private key is the file `key`.
std::vector<std::string> app_env(const testing::FakeGitHub& fake, const std::string& key) {
  return {"ISSUELINT_WEBHOOK_SECRET=" + test::kSecret, "ISSUELINT_APP_ID=123456",
          "ISSUELINT_APP_PRIVATE_KEY_FILE=" + key, "ISSUELINT_GITHUB_API_URL=" + fake.base_url()};
}

// Starts serve expecting it to refuse: it must exit 2 without listening. Returns what it wrote
// on stdout (the JSON log) and stderr.
struct Refusal {
  std::string log;
  std::string err;
};
Refusal expect_refused_start(const test::TempDir& dir, const std::vector<std::string>& args,
                             const std::vector<std::string>& env) {
  const std::string log = (dir.path() / "serve.log").string();
  test::ServeProcess serve =
      test::spawn_serve(ISSUELINT_BINARY, args, env, log, std::chrono::seconds(20));
  REQUIRE(serve.pid > 0);
  if (!serve.exited) {
    ::kill(serve.pid, SIGTERM);
    test::wait_for_exit(serve.pid, std::chrono::seconds(10));
  }
  REQUIRE(serve.exited);
  CHECK(serve.port == 0);
  CHECK(WIFEXITED(serve.wait_status));
  CHECK(WEXITSTATUS(serve.wait_status) == 2);
  return {test::read_file(log), test::read_file(log + ".err")};
}

}  // namespace

TEST_CASE("issuelint serve as a process: webhook in, triage out to GitHub, SIGTERM exits 0",
          "[server][process][e2e]") {
  testing::FakeGitHub fake;
  REQUIRE(fake.start());
  seed(fake);
  test::TempDir dir;
  const std::string log = (dir.path() / "serve.log").string();
  test::ServeProcess serve = start_serve(dir, fake);

  REQUIRE(test::post_signed(serve.port, "issues", "p-1", opened_payload(fake)) == 202);
  // The job is done once the worker has applied the whole verdict (the comment may be
  // visible a moment before the job is marked done).
  httplib::Client client("127.0.0.1", serve.port);
  std::string metrics;
  CHECK(test::eventually(
      [&] {
        auto answer = client.Get("/metrics");
        metrics = answer ? answer->body : std::string();
        return metrics.find("issuelint_jobs_total{outcome=\"done\"} 1") != std::string::npos;
      },
      std::chrono::seconds(30)));
  CHECK(report_comments(fake) == 1);
  const testing::FakeIssue issue = *fake.issue("acme", "app", 7);
  CHECK(std::find(issue.labels.begin(), issue.labels.end(), "needs-info") != issue.labels.end());
  CHECK(std::find(issue.labels.begin(), issue.labels.end(), "migration:data") !=
        issue.labels.end());
  CHECK_THAT(metrics, Catch::Contains("issuelint_github_requests_total{status=\"200\"}"));
  CHECK_THAT(metrics, Catch::Contains("issuelint_github_requests_total{status=\"201\"} 1"));
  CHECK_THAT(metrics, Catch::Contains("issuelint_jobs_total{outcome=\"done\"} 1"));
  CHECK_THAT(metrics, !Catch::Contains("issuelint_github_rate_limit_remaining -1"));

  REQUIRE(::kill(serve.pid, SIGTERM) == 0);
  const int status = test::wait_for_exit(serve.pid, std::chrono::seconds(30));
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  const std::string lines = test::read_file(log);
  CHECK(lines.find("test-token") == std::string::npos);  // tokens never logged
  CHECK(lines.find(test::kSecret) == std::string::npos);
}

TEST_CASE("SIGTERM during a GitHub rate-limit wait: exits at once, the job stays queued",
          "[server][process][e2e]") {
  testing::FakeGitHub fake;
  REQUIRE(fake.start());
  seed(fake);
  // GitHub asks for ten minutes of patience on the issue itself.
  fake.inject(
      {testing::FaultKind::too_many_requests, 100, "GET", "/repos/acme/app/issues/7", 0, 600});
  test::TempDir dir;
  const std::string log = (dir.path() / "serve.log").string();
  test::ServeProcess serve = start_serve(dir, fake);
  REQUIRE(test::post_signed(serve.port, "issues", "p-1", opened_payload(fake)) == 202);
  REQUIRE(test::eventually(
      [&] { return test::read_file(log).find("waiting 600000 ms") != std::string::npos; },
      std::chrono::seconds(30)));

  const auto signalled = std::chrono::steady_clock::now();
  REQUIRE(::kill(serve.pid, SIGTERM) == 0);
  const int status = test::wait_for_exit(serve.pid, std::chrono::seconds(30));
  const auto took = std::chrono::steady_clock::now() - signalled;
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  CHECK(took < std::chrono::seconds(3));
  const std::string lines = test::read_file(log);
  CHECK_THAT(lines, Catch::Contains("the wait was cut short: shutting down"));
  CHECK_THAT(lines, Catch::Contains(R"("msg":"stopped","pending_jobs":1)"));

  // Nothing lost: the job waits in the queue for the next start, due when GitHub said.
  SqliteQueueOptions reader;
  auto queue = SqliteJobQueue::open((dir.path() / "data").string(), reader);
  REQUIRE(queue);
  auto pending = (*queue)->list("pending");
  REQUIRE(pending);
  REQUIRE(pending->size() == 1);
  CHECK(pending->front().job.delivery_id == "p-1");
  CHECK(pending->front().not_before_ms >= system_clock_ms()() + 590'000);
  CHECK(report_comments(fake) == 0);
}

TEST_CASE("issuelint serve --dry-run --config: decides, logs the writes, makes none",
          "[server][process][e2e]") {
  testing::FakeGitHub fake;
  REQUIRE(fake.start());
  seed(fake);
  test::TempDir dir;
  const std::string config =
      test::write_file(dir, "issuelint.yml", "labels:\n  needs-info: \"status: needs info\"\n");
  const std::string log = (dir.path() / "serve.log").string();
  test::ServeProcess serve = start_serve(dir, fake, {"--dry-run", "--config", config});

  REQUIRE(test::post_signed(serve.port, "issues", "p-1", opened_payload(fake)) == 202);
  const bool logged = test::eventually(
      [&] { return test::read_file(log).find("\"msg\":\"job\"") != std::string::npos; },
      std::chrono::seconds(30));
  REQUIRE(::kill(serve.pid, SIGTERM) == 0);
  const int status = test::wait_for_exit(serve.pid, std::chrono::seconds(30));
  CHECK(WIFEXITED(status));
  REQUIRE(logged);
  CHECK(fake.writes().empty());
  CHECK(fake.requests().size() > 0);  // it did read the issue and the templates
  std::string job_line;
  std::istringstream lines(test::read_file(log));
  for (std::string line; std::getline(lines, line);) {
    if (line.find("\"msg\":\"job\"") != std::string::npos) job_line = line;
  }
  const json job = json::parse(job_line);
  CHECK(job.value("outcome", "") == "done");
  // The renamed label from --config, and the comment, as writes it would have made.
  CHECK_THAT(job.value("detail", ""), Catch::Contains("would add labels"));
  CHECK_THAT(job.value("detail", ""), Catch::Contains("status: needs info"));
  CHECK_THAT(job.value("detail", ""), Catch::Contains("would create the triage comment"));
}

TEST_CASE("issuelint serve with a --config that does not parse stops with status 2",
          "[server][process][e2e]") {
  testing::FakeGitHub fake;
  REQUIRE(fake.start());
  test::TempDir dir;
  const std::string config = test::write_file(dir, "issuelint.yml", "unmatched: sometimes\n");
  std::vector<std::string> args = serve_args(dir);
  args.insert(args.end(), {"--config", config});
  const Refusal refused = expect_refused_start(dir, args, serve_env(fake));
  CHECK_THAT(refused.log, Catch::Contains("unmatched"));
  CHECK_THAT(refused.err, Catch::Contains("unmatched"));
}

TEST_CASE("issuelint serve with a GitHub URL or App key that cannot work stops with status 2",
          "[server][process][e2e]") {
  // Accepted, they would dead-letter every delivery while /healthz said ok.
  testing::FakeGitHub fake;
  REQUIRE(fake.start());
  test::TempDir dir;
  SECTION("an API URL without a scheme") {
    std::vector<std::string> env = serve_env(fake);
    for (std::string& item : env) {
      if (item.starts_with("ISSUELINT_GITHUB_API_URL=")) {
        item = "ISSUELINT_GITHUB_API_URL=127.0.0.1:" + std::to_string(fake.port()) + "/api/v3";
      }
    }
    const Refusal refused = expect_refused_start(dir, serve_args(dir), env);
    CHECK_THAT(refused.err, Catch::Contains("ISSUELINT_GITHUB_API_URL"));
    CHECK_THAT(refused.err, Catch::Contains("GitHub URL has no scheme"));
  }
  SECTION("an App private key file that is not a key") {
    const std::string key = test::write_file(dir, "app.pem", "not a key\n");
    const Refusal refused = expect_refused_start(dir, serve_args(dir), app_env(fake, key));
    CHECK_THAT(refused.err, Catch::Contains("app.pem"));
    CHECK_THAT(refused.err, Catch::Contains("not PEM text"));
  }
  SECTION("an App private key file whose PEM body is corrupt") {
    const std::string key = test::write_file(
        dir, "app.pem",
        "-----BEGIN RSA PRIVATE KEY-----\nnot base64 at all\n-----END RSA PRIVATE KEY-----\n");
    const Refusal refused = expect_refused_start(dir, serve_args(dir), app_env(fake, key));
    CHECK_THAT(refused.err, Catch::Contains("cannot read the GitHub App private key"));
    CHECK(refused.err.find("not base64 at all") == std::string::npos);  // the key is not echoed
  }
  CHECK(fake.requests().empty());
}

TEST_CASE("issuelint serve with App credentials GitHub refuses stops with status 2",
          "[server][process][e2e]") {
  // A key of another App reads as a key: only GitHub can tell. Asked once (GET /app) at start.
  testing::FakeGitHub fake;
  REQUIRE(fake.start());
  fake.configure_app("123456", testing::test_key_pair().public_pem, 42);
  test::TempDir dir;
  SECTION("a key of another App") {
    const std::string key =
        test::write_file(dir, "app.pem", testing::make_test_key_pair().private_pkcs1);
    const Refusal refused = expect_refused_start(dir, serve_args(dir), app_env(fake, key));
    CHECK_THAT(refused.err, Catch::Contains("GitHub does not accept these GitHub App credentials"));
    CHECK_THAT(refused.err, Catch::Contains("GET /app: 401"));
    CHECK_THAT(refused.log, Catch::Contains("cannot set up the triager"));
    CHECK(refused.err.find("BEGIN") == std::string::npos);
    REQUIRE_FALSE(fake.requests().empty());
    CHECK(fake.requests().front().path == "/app");
  }
  SECTION("the App's own key: it starts, naming the App") {
    const std::string key =
        test::write_file(dir, "app.pem", testing::test_key_pair().private_pkcs1);
    const std::string log = (dir.path() / "serve.log").string();
    test::ServeProcess serve =
        test::spawn_serve(ISSUELINT_BINARY, serve_args(dir), app_env(fake, key), log);
    CHECK(serve.port > 0);
    if (serve.pid > 0 && !serve.exited) {
      ::kill(serve.pid, SIGTERM);
      test::wait_for_exit(serve.pid, std::chrono::seconds(30));
    }
    CHECK_THAT(test::read_file(log), Catch::Contains("\"slug\":\"issuelint\""));
  }
}

TEST_CASE("issuelint serve with both a token and App settings says the App's are not used",
          "[server][process][e2e]") {
  testing::FakeGitHub fake;
  REQUIRE(fake.start());
  test::TempDir dir;
  const std::string key = test::write_file(dir, "app.pem", testing::test_key_pair().private_pkcs1);
  std::vector<std::string> env = serve_env(fake);
  env.push_back("ISSUELINT_APP_ID=123456");
  env.push_back("ISSUELINT_APP_PRIVATE_KEY_FILE=" + key);
  const std::string log = (dir.path() / "serve.log").string();
  test::ServeProcess serve = test::spawn_serve(ISSUELINT_BINARY, serve_args(dir), env, log);
  CHECK(serve.port > 0);
  if (serve.pid > 0 && !serve.exited) {
    ::kill(serve.pid, SIGTERM);
    test::wait_for_exit(serve.pid, std::chrono::seconds(30));
  }
  CHECK_THAT(test::read_file(log), Catch::Contains("are not used"));
  CHECK(fake.requests().empty());  // the token is used: no App is asked about
}
