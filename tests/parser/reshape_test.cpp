// parser/reshape.h: rewrites that keep every position of the text.
#include "parser/reshape.h"

#include <catch2/catch.hpp>

#include "parser/document.h"

using namespace issuelint;

TEST_CASE("bold lines become headings of the same length", "[reshape]") {
  const std::string text =
      "**Describe the bug**\nA clear description.\r\n\n**Desktop (please complete):**\n"
      "- OS: [e.g. iOS]\n  __Steps__:\n";
  const auto headed = bold_lines_as_headings(text);
  REQUIRE(headed);
  CHECK(*headed ==
        "## Describe the bug \nA clear description.\r\n\n## Desktop (please complete): \n"
        "- OS: [e.g. iOS]\n  ## Steps: \n");
  const IssueDocument document = parse_issue(*headed);
  REQUIRE(document.sections.size() == 4);
  CHECK(document.sections[1].title == "Describe the bug");
  CHECK(document.sections[1].position.line == 1);
  CHECK(document.sections[2].position.line == 4);
}

TEST_CASE("only whole bold lines outside code become headings", "[reshape]") {
  CHECK_FALSE(bold_lines_as_headings("**Note:** this matters\n**a** and **b**\n- **OS**: x\n"));
  CHECK_FALSE(bold_lines_as_headings("```\n**Not a heading**\n```\n    **indented code**\n"));
  CHECK_FALSE(bold_lines_as_headings("****\n** spaced **\n"));
  const auto after_fence = bold_lines_as_headings("~~~~\n**in code**\n~~~\n~~~~\n**Out**\n");
  REQUIRE(after_fence);
  CHECK(*after_fence == "~~~~\n**in code**\n~~~\n~~~~\n## Out \n");
}

TEST_CASE("headings an issue form did not write become text in place", "[reshape]") {
  const std::string body =
      "### What happened?\n\n## Summary\n\nIt broke.\n\n### Versions\n\nINSTALLED VERSIONS\n"
      "------------------\npandas : 2.1\n";
  const IssueDocument document = parse_issue(body);
  REQUIRE(document.sections.size() == 5);
  const auto rewritten =
      headings_as_text(document, [](const Section& section) { return section.level == 3; });
  REQUIRE(rewritten);
  CHECK(rewritten->size() == body.size());
  CHECK(*rewritten ==
        "### What happened?\n\n\\# Summary\n\nIt broke.\n\n### Versions\n\nINSTALLED VERSIONS\n"
        "\\-----------------\npandas : 2.1\n");
  const IssueDocument fields = parse_issue(*rewritten);
  REQUIRE(fields.sections.size() == 3);
  CHECK(fields.sections[1].prose.size() == 2);
  CHECK(fields.sections[2].position.line == 7);
  CHECK_FALSE(headings_as_text(document, [](const Section&) { return true; }));
}
