// The Markdown an Action step appends to GITHUB_STEP_SUMMARY: what issuelint decided about the
// event's issue and what it changed. Issue text in it is made inert (no pings, no HTML).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "bot/repository_triage.h"
#include "parser/result.h"

namespace issuelint::action {

// GitHub refuses a step summary larger than 1 MiB (and then shows none of it).
inline constexpr std::size_t kStepSummaryLimit = 1024 * 1024;

struct SummaryInput {
  std::string repository;  // "owner/name"
  int issue_number = 0;
  bool dry_run = false;
  const RepositoryTriageReport* report = nullptr;  // what was seen and done (may be partial)
  TriageOutcome outcome;
};

std::string render_job_summary(const SummaryInput& input);

// Appends `markdown` to the file at `path` so the file stays within `limit` bytes: a longer text
// is cut at a line end (never inside a UTF-8 sequence) and ends with a note saying so.
Status append_step_summary(const std::string& path, std::string_view markdown,
                           std::size_t limit = kStepSummaryLimit);

// The cut itself, for a file that already holds `existing` bytes.
std::string fit_summary(std::string_view markdown, std::size_t existing, std::size_t limit);

}  // namespace issuelint::action
