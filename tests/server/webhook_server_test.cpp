#include "bot/server/webhook_server.h"

#include <catch2/catch.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/server/server_test_support.h"
#include "tests/server/sync_counting_vfs.h"

using namespace issuelint;
using nlohmann::json;

namespace {

std::string payload_file(const std::string& name) {
  return test::read_file(test::kPayloads / name);
}

std::string issue_body(const std::string& action, int number, const json& changes = json::object(),
                       const std::string& sender_type = "User") {
  return json{
      {"action", action},
      {"changes", changes},
      {"issue", {{"number", number}, {"title", "t"}, {"body", nullptr}}},
      {"repository", {{"name", "hello"}, {"owner", {{"login", "octo"}}}}},
      {"sender",
       {{"login", sender_type == "Bot" ? "issuelint[bot]" : "someone"}, {"type", sender_type}}}}
      .dump();
}

// How many times `needle` occurs in `text`.
std::size_t count_of(const std::string& text, const std::string& needle) {
  std::size_t count = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos;
       at = text.find(needle, at + needle.size()))
    ++count;
  return count;
}

}  // namespace

TEST_CASE("every recorded GitHub payload is accepted or ignored, never a 5xx", "[server][http]") {
  test::TestServer server;
  int count = 0;
  int triage_payloads = 0;
  for (const auto& entry : std::filesystem::directory_iterator(test::kPayloads)) {
    const std::string name = entry.path().filename().string();
    if (entry.path().extension() != ".json") continue;
    const std::string event = name.substr(0, name.find('.'));
    const std::string body = test::read_file(entry.path());
    auto result = server.post(event == "ping" ? "ping" : event, "payload-" + name, body);
    INFO(name);
    REQUIRE(result);
    CHECK(result->status < 500);
    CHECK((result->status == 200 || result->status == 202));
    // docs/server.md: every body is {"outcome": ..., "reason": ...}.
    const json answer = json::parse(result->body);
    CHECK(answer.value("outcome", "") != "");
    CHECK(answer.value("reason", "") != "");
    ++count;
    // The README of the payloads: opened, edited (they carry `"changes": {}`) and reopened
    // must produce a triage.
    if (name.starts_with("issues.opened") || name.starts_with("issues.edited") ||
        name.starts_with("issues.reopened")) {
      ++triage_payloads;
      CHECK(json::parse(result->body)["outcome"] != "ignored");
    }
  }
  CHECK(count >= 50);
  CHECK(triage_payloads >= 8);
  // They all concern Codertocat/Hello-World, a handful of issues: at least one triage ran.
  REQUIRE(
      test::eventually([&] { return !server.triager.calls().empty() && server.jobs_in("") == 0; }));
}

TEST_CASE("ping answers 200", "[server][http]") {
  test::TestServer server;
  auto result = server.post("ping", "p1", payload_file("ping.event.json"));
  REQUIRE(result);
  CHECK(result->status == 200);
}

TEST_CASE("missing or wrong signatures get 401 and nothing is stored", "[server][http]") {
  test::TestServer server;
  const std::string body = issue_body("opened", 1);
  auto unsigned_result = server.post("issues", "u1", body, /*secret=*/"");
  REQUIRE(unsigned_result);
  CHECK(unsigned_result->status == 401);
  // The reason tells a hook without a secret from a secret that differs.
  CHECK(json::parse(unsigned_result->body)["reason"] ==
        "no X-Hub-Signature-256: give the webhook a secret (ISSUELINT_WEBHOOK_SECRET)");
  auto wrong = server.post("issues", "u2", body, "not the secret");
  REQUIRE(wrong);
  CHECK(wrong->status == 401);
  CHECK_THAT(json::parse(wrong->body)["reason"].get<std::string>(),
             Catch::StartsWith("X-Hub-Signature-256 does not match the body"));
  // Signed over different bytes (a re-serialization) does not verify either.
  httplib::Client client("127.0.0.1", server.port);
  const std::string reserialized = json::parse(body).dump(2);
  auto tampered =
      client.Post("/webhook",
                  {{"X-GitHub-Event", "issues"},
                   {"X-GitHub-Delivery", "u3"},
                   {"X-Hub-Signature-256", github_signature_header(test::kSecret, body)}},
                  reserialized, "application/json");
  REQUIRE(tampered);
  CHECK(tampered->status == 401);
  auto sha1_only =
      client.Post("/webhook",
                  {{"X-GitHub-Event", "issues"},
                   {"X-GitHub-Delivery", "u4"},
                   {"X-Hub-Signature", "sha1=0123456789abcdef0123456789abcdef01234567"}},
                  body, "application/json");
  REQUIRE(sha1_only);
  CHECK(sha1_only->status == 401);
  CHECK(json::parse(sha1_only->body)["reason"] ==
        "only the SHA-1 X-Hub-Signature was sent: X-Hub-Signature-256 is required");
  CHECK(server.jobs_in("") == 0);
  // A 401'd delivery id is not remembered: the genuine delivery is still taken.
  auto genuine = server.post("issues", "u1", body);
  REQUIRE(genuine);
  CHECK(genuine->status == 202);
}

TEST_CASE("secret rotation: deliveries signed with either secret are taken", "[server][http]") {
  test::TestServerOptions options;
  options.secrets = {"new-secret", "old-secret"};
  options.start_workers = false;
  test::TestServer server(options);
  CHECK(server.post("issues", "r1", issue_body("opened", 1), "old-secret")->status == 202);
  CHECK(server.post("issues", "r2", issue_body("opened", 2), "new-secret")->status == 202);
  CHECK(server.post("issues", "r3", issue_body("opened", 3), "retired-secret")->status == 401);
  CHECK(server.jobs_in("pending") == 2);
}

TEST_CASE("oversized, chunked and length-less bodies are refused before reading",
          "[server][http]") {
  test::TestServer server;
  const std::string headers =
      "POST /webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
      "Content-Type: application/json\r\nX-GitHub-Event: issues\r\nX-GitHub-Delivery: big\r\n";
  const std::size_t over = 25u * 1024 * 1024 + 1;
  CHECK(test::raw_request_status(
            server.port, headers + "Content-Length: " + std::to_string(over) + "\r\n\r\n") == 413);
  CHECK(test::raw_request_status(
            server.port, headers + "Content-Length: 99999999999999999999999\r\n\r\n") == 413);
  CHECK(test::raw_request_status(
            server.port, headers + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n") ==
        411);
  CHECK(test::raw_request_status(server.port, headers + "\r\n") == 411);
  CHECK(server.jobs_in("") == 0);
  // The server is still healthy afterwards.
  CHECK(server.get("/healthz")->status == 200);
}

TEST_CASE("a body cut short is answered as incomplete, not as a bad signature", "[server][http]") {
  test::TestServer server;
  const std::string body = issue_body("opened", 1);
  const std::string request =
      "POST /webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
      "X-GitHub-Event: issues\r\nX-GitHub-Delivery: cut\r\nX-Hub-Signature-256: " +
      github_signature_header(test::kSecret, body) +
      "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" +
      body.substr(0, body.size() / 2);
  const std::string answer = test::raw_exchange(server.port, request, {}, /*close_write=*/true);
  CHECK(answer.rfind("HTTP/1.1 400", 0) == 0);
  CHECK(answer.find("Connection: close") != std::string::npos);
  const std::string json_text = answer.substr(answer.find("\r\n\r\n") + 4);
  CHECK(json::parse(json_text)["outcome"] == "incomplete");
  CHECK(json::parse(json_text)["reason"].get<std::string>().find(
            "after " + std::to_string(body.size() / 2) + " of the " + std::to_string(body.size()) +
            " bytes") != std::string::npos);
  CHECK(server.jobs_in("") == 0);
  CHECK(server.log_lines.str().find("bad_signature") == std::string::npos);
  // The whole body, sent again, is taken: a cut delivery is not remembered.
  CHECK(server.post("issues", "cut", body)->status == 202);
}

TEST_CASE("an ignored delivery's log line names the repository and issue its payload names",
          "[server][http]") {
  test::TestServerOptions options;
  options.start_workers = false;
  test::TestServer server(options);
  CHECK(server.post("issues", "labeled", payload_file("issues.labeled.json"))->status == 202);
  CHECK(server.post("issues", "by-bot", issue_body("edited", 7, json::object(), "Bot"))->status ==
        202);
  CHECK(server.post("label", "no-issue", payload_file("label.created.json"))->status == 202);
  CHECK(server.jobs_in("") == 0);
  std::map<std::string, json> by_delivery;
  std::istringstream lines(server.log_lines.str());
  for (std::string text; std::getline(lines, text);) {
    const json line = json::parse(text);
    if (line.value("msg", "") == "delivery") by_delivery[line.value("delivery", "")] = line;
  }
  REQUIRE(by_delivery.count("labeled") == 1);
  CHECK(by_delivery["labeled"]["outcome"] == "ignored");
  CHECK(by_delivery["labeled"]["repo"] == "Codertocat/Hello-World");
  CHECK(by_delivery["labeled"]["issue"] == 1);
  CHECK(by_delivery["by-bot"]["reason"] == "sent by a bot");
  CHECK(by_delivery["by-bot"]["repo"] == "octo/hello");
  CHECK(by_delivery["by-bot"]["issue"] == 7);
  // A label event names a repository and no issue.
  CHECK(by_delivery["no-issue"]["repo"] == "Codertocat/Hello-World");
  CHECK_FALSE(by_delivery["no-issue"].contains("issue"));
}

TEST_CASE("a known path asked with another method is 405 with Allow, an unknown one 404 said",
          "[server][http]") {
  test::TestServer server;
  httplib::Client client("127.0.0.1", server.port);
  auto webhook = client.Get("/webhook");  // the webhook URL pasted into a browser
  REQUIRE(webhook);
  CHECK(webhook->status == 405);
  CHECK(webhook->get_header_value("Allow") == "POST");
  CHECK(webhook->body.find("/webhook takes POST") != std::string::npos);
  auto health = client.Post("/healthz", "", "text/plain");
  REQUIRE(health);
  CHECK(health->status == 405);
  CHECK(health->get_header_value("Allow") == "GET, HEAD");
  auto head = client.Head("/healthz");
  REQUIRE(head);
  CHECK(head->status == 200);
  auto unknown = client.Get("/hooks");
  REQUIRE(unknown);
  CHECK(unknown->status == 404);
  CHECK(unknown->body.find("POST /webhook") != std::string::npos);
  CHECK(server.get("/metrics")->status == 200);
  CHECK(server.jobs_in("") == 0);
}

TEST_CASE("a body sent to an unknown path or method is never answered as a request of its own",
          "[server][http]") {
  // Answered before its body is read, the request's body would stay on a kept-alive socket.
  test::TestServer server;
  const std::string smuggled = "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  // The last: a delivery refused before its body is read (text/plain is 415).
  for (const std::string& start : {std::string("POST /webhooks"), std::string("POST /healthz"),
                                   std::string("PUT /webhook"), std::string("POST /webhook")}) {
    INFO(start);
    const std::string answers = test::raw_exchange(
        server.port, start +
                         " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\n"
                         "Content-Length: " +
                         std::to_string(smuggled.size()) + "\r\n\r\n" + smuggled);
    std::size_t responses = 0;
    for (std::size_t at = answers.find("HTTP/1.1 "); at != std::string::npos;
         at = answers.find("HTTP/1.1 ", at + 1)) {
      ++responses;
    }
    CHECK(responses == 1);
    CHECK(answers.find("issuelint_") == std::string::npos);  // no metrics page
  }
}

TEST_CASE("a form-encoded delivery over 8 KiB reaches the handler and gets 415", "[server][http]") {
  test::TestServer server;
  const std::string body = "payload=" + std::string(9000, 'a');
  auto result =
      server.post("issues", "f1", body, test::kSecret, "application/x-www-form-urlencoded");
  REQUIRE(result);
  CHECK(result->status == 415);
  CHECK(json::parse(result->body)["reason"].get<std::string>().find("application/json") !=
        std::string::npos);
  CHECK(server.jobs_in("") == 0);
}

TEST_CASE("only application/json, with or without parameters, is JSON", "[server][http]") {
  test::TestServer server;
  const std::string body = payload_file("issues.opened.json");
  int delivery = 0;
  const auto status = [&](const std::string& type) {
    auto result =
        server.post("issues", "ct" + std::to_string(++delivery), body, test::kSecret, type);
    REQUIRE(result);
    return result->status;
  };
  CHECK(status("application/json") == 202);
  CHECK(status("Application/JSON; charset=utf-8") == 202);
  CHECK(status("application/jsonfoo") == 415);
  CHECK(status("application/json-patch+json") == 415);
}

TEST_CASE("malformed JSON, missing fields and missing headers get 400 with a reason",
          "[server][http]") {
  test::TestServer server;
  auto broken = server.post("issues", "m1", "{\"action\": \"opened\",");
  REQUIRE(broken);
  CHECK(broken->status == 400);
  CHECK(json::parse(broken->body)["reason"] == "body is not valid JSON");
  auto no_number = server.post(
      "issues", "m2",
      R"({"action":"opened","issue":{},"repository":{"name":"r","owner":{"login":"o"}}})");
  CHECK(no_number->status == 400);
  CHECK(json::parse(no_number->body)["reason"].get<std::string>().find("issue.number") !=
        std::string::npos);
  auto no_delivery = server.post("issues", "", issue_body("opened", 1));
  CHECK(no_delivery->status == 400);
  CHECK(server.jobs_in("") == 0);
}

// The answer quotes the event name, which only a valid signature lets in: bytes that are not
// UTF-8 there once made the JSON answer throw, a 500 with an empty body and no log line.
TEST_CASE("an event name that is not UTF-8 still gets a JSON answer and a log line",
          "[server][http]") {
  test::TestServer server;
  auto result = server.post("\xE9vent", "utf8-1", payload_file("ping.event.json"));
  REQUIRE(result);
  CHECK(result->status == 202);
  const json answer = json::parse(result->body, nullptr, false);
  REQUIRE_FALSE(answer.is_discarded());
  CHECK(answer.value("outcome", "") == "ignored");
  CHECK_THAT(answer.value("reason", ""), Catch::EndsWith("vent is not handled"));
  CHECK(server.log_lines.str().find("\"delivery\":\"utf8-1\"") != std::string::npos);
}

TEST_CASE("truncated and subtly invalid JSON get 400, with the scanner's reason in the log",
          "[server][http]") {
  test::TestServerOptions options;
  options.start_workers = false;
  test::TestServer server(options);
  const std::string real = payload_file("issues.opened.json");
  const std::string number_at = "\"number\": 1";  // the recorded file is pretty-printed
  REQUIRE(real.find(number_at) != std::string::npos);
  std::string huge_number = real;
  huge_number.replace(huge_number.find(number_at), number_at.size(), "\"number\": 1e999");
  const std::string bad_utf8 = issue_body("opened", 3).insert(2, "\xc0\x80");
  int n = 0;
  for (const std::string& body :
       {real.substr(0, real.size() / 2), real.substr(0, real.size() - 2), huge_number, bad_utf8,
        issue_body("opened", 3) + ",", std::string("\"lone \\ud800 surrogate\"")}) {
    INFO("case " << n);
    auto result = server.post("issues", "bad-" + std::to_string(n++), body);
    REQUIRE(result);
    CHECK(result->status == 400);
    CHECK(json::parse(result->body)["reason"] == "body is not valid JSON");
  }
  CHECK(server.jobs_in("") == 0);
  // Each refusal's log line says what was wrong and at which byte.
  const std::string log = server.log_lines.str();
  CHECK(log.find(R"("json_error":"byte )" + std::to_string(real.size() / 2) + ": ") !=
        std::string::npos);
  CHECK(log.find("number overflow") != std::string::npos);
  CHECK(log.find("ill-formed UTF-8 in a string") != std::string::npos);
  CHECK(log.find("unexpected content after the JSON value") != std::string::npos);
  CHECK(log.find("surrogate") != std::string::npos);
  // Valid JSON that is not an object is still a 400 of its own.
  auto array = server.post("issues", "bad-array", "[]");
  CHECK(array->status == 400);
  CHECK(json::parse(array->body)["reason"] == "payload is not a JSON object");
}

TEST_CASE("escaped routing fields are read as the full parse reads them", "[server][http]") {
  test::TestServerOptions options;
  options.start_workers = false;
  test::TestServer server(options);
  const std::string body =
      R"({"act\u0069on":"op\u0065ned","issue":{"number":5,"number":6},)"
      R"("repository":{"name":"h\u00e9llo","owner":{"login":"octo"}},"installation":{"id":7}})";
  auto result = server.post("issues", "esc", body);
  REQUIRE(result);
  CHECK(result->status == 202);
  auto jobs = server.queue->list("");
  REQUIRE(jobs->size() == 1);
  const IssueJob& job = (*jobs)[0].job;
  CHECK(job.action == "opened");
  CHECK(job.issue_number == 6);  // the last duplicate key wins, as in nlohmann::json
  CHECK(job.repo == "h\xc3\xa9llo");
  CHECK(job.installation_id == 7);
}

TEST_CASE("a second server cannot bind the port of a running one", "[server][http]") {
  test::TestServerOptions options;
  options.start_workers = false;
  test::TestServer server(options);
  // With cpp-httplib's default SO_REUSEPORT both would listen and split the deliveries.
  WebhookServerOptions second_options;
  second_options.secrets = {test::kSecret};
  WebhookServer second(second_options, *server.queue, server.metrics, *server.log,
                       system_clock_ms(), nullptr);
  const Result<int> bound = second.bind("127.0.0.1", server.port);
  REQUIRE_FALSE(bound);
  CHECK(bound.error().message.find("Address already in use") != std::string::npos);
  CHECK(server.post("issues", "still-served", issue_body("opened", 1))->status == 202);
}

// "in use" sent the operator after another process when --bind had a typo.
TEST_CASE("an address that cannot be bound says why: no such address, not this machine's",
          "[server][http]") {
  test::TestServerOptions options;
  options.start_workers = false;
  test::TestServer server(options);
  WebhookServerOptions other_options;
  other_options.secrets = {test::kSecret};
  WebhookServer other(other_options, *server.queue, server.metrics, *server.log, system_clock_ms(),
                      nullptr);
  const Result<int> typo = other.bind("127.0.0.l", server.port + 1);
  REQUIRE_FALSE(typo);
  CHECK_THAT(typo.error().message, Catch::Contains("(no such address: "));
  // TEST-NET-1 (RFC 5737) is no address of this machine.
  const Result<int> elsewhere = other.bind("192.0.2.1", server.port + 1);
  REQUIRE_FALSE(elsewhere);
  CHECK_THAT(elsewhere.error().message, Catch::Contains("(Cannot assign requested address)"));
}

TEST_CASE("the data dir deleted under the server: /healthz and deliveries answer 503",
          "[server][http]") {
  test::TestServerOptions options;
  options.start_workers = false;
  test::TestServer server(options);
  REQUIRE(server.get("/healthz")->status == 200);
  REQUIRE(server.post("issues", "before", issue_body("opened", 1))->status == 202);
  std::filesystem::remove_all(server.dir.path());
  auto health = server.get("/healthz");
  CHECK(health->status == 503);
  CHECK_THAT(health->body, Catch::Contains("the queue database is gone"));
  auto refused = server.post("issues", "after", issue_body("opened", 2));
  CHECK(refused->status == 503);
  CHECK(json::parse(refused->body)["outcome"] == "store_failed");
  CHECK(server.jobs_in("pending") == 1);  // only the delivery from before
  CHECK(server.get("/healthz")->status == 503);
  const std::string log = server.log_lines.str();
  // The reason is logged once for the health check, and with each refused delivery.
  CHECK(count_of(log, "\"msg\":\"cannot take work\"") == 1);
  CHECK_THAT(log, Catch::Contains("\"level\":\"error\",\"msg\":\"delivery\""));
  CHECK(count_of(log, "the queue database is gone") == 2);
}

TEST_CASE("a full disk: /healthz answers 503 while deliveries are refused, 200 once writes work",
          "[server][http]") {
  test::SyncCountingVfs::install();
  test::TestServerOptions options;
  options.start_workers = false;
  options.vfs = test::SyncCountingVfs::name();
  test::TestServer server(options);
  {
    test::FullDisk full;
    CHECK(server.post("issues", "full-1", issue_body("opened", 1))->status == 503);
    auto health = server.get("/healthz");
    CHECK(health->status == 503);
    CHECK_THAT(health->body, Catch::Contains("database or disk is full"));
    CHECK(server.get("/healthz")->status == 503);
  }
  CHECK(server.get("/healthz")->status == 200);
  CHECK(server.post("issues", "full-1", issue_body("opened", 1))->status == 202);  // redelivered
  const std::string log = server.log_lines.str();
  CHECK(count_of(log, "\"msg\":\"cannot take work\"") == 1);
  CHECK(count_of(log, "\"msg\":\"healthy again\"") == 1);
}

TEST_CASE("a duplicate delivery is acknowledged and stored once", "[server][http]") {
  test::TestServerOptions options;
  options.start_workers = false;
  test::TestServer server(options);
  const std::string body = issue_body("opened", 4);
  auto first = server.post("issues", "dup", body);
  auto second = server.post("issues", "dup", body);
  CHECK(first->status == 202);
  CHECK(second->status == 202);
  CHECK(json::parse(second->body)["outcome"] == "duplicate");
  auto jobs = server.queue->list("");
  REQUIRE(jobs->size() == 1);
  CHECK((*jobs)[0].deliveries == 1);
}

// GitHub shows a ping's answer under the hook's Recent Deliveries as soon as the hook is made.
TEST_CASE("a ping says which events the bot needs that the hook does not send", "[server][http]") {
  test::TestServer server;
  const auto ping_with = [&](const json& events, const std::string& delivery) {
    json payload = json::parse(payload_file("ping.event.json"));
    payload["hook"]["events"] = events;
    auto result = server.post("ping", delivery, payload.dump());
    REQUIRE(result);
    CHECK(result->status == 200);
    return json::parse(result->body).value("reason", "");
  };
  CHECK(ping_with({"*"}, "all") == "pong");
  CHECK(ping_with({"issue_comment", "issues", "label"}, "both") == "pong");
  CHECK(ping_with(json::array(), "none") ==
        "pong, but this hook does not send issues and issue_comment events: subscribe it to "
        "Issues and Issue comments (docs/server.md), or no issue is ever triaged");
  CHECK(ping_with({"issues"}, "no-comments") ==
        "pong, but this hook does not send issue_comment events: subscribe it to Issues and "
        "Issue comments (docs/server.md), or /issuelint commands never arrive");
  // The recorded organization hook, made for other events.
  auto org = server.post("ping", "org", payload_file("ping.event.4.json"));
  REQUIRE(org);
  CHECK_THAT(json::parse(org->body).value("reason", ""),
             Catch::StartsWith("pong, but this hook does not send issues and issue_comment"));
  // Without hook.events there is nothing to say.
  CHECK(json::parse(server.post("ping", "bare", R"({"zen":"Keep it simple."})")->body)["reason"] ==
        "pong");
}

TEST_CASE("only a delivery that makes a new job wakes the workers", "[server][http]") {
  test::TestServerOptions options;
  options.start_workers = false;  // jobs stay pending, so later deliveries coalesce into them
  test::TestServer server(options);
  const json queued = json::parse(server.post("issues", "w1", issue_body("opened", 5))->body);
  CHECK(queued["outcome"] == "queued");
  CHECK(queued["reason"] == "stored as a new triage job for octo/hello#5");
  CHECK(server.worker_wakeups == 1);
  const std::string edit = issue_body("edited", 5, {{"body", {{"from", "v1"}}}});
  const json coalesced = json::parse(server.post("issues", "w2", edit)->body);
  CHECK(coalesced["outcome"] == "coalesced");
  CHECK(coalesced["reason"] == "joined the job of octo/hello#5 that is waiting");
  CHECK(json::parse(server.post("issues", "w2", edit)->body)["outcome"] == "duplicate");
  CHECK(server.worker_wakeups == 1);
  CHECK(json::parse(server.post("issues", "w3", issue_body("opened", 6))->body)["outcome"] ==
        "queued");
  CHECK(server.worker_wakeups == 2);
}

TEST_CASE("a new issue's opened + labeled echo, bot events and no-op edits triage once",
          "[server][http]") {
  test::TestServer server;
  CHECK(server.post("issues", "o1", issue_body("opened", 8))->status == 202);
  CHECK(json::parse(
            server.post("issues", "l1", payload_file("issues.labeled.json"))->body)["outcome"] ==
        "ignored");
  CHECK(json::parse(server.post("issues", "l2", issue_body("labeled", 8))->body)["outcome"] ==
        "ignored");
  CHECK(json::parse(server.post("issues", "b1", issue_body("opened", 8, json::object(), "Bot"))
                        ->body)["outcome"] == "ignored");
  CHECK(json::parse(server
                        .post("issues", "e1",
                              issue_body("edited", 8, {{"labels", {{"from", json::array()}}}}))
                        ->body)["outcome"] == "ignored");
  REQUIRE(test::eventually(
      [&] { return server.triager.calls().size() == 1 && server.jobs_in("") == 0; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  CHECK(server.triager.calls().size() == 1);
}

TEST_CASE("a burst of 50 edits on one issue is coalesced into one or two triages",
          "[server][http]") {
  test::TestServer server;
  // The first triage holds until the burst is in, as a slow GitHub round trip would: the
  // deliveries that arrive meanwhile must collapse into one follow-up job.
  std::atomic<bool> burst_done{false};
  server.triager.behaviour = [&](const IssueJob&) {
    test::eventually([&] { return burst_done.load(); }, std::chrono::seconds(20));
    return TriageOutcome{};
  };
  std::vector<std::thread> senders;
  std::atomic<int> accepted{0};
  for (int t = 0; t < 10; ++t) {
    senders.emplace_back([&, t] {
      for (int i = 0; i < 5; ++i) {
        const json changes = {{"body", {{"from", "v" + std::to_string(i)}}}};
        auto result = server.post("issues", "burst-" + std::to_string(t) + "-" + std::to_string(i),
                                  issue_body("edited", 42, changes));
        if (result && result->status == 202) ++accepted;
      }
    });
  }
  for (auto& sender : senders) sender.join();
  burst_done = true;
  CHECK(accepted == 50);
  REQUIRE(test::eventually([&] { return server.jobs_in("") == 0; }, std::chrono::seconds(15)));
  const auto calls = server.triager.calls();
  CHECK(calls.size() >= 1);
  CHECK(calls.size() <= 2);
}

TEST_CASE("/metrics exposes deliveries, queue, latency, GitHub calls and dead letters",
          "[server][http]") {
  test::TestServer server;
  server.metrics.count_github_call(200);
  server.metrics.set_rate_limit_remaining(4999);
  CHECK(server.post("issues", "x1", issue_body("opened", 1))->status == 202);
  CHECK(server.post("issues", "x2", issue_body("closed", 1))->status == 202);
  CHECK(server.post("issues", "x3", issue_body("opened", 1), "wrong")->status == 401);
  // A worker counts a job just after the queue lets it go: wait for the count too, or the
  // scrape can fall between the two (seen once in a full ctest run).
  REQUIRE(test::eventually([&] {
    const auto scraped = server.get("/metrics");
    return server.jobs_in("") == 0 && scraped &&
           scraped->body.find("issuelint_jobs_total{outcome=\"done\"} 1") != std::string::npos;
  }));
  auto result = server.get("/metrics");
  REQUIRE(result);
  CHECK(result->status == 200);
  const std::string& text = result->body;
  for (const char* series :
       {"issuelint_webhook_deliveries_total{event=\"issues\",outcome=\"queued\"} 1",
        "issuelint_webhook_deliveries_total{event=\"issues\",outcome=\"ignored\"} 1",
        "issuelint_webhook_deliveries_total{event=\"issues\",outcome=\"bad_signature\"} 1",
        "issuelint_queue_depth{state=\"pending\"} 0", "issuelint_queue_oldest_age_seconds 0",
        "issuelint_triage_duration_seconds_bucket{le=\"+Inf\"} 1",
        "issuelint_triage_duration_seconds_count 1", "issuelint_jobs_total{outcome=\"done\"} 1",
        "issuelint_github_requests_total{status=\"200\"} 1",
        "issuelint_github_rate_limit_remaining 4999", "issuelint_dead_letters 0"}) {
    INFO(series);
    CHECK(text.find(series) != std::string::npos);
  }
  CHECK(server.get("/healthz")->status == 200);
}

TEST_CASE("/metrics: every job outcome from the start, and sums printed in full",
          "[server][metrics]") {
  Metrics metrics;
  const std::string fresh = metrics.render(QueueStats{}, 0);
  for (const char* outcome : {"done", "retry", "dead", "skipped"}) {
    INFO(outcome);
    CHECK(fresh.find("issuelint_jobs_total{outcome=\"" + std::string(outcome) + "\"} 0") !=
          std::string::npos);
  }
  // Eleven days of triage time in all: a stream's 6 digits would print 1.23457e+06.
  metrics.observe_triage_seconds(1234567.25);
  metrics.observe_triage_seconds(0.5);
  QueueStats stats;
  stats.oldest_pending_ms = 1;
  const std::string text = metrics.render(stats, 1'234'567'891);
  CHECK(text.find("issuelint_triage_duration_seconds_sum 1234567.75\n") != std::string::npos);
  CHECK(text.find("issuelint_queue_oldest_age_seconds 1234567.89\n") != std::string::npos);
  CHECK(text.find("issuelint_triage_duration_seconds_bucket{le=\"0.05\"} 0\n") !=
        std::string::npos);
  CHECK(text.find("issuelint_triage_duration_seconds_bucket{le=\"2.5\"} 1\n") != std::string::npos);
}

TEST_CASE("/metrics: event names no GitHub event has share one series", "[server][http]") {
  test::TestServer server;
  // Unsigned senders choose the header: 40 made-up names must not make 40 series.
  for (int i = 0; i < 40; ++i) {
    const std::string event = "made-up-event-" + std::to_string(i) + std::string(200, 'x');
    CHECK(server.post(event, "m" + std::to_string(i), issue_body("opened", 1), "wrong")->status ==
          401);
  }
  const auto result = server.get("/metrics");
  REQUIRE(result);
  CHECK(result->body.find(
            "issuelint_webhook_deliveries_total{event=\"other\",outcome=\"bad_signature\"} 40") !=
        std::string::npos);
  CHECK(result->body.find("made-up-event") == std::string::npos);
}

TEST_CASE("throughput of the 202 path over loopback (informational)", "[server][http][.bench]") {
  test::TestServerOptions options;
  options.start_workers = false;
  test::TestServer server(options);
  constexpr int kThreads = 8;
  constexpr int kEach = 100;
  std::atomic<int> accepted{0};
  const auto started = std::chrono::steady_clock::now();
  std::vector<std::thread> senders;
  for (int t = 0; t < kThreads; ++t) {
    senders.emplace_back([&, t] {
      httplib::Client client("127.0.0.1", server.port);
      client.set_keep_alive(true);
      for (int i = 0; i < kEach; ++i) {
        const std::string body = issue_body("opened", 1 + t * kEach + i);
        auto result =
            client.Post("/webhook",
                        {{"X-GitHub-Event", "issues"},
                         {"X-GitHub-Delivery", "t" + std::to_string(t) + "-" + std::to_string(i)},
                         {"X-Hub-Signature-256", github_signature_header(test::kSecret, body)}},
                        body, "application/json");
        if (result && result->status == 202) {
          ++accepted;
        } else {
          WARN("failed: " << (result ? std::to_string(result->status)
                                     : httplib::to_string(result.error())));
        }
      }
    });
  }
  for (auto& sender : senders) sender.join();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  CHECK(accepted == kThreads * kEach);
  WARN("202 path: " << accepted << " deliveries in " << seconds << " s = " << accepted / seconds
                    << "/s; commits " << server.queue->commit_count());
}
