// `issuelint action` as a workflow runs it: the real program, an event file from the shared
// payloads, GITHUB_* variables pointing at the loopback fake GitHub. What it does to the fake
// must be exactly what the webhook bot's triage does; what it prints must be valid workflow
// commands; the job summary is checked line by line.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "bot/action/action_run.h"
#include "bot/action/job_summary.h"
#include "bot/github/http_github_client.h"
#include "bot/report/inert_text.h"
#include "bot/repository_triage.h"
#include "tests/action/action_test_support.h"

using namespace issuelint;
using namespace issuelint::testing;
using nlohmann::json;

namespace {

const std::string kOwner = "Codertocat";
const std::string kRepo = "Hello-World";  // what the shared payloads name

// A fake GitHub holding the payloads' repository, the Database Migration template, and issue #1
// written from `body_fixture`.
struct ActionBench {
  FakeGitHub fake;
  TempDir dir;
  std::string title;

  explicit ActionBench(const std::string& body_fixture = "fixtures/issues/two-impacts.md",
                       const std::string& template_fixture = "fixtures/templates/db-migration.md",
                       FakeGitHubOptions options = {})
      : fake(std::move(options)) {
    REQUIRE(fake.start());
    seed(fake, body_fixture, template_fixture);
  }

  void seed(FakeGitHub& target, const std::string& body_fixture,
            const std::string& template_fixture) {
    target.add_repo(kOwner, kRepo);
    target.put_file(kOwner, kRepo, ".github/ISSUE_TEMPLATE/db-migration.md",
                    fixture(template_fixture));
    target.put_file(kOwner, kRepo, ".github/ISSUE_TEMPLATE/bug.md", kBugTemplate);
    FakeIssue issue;
    issue.number = 1;
    title = "[DB] Add audit_log table for booking changes";
    issue.title = title;
    issue.body = fixture(body_fixture);
    target.add_issue(kOwner, kRepo, issue);
  }

  // The shared payload, unchanged but for the issue's title and body (which the action does not
  // trust anyway: it fetches the issue).
  std::string event_file(const std::string& payload_name) {
    json payload = json::parse(read_text(std::string(ISSUELINT_PAYLOAD_DIR) + "/" + payload_name));
    if (payload.contains("issue")) {
      payload["issue"]["title"] = title;
      payload["issue"]["body"] = *fake.issue(kOwner, kRepo, 1)->body;
    }
    const auto path = dir / "event.json";
    write_text(path, payload.dump());
    return path.string();
  }

  std::map<std::string, std::string> env(const std::string& event_name,
                                         const std::string& payload_name) {
    return {{"GITHUB_EVENT_NAME", event_name},
            {"GITHUB_EVENT_PATH", event_file(payload_name)},
            {"GITHUB_REPOSITORY", kOwner + "/" + kRepo},
            {"GITHUB_TOKEN", "test-token"},
            {"GITHUB_API_URL", fake.base_url()},
            {"GITHUB_STEP_SUMMARY", (dir / "summary.md").string()}};
  }

  ProcessResult run(const std::map<std::string, std::string>& environment,
                    std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"action"};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_issuelint(args, environment, dir);
  }

  FakeIssue issue() { return *fake.issue(kOwner, kRepo, 1); }
};

// The webhook bot's own path, in process, against a second fake seeded the same way.
struct BotRun {
  FakeGitHub fake;
  RepositoryTriageReport report;
  TriageOutcome outcome;

  explicit BotRun(ActionBench& like, const std::string& body_fixture) {
    REQUIRE(fake.start());
    like.seed(fake, body_fixture, "fixtures/templates/db-migration.md");
    github::HttpClientOptions http;
    http.base_url = fake.base_url();
    http.mutation_spacing = std::chrono::milliseconds(0);
    auto client = github::HttpGitHubClient::create(
        http, std::make_shared<github::StaticTokenSource>("test-token"),
        std::make_shared<github::SystemClock>());
    REQUIRE(client.ok());
    IssueJob job;
    job.owner = kOwner;
    job.repo = kRepo;
    job.issue_number = 1;
    RepositoryTriageOptions options;
    options.bot_login = "github-actions[bot]";
    outcome = triage_issue_on_github(**client, job, options, &report);
    REQUIRE(outcome.status == TriageOutcome::Status::done);
  }
  FakeIssue issue() { return *fake.issue(kOwner, kRepo, 1); }
};

std::string finding_line(const Finding& finding) {
  static const std::map<Severity, std::string> words = {
      {Severity::error, "error"}, {Severity::warning, "warning"}, {Severity::info, "note"}};
  std::string line = "- **" + words.at(finding.severity) + "**";
  if (finding.line > 0) line += " line " + std::to_string(finding.line);
  if (!finding.section.empty()) line += " in " + markdown_inline(finding.section, 200);
  return line + ": " + markdown_inline(finding.message, 1000) + " " +
         markdown_code_span(finding.rule);
}

std::string code_list(std::vector<std::string> names) {
  std::string out;
  for (const auto& name : names) out += (out.empty() ? "" : ", ") + markdown_code_span(name);
  return out;
}

}  // namespace

TEST_CASE("action: issues.opened is triaged exactly as the bot triages it") {
  ActionBench bench;
  write_text(bench.dir / "summary.md", "# An earlier step\n");
  const ProcessResult result = bench.run(bench.env("issues", "issues.opened.json"));
  INFO(result.out << result.err);
  REQUIRE(result.exit_code == 0);  // needs-info is a verdict, not a failure

  BotRun bot(bench, "fixtures/issues/two-impacts.md");
  const Verdict& verdict = bot.report.triage->verdict;
  REQUIRE(verdict.outcome == Outcome::needs_info);

  SECTION("same labels, same single comment") {
    CHECK(sorted(bench.issue().labels) == sorted(bot.issue().labels));
    CHECK(sorted(bench.issue().labels) == sorted(verdict.labels.want));
    REQUIRE(report_comment_count(bench.issue()) == 1);
    CHECK(report_comment(bench.issue())->body == report_comment(bot.issue())->body);
  }

  SECTION("one annotation per finding, by kind, and a log line") {
    std::size_t errors = 0;
    std::size_t warnings = 0;
    for (const Finding& finding : verdict.findings) {
      errors += finding.severity == Severity::error ? 1 : 0;
      warnings += finding.severity == Severity::warning ? 1 : 0;
    }
    CHECK(count_lines_starting(result.out, "::error ") == errors);
    CHECK(count_lines_starting(result.out, "::warning ") == warnings);
    CHECK(result.out.find("issuelint: Codertocat/Hello-World#1: needs-info, labels +") !=
          std::string::npos);
  }

  SECTION("the job summary, line by line, after what an earlier step wrote") {
    std::vector<std::string> expected = {
        "# An earlier step",
        "## issuelint: " + markdown_inline("Codertocat/Hello-World", 200) +
            " #1: " + markdown_inline(bench.title, 200),
        "",
        "**needs-info**: 2 errors, 1 warning, 0 notes (template `db-migration`: " +
            markdown_inline(bot.report.triage->choice_reason, 1000) + ")",
        "",
        "### Findings",
        ""};
    for (const Finding& finding : verdict.findings) expected.push_back(finding_line(finding));
    expected.insert(expected.end(),
                    {"", "### Changes", "", "- Labels added: " + code_list(verdict.labels.add),
                     "- Labels removed: none", "- Labels wanted: " + code_list(verdict.labels.want),
                     "- Triage comment: created", ""});
    CHECK(lines_of(read_text(bench.dir / "summary.md")) == expected);
  }

  SECTION("run again on issues.edited with a body change: nothing to write") {
    bench.fake.clear_requests();
    json payload =
        json::parse(read_text(std::string(ISSUELINT_PAYLOAD_DIR) + "/issues.edited.json"));
    payload["changes"] = {{"body", {{"from", "before"}}}};
    write_text(bench.dir / "edited.json", payload.dump());
    auto env = bench.env("issues", "issues.opened.json");
    env["GITHUB_EVENT_PATH"] = (bench.dir / "edited.json").string();
    const ProcessResult again = bench.run(env);
    CHECK(again.exit_code == 0);
    CHECK(bench.fake.writes().empty());
    CHECK(report_comment_count(bench.issue()) == 1);
    CHECK(read_text(bench.dir / "summary.md").find("- Triage comment: unchanged") !=
          std::string::npos);
  }
}

TEST_CASE("action: the recorded issues.edited payloads (\"changes\": {}) are triaged") {
  for (const char* name : {"issues.edited.json", "issues.edited.2.json", "issues.edited.3.json"}) {
    INFO(name);
    ActionBench bench;
    const ProcessResult result = bench.run(bench.env("issues", name));
    INFO(result.out << result.err);
    CHECK(result.exit_code == 0);
    CHECK(report_comment_count(bench.issue()) == 1);
    CHECK(count_lines_starting(result.out, "::notice title=issuelint::issuelint: nothing to do") ==
          0);
  }
}

TEST_CASE("action: an edit that names only other changes is a notice and exit 0") {
  ActionBench bench;
  json payload = json::parse(read_text(std::string(ISSUELINT_PAYLOAD_DIR) + "/issues.edited.json"));
  payload["changes"] = {{"labels", {{"from", json::array()}}}};
  write_text(bench.dir / "edited.json", payload.dump());
  auto env = bench.env("issues", "issues.edited.json");
  env["GITHUB_EVENT_PATH"] = (bench.dir / "edited.json").string();
  env.erase("GITHUB_TOKEN");
  const ProcessResult result = bench.run(env);
  CHECK(result.exit_code == 0);
  CHECK(count_lines_starting(result.out, "::notice title=issuelint::issuelint: nothing to do") ==
        1);
  CHECK(bench.fake.requests().empty());
}

TEST_CASE("action: a run racing another on the same issue leaves one comment") {
  ActionBench bench;
  // The other run posts its report between this run's listing and its post.
  Fault race;
  race.kind = FaultKind::competing_comment;
  race.method = "POST";
  race.path_prefix = "/repos/Codertocat/Hello-World/issues/1/comments";
  bench.fake.inject(race);
  const ProcessResult result = bench.run(bench.env("issues", "issues.opened.json"));
  INFO(result.out << result.err);
  REQUIRE(result.exit_code == 0);
  REQUIRE(report_comment_count(bench.issue()) == 1);
  CHECK(report_comment(bench.issue())->body.find("another run's report") == std::string::npos);
  CHECK(result.out.find("duplicate") != std::string::npos);
}

TEST_CASE("action: with a personal token, the token's user's comment is the triage comment") {
  FakeGitHubOptions options;
  options.user_tokens = {{"pat-alice", "alice"}};
  ActionBench bench("fixtures/issues/two-impacts.md", "fixtures/templates/db-migration.md",
                    options);
  auto env = bench.env("issues", "issues.opened.json");
  env.erase("GITHUB_TOKEN");
  env["INPUT_TOKEN"] = "pat-alice";
  const ProcessResult first = bench.run(env);
  INFO(first.out << first.err);
  REQUIRE(first.exit_code == 0);
  REQUIRE(report_comment_count(bench.issue()) == 1);
  CHECK(report_comment(bench.issue())->author == "alice");
  REQUIRE_FALSE(bench.issue().labels.empty());

  // A person removes a label the bot added; the next run must not add it back.
  const std::string removed = bench.issue().labels.back();
  bench.fake.with_state([&](FakeGitHubState& state) {
    std::erase(state.repos()[{kOwner, kRepo}].issues[1].labels, removed);
  });
  bench.fake.clear_requests();

  SECTION("the login asked of GitHub once") {
    const ProcessResult again = bench.run(env);
    INFO(again.out << again.err);
    REQUIRE(again.exit_code == 0);
    const auto requests = bench.fake.requests();
    CHECK(std::count_if(requests.begin(), requests.end(),
                        [](const LoggedRequest& r) { return r.path == "/user"; }) == 1);
  }
  SECTION("the login given as the action's input, nothing asked") {
    env["INPUT_BOT-LOGIN"] = "alice";
    const ProcessResult again = bench.run(env);
    INFO(again.out << again.err);
    REQUIRE(again.exit_code == 0);
    const auto requests = bench.fake.requests();
    CHECK(std::none_of(requests.begin(), requests.end(),
                       [](const LoggedRequest& r) { return r.path == "/user"; }));
  }
  SECTION("the login from ISSUELINT_BOT_LOGIN") {
    env["ISSUELINT_BOT_LOGIN"] = "alice";
    REQUIRE(bench.run(env).exit_code == 0);
  }
  SECTION("GitHub failing to name the token's user: the report is still found by its marker") {
    // Not github-actions[bot]: that login would pass over alice's report, post a second one
    // (a notification to every subscriber) and forget the label she removed.
    bench.fake.inject(Fault{
        .kind = FaultKind::server_error, .times = 8, .method = "GET", .path_prefix = "/user"});
    const ProcessResult again = bench.run(env);
    INFO(again.out << again.err);
    REQUIRE(again.exit_code == 0);
    CHECK(again.err.find("cannot tell whose token this is") != std::string::npos);
    const auto requests = bench.fake.requests();
    CHECK(std::none_of(requests.begin(), requests.end(), [](const LoggedRequest& r) {
      return r.method == "POST" && r.path.ends_with("/comments");
    }));
  }
  const FakeIssue after = bench.issue();
  CHECK(std::find(after.labels.begin(), after.labels.end(), removed) == after.labels.end());
  CHECK(report_comment_count(after) == 1);
}

TEST_CASE("action: an installation token (GITHUB_TOKEN) is not asked whose it is") {
  FakeGitHubOptions options;
  options.tokens = {"ghs_workflow"};
  ActionBench bench("fixtures/issues/two-impacts.md", "fixtures/templates/db-migration.md",
                    options);
  auto env = bench.env("issues", "issues.opened.json");
  env["GITHUB_TOKEN"] = "ghs_workflow";
  const ProcessResult result = bench.run(env);
  INFO(result.out << result.err);
  REQUIRE(result.exit_code == 0);
  CHECK(report_comment_count(bench.issue()) == 1);
  const auto requests = bench.fake.requests();
  CHECK(std::none_of(requests.begin(), requests.end(),
                     [](const LoggedRequest& r) { return r.path == "/user"; }));
}

TEST_CASE("action: a token GitHub will not name is still triaged, its report found by marker") {
  ActionBench bench;  // test-token: GET /user is refused (403), as for an App's token
  const ProcessResult result = bench.run(bench.env("issues", "issues.opened.json"));
  INFO(result.out << result.err);
  REQUIRE(result.exit_code == 0);
  CHECK(result.err.find("cannot tell whose token this is") != std::string::npos);
  CHECK(report_comment_count(bench.issue()) == 1);
}

TEST_CASE("action: reopened and the token from the action's input") {
  ActionBench bench("fixtures/issues/complete-audit-log.md");
  auto env = bench.env("issues", "issues.reopened.json");
  env.erase("GITHUB_TOKEN");
  env["INPUT_TOKEN"] = "test-token";
  const ProcessResult result = bench.run(env);
  INFO(result.out << result.err);
  REQUIRE(result.exit_code == 0);
  CHECK(report_comment_count(bench.issue()) == 1);
  CHECK(count_lines_starting(result.out, "::error") == 0);
  const auto summary = lines_of(read_text(bench.dir / "summary.md"));
  REQUIRE(summary.size() > 2);
  CHECK(summary[2].starts_with("**ok**: 0 errors, 0 warnings, 0 notes (template `db-migration`"));
}

TEST_CASE("action: no token is a clear error that says what to add to the workflow") {
  ActionBench bench;
  auto env = bench.env("issues", "issues.opened.json");
  env.erase("GITHUB_TOKEN");
  const ProcessResult result = bench.run(env);
  CHECK(result.exit_code == 2);
  CHECK(result.err.find("GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}") != std::string::npos);
  CHECK(result.err.find("issues: write") != std::string::npos);
  // A workflow that names one permission has no other: without contents it reads no template.
  CHECK(result.err.find("contents: read") != std::string::npos);
  // Shown in the workflow UI as well, as one escaped annotation.
  REQUIRE(count_lines_starting(result.out, "::error title=issuelint::") == 1);
  CHECK(result.out.find("%0A") != std::string::npos);
  CHECK(bench.fake.requests().empty());
}

TEST_CASE("action: events that are not about an issue's text are a notice and exit 0") {
  ActionBench bench;
  const std::vector<std::pair<std::string, std::string>> events = {
      {"issues", "issues.labeled.json"},  // the bot's own label writes would loop
      {"ping", "ping.event.json"},
      {"label", "label.created.json"},
      {"issue_comment", "issue_comment.created.json"}};  // no /issuelint command in it
  for (const auto& [event, payload] : events) {
    INFO(event << " " << payload);
    auto env = bench.env(event, payload);
    env.erase("GITHUB_TOKEN");  // not needed when there is nothing to do
    const ProcessResult result = bench.run(env);
    CHECK(result.exit_code == 0);
    CHECK(count_lines_starting(result.out, "::notice title=issuelint::issuelint: nothing to do") ==
          1);
  }
  CHECK(bench.fake.requests().empty());
}

// The payload's author_association cannot see private organization membership, in a workflow's
// event as in a webhook's: GitHub's permission for the commenter decides.
TEST_CASE("action: a command whose association shows no write access obeys GitHub's permission") {
  ActionBench bench;
  bench.fake.with_state([](FakeGitHubState& state) {
    state.set_permission(state.repos()[{kOwner, kRepo}], "team-writer", "write");
  });
  auto env = bench.env("issue_comment", "issue_comment.created.json");
  json payload = json::parse(read_text(env["GITHUB_EVENT_PATH"]));
  payload["comment"]["body"] = "/issuelint explain";
  payload["comment"]["author_association"] = "CONTRIBUTOR";
  const std::size_t comments_before = bench.issue().comments.size();
  const auto run_as = [&](const std::string& login) {
    payload["comment"]["user"]["login"] = login;
    write_text(env["GITHUB_EVENT_PATH"], payload.dump());
    return bench.run(env);
  };
  SECTION("write access: the diagnostics are posted") {
    const ProcessResult result = run_as("team-writer");
    INFO(result.out << result.err);
    CHECK(result.exit_code == 0);
    REQUIRE(bench.issue().comments.size() == comments_before + 1);
    CHECK(bench.issue().comments.back().body.find("full diagnostics") != std::string::npos);
  }
  SECTION("read access: nothing is written, and the log says why") {
    const ProcessResult result = run_as("passer-by");
    INFO(result.out << result.err);
    CHECK(result.exit_code == 0);
    CHECK(result.out.find("passer-by, who cannot write to Codertocat/Hello-World") !=
          std::string::npos);
    CHECK(bench.fake.writes().empty());
  }
}

TEST_CASE("action: bad environments and GitHub failures exit 2 and change nothing") {
  ActionBench bench;
  SECTION("outside Actions") {
    const ProcessResult result = bench.run({{"GITHUB_TOKEN", "test-token"}});
    CHECK(result.exit_code == 2);
    CHECK(result.err.find("not inside a GitHub Actions step") != std::string::npos);
  }
  SECTION("an event file that is not JSON") {
    auto env = bench.env("issues", "issues.opened.json");
    write_text(env["GITHUB_EVENT_PATH"], "{not json");
    const ProcessResult result = bench.run(env);
    CHECK(result.exit_code == 2);
    CHECK(result.err.find("not a JSON object") != std::string::npos);
  }
  SECTION("an event path that is missing, or a directory, says which") {
    auto env = bench.env("issues", "issues.opened.json");
    env["GITHUB_EVENT_PATH"] = (bench.dir / "no-such-event.json").string();
    const ProcessResult missing = bench.run(env);
    CHECK(missing.exit_code == 2);
    CHECK(missing.err.find("cannot read the event payload: No such file or directory") !=
          std::string::npos);
    env["GITHUB_EVENT_PATH"] = bench.dir.path().string();
    const ProcessResult directory = bench.run(env);
    CHECK(directory.exit_code == 2);
    CHECK(directory.err.find("cannot read the event payload: it is a directory") !=
          std::string::npos);
    CHECK(count_lines_starting(directory.out, "::error title=issuelint::") == 1);
  }
  SECTION("a token GitHub refuses") {
    auto env = bench.env("issues", "issues.opened.json");
    env["GITHUB_TOKEN"] = "wrong-token";
    const ProcessResult result = bench.run(env);
    CHECK(result.exit_code == 2);
    CHECK(count_lines_starting(result.out, "::error title=issuelint::") == 1);
    CHECK(read_text(bench.dir / "summary.md").find("**Could not triage**") != std::string::npos);
  }
  SECTION("a 404 on the event's issue: a token that cannot see the repository") {
    // GitHub hides a private repository from a token without access behind 404s; the issue an
    // event just named is not "gone".
    Fault hidden;
    hidden.kind = FaultKind::not_found;
    hidden.method = "GET";
    hidden.path_prefix = "/repos/" + kOwner + "/" + kRepo + "/issues/1";
    bench.fake.inject(hidden);
    const ProcessResult result = bench.run(bench.env("issues", "issues.opened.json"));
    CHECK(result.exit_code == 2);
    REQUIRE(count_lines_starting(result.out, "::error title=issuelint::") == 1);
    CHECK(result.out.find("GitHub answered 404") != std::string::npos);
    CHECK(result.out.find("the token most likely cannot see this repository") != std::string::npos);
    CHECK(result.out.find("the issue is gone") == std::string::npos);
    CHECK(read_text(bench.dir / "summary.md").find("**Could not triage**") != std::string::npos);
  }
  CHECK(bench.fake.writes().empty());
}

// A spam issue deleted by a maintainer before the queued run started: GitHub answers 410 to
// whoever asks, so it is no token problem and no failure (the 404 above is).
TEST_CASE("action: an issue deleted before the run (410) is skipped, exit 0") {
  ActionBench bench;
  Fault deleted;
  deleted.kind = FaultKind::gone;
  deleted.method = "GET";
  deleted.path_prefix = "/repos/" + kOwner + "/" + kRepo + "/issues/1";
  SECTION("before the run") { bench.fake.inject(deleted); }
  SECTION("while the run triaged it: its labels refused") {
    deleted.method = "POST";
    deleted.path_prefix += "/labels";
    bench.fake.inject(deleted);
  }
  const ProcessResult result = bench.run(bench.env("issues", "issues.opened.json"));
  INFO(result.out << result.err);
  CHECK(result.exit_code == 0);
  CHECK(count_lines_starting(result.out, "::error title=issuelint::") == 0);
  CHECK(result.out.find("skipped: the issue is gone (GitHub answered 410") != std::string::npos);
  CHECK(result.out.find("token") == std::string::npos);
  CHECK(report_comment_count(*bench.fake.issue(kOwner, kRepo, 1)) == 0);
}

// A run keeps nothing for the next: the labels it changed without the report that records them
// would be read by the next run as a person's doing (needs-info, taken off by the bot, never put
// back). So they are put back as the report has them.
TEST_CASE("action: labels changed by a run whose report could not be written are put back") {
  ActionBench bench("fixtures/issues/checklist-unticked.md");  // needs-info
  REQUIRE(bench.run(bench.env("issues", "issues.opened.json")).exit_code == 0);
  const auto has_needs_info = [&bench] {
    const auto labels = bench.issue().labels;
    return std::find(labels.begin(), labels.end(), "needs-info") != labels.end();
  };
  REQUIRE(has_needs_info());
  const auto write_body = [&bench](const std::string& draft) {
    bench.fake.with_state([&](FakeGitHubState& state) {
      state.repos().at({kOwner, kRepo}).issues.at(1).body = fixture(draft);
    });
  };
  write_body("fixtures/issues/complete-audit-log.md");  // needs-info comes off
  Fault failing{FaultKind::server_error, 1000, "PATCH", "/repos/" + kOwner + "/" + kRepo + "/"};
  bench.fake.inject(failing);
  const ProcessResult failed = bench.run(bench.env("issues", "issues.edited.json"));
  INFO(failed.out << failed.err);
  CHECK(failed.exit_code == 2);
  CHECK(failed.out.find("labels put back as the report records them") != std::string::npos);
  CHECK(has_needs_info());

  bench.fake.clear_faults();
  write_body("fixtures/issues/checklist-unticked.md");
  REQUIRE(bench.run(bench.env("issues", "issues.edited.json")).exit_code == 0);
  CHECK(has_needs_info());
  CHECK(report_comment(bench.issue())->body.find("\"suppressed\":[]") != std::string::npos);
}

TEST_CASE("action: a job without permission to write issues gets an error naming the permission") {
  ActionBench bench;
  // Since 2023 the workflow token of a new repository reads only, unless `permissions:` says.
  Fault refused;
  refused.kind = FaultKind::not_accessible;
  refused.times = 100;
  refused.method = "POST";
  refused.path_prefix = "/repos/";
  bench.fake.inject(refused);
  const ProcessResult result = bench.run(bench.env("issues", "issues.opened.json"));
  CHECK(result.exit_code == 2);
  REQUIRE(count_lines_starting(result.out, "::error title=issuelint::") == 1);
  CHECK(result.out.find("permissions: issues: write") != std::string::npos);
}

// The managed labels already exist (made by a person, or an earlier run with another token), so
// the first write refused is the issue's own: GitHub made none of it, and there is nothing to
// put back. Said as put back, the error blamed label memory for a missing permission, and each
// label it never added cost a DELETE (refused too, on GitHub).
TEST_CASE("action: a label write refused for want of permission changes nothing and says so") {
  // The two drafts differ by needs-info alone: the edit adds it or takes it off, nothing else.
  const std::string clean = "fixtures/issues/complete-audit-log.md";
  const std::string unticked = "fixtures/issues/checklist-unticked.md";
  for (const bool add : {true, false}) {
    INFO((add ? "adding" : "removing"));
    ActionBench bench(add ? clean : unticked);
    REQUIRE(bench.run(bench.env("issues", "issues.opened.json")).exit_code == 0);
    bench.fake.add_label(kOwner, kRepo, {0, "needs-info", "d93f0b", ""});
    bench.fake.with_state([&](FakeGitHubState& state) {
      state.repos().at({kOwner, kRepo}).issues.at(1).body = fixture(add ? unticked : clean);
    });
    const auto labels_before = sorted(bench.issue().labels);
    Fault refused;
    refused.kind = FaultKind::not_accessible;
    refused.times = 100;
    refused.method = add ? "POST" : "DELETE";
    refused.path_prefix = "/repos/" + kOwner + "/" + kRepo + "/issues/1/labels";
    bench.fake.inject(refused);
    bench.fake.clear_requests();
    const ProcessResult result = bench.run(bench.env("issues", "issues.edited.json"));
    INFO(result.out << result.err);
    CHECK(result.exit_code == 2);
    CHECK(result.out.find("permissions: issues: write") != std::string::npos);
    CHECK(result.out.find("put back") == std::string::npos);
    CHECK(result.out.find("put them back") == std::string::npos);
    CHECK(bench.fake.writes().size() == 1);  // the refused write, nothing after it
    CHECK(sorted(bench.issue().labels) == labels_before);
  }
}

TEST_CASE("action: --dry-run writes nothing and lists what it would write") {
  ActionBench bench;
  const ProcessResult result = bench.run(bench.env("issues", "issues.opened.json"), {"--dry-run"});
  INFO(result.out << result.err);
  REQUIRE(result.exit_code == 0);
  CHECK(bench.fake.writes().empty());
  const std::string summary = read_text(bench.dir / "summary.md");
  CHECK(summary.find("Dry run, nothing was written. It would:") != std::string::npos);
  CHECK(summary.find("- would create the triage comment on ") != std::string::npos);
  CHECK(summary.find("- Triage comment:") == std::string::npos);
}

TEST_CASE("action: an issue that matches no template is left alone") {
  ActionBench bench;
  bench.fake.with_state([](FakeGitHubState& state) {
    state.repos()[{kOwner, kRepo}].issues[1].body = "It looks like you accidently spelled it.";
    state.repos()[{kOwner, kRepo}].issues[1].title = "Spelling error in the README file";
  });
  const ProcessResult result = bench.run(bench.env("issues", "issues.opened.json"));
  CHECK(result.exit_code == 0);
  CHECK(bench.fake.writes().empty());
  CHECK(read_text(bench.dir / "summary.md").find("No issue template matches this issue") !=
        std::string::npos);
}

TEST_CASE("action: a template that does not parse is a warning annotation and in the summary") {
  ActionBench bench;
  bench.fake.put_file(kOwner, kRepo, ".github/ISSUE_TEMPLATE/feature.yml",
                      "name: Feature\ndescription: x\nbody:\n  - type: [unclosed\n");
  bench.fake.put_file(kOwner, kRepo, ".github/issuelint.yml",
                      "templates: [db-migration, no-such-template]\n");
  const ProcessResult result = bench.run(bench.env("issues", "issues.opened.json"));
  INFO(result.out << result.err);
  REQUIRE(result.exit_code == 0);
  const auto warning = result.out.find("::warning title=issuelint::templates skipped: ");
  REQUIRE(warning != std::string::npos);
  CHECK(result.out.find("feature.yml", warning) != std::string::npos);
  CHECK(result.out.find("::warning title=issuelint::configuration: ") != std::string::npos);
  const std::string summary = read_text(bench.dir / "summary.md");
  CHECK(summary.find("**Setup warnings:**") != std::string::npos);
  CHECK(summary.find("feature.yml") != std::string::npos);
  CHECK(summary.find("no-such-template") != std::string::npos);
}

TEST_CASE("action: under unmatched: comment, the summary shows the comment written") {
  ActionBench bench;
  bench.fake.put_file(kOwner, kRepo, ".github/issuelint.yml", "unmatched: comment\n");
  bench.fake.with_state([](FakeGitHubState& state) {
    state.repos()[{kOwner, kRepo}].issues[1].body = "It looks like you accidently spelled it.";
    state.repos()[{kOwner, kRepo}].issues[1].title = "Spelling error in the README file";
  });
  SECTION("dry run: the comment it would write is listed") {
    const ProcessResult result =
        bench.run(bench.env("issues", "issues.opened.json"), {"--dry-run"});
    INFO(result.out << result.err);
    REQUIRE(result.exit_code == 0);
    CHECK(bench.fake.writes().empty());
    const std::string summary = read_text(bench.dir / "summary.md");
    CHECK(summary.find("left alone") == std::string::npos);
    CHECK(summary.find("- would create the triage comment on ") != std::string::npos);
  }
  SECTION("the comment written is in the summary") {
    const ProcessResult result = bench.run(bench.env("issues", "issues.opened.json"));
    INFO(result.out << result.err);
    REQUIRE(result.exit_code == 0);
    CHECK(report_comment_count(bench.issue()) == 1);
    const std::string summary = read_text(bench.dir / "summary.md");
    CHECK(summary.find("left alone") == std::string::npos);
    CHECK(summary.find("- Triage comment: created") != std::string::npos);
  }
}

TEST_CASE("action: annotations are capped at 10 per kind, escaped, and the summary keeps all") {
  // Thirteen empty sections whose titles hold the characters workflow commands must escape.
  std::string issue_template = "---\nname: Checklist\nabout: steps\ntitle: \"[Steps] \"\n---\n";
  std::string body;
  for (int step = 1; step <= 14; ++step) {
    const std::string heading = "## Step " + std::to_string(step) + ": 100% done, really\n\n";
    issue_template += heading + "Describe step " + std::to_string(step) + " here.\n\n";
    body += heading + (step == 1 ? "It works.\n\n" : "");
  }
  ActionBench bench;
  bench.fake.with_state([&](FakeGitHubState& state) {
    FakeRepo& repo = state.repos()[{kOwner, kRepo}];
    repo.files.erase(".github/ISSUE_TEMPLATE/db-migration.md");
    repo.files[".github/ISSUE_TEMPLATE/steps.md"] = issue_template;
    repo.issues[1].title = "[Steps] Thirteen gaps";
    repo.issues[1].body = body;
  });
  const ProcessResult result = bench.run(bench.env("issues", "issues.opened.json"));
  INFO(result.out << result.err);
  REQUIRE(result.exit_code == 0);

  const auto lines = lines_of(result.out);
  std::vector<std::string> errors;
  std::copy_if(lines.begin(), lines.end(), std::back_inserter(errors),
               [](const std::string& line) { return line.starts_with("::error "); });
  CHECK(errors.size() == 10);
  for (const std::string& line : errors) {
    CHECK(line.starts_with("::error title=section-empty::section 'Step "));
    CHECK(line.find("100%25 done, really") != std::string::npos);  // '%' escaped
    CHECK(line.find("100% ") == std::string::npos);
    CHECK(line.find("%0Ahelp: ") != std::string::npos);  // the line feed escaped
  }
  REQUIRE(count_lines_starting(result.out, "::notice ") == 1);
  CHECK(result.out.find("3 errors not shown") != std::string::npos);
  // The summary is not limited to what the annotations could show.
  CHECK(count_lines_starting(read_text(bench.dir / "summary.md"), "- **error**") == 13);
}

// action.yml runs the program in a container that sees only the variables `docker run -e` names.
// A GITHUB_* variable the program reads but the container lacks is silently empty there (without
// GITHUB_RUN_ID, an explain retried after GitHub's 502 was posted twice).
TEST_CASE(
    "action: action.yml passes every GITHUB_* variable the program reads into its container") {
  std::set<std::string> read;
  const EnvironmentLookup recording = [&read](const std::string& name) {
    read.insert(name);
    return std::optional<std::string>("x");
  };
  REQUIRE(action::resolve_action_settings({}, recording).ok());
  const std::string action_yml =
      read_text(std::filesystem::path(ISSUELINT_SOURCE_DIR) / "action.yml");
  std::set<std::string> passed;
  static const std::regex kPassed(R"(-e ([A-Z_][A-Z0-9_-]*))");
  for (auto it = std::sregex_iterator(action_yml.begin(), action_yml.end(), kPassed);
       it != std::sregex_iterator(); ++it) {
    passed.insert((*it)[1].str());
  }
  for (const std::string& name : read) {
    if (!name.starts_with("GITHUB_")) continue;  // INPUT_*, ISSUELINT_*: the step's own env
    INFO(name);
    CHECK(passed.contains(name));
  }
  CHECK(read.contains("GITHUB_RUN_ID"));
}

namespace {

// GITHUB_OUTPUT as the runner reads it: `name=value` lines and `name<<DELIMITER` blocks.
std::map<std::string, std::string> read_step_outputs(const std::filesystem::path& path) {
  std::map<std::string, std::string> outputs;
  const std::vector<std::string> lines = lines_of(read_text(path));
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::size_t heredoc = lines[i].find("<<");
    const std::size_t equals = lines[i].find('=');
    if (heredoc != std::string::npos && (equals == std::string::npos || heredoc < equals)) {
      const std::string name = lines[i].substr(0, heredoc);
      const std::string delimiter = lines[i].substr(heredoc + 2);
      std::string value;
      for (++i; i < lines.size() && lines[i] != delimiter; ++i) {
        value += (value.empty() ? "" : "\n") + lines[i];
      }
      outputs[name] = value;
      continue;
    }
    REQUIRE(equals != std::string::npos);
    outputs[lines[i].substr(0, equals)] = lines[i].substr(equals + 1);
  }
  return outputs;
}

}  // namespace

TEST_CASE("action: step outputs say the verdict, the template, the counts, labels and comment") {
  ActionBench bench;
  auto env = bench.env("issues", "issues.opened.json");
  env["GITHUB_OUTPUT"] = (bench.dir / "output.txt").string();
  write_text(bench.dir / "output.txt", "earlier=kept\n");  // an earlier command's output
  const ProcessResult result = bench.run(env);
  INFO(result.out << result.err);
  REQUIRE(result.exit_code == 0);
  BotRun bot(bench, "fixtures/issues/two-impacts.md");
  const Verdict& verdict = bot.report.triage->verdict;
  const json wanted = verdict.labels.want;
  const json added = verdict.labels.add;
  const std::map<std::string, std::string> expected = {{"earlier", "kept"},
                                                       {"verdict", "needs-info"},
                                                       {"template", "db-migration"},
                                                       {"errors", "2"},
                                                       {"warnings", "1"},
                                                       {"notes", "0"},
                                                       {"labels", wanted.dump()},
                                                       {"labels-added", added.dump()},
                                                       {"labels-removed", "[]"},
                                                       {"comment", "created"}};
  CHECK(read_step_outputs(bench.dir / "output.txt") == expected);

  SECTION("an event with nothing to do still sets every output, to its empty value") {
    auto notice = bench.env("issues", "issues.labeled.json");
    notice["GITHUB_OUTPUT"] = (bench.dir / "nothing.txt").string();
    REQUIRE(bench.run(notice).exit_code == 0);
    const std::map<std::string, std::string> empty = {
        {"verdict", ""},        {"template", ""},         {"errors", "0"},
        {"warnings", "0"},      {"notes", "0"},           {"labels", "[]"},
        {"labels-added", "[]"}, {"labels-removed", "[]"}, {"comment", "none"}};
    CHECK(read_step_outputs(bench.dir / "nothing.txt") == empty);
  }

  SECTION("an issue no template matches is 'unmatched', with no template") {
    bench.fake.with_state([](FakeGitHubState& state) {
      state.repos()[{kOwner, kRepo}].issues[1].body = "It looks like you accidently spelled it.";
      state.repos()[{kOwner, kRepo}].issues[1].title = "Spelling error in the README file";
    });
    write_text(bench.dir / "output.txt", "");
    REQUIRE(bench.run(env).exit_code == 0);
    const auto outputs = read_step_outputs(bench.dir / "output.txt");
    CHECK(outputs.at("verdict") == "unmatched");
    CHECK(outputs.at("template").empty());
  }
}
