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
  const auto after_fence =
      bold_lines_as_headings("~~~~\n**in code**\n~~~\n~~~~\n**Out**\n**Two**\n");
  REQUIRE(after_fence);
  CHECK(*after_fence == "~~~~\n**in code**\n~~~\n~~~~\n## Out \n## Two \n");
  // A template's one bold notice, or bold sentences, are no set of parts.
  CHECK_FALSE(bold_lines_as_headings("**Please search the issues first.**\n\nAsk here.\n"));
  CHECK_FALSE(bold_lines_as_headings("**Read the FAQ!**\n**Be kind.**\n\nAsk here.\n"));
  CHECK_FALSE(bold_lines_as_headings("**What happened**\n\nx\n"));
}

TEST_CASE("a bold question with a request to answer it is a part, not a notice", "[reshape]") {
  // GitHub's default feature request opens with a question that ends in "Please describe."
  const auto headed = bold_lines_as_headings(
      "**Is your feature request related to a problem? Please describe.**\nA description.\n\n"
      "**Describe the solution you'd like**\nA description.\n");
  REQUIRE(headed);
  const IssueDocument document = parse_issue(*headed);
  REQUIRE(document.sections.size() == 3);
  CHECK(document.sections[1].title ==
        "Is your feature request related to a problem? Please describe.");
  // A question followed by anything but a request to answer it is still a notice.
  CHECK_FALSE(bold_lines_as_headings("**Did you read the FAQ? Please do.**\n**Be kind.**\n"));
  CHECK_FALSE(bold_lines_as_headings("**Stuck? Ask on the forum.**\n**Be kind.**\n"));
}

TEST_CASE("an issue's bold lines are headings only where they name the template's parts",
          "[reshape]") {
  const auto is_part = [](std::string_view title) {
    return title == "What happened" || title == "Expected";
  };
  const std::string body =
      "**What happened**\n**Steps:**\n1. Save.\n\n**What happened**: it crashed\n\nlater\n"
      "**Expected**: no crash\n**Expected**\n";
  const auto headed = bold_lines_as_headings(body, is_part);
  REQUIRE(headed);
  CHECK(headed->size() == body.size());
  // The label with its answer takes the blank line below it for the answer; a label with no
  // blank line after it stays as written.
  CHECK(*headed ==
        "## What happened \n**Steps:**\n1. Save.\n\n## What happened:\nit crashed  \nlater\n"
        "**Expected**: no crash\n## Expected \n");
  const IssueDocument document = parse_issue(*headed);
  REQUIRE(document.sections.size() == 4);
  CHECK(document.sections[2].position.line == 5);
  CHECK(document.sections[3].position.line == 9);
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
  // "#include" above a dashed line is a setext heading's text, not an ATX heading.
  const IssueDocument setext = parse_issue("### Log\n\n#include <x>\n----\ntext\n");
  REQUIRE(setext.sections.size() == 3);
  const auto escaped =
      headings_as_text(setext, [](const Section& section) { return section.level == 3; });
  REQUIRE(escaped);
  CHECK(*escaped == "### Log\n\n#include <x>\n\\---\ntext\n");
}

TEST_CASE("an HTML heading an issue form did not write becomes text in place", "[reshape]") {
  const std::string body = "### What happened?\n\n<h2>Summary</h2>\n\nIt broke.\n";
  const IssueDocument document = parse_issue(body);
  REQUIRE(document.sections.size() == 3);
  const auto rewritten =
      headings_as_text(document, [](const Section& section) { return section.level == 3; });
  REQUIRE(rewritten);
  CHECK(*rewritten == "### What happened?\n\n<p >Summary</h2>\n\nIt broke.\n");
  const IssueDocument fields = parse_issue(*rewritten);
  REQUIRE(fields.sections.size() == 2);
  REQUIRE(fields.sections[1].prose.size() == 2);
  CHECK(fields.prose[0].text == "Summary");
}
