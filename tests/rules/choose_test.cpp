// choose: how many boxes of one group must be ticked, for task lists and inline groups.
#include "tests/rules/rule_test_support.h"

using namespace issuelint;
using namespace issuelint::testing;

namespace {

const char* const kAtLeastOne =
    "id: migration-type-chosen\nkind: choose\nsection: Migration Type\nmin: 1\n";
const char* const kExactlyOne =
    "id: impact-choice\nkind: choose\nsection: Breaking Changes Impact\nexactly: 1\n";

const char* const kImpact =
    "## Breaking Changes Impact\n\n"
    "- [%] **Non-breaking** - Additive changes only\n"
    "- [%] **Potentially breaking** - Changes existing behaviour\n"
    "- [%] **Breaking** - Will require application code changes\n";

// kImpact with its three boxes set to `ticks` ("x x" style: one char per box).
std::string impact(std::string_view ticks) {
  std::string text = kImpact;
  for (char tick : ticks) text.replace(text.find('%'), 1, 1, tick);
  return text;
}

}  // namespace

TEST_CASE("choose min 1 fires at the first box when nothing is ticked") {
  const std::string draft =
      "## Migration Type\n\n- [ ] 🆕 **New Table** - Creating a new table\n"
      "- [ ] **Schema Update** - Modifying\n";
  const auto findings = run_rule(kAtLeastOne, draft);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].rule == "migration-type-chosen");
  CHECK(findings[0].severity == Severity::error);
  CHECK(findings[0].section == "Migration Type");
  CHECK(findings[0].line == 3);
  CHECK(findings[0].column == 3);
  CHECK(findings[0].message == "no option is ticked under 'Migration Type'");
  CHECK(findings[0].help == "tick at least 1 of: 'New Table', 'Schema Update'");
  CHECK(run_rule(kAtLeastOne, "## Migration Type\n\n- [ ] **A**\n* [X] **B**\n").empty());
}

TEST_CASE("choose exactly 1 fires on none and on two, not on one") {
  auto findings = run_rule(kExactlyOne, impact("x x"));
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].message ==
        "2 options are ticked under 'Breaking Changes Impact', expected exactly 1");
  CHECK(findings[0].help ==
        "tick exactly 1 of: 'Non-breaking', 'Potentially breaking', 'Breaking'");
  findings = run_rule(kExactlyOne, impact("   "));
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].message == "no option is ticked under 'Breaking Changes Impact'");
  CHECK(run_rule(kExactlyOne, impact("  x")).empty());
  CHECK(run_rule(kExactlyOne, impact(" x ")).empty());
}

TEST_CASE("choose max alone allows none and says 'at most'") {
  const char* const rule =
      "id: at-most-one\nkind: choose\nsection: Breaking Changes Impact\n"
      "min: 0\nmax: 1\nseverity: warning\n";
  CHECK(run_rule(rule, impact("   ")).empty());
  const auto findings = run_rule(rule, impact("xxx"));
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].severity == Severity::warning);
  CHECK(findings[0].message ==
        "3 options are ticked under 'Breaking Changes Impact', expected at most 1");
}

TEST_CASE("choose between min and max") {
  const char* const rule =
      "id: two-or-three\nkind: choose\nsection: Breaking Changes Impact\nmin: 2\nmax: 3\n";
  CHECK(run_rule(rule, impact("xx ")).empty());
  const auto findings = run_rule(rule, impact("x  "));
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].message ==
        "1 options are ticked under 'Breaking Changes Impact', expected between 2 and 3");
}

TEST_CASE("choose over an inline group picks it by its lead text") {
  const char* const rule =
      "id: feature-context-chosen\nkind: choose\nsection: Feature Context\nlead: Related to\n";
  const std::string unticked =
      "## Feature Context\n\n**What feature needs this?**\n\n"
      "- Related to: [ ] Scheduling / [ ] Mentorship / [ ] Other: **\\_\\_**\n\n"
      "- [x] An unrelated list box\n";
  const auto findings = run_rule(rule, unticked);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].line == line_of(unticked, "- Related to"));
  CHECK(findings[0].message == "no option is ticked under 'Related to' in 'Feature Context'");
  CHECK(findings[0].help == "tick at least 1 of: 'Scheduling', 'Mentorship', 'Other'");
  const std::string ticked =
      "## Feature Context\n\n- Related to: [ ] Scheduling / [x] Mentorship / [ ] Other: "
      "**\\_\\_**\n";
  CHECK(run_rule(rule, ticked).empty());
}

TEST_CASE("choose with options counts only those boxes") {
  const char* const rule =
      "id: only-two\nkind: choose\nsection: Breaking Changes Impact\n"
      "options: [Non-breaking, Breaking]\nexactly: 1\n";
  // 'Potentially breaking' is not one of the options: ticking it does not count.
  const auto findings = run_rule(rule, impact(" x "));
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].help == "tick exactly 1 of: 'Non-breaking', 'Breaking'");
  CHECK(run_rule(rule, impact("xx ")).empty());
}

TEST_CASE("choose looks into sub-sections only when asked") {
  const std::string draft =
      "## Schema Changes\n\n### Tables Affected\n\n- [x] users\n- [ ] events\n";
  const char* const flat = "id: tables\nkind: choose\nsection: Schema Changes\n";
  const char* const deep =
      "id: tables\nkind: choose\nsection: Schema Changes\ninclude_subsections: true\n";
  const auto findings = run_rule(flat, draft);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].message ==
        "the options under 'Schema Changes' are missing: restore them from the template");
  CHECK(findings[0].line == 1);
  CHECK(run_rule(deep, draft).empty());
}

// "- **Environment**: Production": an inline line answered in words has lost its boxes. Each
// group of the section is its own finding, at its line, with the options to tick.
TEST_CASE("choose names the inline group whose boxes are gone, at its line") {
  const std::string draft =
      "## Environment\n\n- **Affected Area**: Scheduling\n- **Browser**: Firefox\n"
      "- **Environment**: Production\n";
  const char* const area =
      "id: c\nkind: choose\nsection: Environment\nlead: Affected Area\n"
      "options: [Web App, Scheduling]\n";
  const char* const environment =
      "id: c\nkind: choose\nsection: Environment\nlead: Environment\n"
      "options: [Local, Production]\n";
  auto findings = run_rule(area, draft);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].message ==
        "the options of 'Affected Area' in 'Environment' are missing: restore them from the "
        "template");
  CHECK(findings[0].line == 3);
  CHECK(findings[0].help == "restore its boxes and tick at least 1 of: 'Web App', 'Scheduling'");
  findings = run_rule(environment, draft);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].line == 5);
  // Its boxes there, the group is judged as ever.
  CHECK(run_rule(environment, "## Environment\n\n- **Environment**: [ ] Local / [x] Production\n")
            .empty());
}

TEST_CASE("choose finds its section by path, and reports a missing one once as info") {
  const char* const rule = "id: tables\nkind: choose\nsection: Schema Changes > Tables Affected\n";
  const std::string draft = "## Schema Changes\n\n### Tables Affected\n\n- [ ] users\n";
  const auto findings = run_rule(rule, draft);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].section == "Schema Changes > Tables Affected");
  CHECK(findings[0].line == 5);
  require_cannot_check(run_rule(rule, "## Schema Changes\n\nnone\n"), "tables",
                       "Schema Changes > Tables Affected");
}

TEST_CASE("choose rejects contradictory bounds and wrong types, naming the line") {
  auto rule = try_rule("id: x\nkind: choose\nsection: A\nmin: 3\nmax: 1\n");
  REQUIRE_FALSE(rule.ok());
  CHECK(rule.error().message == "'max' is smaller than 'min'");
  rule = try_rule("id: x\nkind: choose\nsection: A\nmin: many\n");
  REQUIRE_FALSE(rule.ok());
  CHECK(rule.error().where.find("test.yml:4:") == 0);
  rule = try_rule("id: x\nkind: choose\nsection: A\nmax: -1\n");
  REQUIRE_FALSE(rule.ok());
  CHECK(rule.error().message == "'max' cannot be negative");
  CHECK(rule.error().where == "test.yml:4:6");
  REQUIRE_FALSE(try_rule("id: x\nkind: choose\n").ok());
  REQUIRE_FALSE(try_rule("id: x\nkind: choose\nsection: A\ninclude_subsections: maybe\n").ok());
}

TEST_CASE("choose refuses 'exactly' beside 'min' or 'max', and names the default 'min'") {
  for (const char* other : {"min: 2\n", "max: 3\n"}) {
    auto rule = try_rule(std::string("id: x\nkind: choose\nsection: A\nexactly: 1\n") + other);
    REQUIRE_FALSE(rule.ok());
    CHECK(rule.error().where == "test.yml:4:10");
    CHECK_THAT(rule.error().message, Catch::Contains("'exactly' sets both bounds"));
  }
  auto rule = try_rule("id: x\nkind: choose\nsection: A\nmax: 0\n");
  REQUIRE_FALSE(rule.ok());
  CHECK(rule.error().message == "'max' is smaller than the default 'min' of 1 (set 'min: 0')");
  CHECK(rule.error().where == "test.yml:4:6");
  CHECK(try_rule("id: x\nkind: choose\nsection: A\nmin: 0\nmax: 0\n").ok());
}

TEST_CASE("choose, exclusive and all-ticked refuse an empty section or option at its line") {
  for (const char* entry :
       {"id: x\nkind: choose\nsection: ''\n", "id: x\nkind: all-ticked\nsection: ' '\n",
        "id: x\nkind: exclusive\nsection: ''\noption: O\n",
        "id: x\nkind: exclusive\nsection: A\noption: ''\n"}) {
    INFO(entry);
    auto rule = try_rule(entry);
    REQUIRE_FALSE(rule.ok());
    CHECK_THAT(rule.error().message, Catch::Contains("is empty: name the"));
    CHECK(rule.error().where.starts_with("test.yml:"));
  }
  auto rule = try_rule("id: x\nkind: exclusive\nsection: [A]\noption: O\n");
  REQUIRE_FALSE(rule.ok());
  CHECK(rule.error().message == "'section' must be a string");
  rule = try_rule("id: x\nkind: exclusive\nsection: A\n");
  REQUIRE_FALSE(rule.ok());
  CHECK(rule.error().message == "exclusive needs 'option'");
}

// An option's name is the text before " - " or ": " when it has no bold; a note in parentheses
// after it leaves it the same option.
TEST_CASE("choose counts an option with a note in parentheses as that option") {
  const char* const rule =
      "id: impact-choice\nkind: choose\nsection: Breaking Changes Impact\nexactly: 1\n"
      "options: [Non-breaking, Potentially breaking, Breaking]\n";
  const std::string plain =
      "## Breaking Changes Impact\n\n- [%] Non-breaking\n- [%] Potentially breaking\n"
      "- [%] Breaking\n";
  const auto with = [&](std::string_view ticks, std::string_view note) {
    std::string text = plain;
    for (char tick : ticks) text.replace(text.find('%'), 1, 1, tick);
    if (!note.empty())
      text.insert(text.find("- [x]") + text.substr(text.find("- [x]")).find('\n'), note);
    return text;
  };
  CHECK(run_rule(rule, with("x  ", " (additive only)")).empty());
  CHECK(run_rule(rule, with(" x ", " (renames a column)")).empty());
  CHECK(run_rule(rule, with("  x", " (drops `users.bio`) (reviewed)")).empty());
  CHECK(run_rule(rule, with("x  ", " - additive only")).empty());
  const auto findings = run_rule(rule, with("   ", ""));
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].line == 3);  // the first option, not the next one after a noted box
  // Not a note: glued to the name, or the whole text.
  CHECK(run_rule(rule, with("x  ", "(additive)")).size() == 1);
}

TEST_CASE("choose matches a template option worded with parentheses by its whole text") {
  const IssueTemplate issue_template =
      make_template("## Runtime\n\n- [ ] Node (LTS)\n- [ ] Node (current)\n- [ ] Deno\n");
  const char* const rule =
      "id: runtime-choice\nkind: choose\nsection: Runtime\nexactly: 1\n"
      "options: [Node (LTS), Deno]\n";
  const auto run = [&](const std::string& boxes) {
    return run_rule(rule, "## Runtime\n\n" + boxes, &issue_template);
  };
  CHECK(run("- [x] Node (LTS)\n- [ ] Node (current)\n- [ ] Deno\n").empty());
  CHECK(run("- [x] Node (LTS) (v20)\n- [ ] Node (current)\n- [ ] Deno\n").empty());
  CHECK(run("- [ ] Node (LTS)\n- [ ] Node (current)\n- [x] Deno (v2)\n").empty());
  // Node (current) is the template's own option, not Node (LTS) with a note.
  CHECK(run("- [ ] Node (LTS)\n- [x] Node (current)\n- [ ] Deno\n").size() == 1);
}
