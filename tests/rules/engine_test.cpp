// The engine: one pass of every rule over one parsed issue, findings sorted and deduplicated,
// and an empty or unchanged template reported once with the cascade held back.
#include "rules/engine.h"

#include <algorithm>

#include "rules/rule_set.h"
#include "tests/rules/rule_test_support.h"

using namespace issuelint;
using namespace issuelint::testing;

namespace {

const char* const kBugReportTemplate =
    "---\nname: Bug report\ntitle: '[BUG] '\n---\n"
    "## Summary\n\nA clear description of the bug.\n\n"
    "## Area\n\n- [ ] UI\n- [ ] API\n\n## Checklist\n\n- [ ] I searched existing issues\n";

const char* const kPack = R"(pack: bugs
rules:
  - id: template-not-filled
    kind: template-filled
  - id: summary-empty
    kind: section-filled
    sections: [Summary, summary]
  - id: area-chosen
    kind: choose
    section: Area
  - id: checklist-done
    kind: all-ticked
    section: Checklist
    severity: warning
  - id: title-format
    kind: title-pattern
labels:
  - name: needs-info
    when: {errors: true}
  - name: area:ui
    when: {ticked: "Area > UI"}
)";

RuleSet pack() {
  auto set = parse_pack(kPack, "bugs.yml");
  REQUIRE(set.ok());
  return std::move(*set);
}

std::string body_of(const std::string& text) { return text.substr(text.find("## Summary")); }

// A rule that counts how often it is asked to check.
class CountingRule : public Rule {
 public:
  CountingRule(std::string id, std::string kind, int* calls, Stage stage = Stage::runs_when_filled)
      : Rule(RuleInfo{std::move(id), std::move(kind), Severity::info, "counts", {}, {}, {}, {}}),
        calls_(calls) {
    set_stage(stage);
  }
  void check(LintContext&) const override { ++*calls_; }

 private:
  int* calls_;
};

}  // namespace

TEST_CASE("engine: every rule checks once per issue") {
  const auto issue_template = make_template(kBugReportTemplate);
  RuleSet set = pack();
  int calls[3] = {0, 0, 0};
  set.rules.push_back(std::make_unique<CountingRule>("count-a", "choose", &calls[0]));
  set.rules.push_back(std::make_unique<CountingRule>("count-b", "template-filled", &calls[1]));
  set.rules.push_back(std::make_unique<CountingRule>("count-c", "title-pattern", &calls[2]));
  const IssueDocument document = parse_issue("## Summary\n\nIt crashes.\n");
  lint_issue(set, document, &issue_template, std::string("[BUG] crash"));
  CHECK(calls[0] == 1);
  CHECK(calls[1] == 1);
  CHECK(calls[2] == 1);
}

TEST_CASE("engine: the two kinds that order the checks say so, the others run when filled") {
  const RuleSet set = pack();
  std::vector<std::pair<std::string, Rule::Stage>> stages;
  for (const auto& rule : set.rules) stages.emplace_back(rule->info().id, rule->stage());
  CHECK(stages == std::vector<std::pair<std::string, Rule::Stage>>{
                      {"template-not-filled", Rule::Stage::checks_template_filled},
                      {"summary-empty", Rule::Stage::runs_when_filled},
                      {"area-chosen", Rule::Stage::runs_when_filled},
                      {"checklist-done", Rule::Stage::runs_when_filled},
                      {"title-format", Rule::Stage::runs_when_unfilled}});
}

TEST_CASE("engine: a rule runs by its stage, not by its kind's name or its place in the set") {
  const auto issue_template = make_template(kBugReportTemplate);
  RuleSet set = pack();
  // The template-filled rule last: it still runs first and holds the cascade back.
  std::rotate(set.rules.begin(), set.rules.begin() + 1, set.rules.end());
  int calls[3] = {0, 0, 0};
  set.rules.push_back(std::make_unique<CountingRule>("count-filled", "template-filled", &calls[0]));
  set.rules.push_back(std::make_unique<CountingRule>("count-unfilled", "choose", &calls[1],
                                                     Rule::Stage::runs_when_unfilled));
  set.rules.push_back(std::make_unique<CountingRule>("count-first", "choose", &calls[2],
                                                     Rule::Stage::checks_template_filled));
  const auto result = lint_issue(set, parse_issue(body_of(kBugReportTemplate)), &issue_template,
                                 std::string("[BUG] TODO"));
  REQUIRE(result.findings.size() == 2);
  CHECK(result.findings[0].rule == "template-not-filled");
  CHECK(result.findings[1].rule == "title-format");
  CHECK(calls[0] == 0);  // named template-filled, but an ordinary rule: held back
  CHECK(calls[1] == 1);
  CHECK(calls[2] == 1);

  lint_issue(set, parse_issue("## Summary\n\nIt crashes.\n"), &issue_template,
             std::string("[BUG] crash"));
  CHECK(calls[0] == 1);
  CHECK(calls[1] == 2);
  CHECK(calls[2] == 2);
}

TEST_CASE("engine: findings come sorted by line, placeless ones first, duplicates dropped") {
  const auto issue_template = make_template(kBugReportTemplate);
  const std::string body =
      "## Summary\n\n## Area\n\n- [ ] UI\n- [ ] API\n\n## Checklist\n\n"
      "- [ ] I searched existing issues\n\n## Notes\n\nSeen since Monday.\n";
  const auto result =
      lint_issue(pack(), parse_issue(body), &issue_template, std::string("crash on save"));
  REQUIRE(result.findings.size() == 4);
  CHECK(result.findings[0].rule == "title-format");   // line 0
  CHECK(result.findings[1].rule == "summary-empty");  // listed twice, reported once
  CHECK(result.findings[1].line == 1);
  CHECK(result.findings[2].rule == "area-chosen");
  CHECK(result.findings[2].line == 5);
  CHECK(result.findings[3].rule == "checklist-done");
  CHECK(result.findings[3].line == 10);
  CHECK(result.wanted_labels == std::vector<std::string>{"needs-info"});
}

TEST_CASE("engine: a filled issue is clean and gets the labels its boxes ask for") {
  const auto issue_template = make_template(kBugReportTemplate);
  const std::string body =
      "## Summary\n\nSaving twice books twice.\n\n## Area\n\n- [x] UI\n- [ ] API\n\n"
      "## Checklist\n\n- [x] I searched existing issues\n";
  const auto result =
      lint_issue(pack(), parse_issue(body), &issue_template, std::string("[BUG] double booking"));
  CHECK(result.findings.empty());
  CHECK(result.wanted_labels == std::vector<std::string>{"area:ui"});
}

TEST_CASE("engine: the template unchanged is one error, the cascade held back, title kept") {
  const auto issue_template = make_template(kBugReportTemplate);
  const auto result = lint_issue(pack(), parse_issue(body_of(kBugReportTemplate)), &issue_template,
                                 std::string("[BUG] TODO"));
  REQUIRE(result.findings.size() == 2);
  CHECK(result.findings[0].rule == "template-not-filled");
  CHECK(result.findings[0].severity == Severity::error);
  CHECK(result.findings[1].rule == "title-format");
  CHECK(result.wanted_labels == std::vector<std::string>{"needs-info"});
}

TEST_CASE("engine: an empty body is one error, with no could-not-check notes") {
  const auto issue_template = make_template(kBugReportTemplate);
  const auto result =
      lint_issue(pack(), parse_issue("\n\n"), &issue_template, std::string("[BUG] crash"));
  REQUIRE(result.findings.size() == 1);
  CHECK(result.findings[0].rule == "template-not-filled");
  CHECK(result.findings[0].message == "the issue body is empty");
}

TEST_CASE("engine: what the parser repaired becomes an info note in line order") {
  const auto issue_template = make_template(kBugReportTemplate);
  const std::string body =
      "## Summary\n\nSaving \xff twice.\n\n## Area\n\n- [x] UI\n\n## Checklist\n\n"
      "- [x] I searched existing issues\n";
  const auto result =
      lint_issue(pack(), parse_issue(body), &issue_template, std::string("[BUG] x y"));
  REQUIRE(result.findings.size() == 1);
  CHECK(result.findings[0].rule == "input-repaired");
  CHECK(result.findings[0].severity == Severity::info);
  CHECK(result.findings[0].line == 3);
  CHECK(result.findings[0].section == "Summary");  // the section the line is in
  // A configuration may silence the notes, or give them another severity.
  RuleSet configured = pack();
  configured.core_settings["input-repaired"] = {true, std::nullopt};
  CHECK(lint_issue(configured, parse_issue(body), &issue_template, std::string("[BUG] x y"))
            .findings.empty());
  configured.core_settings["input-repaired"] = {false, Severity::warning};
  const auto warned =
      lint_issue(configured, parse_issue(body), &issue_template, std::string("[BUG] x y"));
  REQUIRE(warned.findings.size() == 1);
  CHECK(warned.findings[0].severity == Severity::warning);
}

TEST_CASE("sort_and_deduplicate orders by line, column, severity, rule") {
  auto finding = [](std::string rule, int line, int column, Severity severity,
                    std::string section = "S") {
    Finding f;
    f.rule = std::move(rule);
    f.line = line;
    f.column = column;
    f.severity = severity;
    f.section = std::move(section);
    f.message = "m";
    return f;
  };
  std::vector<Finding> findings = {
      finding("b", 3, 1, Severity::info),    finding("a", 3, 1, Severity::info),
      finding("z", 3, 1, Severity::error),   finding("c", 2, 5, Severity::warning),
      finding("c", 2, 1, Severity::warning), finding("a", 0, 0, Severity::info),
      finding("a", 3, 1, Severity::info),    finding("a", 3, 1, Severity::info, "T"),
      finding("a", 3, 1, Severity::info),
  };
  sort_and_deduplicate(findings);
  std::vector<std::string> order;
  for (const auto& f : findings) {
    order.push_back(f.rule + "@" + std::to_string(f.line) + ":" + std::to_string(f.column) +
                    f.section);
  }
  CHECK(order == std::vector<std::string>{"a@0:0S", "c@2:1S", "c@2:5S", "z@3:1S", "a@3:1S",
                                          "a@3:1T", "b@3:1S"});
}

TEST_CASE("engine: a label's finding condition ignores a rule's could-not-check note") {
  const char* const labelled = R"(pack: bugs
rules:
  - id: summary-empty
    kind: section-filled
    sections: [Summary]
  - id: title-format
    kind: title-pattern
labels:
  - name: incomplete
    when: {finding: summary-empty}
  - name: bad-title
    when: {finding: title-format}
)";
  auto set = parse_pack(labelled, "bugs.yml");
  REQUIRE(set.ok());
  const auto issue_template = make_template(kBugReportTemplate);
  // No Summary section and no title: both rules could only say they did not run.
  const auto missing =
      lint_issue(*set, parse_issue("## Area\n\n- [x] UI\n"), &issue_template, std::nullopt);
  REQUIRE(missing.findings.size() == 2);
  CHECK(missing.findings[0].did_not_run);
  CHECK(missing.findings[1].did_not_run);
  CHECK(missing.wanted_labels.empty());
  // The Summary left empty and a title without its prefix: found, so labelled.
  const auto found = lint_issue(*set, parse_issue("## Summary\n\n## Area\n\n- [x] UI\n"),
                                &issue_template, std::string("double booking"));
  CHECK(found.wanted_labels == std::vector<std::string>{"incomplete", "bad-title"});
}

TEST_CASE("engine: an sql condition is breaking or drops, nothing else") {
  const char* const bad = "pack: p\nrules: []\nlabels:\n  - name: x\n    when: {sql: renames}\n";
  const auto set = parse_pack(bad, "p.yml");
  REQUIRE_FALSE(set.ok());
  CHECK(set.error().message.find("'sql' is 'breaking' or 'drops', got 'renames'") !=
        std::string::npos);
}

TEST_CASE("engine: a pack file's key given twice is an error at the second") {
  // GitHub's and Python's readers keep the last `sections:`, this reader the first: a rule would
  // silently check another section than the one its author meant.
  const std::string pack =
      "pack: bugs\nrules:\n  - id: ctx\n    kind: section-filled\n"
      "    sections: [Additional context]\n    sections: [Expected behavior]\n";
  const auto set = parse_pack(pack, "p.yml");
  REQUIRE_FALSE(set.ok());
  CHECK(set.error().where == "p.yml:6:5");
  CHECK(set.error().message == "'sections' is given twice in this mapping: keep one");
}
