// Hand-built verdicts and a rule catalog shared by the report tests, and the golden-file check.
//
// Golden files live in fixtures/report/. To rewrite them after an intended change, run the
// tests with ISSUELINT_UPDATE_GOLDENS=1 and review the diff like code:
//   ISSUELINT_UPDATE_GOLDENS=1 ./build/h-report/tests/test_report
#pragma once

#include <string>
#include <vector>

#include "rules/rule_info.h"
#include "rules/verdict.h"

namespace issuelint::report_test {

Finding make_finding(std::string rule, Severity severity, std::string section, int line, int column,
                     std::string message, std::string help = {});

// A db-migration draft with errors in several sections, a missing section, a title finding,
// warnings and a note.
Verdict needs_info_verdict();
// Everything there: no finding.
Verdict clean_verdict();
// No error, but advice.
Verdict clean_with_advice_verdict();
// No template matched.
Verdict no_template_verdict();

std::vector<RuleInfo> sample_catalog();
const RuleInfo* find_rule(const std::vector<RuleInfo>& catalog, std::string_view id);

// Compares actual with fixtures/report/<name>, or rewrites it under ISSUELINT_UPDATE_GOLDENS=1.
void check_golden(const std::string& name, const std::string& actual);

std::string read_file(const std::string& path);

}  // namespace issuelint::report_test
