// The step outputs an Action step writes to GITHUB_OUTPUT, so that later steps of the workflow
// can act on the verdict (`if: steps.issuelint.outputs.verdict == 'needs-info'`): the step
// itself succeeds whatever the verdict.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bot/repository_triage.h"
#include "parser/result.h"

namespace issuelint::action {

// Every output, in the order written; action.yml declares each of them (a test checks).
inline constexpr std::array<std::string_view, 9> kStepOutputNames = {
    "verdict", "template",     "errors",         "warnings", "notes",
    "labels",  "labels-added", "labels-removed", "comment"};

using StepOutputs = std::vector<std::pair<std::string, std::string>>;

// The outputs for a run: what the triage in `report` decided and wrote; for a run that judged
// nothing (no report, or no triage in it), an empty verdict, zero counts, `[]` and `none`, so
// that `fromJSON(steps.X.outputs.labels)` works whatever happened.
StepOutputs step_outputs(const RepositoryTriageReport* report);

// `name=value` lines, or `name<<DELIMITER` blocks for a value with a line break, in the file
// command syntax of GitHub's runner; the delimiter never occurs in its value.
std::string render_step_outputs(const StepOutputs& outputs);

// Appends the rendered outputs to the file at `path` (GITHUB_OUTPUT).
Status append_step_outputs(const std::string& path, const StepOutputs& outputs);

}  // namespace issuelint::action
