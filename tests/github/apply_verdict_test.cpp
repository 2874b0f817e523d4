// apply_verdict against the loopback fake (asserting on the request log) and the in-memory
// recorder: labels created with colour before adding, one comment created then edited in place,
// nothing written when nothing changed, nothing at all in dry-run.
#include "bot/github/apply_verdict.h"

#include <catch2/catch.hpp>

#include "tests/fake_github/recording_github.h"
#include "tests/github/test_support.h"

using namespace issuelint;
using namespace issuelint::testing;
using github::ApplyReport;

namespace {

Verdict needs_info_verdict(const std::string& comment) {
  Verdict verdict;
  verdict.outcome = Outcome::needs_info;
  verdict.labels.want = {"needs-info", "area/db"};
  verdict.labels.add = {"needs-info", "area/db"};
  verdict.labels.remove = {"triage-ok"};
  verdict.managed_labels = {{"needs-info", "d93f0b", "The issue lacks required information"},
                            {"area/db", "1d76db", "Database migrations"},
                            {"triage-ok", "0e8a16", "Template filled in"}};
  verdict.comment = comment;
  return verdict;
}

// An empty issue `number` in the recorder's octo/hello.
github::IssueRef recorded_issue(RecordingGitHub& github, int number) {
  FakeIssue issue;
  issue.number = number;
  github.state().add_issue("octo", "hello", issue);
  return github::IssueRef{{"octo", "hello"}, number};
}

}  // namespace

TEST_CASE("apply: managed labels are created with their colour before they are added") {
  FakeSetup setup;
  FakeIssue issue;
  issue.number = 1;
  setup.fake->add_issue("octo", "hello", issue);
  setup.fake->add_label("octo", "hello", {0, "area/db", "1d76db", "Database migrations"});
  auto& client = setup.make_client();

  ApplyReport report =
      github::apply_verdict(client, setup.issue(1), needs_info_verdict("Please fill in the plan."));
  REQUIRE(report.ok());
  CHECK(report.labels_created == std::vector<std::string>{"needs-info"});
  CHECK(report.labels_added == std::vector<std::string>{"needs-info", "area/db"});
  CHECK(report.labels_removed == std::vector<std::string>{"triage-ok"});
  CHECK(report.comment == ApplyReport::CommentAction::created);

  auto writes = setup.fake->writes();
  REQUIRE(writes.size() == 4);
  CHECK(writes[0].path == "/repos/octo/hello/labels");  // created first, so not grey
  CHECK(writes[1].path == "/repos/octo/hello/issues/1/labels");
  CHECK(writes[2].path == "/repos/octo/hello/issues/1/labels/triage-ok");
  CHECK(writes[2].status == 404);  // not on the issue: still fine
  CHECK(writes[3].path == "/repos/octo/hello/issues/1/comments");
  for (const FakeLabel& label : setup.fake->repo_labels("octo", "hello")) {
    if (label.name == "needs-info") CHECK(label.color == "d93f0b");
  }
  auto stored = setup.fake->issue("octo", "hello", 1);
  REQUIRE(stored->comments.size() == 1);
  CHECK_THAT(stored->comments[0].body, Catch::StartsWith("<!-- issuelint:report -->\n"));
}

TEST_CASE("apply: one comment, updated in place, and an unchanged verdict writes nothing") {
  FakeSetup setup;
  FakeIssue issue;
  issue.number = 2;
  setup.fake->add_issue("octo", "hello", issue);
  // Someone quoting the marker in the middle of a comment must not be mistaken for the bot.
  setup.fake->add_comment("octo", "hello", 2,
                          {0, "I saw <!-- issuelint:report --> somewhere", "human", false});
  auto& client = setup.make_client();
  Verdict first = needs_info_verdict("<!-- issuelint:report -->\nFirst version");
  first.labels.remove.clear();

  ApplyReport created = github::apply_verdict(client, setup.issue(2), first);
  REQUIRE(created.ok());
  CHECK(created.comment == ApplyReport::CommentAction::created);

  Verdict second = first;
  second.labels.add.clear();
  second.comment = "<!-- issuelint:report -->\nSecond version";
  ApplyReport updated = github::apply_verdict(client, setup.issue(2), second);
  REQUIRE(updated.ok());
  CHECK(updated.comment == ApplyReport::CommentAction::updated);
  CHECK(updated.comment_id == created.comment_id);
  auto stored = setup.fake->issue("octo", "hello", 2);
  REQUIRE(stored->comments.size() == 2);
  CHECK(stored->comments[1].body == "<!-- issuelint:report -->\nSecond version");

  setup.fake->clear_requests();
  ApplyReport unchanged = github::apply_verdict(client, setup.issue(2), second);
  REQUIRE(unchanged.ok());
  CHECK(unchanged.comment == ApplyReport::CommentAction::unchanged);
  CHECK(unchanged.writes == 0);
  CHECK(setup.fake->writes().empty());
  CHECK(setup.fake->requests().size() == 1);  // the comment listing only
}

TEST_CASE("apply: dry-run reads, logs the writes and changes nothing") {
  FakeSetup setup;
  FakeIssue issue;
  issue.number = 3;
  issue.labels = {"triage-ok"};
  setup.fake->add_issue("octo", "hello", issue);
  auto& client = setup.make_client();
  github::ApplyOptions options;
  options.dry_run = true;
  ApplyReport report =
      github::apply_verdict(client, setup.issue(3), needs_info_verdict("Fill it in"), options);
  REQUIRE(report.ok());
  CHECK(setup.fake->writes().empty());
  CHECK(report.writes == 0);
  CHECK(report.dry_run_log.size() == 5);  // 2 label creations, add, remove, comment
  CHECK_THAT(report.summary(), Catch::Contains("dry run"));
  CHECK(setup.fake->issue("octo", "hello", 3)->labels == std::vector<std::string>{"triage-ok"});
  CHECK(setup.fake->issue("octo", "hello", 3)->comments.empty());
}

TEST_CASE("apply: with the recorder, a failure stops the writes and is reported") {
  RecordingGitHub github;
  const github::IssueRef ref = recorded_issue(github, 4);
  // Two marked comments: the Bot's is the one to edit.
  github.state().add_comment("octo", "hello", 4,
                             {0, "<!-- issuelint:report -->\nquoted by a human", "human", false});
  std::int64_t ours = github.state().add_comment(
      "octo", "hello", 4, {0, "<!-- issuelint:report -->\r\nold", "issuelint[bot]", true});

  github.fail_next("add_labels", {502, "Bad Gateway", true, 0});
  ApplyReport failed = github::apply_verdict(github, ref, needs_info_verdict("new"));
  REQUIRE_FALSE(failed.ok());
  CHECK(failed.error->retryable);
  CHECK(failed.comment == ApplyReport::CommentAction::none);

  ApplyReport retried = github::apply_verdict(github, ref, needs_info_verdict("new"));
  REQUIRE(retried.ok());
  CHECK(retried.comment == ApplyReport::CommentAction::updated);
  CHECK(retried.comment_id == ours);
  FakeRepo* repo = github.state().find_repo("octo", "hello");
  REQUIRE(repo);
  // "area/db" and "needs-info" were created with colour on the first attempt, not grey.
  CHECK(github.state().find_label(*repo, "needs-info")->color == "d93f0b");
  CHECK(repo->issues.at(4).labels == std::vector<std::string>{"needs-info", "area/db"});
}

// A label write GitHub refused with a 4xx was not made; one answered 5xx, or never answered,
// may have been, and only that is left for the next attempt to tell by looking.
TEST_CASE("apply: a label write refused with a 4xx is not unconfirmed, a 5xx or no answer is") {
  struct Case {
    const char* call;
    github::ApiError error;
    bool unconfirmed;
  };
  const github::ApiError refused{403, "Resource not accessible by integration", false, 0};
  const Case cases[] = {{"add_labels", refused, false},
                        {"add_labels", {422, "Validation Failed", false, 0}, false},
                        {"add_labels", {502, "Bad Gateway", true, 0}, true},
                        {"add_labels", {0, "connection reset", true, 0}, true},
                        {"remove_label", refused, false},
                        {"remove_label", {404, "Not Found", false, 0}, false},
                        {"remove_label", {500, "Internal Server Error", true, 0}, true}};
  for (const Case& each : cases) {
    INFO(each.call << " " << each.error.status);
    RecordingGitHub github;
    const github::IssueRef ref = recorded_issue(github, 4);
    github.fail_next(each.call, each.error);
    const ApplyReport failed = github::apply_verdict(github, ref, needs_info_verdict("new"));
    REQUIRE_FALSE(failed.ok());
    const bool add = std::string(each.call) == "add_labels";
    const auto& unconfirmed =
        add ? failed.labels_unconfirmed_added : failed.labels_unconfirmed_removed;
    CHECK(unconfirmed.empty() == !each.unconfirmed);
    if (each.unconfirmed) {
      CHECK(unconfirmed.front() == (add ? "needs-info" : "triage-ok"));
    }
  }
}

TEST_CASE("apply: the recorder creates an unknown label grey, as GitHub does") {
  RecordingGitHub github;
  const github::IssueRef ref = recorded_issue(github, 5);
  REQUIRE(github.add_labels(ref, {"Surprise"}).ok());
  REQUIRE(github.remove_label(ref, "absent").ok());
  FakeRepo* repo = github.state().find_repo("octo", "hello");
  CHECK(github.state().find_label(*repo, "surprise")->color == "ededed");
  CHECK(github.calls() == std::vector<std::string>{"add_labels octo/hello#5 Surprise",
                                                   "remove_label octo/hello#5 absent"});
}

TEST_CASE("apply: the marker line is recognised and put first") {
  CHECK(github::is_report_comment("<!-- issuelint:report -->\nbody"));
  CHECK(github::is_report_comment("<!-- issuelint:report --> \r\nbody"));
  CHECK_FALSE(github::is_report_comment("text\n<!-- issuelint:report -->"));
  CHECK(github::report_comment_body("x") == "<!-- issuelint:report -->\nx");
  CHECK(github::report_comment_body("<!-- issuelint:report -->\nx") ==
        "<!-- issuelint:report -->\nx");
}

TEST_CASE("apply: a comment POST answered 502 after GitHub made it is not posted twice") {
  FakeSetup setup;
  FakeIssue issue;
  issue.number = 6;
  setup.fake->add_issue("octo", "hello", issue);
  Fault lost_answer;
  lost_answer.kind = FaultKind::bad_gateway_after_write;
  lost_answer.method = "POST";
  lost_answer.path_prefix = "/repos/octo/hello/issues/6/comments";
  setup.fake->inject(lost_answer);
  auto& client = setup.make_client();
  Verdict verdict = needs_info_verdict("<!-- issuelint:report -->\nFirst version");
  verdict.labels.remove.clear();

  // The answer is lost: the apply fails (the job will be retried), it does not ask again.
  const ApplyReport lost = github::apply_verdict(client, setup.issue(6), verdict);
  CHECK_FALSE(lost.ok());
  REQUIRE(setup.fake->issue("octo", "hello", 6)->comments.size() == 1);
  // The retry finds the comment GitHub made, and edits it in place.
  verdict.comment = "<!-- issuelint:report -->\nSecond version";
  const ApplyReport retried = github::apply_verdict(client, setup.issue(6), verdict);
  REQUIRE(retried.ok());
  CHECK(retried.comment == ApplyReport::CommentAction::updated);
  const auto stored = setup.fake->issue("octo", "hello", 6);
  REQUIRE(stored->comments.size() == 1);
  CHECK(stored->comments[0].body == "<!-- issuelint:report -->\nSecond version");
}

TEST_CASE("find_report_comment: the bot login's, else a Bot's, never a person's") {
  const std::string marked = "<!-- issuelint:report -->\n";
  const github::Comment person{1, marked + "quoting the bot", "octocat", false};
  const github::Comment other_bot{2, marked + "old report", "issuelint[bot]", true};
  const github::Comment pat_user{3, marked + "written with a PAT", "alice", false};
  const github::Comment unmarked{4, "thanks", "issuelint[bot]", true};

  CHECK(github::find_report_comment({person}, "") == nullptr);
  CHECK(github::find_report_comment({person}, "github-actions[bot]") == nullptr);
  const std::vector<github::Comment> all = {person, other_bot, pat_user, unmarked};
  CHECK(github::find_report_comment(all, "")->id == 2);
  CHECK(github::find_report_comment(all, "github-actions[bot]")->id == 2);
  CHECK(github::find_report_comment(all, "alice")->id == 3);  // the configured login wins
  CHECK(github::find_report_comment(all, "Alice")->id == 3);  // GitHub logins ignore case
  CHECK(github::find_report_comment(all, "octocat")->id == 1);
  CHECK(github::find_report_comment({unmarked}, "") == nullptr);

  // A whole report (its hidden state line too) by a User, with no login known: a personal
  // token's bot that was not told its account finds its own report, not a person's quote.
  const std::string state = "<!-- issuelint:state {\"v\":1,\"applied\":[]} -->\n";
  const github::Comment own_report{5, marked + state + "report", "triage-robot", false};
  CHECK(github::find_report_comment({person, own_report}, "")->id == 5);
  CHECK(github::find_report_comment({own_report, other_bot}, "")->id == 2);  // a Bot's first
  CHECK(github::find_report_comment({person, own_report}, "github-actions[bot]") == nullptr);
}

TEST_CASE("apply: a person's comment that starts with the marker is never edited") {
  RecordingGitHub github;
  const github::IssueRef ref = recorded_issue(github, 6);
  const std::string person_body = "<!-- issuelint:report -->\nI copied the marker; my notes";
  const std::int64_t person_id =
      github.state().add_comment("octo", "hello", 6, {0, person_body, "octocat", false});
  for (const std::string login : {"", "github-actions[bot]"}) {
    INFO("bot login '" << login << "'");
    github::ApplyOptions options;
    options.bot_login = login;
    Verdict verdict = needs_info_verdict("Please fill in the plan.");
    verdict.labels = {};
    ApplyReport report = github::apply_verdict(github, ref, verdict, options);
    REQUIRE(report.ok());
    CHECK(report.comment_id != person_id);
  }
  const FakeIssue& stored = github.state().find_repo("octo", "hello")->issues.at(6);
  REQUIRE(stored.comments.size() == 2);  // the person's, and one report (the second run kept it)
  CHECK(stored.comments[0].body == person_body);
}

TEST_CASE("apply: a report posted by another run at the same time is kept, ours deleted") {
  FakeSetup setup;
  FakeIssue issue;
  issue.number = 7;
  setup.fake->add_issue("octo", "hello", issue);
  auto& client = setup.make_client();
  // Between our listing and our post, the other run posts its report.
  Fault race;
  race.kind = FaultKind::competing_comment;
  race.method = "POST";
  race.path_prefix = "/repos/octo/hello/issues/7/comments";
  setup.fake->inject(race);
  Verdict verdict = needs_info_verdict("Please fill in the plan.");
  verdict.labels = {};

  ApplyReport report = github::apply_verdict(client, setup.issue(7), verdict);
  REQUIRE(report.ok());
  CHECK(report.duplicates_removed == 1);
  CHECK(report.comment == ApplyReport::CommentAction::updated);
  CHECK_THAT(report.summary(), Catch::Contains("duplicate"));
  const auto stored = setup.fake->issue("octo", "hello", 7);
  REQUIRE(stored->comments.size() == 1);
  CHECK(stored->comments[0].id == report.comment_id);
  CHECK(stored->comments[0].body == github::report_comment_body("Please fill in the plan."));

  SECTION("the next run edits that one comment") {
    verdict.comment = "Second version";
    ApplyReport again = github::apply_verdict(client, setup.issue(7), verdict);
    REQUIRE(again.ok());
    CHECK(again.comment == ApplyReport::CommentAction::updated);
    CHECK(setup.fake->issue("octo", "hello", 7)->comments.size() == 1);
  }
}

TEST_CASE("apply: with no other report, the comment just posted stays") {
  RecordingGitHub github;
  const github::IssueRef ref = recorded_issue(github, 8);
  // Someone else's marked comment before ours is not a duplicate of ours.
  github.state().add_comment("octo", "hello", 8,
                             {0, "<!-- issuelint:report -->\nquoted", "octocat", false});
  Verdict verdict = needs_info_verdict("text");
  verdict.labels = {};
  ApplyReport report = github::apply_verdict(github, ref, verdict);
  REQUIRE(report.ok());
  CHECK(report.comment == ApplyReport::CommentAction::created);
  CHECK(report.duplicates_removed == 0);
  CHECK(github.state().find_repo("octo", "hello")->issues.at(8).comments.size() == 2);
}

// Two reports of ours already there (a race whose clean-up DELETE failed, an older version of
// the bot): the oldest is kept and brought up to date, the other one goes, and a person's comment
// with the marker in it stays.
TEST_CASE("apply: our reports beside the one kept are deleted, a person's copy is not") {
  RecordingGitHub github;
  const github::IssueRef ref = recorded_issue(github, 9);
  const std::string stale = "<!-- issuelint:report -->\n<!-- issuelint:state {} -->\nstale";
  const std::int64_t kept =
      github.state().add_comment("octo", "hello", 9, {0, stale, "issuelint[bot]", true});
  const std::string quote = "<!-- issuelint:report -->\n> the bot says: fill in the plan";
  github.state().add_comment("octo", "hello", 9, {0, quote, "octocat", false});
  const std::int64_t duplicate =
      github.state().add_comment("octo", "hello", 9, {0, stale, "issuelint[bot]", true});
  Verdict verdict = needs_info_verdict("Please fill in the plan.");
  verdict.labels = {};
  const auto stored = [&] { return github.state().find_repo("octo", "hello")->issues.at(9); };

  SECTION("dry run: said, not done") {
    github::ApplyOptions options;
    options.dry_run = true;
    ApplyReport report = github::apply_verdict(github, ref, verdict, options);
    REQUIRE(report.ok());
    CHECK_THAT(report.dry_run_log.back(),
               Catch::Contains("delete the duplicate report " + std::to_string(duplicate)));
    CHECK(stored().comments.size() == 3);
  }
  SECTION("the oldest is updated, the later one deleted") {
    ApplyReport report = github::apply_verdict(github, ref, verdict);
    REQUIRE(report.ok());
    CHECK(report.comment == ApplyReport::CommentAction::updated);
    CHECK(report.comment_id == kept);
    CHECK(report.duplicates_removed == 1);
    CHECK_THAT(report.summary(), Catch::Contains("a duplicate report removed"));
    const auto comments = stored().comments;
    REQUIRE(comments.size() == 2);
    CHECK(comments[0].id == kept);
    CHECK(comments[0].body == github::report_comment_body("Please fill in the plan."));
    CHECK(comments[1].body == quote);

    SECTION("and the next run, unchanged, writes nothing") {
      ApplyReport again = github::apply_verdict(github, ref, verdict);
      CHECK(again.comment == ApplyReport::CommentAction::unchanged);
      CHECK(again.writes == 0);
    }
  }
}

TEST_CASE("apply: the comments the caller listed are not listed again") {
  FakeSetup setup;
  add_issue(setup, 3);
  auto& client = setup.make_client();
  Verdict verdict = needs_info_verdict("First version");
  verdict.labels = {};
  REQUIRE(github::apply_verdict(client, setup.issue(3), verdict).ok());

  auto listed = client.list_comments(setup.issue(3));
  REQUIRE(listed.ok());
  setup.fake->clear_requests();
  github::ApplyOptions options;
  options.listed_comments = &*listed.value;
  verdict.comment = "Second version";
  ApplyReport report = github::apply_verdict(client, setup.issue(3), verdict, options);
  REQUIRE(report.ok());
  CHECK(report.comment == ApplyReport::CommentAction::updated);
  const auto requests = setup.fake->requests();
  REQUIRE(requests.size() == 1);  // the edit, and no listing before it
  CHECK(requests[0].method == "PATCH");
}
