// The REST client against the loopback fake: every call, pagination, ETag, encoding, retries,
// rate limits and the loopback rule.
#include <catch2/catch.hpp>
#include <mutex>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "tests/github/test_support.h"

using namespace issuelint;
using namespace issuelint::testing;
using github::HttpGitHubClient;

namespace {

int count_requests(const FakeGitHub& fake, const std::string& method, const std::string& prefix) {
  int count = 0;
  for (const LoggedRequest& request : fake.requests()) {
    if (request.method == method && request.path.rfind(prefix, 0) == 0) ++count;
  }
  return count;
}

}  // namespace

TEST_CASE("client: helpers encode, decode and parse links") {
  CHECK(github::percent_encode("area/db") == "area%2Fdb");
  CHECK(github::percent_encode("a#b") == "a%23b");
  CHECK(github::percent_encode("what?") == "what%3F");
  CHECK(github::percent_encode("good first issue") == "good%20first%20issue");
  CHECK(github::percent_encode("\xc3\xa9t\xc3\xa9") == "%C3%A9t%C3%A9");
  CHECK(github::percent_encode_path(".github/ISSUE_TEMPLATE/a b.md") ==
        ".github/ISSUE_TEMPLATE/a%20b.md");
  CHECK(github::decode_base64("aGVs\nbG8=\n") == std::optional<std::string>("hello"));
  CHECK(github::decode_base64("aGk=") == std::optional<std::string>("hi"));
  CHECK_FALSE(github::decode_base64("abc").has_value());
  std::string link =
      "<https://api.github.com/repositories/1000/issues?per_page=3&page=1>; rel=\"prev\", "
      "<https://api.github.com/repositories/1000/issues?per_page=3&page=3>; rel=\"next\", "
      "<https://api.github.com/repositories/1000/issues?per_page=3&page=5>; rel=\"last\"";
  CHECK(github::next_link(link) ==
        "https://api.github.com/repositories/1000/issues?per_page=3&page=3");
  CHECK(github::next_link("<https://x/y?page=1>; rel=\"prev\"").empty());
}

TEST_CASE("client: plain http is refused unless the host is loopback") {
  auto clock = std::make_shared<FakeClock>();
  auto tokens = std::make_shared<github::StaticTokenSource>("t");
  for (const char* url : {"http://api.github.com", "http://10.0.0.1:8080",
                          "http://example.com/api/v3", "ftp://127.0.0.1"}) {
    github::HttpClientOptions options;
    options.base_url = url;
    auto client = HttpGitHubClient::create(options, tokens, clock);
    REQUIRE_FALSE(client.ok());
    CHECK_FALSE(client.error().message.empty());
  }
  for (const char* url :
       {"http://127.0.0.1:1", "http://localhost:2", "http://[::1]:3", "http://127.1.2.3",
        "https://api.github.com", "https://ghe.example.com/api/v3"}) {
    github::HttpClientOptions options;
    options.base_url = url;
    CHECK(HttpGitHubClient::create(options, tokens, clock).ok());
  }
  auto base = github::parse_base_url("https://ghe.example.com/api/v3/");
  REQUIRE(base.ok());
  CHECK(base->path_prefix == "/api/v3");
  CHECK(base->port == 443);
  CHECK_FALSE(github::parse_base_url("http://user:pw@127.0.0.1").ok());
  // Whatever else is wrong with the URL, its credentials never reach the message.
  for (const std::string url :
       {"x-access-token:ghp_SECRET123@ghe.example.com/api/v3", "ftp://u:ghp_SECRET123@host/",
        "https://u:ghp_SECRET123@host:99999/"}) {
    INFO(url);
    const auto refused = github::parse_base_url(url);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().describe().find("SECRET") == std::string::npos);
    CHECK(refused.error().message == "GitHub URL must not carry credentials");
  }
}

TEST_CASE("client: every call against the fake, with GitHub's headers") {
  FakeSetup setup;
  FakeIssue issue;
  issue.number = 1;
  issue.title = "Add index";
  issue.body = "body\r\ntext";
  issue.labels = {"bug"};
  setup.fake->add_issue("octo", "hello", issue);
  FakeIssue pull;
  pull.number = 2;
  pull.is_pull_request = true;
  setup.fake->add_issue("octo", "hello", pull);
  setup.fake->put_file("octo", "hello", ".github/issuelint.yml", "rules:\n  x: 1\n");
  setup.fake->put_file("octo", "hello", ".github/ISSUE_TEMPLATE/bug.md", "---\nname: Bug\n---\n");
  auto& client = setup.make_client();

  auto got = client.get_issue(setup.issue(1));
  REQUIRE(got.ok());
  CHECK(got.value->title == "Add index");
  CHECK(got.value->body == std::optional<std::string>("body\r\ntext"));
  CHECK(got.value->labels == std::vector<std::string>{"bug"});
  CHECK(got.value->state == "open");
  CHECK_FALSE(got.value->is_pull_request);

  const LoggedRequest first = setup.fake->requests().front();
  CHECK(first.headers.at("accept") == "application/vnd.github+json");
  CHECK(first.headers.at("x-github-api-version") == "2022-11-28");
  CHECK(first.headers.at("user-agent") == std::string("issuelint/") + ISSUELINT_VERSION);
  CHECK(first.headers.at("authorization") == "Bearer test-token");

  auto missing = client.get_issue(setup.issue(99));
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error.status == 404);
  CHECK_FALSE(missing.error.retryable);

  REQUIRE(client.add_labels(setup.issue(1), {"needs-info", "area/db"}).ok());
  REQUIRE(client.remove_label(setup.issue(1), "bug").ok());
  CHECK(setup.fake->issue("octo", "hello", 1)->labels ==
        std::vector<std::string>{"needs-info", "area/db"});

  REQUIRE(client.create_label(setup.repo, {"triaged", "0e8a16", "Seen by the bot"}).ok());
  // Already there (case-insensitively): creation is idempotent.
  REQUIRE(client.create_label(setup.repo, {"TRIAGED", "0e8a16", ""}).ok());
  auto labels = client.list_repo_labels(setup.repo);
  REQUIRE(labels.ok());
  auto triaged = std::find_if(labels.value->begin(), labels.value->end(),
                              [](const github::Label& l) { return l.name == "triaged"; });
  REQUIRE(triaged != labels.value->end());
  CHECK(triaged->color == "0e8a16");
  CHECK(triaged->description == "Seen by the bot");

  auto created = client.create_comment(setup.issue(1), "<!-- issuelint:report -->\nhello");
  REQUIRE(created.ok());
  REQUIRE(client.update_comment(setup.repo, *created.value, "<!-- issuelint:report -->\nbye").ok());
  auto comments = client.list_comments(setup.issue(1));
  REQUIRE(comments.ok());
  REQUIRE(comments.value->size() == 1);
  CHECK(comments.value->front().body == "<!-- issuelint:report -->\nbye");
  CHECK(comments.value->front().author == "issuelint[bot]");
  CHECK(comments.value->front().author_is_bot);

  auto file = client.get_file(setup.repo, ".github/issuelint.yml");
  REQUIRE(file.ok());
  CHECK(*file.value == std::optional<std::string>("rules:\n  x: 1\n"));
  auto absent = client.get_file(setup.repo, ".github/nope.yml");
  REQUIRE(absent.ok());
  CHECK_FALSE(absent.value->has_value());
  auto directory = client.list_directory(setup.repo, ".github/ISSUE_TEMPLATE");
  REQUIRE(directory.ok());
  REQUIRE(directory.value->size() == 1);
  CHECK(directory.value->front().path == ".github/ISSUE_TEMPLATE/bug.md");
  CHECK(directory.value->front().type == "file");
  auto no_directory = client.list_directory(setup.repo, "nothing/here");
  REQUIRE(no_directory.ok());
  CHECK(no_directory.value->empty());

  auto open = client.list_open_issues(setup.repo, "");
  REQUIRE(open.ok());
  REQUIRE(open.value->issues.size() == 1);  // the pull request is filtered out
  CHECK(open.value->issues.front().number == 1);
  CHECK(open.value->next.empty());

  auto stats = client.stats();
  CHECK(stats.responses_by_status[200] > 0);
  CHECK(stats.rate_limit_remaining > 0);
}

TEST_CASE("client: comments and labels are read over several pages by Link") {
  FakeSetup setup;
  add_issue(setup, 7, 7);
  for (int i = 0; i < 5; ++i)
    setup.fake->add_label("octo", "hello", {0, "l" + std::to_string(i), "ededed", ""});
  auto options = fast_options(*setup.fake);
  options.per_page = 3;
  auto& client = setup.make_client(options);

  auto comments = client.list_comments(setup.issue(7));
  REQUIRE(comments.ok());
  REQUIRE(comments.value->size() == 7);
  CHECK(comments.value->back().body == "comment 6");
  CHECK(count_requests(*setup.fake, "GET", "/repos/octo/hello/issues/7/comments") == 1);
  // Later pages follow the absolute /repositories/{id}/... links, as GitHub sends them.
  CHECK(count_requests(*setup.fake, "GET", "/repositories/") == 2);

  auto labels = client.list_repo_labels(setup.repo);
  REQUIRE(labels.ok());
  CHECK(labels.value->size() == 5);

  for (int i = 10; i < 15; ++i) {
    FakeIssue more;
    more.number = i;
    setup.fake->add_issue("octo", "hello", more);
  }
  // Open issues too, each next page where the previous page's Link said.
  setup.fake->clear_requests();
  std::vector<int> numbers;
  std::string page;
  int pages = 0;
  do {
    auto listed = client.list_open_issues(setup.repo, page);
    REQUIRE(listed.ok());
    for (const auto& issue : listed.value->issues) numbers.push_back(issue.number);
    page = listed.value->next;
    ++pages;
  } while (!page.empty() && pages < 10);
  CHECK(pages == 2);  // issues 7 and 10 to 14, three a page
  CHECK(numbers.size() == 6);
  CHECK(count_requests(*setup.fake, "GET", "/repos/octo/hello/issues") == 1);
  CHECK(count_requests(*setup.fake, "GET", "/repositories/") == 1);
}

TEST_CASE("client: the next page of open issues is asked for as the Link gave it") {
  FakeSetup setup;
  add_issue(setup, 1);
  auto& client = setup.make_client();
  // A server paging by cursor names no page number at all: the target goes out as it came.
  auto listed = client.list_open_issues(setup.repo, "/repos/octo/hello/issues?after=Y3Vyc29y");
  REQUIRE(listed.ok());
  const auto requests = setup.fake->requests();
  REQUIRE(requests.size() == 1);
  CHECK(requests[0].path == "/repos/octo/hello/issues");
  CHECK(requests[0].query == "after=Y3Vyc29y");
}

TEST_CASE("client: a 304 reuses the cached body") {
  FakeSetup setup;
  setup.fake->put_file("octo", "hello", ".github/issuelint.yml", std::string(200, 'x') + "\n");
  auto& client = setup.make_client();
  auto first = client.get_file(setup.repo, ".github/issuelint.yml");
  auto second = client.get_file(setup.repo, ".github/issuelint.yml");
  REQUIRE(first.ok());
  REQUIRE(second.ok());
  CHECK(*first.value == *second.value);
  auto log = setup.fake->requests();
  REQUIRE(log.size() == 2);
  CHECK(log[0].headers.count("if-none-match") == 0);
  CHECK(log[1].headers.count("if-none-match") == 1);
  CHECK(log[1].status == 304);
  CHECK(client.stats().etag_hits == 1);

  setup.fake->put_file("octo", "hello", ".github/issuelint.yml", "changed\n");
  auto third = client.get_file(setup.repo, ".github/issuelint.yml");
  REQUIRE(third.ok());
  CHECK(*third.value == std::optional<std::string>("changed\n"));
  auto fourth = client.get_file(setup.repo, ".github/issuelint.yml");  // a 304 again
  REQUIRE(fourth.ok());
  CHECK(*fourth.value == std::optional<std::string>("changed\n"));
  CHECK(client.stats().etag_hits == 2);

  // Back to the first text: its ETag again, and the text of that version, not the last decoded.
  setup.fake->put_file("octo", "hello", ".github/issuelint.yml", std::string(200, 'x') + "\n");
  auto fifth = client.get_file(setup.repo, ".github/issuelint.yml");
  REQUIRE(fifth.ok());
  CHECK(*fifth.value == *first.value);
  // Another path is another file, whatever was decoded for this one.
  setup.fake->put_file("octo", "hello", ".github/other.yml", "other\n");
  auto other = client.get_file(setup.repo, ".github/other.yml");
  REQUIRE(other.ok());
  CHECK(*other.value == std::optional<std::string>("other\n"));
  auto missing = client.get_file(setup.repo, ".github/missing.yml");
  REQUIRE(missing.ok());
  CHECK_FALSE(missing.value->has_value());
}

TEST_CASE("client: label names are percent-encoded in paths") {
  FakeSetup setup;
  FakeIssue issue;
  issue.number = 3;
  issue.labels = {"area/db", "a#b", "what?", "\xF0\x9F\x90\x9B bug", "keep"};
  setup.fake->add_issue("octo", "hello", issue);
  auto& client = setup.make_client();
  for (std::string label : {"area/db", "a#b", "what?", "\xF0\x9F\x90\x9B bug"}) {
    REQUIRE(client.remove_label(setup.issue(3), label).ok());
  }
  CHECK(setup.fake->issue("octo", "hello", 3)->labels == std::vector<std::string>{"keep"});
  auto log = setup.fake->requests();
  REQUIRE(log.size() == 4);
  CHECK(log[0].path == "/repos/octo/hello/issues/3/labels/area%2Fdb");
  CHECK(log[1].path == "/repos/octo/hello/issues/3/labels/a%23b");
  CHECK(log[2].path == "/repos/octo/hello/issues/3/labels/what%3F");
  CHECK(log[3].path == "/repos/octo/hello/issues/3/labels/%F0%9F%90%9B%20bug");
  for (const auto& request : log) CHECK(request.status == 200);
}

TEST_CASE("client: removing a label that is not on the issue is success") {
  FakeSetup setup;
  FakeIssue issue;
  issue.number = 4;
  setup.fake->add_issue("octo", "hello", issue);
  auto& client = setup.make_client();
  REQUIRE(client.remove_label(setup.issue(4), "never-there").ok());
  CHECK(setup.fake->requests().back().status == 404);
}

TEST_CASE("client: 500, 502 and a dropped connection are retried, then succeed") {
  FakeSetup setup;
  FakeIssue issue;
  issue.number = 5;
  setup.fake->add_issue("octo", "hello", issue);
  auto& client = setup.make_client();
  setup.fake->inject({FaultKind::server_error, 1, "GET", "/repos/octo/hello/issues/5"});
  setup.fake->inject({FaultKind::bad_gateway, 1, "GET", "/repos/octo/hello/issues/5"});
  setup.fake->inject({FaultKind::drop_connection, 1, "GET", "/repos/octo/hello/issues/5"});
  auto got = client.get_issue(setup.issue(5));
  REQUIRE(got.ok());
  CHECK(got.value->number == 5);
  CHECK(count_requests(*setup.fake, "GET", "/repos/octo/hello/issues/5") == 4);
  auto sleeps = setup.clock->sleeps();
  REQUIRE(sleeps.size() == 3);
  // Exponential with jitter: each wait lies in [base/2, base] for base 100, 200, 400 ms.
  CHECK(sleeps[0].count() >= 50);
  CHECK(sleeps[0].count() <= 100);
  CHECK(sleeps[2].count() >= 200);
  CHECK(sleeps[2].count() <= 400);
  auto stats = client.stats();
  CHECK(stats.retries == 3);
  CHECK(stats.transport_errors == 1);
  CHECK(stats.responses_by_status[500] == 1);
}

TEST_CASE("client: every answer and transport failure is reported to on_response") {
  FakeSetup setup;
  FakeIssue issue;
  issue.number = 5;
  setup.fake->add_issue("octo", "hello", issue);
  setup.fake->set_rate_limit(777, setup.clock->epoch_seconds() + 3600);
  std::vector<std::pair<int, std::int64_t>> seen;
  auto options = fast_options(*setup.fake);
  options.on_response = [&](int status, std::int64_t remaining) {
    seen.emplace_back(status, remaining);
  };
  auto& client = setup.make_client(options);
  setup.fake->inject({FaultKind::server_error, 1, "GET", "/repos/octo/hello/issues/5"});
  setup.fake->inject({FaultKind::drop_connection, 1, "GET", "/repos/octo/hello/issues/5"});
  REQUIRE(client.get_issue(setup.issue(5)).ok());
  REQUIRE(client.get_issue(setup.issue(5)).ok());  // revalidated: 304
  // A fault answers without rate-limit headers (-1); the routed answers count down from 777.
  const std::vector<std::pair<int, std::int64_t>> expected = {
      {500, -1}, {0, -1}, {200, 776}, {304, 776}};
  CHECK(seen == expected);
}

TEST_CASE("client: retries are bounded and the error says it can be retried later") {
  FakeSetup setup;
  FakeIssue issue;
  issue.number = 6;
  setup.fake->add_issue("octo", "hello", issue);
  auto options = fast_options(*setup.fake);
  options.max_attempts = 3;
  auto& client = setup.make_client(options);
  setup.fake->inject({FaultKind::server_error, 10, "GET", ""});
  auto got = client.get_issue(setup.issue(6));
  REQUIRE_FALSE(got.ok());
  CHECK(got.error.status == 500);
  CHECK(got.error.retryable);
  CHECK(setup.fake->requests().size() == 3);
}

// A 503 in an incident says when to come back; asking at 0.1, 0.2, 0.4 s, and then the queue at
// its first 2 s, is what GitHub asks integrations not to do.
TEST_CASE("client: a 5xx's retry-after is waited out, and handed on when it is too long") {
  FakeSetup setup;
  add_issue(setup, 6);
  auto& client = setup.make_client();
  // `times` 500s with retry-after `seconds` on `method` requests of issue 6 (and what is under it).
  const auto fail = [&](const char* method, int times, int seconds) {
    setup.fake->inject({.kind = FaultKind::server_error,
                        .times = times,
                        .method = method,
                        .path_prefix = "/repos/octo/hello/issues/6",
                        .retry_after_seconds = seconds});
  };

  SECTION("a short one is waited here") {
    fail("GET", 1, 20);
    REQUIRE(client.get_issue(setup.issue(6)).ok());
    CHECK(setup.clock->total_slept() >= std::chrono::seconds(20));
  }
  SECTION("one past the longest wait goes back to the queue at once, with the time to wait") {
    fail("GET", 10, 3600);
    auto got = client.get_issue(setup.issue(6));
    REQUIRE_FALSE(got.ok());
    CHECK(got.error.retryable);
    CHECK(got.error.retry_after_seconds == 3600);
    CHECK(setup.fake->requests().size() == 1);
  }
  SECTION("a comment POST, never sent twice, hands it on too") {
    fail("POST", 1, 30);
    auto created = client.create_comment(setup.issue(6), "report");
    REQUIRE_FALSE(created.ok());
    CHECK(created.error.retry_after_seconds == 30);
  }
}

TEST_CASE("client: a 200 whose body is not JSON is retried and never cached") {
  FakeSetup setup;
  FakeIssue issue;
  issue.number = 6;
  issue.title = "whole";
  setup.fake->add_issue("octo", "hello", issue);
  std::vector<std::string> logged;
  auto options = fast_options(*setup.fake);
  options.max_attempts = 3;
  options.log = [&](std::string_view line) { logged.emplace_back(line); };
  auto& client = setup.make_client(options);

  setup.fake->inject({FaultKind::malformed_body, 1, "GET", "/repos/octo/hello/issues/6"});
  auto once = client.get_issue(setup.issue(6));
  REQUIRE(once.ok());
  CHECK(once.value->title == "whole");
  CHECK(count_requests(*setup.fake, "GET", "/repos/octo/hello/issues/6") == 2);
  REQUIRE(logged.size() == 1);
  CHECK(logged[0].find("GitHub answered 200 with a body that is not JSON") != std::string::npos);

  // Every attempt mangled: retryable, and the error names the 200, not a made-up status.
  setup.fake->with_state([](FakeGitHubState& state) {
    state.repos()[{"octo", "hello"}].issues[6].title = "changed";
  });
  setup.fake->inject({FaultKind::malformed_body, 3, "GET", "/repos/octo/hello/issues/6"});
  auto mangled = client.get_issue(setup.issue(6));
  REQUIRE_FALSE(mangled.ok());
  CHECK(mangled.error.status == 200);
  CHECK(mangled.error.retryable);
  CHECK(mangled.error.message.find("GitHub answered 200 with a body that is not JSON") !=
        std::string::npos);

  // The mangled answer's ETag was not kept: asked again, GitHub sends the issue, not a 304 of
  // the mangled body.
  setup.client.reset();
  auto& fresh_client = setup.make_client(options);
  setup.fake->inject({FaultKind::malformed_body, 3, "GET", "/repos/octo/hello/issues/6"});
  REQUIRE_FALSE(fresh_client.get_issue(setup.issue(6)).ok());
  setup.fake->clear_requests();
  auto replayed = fresh_client.get_issue(setup.issue(6));
  REQUIRE(replayed.ok());
  CHECK(replayed.value->title == "changed");
  REQUIRE(setup.fake->requests().size() == 1);
  CHECK(setup.fake->requests()[0].headers.count("if-none-match") == 0);
  CHECK(setup.fake->requests()[0].status == 200);
}

// json::value() threw on a member of another type, which ended the Action and the sweep with
// std::terminate: such a member is read as a missing one, and a comment without an id is an error.
TEST_CASE("client: members of a type GitHub does not send are read as missing, never thrown") {
  FakeSetup setup;
  add_issue(setup, 6, 1);
  auto& client = setup.make_client();
  setup.fake->inject({FaultKind::replaced_body, 1, "GET", "/repos/octo/hello/issues/6", 0, 0, "",
                      R"({"number": "6", "title": "kept", "body": {"a": 1}, "labels": "bug",
                          "state": null, "locked": "yes", "user": 7})"});
  const auto issue = client.get_issue(setup.issue(6));
  REQUIRE(issue.ok());
  CHECK(issue.value->number == 0);
  CHECK(issue.value->title == "kept");
  CHECK_FALSE(issue.value->body.has_value());
  CHECK_FALSE(issue.value->locked);

  setup.fake->inject({FaultKind::replaced_body, 1, "GET", "/repos/octo/hello/issues/6/comments", 0,
                      0, "", R"([{"id": "12", "body": "hello", "user": {"login": 5}}])"});
  const auto comments = client.list_comments(setup.issue(6));
  REQUIRE(comments.ok());
  REQUIRE(comments.value->size() == 1);
  CHECK((*comments.value)[0].id == 0);
  CHECK((*comments.value)[0].author.empty());

  setup.fake->inject({FaultKind::replaced_body, 1, "POST", "/repos/octo/hello/issues/6/comments", 0,
                      0, "", R"({"id": "12"})"});
  const auto created = client.create_comment(setup.issue(6), "report");
  REQUIRE_FALSE(created.ok());
  CHECK(created.error.message == "GitHub created a comment but sent no id");
  // GitHub did answer (and made the comment): the log line must not send a reader looking for
  // an outage.
  CHECK(created.error.answer() == "GitHub answered 201: GitHub created a comment but sent no id");

  setup.fake->inject({FaultKind::replaced_body, 1, "POST", "/repos/octo/hello/labels", 0, 0, "",
                      R"({"message": "Validation Failed",
                          "errors": [{"resource": 5, "field": ["color"], "code": "invalid"}]})"});
  const auto label = client.create_label(setup.repo, {"foo", "invalid", ""});
  REQUIRE_FALSE(label.ok());
  CHECK_THAT(label.error.message, Catch::EndsWith("422 Validation Failed; . invalid"));
}

TEST_CASE("client: a slow answer past the read timeout is retried") {
  FakeSetup setup;
  FakeIssue issue;
  issue.number = 8;
  setup.fake->add_issue("octo", "hello", issue);
  auto options = fast_options(*setup.fake);
  options.read_timeout = std::chrono::milliseconds(200);
  auto& client = setup.make_client(options);
  setup.fake->inject({FaultKind::slow, 1, "GET", "", 800});
  auto got = client.get_issue(setup.issue(8));
  REQUIRE(got.ok());
  CHECK(client.stats().transport_errors == 1);
}

TEST_CASE("client: a secondary rate limit is waited out as retry-after says") {
  FakeSetup setup;
  FakeIssue issue;
  issue.number = 9;
  setup.fake->add_issue("octo", "hello", issue);
  auto& client = setup.make_client();
  setup.fake->inject({FaultKind::secondary_rate_limit, 1, "POST", "", 0, 37});
  setup.fake->inject({FaultKind::too_many_requests, 1, "POST", "", 0, 5});
  REQUIRE(client.add_labels(setup.issue(9), {"x"}).ok());
  auto sleeps = setup.clock->sleeps();
  REQUIRE(sleeps.size() == 2);
  CHECK(sleeps[0] == std::chrono::seconds(37));
  CHECK(sleeps[1] == std::chrono::seconds(5));
  CHECK(setup.fake->writes().size() == 3);
}

TEST_CASE("client: a secondary limit without retry-after waits at least a minute") {
  FakeSetup setup;
  FakeIssue issue;
  issue.number = 9;
  setup.fake->add_issue("octo", "hello", issue);
  auto& client = setup.make_client();
  setup.fake->inject({FaultKind::secondary_rate_limit, 1, "", ""});
  REQUIRE(client.get_issue(setup.issue(9)).ok());
  REQUIRE(setup.clock->sleeps().size() == 1);
  CHECK(setup.clock->sleeps()[0] >= std::chrono::seconds(60));
}

TEST_CASE("client: a rate-limit wait is logged by what GitHub said, 429 alone not as secondary") {
  FakeSetup setup;
  add_issue(setup, 9);
  auto options = fast_options(*setup.fake);
  std::vector<std::string> lines;
  options.log = [&](std::string_view line) { lines.emplace_back(line); };
  auto& client = setup.make_client(options);
  setup.fake->inject({FaultKind::too_many_requests, 1, "GET", ""});  // no retry-after
  setup.fake->inject({FaultKind::secondary_rate_limit, 1, "GET", ""});
  REQUIRE(client.get_issue(setup.issue(9)).ok());
  REQUIRE(lines.size() == 2);
  CHECK_THAT(lines[0], Catch::StartsWith("GitHub rate limit (429) on GET "));
  CHECK_THAT(lines[1], Catch::StartsWith("GitHub secondary rate limit on GET "));
}

TEST_CASE("client: x-ratelimit-remaining 0 waits until the reset") {
  FakeSetup setup;
  FakeIssue issue;
  issue.number = 10;
  setup.fake->add_issue("octo", "hello", issue);
  auto& client = setup.make_client();
  std::int64_t reset = setup.clock->epoch_seconds() + 120;
  setup.fake->set_rate_limit(1, reset);
  REQUIRE(client.get_issue(setup.issue(10)).ok());
  CHECK(client.stats().rate_limit_remaining == 0);
  REQUIRE(client.get_issue(setup.issue(10)).ok());
  REQUIRE(setup.clock->sleeps().size() == 1);
  CHECK(setup.clock->sleeps()[0] >= std::chrono::seconds(120));
  CHECK(setup.clock->sleeps()[0] <= std::chrono::seconds(122));
  CHECK(setup.clock->epoch_seconds() >= reset);
  // No request was wasted on a certain 403.
  CHECK(setup.fake->requests().size() == 2);
  CHECK(client.stats().rate_limit_waits == 1);
}

TEST_CASE("client: a rate-limit wait too long to sleep through fails retryable") {
  FakeSetup setup;
  FakeIssue issue;
  issue.number = 11;
  setup.fake->add_issue("octo", "hello", issue);
  auto options = fast_options(*setup.fake);
  options.max_rate_limit_wait = std::chrono::seconds(60);
  auto& client = setup.make_client(options);
  setup.fake->set_rate_limit(1, setup.clock->epoch_seconds() + 1800);
  REQUIRE(client.get_issue(setup.issue(11)).ok());
  auto got = client.get_issue(setup.issue(11));
  REQUIRE_FALSE(got.ok());
  CHECK(got.error.retryable);
  CHECK(got.error.retry_after_seconds >= 1800);
  CHECK(setup.clock->sleeps().empty());
}

TEST_CASE("client: shutdown ends a rate-limit wait, the call failing retryable with the rest") {
  FakeSetup setup;
  add_issue(setup, 12);
  std::stop_source shutdown;
  auto options = fast_options(*setup.fake);
  options.stop = shutdown.get_token();
  std::vector<std::string> lines;
  std::mutex lines_mutex;
  options.log = [&](std::string_view line) {
    std::lock_guard lock(lines_mutex);
    lines.emplace_back(line);
  };
  setup.fake->inject({FaultKind::too_many_requests, 1, "GET", "", 0, 600});

  SECTION("requested before: no wait begins") {
    auto& client = setup.make_client(options);
    shutdown.request_stop();
    auto got = client.get_issue(setup.issue(12));
    REQUIRE_FALSE(got.ok());
    CHECK(got.error.retryable);
    CHECK(got.error.status == 429);
    CHECK(got.error.retry_after_seconds == 600);  // all of it is still to wait, in the queue
    CHECK(setup.clock->sleeps().empty());
    CHECK(setup.fake->requests().size() == 1);
    REQUIRE(lines.size() == 1);
    CHECK_THAT(lines[0], Catch::Contains("not waiting: shutting down; retry in 600 s"));
  }
  SECTION("requested during the wait, on the real clock: it ends then, not in ten minutes") {
    auto created =
        HttpGitHubClient::create(options, std::make_shared<github::StaticTokenSource>("test-token"),
                                 std::make_shared<github::SystemClock>());
    REQUIRE(created);
    const auto started = std::chrono::steady_clock::now();
    std::thread stopper([&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
      shutdown.request_stop();
    });
    auto got = (*created)->get_issue(setup.issue(12));
    const auto took = std::chrono::steady_clock::now() - started;
    stopper.join();
    REQUIRE_FALSE(got.ok());
    CHECK(got.error.retryable);
    CHECK(took < std::chrono::seconds(5));
    CHECK(got.error.retry_after_seconds >= 590);
    CHECK(got.error.retry_after_seconds <= 600);
    std::lock_guard lock(lines_mutex);
    REQUIRE(lines.size() == 2);
    CHECK_THAT(lines[0], Catch::Contains("waiting 600000 ms"));  // said before the wait
    CHECK_THAT(lines[1], Catch::Contains("the wait was cut short: shutting down; retry in"));
  }
}

TEST_CASE("client: a 422 fails at once with GitHub's message") {
  FakeSetup setup;
  auto& client = setup.make_client();
  auto created = client.create_label(setup.repo, {"foo", "invalid", ""});
  REQUIRE_FALSE(created.ok());
  CHECK(created.error.status == 422);
  CHECK_FALSE(created.error.retryable);
  CHECK_THAT(created.error.message, Catch::Contains("Validation Failed"));
  CHECK_THAT(created.error.message, Catch::Contains("color invalid"));
  CHECK(setup.fake->requests().size() == 1);
  CHECK(setup.clock->sleeps().empty());
}

TEST_CASE("client: a bad token gets 401 and the token never appears in the error") {
  FakeSetup setup;
  std::vector<std::string> logged;
  auto options = fast_options(*setup.fake);
  options.log = [&](std::string_view line) { logged.emplace_back(line); };
  auto created = github::HttpGitHubClient::create(
      options, std::make_shared<github::StaticTokenSource>("s3cret-token"), setup.clock);
  REQUIRE(created.ok());
  auto got = created.value()->get_issue(setup.issue(1));
  REQUIRE_FALSE(got.ok());
  CHECK(got.error.status == 401);
  CHECK_THAT(got.error.message, Catch::Contains("Bad credentials"));
  CHECK(got.error.message.find("s3cret") == std::string::npos);
  // The one re-mint (an installation token may have expired since it was minted) is logged.
  REQUIRE(logged.size() == 1);
  CHECK_THAT(logged[0], Catch::Contains("401 Bad credentials; getting a fresh token"));
  CHECK(logged[0].find("s3cret") == std::string::npos);
}

TEST_CASE("client: mutating requests are spaced apart") {
  FakeSetup setup;
  add_issue(setup, 12);
  auto options = fast_options(*setup.fake);
  options.mutation_spacing = std::chrono::milliseconds(1000);
  auto& client = setup.make_client(options);
  REQUIRE(client.add_labels(setup.issue(12), {"a"}).ok());
  REQUIRE(client.get_issue(setup.issue(12)).ok());  // reads are not spaced
  CHECK(setup.clock->sleeps().empty());
  REQUIRE(client.add_labels(setup.issue(12), {"b"}).ok());
  REQUIRE(setup.clock->sleeps().size() == 1);
  CHECK(setup.clock->sleeps()[0] == std::chrono::milliseconds(1000));
}

TEST_CASE("client: the GHES path prefix is kept") {
  FakeSetup setup;
  auto options = fast_options(*setup.fake);
  options.base_url = setup.fake->base_url() + "/api/v3";
  auto& client = setup.make_client(options);
  auto got = client.get_issue(setup.issue(1));
  REQUIRE_FALSE(got.ok());  // the fake serves no /api/v3; the path proves the prefix was used
  CHECK(setup.fake->requests().front().path == "/api/v3/repos/octo/hello/issues/1");
}

// GitHub's ETag is a hash of the body: a full first page keeps it when a 101st comment arrives,
// and only the 304's own Link says that a second page now exists.
TEST_CASE("client: a page revalidated by a 304 is followed by the 304's Link, not the cached one") {
  FakeSetup setup;
  add_issue(setup, 7, 100);
  auto& client = setup.make_client();
  auto first = client.list_comments(setup.issue(7));
  REQUIRE(first.ok());
  REQUIRE(first.value->size() == 100);

  setup.fake->add_comment(
      "octo", "hello", 7,
      FakeComment{0, "<!-- issuelint:report -->\nthe report", "issuelint[bot]", true});
  setup.fake->clear_requests();
  auto second = client.list_comments(setup.issue(7));
  REQUIRE(second.ok());
  REQUIRE(second.value->size() == 101);
  CHECK(second.value->back().body == "<!-- issuelint:report -->\nthe report");
  const auto log = setup.fake->requests();
  REQUIRE(log.size() == 2);
  CHECK(log[0].status == 304);  // page 1 came from the cache
  CHECK(log[1].path.rfind("/repositories/", 0) == 0);
  CHECK(client.stats().etag_hits == 1);
}

TEST_CASE("client: a 301 is not followed, and the error says where it points") {
  FakeSetup setup;
  add_issue(setup, 7);
  auto& client = setup.make_client();
  Fault moved{FaultKind::moved_permanently, 1, "GET", "/repos/octo/hello/issues/7"};
  moved.location = "/repositories/1/issues/7";
  setup.fake->inject(moved);
  auto got = client.get_issue(setup.issue(7));
  REQUIRE_FALSE(got.ok());
  CHECK(got.error.status == 301);
  CHECK_FALSE(got.error.retryable);
  CHECK_THAT(got.error.message,
             Catch::Contains("moved to " + setup.fake->base_url() + "/repositories/1/issues/7"));
  CHECK(setup.fake->requests().size() == 1);
}

// GitHub's reset is in GitHub's time: with our clock ahead it can be past already while GitHub
// still refuses, and asking again at once, in a loop, is what GitHub bans integrations for.
TEST_CASE("client: a rate limit whose reset is already past by our clock waits a minute a try") {
  FakeGitHubOptions options;
  options.clock_skew_seconds = -300;  // GitHub's clock five minutes behind ours
  FakeSetup setup(options);
  add_issue(setup, 10);
  auto& client = setup.make_client();
  // Refused until 100 s from now in GitHub's time: 200 s ago in ours.
  setup.fake->set_rate_limit(0, setup.clock->epoch_seconds() - 300 + 100);
  auto got = client.get_issue(setup.issue(10));
  const auto sleeps = setup.clock->sleeps();
  REQUIRE_FALSE(sleeps.empty());
  for (const auto slept : sleeps) CHECK(slept >= std::chrono::seconds(60));
  CHECK(setup.fake->requests().size() == sleeps.size() + 1);
  CHECK(got.ok());  // two minutes on, GitHub's reset has come
}

// GitHub writes rel="next"; RFC 8288 lets a proxy or another server write it unquoted, in other
// capitals, or among other relation types, and a listing must not stop at its first page then.
TEST_CASE("client: a Link's next relation is read as RFC 8288 allows it") {
  const std::string url = "https://api.github.com/repositories/1/issues/7/comments?page=2";
  for (const std::string params : {"; rel=next", "; rel=\"NEXT\"", "; rel=\"next last\"",
                                   ";rel=Next", "; title=\"x\"; rel=next"}) {
    INFO(params);
    CHECK(github::next_link("<" + url + ">" + params) == url);
    CHECK(github::next_link("<https://x/y?page=1>; rel=prev, <" + url + ">" + params) == url);
  }
  for (const std::string params : {"; rel=\"nextpage\"", "; rel=prev", "; title=next", ""}) {
    INFO(params);
    CHECK(github::next_link("<" + url + ">" + params).empty());
  }
}

TEST_CASE("client: no backoff is slept after the last attempt, only between attempts") {
  FakeSetup setup;
  add_issue(setup, 6);
  auto options = fast_options(*setup.fake);
  options.max_attempts = 3;
  auto& client = setup.make_client(options);
  for (const FaultKind kind : {FaultKind::drop_connection, FaultKind::server_error}) {
    setup.fake->clear_faults();
    setup.fake->inject({kind, 10, "GET", ""});
    const std::size_t slept_before = setup.clock->sleeps().size();
    REQUIRE_FALSE(client.get_issue(setup.issue(6)).ok());
    CHECK(setup.clock->sleeps().size() - slept_before == 2);
  }
}

// As GitHub: 65,536 characters (not bytes) at most, in a comment made or edited.
TEST_CASE("client: the fake refuses a comment body over 65,536 characters, made or edited") {
  FakeSetup setup;
  add_issue(setup, 6);
  auto& client = setup.make_client();
  std::string accented;
  for (int i = 0; i < 40'000; ++i) accented += "\xc3\xa9";  // 80,000 bytes, 40,000 characters
  auto made = client.create_comment(setup.issue(6), accented);
  REQUIRE(made.ok());
  const std::string too_long(65'537, 'a');
  auto refused = client.create_comment(setup.issue(6), too_long);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error.status == 422);
  auto edit = client.update_comment(setup.repo, *made.value, too_long);
  REQUIRE_FALSE(edit.ok());
  CHECK_THAT(edit.error.message, Catch::Contains("Body is too long"));
  CHECK(setup.fake->issue("octo", "hello", 6)->comments[0].body == accented);
  REQUIRE(client.update_comment(setup.repo, *made.value, std::string(65'536, 'a')).ok());
}
