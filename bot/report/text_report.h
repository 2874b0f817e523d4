// Compiler-style text output of a verdict, as clang and rustc print diagnostics:
//
//   draft.md:42:3: error: the SQL block is empty [sql-block-required]
//     help: paste the migration's SQL between the fences
//   draft.md: error: the section "Rollback Plan" is missing [section-required]
//   draft.md: 2 errors, 0 warnings, 1 note (template db-migration): needs-info
//
// A finding with no place (line 0: a missing section, the title) is printed "FILE: severity:"
// with no numbers, as compilers do for whole-file diagnostics. Severity info prints as "note",
// the word compilers and editors' problem matchers know. Text from the issue is put on one line
// and stripped of control characters, so it cannot move the cursor or forge a line of output.
#pragma once

#include <string>
#include <string_view>

#include "rules/finding.h"
#include "rules/verdict.h"

namespace issuelint {

struct TextReportOptions {
  bool colour = false;  // ANSI colours; the caller decides (a terminal, NO_COLOR...)
};

// Whether text output is coloured: --color always or never, else on a terminal unless
// NO_COLOR (`no_color`, null when unset) is present and not empty, as no-color.org says, or the
// terminal says it shows no colour (`term`, TERM: "dumb", as Emacs' shell buffers set it).
bool colour_wanted(std::string_view setting, bool to_terminal, const char* no_color,
                   const char* term = nullptr);

// "error", "warning" or "note".
std::string_view text_severity_name(Severity severity);

// The finding's line and, when it has help, its "  help: " line; each ends with '\n'.
std::string render_text_finding(std::string_view file, const Finding& finding,
                                const TextReportOptions& options);

// "draft.md: 3 errors, 1 warning, 2 notes (template db-migration): needs-info\n"
std::string render_text_summary(std::string_view file, const Verdict& verdict);

// Every finding in order, then the summary line.
std::string render_text_report(std::string_view file, const Verdict& verdict,
                               const TextReportOptions& options);

}  // namespace issuelint
