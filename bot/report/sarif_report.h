// SARIF 2.1.0 output (`check --format sarif`), for code scanning and editors.
//
// One run for the whole invocation, with one artifact per file checked: SARIF defines a run as
// one invocation of one tool, and GitHub code scanning merges several runs of the same tool
// poorly. A file given twice is one artifact, its results given once (artifacts must be
// unique). The run's invocation says whether every file was read, with a notification for each
// that was not, and for each other failure of the run (`failures`: a template left out because
// it is refused, each as "where: what"). A title rule that did not run for want of a title
// (no --title) is one note-level notification naming the rule, not a result in every file.
// rules[] is the
// whole catalog sorted by id, then any rule a finding names that the catalog lacks (so every result
// has a ruleIndex). Columns are counted in Unicode code points (run.columnKind), as Finding::column
// is. A finding without a place (line 0) has a location with the artifact but no region.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "rules/rule_info.h"
#include "rules/verdict.h"

namespace issuelint {

struct SarifArtifact {
  SarifArtifact(std::string name, const Verdict* judged) : uri(std::move(name)), verdict(judged) {}
  SarifArtifact(std::string name, std::string why_unreadable)
      : uri(std::move(name)), unreadable(std::move(why_unreadable)) {}

  // The file as given: a relative path (percent-encoded, against %SRCROOT%), an absolute one
  // (a file:// URI), or "<stdin>" (no URI: the artifact is described, not located).
  std::string uri;
  const Verdict* verdict = nullptr;  // nullptr: the file could not be read, for `unreadable`
  std::string unreadable;            // why, as a tool execution notification
};

struct SarifOptions {
  std::string information_uri;  // tool.driver.informationUri; omitted when ""
};

nlohmann::ordered_json render_sarif_json(const std::vector<SarifArtifact>& artifacts,
                                         const std::vector<RuleInfo>& catalog,
                                         const SarifOptions& options = {},
                                         const std::vector<std::string>& failures = {});

// Indented two spaces, ending with a newline.
std::string render_sarif_report(const std::vector<SarifArtifact>& artifacts,
                                const std::vector<RuleInfo>& catalog,
                                const SarifOptions& options = {},
                                const std::vector<std::string>& failures = {});

// "error", "warning" or "note" (SARIF's level for info).
std::string_view sarif_level(Severity severity);

// A relative reference: unreserved characters and '/' kept, every other byte %XX.
std::string sarif_uri(std::string_view path);

}  // namespace issuelint
