#include "bot/server/delivery_router.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>

using issuelint::JobKind;
using issuelint::parse_comment_command;
using issuelint::route_delivery;
using issuelint::RouteDecision;
using nlohmann::json;

namespace {

const issuelint::RouterOptions kOptions{{"issuelint[bot]"}};

json issue_payload(const std::string& action) {
  return json{{"action", action},
              {"issue", {{"number", 7}, {"title", "t"}, {"body", nullptr}}},
              {"repository", {{"name", "hello"}, {"owner", {{"login", "octo"}}}}},
              {"sender", {{"login", "someone"}, {"type", "User"}}}};
}

json comment_payload(const std::string& body, const std::string& association = "MEMBER") {
  json payload = issue_payload("created");
  payload["comment"] = {
      {"body", body}, {"author_association", association}, {"user", {{"login", "maintainer"}}}};
  return payload;
}

}  // namespace

TEST_CASE("issues opened, reopened and edited (title or body) become triage jobs",
          "[server][router]") {
  for (const char* action : {"opened", "reopened"}) {
    const RouteDecision decision = route_delivery("issues", "d1", issue_payload(action), kOptions);
    REQUIRE(decision.kind == RouteDecision::Kind::enqueue);
    CHECK(decision.job->kind == JobKind::triage);
    CHECK(decision.job->owner == "octo");
    CHECK(decision.job->repo == "hello");
    CHECK(decision.job->issue_number == 7);
    CHECK(decision.job->delivery_id == "d1");
    CHECK(decision.job->installation_id == 0);
  }
  json edited = issue_payload("edited");
  edited["changes"] = {{"body", {{"from", "old"}}}};
  CHECK(route_delivery("issues", "d", edited, kOptions).kind == RouteDecision::Kind::enqueue);
  edited["changes"] = {{"title", {{"from", "old"}}}};
  CHECK(route_delivery("issues", "d", edited, kOptions).kind == RouteDecision::Kind::enqueue);
}

TEST_CASE("edits that name only other changes are ignored", "[server][router]") {
  json edited = issue_payload("edited");
  edited["changes"] = {{"labels", {{"from", json::array()}}}};
  CHECK(route_delivery("issues", "d", edited, kOptions).kind == RouteDecision::Kind::ignore);
  edited["changes"]["body"] = {{"from", "old"}};
  CHECK(route_delivery("issues", "d", edited, kOptions).kind == RouteDecision::Kind::enqueue);
}

TEST_CASE("edits whose changes are empty or absent are triaged", "[server][router]") {
  // Real deliveries carry `"changes": {}`; the triage reads the issue's latest state anyway.
  json edited = issue_payload("edited");
  edited["changes"] = json::object();
  CHECK(route_delivery("issues", "d", edited, kOptions).kind == RouteDecision::Kind::enqueue);
  edited.erase("changes");
  CHECK(route_delivery("issues", "d", edited, kOptions).kind == RouteDecision::Kind::enqueue);
  edited["changes"] = "not an object";
  CHECK(route_delivery("issues", "d", edited, kOptions).kind == RouteDecision::Kind::enqueue);
}

TEST_CASE("the recorded issues.edited payloads become triage jobs", "[server][router]") {
  for (const char* name : {"issues.edited.json", "issues.edited.2.json", "issues.edited.3.json"}) {
    INFO(name);
    std::ifstream file(std::string(ISSUELINT_PAYLOAD_DIR) + "/" + name);
    REQUIRE(file);
    const json payload = json::parse(file);
    const RouteDecision decision = route_delivery("issues", "d", payload, kOptions);
    REQUIRE(decision.kind == RouteDecision::Kind::enqueue);
    CHECK(decision.job->kind == JobKind::triage);
  }
}

TEST_CASE("labeled, closed and unknown actions and events are ignored", "[server][router]") {
  for (const char* action : {"labeled", "unlabeled", "closed", "assigned", "typed", "brand_new"}) {
    CHECK(route_delivery("issues", "d", issue_payload(action), kOptions).kind ==
          RouteDecision::Kind::ignore);
  }
  CHECK(route_delivery("label", "d", json{{"action", "created"}}, kOptions).kind ==
        RouteDecision::Kind::ignore);
  CHECK(route_delivery("ping", "d", json{{"zen", "z"}}, kOptions).kind ==
        RouteDecision::Kind::ping);
  CHECK(route_delivery("installation", "d", json{{"action", "created"}}, kOptions).kind ==
        RouteDecision::Kind::logged);
}

TEST_CASE("the bot's own events are ignored", "[server][router]") {
  json payload = issue_payload("opened");
  payload["sender"] = {{"login", "issuelint[bot]"}, {"type", "Bot"}};
  CHECK(route_delivery("issues", "d", payload, kOptions).kind == RouteDecision::Kind::ignore);
  payload["sender"] = {{"login", "issuelint[bot]"}, {"type", "User"}};  // by login alone
  CHECK(route_delivery("issues", "d", payload, kOptions).kind == RouteDecision::Kind::ignore);
  // GitHub logins are case-insensitive: the configured login written with other capitals.
  payload["sender"] = {{"login", "IssueLint[bot]"}, {"type", "User"}};
  CHECK(route_delivery("issues", "d", payload, kOptions).kind == RouteDecision::Kind::ignore);
  json comment = comment_payload("/issuelint check");
  comment["sender"] = {{"login", "other-app[bot]"}, {"type", "Bot"}};
  CHECK(route_delivery("issue_comment", "d", comment, kOptions).kind ==
        RouteDecision::Kind::ignore);
}

TEST_CASE("payloads missing what a job needs are rejected with a reason", "[server][router]") {
  json payload = issue_payload("opened");
  payload["issue"].erase("number");
  RouteDecision decision = route_delivery("issues", "d", payload, kOptions);
  CHECK(decision.kind == RouteDecision::Kind::reject);
  CHECK(decision.reason.find("issue.number") != std::string::npos);
  payload = issue_payload("opened");
  payload.erase("repository");
  CHECK(route_delivery("issues", "d", payload, kOptions).kind == RouteDecision::Kind::reject);
  payload = issue_payload("opened");
  payload.erase("action");
  CHECK(route_delivery("issues", "d", payload, kOptions).kind == RouteDecision::Kind::reject);
  CHECK(route_delivery("issues", "d", json::array(), kOptions).kind == RouteDecision::Kind::reject);
  // A number no issue can have is refused, not wrapped round to another issue (2^32 + 1 -> 1).
  payload = issue_payload("opened");
  payload["issue"]["number"] = 4294967297LL;
  decision = route_delivery("issues", "d", payload, kOptions);
  CHECK(decision.kind == RouteDecision::Kind::reject);
  CHECK(decision.reason == "issue.number 4294967297 is out of range");
  payload["issue"]["number"] = 2147483647LL;
  CHECK(route_delivery("issues", "d", payload, kOptions).kind == RouteDecision::Kind::enqueue);
}

TEST_CASE("comment commands from people with write access", "[server][router]") {
  RouteDecision decision =
      route_delivery("issue_comment", "d", comment_payload("/issuelint explain"), kOptions);
  REQUIRE(decision.kind == RouteDecision::Kind::enqueue);
  CHECK(decision.job->kind == JobKind::explain);
  CHECK(decision.job->requested_by == "maintainer");
  CHECK_FALSE(decision.job->requester_unverified);
  for (const char* association : {"OWNER", "MEMBER", "COLLABORATOR"}) {
    RouteDecision writer = route_delivery(
        "issue_comment", "d", comment_payload("/issuelint skip", association), kOptions);
    REQUIRE(writer.kind == RouteDecision::Kind::enqueue);
    CHECK_FALSE(writer.job->requester_unverified);
  }
  json without_login = comment_payload("/issuelint check", "NONE");
  without_login["comment"]["user"].erase("login");
  CHECK(route_delivery("issue_comment", "d", without_login, kOptions).kind ==
        RouteDecision::Kind::ignore);
  CHECK(route_delivery("issue_comment", "d", comment_payload("thanks!", "NONE"), kOptions).kind ==
        RouteDecision::Kind::ignore);
}

// The payload's association is computed without a viewer: an organization member whose
// membership is private arrives as CONTRIBUTOR or NONE although a team gives them write access.
TEST_CASE("comment commands from other associations wait for GitHub's word on the commenter",
          "[server][router]") {
  for (const char* association : {"CONTRIBUTOR", "NONE", "FIRST_TIME_CONTRIBUTOR", ""}) {
    INFO(association);
    RouteDecision decision = route_delivery(
        "issue_comment", "d", comment_payload("/issuelint check", association), kOptions);
    REQUIRE(decision.kind == RouteDecision::Kind::enqueue);
    CHECK(decision.job->requester_unverified);
    CHECK(decision.job->requested_by == "maintainer");
    CHECK(ends_skip(*decision.job));
  }
  json edited = comment_payload("/issuelint check");
  edited["action"] = "edited";
  CHECK(route_delivery("issue_comment", "d", edited, kOptions).kind == RouteDecision::Kind::ignore);
  json on_pull = comment_payload("/issuelint check");
  on_pull["issue"]["pull_request"] = {{"url", "u"}};
  CHECK(route_delivery("issue_comment", "d", on_pull, kOptions).kind ==
        RouteDecision::Kind::ignore);
  CHECK(route_delivery("issue_comment", "d", comment_payload("thanks!"), kOptions).kind ==
        RouteDecision::Kind::ignore);
}

TEST_CASE("commands inside code, quotes and HTML comments are not commands", "[server][router]") {
  CHECK(parse_comment_command("/issuelint check") == JobKind::triage);
  CHECK(parse_comment_command("Please:\r\n  /issuelint explain  \r\n") == JobKind::explain);
  CHECK(parse_comment_command("/issuelint skip because reasons") == JobKind::skip);
  CHECK_FALSE(parse_comment_command("```\n/issuelint skip\n```"));
  CHECK_FALSE(parse_comment_command("~~~md\n/issuelint skip\n~~~"));
  CHECK(parse_comment_command("```\n/issuelint skip\n```\n/issuelint check") == JobKind::triage);
  // A fence closes only at a run of its character at least as long, with nothing after it.
  CHECK_FALSE(parse_comment_command("````\n```\n/issuelint check\n````"));
  CHECK_FALSE(parse_comment_command("~~~\n```\n/issuelint check\n~~~"));
  CHECK_FALSE(parse_comment_command("```\n``` not a close\n/issuelint check\n```"));
  CHECK(parse_comment_command("````\n/issuelint skip\n`````\n/issuelint check") == JobKind::triage);
  CHECK_FALSE(parse_comment_command("> /issuelint skip"));
  CHECK_FALSE(parse_comment_command("  > /issuelint skip"));
  CHECK_FALSE(parse_comment_command("<!-- /issuelint skip -->"));
  CHECK_FALSE(parse_comment_command("<!--\n/issuelint skip\n-->"));
  CHECK_FALSE(parse_comment_command("<!-- unclosed\n/issuelint skip"));
  CHECK(parse_comment_command("<!-- note -->\n/issuelint explain") == JobKind::explain);
  CHECK_FALSE(parse_comment_command("    /issuelint skip"));
  CHECK_FALSE(parse_comment_command("say `/issuelint skip` to stop it"));
  CHECK_FALSE(parse_comment_command("/issuelint"));
  CHECK_FALSE(parse_comment_command("/issuelint frobnicate"));
  CHECK_FALSE(parse_comment_command("/issuelintcheck"));
  CHECK_FALSE(parse_comment_command(""));
  CHECK(parse_comment_command("/issuelint\tcheck") == JobKind::triage);
}

// A maintainer whose command did nothing looks at the hook's deliveries: the answer there says
// what was wrong with it.
TEST_CASE("a mistyped /issuelint command is named, with the commands there are",
          "[server][router]") {
  CHECK(issuelint::read_comment_command("/issuelint recheck please").unknown == "recheck");
  CHECK(issuelint::read_comment_command("/issuelint Check").unknown == "Check");
  CHECK(issuelint::read_comment_command("/issuelint").unknown == "");
  CHECK_FALSE(issuelint::read_comment_command("thanks!").unknown);
  CHECK_FALSE(issuelint::read_comment_command("/issuelintx").unknown);
  CHECK_FALSE(issuelint::read_comment_command("> /issuelint recheck").unknown);
  // A known command anywhere wins over a typo before it.
  const auto corrected = issuelint::read_comment_command("/issuelint chekc\n/issuelint check");
  CHECK(corrected.kind == JobKind::triage);
  CHECK_FALSE(corrected.unknown);

  const RouteDecision typo =
      route_delivery("issue_comment", "d", comment_payload("/issuelint recheck"), kOptions);
  CHECK(typo.kind == RouteDecision::Kind::ignore);
  CHECK(typo.reason == "unknown /issuelint command 'recheck' (commands: check, explain, skip)");
  CHECK(route_delivery("issue_comment", "d", comment_payload("/issuelint"), kOptions).reason ==
        "/issuelint without a command (commands: check, explain, skip)");
  CHECK(route_delivery("issue_comment", "d", comment_payload("thanks!"), kOptions).reason ==
        "comment has no /issuelint command");
}
