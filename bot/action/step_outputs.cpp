#include "bot/action/step_outputs.h"

#include <fstream>
#include <nlohmann/json.hpp>

namespace issuelint::action {

namespace {

std::string json_list(const std::vector<std::string>& names) {
  return nlohmann::json(names).dump();
}

struct SeverityCounts {
  std::size_t errors = 0;
  std::size_t warnings = 0;
  std::size_t notes = 0;
};

SeverityCounts count_findings(const Verdict& verdict) {
  SeverityCounts counts;
  for (const Finding& finding : verdict.findings) {
    if (finding.severity == Severity::error) ++counts.errors;
    if (finding.severity == Severity::warning) ++counts.warnings;
    if (finding.severity == Severity::info) ++counts.notes;
  }
  return counts;
}

// The verdict as the JSON verdict names it; an issue no template matches is `unmatched`, since
// its `ok` or `needs-info` says nothing about a template it does not follow.
std::string verdict_name(const Verdict& verdict) {
  if (!verdict.template_matched) return "unmatched";
  return std::string(outcome_name(verdict.outcome));
}

// A delimiter the value does not contain, or the runner would end the value early there.
std::string delimiter_for(std::string_view value) {
  std::string delimiter = "ISSUELINT_OUTPUT_EOF";
  for (int suffix = 1; value.find(delimiter) != std::string_view::npos; ++suffix) {
    delimiter = "ISSUELINT_OUTPUT_EOF_" + std::to_string(suffix);
  }
  return delimiter;
}

}  // namespace

StepOutputs step_outputs(const RepositoryTriageReport* report) {
  std::string verdict;
  std::string template_id;
  SeverityCounts counts;
  std::string wanted = "[]";
  std::string added = "[]";
  std::string removed = "[]";
  std::string comment = "none";
  if (report != nullptr && report->triage) {
    const Verdict& judged = report->triage->verdict;
    verdict = verdict_name(judged);
    if (judged.template_matched) template_id = judged.template_id;
    counts = count_findings(judged);
    wanted = json_list(judged.labels.want);
  }
  // What was written: in a dry run, nothing.
  if (report != nullptr && report->applied) {
    added = json_list(report->applied->labels_added);
    removed = json_list(report->applied->labels_removed);
    comment = std::string(github::comment_action_name(report->applied->comment));
  }
  return {{"verdict", verdict},
          {"template", template_id},
          {"errors", std::to_string(counts.errors)},
          {"warnings", std::to_string(counts.warnings)},
          {"notes", std::to_string(counts.notes)},
          {"labels", wanted},
          {"labels-added", added},
          {"labels-removed", removed},
          {"comment", comment}};
}

std::string render_step_outputs(const StepOutputs& outputs) {
  std::string out;
  for (const auto& [name, value] : outputs) {
    if (value.find_first_of("\r\n") == std::string::npos) {
      out += name + "=" + value + "\n";
      continue;
    }
    const std::string delimiter = delimiter_for(value);
    out += name + "<<" + delimiter + "\n" + value + "\n" + delimiter + "\n";
  }
  return out;
}

Status append_step_outputs(const std::string& path, const StepOutputs& outputs) {
  std::ofstream file(path, std::ios::binary | std::ios::app);
  if (!file) return make_error("cannot open the step output file for appending", path);
  file << render_step_outputs(outputs);
  file.flush();
  if (!file) return make_error("cannot write the step outputs", path);
  return Ok{};
}

}  // namespace issuelint::action
