// GitHub Actions workflow commands, one annotation a finding:
//
//   ::error file=F,line=L,col=C,title=RULE::message%0Ahelp: …
//
// error → ::error, warning → ::warning, info → ::notice. GitHub shows at most 10 annotations of
// each kind per step, so at most 10 are printed per kind, across all the files of one run, and
// one closing notice says how many were left out (it takes the last notice slot when notices
// would overflow too).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "rules/verdict.h"

namespace issuelint {

struct AnnotationOptions {
  std::string file;               // relative to the workspace; "" → no file/line/col
  std::size_t max_per_kind = 10;  // GitHub's per-step display limit
};

// A command's message: '%' → %25, CR → %0D, LF → %0A ('%' first).
std::string escape_workflow_data(std::string_view text);

// A property value: the data escapes and also ':' → %3A, ',' → %2C.
std::string escape_workflow_property(std::string_view text);

// Every finding as a workflow command line, then the omission notice if any were left out.
std::string render_github_annotations(const Verdict& verdict, const AnnotationOptions& options);

// One draft's verdict and its file ("" → no file/line/col). A draft that could not be read has
// no verdict but `unreadable`, why ("x.md: no such file").
struct AnnotatedVerdict {
  std::string file;
  const Verdict* verdict = nullptr;
  std::string unreadable;
};

// The findings of several drafts, file by file, as one step prints them: the limit per kind
// covers them all, and one closing notice counts what all of them left out. A draft that could
// not be read is an ::error titled issuelint, before every finding (it is never left out): the
// step fails for it, and its annotations say why, as the JSON and SARIF outputs do.
std::string render_github_annotations(const std::vector<AnnotatedVerdict>& verdicts,
                                      std::size_t max_per_kind = 10);

}  // namespace issuelint
