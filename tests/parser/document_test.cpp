#include "parser/document.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "parser/normalize.h"

using namespace issuelint;

TEST_CASE("sections form a tree under the preamble", "[document]") {
  const IssueDocument doc = parse_issue(
      "intro\n"
      "# 🗄️ **Top**\n"
      "## Child (if applicable)\n"
      "text\n"
      "### Grandchild:\n"
      "## Second\n"
      "# Other top\n");
  REQUIRE(doc.sections.size() == 6);
  CHECK(doc.sections[0].level == 0);
  CHECK(doc.sections[0].parent == kNoIndex);
  CHECK(doc.sections[1].title == "🗄️ Top");
  CHECK(doc.sections[1].display_title == "Top");
  CHECK(doc.sections[1].parent == 0);
  CHECK(doc.sections[1].position == SourcePosition{2, 1});
  CHECK(doc.sections[2].parent == 1);
  CHECK(doc.sections[2].key == "child");
  CHECK(doc.sections[3].parent == 2);
  CHECK(doc.sections[3].position == SourcePosition{5, 1});
  CHECK(doc.sections[4].parent == 1);
  CHECK(doc.sections[5].parent == 0);
  CHECK(std::ranges::equal(doc.sections[1].children, std::vector<int>{2, 4}));
  CHECK(doc.section_path(3) == "Top > Child > Grandchild");
  CHECK(doc.find_section("Child (if applicable)") == 2);
  CHECK(doc.find_section("child") == 2);
  CHECK(doc.find_section("missing") == kNoIndex);
  REQUIRE(doc.prose.size() == 2);
  CHECK(doc.prose[0].section == 0);
  CHECK(doc.prose[1].section == 2);
  CHECK(std::ranges::equal(doc.sections[2].prose, std::vector<int>{1}));
  // content_begin/end cover the section's own lines, up to its first child heading.
  CHECK(doc.text.substr(doc.sections[2].content_begin,
                        doc.sections[2].content_end - doc.sections[2].content_begin) == "text\n");
}

namespace {

// The position of the first byte of `line` (1-based) that is not ' ' or tab, counted from the
// text itself: columns are characters, so a multi-byte character before it counts once.
SourcePosition first_non_blank_of_line(const std::string& text, int line) {
  std::size_t at = 0;
  for (int i = 1; i < line; ++i) at = text.find('\n', at) + 1;
  int column = 1;
  while (text[at] == ' ' || text[at] == '\t') ++at, ++column;
  return {line, column};
}

}  // namespace

// The section path shows a heading as GitHub does: emphasis and code span markers go, what
// CommonMark reads literally stays; keys match however the punctuation is written.
TEST_CASE("a heading's title keeps literal underscores, asterisks and code span text",
          "[document]") {
  const IssueDocument doc = parse_issue(
      "## Impact (`user_id` column)\n"
      "## **Bold** _and_ user_id and 2*3\n"
      "## Upgrade @angular/* packages\n"
      "## 1\xEF\xB8\x8F\xE2\x83\xA3 Migration Overview \xC2\xA9\n");
  REQUIRE(doc.sections.size() == 5);
  CHECK(doc.sections[1].display_title == "Impact (user_id column)");
  CHECK(doc.sections[1].key == "impact user id column");
  CHECK(doc.sections[2].display_title == "Bold and user_id and 2*3");
  CHECK(doc.sections[3].display_title == "Upgrade @angular/* packages");
  CHECK(doc.sections[4].display_title == "Migration Overview");
  CHECK(doc.sections[4].key == "migration overview");
}

TEST_CASE("a heading or table row is placed at its line's first byte that is not a blank",
          "[document]") {
  // Headings and table rows indented by zero to three spaces, after lines with
  // multi-byte characters and on CRLF lines, their text starting with markup, an emoji or a
  // space; each element's line is the one that holds it, its column counted from the text.
  // (A tab in front would make the lines indented code.)
  for (const char* indent : {"", " ", "  ", "   "}) {
    for (const char* line_end : {"\n", "\r\n"}) {
      for (const char* title : {"Title", "**Bold** title", "\xF0\x9F\x9A\x80 Rocket", "`code`"}) {
        const std::string in(indent);
        const std::string end(line_end);
        const std::string body = "\xC3\xA9t\xC3\xA9" + end + end + in + "## " + title + end + end +
                                 in + "| a | " + title + " |" + end + in + "| --- | --- |" + end +
                                 in + "| \xC3\xA9 | c |" + end + end + in + "# " + title + end;
        INFO(body);
        const IssueDocument doc = parse_issue(body);
        REQUIRE(doc.sections.size() == 3);
        CHECK(doc.sections[1].position == first_non_blank_of_line(body, 3));
        CHECK(doc.sections[2].position == first_non_blank_of_line(body, 9));
        std::vector<SourcePosition> rows;
        for (const Prose& prose : doc.prose) {
          if (prose.kind == Prose::Kind::table) rows.push_back(prose.position);
        }
        REQUIRE(rows.size() == 2);
        CHECK(rows[0] == first_non_blank_of_line(body, 5));
        CHECK(rows[1] == first_non_blank_of_line(body, 7));
      }
    }
  }
}

TEST_CASE("a paragraph opening with markup is placed at its first mark", "[document]") {
  // Bold, code, a link, strikethrough, emphasis and their mixes opening a paragraph, a list
  // item or a quote, on a line after multi-byte characters and on CRLF lines: the paragraph's
  // column is the one of its first mark, counted from the text (the marks are one byte each).
  for (const char* line_end : {"\n", "\r\n"}) {
    for (const char* lead : {"", "- ", "> ", "1. ", "  - "}) {
      for (const char* mark : {"**", "`", "[", "~~", "_", "***", "**`", "[**"}) {
        const std::string end(line_end);
        const std::string opening(mark);
        std::string closing(opening.rbegin(), opening.rend());
        if (opening.front() == '[') closing = closing.substr(0, closing.size() - 1) + "](u)";
        const std::string body = "\xC3\xA9t\xC3\xA9 \xF0\x9F\x9A\x80" + end + end + lead + opening +
                                 "w\xC3\xA9rd" + closing + " after" + end;
        INFO(body);
        const IssueDocument doc = parse_issue(body);
        REQUIRE(doc.prose.size() == 2);
        CHECK(doc.prose[1].position ==
              SourcePosition{3, 1 + static_cast<int>(std::string(lead).size())});
      }
    }
  }
}

TEST_CASE("an empty heading still gets its line", "[document]") {
  const IssueDocument doc = parse_issue("para\n\n###\n\nafter\n");
  REQUIRE(doc.sections.size() == 2);
  CHECK(doc.sections[1].position == SourcePosition{3, 1});
  CHECK(doc.sections[1].title.empty());
}

TEST_CASE("an empty heading right under a heading gets its own line, not that heading's",
          "[document]") {
  const IssueDocument doc = parse_issue("## Steps (if applicable)\n\n#\n## ##\n#\n\n    code\n#\n");
  REQUIRE(doc.sections.size() == 6);
  CHECK(doc.sections[1].position == SourcePosition{1, 1});
  CHECK(doc.sections[2].position == SourcePosition{3, 1});
  CHECK(doc.sections[3].position == SourcePosition{4, 1});
  CHECK(doc.sections[4].position == SourcePosition{5, 1});
  CHECK(doc.sections[5].position ==
        SourcePosition{8, 1});  // the code's text ends at its line's end
}

// GitHub starts an HTML block at `<h2>` and shows a heading; md4c 0.4.8 reads a paragraph.
TEST_CASE("a line that is one HTML heading is a section, as GitHub shows it", "[document]") {
  const std::string body =
      "intro\n"
      "<h2>Description</h2>\n"
      "\n"
      "It crashes.\n"
      "\n"
      "  <H3 align=\"center\">Steps <a name=\"steps\"></a></H3>  \r\n"
      "run it\n"
      "<h5>Five</h5>\n"
      "<h6>Six</h6>\n";
  const IssueDocument doc = parse_issue(body);
  REQUIRE(doc.sections.size() == 5);
  CHECK(doc.text == body);  // the document keeps what the author wrote
  CHECK(doc.sections[1].level == 2);
  CHECK(doc.sections[1].title == "Description");
  CHECK(doc.sections[1].position == SourcePosition{2, 1});
  CHECK(doc.sections[2].level == 3);
  CHECK(doc.sections[2].key == "steps");
  CHECK(doc.sections[2].parent == 1);
  CHECK(doc.sections[2].position == SourcePosition{6, 3});
  CHECK(doc.section_path(2) == "Description > Steps");
  CHECK(doc.sections[3].level == 5);
  CHECK(doc.sections[4].level == 6);
  CHECK(doc.sections[4].title == "Six");
  REQUIRE(doc.prose.size() == 3);
  CHECK(doc.prose[0].text == "intro");
  CHECK(doc.prose[1].section == 1);
  CHECK(doc.prose[1].position == SourcePosition{4, 1});
  CHECK(doc.prose[2].text == "run it");
  CHECK(doc.prose[2].section == 2);
  CHECK(doc.prose[2].position == SourcePosition{7, 1});
}

TEST_CASE("an HTML heading in code, a comment, other HTML or with text beside it is no section",
          "[document]") {
  for (const char* body : {
           "```\n<h2>In code</h2>\n```\n",
           "    <h2>Indented code</h2>\n",
           "<!--\n<h2>In a comment</h2>\n-->\n",
           "<details>\n<h2>In HTML</h2>\n</details>\n",
           "<h2>Two</h2><h2>on a line</h2>\n",
           "<h2>Text after</h2> it\n",
           "<h2></h2>\n",
           "<h7>Seven</h7>\n",
           "<h2>Unclosed\n",
           "<h2>Other close</h3>\n",
           "<header>Page</header>\n",
           "> <h2>Quoted</h2>\n",
       }) {
    INFO(body);
    CHECK(parse_issue(body).sections.size() == 1);
  }
  // Closed on its line, a comment hides nothing after it.
  CHECK(parse_issue("<!-- note -->\n<h2>After</h2>\n").sections.size() == 2);
  // The block of raw HTML ends at a blank line.
  CHECK(parse_issue("<details>\n</details>\n\n<h2>After</h2>\n").sections.size() == 2);
}

TEST_CASE("a heading in a quote is quoted text, not a section", "[document]") {
  const IssueDocument doc = parse_issue(
      "## Checklist\n"
      "\n"
      "As the other issue said:\n"
      "\n"
      "> ## Checklist\n"
      "> > ### Deeper\n"
      "\n"
      "## After\n");
  REQUIRE(doc.sections.size() == 3);
  CHECK(doc.sections[1].key == "checklist");
  CHECK(doc.sections[2].key == "after");
  REQUIRE(doc.prose.size() == 3);
  CHECK(doc.prose[1].kind == Prose::Kind::quote);
  CHECK(doc.prose[1].text == "Checklist");
  CHECK(doc.prose[1].section == 1);
  CHECK(doc.prose[1].position == SourcePosition{5, 6});
  CHECK(doc.prose[2].text == "Deeper");
}

TEST_CASE("task-list items become checkboxes with the position of their opening bracket",
          "[document]") {
  const IssueDocument doc = parse_issue(
      "- [ ] one\n"
      "- [x] two\n"
      "\n"
      "+ [X] three\n"
      "1. [x] ordered\n"
      "   - [ ] nested\n"
      "- [] not a box\n");
  REQUIRE(doc.checkboxes.size() == 5);
  CHECK_FALSE(doc.checkboxes[0].checked);
  CHECK(doc.checkboxes[0].position == SourcePosition{1, 3});
  CHECK(doc.checkboxes[1].checked);
  CHECK(doc.checkboxes[2].checked);
  CHECK(doc.checkboxes[2].position == SourcePosition{4, 3});
  CHECK(doc.checkboxes[3].label == "ordered");
  CHECK(doc.checkboxes[3].position == SourcePosition{5, 4});
  CHECK(doc.checkboxes[4].position == SourcePosition{6, 6});
  // One group per list block and nesting level.
  CHECK(doc.checkboxes[0].group == doc.checkboxes[1].group);
  CHECK(doc.checkboxes[2].group != doc.checkboxes[1].group);
  CHECK(doc.checkboxes[3].group != doc.checkboxes[2].group);
  CHECK(doc.checkboxes[4].group != doc.checkboxes[3].group);
  REQUIRE(doc.prose.size() == 1);
  CHECK(doc.prose[0].kind == Prose::Kind::list_item);
  CHECK(doc.prose[0].text == "[] not a box");
}

TEST_CASE("checkbox name is the bold part, else the text before a dash", "[document]") {
  const IssueDocument doc = parse_issue(
      "- [ ] 🆕 **New Table** - Creating a new table\n"
      "- [ ] Plain option - with detail\n"
      "- [ ] Just a label\n");
  REQUIRE(doc.checkboxes.size() == 3);
  CHECK(doc.checkboxes[0].label == "🆕 New Table - Creating a new table");
  CHECK(doc.checkboxes[0].name == "New Table");
  CHECK(doc.checkboxes[0].key == "new table");
  CHECK(normalize_key(doc.checkboxes[0].label) == "new table creating a new table");
  CHECK(doc.checkboxes[1].name == "Plain option");
  CHECK(doc.checkboxes[2].name == "Just a label");
}

// The name keeps a note in parentheses (a template's option may be worded so); the name before
// it is kept beside, for the rules to match an author's note (LintContext::names_option).
TEST_CASE("a box's name before a note in parentheses is kept beside its name", "[document]") {
  const IssueDocument doc = parse_issue(
      "- [x] users (mentor profiles)\n"
      "- [x] Node (LTS) (pinned) - the runtime\n"
      "- [x] **Non-breaking** (additive only)\n"
      "- [ ] f(x)\n");
  REQUIRE(doc.checkboxes.size() == 4);
  CHECK(doc.checkboxes[0].name == "users (mentor profiles)");
  CHECK(doc.checkboxes[0].key == "users mentor profiles");
  CHECK(doc.checkboxes[0].name_before_note == "users");
  CHECK(doc.checkboxes[0].key_before_note == "users");
  CHECK(doc.checkboxes[1].name == "Node (LTS) (pinned)");
  CHECK(doc.checkboxes[1].name_before_note == "Node");
  CHECK(doc.checkboxes[1].key_before_note == "node");
  for (const std::size_t i : {std::size_t{2}, std::size_t{3}}) {  // bold-named; a call
    CHECK(doc.checkboxes[i].name_before_note.empty());
    CHECK(doc.checkboxes[i].key_before_note.empty());
  }
}

TEST_CASE("inline checkboxes on one line form their own group with a lead", "[document]") {
  const IssueDocument doc = parse_issue(
      "- [ ] listed\n"
      "\n"
      "- Related to: [ ] Scheduling / [x] Mentorship / [ ] Other: **\\_\\_**\n"
      "- **Affected Area**: [ ] Web App / [ ] Database\n");
  REQUIRE(doc.checkboxes.size() == 6);
  const Checkbox& scheduling = doc.checkboxes[1];
  CHECK(scheduling.is_inline);
  CHECK(scheduling.lead == "Related to");
  CHECK(scheduling.name == "Scheduling");
  CHECK(scheduling.position == SourcePosition{3, 15});
  CHECK(doc.checkboxes[2].checked);
  CHECK(doc.checkboxes[2].position == SourcePosition{3, 32});
  CHECK(doc.checkboxes[3].name == "Other");
  CHECK(doc.checkboxes[1].group == doc.checkboxes[3].group);
  CHECK(doc.checkboxes[0].group != doc.checkboxes[1].group);
  CHECK(doc.checkboxes[4].lead == "Affected Area");
  CHECK(doc.checkboxes[4].group != doc.checkboxes[1].group);
  CHECK(doc.checkboxes[5].name == "Database");
  CHECK(doc.prose.empty());  // lines of boxes are not prose
}

TEST_CASE("an inline box ticked otherwise than [x] is ticked, as a reader of the issue sees it",
          "[document]") {
  const IssueDocument doc = parse_issue(
      "- Related to: [ x] Scheduling / [x ] Mentorship / [\u2713] Auth / [ \u2714\uFE0F ] Users / "
      "[\u2705] Admin / [ ] Other: **\\_\\_**\n");
  REQUIRE(doc.checkboxes.size() == 6);
  const char* names[] = {"Scheduling", "Mentorship", "Auth", "Users", "Admin", "Other"};
  const int columns[] = {15, 33, 51, 62, 77, 89};
  for (std::size_t i = 0; i < 6; ++i) {
    INFO(i);
    CHECK(doc.checkboxes[i].name == names[i]);
    CHECK(doc.checkboxes[i].lead == "Related to");
    CHECK(doc.checkboxes[i].checked == (i < 5));
    CHECK(doc.checkboxes[i].position == SourcePosition{1, columns[i]});
  }
  REQUIRE(doc.blanks.size() == 1);
  CHECK_FALSE(doc.blanks[0].filled);
}

TEST_CASE("brackets that hold no tick written otherwise are no inline box", "[document]") {
  for (const char* line :
       {"Returns [y] when asked", "a [   x] b", "a [ x  ] b", "a [xx] b", "a [ ] b", "a [\u2713]b",
        "a b[ x] c", "`[ x]` code", "[ x] first on its line", "- [\u2714] meant as a task box"}) {
    const IssueDocument doc = parse_issue(line);
    INFO(line);
    const bool one_box = std::string_view(line) == "a [ ] b";  // a box as written: the control
    CHECK(doc.checkboxes.size() == (one_box ? 1u : 0u));
  }
}

TEST_CASE("a task item whose text holds more boxes becomes one inline group", "[document]") {
  const IssueDocument doc = parse_issue("- [ ] Yes [x] No\n");
  REQUIRE(doc.checkboxes.size() == 2);
  CHECK(doc.checkboxes[0].name == "Yes");
  CHECK(doc.checkboxes[1].name == "No");
  CHECK(doc.checkboxes[1].checked);
  CHECK(doc.checkboxes[0].group == doc.checkboxes[1].group);
  CHECK(doc.checkboxes[1].position == SourcePosition{1, 11});
}

TEST_CASE("a note on the line under a task item is no part of its label") {
  // A label an editor wrapped goes on; a sentence of its own, or a line under a one-word name,
  // is the author's note.
  const IssueDocument doc = parse_issue(
      "## Checklist\n\n"
      "- [x] I have specified testing requirements\n"
      "  Thanks!\n"
      "- [x] bookings\n"
      "  only this table changes\n"
      "- [x] I have planned for\n"
      "  rollback scenarios\n"
      "- [x] Other:\n"
      "  Audit_log\n");
  REQUIRE(doc.checkboxes.size() == 4);
  CHECK(doc.checkboxes[0].label == "I have specified testing requirements");
  CHECK(doc.checkboxes[1].label == "bookings");
  CHECK(doc.checkboxes[2].label == "I have planned for rollback scenarios");
  CHECK(doc.checkboxes[3].label == "Other: Audit_log");  // cut after its colon
}

TEST_CASE("a task item's label is its text, with or without a bracket or a second line",
          "[document]") {
  // One-line items without '[' take a shortcut; the others are split into lines and searched
  // for boxes. Both must give the same kind of box, in the list's one group.
  const IssueDocument doc = parse_issue(
      "- [ ] users\n"
      "- [x] arr[0] **Index** - first\n"
      "- [ ] two words\n"
      "  over lines\n"
      "- [ ] A\n"
      "  [ ] B / [x] C\n"
      "- [ ] last one\r\n");
  REQUIRE(doc.checkboxes.size() == 7);
  const Checkbox& users = doc.checkboxes[0];
  CHECK(users.label == "users");
  CHECK(users.key == "users");
  CHECK_FALSE(users.is_inline);
  CHECK(users.position == SourcePosition{1, 3});
  CHECK(doc.checkboxes[1].checked);
  CHECK(doc.checkboxes[1].label == "arr[0] Index - first");
  CHECK(doc.checkboxes[1].name == "arr[0] Index");           // text before the bold part
  CHECK(doc.checkboxes[2].label == "two words over lines");  // GitHub shows the whole text
  CHECK(doc.checkboxes[3].name == "A");
  CHECK(doc.checkboxes[4].name == "B");
  CHECK(doc.checkboxes[4].is_inline);
  CHECK(doc.checkboxes[4].position == SourcePosition{6, 3});
  CHECK(doc.checkboxes[5].name == "C");
  CHECK(doc.checkboxes[5].checked);
  CHECK(doc.checkboxes[6].label == "last one");
  for (int i : {1, 2, 3, 6}) CHECK(doc.checkboxes[i].group == users.group);
  CHECK(doc.checkboxes[4].group != users.group);
  CHECK(doc.checkboxes[4].group == doc.checkboxes[5].group);
  CHECK(doc.prose.empty());
}

TEST_CASE("a soft break does not split a group of inline boxes", "[document]") {
  // An editor wrapped the line: the boxes on the next line are the same group, with its lead.
  const IssueDocument doc = parse_issue(
      "- Related to: [ ] Scheduling / [ ] Mentorship /\n"
      "  [ ] Authentication / [x] User\n"
      "  Management / [ ] Other: **\\_\\_**\n");
  REQUIRE(doc.checkboxes.size() == 5);
  for (const Checkbox& box : doc.checkboxes) {
    CHECK(box.is_inline);
    CHECK(box.lead == "Related to");
    CHECK(box.group == doc.checkboxes[0].group);
  }
  CHECK(doc.checkboxes[1].name == "Mentorship");
  CHECK(doc.checkboxes[2].position == SourcePosition{2, 3});
  CHECK(doc.checkboxes[3].name == "User Management");  // a label wrapped before its separator
  CHECK(doc.checkboxes[3].checked);
  CHECK(doc.checkboxes[3].position == SourcePosition{2, 24});
  CHECK(doc.checkboxes[4].name == "Other");
  CHECK(doc.checkboxes[4].position == SourcePosition{3, 16});
  REQUIRE(doc.blanks.size() == 1);
  CHECK(doc.blanks[0].position == SourcePosition{3, 27});
  CHECK(doc.prose.empty());
}

TEST_CASE("a line of boxes takes the line of text before it as its lead", "[document]") {
  const IssueDocument doc = parse_issue(
      "- Related to:\r\n"
      "  [x] Scheduling / [ ] Mentorship\r\n"
      "\r\n"
      "Pick what applies.\n"
      "**Environment**:\n"
      "[ ] Local /\n"
      "[x] Staging\n"
      "**Browser**: [ ] Chrome / [ ] Firefox\n"
      "[ ] Safari\n"
      "A closing remark.\n");
  REQUIRE(doc.checkboxes.size() == 7);
  CHECK(doc.checkboxes[0].lead == "Related to");
  CHECK(doc.checkboxes[0].position == SourcePosition{2, 3});
  CHECK(doc.checkboxes[1].group == doc.checkboxes[0].group);
  CHECK(doc.checkboxes[2].lead == "Environment");
  CHECK(doc.checkboxes[3].group == doc.checkboxes[2].group);
  CHECK(doc.checkboxes[3].position == SourcePosition{7, 1});
  // A line with its own lead is a group of its own, which the next line's boxes go on with.
  CHECK(doc.checkboxes[4].lead == "Browser");
  CHECK(doc.checkboxes[4].group != doc.checkboxes[2].group);
  CHECK(doc.checkboxes[6].group == doc.checkboxes[4].group);
  CHECK(doc.checkboxes[6].name == "Safari");
  // The leads are not prose; the other lines of text are.
  REQUIRE(doc.prose.size() == 1);
  CHECK(doc.prose[0].text == "Pick what applies. A closing remark.");
  CHECK(doc.prose[0].position == SourcePosition{4, 1});
}

TEST_CASE("a task item's wrapped label is its whole text, and a blank's fill with it",
          "[document]") {
  const IssueDocument doc = parse_issue(
      "- [x] I have planned for\r\n"
      "  rollback scenarios\r\n"
      "- [x] Other:\n"
      "  audit_log\n"
      "- [ ] A hard  \n"
      "  break and\n"
      "  three lines\n"
      "- [ ] Other:\n"
      "  **\\_\\_**\n"
      "- [x] Parent\n"
      "\n"
      "  A paragraph of its own, not the label.\n"
      "  - [ ] child\n");
  REQUIRE(doc.checkboxes.size() == 6);
  CHECK(doc.checkboxes[0].label == "I have planned for rollback scenarios");
  CHECK(doc.checkboxes[0].key == "i have planned for rollback scenarios");
  CHECK(doc.checkboxes[0].position == SourcePosition{1, 3});
  CHECK(doc.checkboxes[1].name == "Other");
  CHECK(doc.checkboxes[2].label == "A hard break and three lines");
  CHECK(doc.checkboxes[3].label == "Other: __");
  CHECK(doc.checkboxes[4].label == "Parent");
  CHECK(doc.checkboxes[5].label == "child");
  REQUIRE(doc.blanks.size() == 2);
  CHECK(doc.blanks[0].filled);
  CHECK(doc.blanks[0].value == "audit_log");
  CHECK(doc.blanks[0].position == SourcePosition{4, 3});
  CHECK_FALSE(doc.blanks[1].filled);
  CHECK(doc.blanks[1].position == SourcePosition{9, 3});  // the marker, on the label's 2nd line
  REQUIRE(doc.prose.size() == 1);
  CHECK(doc.prose[0].text == "A paragraph of its own, not the label.");
}

TEST_CASE("boxes in code spans are not checkboxes", "[document]") {
  const IssueDocument doc = parse_issue("Write `[ ] x` to add a box.\n");
  CHECK(doc.checkboxes.empty());
}

TEST_CASE("template blanks are found in every spelling", "[document][blank]") {
  const IssueDocument doc = parse_issue(
      "- [ ] Other: **\\_\\_**\n"
      "- [ ] Other: \\_\\_\n"
      "- [ ] Other: __\n"
      "- [ ] Other: ___\n"
      "- [ ] Other: **__**\n"
      "\n"
      "**Name**: \\_\\_\n"
      "\n"
      "__init__ is not a blank, nor is snake_case__name\n");
  REQUIRE(doc.blanks.size() == 6);
  for (int i = 0; i < 5; ++i) {
    CHECK(doc.blanks[i].checkbox == i);
    CHECK(doc.checkboxes[i].blank == i);
    CHECK(doc.blanks[i].lead == "Other:");
    CHECK_FALSE(doc.blanks[i].filled);
    CHECK(doc.blanks[i].position.line == i + 1);
  }
  CHECK(doc.blanks[0].position.column == 14);
  CHECK(doc.blanks[5].checkbox == kNoIndex);
  CHECK(doc.blanks[5].lead == "Name:");
  CHECK(doc.blanks[5].position == SourcePosition{7, 11});
}

// The walker looks for a loose blank only in blocks whose source holds a '_' (remembered from
// block to block): the blank is found wherever it stands in its block, after blocks with and
// without underscores.
TEST_CASE("a blank on a line without a box is found on any line of its block",
          "[document][blank]") {
  const IssueDocument doc = parse_issue(
      "Intro line\n"
      "**Name**: \\_\\_\n"
      "\n"
      "> Owner &amp; team: __\n"
      "\n"
      "- Due: __ and x\n"
      "\n"
      "snake_case here\n"
      "then **Last**: \\_\\_\n"
      "\n"
      "no blank at all\n"
      "**First**: __\n"
      "last line\n");
  const std::vector<std::pair<std::string, SourcePosition>> expected = {
      {"Name:", {2, 11}},
      {"Owner &amp; team:", {4, 21}},
      {"Due:", {6, 8}},
      {"then Last:", {9, 16}},
      {"First:", {12, 12}}};
  REQUIRE(doc.blanks.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    CHECK(doc.blanks[i].lead == expected[i].first);
    CHECK(doc.blanks[i].position == expected[i].second);
  }
}

TEST_CASE("an issue's filled-in Other is a filled blank", "[document][blank]") {
  const IssueDocument doc = parse_issue(
      "- [x] Other: audit_log\n"
      "- [x] Other: **notifications**\n"
      "- [x] Other: **\\_\\_**\n"
      "- [x] Other:\n"
      "- [ ] users\n"
      "- Related to: [ ] A / [x] Other: billing\n");
  REQUIRE(doc.blanks.size() == 5);
  CHECK(doc.blanks[0].filled);
  CHECK(doc.blanks[0].value == "audit_log");
  CHECK(doc.blanks[0].position == SourcePosition{1, 14});
  CHECK(doc.blanks[1].value == "notifications");
  CHECK_FALSE(doc.blanks[2].filled);
  CHECK_FALSE(doc.blanks[3].filled);
  CHECK(doc.checkboxes[4].blank == kNoIndex);
  CHECK(doc.blanks[4].value == "billing");
  CHECK(doc.blanks[4].checkbox == 6);
}

TEST_CASE("fenced code keeps info, language, position and offsets", "[document][code]") {
  const std::string body = "# T\n\n```SQL  extra\nSELECT 1;\n\n  x\n```\n";
  const IssueDocument doc = parse_issue(body);
  REQUIRE(doc.code_blocks.size() == 1);
  const CodeBlock& code = doc.code_blocks[0];
  CHECK(code.info == "SQL  extra");
  CHECK(code.language == "sql");
  CHECK(code.fenced);
  CHECK(code.content == "SELECT 1;\n\n  x\n");
  CHECK(code.position == SourcePosition{3, 1});
  CHECK(code.content_line == 4);
  CHECK(code.content_offset == body.find("SELECT"));
  CHECK(code.offset_in_text(code.content.find('x')) == body.find("  x") + 2);
  CHECK(code.section == 1);
}

TEST_CASE("code offsets stay exact in a CRLF body", "[document][code]") {
  const std::string body = "# T\r\n\r\n```sql\r\nSELECT 1;\r\nSELECT bad;\r\n```\r\n";
  const IssueDocument doc = parse_issue(body);
  REQUIRE(doc.code_blocks.size() == 1);
  const CodeBlock& code = doc.code_blocks[0];
  CHECK(code.content == "SELECT 1;\nSELECT bad;\n");  // md4c's '\n' line ends
  CHECK(code.content_offset == body.find("SELECT 1"));
  const std::size_t bad = code.content.find("bad");
  CHECK(code.offset_in_text(bad) == body.find("bad"));
  CHECK(doc.position_of(code.offset_in_text(bad)) == SourcePosition{5, 8});
}

TEST_CASE("code inside a list item maps through its indentation", "[document][code]") {
  const std::string body = "- item\n\n  ```\n  a\n  b\n  ```\n";
  const IssueDocument doc = parse_issue(body);
  REQUIRE(doc.code_blocks.size() == 1);
  const CodeBlock& code = doc.code_blocks[0];
  CHECK(code.content == "a\nb\n");
  CHECK(code.position == SourcePosition{3, 3});
  CHECK(code.offset_in_text(2) == body.find("b\n"));
}

// md4c hands a code line's indentation over as spaces, a tab as up to 4 of them: the line must
// still start on its own line in the body, not the tab's columns back (on the fence line).
TEST_CASE("a code line indented with tabs starts on its own line", "[document][code]") {
  for (const std::string indent : {"\t", "  \t", "\t\t", " \t ", "    "}) {
    INFO("indentation '" << indent << "'");
    const std::string body =
        "# T\n\n```sql\n" + indent + "DROP TABLE users;\n" + indent + "SELECT 1;\n```\n";
    const IssueDocument doc = parse_issue(body);
    REQUIRE(doc.code_blocks.size() == 1);
    const CodeBlock& code = doc.code_blocks[0];
    CHECK(code.content_offset == body.find(indent + "DROP"));
    REQUIRE(code.line_offsets.size() == 2);
    CHECK(code.line_offsets[1] == body.find(indent + "SELECT"));
  }
  // In a list item or a block quote, the line starts on its own line, among its blanks (a tab
  // there may stand for the container's last columns too: either byte is white space to SQL).
  for (const std::string body :
       {"- item\n\n  ```sql\n  \tDROP TABLE users;\n  ```\n",
        "> ```sql\n> \tDROP TABLE users;\n> ```\n", ">```sql\n>\t\tDROP TABLE users;\n>```\n"}) {
    INFO(body);
    const IssueDocument doc = parse_issue(body);
    REQUIRE(doc.code_blocks.size() == 1);
    const std::size_t offset = doc.code_blocks[0].content_offset;
    const std::size_t drop = body.find("DROP");
    CHECK(doc.position_of(offset).line == doc.position_of(drop).line);
    REQUIRE(offset <= drop);
    CHECK(body.find_first_not_of(" \t", offset) == drop);
  }
}

TEST_CASE("indented and empty code blocks", "[document][code]") {
  const IssueDocument doc =
      parse_issue("para\n\n    indented\n    code\n\n```\n```\n\n~~~\n\n~~~\n");
  REQUIRE(doc.code_blocks.size() == 3);
  CHECK_FALSE(doc.code_blocks[0].fenced);
  CHECK(doc.code_blocks[0].language.empty());
  CHECK(doc.code_blocks[0].content == "indented\ncode\n");
  CHECK(doc.code_blocks[0].position == SourcePosition{3, 5});
  CHECK(doc.code_blocks[1].content.empty());
  CHECK(doc.code_blocks[1].position == SourcePosition{6, 1});
  CHECK(doc.code_blocks[2].position == SourcePosition{9, 1});
  CHECK(doc.code_blocks[2].content_line == 10);
}

TEST_CASE("code blocks in a row keep only their own content and line starts", "[document][code]") {
  // The walker gathers each block in buffers kept from block to block: a long block (past the
  // buffer's first size), a short one, an empty one, an indented one, one in a list and one
  // nested deeper than the usual depth must each come out as if read alone.
  std::string long_sql;
  for (int i = 0; i < 40; ++i) long_sql += "SELECT " + std::to_string(i) + " FROM audit_log;\n";
  std::string nested;
  for (int depth = 0; depth < 12; ++depth) nested += std::string(depth * 2, ' ') + "- level\n";
  const std::string deep_indent(24, ' ');
  nested += "\n" + deep_indent + "```\n" + deep_indent + "deep 1\n" + deep_indent + "deep 2\n" +
            deep_indent + "```\n";
  const std::string body =
      "# T\n\n```sql\n" + long_sql + "```\n\n```\nshort\n```\n\n```\n```\n\n" +
      "para\n\n    indented\n    code\n\n- item\n\n  ```\n  a\n  b\n  ```\n\n" + nested;
  const IssueDocument doc = parse_issue(body);
  REQUIRE(doc.code_blocks.size() == 6);
  const std::vector<std::string> contents = {long_sql,           "short\n", "",
                                             "indented\ncode\n", "a\nb\n",  "deep 1\ndeep 2\n"};
  for (std::size_t i = 0; i < contents.size(); ++i) {
    const CodeBlock& code = doc.code_blocks[i];
    CAPTURE(i);
    CHECK(code.content == contents[i]);
    // Every content line starts where its text stands in the source.
    REQUIRE(code.line_offsets.size() ==
            static_cast<std::size_t>(std::count(code.content.begin(), code.content.end(), '\n')));
    std::size_t line_begin = 0;
    for (std::size_t offset : code.line_offsets) {
      const std::size_t line_end = code.content.find('\n', line_begin);
      CHECK(body.compare(offset, line_end - line_begin, code.content, line_begin,
                         line_end - line_begin) == 0);
      line_begin = line_end + 1;
    }
  }
  CHECK(doc.code_blocks[0].language == "sql");
  CHECK(doc.code_blocks[1].language.empty());
  CHECK(doc.code_blocks[1].info.empty());
  CHECK(doc.code_blocks[2].fenced);
  CHECK_FALSE(doc.code_blocks[3].fenced);
  CHECK(doc.code_blocks[3].content_line == doc.code_blocks[3].position.line);
}

TEST_CASE("prose covers paragraphs, list items, quotes and table rows", "[document]") {
  const IssueDocument doc = parse_issue(
      "A **bold**\nparagraph.\n"
      "\n"
      "- **Blocked by**: issues\n"
      "\n"
      "> quoted\n"
      "\n"
      "| a | b |\n"
      "|---|---|\n"
      "| 1 | 2 |\n"
      "\n"
      "_No response_\n");
  REQUIRE(doc.prose.size() == 6);
  CHECK(doc.prose[0].text == "A bold paragraph.");
  CHECK(doc.prose[0].position == SourcePosition{1, 1});
  CHECK(doc.prose[1].kind == Prose::Kind::list_item);
  CHECK(doc.prose[1].text == "Blocked by: issues");
  CHECK(doc.prose[1].position == SourcePosition{4, 3});
  CHECK(doc.prose[2].kind == Prose::Kind::quote);
  CHECK(doc.prose[2].position == SourcePosition{6, 3});
  CHECK(doc.prose[3].kind == Prose::Kind::table);
  CHECK(doc.prose[3].text == "a | b");
  CHECK(doc.prose[4].text == "1 | 2");
  CHECK(doc.prose[4].position == SourcePosition{10, 1});
  CHECK(doc.prose[5].text == "No response");
  CHECK(doc.prose[5].key == "no response");
}

TEST_CASE("HTML comments are recorded and kept out of prose", "[document]") {
  const IssueDocument doc = parse_issue(
      "<!-- block\ncomment -->\n\ntext <!-- inline --> after\n\n# H\n<!-- under H -->\n");
  REQUIRE(doc.comments.size() == 3);
  CHECK(doc.comments[0].text == "<!-- block\ncomment -->");
  CHECK(doc.comments[0].position == SourcePosition{1, 1});
  CHECK(doc.comments[1].position == SourcePosition{4, 6});
  CHECK(doc.comments[2].section == 1);
  REQUIRE(doc.prose.size() == 1);
  CHECK(doc.prose[0].text == "text after");
  CHECK(std::ranges::equal(doc.sections[1].comments, std::vector<int>{2}));
}

TEST_CASE("text after a comment closed on a later line is all a block of HTML shows",
          "[document]") {
  const IssueDocument doc = parse_issue(
      "<!-- guidance\nspans lines --> my answer\n\n<details>\n<!-- a\nb --> shown <!-- c -->\n"
      "</details>\n");
  REQUIRE(doc.prose.size() == 2);
  CHECK(doc.prose[0].text == "my answer");
  CHECK(doc.prose[1].text == "shown");
  CHECK(doc.comments.size() == 3);
}

TEST_CASE("a numeric character reference is the character GitHub shows", "[document]") {
  const IssueDocument doc =
      parse_issue("## Caf&#233; &#x41;&#X42; &amp; &#0; &#xD800;\n\n- [x] &#8212; dash\n");
  REQUIRE(doc.sections.size() == 2);
  CHECK(doc.sections[1].title == "Caf\u00E9 AB & \uFFFD \uFFFD");
  REQUIRE(doc.checkboxes.size() == 1);
  CHECK(doc.checkboxes[0].label == "\u2014 dash");
}

TEST_CASE("a comment on a heading's line is that heading's section's", "[document]") {
  for (const char* body :
       {"## A\n\n## B <!-- optional -->\n\ntext\n", "## A\n\nB <!-- optional -->\n---\n\ntext\n",
        "## A\n\n<h2>B <!-- optional --></h2>\n\ntext\n"}) {
    const IssueDocument doc = parse_issue(body);
    INFO(body);
    REQUIRE(doc.sections.size() == 3);
    REQUIRE(doc.comments.size() == 1);
    CHECK(doc.comments[0].section == 2);
    CHECK(doc.sections[1].comments.empty());
    CHECK(std::ranges::equal(doc.sections[2].comments, std::vector<int>{0}));
  }
}

TEST_CASE("empty() sees only white space and comments", "[document]") {
  CHECK(parse_issue("").empty());
  CHECK(parse_issue("  \r\n\t\n").empty());
  CHECK(parse_issue("<!-- only a comment -->\n\n<!-- another -->").empty());
  CHECK_FALSE(parse_issue("<!-- c --> x").empty());
  CHECK_FALSE(parse_issue("#").empty());
}

TEST_CASE("empty() sees characters that show nothing as white space", "[document]") {
  CHECK(parse_issue("\u00A0\n").empty());                                   // no-break space
  CHECK(parse_issue(std::string_view("\0", 1)).empty());                    // a NUL, replaced
  CHECK(parse_issue("\x80\xBF\n").empty());                                 // not UTF-8, replaced
  CHECK(parse_issue("\u200B\u200D\uFEFF \u3000<!-- c -->\u2028").empty());  // zero-width
  CHECK_FALSE(parse_issue("\u00A0x").empty());
  CHECK_FALSE(parse_issue("\u00E9").empty());
  CHECK_FALSE(parse_issue("\u200B\U0001F389").empty());  // an emoji shows
}

namespace {

// The indices of the elements whose own section is `section`, found by looking at every one.
template <typename Element>
std::vector<int> indices_in(const std::vector<Element>& elements, int section) {
  std::vector<int> indices;
  for (std::size_t i = 0; i < elements.size(); ++i) {
    if (elements[i].section == section) indices.push_back(static_cast<int>(i));
  }
  return indices;
}

// Every Markdown body under the fixtures: drafts, templates and the discuno set.
std::vector<std::string> fixture_markdown_bodies() {
  std::vector<std::string> bodies;
  const std::filesystem::path root(ISSUELINT_SOURCE_DIR);
  for (const char* folder : {"fixtures/issues", "fixtures/templates", "fixtures/discuno"}) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root / folder)) {
      if (entry.path().extension() != ".md") continue;
      std::ifstream in(entry.path(), std::ios::binary);
      std::stringstream body;
      body << in.rdbuf();
      bodies.push_back(body.str());
    }
  }
  return bodies;
}

}  // namespace

TEST_CASE("a section's element runs hold exactly the elements that name it, in every fixture",
          "[document]") {
  std::vector<std::string> bodies = fixture_markdown_bodies();
  // The walker takes each section's runs as its heading ends the one before: sections with and
  // without elements of each kind, elements before the first heading, in a heading's own line
  // (a comment) and after the last, empty headings in a row, and a body of no heading at all.
  const std::string_view parts[] = {
      "- [ ] a\n- [x] b\n", "text\n", "```sql\nx\n```\n", "Name: __\n", "<!-- c -->\n",
      "> quote\n",          "\n"};
  std::mt19937 random(5);
  for (int n = 0; n < 300; ++n) {
    std::string body;
    for (int i = static_cast<int>(random() % 30); i > 0; --i) {
      if (random() % 3 == 0) {
        body += std::string(1 + random() % 3, '#') + " H" + std::to_string(i) +
                (random() % 5 == 0 ? " <!-- in -->" : "") + "\n";
      } else {
        body += parts[random() % std::size(parts)];
      }
    }
    bodies.push_back(body);
  }
  std::size_t elements = 0;
  for (const std::string& body : bodies) {
    const IssueDocument doc = parse_issue(body);
    INFO(body);
    for (int s = 0; s < static_cast<int>(doc.sections.size()); ++s) {
      const Section& section = doc.sections[static_cast<std::size_t>(s)];
      REQUIRE(std::ranges::equal(section.checkboxes, indices_in(doc.checkboxes, s)));
      REQUIRE(std::ranges::equal(section.code_blocks, indices_in(doc.code_blocks, s)));
      REQUIRE(std::ranges::equal(section.prose, indices_in(doc.prose, s)));
      REQUIRE(std::ranges::equal(section.blanks, indices_in(doc.blanks, s)));
      REQUIRE(std::ranges::equal(section.comments, indices_in(doc.comments, s)));
      elements += section.checkboxes.size() + section.code_blocks.size() + section.prose.size() +
                  section.blanks.size() + section.comments.size();
    }
  }
  CHECK(elements > 5000);
}

namespace {

// The definition: the sections that name `parent` as theirs, in order.
std::vector<int> sections_under(const IssueDocument& doc, int parent) {
  std::vector<int> children;
  for (int i = 0; i < static_cast<int>(doc.sections.size()); ++i) {
    if (doc.sections[static_cast<std::size_t>(i)].parent == parent) children.push_back(i);
  }
  return children;
}

}  // namespace

// locate_code counts a fence's column itself (only ' ', tab and '>' precede its marker on the
// line); the line index's own count is the definition it must give.
TEST_CASE("a fenced block is placed where the line index places its fence marker", "[document]") {
  std::vector<std::string> bodies = fixture_markdown_bodies();
  bodies.push_back("> ```sql\n> SELECT 1;\n> ```\n");
  bodies.push_back("- item\n\n   >  ```ts\n   >  x\n   >  ```\n");
  bodies.push_back("text\r\n\t```\r\ncode\r\n\t```\r\n");
  bodies.push_back("```\n");
  bodies.push_back("```sql");
  bodies.push_back("1. a\n   ```\n   b\n   ```");
  std::size_t fences = 0;
  for (const std::string& body : bodies) {
    const IssueDocument doc = parse_issue(body);
    for (const CodeBlock& code : doc.code_blocks) {
      if (!code.fenced) continue;
      const int line = code.content_line - 1;
      const std::size_t begin = doc.lines.line_start(line);
      const std::size_t marker = doc.text.find_first_not_of(" \t>", begin);
      const SourcePosition expected = doc.position_of(marker == std::string::npos ? begin : marker);
      INFO(body.substr(0, 80));
      CHECK(code.position == expected);
      ++fences;
    }
  }
  CHECK(fences > 20);
}

TEST_CASE("a section's children are the sections that name it as parent, in order", "[document]") {
  std::vector<std::string> bodies = fixture_markdown_bodies();
  // Headings of random levels (deep, shallow, skipped levels), more sections than parse_issue
  // makes room for (256), none, and only the preamble's text.
  std::mt19937 random(7);
  for (const int headings : {0, 1, 2, 9, 255, 256, 257, 600}) {
    std::string body = "intro\n";
    for (int i = 0; i < headings; ++i) {
      body += std::string(1 + random() % 6, '#') + " Heading " + std::to_string(i) + "\ntext\n";
    }
    bodies.push_back(body);
  }
  bodies.push_back("");
  std::size_t children = 0;
  for (const std::string& body : bodies) {
    // Read from a copy once the document it was copied from is gone: the views live in the
    // arena the copies share.
    IssueDocument copy;
    {
      const IssueDocument original = parse_issue(body);
      copy = original;
    }
    for (int s = 0; s < static_cast<int>(copy.sections.size()); ++s) {
      const ElementIndices& under = copy.sections[static_cast<std::size_t>(s)].children;
      REQUIRE(std::ranges::equal(under, sections_under(copy, s)));
      REQUIRE(under.empty() == (under.size() == 0));
      children += under.size();
    }
  }
  CHECK(children > 1000);
}

namespace {

// Every field of a document but its arena, as text: two parses compare equal field by field.
std::string described(const IssueDocument& document) {
  std::ostringstream out;
  const auto at = [](SourcePosition position) {
    return std::to_string(position.line) + ":" + std::to_string(position.column);
  };
  for (const Section& section : document.sections) {
    out << "S" << section.level << '|' << section.title << '|' << section.display_title << '|'
        << section.key << '|' << section.parent << '|' << at(section.position) << '|'
        << section.content_begin << '|' << section.content_end << '|' << section.children.size()
        << '\n';
  }
  for (const Checkbox& box : document.checkboxes) {
    out << "B" << box.checked << '|' << box.label << '|' << box.name << '|' << box.key << '|'
        << box.section << '|' << box.group << '|' << box.is_inline << '|' << box.lead << '|'
        << box.blank << '|' << at(box.position) << '\n';
  }
  for (const Blank& blank : document.blanks) {
    out << "K" << blank.section << '|' << blank.checkbox << '|' << blank.lead << '|' << blank.filled
        << '|' << blank.value << '|' << at(blank.position) << '\n';
  }
  for (const CodeBlock& code : document.code_blocks) {
    out << "C" << code.info << '|' << code.language << '|' << code.content << '|' << code.fenced
        << '|' << code.section << '|' << at(code.position) << '|' << code.content_line << '|'
        << code.content_offset << '|';
    for (std::size_t offset : code.line_offsets) out << offset << ',';
    out << '\n';
  }
  for (const Prose& prose : document.prose) {
    out << "P" << static_cast<int>(prose.kind) << '|' << prose.text << '|' << prose.key << '|'
        << prose.section << '|' << at(prose.position) << '\n';
  }
  for (const HtmlComment& comment : document.comments) {
    out << "H" << comment.text << '|' << comment.section << '|' << at(comment.position) << '\n';
  }
  for (const ParseNote& note : document.notes) {
    out << "N" << note.message << '|' << at(note.position) << '\n';
  }
  return out.str();
}

}  // namespace

// The walker keeps its buffers (open blocks' text, the open code block, scratch) from body to
// body on each thread: what one body left in them must not reach the next. Each body parses on
// this thread after every other body, as on a new thread whose buffers are fresh.
TEST_CASE("a body parses alike whatever the thread parsed before it", "[parser]") {
  std::vector<std::string> bodies = fixture_markdown_bodies();
  REQUIRE(bodies.size() > 50);
  // Bodies that leave much behind: deep nesting, open code, tables, long paragraphs.
  bodies.push_back(std::string(100, '>') + " deep\n" + std::string(80, '-') + " [ ] box\n");
  bodies.push_back("| a | **b** |\n|---|---|\n| [ ] x | y |\n\n```sql\n" + std::string(4000, 'x') +
                   "\n");
  bodies.push_back("- [ ] a\n  - [x] **b** - c\n    > quote [ ] d\n\n    ```\n    code\n");
  bodies.push_back(std::string(300000, 'w') + "\n\n# big\n");  // past what the buffers keep
  std::vector<std::string> fresh(bodies.size());
  std::thread([&] {
    for (std::size_t i = 0; i < bodies.size(); ++i) {
      std::thread([&, i] { fresh[i] = described(parse_issue(bodies[i])); }).join();
    }
  }).join();
  for (int round = 0; round < 2; ++round) {
    for (std::size_t i = 0; i < bodies.size(); ++i) {
      const std::size_t at = round == 0 ? i : bodies.size() - 1 - i;
      INFO("body " << at);
      REQUIRE(described(parse_issue(bodies[at])) == fresh[at]);
    }
  }
}

TEST_CASE("boxes of a list nested in a labelled item take its label as their lead") {
  const IssueDocument document = parse_issue(
      "- Related to:\n  - [ ] Scheduling\n  - [x] Mentorship\n\n"
      "- [ ] Parent task\n  - [ ] child task\n\n- [ ] top level\n");
  REQUIRE(document.checkboxes.size() == 5);
  CHECK(document.checkboxes[0].lead == "Related to");
  CHECK(document.checkboxes[1].lead == "Related to");
  CHECK(document.checkboxes[1].checked);
  CHECK_FALSE(document.checkboxes[1].is_inline);  // a list, not one line of boxes
  CHECK(document.checkboxes[2].lead.empty());     // the parent is a task itself
  CHECK(document.checkboxes[3].lead.empty());
  CHECK(document.checkboxes[4].lead.empty());
  // A tight list: the item's label is its direct text.
  const IssueDocument tight = parse_issue("- Related to:\n  - [x] Mentorship\n  - [ ] Other\n");
  REQUIRE(tight.checkboxes.size() == 2);
  CHECK(tight.checkboxes[0].lead == "Related to");
  CHECK(tight.checkboxes[1].lead == "Related to");
}
