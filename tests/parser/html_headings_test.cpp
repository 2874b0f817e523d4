#include "parser/html_headings.h"

#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <vector>

#include "parser/document.h"
#include "parser/line_index.h"

using namespace issuelint;

TEST_CASE("html_heading_level reads one heading element on a line", "[parser]") {
  CHECK(html_heading_level("<h2>Steps</h2>") == 2);
  CHECK(html_heading_level("   <H4 id=\"x\">Steps</h4>\t ") == 4);
  CHECK(html_heading_level("<h1>A</h1>") == 1);
  CHECK(html_heading_level("    <h2>Steps</h2>") == 0);  // indented code
  CHECK(html_heading_level("<h2>Steps</h3>") == 0);
  CHECK(html_heading_level("<h2>Steps") == 0);
  CHECK(html_heading_level("<h2> </h2>") == 0);
  CHECK(html_heading_level("<hr>Steps</hr>") == 0);
  CHECK(html_heading_level("<h2x>Steps</h2>") == 0);
  CHECK(html_heading_level("<h2>A</h2> and more") == 0);
}

// Whatever the body, the rewrite keeps its length and every line end where it was, and only
// touches lines that are HTML headings: positions in the document stay the author's.
TEST_CASE("html_headings_as_atx keeps every line end and rewrites only heading lines", "[parser]") {
  const std::vector<std::string> pieces = {
      "<h2>Steps</h2>",
      "<h6>Six</h6>",
      "  <h3 class=\"a\">Three <b>bold</b></h3>  ",
      "```",
      "~~~",
      "<!--",
      "-->",
      "<!-- x -->",
      "<details>",
      "</details>",
      "",
      "text",
      "- [ ] box",
      "> quote",
      "## Heading",
      "    code",
      "<h2>Open",
      "</h2>",
  };
  std::mt19937 random(27);
  for (int round = 0; round < 2000; ++round) {
    std::string body;
    const int lines = 1 + static_cast<int>(random() % 12);
    for (int i = 0; i < lines; ++i) {
      body += pieces[random() % pieces.size()];
      body += random() % 4 == 0 ? "\r\n" : "\n";
    }
    const LineIndex index(body);
    const std::optional<std::string> rewritten = html_headings_as_atx(body, index);
    if (!rewritten) continue;
    INFO(body);
    REQUIRE(rewritten->size() == body.size());
    for (int line = 1; line <= index.line_count(); ++line) {
      const std::size_t begin = index.line_start(line);
      const std::size_t end = index.line_start(line + 1);
      const std::string_view before = std::string_view(body).substr(begin, end - begin);
      const std::string_view after = std::string_view(*rewritten).substr(begin, end - begin);
      if (before == after) continue;
      CHECK(html_heading_level(before.substr(0, before.find_first_of("\r\n"))) > 0);
      CHECK(after.find_first_not_of(' ') == before.find_first_not_of(' '));
      CHECK(after.substr(after.find_first_of("\r\n")) ==
            before.substr(before.find_first_of("\r\n")));
    }
    // Read as GitHub shows it, the body still parses, each section on its heading's line.
    const IssueDocument document = parse_issue(body);
    for (std::size_t at = 1; at < document.sections.size(); ++at) {
      CHECK(document.sections[at].position.line >= 1);
    }
  }
}
