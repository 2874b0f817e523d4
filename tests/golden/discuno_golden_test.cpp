// Golden tests over a real repository's whole template set (fixtures/templates/discuno/: seven
// Markdown templates and two issue forms), with no configuration: each fixtures/discuno/
// <template>[-form]-<case>.md (+ <case>.title) is triaged against the whole directory, as
// `check --template fixtures/templates/discuno/` does, and must give <case>.expected.json and
// pick its own template. An extra or a missing finding fails; an orphaned golden fails.
//
// To rewrite the goldens after an intended change (then review the diff like code):
//   ISSUELINT_UPDATE_GOLDENS=1 ./build/release/tests/test_golden
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <vector>

#include "bot/triage.h"
#include "tests/golden/golden_support.h"

namespace fs = std::filesystem;
using namespace issuelint;
using issuelint::golden::golden_view;
using issuelint::golden::read_text;
using issuelint::golden::read_title;

namespace {

const fs::path kDrafts = fs::path(ISSUELINT_SOURCE_DIR) / "fixtures" / "discuno";
const fs::path kTemplates = fs::path(ISSUELINT_SOURCE_DIR) / "fixtures" / "templates" / "discuno";

const TemplateCatalog& discuno_catalog() {
  static const TemplateCatalog catalog = [] {
    auto templates = load_template_dir(kTemplates.string());
    REQUIRE(templates.ok());
    auto built = TemplateCatalog::build(std::move(*templates), nullptr);
    REQUIRE(built.ok());
    return std::move(*built);
  }();
  return catalog;
}

struct Draft {
  fs::path path;
  fs::path stem;              // path without ".md"
  std::string template_file;  // the template it was written from: "task.md", "bug_report.yml"
  bool complete = false;      // "-complete": well filled; "-omissions": typical gaps
};

std::vector<Draft> drafts() {
  std::vector<Draft> found;
  for (const auto& entry : fs::directory_iterator(kDrafts)) {
    if (entry.path().extension() != ".md") continue;
    const std::string name = entry.path().stem().string();
    Draft draft{entry.path(), entry.path().parent_path() / name, {}, false};
    const auto dash = name.find('-');
    REQUIRE(dash != std::string::npos);
    const bool form = name.find("-form-") != std::string::npos;
    draft.template_file = name.substr(0, dash) + (form ? ".yml" : ".md");
    draft.complete = name.ends_with("-complete");
    found.push_back(std::move(draft));
  }
  std::sort(found.begin(), found.end(),
            [](const Draft& a, const Draft& b) { return a.path < b.path; });
  return found;
}

std::string chosen_file(const std::string& body, const std::optional<std::string>& title) {
  const auto choice = discuno_catalog().choose(parse_issue(body), title);
  if (!choice) return "(none)";
  return fs::path(choice->entry->issue_template.source).filename().string();
}

TriageResult triage_draft(const Draft& draft) {
  TriageRequest request;
  request.body = read_text(draft.path);
  request.title = read_title(draft.stem);
  return triage(discuno_catalog(), request);
}

}  // namespace

TEST_CASE("discuno: every draft gives its golden verdict") {
  const bool update = std::getenv("ISSUELINT_UPDATE_GOLDENS") != nullptr;
  int cases = 0;
  for (const Draft& draft : drafts()) {
    ++cases;
    const auto actual = golden_view(triage_draft(draft).verdict);
    const fs::path golden = draft.stem.string() + ".expected.json";
    if (update) {
      std::ofstream(golden, std::ios::binary) << actual.dump(2) << "\n";
      continue;
    }
    INFO("case " << draft.path.filename().string());
    REQUIRE(fs::exists(golden));
    CHECK(actual.dump(2) == nlohmann::ordered_json::parse(read_text(golden)).dump(2));
  }
  // A well-filled draft and one with omissions for each of the nine templates.
  CHECK(cases == 18);
}

TEST_CASE("discuno: no golden is orphaned") {
  for (const auto& entry : fs::directory_iterator(kDrafts)) {
    const std::string name = entry.path().filename().string();
    INFO(name);
    for (const std::string suffix : {".expected.json", ".title"}) {
      if (!name.ends_with(suffix)) continue;
      CHECK(fs::exists(kDrafts / (name.substr(0, name.size() - suffix.size()) + ".md")));
    }
  }
}

TEST_CASE("discuno: each draft picks its own template, with or without its title prefix") {
  for (const Draft& draft : drafts()) {
    INFO(draft.path.filename().string());
    const std::string body = read_text(draft.path);
    CHECK(chosen_file(body, read_title(draft.stem)) == draft.template_file);
    CHECK(chosen_file(body, std::nullopt) == draft.template_file);
    CHECK(chosen_file(body, std::string("Something is wrong")) == draft.template_file);
  }
}

TEST_CASE("discuno: well-filled drafts give no error and no warning") {
  int complete = 0;
  for (const Draft& draft : drafts()) {
    if (!draft.complete) continue;
    ++complete;
    INFO(draft.path.filename().string());
    const Verdict verdict = triage_draft(draft).verdict;
    CHECK(verdict.template_matched);
    for (const Finding& finding : verdict.findings) {
      INFO(finding.rule << " at line " << finding.line << ": " << finding.message);
      CHECK(finding.severity == Severity::info);
    }
  }
  CHECK(complete == 9);
}

TEST_CASE("discuno: drafts with omissions are told about the title prefix and need info") {
  for (const Draft& draft : drafts()) {
    if (draft.complete) continue;
    INFO(draft.path.filename().string());
    const Verdict verdict = triage_draft(draft).verdict;
    const auto has = [&](const std::string& rule) {
      return std::any_of(verdict.findings.begin(), verdict.findings.end(),
                         [&](const Finding& f) { return f.rule == rule; });
    };
    CHECK(has("title-format"));
    CHECK(std::count_if(verdict.findings.begin(), verdict.findings.end(),
                        [](const Finding& f) { return f.severity == Severity::error; }) >= 3);
    CHECK(golden_view(verdict)["verdict"] == "needs-info");
  }
}

TEST_CASE("discuno: every template submitted unchanged picks itself and gives one clear error") {
  for (const auto& entry : discuno_catalog().entries()) {
    const IssueTemplate& issue_template = entry.issue_template;
    INFO(issue_template.source);
    const std::string file = fs::path(issue_template.source).filename().string();
    CHECK(chosen_file(issue_template.body, std::nullopt) == file);
    TriageRequest request;
    request.body = issue_template.body;
    const Verdict verdict = triage(discuno_catalog(), request).verdict;
    const auto errors =
        std::count_if(verdict.findings.begin(), verdict.findings.end(),
                      [](const Finding& f) { return f.severity == Severity::error; });
    CHECK(errors == 1);
    CHECK(std::any_of(verdict.findings.begin(), verdict.findings.end(),
                      [](const Finding& f) { return f.rule == "template-not-filled"; }));
  }
}

TEST_CASE("discuno: the comment describes each rule as the chosen template's rule set does") {
  // Templates give one rule id different wording ("subsection-missing" in the Database
  // Migration pack is about "###" headings): a comment must quote the template it checked.
  int quoted = 0;
  for (const Draft& draft : drafts()) {
    INFO("case " << draft.path.filename().string());
    TriageRequest request;
    request.body = read_text(draft.path);
    request.title = read_title(draft.stem);
    const auto choice = discuno_catalog().choose(parse_issue(request.body), request.title);
    REQUIRE(choice);
    const TriageResult result = triage(discuno_catalog(), request);
    // The comment escapes Markdown ("\\[DB\\]"); the summaries hold no backslash.
    std::string comment = result.verdict.comment;
    std::erase(comment, '\\');
    for (const Finding& finding : result.verdict.findings) {
      for (const auto& rule : choice->entry->rules.rules) {
        if (rule->info().id != finding.rule) continue;
        INFO(finding.rule);
        CHECK(comment.find(rule->info().summary) != std::string::npos);
        ++quoted;
        break;
      }
    }
  }
  CHECK(quoted > 20);
}
