// End to end over loopback: the real HTTP client against the fake GitHub, the repository's own
// template, triage(), apply_verdict(). Asserts on the fake's final state and its request log.
#include "bot/repository_triage.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include "bot/github/clock.h"
#include "bot/github/http_github_client.h"
#include "bot/report/comment_report.h"
#include "tests/fake_github/fake_github.h"

namespace fs = std::filesystem;
using namespace issuelint;

namespace {

std::string fixture(const std::string& relative) {
  std::ifstream file(std::string(ISSUELINT_SOURCE_DIR) + "/" + relative, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

bool has_label(const testing::FakeIssue& issue, const std::string& name) {
  return std::find(issue.labels.begin(), issue.labels.end(), name) != issue.labels.end();
}

struct Bench {
  testing::FakeGitHub fake;
  std::unique_ptr<github::HttpGitHubClient> client;
  IssueJob job;

  explicit Bench(testing::FakeGitHubOptions options = {}, const std::string& token = "test-token")
      : fake(std::move(options)) {
    REQUIRE(fake.start());
    fake.add_repo("acme", "app");
    fake.put_file("acme", "app", ".github/ISSUE_TEMPLATE/db-migration.md",
                  fixture("fixtures/templates/db-migration.md"));
    github::HttpClientOptions http;
    http.base_url = fake.base_url();
    http.mutation_spacing = std::chrono::milliseconds(0);
    http.initial_backoff = std::chrono::milliseconds(20);  // a request failing 4 times: < 0.2 s
    auto made =
        github::HttpGitHubClient::create(http, std::make_shared<github::StaticTokenSource>(token),
                                         std::make_shared<github::SystemClock>());
    REQUIRE(made.ok());
    client = std::move(*made);
    job.owner = "acme";
    job.repo = "app";
    job.issue_number = 7;
  }

  void open_issue(const std::string& body_fixture, const std::string& title) {
    testing::FakeIssue issue;
    issue.number = 7;
    issue.title = title;
    issue.body = fixture(body_fixture);
    issue.labels = {"database", "migration"};
    fake.add_issue("acme", "app", issue);
  }

  // An issue written without a template: a blank issue.
  void open_blank_issue() {
    testing::FakeIssue issue;
    issue.number = 7;
    issue.title = "Spelling mistake on the home page";
    issue.body = "The word 'recieve' on the home page is misspelt.";
    fake.add_issue("acme", "app", issue);
  }

  void edit_body(const std::string& body_fixture) {
    const std::string body = fixture(body_fixture);
    change_issue([&](testing::FakeIssue& issue) { issue.body = body; });
  }
  void change_issue(const std::function<void(testing::FakeIssue&)>& change) {
    fake.with_state([&](testing::FakeGitHubState& state) {
      change(state.repos()[{"acme", "app"}].issues[7]);
    });
  }

  // The issue fixed while every edit of the report answers 502: needs-info comes off before
  // the comment that would record it can be written.
  void fix_with_report_edits_failing() {
    edit_body("fixtures/issues/complete-audit-log.md");
    fake.inject({.kind = testing::FaultKind::bad_gateway,
                 .times = 1000,
                 .method = "PATCH",
                 .path_prefix = "/repos/acme/app/issues/comments/"});
  }

  TriageOutcome run() { return triage_issue_on_github(*client, job, {}); }
  TriageOutcome run_keeping(CatalogCache& catalogs) {
    return triage_issue_on_github(*client, job, {}, nullptr, &catalogs);
  }
  testing::FakeIssue issue() { return *fake.issue("acme", "app", 7); }
  // Every fetch of issue 7 (and of what lies under it) meets `kind`, more times than a job retries.
  void fail_issue_fetches(testing::FaultKind kind) {
    testing::Fault fault;
    fault.kind = kind;
    fault.times = 20;
    fault.method = "GET";
    fault.path_prefix = "/repos/acme/app/issues/7";
    fake.inject(fault);
  }
  std::size_t report_comments() {
    const auto comments = issue().comments;
    return std::count_if(comments.begin(), comments.end(),
                         [](const testing::FakeComment& c) { return is_report_comment(c.body); });
  }
};

}  // namespace

TEST_CASE("opened, re-checked, fixed, and a person's label removal honoured") {
  Bench bench;
  bench.open_issue("fixtures/issues/data-migration-contradiction.md", "[DB] Add audit_log table");

  const auto first = bench.run();
  INFO(first.detail);
  REQUIRE(first.status == TriageOutcome::Status::done);
  CHECK(has_label(bench.issue(), "needs-info"));
  CHECK(has_label(bench.issue(), "migration:data"));
  CHECK(has_label(bench.issue(), "database"));  // template labels are never touched
  CHECK(bench.report_comments() == 1);
  const auto managed = bench.fake.repo_labels("acme", "app");
  const auto needs_info = std::find_if(
      managed.begin(), managed.end(), [](const auto& label) { return label.name == "needs-info"; });
  REQUIRE(needs_info != managed.end());
  CHECK(needs_info->color == "d93f0b");  // created with its colour before it was added

  SECTION("an unchanged issue costs no write") {
    bench.fake.clear_requests();
    REQUIRE(bench.run().status == TriageOutcome::Status::done);
    CHECK(bench.fake.writes().empty());
  }

  SECTION("fixed: needs-info removed, the same comment now says so") {
    bench.edit_body("fixtures/issues/complete-audit-log.md");
    REQUIRE(bench.run().status == TriageOutcome::Status::done);
    CHECK_FALSE(has_label(bench.issue(), "needs-info"));
    CHECK_FALSE(has_label(bench.issue(), "migration:data"));
    CHECK(bench.report_comments() == 1);
    const auto comments = bench.issue().comments;
    const auto report = std::find_if(comments.begin(), comments.end(),
                                     [](const auto& c) { return is_report_comment(c.body); });
    CHECK(report->body.find("everything the template asks for is here") != std::string::npos);
  }

  SECTION("a label a person removed is not added again") {
    bench.fake.with_state([](testing::FakeGitHubState& state) {
      std::erase(state.repos()[{"acme", "app"}].issues[7].labels, std::string("migration:data"));
    });
    REQUIRE(bench.run().status == TriageOutcome::Status::done);
    CHECK_FALSE(has_label(bench.issue(), "migration:data"));
    CHECK(has_label(bench.issue(), "needs-info"));
    REQUIRE(bench.run().status == TriageOutcome::Status::done);
    CHECK_FALSE(has_label(bench.issue(), "migration:data"));
  }
}

TEST_CASE("a report whose hidden state line a person edited away does not make labels stick") {
  Bench bench;
  bench.open_issue("fixtures/issues/data-migration-contradiction.md", "[DB] Add audit_log table");
  REQUIRE(bench.run().status == TriageOutcome::Status::done);
  REQUIRE(has_label(bench.issue(), "needs-info"));
  // A maintainer edits the report in the web editor, where the hidden lines show, and drops the
  // second one (GitHub keeps the comment's author: it is still the bot's report).
  bench.change_issue([](testing::FakeIssue& issue) {
    for (auto& comment : issue.comments) {
      if (!is_report_comment(comment.body)) continue;
      const std::size_t second = comment.body.find('\n') + 1;
      comment.body.erase(second, comment.body.find('\n', second) + 1 - second);
      comment.body += "\r\nEdited: see also #12";
    }
  });
  REQUIRE(bench.run().status == TriageOutcome::Status::done);  // the report is written anew
  bench.edit_body("fixtures/issues/complete-audit-log.md");
  REQUIRE(bench.run().status == TriageOutcome::Status::done);
  CHECK_FALSE(has_label(bench.issue(), "needs-info"));  // the bot's, so it comes off
  CHECK_FALSE(has_label(bench.issue(), "migration:data"));
  CHECK(has_label(bench.issue(), "database"));  // the template's, never touched
  CHECK(bench.report_comments() == 1);
}

TEST_CASE("a person's comment carrying the marker is neither read nor edited as the report") {
  Bench bench;
  bench.open_issue("fixtures/issues/data-migration-contradiction.md", "[DB] Add audit_log table");
  // The marker line is invisible on GitHub: quoting the bot's comment copies it along.
  const std::string person_body =
      "<!-- issuelint:report -->\nI copied the bot's marker while quoting; my notes follow.";
  bench.fake.add_comment("acme", "app", 7, {0, person_body, "octocat", false});
  for (const std::string login : {"", "github-actions[bot]"}) {
    INFO("bot login '" << login << "'");
    RepositoryTriageOptions options;
    options.bot_login = login;
    REQUIRE(triage_issue_on_github(*bench.client, bench.job, options).status ==
            TriageOutcome::Status::done);
  }
  const auto comments = bench.issue().comments;
  REQUIRE(comments.size() == 2);
  CHECK(comments[0].body == person_body);
  CHECK(comments[1].author == "issuelint[bot]");
}

TEST_CASE("GitHub failing transiently is a retry, nothing is posted twice") {
  Bench bench;
  bench.open_issue("fixtures/issues/data-migration-contradiction.md", "[DB] Add audit_log table");
  bench.fail_issue_fetches(testing::FaultKind::server_error);
  const auto failed = bench.run();
  CHECK(failed.status == TriageOutcome::Status::retry);
  CHECK(bench.report_comments() == 0);
  bench.fake.clear_faults();
  REQUIRE(bench.run().status == TriageOutcome::Status::done);
  REQUIRE(bench.run().status == TriageOutcome::Status::done);
  CHECK(bench.report_comments() == 1);
}

TEST_CASE("a GitHub that does not answer is said so, not 'answered 0'") {
  Bench bench;
  bench.open_issue("fixtures/issues/data-migration-contradiction.md", "[DB] Add audit_log table");
  bench.fail_issue_fetches(testing::FaultKind::drop_connection);
  const auto failed = bench.run();
  CHECK(failed.status == TriageOutcome::Status::retry);
  CHECK_THAT(failed.detail, Catch::Contains("fetching the issue: GitHub did not answer: GET "));
  CHECK_THAT(failed.detail, !Catch::Contains("answered 0"));
  CHECK(bench.report_comments() == 0);
}

TEST_CASE("an answer of a shape GitHub does not send is said as answered, not as no answer") {
  Bench bench;
  bench.open_issue("fixtures/issues/data-migration-contradiction.md", "[DB] Add audit_log table");
  bench.fake.inject({.kind = testing::FaultKind::replaced_body,
                     .times = 20,
                     .method = "GET",
                     .path_prefix = "/repos/acme/app/issues/7/comments",
                     .body = R"({"message": "a proxy's idea of a listing"})"});
  const auto failed = bench.run();
  CHECK(failed.status == TriageOutcome::Status::failed);
  CHECK_THAT(failed.detail,
             Catch::Contains("listing comments: GitHub answered 200: GitHub sent comments that "
                             "are not a list"));
  CHECK_THAT(failed.detail, !Catch::Contains("did not answer"));
}

TEST_CASE("an API error names GitHub's status, or that no answer came") {
  CHECK(github::ApiError{502, "Bad Gateway"}.answer() == "GitHub answered 502: Bad Gateway");
  CHECK(github::ApiError{0, "GET /x: transport error: Connection"}.answer() ==
        "GitHub did not answer: GET /x: transport error: Connection");
}

TEST_CASE("templates GitHub will not let the bot read fail at once, not retried") {
  Bench bench;
  bench.open_issue("fixtures/issues/data-migration-contradiction.md", "[DB] Add audit_log table");
  testing::Fault fault;
  fault.kind = testing::FaultKind::not_accessible;
  fault.times = 5;
  fault.method = "GET";
  fault.path_prefix = "/repos/acme/app/contents/.github/ISSUE_TEMPLATE";
  bench.fake.inject(fault);
  const auto refused = bench.run();
  CHECK(refused.status == TriageOutcome::Status::failed);
  CHECK(refused.detail.find("Resource not accessible by integration") != std::string::npos);
  CHECK(bench.report_comments() == 0);
}

TEST_CASE("an issue GitHub no longer has is skipped, not retried nor dead-lettered") {
  Bench bench;  // issue 7 was never added: GitHub answers 404, as for a deleted one
  const auto gone = bench.run();
  CHECK(gone.status == TriageOutcome::Status::done);
  CHECK(gone.detail.rfind("skipped: the issue is gone", 0) == 0);  // counted as skipped
  CHECK(bench.fake.writes().empty());
}

TEST_CASE("a repository GitHub hides (404 there too) fails the job, it is not taken for gone") {
  Bench bench;
  SECTION("a repository the token cannot see") {
    bench.job.repo = "private-app";  // GitHub answers 404 for a repository a token may not see
  }
  SECTION("an API URL that is not the API root: a GHES URL without /api/v3") {
    bench.open_issue("fixtures/issues/complete-audit-log.md", "[DB] Add audit_log table");
    github::HttpClientOptions http;
    http.base_url = bench.fake.base_url() + "/api/v3";  // the fake serves no such prefix
    http.mutation_spacing = std::chrono::milliseconds(0);
    auto made = github::HttpGitHubClient::create(
        http, std::make_shared<github::StaticTokenSource>("test-token"),
        std::make_shared<github::SystemClock>());
    REQUIRE(made.ok());
    bench.client = std::move(*made);
  }
  const auto hidden = bench.run();
  INFO(hidden.detail);
  CHECK(hidden.status == TriageOutcome::Status::failed);  // dead-lettered, logged at error
  CHECK(hidden.detail.find("the token cannot see the repository") != std::string::npos);
  CHECK(hidden.detail.find("https://HOST/api/v3") != std::string::npos);
  CHECK(bench.fake.writes().empty());
}

namespace {

// Issue #7 of acme/site, a repository with no templates yet, is the job's.
void open_issue_in_site(Bench& bench) {
  bench.fake.add_repo("acme", "site");
  testing::FakeIssue issue;
  issue.number = 7;
  issue.title = "[DB] Add audit_log table";
  issue.body = fixture("fixtures/issues/data-migration-contradiction.md");
  bench.fake.add_issue("acme", "site", issue);
  bench.job.repo = "site";
}

}  // namespace

TEST_CASE("a repository without templates of its own uses its owner's defaults in .github") {
  Bench bench;
  bench.fake.add_repo("acme", ".github");
  bench.fake.put_file("acme", ".github", "ISSUE_TEMPLATE/db-migration.md",
                      fixture("fixtures/templates/db-migration.md"));
  open_issue_in_site(bench);
  const auto site = [&] { return *bench.fake.issue("acme", "site", 7); };

  SECTION("the defaults are read from the owner's .github repository") {
    const auto triaged = bench.run();
    INFO(triaged.detail);
    REQUIRE(triaged.status == TriageOutcome::Status::done);
    CHECK(has_label(site(), "needs-info"));
    REQUIRE(site().comments.size() == 1);
    // The reproduction hint names where the template is: not in this repository.
    CHECK(site().comments[0].body.find("acme/.github/ISSUE_TEMPLATE/db-migration.md") !=
          std::string::npos);
  }
  SECTION("a template folder of its own, even one with only config.yml, keeps the defaults out") {
    bench.fake.put_file("acme", "site", ".github/ISSUE_TEMPLATE/config.yml",
                        "blank_issues_enabled: false\n");
    const auto untouched = bench.run();
    INFO(untouched.detail);
    CHECK(untouched.status == TriageOutcome::Status::done);
    CHECK(untouched.detail.find("no issue templates") != std::string::npos);
    CHECK(bench.fake.writes().empty());
  }
}

// A 404 has no ETag: each costs a rate-limit unit at every job, and an App installed on all of an
// owner's repositories sees the issues of those without templates too.
TEST_CASE("the owner's default folders that are not there are not asked for, job after job") {
  Bench bench;
  open_issue_in_site(bench);
  bench.fake.put_file("acme", "site", "README.md", "# site\n");
  const auto count_404s = [&] {
    const auto log = bench.fake.requests();
    return std::count_if(log.begin(), log.end(), [](const testing::LoggedRequest& request) {
      return request.status == 404;
    });
  };

  SECTION("no .github repository: one 404 for it, none for its folders") {
    const auto untouched = bench.run();
    CHECK(untouched.detail.find("no issue templates") != std::string::npos);
    CHECK(count_404s() == 2);  // the repository's own .github/ISSUE_TEMPLATE, the owner's .github
  }
  SECTION("a .github repository without default folders: no 404 for them") {
    bench.fake.put_file("acme", ".github", "profile/README.md", "# acme\n");
    bench.run();
    CHECK(count_404s() == 1);
  }
  SECTION("defaults in docs/ISSUE_TEMPLATE are still found") {
    bench.fake.put_file("acme", ".github", "docs/ISSUE_TEMPLATE/db-migration.md",
                        fixture("fixtures/templates/db-migration.md"));
    const auto triaged = bench.run();
    INFO(triaged.detail);
    CHECK(has_label(*bench.fake.issue("acme", "site", 7), "needs-info"));
    // Its own .github/ISSUE_TEMPLATE, and its .github/issuelint.yml and .github folder: none for
    // the owner's .github/ISSUE_TEMPLATE or ISSUE_TEMPLATE.
    CHECK(count_404s() == 3);
  }
}

TEST_CASE("a repository's legacy single ISSUE_TEMPLATE.md is its template, before any default") {
  Bench bench;
  bench.fake.add_repo("acme", ".github");  // defaults the issue does not follow: not used
  bench.fake.put_file("acme", ".github", "ISSUE_TEMPLATE/anything.md",
                      "---\nname: Anything\nabout: x\n---\n\n## What happened\n\nTell us.\n");
  open_issue_in_site(bench);
  const auto site = [&] { return *bench.fake.issue("acme", "site", 7); };
  const std::string migration = fixture("fixtures/templates/db-migration.md");

  // Where GitHub looks for it, in any case, with no extension, .md or .txt.
  for (const std::string path : {".github/ISSUE_TEMPLATE.md", "issue_template.md",
                                 "docs/Issue_Template.txt", "ISSUE_TEMPLATE"}) {
    DYNAMIC_SECTION(path) {
      bench.fake.put_file("acme", "site", path, migration);
      bench.fake.put_file("acme", "site", "docs/guide.md", "# Guide\n");  // docs: a folder
      const auto triaged = bench.run();
      INFO(triaged.detail);
      REQUIRE(triaged.status == TriageOutcome::Status::done);
      CHECK(has_label(site(), "needs-info"));
      REQUIRE(site().comments.size() == 1);
      CHECK(site().comments[0].body.find("--template " + path) != std::string::npos);
    }
  }
  SECTION(".github's copy is taken before the root's") {
    bench.fake.put_file("acme", "site", ".github/issue_template.md", migration);
    bench.fake.put_file("acme", "site", "ISSUE_TEMPLATE.md", "## What happened\n\nTell us.\n");
    const auto triaged = bench.run();
    INFO(triaged.detail);
    CHECK(has_label(site(), "needs-info"));
  }
  SECTION("a template folder of its own comes before the single template") {
    bench.fake.put_file("acme", "site", ".github/ISSUE_TEMPLATE.md", migration);
    bench.fake.put_file("acme", "site", ".github/ISSUE_TEMPLATE/config.yml",
                        "blank_issues_enabled: false\n");
    const auto untouched = bench.run();
    INFO(untouched.detail);
    CHECK(untouched.detail.find("no issue templates") != std::string::npos);
    CHECK(bench.fake.writes().empty());
  }
  SECTION("a folder named like it is no template") {
    bench.fake.put_file("acme", "site", "docs/issue_template/readme.md", migration);
    bench.fake.put_file("acme", ".github", "ISSUE_TEMPLATE/anything.md", migration);
    const auto triaged = bench.run();
    INFO(triaged.detail);
    REQUIRE(site().comments.size() == 1);
    CHECK(site().comments[0].body.find("acme/.github/ISSUE_TEMPLATE/anything.md") !=
          std::string::npos);
  }
}

TEST_CASE("the configuration: .github/issuelint.yml applies, a misnamed .yaml is said") {
  Bench bench;
  bench.open_issue("fixtures/issues/data-migration-contradiction.md", "[DB] Add audit_log table");
  const std::string renames = "labels:\n  needs-info: \"status: needs info\"\n";
  SECTION("no configuration: the defaults, and nothing said") {
    const auto triaged = bench.run();
    INFO(triaged.detail);
    CHECK(has_label(bench.issue(), "needs-info"));
    CHECK(triaged.detail.find("configuration warnings") == std::string::npos);
  }
  SECTION(".github/issuelint.yml applies") {
    bench.fake.put_file("acme", "app", ".github/issuelint.yml", renames);
    const auto triaged = bench.run();
    INFO(triaged.detail);
    CHECK(has_label(bench.issue(), "status: needs info"));
    CHECK(triaged.detail.find("is not read") == std::string::npos);
  }
  SECTION("only .github/issuelint.yaml: not read, and the job says so") {
    bench.fake.put_file("acme", "app", ".github/issuelint.yaml", renames);
    RepositoryTriageReport seen;
    const auto triaged = triage_issue_on_github(*bench.client, bench.job, {}, &seen);
    INFO(triaged.detail);
    CHECK(has_label(bench.issue(), "needs-info"));
    CHECK(triaged.detail.find(".github/issuelint.yaml is not read") != std::string::npos);
    REQUIRE(seen.setup_warnings.size() == 1);  // the Action shows it as an annotation
    CHECK(seen.setup_warnings[0].find("rename it") != std::string::npos);
  }
}

TEST_CASE("an issue deleted between its fetch and the comment listing is skipped, not dead") {
  Bench bench;
  bench.open_issue("fixtures/issues/data-migration-contradiction.md", "[DB] Add audit_log table");
  bench.fake.inject({.kind = testing::FaultKind::gone,
                     .method = "GET",
                     .path_prefix = "/repos/acme/app/issues/7/comments"});
  const auto gone = bench.run();
  INFO(gone.detail);
  CHECK(gone.status == TriageOutcome::Status::done);
  CHECK(gone.detail ==
        "skipped: the issue is gone (GitHub answered 410 to the comment listing while it was "
        "triaged)");
  CHECK(bench.fake.writes().empty());
}

TEST_CASE("an issue that matches no template is left alone") {
  Bench bench;
  bench.open_blank_issue();
  bench.fake.put_file("acme", "app", ".github/ISSUE_TEMPLATE/bug_report.md",
                      fixture("fixtures/templates/discuno/bug_report.md"));
  REQUIRE(bench.run().status == TriageOutcome::Status::done);
  CHECK(bench.fake.writes().empty());
}

// The repository's one template judges every issue, unless the chooser's config.yml offers a
// blank issue beside it: a body that follows the template not at all is then a blank issue, left
// alone as among several templates. A change to config.yml rebuilds a kept catalog.
TEST_CASE("a lone template leaves blank issues alone where config.yml offers them") {
  Bench bench;
  bench.open_blank_issue();
  CatalogCache catalogs;
  bench.fake.put_file("acme", "app", ".github/ISSUE_TEMPLATE/config.yml",
                      "blank_issues_enabled: true\n");
  REQUIRE(bench.run_keeping(catalogs).status == TriageOutcome::Status::done);
  CHECK(bench.fake.writes().empty());
  bench.fake.put_file("acme", "app", ".github/ISSUE_TEMPLATE/config.yml",
                      "blank_issues_enabled: false\n");
  REQUIRE(bench.run_keeping(catalogs).status == TriageOutcome::Status::done);
  CHECK(bench.report_comments() == 1);
  CHECK(has_label(bench.issue(), "needs-info"));
}

TEST_CASE(
    "a kept catalog gives the verdict a fresh one gives, and is rebuilt when a file changes") {
  Bench fresh;
  fresh.open_issue("fixtures/issues/data-migration-contradiction.md", "[DB] Add audit_log table");
  REQUIRE(fresh.run().status == TriageOutcome::Status::done);

  Bench kept;
  kept.open_issue("fixtures/issues/data-migration-contradiction.md", "[DB] Add audit_log table");
  CatalogCache catalogs;
  REQUIRE(kept.run_keeping(catalogs).status == TriageOutcome::Status::done);
  CHECK(catalogs.stats().misses == 1);
  kept.fake.clear_requests();
  REQUIRE(kept.run_keeping(catalogs).status == TriageOutcome::Status::done);
  CHECK(catalogs.stats().hits == 1);
  CHECK(kept.fake.writes().empty());
  // Learned template texts change nothing in what is written.
  CHECK(kept.issue().labels == fresh.issue().labels);
  REQUIRE(kept.issue().comments.size() == fresh.issue().comments.size());
  CHECK(kept.issue().comments.back().body == fresh.issue().comments.back().body);

  SECTION("a configuration added on GitHub is read at the next job") {
    kept.fake.put_file("acme", "app", ".github/issuelint.yml",
                       "rules:\n  data-migration-contradiction: off\n");
    REQUIRE(kept.run_keeping(catalogs).status == TriageOutcome::Status::done);
    CHECK(catalogs.stats().misses == 2);
    CHECK_FALSE(has_label(kept.issue(), "needs-info"));
  }
  SECTION("a template edited on GitHub is read at the next job") {
    // One byte changed is a different template: built again, not answered from the cache.
    std::string edited = fixture("fixtures/templates/db-migration.md");
    edited += "\n## Anything else\n";
    kept.fake.put_file("acme", "app", ".github/ISSUE_TEMPLATE/db-migration.md", edited);
    REQUIRE(kept.run_keeping(catalogs).status == TriageOutcome::Status::done);
    CHECK(catalogs.stats().misses == 2);
    CHECK(catalogs.stats().hits == 1);
  }
  SECTION("a broken configuration fails the job and is not kept") {
    kept.fake.put_file("acme", "app", ".github/issuelint.yml", "rules: [\n");
    const TriageOutcome outcome = kept.run_keeping(catalogs);
    CHECK(outcome.status == TriageOutcome::Status::failed);
    CHECK(outcome.detail.find("bad configuration") != std::string::npos);
    CHECK(kept.run_keeping(catalogs).status == TriageOutcome::Status::failed);
    CHECK(catalogs.stats().misses == 3);
  }
}

namespace {

std::size_t requests_for(const testing::FakeGitHub& fake, const std::string& method,
                         const std::string& path) {
  const auto log = fake.requests();
  return std::count_if(log.begin(), log.end(), [&](const testing::LoggedRequest& request) {
    return request.method == method && request.path == path;
  });
}

}  // namespace

// A GET answered 404 costs a rate-limit unit at every job; an unchanged listing (a 304) none.
// A repository that had no configuration at its last job is asked through its .github listing.
TEST_CASE("a repository without configuration is not asked for the file at every job") {
  Bench bench;
  bench.open_issue("fixtures/issues/data-migration-contradiction.md", "[DB] Add audit_log table");
  const std::string config_path = "/repos/acme/app/contents/.github/issuelint.yml";
  const std::string listing_path = "/repos/acme/app/contents/.github";
  CatalogCache catalogs;
  REQUIRE(bench.run_keeping(catalogs).status == TriageOutcome::Status::done);
  CHECK(requests_for(bench.fake, "GET", config_path) == 1);  // nothing kept yet: asked
  bench.fake.clear_requests();

  SECTION("still none: the listing alone answers") {
    const auto again = bench.run_keeping(catalogs);
    REQUIRE(again.status == TriageOutcome::Status::done);
    CHECK(requests_for(bench.fake, "GET", config_path) == 0);
    CHECK(requests_for(bench.fake, "GET", listing_path) == 1);
    CHECK(catalogs.stats().hits == 1);
  }
  SECTION("a misnamed .yaml added since is still said") {
    bench.fake.put_file("acme", "app", ".github/issuelint.yaml", "rules: {}\n");
    const auto again = bench.run_keeping(catalogs);
    INFO(again.detail);
    CHECK(again.detail.find(".github/issuelint.yaml is not read") != std::string::npos);
    CHECK(requests_for(bench.fake, "GET", config_path) == 0);
  }
  SECTION("one added since is listed, read and applied") {
    bench.fake.put_file("acme", "app", ".github/issuelint.yml",
                        "labels:\n  needs-info: \"status: needs info\"\n");
    REQUIRE(bench.run_keeping(catalogs).status == TriageOutcome::Status::done);
    CHECK(requests_for(bench.fake, "GET", config_path) == 1);
    CHECK(has_label(bench.issue(), "status: needs info"));
    // Kept with it: from now on the file is asked for first, without the listing.
    bench.fake.clear_requests();
    REQUIRE(bench.run_keeping(catalogs).status == TriageOutcome::Status::done);
    CHECK(requests_for(bench.fake, "GET", config_path) == 1);
    CHECK(requests_for(bench.fake, "GET", listing_path) == 0);
  }
  SECTION("a listing GitHub refuses: the file is asked for, as without a kept catalog") {
    bench.fake.inject({.kind = testing::FaultKind::not_accessible,
                       .method = "GET",
                       .path_prefix = listing_path,
                       .exact_path = true});
    REQUIRE(bench.run_keeping(catalogs).status == TriageOutcome::Status::done);
    CHECK(requests_for(bench.fake, "GET", config_path) == 1);
  }
}

namespace {

// A person's copy of a whole report (its hidden state line included), posted before the bot's
// first run: without the bot's login it is the only report-shaped comment there is.
const std::string kQuotedReport =
    "<!-- issuelint:report -->\n<!-- issuelint:state {\"labels\":[]} -->\nQuoted for the team.";

// A triager's client factory handing out the bench's client (owned by the bench).
GitHubIssueTriager::ClientFactory the_client_of(Bench& bench) {
  github::GitHubApi* api = bench.client.get();
  return [api](std::int64_t) -> Result<std::shared_ptr<github::GitHubApi>> {
    return std::shared_ptr<github::GitHubApi>(api, [](github::GitHubApi*) {});
  };
}

std::size_t user_lookups(const testing::FakeGitHub& fake) {
  const auto requests = fake.requests();
  return std::count_if(requests.begin(), requests.end(),
                       [](const testing::LoggedRequest& r) { return r.path == "/user"; });
}

}  // namespace

TEST_CASE("serve's triager looks a personal token's login up once, and keeps to its own comment") {
  testing::FakeGitHubOptions options;
  options.user_tokens = {{"pat-alice", "alice"}};
  for (const bool with_token : {true, false}) {
    INFO("login token given: " << with_token);
    Bench bench(options, "pat-alice");
    bench.open_issue("fixtures/issues/data-migration-contradiction.md", "[DB] Add audit_log table");
    bench.fake.add_comment("acme", "app", 7, {0, kQuotedReport, "bob", false});
    std::vector<std::string> logged;
    GitHubIssueTriager triager(the_client_of(bench), {}, with_token ? "pat-alice" : "",
                               [&logged](std::string_view line) { logged.emplace_back(line); });
    REQUIRE(triager.handle(bench.job).status == TriageOutcome::Status::done);
    bench.edit_body("fixtures/issues/two-impacts.md");
    REQUIRE(triager.handle(bench.job).status == TriageOutcome::Status::done);
    const auto comments = bench.issue().comments;
    if (with_token) {
      CHECK(user_lookups(bench.fake) == 1);  // asked once, not per job
      REQUIRE(comments.size() == 2);
      CHECK(comments[0].body == kQuotedReport);  // bob's copy untouched
      CHECK(comments[1].author == "alice");
      CHECK(logged.empty());
    } else {
      // Without the login the person's copy is taken for the report: what the lookup prevents.
      CHECK(user_lookups(bench.fake) == 0);
      REQUIRE(comments.size() == 1);
      CHECK(comments[0].body != kQuotedReport);
    }
  }
}

TEST_CASE("serve's triager gives the login lookup up after a few failed tries, and still triages") {
  // "test-token" is no personal token to the fake: GET /user answers 403, as for an App's token.
  Bench bench;
  bench.open_issue("fixtures/issues/data-migration-contradiction.md", "[DB] Add audit_log table");
  std::vector<std::string> logged;
  GitHubIssueTriager triager(the_client_of(bench), {}, "test-token",
                             [&logged](std::string_view line) { logged.emplace_back(line); });
  for (int job = 0; job < GitHubIssueTriager::kLoginLookups + 2; ++job) {
    REQUIRE(triager.handle(bench.job).status == TriageOutcome::Status::done);
  }
  CHECK(user_lookups(bench.fake) == GitHubIssueTriager::kLoginLookups);
  REQUIRE(logged.size() == static_cast<std::size_t>(GitHubIssueTriager::kLoginLookups));
  CHECK(logged.back().find("GET /user") != std::string::npos);
  CHECK(logged.back().find("gave up") != std::string::npos);
  CHECK(bench.report_comments() == 1);
}

TEST_CASE("serve's triager asks no login for an installation token or a login given") {
  testing::FakeGitHubOptions options;
  options.user_tokens = {{"pat-alice", "alice"}};
  Bench bench(options, "pat-alice");
  bench.open_issue("fixtures/issues/data-migration-contradiction.md", "[DB] Add audit_log table");
  const auto factory = the_client_of(bench);
  RepositoryTriageOptions given;
  given.bot_login = "alice";
  GitHubIssueTriager with_login(factory, given, "pat-alice");
  REQUIRE(with_login.handle(bench.job).status == TriageOutcome::Status::done);
  GitHubIssueTriager installation(factory, {}, "ghs_installation");
  REQUIRE(installation.handle(bench.job).status == TriageOutcome::Status::done);
  CHECK(user_lookups(bench.fake) == 0);
  CHECK(bench.report_comments() == 1);
}

TEST_CASE("serve's triager keeps the clients of its most recent installations, not of all") {
  Bench bench;
  bench.open_issue("fixtures/issues/data-migration-contradiction.md", "[DB] Add audit_log table");
  std::vector<std::int64_t> made;  // the installations a client was made for, in order
  const auto client_of_bench = the_client_of(bench);
  GitHubIssueTriager triager(
      [&](std::int64_t installation) {
        made.push_back(installation);
        return client_of_bench(installation);
      },
      {});
  const auto triage_for = [&](std::int64_t installation) {
    IssueJob job = bench.job;
    job.installation_id = installation;
    REQUIRE(triager.handle(job).status == TriageOutcome::Status::done);
  };
  constexpr auto kKept = static_cast<std::int64_t>(GitHubIssueTriager::kKeptClients);
  for (std::int64_t installation = 1; installation <= kKept; ++installation) {
    triage_for(installation);
  }
  triage_for(1);          // used again: now the most recent
  triage_for(kKept + 1);  // one more: installation 2, the least recent, is let go
  CHECK(made.size() == static_cast<std::size_t>(kKept + 1));
  triage_for(1);
  CHECK(made.size() == static_cast<std::size_t>(kKept + 1));  // still kept
  triage_for(2);
  REQUIRE(made.size() == static_cast<std::size_t>(kKept + 2));
  CHECK(made.back() == 2);  // made again
}

TEST_CASE("a pack file the repository's configuration names is read from the repository") {
  Bench bench;
  bench.open_issue("fixtures/issues/data-migration-contradiction.md", "[DB] Add audit_log table");
  bench.fake.put_file("acme", "app", ".github/issuelint.yml",
                      "packs:\n  db-migration.md: team/pack.yml\n");
  bench.fake.put_file("acme", "app", ".github/team/pack.yml",
                      "pack: team\nrules:\n  - id: team-notes-present\n    kind: section-present\n"
                      "    sections: [Team Notes]\n    summary: the team's notes\n");
  REQUIRE(bench.run().status == TriageOutcome::Status::done);
  const auto comments = bench.issue().comments;
  REQUIRE(comments.size() == 1);
  CHECK(comments[0].body.find("team-notes-present") != std::string::npos);

  // Not in the repository: the job fails saying so, and no file of this machine stands in.
  // (Run from a scratch directory holding .github/team/other.yml.)
  const fs::path scratch = fs::temp_directory_path() / "issuelint-pack-cwd";
  fs::remove_all(scratch);
  fs::create_directories(scratch / ".github" / "team");
  std::ofstream(scratch / ".github" / "team" / "other.yml") << "pack: local\nrules: []\n";
  bench.fake.put_file("acme", "app", ".github/issuelint.yml",
                      "packs:\n  db-migration.md: team/other.yml\n");
  const fs::path before = fs::current_path();
  fs::current_path(scratch);
  const auto missing = bench.run();
  fs::current_path(before);
  fs::remove_all(scratch);
  CHECK(missing.status == TriageOutcome::Status::failed);
  CHECK(missing.detail.find("'team/other.yml' is not in the repository") != std::string::npos);
}

TEST_CASE("an issue edited away from its template: labels off, memory kept, the report updated") {
  for (const std::string policy : {"quiet", "comment"}) {
    INFO("unmatched: " << policy);
    Bench bench;
    bench.fake.put_file("acme", "app", ".github/ISSUE_TEMPLATE/bug_report.md",
                        fixture("fixtures/templates/discuno/bug_report.md"));
    bench.fake.put_file("acme", "app", ".github/issuelint.yml", "unmatched: " + policy + "\n");
    bench.open_issue("fixtures/issues/data-migration-contradiction.md", "[DB] Add audit_log table");
    REQUIRE(bench.run().status == TriageOutcome::Status::done);
    REQUIRE(has_label(bench.issue(), "migration:data"));
    REQUIRE(has_label(bench.issue(), "needs-info"));
    // A person takes migration:data off; then the body stops following any template.
    bench.fake.with_state([](testing::FakeGitHubState& state) {
      std::erase(state.repos()[{"acme", "app"}].issues[7].labels, std::string("migration:data"));
      auto& issue = state.repos()[{"acme", "app"}].issues[7];
      issue.body = "Thanks for the app, it is great.";
      issue.title = "Thanks";
    });
    REQUIRE(bench.run().status == TriageOutcome::Status::done);
    // Not judged now: the bot's labels come off, the one report says why, under either policy
    // (quiet keeps quiet only on issues the bot never reported on).
    CHECK_FALSE(has_label(bench.issue(), "needs-info"));
    CHECK(has_label(bench.issue(), "database"));  // not the bot's
    REQUIRE(bench.report_comments() == 1);
    const auto comments = bench.issue().comments;
    CHECK(comments[0].body.find("does not follow any of this repository's issue templates") !=
          std::string::npos);
    // Back to the template: needs-info again, but not the label the person removed.
    bench.edit_body("fixtures/issues/data-migration-contradiction.md");
    bench.fake.with_state([](testing::FakeGitHubState& state) {
      state.repos()[{"acme", "app"}].issues[7].title = "[DB] Add audit_log table";
    });
    REQUIRE(bench.run().status == TriageOutcome::Status::done);
    CHECK(has_label(bench.issue(), "needs-info"));
    CHECK_FALSE(has_label(bench.issue(), "migration:data"));
    CHECK(bench.report_comments() == 1);
  }
}

TEST_CASE("the configuration's warnings reach the job's log line") {
  Bench bench;
  bench.open_issue("fixtures/issues/data-migration-contradiction.md", "[DB] Add audit_log table");
  bench.fake.put_file("acme", "app", ".github/issuelint.yml", "labels:\n  needs-infoo: blocked\n");
  const auto outcome = bench.run();
  REQUIRE(outcome.status == TriageOutcome::Status::done);
  CHECK(outcome.detail.find("(configuration warnings: .github/issuelint.yml:2:3: ") !=
        std::string::npos);
  CHECK(outcome.detail.find("needs-infoo") != std::string::npos);
}

// The labels go on before the comment that records them: when that write fails, the queue's
// retry finds them on the issue with no report to say whose they are.
TEST_CASE("labels added just before a failed comment write are still the bot's to remove") {
  Bench bench;
  bench.open_issue("fixtures/issues/data-migration-contradiction.md", "[DB] Add audit_log table");
  bench.fake.inject(
      {testing::FaultKind::bad_gateway, 1, "POST", "/repos/acme/app/issues/7/comments"});
  const auto failed = bench.run();
  INFO(failed.detail);
  REQUIRE(failed.status == TriageOutcome::Status::retry);
  CHECK(has_label(bench.issue(), "needs-info"));
  CHECK(bench.report_comments() == 0);

  REQUIRE(bench.run().status == TriageOutcome::Status::done);  // the retry
  REQUIRE(bench.report_comments() == 1);
  bench.edit_body("fixtures/issues/complete-audit-log.md");
  REQUIRE(bench.run().status == TriageOutcome::Status::done);
  CHECK_FALSE(has_label(bench.issue(), "needs-info"));
  CHECK_FALSE(has_label(bench.issue(), "migration:data"));
  CHECK(has_label(bench.issue(), "database"));  // the template's, never the bot's
}

TEST_CASE("a report deleted just as the bot edits it is posted again, not dead-lettered") {
  Bench bench;
  bench.open_issue("fixtures/issues/data-migration-contradiction.md", "[DB] Add audit_log table");
  REQUIRE(bench.run().status == TriageOutcome::Status::done);
  bench.edit_body("fixtures/issues/complete-audit-log.md");
  bench.fake.inject(
      {testing::FaultKind::comment_deleted_first, 1, "PATCH", "/repos/acme/app/issues/comments/"});
  const auto outcome = bench.run();
  INFO(outcome.detail);
  REQUIRE(outcome.status == TriageOutcome::Status::done);
  CHECK_THAT(outcome.detail, Catch::Contains("comment created"));
  const auto comments = bench.issue().comments;
  REQUIRE(comments.size() == 1);
  CHECK(comments[0].body.find("everything the template asks for is here") != std::string::npos);
}

TEST_CASE("an issue GitHub moved (301) is skipped, and the redirect is not followed") {
  Bench bench;
  bench.open_issue("fixtures/issues/data-migration-contradiction.md", "[DB] Add audit_log table");
  testing::Fault moved{testing::FaultKind::moved_permanently, 1, "GET", "/repos/acme/app/issues/7"};
  moved.location = "/repositories/2000/issues/3";
  bench.fake.inject(moved);
  const auto outcome = bench.run();
  CHECK(outcome.status == TriageOutcome::Status::done);
  CHECK_THAT(outcome.detail, Catch::StartsWith("skipped: the issue moved"));
  CHECK(bench.fake.requests().size() == 1);
  CHECK(bench.fake.writes().empty());
}

TEST_CASE("a locked issue is skipped: no label without the comment that explains it") {
  Bench bench;
  bench.open_issue("fixtures/issues/data-migration-contradiction.md", "[DB] Add audit_log table");
  bench.change_issue([](testing::FakeIssue& issue) { issue.locked = true; });
  for (const std::string event : {"issues", "issue_comment"}) {  // an edit, /issuelint check
    bench.job.event = event;
    const auto outcome = bench.run();
    CHECK(outcome.status == TriageOutcome::Status::done);
    CHECK_THAT(outcome.detail, Catch::StartsWith("skipped: the issue is locked"));
  }
  CHECK(bench.fake.writes().empty());
}

TEST_CASE("an edit to a closed issue is not triaged, but /issuelint check triages it") {
  Bench bench;
  bench.open_issue("fixtures/issues/data-migration-contradiction.md", "[DB] Add audit_log table");
  bench.change_issue([](testing::FakeIssue& issue) { issue.state = "closed"; });
  bench.job.event = "issues";
  bench.job.action = "edited";
  const auto edited = bench.run();
  CHECK(edited.status == TriageOutcome::Status::done);
  CHECK_THAT(edited.detail, Catch::StartsWith("skipped: the issue is closed"));
  CHECK(bench.fake.writes().empty());

  bench.job.event = "issue_comment";  // a maintainer's /issuelint check
  bench.job.action = "created";
  const auto checked = bench.run();
  INFO(checked.detail);
  CHECK(checked.status == TriageOutcome::Status::done);
  CHECK(has_label(bench.issue(), "needs-info"));
  CHECK(bench.report_comments() == 1);
}

TEST_CASE("/issuelint explain on an issue with thousands of findings stays under GitHub's limit") {
  Bench bench;
  std::string body = fixture("fixtures/issues/complete-audit-log.md");
  std::string updates;
  for (int i = 0; i < 1400; ++i) updates += "UPDATE \"t" + std::to_string(i) + "\" SET c=1;\n";
  const std::size_t sql = body.find("```sql\n", body.find("### Migration SQL"));
  REQUIRE(sql != std::string::npos);
  body.insert(sql + 7, updates);
  bench.open_issue("fixtures/issues/complete-audit-log.md", "[DB] Add audit_log table");
  bench.change_issue([&](testing::FakeIssue& issue) { issue.body = body; });
  bench.job.kind = JobKind::explain;
  const auto outcome = bench.run();
  INFO(outcome.detail);
  REQUIRE(outcome.status == TriageOutcome::Status::done);
  const auto comments = bench.issue().comments;
  REQUIRE(comments.size() == 1);  // the fake refuses a body over 65,536 characters, as GitHub
  CHECK(comments[0].body.size() <= 65536);
  CHECK(comments[0].body.find("more findings not shown") != std::string::npos);
  CHECK(comments[0].body.find("sql-undeclared-table") != std::string::npos);
}

TEST_CASE("a label the bot removed before its comment write failed is not taken for a person's") {
  // Fixed, so needs-info comes off; then editing the report fails past the client's retries,
  // and the job is triaged again. The retry must not read needs-info's absence as a person
  // removing it: the next time the issue lacks something, needs-info goes back on.
  Bench bench;
  bench.open_issue("fixtures/issues/data-migration-contradiction.md", "[DB] Add audit_log table");
  REQUIRE(bench.run().status == TriageOutcome::Status::done);
  REQUIRE(has_label(bench.issue(), "needs-info"));
  bench.fix_with_report_edits_failing();
  TriageRetry retry;
  int retries = 0;
  retry.sleep = [&](std::chrono::milliseconds) {
    ++retries;
    bench.fake.clear_faults();  // GitHub answers again by the second attempt
  };
  const auto outcome = triage_issue_with_retries(*bench.client, bench.job, {}, retry);
  INFO(outcome.detail);
  REQUIRE(outcome.status == TriageOutcome::Status::done);
  REQUIRE(retries == 1);
  CHECK_FALSE(has_label(bench.issue(), "needs-info"));
  bench.edit_body("fixtures/issues/data-migration-contradiction.md");
  REQUIRE(bench.run().status == TriageOutcome::Status::done);
  CHECK(has_label(bench.issue(), "needs-info"));
}

TEST_CASE("serve's triager: a label removed before a failed comment write is the bot's next time") {
  // The queue's retry, not an in-process one: the outcome names what the failed attempt did,
  // and the queue hands it to the next job (tests/server/worker_pool_test.cpp).
  Bench bench;
  bench.open_issue("fixtures/issues/data-migration-contradiction.md", "[DB] Add audit_log table");
  GitHubIssueTriager triager(the_client_of(bench), {});
  const TriageOutcome first = triager.handle(bench.job);
  REQUIRE(first.status == TriageOutcome::Status::done);
  CHECK(first.unrecorded_label_changes.empty());  // its report records them
  REQUIRE(has_label(bench.issue(), "needs-info"));
  bench.fix_with_report_edits_failing();
  const TriageOutcome failed_write = triager.handle(bench.job);
  REQUIRE(failed_write.status == TriageOutcome::Status::retry);
  CHECK_FALSE(has_label(bench.issue(), "needs-info"));  // removed before the write failed
  // The fixed draft also ticks no data migration any more.
  CHECK(failed_write.unrecorded_label_changes.removed ==
        std::vector<std::string>{"migration:data", "needs-info"});
  CHECK(failed_write.unrecorded_label_changes.added.empty());
  bench.fake.clear_faults();

  SECTION("handed to the next attempt, the removal is the bot's") {
    IssueJob next = bench.job;
    next.earlier_label_changes = failed_write.unrecorded_label_changes;
    const TriageOutcome retried = triager.handle(next);
    REQUIRE(retried.status == TriageOutcome::Status::done);
    CHECK(retried.unrecorded_label_changes.empty());
    bench.edit_body("fixtures/issues/data-migration-contradiction.md");
    REQUIRE(triager.handle(bench.job).status == TriageOutcome::Status::done);
    CHECK(has_label(bench.issue(), "needs-info"));
  }
  SECTION("an explain in between writes no report: the changes stay unrecorded") {
    IssueJob explain = bench.job;
    explain.kind = JobKind::explain;
    explain.delivery_id = "explain-1";
    explain.earlier_label_changes = failed_write.unrecorded_label_changes;
    const TriageOutcome explained = triager.handle(explain);
    REQUIRE(explained.status == TriageOutcome::Status::done);
    CHECK(explained.unrecorded_label_changes == failed_write.unrecorded_label_changes);
  }
  SECTION("not handed on (as before the queue kept them), the removal reads as a person's") {
    REQUIRE(triager.handle(bench.job).status == TriageOutcome::Status::done);
    bench.edit_body("fixtures/issues/data-migration-contradiction.md");
    REQUIRE(triager.handle(bench.job).status == TriageOutcome::Status::done);
    CHECK_FALSE(has_label(bench.issue(), "needs-info"));
  }
}

TEST_CASE("/issuelint explain retried after GitHub wrote it but answered 502 is posted once") {
  Bench bench;
  bench.open_issue("fixtures/issues/data-migration-contradiction.md", "[DB] Add audit_log table");
  bench.job.kind = JobKind::explain;
  bench.job.delivery_id = "72d3162e-cc78-11e3-81ab-4c9367dc0958";
  bench.fake.inject({.kind = testing::FaultKind::bad_gateway_after_write,
                     .method = "POST",
                     .path_prefix = "/repos/acme/app/issues/7/comments"});
  REQUIRE(bench.run().status != TriageOutcome::Status::done);
  const auto again = bench.run();
  INFO(again.detail);
  REQUIRE(again.status == TriageOutcome::Status::done);
  CHECK(again.detail == "full diagnostics already posted for this command");
  const auto comments = bench.issue().comments;
  REQUIRE(comments.size() == 1);
  CHECK(comments[0].body.starts_with(
      "<!-- issuelint:explain 72d3162e-cc78-11e3-81ab-4c9367dc0958 -->\n**issuelint** full "
      "diagnostics"));
  // Another command (another delivery) posts its own.
  bench.job.delivery_id = "another-delivery";
  REQUIRE(bench.run().status == TriageOutcome::Status::done);
  CHECK(bench.issue().comments.size() == 2);
}

// An App's token in a workflow without `bot-login`: its comments are the App's, while the Action
// takes its own for github-actions[bot]'s. The report is still found as a Bot's; the explain
// comment is too, or each retry and re-run posted the diagnostics again.
TEST_CASE("/issuelint explain is posted once when another Bot than the login given wrote it") {
  testing::FakeGitHubOptions app;
  app.bot_login = "my-app[bot]";
  Bench bench(app);
  bench.open_issue("fixtures/issues/data-migration-contradiction.md", "[DB] Add audit_log table");
  bench.job.kind = JobKind::explain;
  bench.job.delivery_id = "action-run-42";
  RepositoryTriageOptions options;
  options.bot_login = "github-actions[bot]";
  // A person quoting the marker does not stand for the diagnostics.
  bench.fake.add_comment("acme", "app", 7,
                         {0, "<!-- issuelint:explain action-run-42 -->\nquoted", "mallory", false});
  bench.fake.inject({.kind = testing::FaultKind::bad_gateway_after_write,
                     .method = "POST",
                     .path_prefix = "/repos/acme/app/issues/7/comments"});
  REQUIRE(triage_issue_on_github(*bench.client, bench.job, options).status !=
          TriageOutcome::Status::done);
  REQUIRE(bench.issue().comments.size() == 2);  // the person's, and the one GitHub did write
  const TriageOutcome again = triage_issue_on_github(*bench.client, bench.job, options);
  INFO(again.detail);
  CHECK(again.detail == "full diagnostics already posted for this command");
  CHECK(bench.issue().comments.size() == 2);
}

TEST_CASE("/issuelint explain on an issue no template matches answers, and changes nothing else") {
  for (const bool reported_before : {false, true}) {
    INFO("reported before: " << reported_before);
    Bench bench;
    bench.fake.put_file("acme", "app", ".github/ISSUE_TEMPLATE/bug_report.md",
                        fixture("fixtures/templates/discuno/bug_report.md"));
    bench.open_issue("fixtures/issues/data-migration-contradiction.md", "[DB] Add audit_log table");
    if (reported_before) REQUIRE(bench.run().status == TriageOutcome::Status::done);
    bench.fake.with_state([](testing::FakeGitHubState& state) {
      auto& issue = state.repos()[{"acme", "app"}].issues[7];
      issue.body = "Thanks for the app, it is great.";
      issue.title = "Thanks";
    });
    const auto labels_before = bench.issue().labels;
    const auto comments_before = bench.issue().comments;
    bench.job.kind = JobKind::explain;
    bench.job.delivery_id = "explain-unmatched";
    const auto outcome = bench.run();
    INFO(outcome.detail);
    REQUIRE(outcome.status == TriageOutcome::Status::done);
    CHECK(outcome.detail == "full diagnostics posted");
    CHECK(bench.issue().labels == labels_before);  // an explain relabels nothing
    const auto comments = bench.issue().comments;
    REQUIRE(comments.size() == comments_before.size() + 1);
    for (std::size_t i = 0; i < comments_before.size(); ++i)
      CHECK(comments[i].body == comments_before[i].body);  // the report is left as it was
    CHECK(comments.back().body.starts_with("<!-- issuelint:explain explain-unmatched -->"));
    CHECK(comments.back().body.find("template-unmatched") != std::string::npos);
  }
}

TEST_CASE("the bot's login written with other capitals still finds its own report") {
  testing::FakeGitHubOptions fake;
  fake.user_tokens = {{"pat-token", "triage-robot"}};
  Bench bench(fake, "pat-token");
  bench.open_issue("fixtures/issues/data-migration-contradiction.md", "[DB] Add audit_log table");
  RepositoryTriageOptions options;
  options.bot_login = "Triage-Robot";  // GitHub logins are case-insensitive
  REQUIRE(triage_issue_on_github(*bench.client, bench.job, options).status ==
          TriageOutcome::Status::done);
  bench.fake.clear_requests();
  const auto again = triage_issue_on_github(*bench.client, bench.job, options);
  INFO(again.detail);
  CHECK_THAT(again.detail, Catch::Contains("comment unchanged"));
  CHECK(bench.fake.writes().empty());
  CHECK(bench.report_comments() == 1);
}

namespace {

// One job of the queue's: handed what the issue's earlier attempts left unrecorded, as the worker
// hands it (tests/server/worker_pool_test.cpp), and keeping what this one leaves.
TriageOutcome handle_as_the_queue(GitHubIssueTriager& triager, const IssueJob& job,
                                  LabelChanges& unrecorded) {
  IssueJob handed = job;
  handed.earlier_label_changes = unrecorded;
  TriageOutcome outcome = triager.handle(handed);
  unrecorded = outcome.unrecorded_label_changes;
  return outcome;
}

bool has(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace

// Fixed (needs-info comes off), edited back (needs-info goes on again), both attempts failing at
// the report: the latest change is what counts, so needs-info is the bot's, and comes off once
// the issue is fixed for good.
TEST_CASE("serve's triager: a label removed, then added back by failed attempts, is the bot's") {
  Bench bench;
  bench.open_issue("fixtures/issues/data-migration-contradiction.md", "[DB] Add audit_log table");
  GitHubIssueTriager triager(the_client_of(bench), {});
  LabelChanges unrecorded;
  REQUIRE(handle_as_the_queue(triager, bench.job, unrecorded).status ==
          TriageOutcome::Status::done);
  bench.fix_with_report_edits_failing();
  REQUIRE(handle_as_the_queue(triager, bench.job, unrecorded).status ==
          TriageOutcome::Status::retry);
  REQUIRE_FALSE(has_label(bench.issue(), "needs-info"));
  bench.edit_body("fixtures/issues/two-impacts.md");  // lacking again: another report
  REQUIRE(handle_as_the_queue(triager, bench.job, unrecorded).status ==
          TriageOutcome::Status::retry);
  REQUIRE(has_label(bench.issue(), "needs-info"));
  CHECK(has(unrecorded.added, "needs-info"));
  CHECK_FALSE(has(unrecorded.removed, "needs-info"));

  bench.fake.clear_faults();
  const TriageOutcome written = handle_as_the_queue(triager, bench.job, unrecorded);
  INFO(written.detail);
  REQUIRE(written.status == TriageOutcome::Status::done);
  CHECK(unrecorded.empty());
  bench.edit_body("fixtures/issues/complete-audit-log.md");
  REQUIRE(handle_as_the_queue(triager, bench.job, unrecorded).status ==
          TriageOutcome::Status::done);
  CHECK_FALSE(has_label(bench.issue(), "needs-info"));
  CHECK_FALSE(has_label(bench.issue(), "migration:data"));
}

TEST_CASE("retried in process: a label removed, then added back by failed attempts, is the bot's") {
  Bench bench;
  bench.open_issue("fixtures/issues/data-migration-contradiction.md", "[DB] Add audit_log table");
  REQUIRE(bench.run().status == TriageOutcome::Status::done);
  bench.fix_with_report_edits_failing();
  TriageRetry retry;
  int waits = 0;
  retry.sleep = [&](std::chrono::milliseconds) {
    if (++waits == 1) {
      bench.edit_body("fixtures/issues/two-impacts.md");  // lacking again: another report
    } else {
      bench.fake.clear_faults();
    }
  };
  RepositoryTriageReport report;
  const auto outcome = triage_issue_with_retries(*bench.client, bench.job, {}, retry, &report);
  INFO(outcome.detail);
  REQUIRE(outcome.status == TriageOutcome::Status::done);
  REQUIRE(waits == 2);
  REQUIRE(has_label(bench.issue(), "needs-info"));
  REQUIRE(report.applied);
  CHECK(has(report.applied->labels_added, "needs-info"));
  CHECK_FALSE(has(report.applied->labels_removed, "needs-info"));
  bench.edit_body("fixtures/issues/complete-audit-log.md");
  REQUIRE(bench.run().status == TriageOutcome::Status::done);
  CHECK_FALSE(has_label(bench.issue(), "needs-info"));
  CHECK_FALSE(has_label(bench.issue(), "migration:data"));
}

namespace {

// A label write that GitHub answers 502 at every try within the request, having made it
// (`made`), as it does at times, or not.
struct FailedLabelWrite {
  bool add = true;  // POST .../labels; else DELETE .../labels/needs-info
  bool made = true;
};

const FailedLabelWrite kFailedLabelWrites[] = {
    {true, true}, {true, false}, {false, true}, {false, false}};

// The issue as it is before the write, with a report; then edited so that the next triage
// adds needs-info (or removes it), and that write fails.
void prepare_failed_label_write(Bench& bench, const FailedLabelWrite& write) {
  bench.open_issue(write.add ? "fixtures/issues/complete-audit-log.md"
                             : "fixtures/issues/data-migration-contradiction.md",
                   "[DB] Add audit_log table");
  REQUIRE(bench.run().status == TriageOutcome::Status::done);
  REQUIRE(has_label(bench.issue(), "needs-info") == !write.add);
  bench.edit_body(write.add ? "fixtures/issues/data-migration-contradiction.md"
                            : "fixtures/issues/complete-audit-log.md");
  bench.fake.inject({.kind = write.made ? testing::FaultKind::bad_gateway_after_write
                                        : testing::FaultKind::bad_gateway,
                     .times = 1000,
                     .method = write.add ? "POST" : "DELETE",
                     .path_prefix = write.add ? "/repos/acme/app/issues/7/labels"
                                              : "/repos/acme/app/issues/7/labels/needs-info"});
}

// After the attempt that wrote the report: the label is as the verdict wants it, and the bot's,
// so it goes on or comes off with the next edit (an add read as a person's label would stay on
// a clean issue; a remove read as a person's removal would never let it back on).
void check_needs_info_is_the_bots(Bench& bench, const FailedLabelWrite& write,
                                  const std::function<TriageOutcome()>& triage) {
  CHECK(has_label(bench.issue(), "needs-info") == write.add);
  bench.edit_body(write.add ? "fixtures/issues/complete-audit-log.md"
                            : "fixtures/issues/data-migration-contradiction.md");
  const TriageOutcome edited = triage();
  INFO(edited.detail);
  REQUIRE(edited.status == TriageOutcome::Status::done);
  CHECK(has_label(bench.issue(), "needs-info") == !write.add);
}

}  // namespace

TEST_CASE("serve's triager: a label write GitHub answered 502 for is told by the next attempt") {
  for (const FailedLabelWrite& write : kFailedLabelWrites) {
    INFO((write.add ? "add" : "remove") << (write.made ? ", made" : ", not made"));
    Bench bench;
    prepare_failed_label_write(bench, write);
    GitHubIssueTriager triager(the_client_of(bench), {});
    LabelChanges unrecorded;
    REQUIRE(handle_as_the_queue(triager, bench.job, unrecorded).status ==
            TriageOutcome::Status::retry);
    CHECK(has_label(bench.issue(), "needs-info") == (write.add == write.made));
    CHECK(has(write.add ? unrecorded.unconfirmed_added : unrecorded.unconfirmed_removed,
              "needs-info"));
    bench.fake.clear_faults();
    const TriageOutcome written = handle_as_the_queue(triager, bench.job, unrecorded);
    INFO(written.detail);
    REQUIRE(written.status == TriageOutcome::Status::done);
    CHECK(unrecorded.empty());
    check_needs_info_is_the_bots(
        bench, write, [&] { return handle_as_the_queue(triager, bench.job, unrecorded); });
  }
}

TEST_CASE("retried in process: a label write GitHub answered 502 for is told by the next attempt") {
  for (const FailedLabelWrite& write : kFailedLabelWrites) {
    INFO((write.add ? "add" : "remove") << (write.made ? ", made" : ", not made"));
    Bench bench;
    prepare_failed_label_write(bench, write);
    TriageRetry retry;
    bool labelled_at_retry = false;
    retry.sleep = [&](std::chrono::milliseconds) {
      labelled_at_retry = has_label(bench.issue(), "needs-info");
      bench.fake.clear_faults();
    };
    const auto outcome = triage_issue_with_retries(*bench.client, bench.job, {}, retry);
    INFO(outcome.detail);
    REQUIRE(outcome.status == TriageOutcome::Status::done);
    CHECK(labelled_at_retry == (write.add == write.made));
    check_needs_info_is_the_bots(bench, write, [&] { return bench.run(); });
  }
}

namespace {

// The issue deleted (404 on its comment, 410 on its labels) or locked (its comment refused) in
// the middle of the first triage: what GitHub answers at the fetch, met at a write instead.
struct ChangedMidJob {
  const char* what;
  testing::Fault fault;
  const char* detail;
};

const ChangedMidJob kChangedMidJob[] = {
    {"deleted, a 404 on the comment",
     {testing::FaultKind::not_found, 1, "POST", "/repos/acme/app/issues/7/comments"},
     "skipped: the issue is gone (GitHub answered 404 to a write while it was triaged)"},
    {"deleted, a 410 on the labels",
     {testing::FaultKind::gone, 1, "POST", "/repos/acme/app/issues/7/labels"},
     "skipped: the issue is gone (GitHub answered 410 to a write while it was triaged)"},
    {"locked, its comment refused",
     {testing::FaultKind::issue_locked_first, 1, "POST", "/repos/acme/app/issues/7/comments"},
     "skipped: the issue was locked while it was triaged: labels set without the comment that "
     "explains them: +"},
    {"transferred, a 301 on the labels",
     {testing::FaultKind::moved_permanently, 1, "POST", "/repos/acme/app/issues/7/labels", 0, 0,
      "/repositories/2000/issues/3/labels"},
     "skipped: the issue moved (GitHub answered 301"},
};

void open_and_change_mid_job(Bench& bench, const ChangedMidJob& changed) {
  bench.open_issue("fixtures/issues/data-migration-contradiction.md", "[DB] Add audit_log table");
  bench.fake.inject(changed.fault);
}

}  // namespace

TEST_CASE("serve's triager: an issue deleted or locked in the middle of a job is skipped") {
  for (const ChangedMidJob& changed : kChangedMidJob) {
    INFO(changed.what);
    Bench bench;
    open_and_change_mid_job(bench, changed);
    GitHubIssueTriager triager(the_client_of(bench), {});
    LabelChanges unrecorded;
    const TriageOutcome outcome = handle_as_the_queue(triager, bench.job, unrecorded);
    CHECK(outcome.status == TriageOutcome::Status::done);  // not dead-lettered
    CHECK_THAT(outcome.detail, Catch::StartsWith(changed.detail));
    CHECK_FALSE(outcome.token_refused);
    if (changed.fault.kind != testing::FaultKind::issue_locked_first) continue;
    CHECK_THAT(outcome.detail, Catch::Contains(" +needs-info"));
    CHECK(has_label(bench.issue(), "needs-info"));
    CHECK(has(unrecorded.added, "needs-info"));  // for the triage after the unlock
    bench.change_issue([](testing::FakeIssue& issue) { issue.locked = false; });
    REQUIRE(handle_as_the_queue(triager, bench.job, unrecorded).status ==
            TriageOutcome::Status::done);
    CHECK(bench.report_comments() == 1);
    bench.edit_body("fixtures/issues/complete-audit-log.md");
    REQUIRE(handle_as_the_queue(triager, bench.job, unrecorded).status ==
            TriageOutcome::Status::done);
    CHECK_FALSE(has_label(bench.issue(), "needs-info"));
  }
}

TEST_CASE("retried in process: an issue deleted or locked in the middle of a job is skipped") {
  for (const ChangedMidJob& changed : kChangedMidJob) {
    INFO(changed.what);
    Bench bench;
    open_and_change_mid_job(bench, changed);
    TriageRetry retry;
    int retries = 0;
    retry.sleep = [&](std::chrono::milliseconds) { ++retries; };
    const auto outcome = triage_issue_with_retries(*bench.client, bench.job, {}, retry);
    CHECK(outcome.status == TriageOutcome::Status::done);
    CHECK_THAT(outcome.detail, Catch::StartsWith(changed.detail));
    CHECK(retries == 0);
  }
}

TEST_CASE("an explain whose comment meets an issue deleted or locked meanwhile is skipped") {
  // As a triage's write is: the same answers at the explain's one write.
  for (const ChangedMidJob& changed : kChangedMidJob) {
    if (changed.fault.path_prefix.find("/comments") == std::string::npos) continue;
    INFO(changed.what);
    Bench bench;
    open_and_change_mid_job(bench, changed);
    bench.job.kind = JobKind::explain;
    const TriageOutcome outcome = bench.run();
    CHECK(outcome.status == TriageOutcome::Status::done);  // not dead-lettered
    CHECK_THAT(outcome.detail, Catch::StartsWith("skipped: the issue"));
    CHECK_FALSE(outcome.token_refused);
  }
}

TEST_CASE("serve's triager: a job that cannot reach GitHub keeps the earlier attempts' changes") {
  // An installation token GitHub will not give: nothing is written, so nothing is recorded.
  GitHubIssueTriager triager(
      [](std::int64_t) -> Result<std::shared_ptr<github::GitHubApi>> {
        return make_error("no installation token", "test");
      },
      {});
  IssueJob job;
  job.owner = "acme";
  job.repo = "app";
  job.issue_number = 7;
  job.earlier_label_changes = LabelChanges{{}, {"needs-info"}};
  const TriageOutcome outcome = triager.handle(job);
  CHECK(outcome.status == TriageOutcome::Status::failed);
  CHECK(outcome.unrecorded_label_changes == job.earlier_label_changes);
}

// The report is read from the comments the triage listed; listing them again to write it cost a
// request a page (three here) at every triage, on the one connection every worker shares.
TEST_CASE("a triage lists the issue's comments once, every page of them") {
  Bench bench;
  bench.open_issue("fixtures/issues/data-migration-contradiction.md", "[DB] Add audit_log table");
  for (int i = 0; i < 220; ++i) {
    bench.fake.add_comment("acme", "app", 7, {0, "comment " + std::to_string(i), "octocat", false});
  }
  REQUIRE(bench.run().status == TriageOutcome::Status::done);  // the report: on page 3
  const auto comment_listings = [&] {
    const auto requests = bench.fake.requests();
    return std::count_if(requests.begin(), requests.end(), [](const testing::LoggedRequest& r) {
      return r.method == "GET" && r.path.ends_with("/issues/7/comments");
    });
  };
  for (const bool fixed : {false, true}) {
    INFO((fixed ? "fixed: the report is edited" : "unchanged"));
    if (fixed) bench.edit_body("fixtures/issues/complete-audit-log.md");
    bench.fake.clear_requests();
    const auto triaged = bench.run();
    INFO(triaged.detail);
    REQUIRE(triaged.status == TriageOutcome::Status::done);
    CHECK(comment_listings() == 3);
    CHECK(bench.report_comments() == 1);
  }
  CHECK_FALSE(has_label(bench.issue(), "needs-info"));
}
