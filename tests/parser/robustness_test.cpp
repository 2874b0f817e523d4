#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "parser/document.h"

using namespace issuelint;

namespace {

double seconds_to_parse(const std::string& body, IssueDocument& out) {
  const auto start = std::chrono::steady_clock::now();
  out = parse_issue(body);
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

TEST_CASE("CRLF bodies give the same lines as LF bodies", "[robustness]") {
  const IssueDocument lf = parse_issue("# A\n\n- [x] one\n- [ ] two\n\ntext\n");
  const IssueDocument crlf = parse_issue("# A\r\n\r\n- [x] one\r\n- [ ] two\r\n\r\ntext\r\n");
  REQUIRE(crlf.checkboxes.size() == 2);
  CHECK(crlf.checkboxes[1].position == lf.checkboxes[1].position);
  CHECK(crlf.checkboxes[1].position == SourcePosition{4, 3});
  CHECK(crlf.checkboxes[0].label == "one");
  REQUIRE(crlf.prose.size() == 1);
  CHECK(crlf.prose[0].position == SourcePosition{6, 1});
  CHECK(crlf.text.find('\r') != std::string::npos);  // kept as given
}

TEST_CASE("a UTF-8 BOM is dropped", "[robustness]") {
  const IssueDocument doc = parse_issue("\xEF\xBB\xBF# Title\n");
  REQUIRE(doc.sections.size() == 2);
  CHECK(doc.sections[1].title == "Title");
  CHECK(doc.sections[1].position == SourcePosition{1, 1});
  CHECK(doc.text == "# Title\n");
  CHECK(doc.notes.empty());
}

TEST_CASE("tabs indent list items and code", "[robustness]") {
  const IssueDocument doc = parse_issue("-\t[x]\tdone\n\npara\n\n\tcode\n");
  REQUIRE(doc.checkboxes.size() == 1);
  CHECK(doc.checkboxes[0].checked);
  CHECK(doc.checkboxes[0].position == SourcePosition{1, 3});
  REQUIRE(doc.code_blocks.size() == 1);
  CHECK(doc.code_blocks[0].content == "code\n");
}

TEST_CASE("NUL bytes and invalid UTF-8 become U+FFFD with one note", "[robustness]") {
  const std::string body = std::string("ok\nA\0B", 6) + "\xFF\xC3(\n# H\xE9\n";
  const IssueDocument doc = parse_issue(body);
  CHECK(doc.text ==
        "ok\nA\xEF\xBF\xBD"
        "B\xEF\xBF\xBD\xEF\xBF\xBD(\n# H\xEF\xBF\xBD\n");
  REQUIRE(doc.notes.size() == 1);
  CHECK(doc.notes[0].position == SourcePosition{2, 2});
  REQUIRE(doc.sections.size() == 2);
  CHECK(doc.sections[1].position == SourcePosition{3, 1});
}

TEST_CASE("a NUL or bad byte is replaced wherever it falls in a run of ASCII", "[robustness]") {
  // The clean-up skips ASCII 32 bytes at a time, else eight: put each kind of byte at every
  // offset of such blocks and words (three blocks and a tail) and at the edges of the body.
  const std::string ascii =
      "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ "
      "!#$%&'()*+,-./:;<=>?@[]^_`{|}~"
      "\x01\x7F";
  const std::vector<std::pair<std::string, std::string>> kinds = {
      {std::string(1, '\0'), "\xEF\xBF\xBD"},
      {"\xFF", "\xEF\xBF\xBD"},
      {"\x80", "\xEF\xBF\xBD"},
      {"\xF0\x9F", "\xEF\xBF\xBD\xEF\xBF\xBD"},  // a cut emoji: one per bad byte
      {"\xC3\xA9", "\xC3\xA9"},                  // valid UTF-8 stays
      {"\xF0\x9F\x93\x9D", "\xF0\x9F\x93\x9D"},
      {"\x7F", "\x7F"},
  };
  for (const auto& [bad, replaced] : kinds) {
    for (std::size_t at = 0; at <= ascii.size(); ++at) {
      const std::string body = ascii.substr(0, at) + bad + ascii.substr(at);
      INFO(at);
      const IssueDocument doc = parse_issue(body);
      CHECK(doc.text == ascii.substr(0, at) + replaced + ascii.substr(at));
      CHECK(doc.notes.size() == (bad == replaced ? 0U : 1U));
    }
  }
}

TEST_CASE("every NUL and bad byte of a block is replaced whichever comes first", "[robustness]") {
  // The clean-up goes straight to the first byte of a 32-byte block that needs a look, then
  // looks at the block from the byte after it: two such bytes at every pair of offsets.
  const std::string ascii(80, 'a');
  const std::vector<std::pair<std::string, std::string>> kinds = {
      {std::string(1, '\0'), "\xEF\xBF\xBD"},
      {"\xFF", "\xEF\xBF\xBD"},
      {"\xC3\xA9", "\xC3\xA9"},
  };
  for (const auto& [first, first_replaced] : kinds) {
    for (const auto& [second, second_replaced] : kinds) {
      for (std::size_t at = 0; at <= 40; ++at) {
        for (std::size_t gap = 0; gap <= 33; ++gap) {
          const std::string body =
              ascii.substr(0, at) + first + ascii.substr(at, gap) + second + ascii.substr(at + gap);
          INFO(at << " " << gap);
          REQUIRE(parse_issue(body).text == ascii.substr(0, at) + first_replaced +
                                                ascii.substr(at, gap) + second_replaced +
                                                ascii.substr(at + gap));
        }
      }
    }
  }
}

TEST_CASE("an empty body parses to just the preamble", "[robustness]") {
  const IssueDocument doc = parse_issue("");
  CHECK(doc.sections.size() == 1);
  CHECK(doc.empty());
  CHECK(doc.notes.empty());
}

TEST_CASE("deep nesting is bounded and noted", "[robustness]") {
  IssueDocument quotes;
  CHECK(seconds_to_parse(std::string(10000, '>') + " deep\n", quotes) < 10);
  CHECK(quotes.notes.size() == 1);
  REQUIRE(quotes.prose.size() == 1);
  CHECK(quotes.prose[0].text == "deep");

  std::string lists;
  for (int level = 0; level < 2000; ++level) lists += std::string(level * 2, ' ') + "- [ ] x\n";
  IssueDocument nested;
  CHECK(seconds_to_parse(lists, nested) < 20);
  CHECK(nested.notes.size() == 1);
  CHECK(nested.checkboxes.size() == 2000);
}

TEST_CASE("a box label of emoji before its bold name parses in linear time", "[robustness]") {
  // Whether text stands before the bold name was asked of the whole label once per emoji.
  std::string emoji;
  for (int i = 0; i < 32768; ++i) emoji += "\xF0\x9F\x8E\x89";  // a GitHub body's worth
  IssueDocument doc;
  CHECK(seconds_to_parse("- [ ] " + emoji + " **Name**\n", doc) < 2);
  REQUIRE(doc.checkboxes.size() == 1);
  CHECK(doc.checkboxes[0].name == "Name");
}

namespace {

void check_large_body(std::size_t size, double limit_seconds) {
  const std::string block =
      "## Section\r\n\r\n- [ ] **Opt** - text\r\n- Related to: [ ] A / [x] B\r\n\r\nProse.\r\n"
      "\r\n```sql\r\nSELECT 1;\r\n```\r\n";
  std::string body;
  while (body.size() < size) body += block;
  IssueDocument doc;
  const double seconds = seconds_to_parse(body, doc);
  WARN(body.size() << " bytes parsed in " << seconds << " s");
  CHECK(seconds < limit_seconds);
  CHECK(doc.code_blocks.size() == body.size() / block.size());
  CHECK(doc.checkboxes.size() == 3 * doc.code_blocks.size());
}

}  // namespace

// 10 MB takes ~2 s in a release build but ~30 s under ASan in Debug, so the default suite
// parses 1 MB and the full size runs on request: test_parser "[slow]".
TEST_CASE("a 1 MB body parses quickly", "[robustness]") { check_large_body(1u << 20, 20); }

TEST_CASE("a 10 MB body parses in seconds", "[.][slow]") { check_large_body(10u << 20, 60); }

TEST_CASE("a line with very many inline boxes is capped", "[robustness]") {
  std::string line;
  for (int i = 0; i < 100000; ++i) line += "[ ] a / ";
  IssueDocument doc;
  CHECK(seconds_to_parse(line, doc) < 30);
  CHECK(doc.checkboxes.size() == 64);
  CHECK(doc.notes.size() == 1);
}

TEST_CASE("blocks nested too deep are noted where the deep block starts") {
  const std::string deep = std::string(100, '>') + " deep quote\n";
  for (const std::string& before : {std::string(), std::string("## Summary\n\nfine text\n\n"),
                                    std::string("## Summary\n\nmore\n\n\n  \n")}) {
    INFO(before);
    const IssueDocument document = parse_issue(before + deep + "\nafter\n");
    REQUIRE(document.notes.size() == 1);
    CHECK(document.notes[0].message.find("nested more than 64 levels") != std::string::npos);
    const int line =
        1 + static_cast<int>(std::count(before.begin(), before.end(), '\n'));  // deep's line
    CHECK(document.notes[0].position.line == line);
    CHECK(document.notes[0].position.column == 1);
  }
}
