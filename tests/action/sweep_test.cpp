// `issuelint sweep` against the loopback fake: every open issue over several pages, pull
// requests skipped, dry run writing nothing, and a stopped sweep resumed with every issue
// triaged exactly once. Expected counts come from the fixtures' golden verdicts.
#include "bot/sweep/sweep.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "bot/github/http_github_client.h"
#include "bot/sweep/sweep_report.h"
#include "tests/action/action_test_support.h"

using namespace issuelint;
using namespace issuelint::testing;
using nlohmann::json;

namespace {

// Issue n is written from kKinds[n % 4]; "" is an issue no template matches.
const std::vector<std::string> kKinds = {"complete-audit-log", "two-impacts",
                                         "overview-placeholder", ""};

struct Expected {
  int seen = 0, matched = 0, clean = 0, needs_info = 0, labels = 0, comments = 0;
};

// Counts from the goldens: each issue starts without labels, so every wanted label is added.
Expected expected_for(int issues) {
  Expected expected;
  for (int number = 1; number <= issues; ++number) {
    ++expected.seen;
    const std::string& kind = kKinds[static_cast<std::size_t>(number % 4)];
    if (kind.empty()) continue;
    const json golden = json::parse(fixture("fixtures/issues/" + kind + ".expected.json"));
    ++expected.matched;
    ++expected.comments;
    ++(golden["verdict"] == "ok" ? expected.clean : expected.needs_info);
    expected.labels += static_cast<int>(golden["labels"]["add"].size());
  }
  return expected;
}

struct SweepBench {
  FakeGitHub fake;
  TempDir dir;
  int issues;

  explicit SweepBench(int issue_count, int pull_requests = 0) : issues(issue_count) {
    REQUIRE(fake.start());
    fake.add_repo("acme", "app");
    fake.put_file("acme", "app", ".github/ISSUE_TEMPLATE/db-migration.md",
                  fixture("fixtures/templates/db-migration.md"));
    fake.put_file("acme", "app", ".github/ISSUE_TEMPLATE/bug.md", kBugTemplate);
    fake.with_state([&](FakeGitHubState& state) {
      for (int number = 1; number <= issue_count + pull_requests; ++number) {
        FakeIssue issue;
        issue.number = number;
        const std::string& kind = kKinds[static_cast<std::size_t>(number % 4)];
        issue.title = kind.empty() ? "Spelling error in the README file"
                                   : "[DB] Add audit_log table for booking changes";
        issue.body = kind.empty() ? "It looks like you accidently spelled 'commit' wrong."
                                  : fixture("fixtures/issues/" + kind + ".md");
        issue.is_pull_request = number > issue_count;
        state.add_issue("acme", "app", issue);
      }
      // A closed issue is not swept.
      FakeIssue closed;
      closed.number = 10'000;
      closed.state = "closed";
      closed.body = fixture("fixtures/issues/two-impacts.md");
      state.add_issue("acme", "app", closed);
    });
  }

  ProcessResult sweep(std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"sweep", "acme/app", "--state", state_path()};
    args.insert(args.end(), extra.begin(), extra.end());
    return run(args);
  }

  // `issuelint ARGS` with the fake's URL and token.
  ProcessResult run(const std::vector<std::string>& args) {
    return run_issuelint(
        args,
        {{"ISSUELINT_GITHUB_TOKEN", "test-token"}, {"ISSUELINT_GITHUB_API_URL", fake.base_url()}},
        dir);
  }

  std::string state_path() const { return (dir / "state" / "sweep.json").string(); }

  std::size_t comment_posts() const {
    const auto writes = fake.writes();
    return static_cast<std::size_t>(std::count_if(writes.begin(), writes.end(), [](const auto& r) {
      return r.method == "POST" && r.path.ends_with("/comments");
    }));
  }

  // Every issue that matches has exactly one report comment; no other issue has any.
  void check_each_triaged_once() {
    const FakeGitHubState state = fake.snapshot();
    const FakeRepo& repo = state.repos().at({"acme", "app"});
    for (const auto& [number, issue] : repo.issues) {
      INFO("#" << number);
      const bool matches = !issue.is_pull_request && issue.state == "open" &&
                           !kKinds[static_cast<std::size_t>(number % 4)].empty();
      CHECK(report_comment_count(issue) == (matches ? 1u : 0u));
    }
  }
};

// The summary table's rows: "  name    value".
std::map<std::string, int> table_of(const std::string& out) {
  std::map<std::string, int> rows;
  static const std::regex kRow(R"(^  ([a-z ]+?) +(\d+)$)");
  for (const std::string& line : lines_of(out)) {
    std::smatch match;
    if (std::regex_match(line, match, kRow)) rows[match[1].str()] = std::stoi(match[2].str());
  }
  return rows;
}

void check_table(const std::string& out, const Expected& expected, int errors = 0) {
  const auto table = table_of(out);
  CHECK(table.at("issues seen") == expected.seen);
  CHECK(table.at("matched") == expected.matched);
  CHECK(table.at("clean") == expected.clean);
  CHECK(table.at("needing info") == expected.needs_info);
  CHECK(table.at("labels changed") == expected.labels);
  CHECK(table.at("comments written") == expected.comments);
  CHECK(table.at("errors") == errors);
}

}  // namespace

TEST_CASE("sweep: 250 open issues over 3 pages, pull requests and closed issues skipped") {
  SweepBench bench(250, 12);
  const ProcessResult result = bench.sweep();
  INFO(result.out << result.err.substr(0, 2000));
  REQUIRE(result.exit_code == 0);

  const auto requests = bench.fake.requests();
  // The first page asked for, the others where GitHub's Link said, as it said it (an absolute
  // /repositories/{id}/... URL): never a page number made up here.
  std::set<std::string> pages;
  int first_pages = 0;
  for (const auto& request : requests) {
    if (request.method != "GET") continue;
    const bool first = request.path == "/repos/acme/app/issues";
    const bool linked =
        request.path.starts_with("/repositories/") && request.path.ends_with("/issues");
    if (!first && !linked) continue;
    first_pages += first ? 1 : 0;
    CHECK(request.query.find("state=open") != std::string::npos);
    CHECK(request.query.find("per_page=100") != std::string::npos);
    pages.insert(request.path + "?" + request.query);
  }
  CHECK(first_pages == 1);
  CHECK(pages.size() == 3);  // 262 items listed: 100 + 100 + 62
  for (const auto& request : requests) {
    INFO(request.method << " " << request.path);
    CHECK_FALSE(
        request.path.starts_with("/repos/acme/app/issues/25"
                                 "1"));  // the first pull request is never fetched
  }
  bench.check_each_triaged_once();
  check_table(result.out, expected_for(250));
  CHECK(result.out.find("finished") != std::string::npos);
  // Not a terminal: one plain progress line per issue.
  CHECK(count_lines_starting(result.err, "sweep: ") == 251);  // the listing line + 250
  CHECK(result.err.find('\r') == std::string::npos);

  SECTION("a second sweep finds nothing to change and writes nothing") {
    bench.fake.clear_requests();
    const ProcessResult again = bench.sweep();
    CHECK(again.exit_code == 0);
    CHECK(bench.fake.writes().empty());
    Expected unchanged = expected_for(250);
    unchanged.labels = 0;
    unchanged.comments = 0;
    check_table(again.out, unchanged);
  }
}

TEST_CASE("sweep: --dry-run writes nothing, reports what it would write, keeps no state") {
  SweepBench bench(60);
  const ProcessResult result = bench.sweep({"--dry-run"});
  INFO(result.out << result.err.substr(0, 2000));
  REQUIRE(result.exit_code == 0);
  CHECK(bench.fake.writes().empty());
  const Expected expected = expected_for(60);
  check_table(result.out, expected);
  CHECK(result.out.find("dry run: nothing written") != std::string::npos);
  CHECK(count_lines_starting(result.out, "#") >= static_cast<std::size_t>(expected.comments));
  std::size_t would_comment = 0;
  for (const std::string& line : lines_of(result.out)) {
    if (line.find(": would create the triage comment on #") != std::string::npos) ++would_comment;
  }
  CHECK(would_comment == static_cast<std::size_t>(expected.comments));
  CHECK_FALSE(std::filesystem::exists(bench.state_path()));
}

TEST_CASE("sweep: under unmatched: comment, the comments on unmatched issues are counted") {
  SweepBench bench(8);  // #3 and #7 match no template
  bench.fake.put_file("acme", "app", ".github/issuelint.yml", "unmatched: comment\n");
  Expected expected = expected_for(8);
  expected.comments += 2;

  const ProcessResult dry = bench.sweep({"--dry-run"});
  INFO(dry.out << dry.err.substr(0, 2000));
  REQUIRE(dry.exit_code == 0);
  CHECK(bench.fake.writes().empty());
  check_table(dry.out, expected);
  for (const int unmatched : {3, 7}) {
    const std::string number = std::to_string(unmatched);
    CHECK(count_lines_starting(
              dry.out, "#" + number + ": would create the triage comment on #" + number) == 1);
  }

  const ProcessResult real = bench.sweep();
  INFO(real.out << real.err.substr(0, 2000));
  REQUIRE(real.exit_code == 0);
  CHECK(bench.comment_posts() == 8);
  check_table(real.out, expected);
}

TEST_CASE("sweep: stopped by --limit, resumed by running it again, each issue triaged once") {
  SweepBench bench(90);
  const ProcessResult first = bench.sweep({"--limit", "35"});
  INFO(first.out << first.err.substr(0, 2000));
  REQUIRE(first.exit_code == 0);
  CHECK(first.out.find("stopped by --limit") != std::string::npos);
  CHECK(first.out.find("run the same command again to continue after #35") != std::string::npos);
  const json state = json::parse(read_text(bench.state_path()));
  CHECK(state["last_completed"] == 35);
  CHECK(state["finished"] == false);
  check_table(first.out, expected_for(35));
  for (int number : {36, 37, 89})
    CHECK(report_comment_count(*bench.fake.issue("acme", "app", number)) == 0);

  const ProcessResult second = bench.sweep();
  INFO(second.out << second.err.substr(0, 2000));
  REQUIRE(second.exit_code == 0);
  CHECK(second.out.find("resumed after #35; 55 issues in this run") != std::string::npos);
  check_table(second.out, expected_for(90));  // totals over both runs
  bench.check_each_triaged_once();
  CHECK(bench.comment_posts() == static_cast<std::size_t>(expected_for(90).comments));

  SECTION("a finished sweep starts afresh; --restart does too") {
    bench.fake.clear_requests();
    const ProcessResult third = bench.sweep();
    CHECK(third.exit_code == 0);
    CHECK(table_of(third.out).at("issues seen") == 90);
    CHECK(bench.fake.writes().empty());
  }
}

TEST_CASE("sweep: bad input is a clear error and touches nothing") {
  SweepBench bench(4);
  SECTION("not OWNER/REPO") {
    // A name of 100,000 bytes crashed std::regex_match, which recursed once a character.
    const std::string name =
        GENERATE(as<std::string>(), "acme", "acme/..", "acme/.", "/app", "acme/", "ac me/app",
                 "acme/a/b", std::string(100000, 'a') + "/b c");
    INFO(name);
    const ProcessResult result =
        run_issuelint({"sweep", name, "--state", bench.state_path()},
                      {{"ISSUELINT_GITHUB_TOKEN", "test-token"},
                       {"ISSUELINT_GITHUB_API_URL", bench.fake.base_url()}},
                      bench.dir);
    CHECK(result.exit_code == 2);
    CHECK(result.err.find("expected OWNER/REPO") != std::string::npos);
    CHECK(bench.fake.requests().empty());
  }
  SECTION("an owner with '_' (a managed user's) is asked of GitHub") {
    const ProcessResult result =
        bench.run({"sweep", "jdoe_acme/app", "--state", bench.state_path()});
    CHECK(result.exit_code == 2);
    CHECK(result.err.find("expected OWNER/REPO") == std::string::npos);
    CHECK(result.out.find("no such repository, or the token cannot see it") != std::string::npos);
  }
  SECTION("no credentials") {
    const ProcessResult result = run_issuelint(
        {"sweep", "acme/app"}, {{"ISSUELINT_GITHUB_API_URL", bench.fake.base_url()}}, bench.dir);
    CHECK(result.exit_code == 2);
    CHECK(result.err.find("no GitHub credentials") != std::string::npos);
  }
  SECTION("a state file from another repository's sweep") {
    std::filesystem::create_directories(std::filesystem::path(bench.state_path()).parent_path());
    write_text(bench.state_path(), R"({"repository":"other/repo","last_completed":3})");
    const ProcessResult result = bench.sweep();
    CHECK(result.exit_code == 2);
    CHECK(result.err.find("belongs to the sweep of other/repo") != std::string::npos);
  }
  SECTION("a repository the token cannot see: said so, and no 'continue after #0'") {
    const ProcessResult result = bench.run({"sweep", "acme/nope", "--state", bench.state_path()});
    CHECK(result.exit_code == 2);
    CHECK(result.out.find("no such repository, or the token cannot see it") != std::string::npos);
    CHECK(result.out.find("could not be reached") == std::string::npos);
    CHECK(result.out.find("continue after") == std::string::npos);
  }
  SECTION("a --limit that is not a whole number is named, not a 309-digit range") {
    for (const std::string limit : {"-1", "x", "1e3", "99999999999"}) {
      INFO(limit);
      const ProcessResult result = bench.sweep({"--limit", limit});
      CHECK(result.exit_code == 2);
      CHECK(result.err.find("expected a whole number") != std::string::npos);
      CHECK(result.err.size() < 300);
    }
  }
  SECTION("--state all (gh's issue filter) is refused, not taken for a file named 'all'") {
    for (const std::string state : {"all", "closed", "open"}) {
      INFO(state);
      const ProcessResult result = bench.run({"sweep", "acme/app", "--state", state});
      CHECK(result.exit_code == 2);
      CHECK(result.err.find("not which issues to sweep") != std::string::npos);
      CHECK(result.err.find("write ./" + state) != std::string::npos);
      CHECK(!std::filesystem::exists(state));
    }
    CHECK(bench.fake.requests().empty());
  }
  SECTION("a state file that cannot be written stops the sweep before any write to GitHub") {
    const ProcessResult result =
        bench.run({"sweep", "acme/app", "--state", "/proc/issuelint-sweep.json"});
    CHECK(result.exit_code == 2);
    CHECK(result.err.find("cannot write the sweep state") != std::string::npos);
    CHECK(result.out.find("continue after") == std::string::npos);
  }
  SECTION("a state file that is not one") {
    std::filesystem::create_directories(std::filesystem::path(bench.state_path()).parent_path());
    write_text(bench.state_path(), "garbage");
    const ProcessResult result = bench.sweep();
    CHECK(result.exit_code == 2);
    CHECK(result.err.find("not a sweep state file") != std::string::npos);
  }
  CHECK(bench.fake.writes().empty());
}

namespace {

class NoDisplay final : public sweep::SweepObserver {
 public:
  void listed(int, int) override {}
  void issue_done(int, int, int number, const TriageOutcome&) override { done.push_back(number); }
  std::vector<int> done;
};

std::unique_ptr<github::HttpGitHubClient> fast_client(const FakeGitHub& fake) {
  github::HttpClientOptions http;
  http.base_url = fake.base_url();
  http.mutation_spacing = std::chrono::milliseconds(0);
  http.initial_backoff = std::chrono::milliseconds(20);
  http.max_backoff = std::chrono::milliseconds(100);
  auto client = github::HttpGitHubClient::create(
      http, std::make_shared<github::StaticTokenSource>("test-token"),
      std::make_shared<github::SystemClock>());
  REQUIRE(client.ok());
  return std::move(*client);
}

// One sweep of the whole repository, in process, with `fault` injected first.
sweep::SweepRun sweep_with_fault(SweepBench& bench, const Fault& fault) {
  bench.fake.inject(fault);
  auto client = fast_client(bench.fake);
  NoDisplay display;
  return sweep::run_sweep(*client, {"acme", "app"}, sweep::SweepState{}, {}, display);
}

}  // namespace

TEST_CASE("sweep: GitHub failing on every issue stops the sweep and the re-run does each once") {
  SweepBench bench(40);
  auto client = fast_client(bench.fake);
  const std::string path = bench.state_path();
  sweep::SweepOptions options;
  options.save = [&](const sweep::SweepState& state) {
    return sweep::save_sweep_state(path, state);
  };
  NoDisplay display;
  // After issue 29, GitHub fails every request past every retry: GitHub, not the issues.
  options.stop = [&] {
    if (display.done.size() == 29) {
      Fault fault;
      fault.kind = FaultKind::server_error;
      fault.times = 100000;
      fault.path_prefix = "/repos/acme/app/";
      bench.fake.inject(fault);
    }
    return false;
  };
  const sweep::SweepRun first =
      sweep::run_sweep(*client, {"acme", "app"}, sweep::SweepState{}, options, display);
  REQUIRE(first.end == sweep::SweepRun::End::github_unavailable);
  CHECK(first.reason.starts_with("#32: "));  // three in a row: #30, #31, #32
  options.stop = {};

  auto saved = sweep::load_sweep_state(path);
  REQUIRE(saved.ok());
  REQUIRE(saved->has_value());
  CHECK((*saved)->last_completed == 29);  // the streak is not recorded as failed issues
  CHECK((*saved)->counts.seen == 29);
  CHECK((*saved)->failed.empty());

  bench.fake.clear_faults();
  NoDisplay second_display;
  const sweep::SweepRun second =
      sweep::run_sweep(*client, {"acme", "app"}, std::move(**saved), options, second_display);
  REQUIRE(second.end == sweep::SweepRun::End::finished);
  CHECK(second_display.done.front() == 30);
  CHECK(second.state.counts.seen == 40);
  CHECK(second.state.counts.errors == 0);
  CHECK(second.state.counts.comments_written == expected_for(40).comments);
  CHECK(second.state.counts.labels_changed == expected_for(40).labels);
  bench.check_each_triaged_once();
}

// The labels are written before the comment post fails: counted from that failed attempt.
TEST_CASE("sweep: a transient failure on one issue is triaged again at once, counted once") {
  SweepBench bench(8);
  // Once: the comment post is not repeated by the client, the triage is.
  const sweep::SweepRun run = sweep_with_fault(
      bench, {FaultKind::server_error, 1, "POST", "/repos/acme/app/issues/6/comments"});
  CHECK(run.end == sweep::SweepRun::End::finished);
  CHECK(run.state.counts.errors == 0);
  CHECK(run.state.counts.labels_changed == expected_for(8).labels);
  CHECK(run.state.counts.comments_written == expected_for(8).comments);
  bench.check_each_triaged_once();
}

TEST_CASE("sweep: an interruption stops between issues with the state saved") {
  SweepBench bench(12);
  auto client = fast_client(bench.fake);
  NoDisplay display;
  sweep::SweepOptions options;
  options.stop = [&display] { return display.done.size() == 5; };
  std::optional<sweep::SweepState> saved;
  options.save = [&](const sweep::SweepState& state) -> Status {
    saved = state;
    return Ok{};
  };
  const sweep::SweepRun run =
      sweep::run_sweep(*client, {"acme", "app"}, sweep::SweepState{}, options, display);
  CHECK(run.end == sweep::SweepRun::End::interrupted);
  REQUIRE(saved);
  CHECK(saved->last_completed == 5);
  CHECK_FALSE(saved->finished);
  CHECK(report_comment_count(*bench.fake.issue("acme", "app", 6)) == 0);
}

TEST_CASE("sweep: an issue GitHub refuses or keeps failing on is an error and the sweep goes on") {
  // Its comments cannot be listed: for good (404; a deleted issue is skipped instead: see
  // repository_triage_test), or 502 past every retry (a huge thread timing out).
  for (const FaultKind kind : {FaultKind::not_found, FaultKind::bad_gateway}) {
    INFO(static_cast<int>(kind));
    SweepBench bench(8);
    const sweep::SweepRun run =
        sweep_with_fault(bench, {kind, 1000, "GET", "/repos/acme/app/issues/6/comments"});
    CHECK(run.end == sweep::SweepRun::End::finished);
    CHECK(run.state.counts.errors == 1);
    CHECK(run.state.failed == std::vector<int>{6});
    CHECK(run.state.counts.seen == 8);
    CHECK(report_comment_count(*bench.fake.issue("acme", "app", 5)) == 1);  // the next one matching
    const std::string summary = sweep::render_sweep_summary(run, false, "state.json");
    CHECK(summary.find("could not triage: #6") != std::string::npos);
    CHECK(table_of(summary).at("errors") == 1);
  }
}

TEST_CASE("sweep: a token GitHub refuses stops the sweep at the first issue, with the hint") {
  // A workflow without `permissions: issues: write`: every write answers 403 "Resource not
  // accessible by integration". Going on would fail the whole backlog, request by request.
  SweepBench bench(40);
  const sweep::SweepRun run =
      sweep_with_fault(bench, {FaultKind::not_accessible, 1000, "POST", "/repos/acme/app/"});
  CHECK(run.end == sweep::SweepRun::End::github_refused);
  CHECK(run.handled == 0);
  CHECK(run.state.failed.empty());
  CHECK(run.state.last_completed == 0);  // a re-run, the token mended, starts from it
  CHECK(run.reason.find("permissions: issues: write") != std::string::npos);
  const std::string summary = sweep::render_sweep_summary(run, false, "state.json");
  CHECK(summary.find("continue from the first issue") != std::string::npos);
  CHECK(summary.find("#0") == std::string::npos);
}

TEST_CASE("sweep: a state that could not be saved is not offered to continue from") {
  sweep::SweepRun run;
  run.listed = true;
  run.state.last_completed = 1;
  run.end = sweep::SweepRun::End::state_not_saved;
  run.reason = "cannot write the sweep state";
  CHECK(sweep::render_sweep_summary(run, false, "state.json").find("continue after") ==
        std::string::npos);
  run.end = sweep::SweepRun::End::interrupted;
  CHECK(sweep::render_sweep_summary(run, false, "state.json").find("continue after #1") !=
        std::string::npos);
}

TEST_CASE("sweep: a bar on a terminal, plain lines otherwise") {
  CHECK(sweep::progress_bar(25, 100, 20) == "[#####---------------] 25/100");
  CHECK(sweep::progress_bar(0, 0, 4) == "[####] 0/0");
  const TriageOutcome outcome{TriageOutcome::Status::done, "needs-info, labels +1 -0", 0};
  std::ostringstream terminal;
  sweep::ProgressDisplay bar(terminal, true);
  bar.issue_done(1, 4, 17, outcome);
  bar.issue_done(2, 4, 18, outcome);
  bar.finish();
  CHECK(terminal.str() ==
        "\r[#######-----------------------] 1/4  #17\x1b[K"
        "\r[###############---------------] 2/4  #18\x1b[K\n");
  std::ostringstream plain;
  sweep::ProgressDisplay lines(plain, false);
  lines.issue_done(1, 4, 17, outcome);
  CHECK(plain.str() == "sweep: 1/4 #17: needs-info, labels +1 -0\n");
}

TEST_CASE("sweep: a log line under the bar gets a line of its own, the bar drawn again below") {
  const TriageOutcome outcome{TriageOutcome::Status::done, "needs-info, labels +1 -0", 0};
  std::ostringstream terminal;
  sweep::ProgressDisplay bar(terminal, true);
  bar.log("issuelint: before any bar");
  bar.issue_done(1, 4, 17, outcome);
  bar.log("issuelint: GET /repos/acme/app/issues/18: 500 Server Error (attempt 1)");
  CHECK(terminal.str() ==
        "issuelint: before any bar\n"
        "\r[#######-----------------------] 1/4  #17\x1b[K"
        "\r\x1b[Kissuelint: GET /repos/acme/app/issues/18: 500 Server Error (attempt 1)\n"
        "[#######-----------------------] 1/4  #17\x1b[K");
  std::ostringstream plain;
  sweep::ProgressDisplay lines(plain, false);
  lines.issue_done(1, 4, 17, outcome);
  lines.log("issuelint: waiting");
  CHECK(plain.str() == "sweep: 1/4 #17: needs-info, labels +1 -0\nissuelint: waiting\n");
}

namespace {

// Every issue of the bench written from the fixture draft `kind`, under the flagship's title.
void write_every_issue_from(SweepBench& bench, const std::string& kind) {
  const std::string body = fixture("fixtures/issues/" + kind + ".md");
  bench.fake.with_state([&](FakeGitHubState& state) {
    for (auto& [number, issue] : state.repos().at({"acme", "app"}).issues) {
      issue.title = "[DB] Add audit_log table for booking changes";
      issue.body = body;
    }
  });
}

bool has_label(const FakeIssue& issue, const std::string& name) {
  return std::find(issue.labels.begin(), issue.labels.end(), name) != issue.labels.end();
}

}  // namespace

// The bot takes needs-info off, then cannot update the report that records it (GitHub failing):
// the next run must not read the label's absence as a person's removal, or needs-info would never
// go back on once the issue lacks information again.
TEST_CASE("sweep: labels changed by a triage whose report failed are the bot's in the next run") {
  SweepBench bench(3);
  write_every_issue_from(bench, "checklist-unticked");  // needs-info
  auto client = fast_client(bench.fake);
  NoDisplay display;
  sweep::SweepOptions options;
  const std::string path = bench.state_path();
  options.save = [&](const sweep::SweepState& state) {
    return sweep::save_sweep_state(path, state);
  };
  REQUIRE(sweep::run_sweep(*client, {"acme", "app"}, {}, options, display).end ==
          sweep::SweepRun::End::finished);

  write_every_issue_from(bench, "complete-audit-log");  // needs-info comes off
  Fault fault{FaultKind::server_error, 100000, "PATCH", "/repos/acme/app/issues/comments/"};
  bench.fake.inject(fault);
  const sweep::SweepRun failing = sweep::run_sweep(*client, {"acme", "app"}, {}, options, display);
  REQUIRE(failing.end == sweep::SweepRun::End::github_unavailable);
  for (int number : {1, 2, 3})
    CHECK_FALSE(has_label(*bench.fake.issue("acme", "app", number), "needs-info"));
  auto saved = sweep::load_sweep_state(path);
  REQUIRE(saved.ok());
  REQUIRE(saved->has_value());
  REQUIRE((*saved)->unrecorded.size() == 3);
  CHECK((*saved)->unrecorded.at(2).removed == std::vector<std::string>{"needs-info"});

  bench.fake.clear_faults();
  const sweep::SweepRun resumed =
      sweep::run_sweep(*client, {"acme", "app"}, std::move(**saved), options, display);
  REQUIRE(resumed.end == sweep::SweepRun::End::finished);
  CHECK(resumed.state.unrecorded.empty());  // the reports record them now

  write_every_issue_from(bench, "checklist-unticked");
  const sweep::SweepRun again = sweep::run_sweep(*client, {"acme", "app"}, {}, options, display);
  REQUIRE(again.end == sweep::SweepRun::End::finished);
  for (int number : {1, 2, 3}) {
    INFO("#" << number);
    const FakeIssue issue = *bench.fake.issue("acme", "app", number);
    CHECK(has_label(issue, "needs-info"));
    CHECK(report_comment_count(issue) == 1);
  }
}

// The state file carries them to the next command, also past a finished sweep and --restart.
TEST_CASE("sweep: the state file hands unrecorded label changes to the issue's next sweep") {
  SweepBench bench(1);
  write_every_issue_from(bench, "checklist-unticked");
  REQUIRE(bench.sweep().exit_code == 0);
  // needs-info taken off #1 without a report recording it (its comment could not be written).
  bench.fake.with_state([](FakeGitHubState& state) {
    auto& labels = state.repos().at({"acme", "app"}).issues.at(1).labels;
    labels.erase(std::remove(labels.begin(), labels.end(), "needs-info"), labels.end());
  });
  const auto state_with = [&](const std::string& unrecorded, bool finished) {
    write_text(bench.state_path(),
               R"({"repository": "acme/app", "last_completed": 1, "finished": )" +
                   std::string(finished ? "true" : "false") + R"(, "unrecorded": )" + unrecorded +
                   "}");
  };
  const std::string removed = R"({"1": {"removed": ["needs-info"]}})";
  std::vector<std::string> extra;
  SECTION("after a finished sweep") { state_with(removed, true); }
  SECTION("with --restart") {
    state_with(removed, false);
    extra.push_back("--restart");
  }
  SECTION("none recorded: the label a person removed stays off") {
    state_with("{}", true);
    const ProcessResult result = bench.sweep();
    REQUIRE(result.exit_code == 0);
    CHECK_FALSE(has_label(*bench.fake.issue("acme", "app", 1), "needs-info"));
    return;
  }
  const ProcessResult result = bench.sweep(extra);
  INFO(result.out << result.err);
  REQUIRE(result.exit_code == 0);
  CHECK(has_label(*bench.fake.issue("acme", "app", 1), "needs-info"));
  const json state = json::parse(read_text(bench.state_path()));
  CHECK(state["unrecorded"] == json::object());
}

// json::value() threw on a member of another type: a state file edited by hand ended the sweep
// with std::terminate. Such a member is read as a missing one.
TEST_CASE("sweep: a state file's members of another type are read as missing ones") {
  SweepBench bench(1);
  std::filesystem::create_directories(std::filesystem::path(bench.state_path()).parent_path());
  write_text(bench.state_path(),
             R"({"repository": "acme/app", "last_completed": 2, "finished": "yes",
                 "counts": {"seen": "3", "clean": 4, "errors": 1.5}})");
  const auto state = sweep::load_sweep_state(bench.state_path());
  REQUIRE(state.ok());
  REQUIRE(state->has_value());
  const sweep::SweepState& loaded = **state;
  CHECK(loaded.last_completed == 2);
  CHECK_FALSE(loaded.finished);
  CHECK(loaded.counts.seen == 0);
  CHECK(loaded.counts.clean == 4);
  CHECK(loaded.counts.errors == 0);
}

// GitHub answers the listing of a repository whose Issues feature is off with 410 "Issues are
// disabled for this repo": GitHub answered, and no re-run mends it.
TEST_CASE("sweep: a repository with issues turned off is said as such, not as GitHub unreachable") {
  SweepBench bench(3);
  const sweep::SweepRun run =
      sweep_with_fault(bench, {FaultKind::gone, 1, "GET", "/repos/acme/app/issues"});
  CHECK(run.end == sweep::SweepRun::End::github_refused);
  CHECK(run.reason.find("the repository has issues turned off") != std::string::npos);
  CHECK(run.reason.find("410") != std::string::npos);
  CHECK(bench.fake.writes().empty());
  const std::string summary = sweep::render_sweep_summary(run, false, "state.json");
  CHECK(summary.find("could not be reached") == std::string::npos);
  CHECK(summary.find("continue") == std::string::npos);
}
