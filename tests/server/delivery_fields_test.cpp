// The webhook's one-pass field scanner against nlohmann's full parse: it must accept exactly the
// same bodies and read the same fields, on the recorded payloads, on hand-made edge cases and
// on thousands of deterministic mutations.
#include "bot/server/delivery_fields.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <random>

#include "bot/server/delivery_router.h"
#include "tests/server/server_test_support.h"

using namespace issuelint;
using nlohmann::json;

namespace {

std::vector<std::filesystem::path> payload_files() {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(test::kPayloads)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// The reference: what the server did before the scanner, a full parse.
std::optional<DeliveryFields> reference_fields(std::string_view body) {
  const json document = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded()) return std::nullopt;
  return delivery_fields_from_json(document);
}

// Both accept or both reject; when both accept, the same fields.
void check_same_as_full_parse(std::string_view body) {
  const Result<DeliveryFields> scanned = scan_delivery_fields(body);
  const std::optional<DeliveryFields> reference = reference_fields(body);
  INFO("body: " << std::string(body.substr(0, 300)));
  INFO("scanner: " << (scanned ? std::string("accepted") : scanned.error().describe()));
  REQUIRE(scanned.ok() == reference.has_value());
  if (reference) CHECK(*scanned == *reference);
}

const RouterOptions kRouter{{"issuelint[bot]"}};

bool same_decision(const RouteDecision& a, const RouteDecision& b) {
  if (a.kind != b.kind || a.reason != b.reason || a.job.has_value() != b.job.has_value()) {
    return false;
  }
  if (!a.job) return true;
  const IssueJob& x = *a.job;
  const IssueJob& y = *b.job;
  return x.delivery_id == y.delivery_id && x.event == y.event && x.action == y.action &&
         x.owner == y.owner && x.repo == y.repo && x.issue_number == y.issue_number &&
         x.installation_id == y.installation_id && x.kind == y.kind &&
         x.requested_by == y.requested_by;
}

}  // namespace

TEST_CASE("every recorded payload: the scanner reads the fields a full parse reads",
          "[server][fields]") {
  int with_issue = 0;
  int with_comment = 0;
  for (const auto& path : payload_files()) {
    const std::string body = test::read_file(path);
    INFO(path.filename().string());
    const Result<DeliveryFields> scanned = scan_delivery_fields(body);
    REQUIRE(scanned);
    const json document = json::parse(body);
    CHECK(*scanned == delivery_fields_from_json(document));
    // The same bytes reformatted and ASCII-escaped read the same.
    CHECK(*scan_delivery_fields(document.dump(2)) == *scanned);
    CHECK(*scan_delivery_fields(document.dump(-1, ' ', /*ensure_ascii=*/true)) == *scanned);
    // And route the same way, for the event the file was recorded for.
    const std::string name = path.filename().string();
    const std::string event = name.substr(0, name.find('.'));
    CHECK(same_decision(route_delivery(event, "d", *scanned, kRouter),
                        route_delivery(event, "d", document, kRouter)));
    if (scanned->issue_number) ++with_issue;
    if (!scanned->comment_body.empty()) ++with_comment;
    CHECK(scanned->is_object);
    CHECK(scanned->action.has_value() == (event != "ping"));
  }
  // The fields are really read, not empty on both sides.
  CHECK(with_issue >= 30);
  CHECK(with_comment >= 5);
}

TEST_CASE("the identity of a recorded issues.opened delivery", "[server][fields]") {
  const Result<DeliveryFields> fields =
      scan_delivery_fields(test::read_file(test::kPayloads / "issues.opened.json"));
  REQUIRE(fields);
  CHECK(fields->action == "opened");
  CHECK(fields->issue_number == 1);
  CHECK(fields->repository_owner_login == "Codertocat");
  CHECK(fields->repository_name == "Hello-World");
  CHECK(fields->sender_login == "Codertocat");
  CHECK(fields->sender_type == "User");
  CHECK_FALSE(fields->issue_has_pull_request);
}

TEST_CASE("every truncation of a recorded payload is rejected, as the full parse rejects it",
          "[server][fields]") {
  for (const char* name : {"issues.opened.json", "issue_comment.created.json", "ping.event.json"}) {
    const std::string body = test::read_file(test::kPayloads / name);
    INFO(name);
    for (std::size_t length = 0; length < body.size(); length += length < 400 ? 1 : 13) {
      const std::string_view prefix(body.data(), length);
      INFO("length " << length);
      const bool reference_accepts = json::accept(prefix);
      CHECK(scan_delivery_fields(prefix).ok() == reference_accepts);
    }
  }
}

TEST_CASE("thousands of mutated payloads: accepted and read exactly as the full parse does",
          "[server][fields]") {
  const std::string small = json{{"action", "created"},
                                 {"issue", {{"number", 12}, {"title", "t\u00e9"}, {"body", ""}}},
                                 {"comment",
                                  {{"body", "/issuelint check\n\"q\" \\ \t"},
                                   {"author_association", "MEMBER"},
                                   {"user", {{"login", "m"}}}}},
                                 {"changes", {{"title", {{"from", "x"}}}}},
                                 {"list", {1, -2, 3.5, 1e3, true, false, nullptr, "s"}},
                                 {"repository", {{"name", "r"}, {"owner", {{"login", "o"}}}}},
                                 {"installation", {{"id", 99}}},
                                 {"sender", {{"login", "s"}, {"type", "User"}}}}
                                .dump();
  // Bytes that matter to a JSON reader; mutations use them more than random ones.
  using namespace std::string_view_literals;  // "..."sv keeps the NUL
  static constexpr std::string_view kInteresting =
      "\"\\{}[],:0123456789-+.eEtrufalsn \t\r\n/bu\x00\x1f\x7f\x80\xbf\xc0\xc3\xe0\xed\xf0\xf4\xff"sv;
  std::mt19937 random(20261124);  // fixed: the same cases on every run
  int accepted = 0;
  constexpr int kCases = 20000;
  for (int i = 0; i < kCases; ++i) {
    std::string body = small;
    const int edits = 1 + static_cast<int>(random() % 3);
    for (int e = 0; e < edits; ++e) {
      const std::size_t at = random() % body.size();
      const char byte = random() % 4 == 0 ? static_cast<char>(random() % 256)
                                          : kInteresting[random() % kInteresting.size()];
      switch (random() % 3) {
        case 0:
          body[at] = byte;
          break;
        case 1:
          body.insert(body.begin() + static_cast<std::ptrdiff_t>(at), byte);
          break;
        default:
          body.erase(at, 1);
          break;
      }
    }
    const Result<DeliveryFields> scanned = scan_delivery_fields(body);
    const std::optional<DeliveryFields> reference = reference_fields(body);
    if (scanned.ok() != reference.has_value() || (reference && !(*scanned == *reference))) {
      INFO("case " << i << ": " << json(body).dump(-1, ' ', true, json::error_handler_t::replace));
      INFO("scanner: " << (scanned ? std::string("accepted") : scanned.error().describe()));
      CHECK(scanned.ok() == reference.has_value());
      CHECK(false);
      break;
    }
    if (reference) ++accepted;
  }
  // Both outcomes are well exercised.
  CHECK(accepted > kCases / 20);
  CHECK(accepted < kCases - kCases / 20);
}

TEST_CASE("a NUL byte after the value is refused, where nlohmann stops reading",
          "[server][fields]") {
  for (const std::string& body : {std::string("{}\0", 3), std::string("{\"a\":1} \0 x", 11),
                                  std::string("{\"action\":\"opened\"}\n\0{}", 23)}) {
    INFO(body.size());
    CHECK(nlohmann::json::accept(body));  // the documented difference
    const Result<DeliveryFields> scanned = scan_delivery_fields(body);
    REQUIRE_FALSE(scanned.ok());
    CHECK(scanned.error().message.find("after the JSON value") != std::string::npos);
  }
}

TEST_CASE("edge cases of JSON read as the full parse reads them", "[server][fields]") {
  for (const char* body : {
           // duplicate keys: the last one wins, and replaces what was read below the first
           R"({"action":"opened","action":"edited"})",
           R"({"issue":{"number":1},"issue":{"title":"x"}})",
           R"({"issue":{"number":1},"issue":5})",
           R"({"issue":{"number":1,"number":"2"}})",
           R"({"repository":{"owner":{"login":"a"},"name":"n"},"repository":{"name":"m"}})",
           R"({"changes":{"title":{}},"changes":null})",
           R"({"changes":{"labels":{}},"changes":{}})",
           R"({"changes":{"labels":{}},"changes":{"body":{}}})",
           R"({"changes":{"assignee":{},"title":{}}})",
           R"({"changes":{"x":{"labels":1}},"changes":[{"labels":1}]})",
           R"({"x":{"changes":{"labels":1}}})",
           // escaped keys and values
           R"({"act\u0069on":"op\u0065ned","sender":{"type":"B\u006ft"}})",
           R"({"comment":{"body":"\ud83d\ude00 \u00e9\n\"\\\/\b\f\r\t\u0000"}})",
           // keys that look tracked at the wrong depth, or inside arrays
           R"({"x":{"issue":{"number":5}},"issue":[{"number":6}]})",
           R"({"issue":{"x":{"number":5}},"sender":{"login":{"type":"Bot"}}})",
           // types that do not count
           R"({"action":1,"issue":{"number":"7","pull_request":null},"installation":{"id":1.0}})",
           R"({"issue":{"number":-3},"installation":{"id":-9223372036854775808}})",
           R"({"issue":{"number":18446744073709551615}})",
           R"({"issue":{"number":9223372036854775808}})",
           R"({"issue":{"number":18446744073709551616}})",
           R"({"issue":{"number":4294967297}})",
           R"({"issue":{"number":-0}})",
           R"({"issue":{"number":1e2}})",
           // numbers: grammar and range
           R"({"a":1e400})",
           R"({"a":-1e400})",
           R"({"a":1e-400})",
           R"({"a":1.7976931348623157e308})",
           R"({"a":01})",
           R"({"a":1.})",
           R"({"a":.5})",
           R"({"a":-})",
           R"({"a":1e})",
           R"({"a":1e+})",
           R"({"a":+1})",
           R"({"a":0x10})",
           // strings
           R"({"a":"\ud800"})",
           R"({"a":"\udc00"})",
           R"({"a":"\ud800\u0041"})",
           R"({"a":"\u12"})",
           R"({"a":"\x"})",
           "{\"a\":\"tab\there\"}",
           "{\"a\":\"\xc0\x80\"}",
           "{\"a\":\"\xed\xa0\x80\"}",
           "{\"a\":\"\xf4\x90\x80\x80\"}",
           "{\"a\":\"\xf0\x9f\x98\x80\"}",
           "{\"a\":\"\xe2\x82\"}",
           "{\"a\":\"\xff\"}",
           // structure
           "\xef\xbb\xbf{\"action\":\"opened\"}",
           "\xef\xbb{}",
           " \t\r\n{} \n",
           "{}x",
           "{} {}",
           "{,}",
           "{\"a\":1,}",
           "[1,]",
           "{\"a\" 1}",
           "{1:2}",
           "[]",
           "\"text\"",
           "42",
           "null",
           "nul",
           "truex",
           "",
           "   ",
           "{\"a\":[[[[]]],{}]}",
       }) {
    check_same_as_full_parse(body);
  }
}

TEST_CASE("deep nesting is scanned without recursion", "[server][fields]") {
  constexpr std::size_t kDepth = 200000;
  const std::string arrays = std::string(kDepth, '[') + std::string(kDepth, ']');
  CHECK(scan_delivery_fields(arrays).ok());
  std::string objects;
  for (std::size_t i = 0; i < kDepth; ++i) objects += "{\"a\":";
  objects += "1" + std::string(kDepth, '}');
  CHECK(scan_delivery_fields(objects).ok());
  CHECK_FALSE(scan_delivery_fields(std::string(kDepth, '[')).ok());
}

TEST_CASE("a scanner error says what is wrong and where", "[server][fields]") {
  const Result<DeliveryFields> truncated = scan_delivery_fields(R"({"action": "opened", "iss)");
  REQUIRE_FALSE(truncated);
  CHECK(truncated.error().message == "unterminated string");
  CHECK(truncated.error().where == "byte 25");
  const Result<DeliveryFields> literal = scan_delivery_fields(R"({"a": tru})");
  REQUIRE_FALSE(literal);
  CHECK(literal.error().describe() == "byte 6: invalid literal; expected a value");
  const Result<DeliveryFields> trailing = scan_delivery_fields("{} x");
  REQUIRE_FALSE(trailing);
  CHECK(trailing.error().describe() == "byte 3: unexpected content after the JSON value");
}
