// The job summary's size limit: GitHub drops a step summary over 1 MiB entirely, so issuelint
// cuts its own text to fit what the file already holds, at a line end, with a note.
#include "bot/action/job_summary.h"

#include <catch2/catch.hpp>

#include "tests/action/action_test_support.h"

using namespace issuelint;
using namespace issuelint::testing;

namespace {

// The summary input for issue acme/app#3, as `report` saw it and `outcome` ended it.
action::SummaryInput summary_input(const RepositoryTriageReport& report, TriageOutcome outcome) {
  action::SummaryInput input;
  input.repository = "acme/app";
  input.issue_number = 3;
  input.report = &report;
  input.outcome = std::move(outcome);
  return input;
}

// A report of an issue judged against a template that matched.
RepositoryTriageReport matched_report() {
  RepositoryTriageReport report;
  report.issue = github::Issue{};
  report.triage = TriageResult{};
  report.triage->verdict.template_matched = true;
  return report;
}

}  // namespace

TEST_CASE("job summary: text that fits is appended whole") {
  TempDir dir;
  const auto path = (dir / "summary.md").string();
  write_text(path, "before\n");
  REQUIRE(action::append_step_summary(path, "line one\nline two\n").ok());
  CHECK(read_text(path) == "before\nline one\nline two\n");
}

TEST_CASE("job summary: over the limit it is cut at a line end, with a note, within the limit") {
  std::string markdown;
  for (int i = 0; i < 200; ++i) markdown += "- finding " + std::to_string(i) + " ééé\n";
  const std::size_t limit = 1000;
  const std::string cut = action::fit_summary(markdown, 100, limit);
  CHECK(cut.size() + 100 <= limit);
  CHECK(cut.find("cut at GitHub's 1 MiB limit") != std::string::npos);
  const std::string kept = cut.substr(0, cut.find("\n> [!NOTE]"));
  CHECK(markdown.starts_with(kept));
  CHECK(kept.ends_with(" ééé\n"));  // a whole line: no split UTF-8 sequence, no half line
}

TEST_CASE("job summary: a file already at the limit gets nothing more") {
  CHECK(action::fit_summary("anything\n", 1000, 1000).empty());
  // Too long for the room left, and not even room for the note.
  CHECK(action::fit_summary("more than ten bytes\n", 990, 1000).empty());
}

TEST_CASE("job summary: the real limit is 1 MiB, checked on disk") {
  TempDir dir;
  const auto path = (dir / "summary.md").string();
  write_text(path, std::string(1024 * 1024 - 5000, 'x') + "\n");
  std::string markdown;
  for (int i = 0; i < 1000; ++i) markdown += "- a finding that repeats " + std::to_string(i) + "\n";
  REQUIRE(action::append_step_summary(path, markdown).ok());
  const std::string text = read_text(path);
  CHECK(text.size() <= action::kStepSummaryLimit);
  CHECK(text.size() > action::kStepSummaryLimit - 200);
  CHECK(text.ends_with("run `issuelint check` on the issue for every finding.\n"));
}

TEST_CASE("job summary: issue text cannot ping anyone or inject HTML") {
  RepositoryTriageReport report;
  github::Issue issue;
  issue.title = "@octocat <img src=x onerror=alert(1)> fixes #12";
  report.issue = issue;
  const action::SummaryInput input =
      summary_input(report, TriageOutcome{TriageOutcome::Status::done, "no template", 0});
  const std::string summary = action::render_job_summary(input);
  CHECK(summary.find("<img") == std::string::npos);
  CHECK(summary.find("@octocat") == std::string::npos);
  CHECK(summary.find(" #12") == std::string::npos);
}

// An issue locked while it was triaged: its labels went on, its comment was refused, and the run
// ends `skipped`. The summary says so, not only the verdict and a comment "none".
TEST_CASE("job summary: a triage whose writes stopped short says why") {
  RepositoryTriageReport report = matched_report();
  report.applied = github::ApplyReport{};
  const std::string reason = "skipped: the issue was locked while it was triaged";
  action::SummaryInput input =
      summary_input(report, TriageOutcome{TriageOutcome::Status::done, reason, 0});
  SECTION("a write refused") {
    report.applied->error = github::ApiError{403, "issue is locked", false, 0};
    CHECK(action::render_job_summary(input).find(reason) != std::string::npos);
  }
  SECTION("every write made: the changes tell it all") {
    input.outcome.detail = "needs-info, labels +1 -0, comment created";
    CHECK(action::render_job_summary(input).find("needs-info, labels") == std::string::npos);
  }
}

// `/issuelint explain` writes no labels and no report, only its own comment: the summary says
// what became of that comment, not only the findings.
TEST_CASE("job summary: an explain says whether its diagnostics comment was posted") {
  const RepositoryTriageReport report = matched_report();
  action::SummaryInput input = summary_input(
      report, TriageOutcome{TriageOutcome::Status::done, "full diagnostics posted", 0});
  const std::string summary = action::render_job_summary(input);
  CHECK(summary.find("### Changes\n\nfull diagnostics posted\n") != std::string::npos);
  SECTION("a failed one says it once, as the failure") {
    input.outcome = TriageOutcome{TriageOutcome::Status::failed, "posting the diagnostics: 502", 0};
    const std::string failed = action::render_job_summary(input);
    CHECK(failed.find("### Changes") == std::string::npos);
    CHECK(failed.find("**Could not triage**: posting the diagnostics: 502") != std::string::npos);
  }
}
