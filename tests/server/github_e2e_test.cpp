// End to end on loopback, webhook in and GitHub calls out: signed deliveries built from GitHub's
// own example payloads (pointed at the fake's repository) go into the real webhook server, its
// SQLite queue and workers, and the production triager (serve's make_github_triager with the real
// HTTP client), which talks to the fake GitHub. Each test asserts on the fake's final state and
// on its request log.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "bot/cli/serve_wiring.h"
#include "bot/github/apply_verdict.h"
#include "tests/fake_github/fake_github.h"
#include "tests/fake_github/test_key_pair.h"
#include "tests/github/test_support.h"
#include "tests/server/server_test_support.h"

using namespace issuelint;
using nlohmann::json;

namespace {

const std::string kOwner = "acme";
const std::string kRepo = "app";
constexpr int kIssue = 7;
const std::string kIssuePath = "/repos/acme/app/issues/7";
constexpr std::int64_t kInstallation = 957387;  // the id in GitHub's installation payloads

std::string fixture_body(const std::string& name) {
  return test::source_file("fixtures/issues/" + name + ".md");
}

std::string fixture_title(const std::string& name) {
  std::string title = test::source_file("fixtures/issues/" + name + ".title");
  while (!title.empty() && (title.back() == '\n' || title.back() == '\r')) title.pop_back();
  return title;
}

struct Sender {
  std::string login = "octocat";
  std::string type = "User";
};

// One of fixtures/payloads (the shared real deliveries), rewritten to be about acme/app#7 and sent
// by `sender`.
json recorded_payload(const std::string& file, const Sender& sender) {
  json payload = json::parse(test::read_file(std::string(ISSUELINT_PAYLOAD_DIR) + "/" + file));
  payload["repository"]["owner"]["login"] = kOwner;
  payload["repository"]["name"] = kRepo;
  payload["repository"]["full_name"] = kOwner + "/" + kRepo;
  payload["issue"]["number"] = kIssue;
  payload["sender"]["login"] = sender.login;
  payload["sender"]["type"] = sender.type;
  payload.erase("installation");
  return payload;
}

bool has_label(const testing::FakeIssue& issue, const std::string& name) {
  return std::find(issue.labels.begin(), issue.labels.end(), name) != issue.labels.end();
}

struct BotOptions {
  std::string config_file;  // serve --config
  bool dry_run = false;
  std::string app_id;  // set: authenticate as a GitHub App with `key_file`
  std::string key_file;
  std::string app_public_key;  // the App the fake knows (serve asks GET /app at start)
  std::int64_t app_installation = 0;
  int max_attempts = 4;
  bool start_workers = true;
};

// The fake GitHub with acme/app and its db-migration template, and the whole bot pointed at it.
class Bot {
 public:
  explicit Bot(const BotOptions& options = {}) {
    REQUIRE(fake.start());
    if (!options.app_public_key.empty()) {
      fake.configure_app(options.app_id, options.app_public_key, options.app_installation);
    }
    fake.add_repo(kOwner, kRepo);
    fake.put_file(kOwner, kRepo, ".github/ISSUE_TEMPLATE/db-migration.md",
                  test::source_file("fixtures/templates/db-migration.md"));
    ServeConfig config;
    config.webhook_secrets = {test::kSecret};
    config.github_api_url = fake.base_url();
    config.bot_logins = {"issuelint[bot]"};
    config.dry_run = options.dry_run;
    config.config_file = options.config_file;
    config.app_id = options.app_id;
    config.app_private_key_file = options.key_file;
    if (options.app_id.empty()) config.github_token = "test-token";
    test::TestServerOptions server_options;
    server_options.max_attempts = options.max_attempts;
    server_options.start_workers = options.start_workers;
    const github::HttpClientOptions http = testing::fast_options(fake);  // no spacing, short waits
    server_options.make_triager = [config, http](Metrics& metrics, JsonLog& log) {
      auto made = cli::make_github_triager(config, metrics, log, http);
      if (!made) throw std::runtime_error(made.error().describe());
      return std::move(*made);
    };
    server = std::make_unique<test::TestServer>(server_options);
  }

  void seed_issue(const std::optional<std::string>& body, const std::string& title) {
    testing::FakeIssue issue;
    issue.number = kIssue;
    issue.title = title;
    issue.body = body;
    issue.labels = {"database", "migration"};  // the template's labels, set by GitHub
    fake.add_issue(kOwner, kRepo, issue);
  }
  void seed_fixture(const std::string& name) {
    seed_issue(fixture_body(name), fixture_title(name));
  }

  // With one template every issue is judged against it; with two, an issue can match neither.
  void add_bug_report_template() {
    fake.put_file(kOwner, kRepo, ".github/ISSUE_TEMPLATE/bug_report.md",
                  test::source_file("fixtures/templates/discuno/bug_report.md"));
  }

  // A person edits the body on GitHub: the fake changes, then the delivery says so.
  void edit_to(const std::string& name) {
    const std::string body = fixture_body(name);
    fake.with_state([&](testing::FakeGitHubState& state) {
      state.repos()[{kOwner, kRepo}].issues[kIssue].body = body;
    });
    json payload = issue_payload("issues.edited.json");
    payload["changes"] = {{"body", {{"from", "the previous body"}}}};
    REQUIRE(post("issues", payload) == 202);
  }

  // An `issues` delivery carrying the fake's current title and body, as GitHub would send it.
  json issue_payload(const std::string& file, const Sender& sender = {}) {
    json payload = recorded_payload(file, sender);
    const testing::FakeIssue now = issue();
    payload["issue"]["title"] = now.title;
    payload["issue"]["body"] = now.body ? json(*now.body) : json(nullptr);
    return payload;
  }

  json comment_payload(const std::string& body, const std::string& association,
                       const Sender& sender = {}) {
    json payload = issue_payload("issue_comment.created.json", sender);
    payload["comment"]["body"] = body;
    payload["comment"]["author_association"] = association;
    payload["comment"]["user"]["login"] = sender.login;
    payload["comment"]["user"]["type"] = sender.type;
    return payload;
  }

  int post(const std::string& event, const json& payload) {
    auto answer = server->post(event, "e2e-" + std::to_string(++deliveries_), payload.dump());
    return answer ? answer->status : 0;
  }

  // Every stored job finished (none pending, running or dead); bounded.
  bool idle(std::chrono::milliseconds limit = std::chrono::seconds(20)) {
    return test::eventually([&] { return server->jobs_in("") == 0; }, limit);
  }

  testing::FakeIssue issue() const { return *fake.issue(kOwner, kRepo, kIssue); }

  std::vector<testing::FakeComment> report_comments() const {
    std::vector<testing::FakeComment> found;
    for (const auto& comment : issue().comments) {
      if (github::is_report_comment(comment.body)) found.push_back(comment);
    }
    return found;
  }

  // Requests in the fake's log with this method and exact path (and status, unless 0).
  int count(const std::string& method, const std::string& path, int status = 0) const {
    int n = 0;
    for (const auto& request : fake.requests()) {
      if (request.method == method && request.path == path &&
          (status == 0 || request.status == status))
        ++n;
    }
    return n;
  }
  // Each triage reads the issue exactly once, so this counts triages.
  int triages() const { return count("GET", kIssuePath); }

  std::string metrics() {
    auto answer = server->get("/metrics");
    return answer ? answer->body : "";
  }

  testing::FakeGitHub fake;  // declared first: outlives the server and its workers
  std::unique_ptr<test::TestServer> server;

 private:
  int deliveries_ = 0;
};

}  // namespace

TEST_CASE("e2e: opened, edited, fixed: one comment kept current, labels follow the issue",
          "[server][e2e]") {
  Bot bot;
  bot.seed_fixture("data-migration-contradiction");
  REQUIRE(bot.post("issues", bot.issue_payload("issues.opened.json")) == 202);
  REQUIRE(bot.idle());

  CHECK(has_label(bot.issue(), "needs-info"));
  CHECK(has_label(bot.issue(), "migration:data"));
  CHECK(has_label(bot.issue(), "database"));  // the template's labels are never touched
  REQUIRE(bot.report_comments().size() == 1);
  const std::int64_t comment_id = bot.report_comments().front().id;
  CHECK(bot.count("POST", kIssuePath + "/comments") == 1);
  const auto labels = bot.fake.repo_labels(kOwner, kRepo);
  const auto needs_info = std::find_if(
      labels.begin(), labels.end(), [](const auto& label) { return label.name == "needs-info"; });
  REQUIRE(needs_info != labels.end());
  CHECK(needs_info->color != "ededed");  // created with its colour before it was added

  bot.fake.clear_requests();
  bot.edit_to("large-table-no-notes");
  REQUIRE(bot.idle());
  CHECK(bot.triages() == 1);
  CHECK(has_label(bot.issue(), "large-table"));
  CHECK_FALSE(has_label(bot.issue(), "migration:data"));
  CHECK(has_label(bot.issue(), "needs-info"));
  REQUIRE(bot.report_comments().size() == 1);
  CHECK(bot.report_comments().front().id == comment_id);
  CHECK(bot.count("PATCH", "/repos/acme/app/issues/comments/" + std::to_string(comment_id)) == 1);
  CHECK(bot.count("POST", kIssuePath + "/comments") == 0);
  CHECK(bot.count("DELETE", kIssuePath + "/labels/migration%3Adata") == 1);
  // The templates were read again through the ETag cache: unchanged files cost a 304.
  CHECK(bot.count("GET", "/repos/acme/app/contents/.github/ISSUE_TEMPLATE", 304) == 1);
  // and, unchanged, were not built into rules again.
  CHECK_THAT(bot.metrics(), Catch::Contains("issuelint_catalogs_total{source=\"built\"} 1"));
  CHECK_THAT(bot.metrics(), Catch::Contains("issuelint_catalogs_total{source=\"kept\"} 1"));

  bot.fake.clear_requests();
  bot.edit_to("complete-audit-log");
  REQUIRE(bot.idle());
  CHECK_FALSE(has_label(bot.issue(), "needs-info"));
  CHECK_FALSE(has_label(bot.issue(), "large-table"));
  REQUIRE(bot.report_comments().size() == 1);
  CHECK(bot.report_comments().front().id == comment_id);
  CHECK_THAT(bot.report_comments().front().body,
             Catch::Contains("everything the template asks for is here"));
  CHECK(bot.count("POST", kIssuePath + "/comments") == 0);
}

TEST_CASE("e2e: a managed label a person removed is not added back", "[server][e2e]") {
  Bot bot;
  bot.seed_fixture("data-migration-contradiction");
  REQUIRE(bot.post("issues", bot.issue_payload("issues.opened.json")) == 202);
  REQUIRE(bot.idle());
  REQUIRE(has_label(bot.issue(), "migration:data"));

  // The maintainer removes it on GitHub; the `unlabeled` delivery itself triggers nothing.
  bot.fake.with_state([](testing::FakeGitHubState& state) {
    std::erase(state.repos()[{kOwner, kRepo}].issues[kIssue].labels, std::string("migration:data"));
  });
  json unlabeled = bot.issue_payload("issues.unlabeled.json", Sender{"maintainer", "User"});
  unlabeled["label"]["name"] = "migration:data";
  bot.fake.clear_requests();
  REQUIRE(bot.post("issues", unlabeled) == 202);
  REQUIRE(bot.idle());
  CHECK(bot.triages() == 0);

  // Later edits are triaged, and the label stays off.
  bot.edit_to("large-table-no-notes");
  REQUIRE(bot.idle());
  REQUIRE(bot.post("issues", bot.issue_payload("issues.reopened.json")) == 202);
  REQUIRE(bot.idle());
  CHECK(bot.triages() == 2);
  CHECK_FALSE(has_label(bot.issue(), "migration:data"));
  CHECK(has_label(bot.issue(), "large-table"));
  CHECK(bot.report_comments().size() == 1);
}

TEST_CASE("e2e: 500s, a 502, a dropped connection and a secondary limit: retried, one comment",
          "[server][e2e]") {
  BotOptions options;
  options.max_attempts = 6;
  Bot bot(options);
  bot.seed_fixture("data-migration-contradiction");
  auto fault = [&](testing::FaultKind kind, const std::string& method, const std::string& path,
                   int times, int retry_after = 0) {
    testing::Fault f;
    f.kind = kind;
    f.method = method;
    f.path_prefix = path;
    f.times = times;
    f.retry_after_seconds = retry_after;
    bot.fake.inject(f);
  };
  // The most specific first: the fake applies the first fault that matches.
  fault(testing::FaultKind::drop_connection, "GET", kIssuePath + "/comments", 1);
  fault(testing::FaultKind::server_error, "GET", kIssuePath, 2);
  fault(testing::FaultKind::bad_gateway, "POST", kIssuePath + "/labels", 1);
  // The first comment POST fails with a 500 (not retried by the client: it may have landed), the
  // job retries; the next is refused by the secondary limit, which says to wait a second.
  fault(testing::FaultKind::server_error, "POST", kIssuePath + "/comments", 1);
  fault(testing::FaultKind::secondary_rate_limit, "POST", kIssuePath + "/comments", 1, 1);

  REQUIRE(bot.post("issues", bot.issue_payload("issues.opened.json")) == 202);
  REQUIRE(bot.idle(std::chrono::seconds(30)));
  CHECK(bot.server->jobs_in("dead") == 0);
  CHECK(has_label(bot.issue(), "needs-info"));
  CHECK(has_label(bot.issue(), "migration:data"));
  CHECK(bot.report_comments().size() == 1);
  CHECK(bot.count("POST", kIssuePath + "/comments", 201) == 1);
  CHECK(bot.count("POST", kIssuePath + "/comments", 500) == 1);
  CHECK(bot.count("POST", kIssuePath + "/comments", 403) == 1);
  CHECK(bot.count("POST", kIssuePath + "/labels", 502) == 1);
  CHECK(bot.count("GET", kIssuePath, 500) == 2);

  // /metrics carries what the client saw.
  const std::string metrics = bot.metrics();
  CHECK_THAT(metrics, Catch::Contains("issuelint_github_requests_total{status=\"500\"} 3"));
  CHECK_THAT(metrics, Catch::Contains("issuelint_github_requests_total{status=\"502\"} 1"));
  CHECK_THAT(metrics, Catch::Contains("issuelint_github_requests_total{status=\"403\"} 1"));
  CHECK_THAT(metrics,
             Catch::Contains("issuelint_github_requests_total{status=\"transport_error\"}"));
  CHECK_THAT(metrics, Catch::Contains("issuelint_jobs_total{outcome=\"retry\"} 1"));
  CHECK_THAT(metrics, Catch::Contains("issuelint_jobs_total{outcome=\"done\"} 1"));

  // The log says what the client retried and waited for, one warning line each, with no token.
  std::vector<std::string> github_lines;
  std::istringstream log_lines(bot.server->log_lines.str());
  for (std::string line; std::getline(log_lines, line);) {
    const json entry = json::parse(line);
    if (entry.value("msg", "") != "github") continue;
    CHECK(entry.value("level", "") == "warning");
    github_lines.push_back(entry.value("detail", ""));
  }
  auto logged = [&](const std::string& text) {
    return std::count_if(github_lines.begin(), github_lines.end(), [&](const std::string& line) {
      return line.find(text) != std::string::npos;
    });
  };
  CHECK(logged("GET " + kIssuePath + ": 500") == 2);
  CHECK(logged("POST " + kIssuePath + "/labels: 502") == 1);
  CHECK(logged("GET " + kIssuePath + "/comments") == 1);  // the dropped connection
  CHECK(logged("GitHub secondary rate limit on POST " + kIssuePath +
               "/comments; waiting 1000 ms") == 1);
  CHECK(bot.server->log_lines.str().find("test-token") == std::string::npos);

  // Settled: the same delivery again (a redelivery with a new id) writes nothing.
  bot.fake.clear_requests();
  REQUIRE(bot.post("issues", bot.issue_payload("issues.reopened.json")) == 202);
  REQUIRE(bot.idle());
  CHECK(bot.fake.writes().empty());
}

TEST_CASE("e2e: /metrics shows GitHub's rate limit as the client last read it", "[server][e2e]") {
  Bot bot;
  bot.seed_fixture("complete-audit-log");
  bot.fake.set_rate_limit(4321, static_cast<std::int64_t>(std::time(nullptr)) + 3600);
  CHECK_THAT(bot.metrics(), Catch::Contains("issuelint_github_rate_limit_remaining -1"));
  REQUIRE(bot.post("issues", bot.issue_payload("issues.opened.json")) == 202);
  REQUIRE(bot.idle());
  // Every request that reached the fake's routes took one (a 304 gives it back).
  int spent = 0;
  for (const auto& request : bot.fake.requests()) {
    if (request.status != 304) ++spent;
  }
  CHECK_THAT(bot.metrics(), Catch::Contains("issuelint_github_rate_limit_remaining " +
                                            std::to_string(4321 - spent) + "\n"));
  CHECK_THAT(bot.metrics(), Catch::Contains("issuelint_github_requests_total{status=\"200\"}"));
}

TEST_CASE("e2e: as a GitHub App, with a key pair made here", "[server][e2e]") {
  test::TempDir keys;
  const auto& pair = testing::test_key_pair();
  const std::string key_file = test::write_file(keys, "app.pem", pair.private_pkcs1);
  BotOptions options;
  options.app_id = "Iv23liE2e";
  options.key_file = key_file;
  options.app_public_key = pair.public_pem;
  options.app_installation = kInstallation;
  Bot bot(options);
  bot.seed_fixture("data-migration-contradiction");
  json opened = bot.issue_payload("issues.opened.json");
  opened["installation"] = {{"id", kInstallation}};
  REQUIRE(bot.post("issues", opened) == 202);
  REQUIRE(bot.idle());
  json reopened = bot.issue_payload("issues.reopened.json");
  reopened["installation"] = {{"id", kInstallation}};
  REQUIRE(bot.post("issues", reopened) == 202);
  REQUIRE(bot.idle());

  CHECK(bot.report_comments().size() == 1);
  CHECK(has_label(bot.issue(), "needs-info"));
  CHECK(bot.fake.installation_tokens_issued() == 1);  // cached across both triages
  int with_installation_token = 0;
  for (const auto& request : bot.fake.requests()) {
    if (request.path.rfind("/repos/", 0) != 0) continue;
    CHECK_THAT(request.headers.at("authorization"), Catch::StartsWith("Bearer ghs_Iv23liE2e_"));
    ++with_installation_token;
  }
  CHECK(with_installation_token > 0);
}

// A repository webhook pointed at a server that authenticates as the App: its deliveries name
// no installation. The job fails saying so, where it once said "cannot reach GitHub".
TEST_CASE("e2e: as a GitHub App, a job whose delivery names no installation says so",
          "[server][e2e]") {
  testing::FakeGitHub fake;
  REQUIRE(fake.start());
  const auto& pair = testing::test_key_pair();
  fake.configure_app("Iv23liE2e", pair.public_pem, kInstallation);
  test::TempDir keys;
  ServeConfig config;
  config.github_api_url = fake.base_url();
  config.app_id = "Iv23liE2e";
  config.app_private_key_file = test::write_file(keys, "app.pem", pair.private_pkcs1);
  Metrics metrics;
  std::ostringstream log_lines;
  JsonLog log(log_lines, system_clock_ms());
  auto triager = cli::make_github_triager(config, metrics, log, testing::fast_options(fake));
  REQUIRE(triager.ok());
  IssueJob job;
  job.owner = kOwner;
  job.repo = kRepo;
  job.issue_number = kIssue;
  job.installation_id = 0;
  const TriageOutcome outcome = (*triager)->handle(job);
  CHECK(outcome.status == TriageOutcome::Status::failed);
  CHECK_THAT(outcome.detail, Catch::Contains("the delivery names no GitHub App installation"));
  CHECK_THAT(outcome.detail, Catch::Contains("ISSUELINT_GITHUB_TOKEN"));
  REQUIRE(fake.requests().size() == 1);  // the start's GET /app, and nothing for the job
  CHECK(fake.requests().front().path == "/app");
}

TEST_CASE("e2e: the bot's own label and comment events trigger nothing", "[server][e2e]") {
  Bot bot;
  bot.seed_fixture("data-migration-contradiction");
  REQUIRE(bot.post("issues", bot.issue_payload("issues.opened.json")) == 202);
  REQUIRE(bot.idle());
  const auto before = bot.fake.snapshot().to_json();

  // What GitHub sends back after the bot's writes: one `labeled` per label, the comment.
  bot.fake.clear_requests();
  const Sender app{"issuelint[bot]", "Bot"};
  for (const std::string& label : bot.issue().labels) {
    json labeled = bot.issue_payload("issues.labeled.json", app);
    labeled["label"]["name"] = label;
    REQUIRE(bot.post("issues", labeled) == 202);
  }
  const std::string report = bot.report_comments().front().body;
  REQUIRE(bot.post("issue_comment", bot.comment_payload(report, "NONE", app)) == 202);
  // A bot (even with a command in its text and write access) and our own login typed as a user.
  REQUIRE(bot.post("issue_comment", bot.comment_payload("/issuelint check", "MEMBER", app)) == 202);
  json edited = bot.issue_payload("issues.edited.json", Sender{"issuelint[bot]", "User"});
  edited["changes"] = {{"body", {{"from", "the previous body"}}}};
  REQUIRE(bot.post("issues", edited) == 202);
  REQUIRE(bot.idle());
  CHECK(bot.fake.requests().empty());
  CHECK(bot.fake.snapshot().to_json() == before);
  CHECK_THAT(
      bot.metrics(),
      Catch::Contains("issuelint_webhook_deliveries_total{event=\"issues\",outcome=\"ignored\"}"));
}

TEST_CASE("e2e: `opened` with its `labeled` deliveries out of order is one triage",
          "[server][e2e]") {
  Bot bot;
  bot.seed_fixture("data-migration-contradiction");
  const Sender author{"octocat", "User"};
  auto labeled = [&](const std::string& name) {
    json payload = bot.issue_payload("issues.labeled.json", author);
    payload["label"]["name"] = name;
    return payload;
  };
  REQUIRE(bot.post("issues", labeled("database")) == 202);
  REQUIRE(bot.post("issues", bot.issue_payload("issues.opened.json", author)) == 202);
  REQUIRE(bot.post("issues", labeled("migration")) == 202);
  REQUIRE(bot.idle());
  CHECK(bot.triages() == 1);
  CHECK(bot.report_comments().size() == 1);
}

TEST_CASE("e2e: a burst of edits is coalesced into one triage of the latest body",
          "[server][e2e]") {
  BotOptions options;
  options.start_workers = false;
  Bot bot(options);
  bot.seed_fixture("data-migration-contradiction");
  REQUIRE(bot.post("issues", bot.issue_payload("issues.opened.json")) == 202);
  const std::vector<std::string> drafts = {"large-table-no-notes", "two-impacts",
                                           "security-exclusive", "complete-audit-log"};
  for (int round = 0; round < 3; ++round) {
    for (const std::string& draft : drafts) bot.edit_to(draft);
  }
  CHECK(bot.server->jobs_in("pending") == 1);
  bot.server->workers->start();
  REQUIRE(bot.idle());
  CHECK(bot.triages() == 1);
  // The triage read the latest body (the complete one): clean, one comment, no needs-info.
  CHECK_FALSE(has_label(bot.issue(), "needs-info"));
  CHECK(bot.count("POST", kIssuePath + "/comments") == 1);
  CHECK(bot.count("PATCH", "/repos/acme/app/issues/comments/" +
                               std::to_string(bot.report_comments().front().id)) == 0);
}

TEST_CASE("e2e: /issuelint commands from writers only, never from code, quotes or comments",
          "[server][e2e]") {
  Bot bot;
  bot.seed_fixture("data-migration-contradiction");
  REQUIRE(bot.post("issues", bot.issue_payload("issues.opened.json")) == 202);
  REQUIRE(bot.idle());
  const std::size_t comments_before = bot.issue().comments.size();
  bot.fake.clear_requests();

  SECTION("explain from a writer posts the full diagnostics; from others nothing") {
    REQUIRE(bot.post("issue_comment", bot.comment_payload("/issuelint explain", "CONTRIBUTOR")) ==
            202);
    REQUIRE(bot.post("issue_comment", bot.comment_payload("/issuelint explain", "NONE")) == 202);
    REQUIRE(bot.idle());
    CHECK(bot.triages() == 0);
    REQUIRE(bot.post("issue_comment", bot.comment_payload("/issuelint explain", "OWNER",
                                                          Sender{"lead", "User"})) == 202);
    REQUIRE(bot.idle());
    CHECK(bot.triages() == 1);
    const auto comments = bot.issue().comments;
    REQUIRE(comments.size() == comments_before + 1);
    CHECK_THAT(comments.back().body, Catch::Contains("full diagnostics"));
    CHECK_THAT(comments.back().body, Catch::Contains("[data-migration-contradiction]"));
    CHECK(bot.report_comments().size() == 1);
  }

  SECTION("commands inside fenced code, a quote or an HTML comment are not commands") {
    for (const std::string& body :
         {std::string("Try this:\n```\n/issuelint check\n```\n"),
          std::string("> /issuelint check\n"), std::string("<!--\n/issuelint check\n-->\nthanks"),
          std::string("    /issuelint check\n")}) {
      REQUIRE(bot.post("issue_comment", bot.comment_payload(body, "MEMBER")) == 202);
    }
    REQUIRE(bot.idle());
    CHECK(bot.fake.requests().empty());
  }

  SECTION("skip holds the issue until check") {
    REQUIRE(bot.post("issue_comment", bot.comment_payload("/issuelint skip", "COLLABORATOR")) ==
            202);
    REQUIRE(bot.idle());
    bot.edit_to("large-table-no-notes");
    REQUIRE(bot.idle());
    CHECK(bot.triages() == 0);
    CHECK_FALSE(has_label(bot.issue(), "large-table"));
    REQUIRE(bot.post("issue_comment",
                     bot.comment_payload("Looks fine now.\n/issuelint check", "MEMBER")) == 202);
    REQUIRE(bot.idle());
    CHECK(bot.triages() == 1);
    CHECK(has_label(bot.issue(), "large-table"));
    CHECK(bot.report_comments().size() == 1);
  }
}

// The payload's author_association cannot see private organization membership: a maintainer
// who writes through a team arrives as CONTRIBUTOR or NONE. GitHub's permission for the login
// decides, asked once per such command.
TEST_CASE("e2e: /issuelint commands from other associations obey GitHub's permission",
          "[server][e2e]") {
  Bot bot;
  bot.seed_fixture("data-migration-contradiction");
  bot.fake.with_state([](testing::FakeGitHubState& state) {
    testing::FakeRepo& repo = state.repos()[{kOwner, kRepo}];
    state.set_permission(repo, "Team-Writer", "write");
    state.set_permission(repo, "triager", "read");
  });
  REQUIRE(bot.post("issues", bot.issue_payload("issues.opened.json")) == 202);
  REQUIRE(bot.idle());
  const std::size_t comments_before = bot.issue().comments.size();
  bot.fake.clear_requests();
  const std::string permission_path = "/repos/acme/app/collaborators/";

  SECTION("a private member with write access is obeyed") {
    REQUIRE(bot.post("issue_comment", bot.comment_payload("/issuelint explain", "CONTRIBUTOR",
                                                          Sender{"team-writer", "User"})) == 202);
    REQUIRE(bot.idle());
    CHECK(bot.count("GET", permission_path + "team-writer/permission") == 1);
    REQUIRE(bot.issue().comments.size() == comments_before + 1);
    CHECK_THAT(bot.issue().comments.back().body, Catch::Contains("full diagnostics"));
  }

  SECTION("read access, or none, is not enough: nothing is read or written, no skip is held") {
    REQUIRE(bot.post("issue_comment", bot.comment_payload("/issuelint explain", "NONE",
                                                          Sender{"triager", "User"})) == 202);
    REQUIRE(bot.post("issue_comment", bot.comment_payload("/issuelint skip", "CONTRIBUTOR",
                                                          Sender{"passer-by", "User"})) == 202);
    REQUIRE(bot.idle());
    CHECK(bot.count("GET", permission_path + "triager/permission") == 1);
    CHECK(bot.count("GET", permission_path + "passer-by/permission") == 1);
    CHECK(bot.triages() == 0);
    CHECK(bot.fake.writes().empty());
    bot.edit_to("large-table-no-notes");
    REQUIRE(bot.idle());
    CHECK(bot.triages() == 1);  // the skip of someone without write access held nothing
  }

  SECTION("a writer's association is proof enough: GitHub is not asked") {
    REQUIRE(bot.post("issue_comment", bot.comment_payload("/issuelint check", "MEMBER",
                                                          Sender{"team-writer", "User"})) == 202);
    REQUIRE(bot.idle());
    CHECK(bot.count("GET", permission_path + "team-writer/permission") == 0);
    CHECK(bot.triages() == 1);
  }
}

TEST_CASE("e2e: an issue whose body is null", "[server][e2e]") {
  Bot bot;
  bot.seed_issue(std::nullopt, "[DB] Add audit_log table");
  json opened = bot.issue_payload("issues.opened.json");
  REQUIRE(opened["issue"]["body"].is_null());
  REQUIRE(bot.post("issues", opened) == 202);
  REQUIRE(bot.idle());
  CHECK(bot.server->jobs_in("dead") == 0);
  CHECK(has_label(bot.issue(), "needs-info"));
  CHECK(bot.report_comments().size() == 1);
}

TEST_CASE("e2e: issues matching no template: quiet by default, one comment when configured",
          "[server][e2e]") {
  test::TempDir dir;
  // serve --config and the repository's .github/issuelint.yml ("" for none), and whether the
  // author is told once that the issue follows no template.
  auto [serve_config, repo_config, comments] = GENERATE(table<std::string, std::string, bool>({
      {"", "", false},                                        // quiet by default
      {"", "unmatched: comment\n", true},                     // the repository says comment
      {"unmatched: comment\n", "", true},                     // serve --config, for the others
      {"unmatched: comment\n", "unmatched: quiet\n", false},  // the repository's file wins
  }));
  INFO("serve --config: '" << serve_config << "', repository: '" << repo_config << "'");
  BotOptions options;
  if (!serve_config.empty()) options.config_file = test::write_file(dir, "serve.yml", serve_config);
  Bot bot(options);
  if (!repo_config.empty()) bot.fake.put_file(kOwner, kRepo, ".github/issuelint.yml", repo_config);
  bot.add_bug_report_template();
  bot.seed_issue("The word 'recieve' on the home page is misspelt.", "Spelling mistake");
  REQUIRE(bot.post("issues", bot.issue_payload("issues.opened.json")) == 202);
  REQUIRE(bot.idle());
  CHECK(bot.triages() == 1);
  CHECK(bot.issue().labels == std::vector<std::string>{"database", "migration"});
  if (!comments) {
    CHECK(bot.fake.writes().empty());
    return;
  }
  REQUIRE(bot.report_comments().size() == 1);
  CHECK_THAT(bot.report_comments().front().body,
             Catch::Contains("does not follow any of this repository's issue templates"));
  CHECK_THAT(bot.report_comments().front().body,
             Catch::Contains(".github/ISSUE_TEMPLATE/db-migration.md"));
  // Said once: later deliveries find the comment unchanged.
  bot.fake.clear_requests();
  REQUIRE(bot.post("issues", bot.issue_payload("issues.reopened.json")) == 202);
  REQUIRE(bot.idle());
  CHECK(bot.fake.writes().empty());
  CHECK(bot.report_comments().size() == 1);
}

TEST_CASE("e2e: serve --config applies rule settings to repositories without their own file",
          "[server][e2e]") {
  test::TempDir dir;
  BotOptions options;
  options.config_file =
      test::write_file(dir, "issuelint.yml", "labels:\n  needs-info: \"status: needs info\"\n");
  Bot bot(options);
  bot.seed_fixture("data-migration-contradiction");
  REQUIRE(bot.post("issues", bot.issue_payload("issues.opened.json")) == 202);
  REQUIRE(bot.idle());
  CHECK(has_label(bot.issue(), "status: needs info"));
  CHECK_FALSE(has_label(bot.issue(), "needs-info"));
}

TEST_CASE("e2e: a bad serve --config is a start-up error, not a dead letter per job",
          "[server][e2e]") {
  test::TempDir dir;
  const std::string config = test::write_file(dir, "issuelint.yml", "unmatched: loudly\n");
  ServeConfig serve;
  serve.github_token = "test-token";
  serve.github_api_url = "http://127.0.0.1:9";
  serve.config_file = config;
  Metrics metrics;
  JsonLog log(std::cerr, system_clock_ms());
  auto made = cli::make_github_triager(serve, metrics, log);
  REQUIRE_FALSE(made);
  CHECK_THAT(made.error().describe(), Catch::Contains("issuelint.yml"));
  CHECK_THAT(made.error().describe(), Catch::Contains("unmatched"));
  serve.config_file = (dir.path() / "missing.yml").string();
  REQUIRE_FALSE(cli::make_github_triager(serve, metrics, log));
  // Errors only building the rules finds stop the start too; a `templates` list naming other
  // repositories' files does not.
  serve.config_file =
      test::write_file(dir, "unknown-rule.yml", "rules:\n  breaking-impact-choise: off\n");
  auto unknown = cli::make_github_triager(serve, metrics, log);
  REQUIRE_FALSE(unknown);
  CHECK_THAT(unknown.error().describe(),
             Catch::Contains("unknown rule id 'breaking-impact-choise'"));
  serve.config_file = test::write_file(dir, "pack.yml", "packs:\n  bug_report.md: no-such-pack\n");
  CHECK_FALSE(cli::make_github_triager(serve, metrics, log));
  serve.config_file = test::write_file(dir, "templates.yml", "templates: [bug_report.md]\n");
  CHECK(cli::make_github_triager(serve, metrics, log));
}
