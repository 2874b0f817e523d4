#include "bot/action/job_summary.h"

#include <filesystem>
#include <fstream>
#include <system_error>

#include "bot/report/inert_text.h"
#include "bot/report/text_report.h"

namespace issuelint::action {

namespace {

constexpr std::size_t kMaxTitleCodePoints = 200;
constexpr std::size_t kMaxMessageCodePoints = 1000;
constexpr std::string_view kTruncatedNote =
    "\n> [!NOTE]\n> The summary was cut at GitHub's 1 MiB limit; run `issuelint check` on the "
    "issue for every finding.\n";

std::string count_of(std::size_t count, std::string_view noun) {
  return std::to_string(count) + " " + std::string(noun) + (count == 1 ? "" : "s");
}

std::string code_list(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) out += (out.empty() ? "" : ", ") + markdown_code_span(name);
  return out;
}

std::string heading(const SummaryInput& input) {
  std::string text = "## issuelint: " + markdown_inline(input.repository, kMaxTitleCodePoints) +
                     " #" + std::to_string(input.issue_number);
  if (input.report != nullptr && input.report->issue) {
    text += ": " + markdown_inline(input.report->issue->title, kMaxTitleCodePoints);
  }
  return text + "\n\n";
}

std::string verdict_line(const TriageResult& result) {
  const Verdict& verdict = result.verdict;
  std::size_t counts[3] = {0, 0, 0};
  for (const Finding& finding : verdict.findings) ++counts[static_cast<int>(finding.severity)];
  return "**" + std::string(outcome_name(verdict.outcome)) +
         "**: " + count_of(counts[static_cast<int>(Severity::error)], "error") + ", " +
         count_of(counts[static_cast<int>(Severity::warning)], "warning") + ", " +
         count_of(counts[static_cast<int>(Severity::info)], "note") + " (template " +
         markdown_code_span(verdict.template_id) + ": " +
         markdown_inline(result.choice_reason, kMaxMessageCodePoints) + ")\n\n";
}

// A list rather than a table: a `|` in issue text cannot break a list item.
std::string finding_lines(const Verdict& verdict) {
  if (verdict.findings.empty()) return "No findings.\n\n";
  std::string out = "### Findings\n\n";
  for (const Finding& finding : verdict.findings) {
    out += "- **" + std::string(text_severity_name(finding.severity)) + "**";
    if (finding.line > 0) out += " line " + std::to_string(finding.line);
    if (!finding.section.empty()) {
      out += " in " + markdown_literal(finding.section, kMaxTitleCodePoints);
    }
    out += ": " + markdown_inline(finding.message, kMaxMessageCodePoints) + " " +
           markdown_code_span(finding.rule) + "\n";
  }
  return out + "\n";
}

std::string changes_lines(const SummaryInput& input, const TriageResult& result) {
  const github::ApplyReport* applied = input.report->applied ? &*input.report->applied : nullptr;
  if (applied == nullptr) return {};
  std::string out = "### Changes\n\n";
  if (input.dry_run) {
    if (applied->dry_run_log.empty()) return out + "Dry run: nothing would change.\n\n";
    out += "Dry run, nothing was written. It would:\n\n";
    for (const std::string& line : applied->dry_run_log) {
      out += "- " + markdown_inline(line, kMaxMessageCodePoints) + "\n";
    }
    return out + "\n";
  }
  const LabelPlan& plan = result.verdict.labels;
  out += "- Labels added: " +
         (applied->labels_added.empty() ? "none" : code_list(applied->labels_added)) + "\n";
  out += "- Labels removed: " +
         (applied->labels_removed.empty() ? "none" : code_list(applied->labels_removed)) + "\n";
  if (!plan.want.empty()) out += "- Labels wanted: " + code_list(plan.want) + "\n";
  out += "- Triage comment: " + std::string(comment_action_name(applied->comment)) + "\n\n";
  return out;
}

// A triage that wrote no labels and no report: an `/issuelint explain`, which answers with its
// own comment (posted, already there, or in a dry run not posted). The log line's words.
std::string explain_lines(const TriageOutcome& outcome) {
  if (outcome.status != TriageOutcome::Status::done) return {};
  return "### Changes\n\n" + markdown_inline(outcome.detail, kMaxMessageCodePoints) + "\n\n";
}

std::string failure_lines(const TriageOutcome& outcome) {
  return "**Could not triage**: " + markdown_inline(outcome.detail, kMaxMessageCodePoints) + "\n\n";
}

// The byte length of the longest prefix of `text` within `budget` that ends at a line end.
std::size_t cut_at_line(std::string_view text, std::size_t budget) {
  const std::size_t end = text.substr(0, budget).rfind('\n');
  return end == std::string_view::npos ? 0 : end + 1;
}

}  // namespace

namespace {

// The repository's setup problems (templates that did not parse, configuration warnings),
// before the verdict: they explain an issue left unmatched.
std::string setup_lines(const SummaryInput& input) {
  if (input.report == nullptr || input.report->setup_warnings.empty()) return {};
  std::string out = "**Setup warnings:**\n\n";
  for (const std::string& warning : input.report->setup_warnings) {
    out += "- " + markdown_inline(warning, kMaxMessageCodePoints) + "\n";
  }
  return out + "\n";
}

}  // namespace

std::string render_job_summary(const SummaryInput& input) {
  std::string out = heading(input) + setup_lines(input);
  if (input.outcome.status != TriageOutcome::Status::done) out += failure_lines(input.outcome);
  const bool ran = input.report != nullptr && input.report->triage;
  if (!ran) {
    if (input.outcome.status == TriageOutcome::Status::done) {
      out += markdown_inline(input.outcome.detail, kMaxMessageCodePoints) + "\n";
    }
    return out;
  }
  const TriageResult& result = *input.report->triage;
  // Done, but a write stopped short (the issue locked or deleted while it was triaged): the
  // changes below are not the whole triage, and the log line's reason belongs here too.
  const auto& applied = input.report->applied;
  if (input.outcome.status == TriageOutcome::Status::done && applied && !applied->ok()) {
    out += markdown_inline(input.outcome.detail, kMaxMessageCodePoints) + "\n\n";
  }
  if (!result.verdict.template_matched) {
    // Under `unmatched: comment` a comment naming the templates was written (or would be).
    if (!input.report->applied)
      return out + "No issue template matches this issue: it was left alone.\n";
    return out + "No issue template matches this issue: a comment names the templates.\n\n" +
           changes_lines(input, result);
  }
  out += verdict_line(result) + finding_lines(result.verdict);
  return out + (applied ? changes_lines(input, result) : explain_lines(input.outcome));
}

std::string fit_summary(std::string_view markdown, std::size_t existing, std::size_t limit) {
  const std::size_t room = existing >= limit ? 0 : limit - existing;
  if (markdown.size() <= room) return std::string(markdown);
  if (room < kTruncatedNote.size()) return {};
  // Cut at a line end: the text is UTF-8 and '\n' never occurs inside a multi-byte sequence.
  std::string out(markdown.substr(0, cut_at_line(markdown, room - kTruncatedNote.size())));
  out += kTruncatedNote;
  return out;
}

Status append_step_summary(const std::string& path, std::string_view markdown, std::size_t limit) {
  std::error_code error;
  const auto size = std::filesystem::file_size(path, error);
  const std::size_t existing = error ? 0 : static_cast<std::size_t>(size);
  const std::string text = fit_summary(markdown, existing, limit);
  if (text.empty()) return Ok{};
  std::ofstream file(path, std::ios::binary | std::ios::app);
  if (!file) return make_error("cannot open the job summary file for appending", path);
  file << text;
  file.flush();
  if (!file) return make_error("cannot write the job summary", path);
  return Ok{};
}

}  // namespace issuelint::action
