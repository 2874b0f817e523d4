// Compiler-style text, GitHub workflow commands and the JSON verdict: the details goldens do
// not show (escaping, caps, hostile text, the contract's key order).
#include <catch2/catch.hpp>

#include "bot/report/github_annotations.h"
#include "bot/report/json_report.h"
#include "bot/report/text_report.h"
#include "tests/report/report_samples.h"

namespace issuelint::report_test {
namespace {

// How many annotations of `out` start with `prefix`.
// The closing notice that counts the annotations left out ("15 errors, 3 notes").
std::string omission_notice(const std::string& counts) {
  return "::notice title=issuelint::issuelint: " + counts +
         " not shown (GitHub shows 10 annotations of each kind per step); run issuelint check "
         "for every finding\n";
}

std::size_t count_annotations(const std::string& out, std::string_view prefix) {
  std::size_t n = 0;
  for (std::size_t pos = 0; (pos = out.find(prefix, pos)) != std::string::npos; ++pos) ++n;
  return n;
}

TEST_CASE("text: one line per finding, placeless findings without numbers") {
  const Finding placed = make_finding("r", Severity::error, "S", 42, 3, "msg", "do this");
  CHECK(render_text_finding("draft.md", placed, {}) ==
        "draft.md:42:3: error: msg [r]\n  help: do this\n");
  const Finding placeless = make_finding("r", Severity::info, "", 0, 0, "msg");
  CHECK(render_text_finding("draft.md", placeless, {}) == "draft.md: note: msg [r]\n");
}

TEST_CASE("text: issue text cannot forge lines or drive the terminal") {
  const Finding hostile = make_finding("r", Severity::warning, "S", 1, 1,
                                       "a\ndraft.md:1:1: error: forged [x]\x1b]0;title\x07\x1b[2J");
  const std::string line = render_text_finding("draft.md", hostile, {.colour = true});
  CHECK(std::count(line.begin(), line.end(), '\n') == 1);
  // Only our own colour sequences remain: ESC followed by '[' and a colour code.
  CHECK(line.find("\x1b]") == std::string::npos);
  CHECK(line.find("\x1b[2J") == std::string::npos);
  CHECK(line.find('\x07') == std::string::npos);
}

TEST_CASE("text: colour only when asked") {
  const Verdict verdict = needs_info_verdict();
  CHECK(render_text_report("d.md", verdict, {}).find('\x1b') == std::string::npos);
  CHECK(render_text_report("d.md", verdict, {.colour = true}).find("\x1b[1;31merror:") !=
        std::string::npos);
}

// no-color.org: only a NO_COLOR that is present and not empty turns colour off.
TEST_CASE("text: colour on a terminal unless NO_COLOR is set and not empty, or TERM is dumb") {
  CHECK(colour_wanted("auto", true, nullptr));
  CHECK(colour_wanted("auto", true, ""));
  CHECK_FALSE(colour_wanted("auto", true, "1"));
  CHECK_FALSE(colour_wanted("auto", false, nullptr));
  CHECK(colour_wanted("always", false, "1"));
  CHECK_FALSE(colour_wanted("never", true, nullptr));
  // A terminal that says it shows no colour gets none, unless asked for.
  CHECK_FALSE(colour_wanted("auto", true, nullptr, "dumb"));
  CHECK(colour_wanted("auto", true, nullptr, "xterm-256color"));
  CHECK(colour_wanted("always", true, nullptr, "dumb"));
}

TEST_CASE("text: the summary counts with plurals and names the template") {
  CHECK(render_text_summary("draft.md", needs_info_verdict()) ==
        "draft.md: 4 errors, 2 warnings, 1 note (template db-migration): needs-info\n");
  CHECK(render_text_summary("x.md", no_template_verdict()) ==
        "x.md: 1 error, 0 warnings, 0 notes (no template matched): needs-info\n");
}

TEST_CASE("annotations: data and property escaping as the Actions toolkit does") {
  CHECK(escape_workflow_data("100%\r\nnext: a,b") == "100%25%0D%0Anext: a,b");
  CHECK(escape_workflow_property("100%\r\nnext: a,b") == "100%25%0D%0Anext%3A a%2Cb");
  const Finding hostile =
      make_finding("rule,with:odd", Severity::error, "S", 2, 5, "x\n::add-mask::secret", "");
  Verdict verdict;
  verdict.findings = {hostile};
  const std::string out = render_github_annotations(verdict, {.file = "dir/a,b:c.md"});
  CHECK(out ==
        "::error file=dir/a%2Cb%3Ac.md,line=2,col=5,title=rule%2Cwith%3Aodd::x "
        "::add-mask::secret\n");
  CHECK(std::count(out.begin(), out.end(), '\n') == 1);
}

TEST_CASE("annotations: a line break in a file's name is escaped, not flattened") {
  Verdict verdict;
  verdict.findings = {make_finding("r", Severity::error, "S", 3, 1, "m", "")};
  CHECK(render_github_annotations(verdict, {.file = "a\nb\r\nc\x01"
                                                    "d.md"}) ==
        "::error file=a%0Ab%0D%0Acd.md,line=3,col=1,title=r::m\n");
}

TEST_CASE("annotations: no file, no position") {
  Verdict verdict;
  verdict.findings = {make_finding("r", Severity::warning, "S", 2, 5, "m", "h")};
  CHECK(render_github_annotations(verdict, {}) == "::warning title=r::m%0Ahelp: h\n");
}

TEST_CASE("annotations: at most 10 of each kind, and one notice for the rest") {
  Verdict verdict;
  for (int i = 1; i <= 25; ++i) {
    verdict.findings.push_back(make_finding("e", Severity::error, "S", i, 1, "m"));
  }
  for (int i = 1; i <= 3; ++i) {
    verdict.findings.push_back(make_finding("w", Severity::warning, "S", i, 1, "m"));
  }
  for (int i = 1; i <= 12; ++i) {
    verdict.findings.push_back(make_finding("n", Severity::info, "S", i, 1, "m"));
  }
  const std::string out = render_github_annotations(verdict, {.file = "d.md"});
  CHECK(count_annotations(out, "::error ") == 10);
  CHECK(count_annotations(out, "::warning ") == 3);
  CHECK(count_annotations(out, "::notice ") == 10);  // 9 notes and the omission notice
  CHECK(out.ends_with(omission_notice("15 errors, 3 notes")));
}

// GitHub's limit is per step: with several drafts, the second must not get 10 more of a kind.
TEST_CASE("annotations: the limit covers every file of the run, and the notice counts them all") {
  Verdict first;
  Verdict second;
  for (int i = 1; i <= 8; ++i) {
    first.findings.push_back(make_finding("e", Severity::error, "S", i, 1, "m"));
    second.findings.push_back(make_finding("e", Severity::error, "S", i, 1, "m"));
  }
  second.findings.push_back(make_finding("w", Severity::warning, "S", 9, 1, "m"));
  const std::string out = render_github_annotations(
      {{"a.md", &first, {}}, {"b.md", &second, {}}, {"c.md", &first, {}}});
  CHECK(count_annotations(out, "::error ") == 10);
  CHECK(count_annotations(out, "::error file=a.md,") == 8);
  CHECK(count_annotations(out, "::error file=b.md,") == 2);
  CHECK(count_annotations(out, "::error file=c.md,") == 0);
  CHECK(count_annotations(out, "::warning file=b.md,line=9,") == 1);
  CHECK(count_annotations(out, "not shown") == 1);
  CHECK(out.ends_with(omission_notice("14 errors")));
}

// A draft that could not be read failed the step: its ::error comes first, is never left out,
// and takes one of the 10 error slots.
TEST_CASE("annotations: a draft that could not be read is an error before every finding") {
  Verdict verdict;
  for (int i = 1; i <= 12; ++i) {
    verdict.findings.push_back(make_finding("e", Severity::error, "S", i, 1, "m"));
  }
  const std::string out = render_github_annotations(
      {{"a.md", &verdict, {}}, {"gone,x.md", nullptr, "gone,x.md: no such file"}});
  CHECK(out.starts_with("::error title=issuelint::gone,x.md: no such file\n::error file=a.md,"));
  CHECK(count_annotations(out, "::error ") == 10);
  CHECK(count_annotations(out, "::error file=a.md,") == 9);
  CHECK(out.ends_with(omission_notice("3 errors")));
}

// Twelve drafts that could not be read: GitHub shows ten of them, and the notice counts the
// other two with the errors of the draft that was read.
TEST_CASE("annotations: drafts that could not be read keep to the limit as well") {
  Verdict verdict;
  verdict.findings.push_back(make_finding("e", Severity::error, "S", 1, 1, "m"));
  std::vector<AnnotatedVerdict> verdicts;
  std::vector<std::string> names;
  for (int i = 1; i <= 12; ++i) names.push_back("n" + std::to_string(i) + ".md");
  for (const std::string& name : names)
    verdicts.push_back({name, nullptr, name + ": no such file"});
  verdicts.push_back({"a.md", &verdict, {}});
  const std::string out = render_github_annotations(verdicts);
  CHECK(count_annotations(out, "::error ") == 10);
  CHECK(count_annotations(out, "::error title=issuelint::n10.md") == 1);
  CHECK(count_annotations(out, "::error title=issuelint::n11.md") == 0);
  CHECK(out.ends_with(omission_notice("3 errors")));
}

TEST_CASE("json: the contract's shape and key order") {
  Verdict verdict = needs_info_verdict();
  verdict.comment = "the comment";
  const auto json = verdict_to_json(verdict);
  std::vector<std::string> keys;
  for (const auto& item : json.items()) keys.push_back(item.key());
  CHECK(keys == std::vector<std::string>{"template", "verdict", "findings", "labels", "comment"});
  std::vector<std::string> finding_keys;
  for (const auto& item : json["findings"][0].items()) finding_keys.push_back(item.key());
  CHECK(finding_keys == std::vector<std::string>{"rule", "severity", "section", "line", "column",
                                                 "message", "help"});
  CHECK(json["verdict"] == "needs-info");
  CHECK(json["findings"][0]["severity"] == "error");
  CHECK(json["labels"]["add"] == nlohmann::ordered_json({"db-migration", "needs-info"}));
  CHECK(json["labels"]["remove"] == nlohmann::ordered_json::array());
}

TEST_CASE("json: invalid UTF-8 from the issue does not throw") {
  Verdict verdict = no_template_verdict();
  verdict.findings[0].message = "bad \xFF byte";
  std::string line;
  REQUIRE_NOTHROW(line = render_json_line(verdict, "bad \xFF name.md"));
  CHECK(line.find("bad \xEF\xBF\xBD byte") != std::string::npos);
  CHECK(line.find("bad \xEF\xBF\xBD name.md") != std::string::npos);
  CHECK(std::count(line.begin(), line.end(), '\n') == 1);
}

}  // namespace
}  // namespace issuelint::report_test
