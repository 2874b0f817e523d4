#include "rules/finding.h"

#include <algorithm>
#include <tuple>

namespace issuelint {

std::string_view severity_name(Severity severity) {
  switch (severity) {
    case Severity::info:
      return "info";
    case Severity::warning:
      return "warning";
    case Severity::error:
      return "error";
  }
  return "error";
}

bool parse_severity(std::string_view text, Severity& out) {
  if (text == "info" || text == "note") {
    out = Severity::info;
  } else if (text == "warning") {
    out = Severity::warning;
  } else if (text == "error") {
    out = Severity::error;
  } else {
    return false;
  }
  return true;
}

bool title_not_given(const Finding& finding) {
  return finding.did_not_run && finding.section == "title";
}

namespace {

// Placeless findings (line 0) come first: they concern the issue as a whole.
auto sort_key(const Finding& finding) { return std::tie(finding.line, finding.column); }

bool same_finding(const Finding& a, const Finding& b) {
  return a.rule == b.rule && a.line == b.line && a.column == b.column && a.message == b.message &&
         a.section == b.section;
}

}  // namespace

void sort_and_deduplicate(std::vector<Finding>& findings) {
  std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    if (sort_key(a) != sort_key(b)) return sort_key(a) < sort_key(b);
    if (a.severity != b.severity) return a.severity > b.severity;
    if (a.rule != b.rule) return a.rule < b.rule;
    if (a.order != b.order) return a.order < b.order;
    // The section too, so that exact duplicates end up next to each other for std::unique.
    return std::tie(a.message, a.section) < std::tie(b.message, b.section);
  });
  findings.erase(std::unique(findings.begin(), findings.end(), same_finding), findings.end());
}

}  // namespace issuelint
