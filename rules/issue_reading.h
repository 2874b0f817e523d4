// Reading an issue as its template means it: parse the body, choose the template, and where the
// template marks its parts otherwise than with the issue's headings, read the body again that
// way (parser/reshape.h).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parser/document.h"
#include "rules/template_catalog.h"

namespace issuelint {

struct IssueReading {
  IssueDocument document;  // the body as the chosen template reads it
  std::optional<TemplateChoice> choice;
};

// - A template of bold-line parts (IssueTemplate::bold_headings) is chosen when the body read
//   with its bold lines as headings fits it better than the body as written fits any template.
// - Against an issue form, only headings that are the form's field labels cut the body: any
//   other heading (pasted into an answer) is part of the answer it sits in.
// - `labels`: the issue's labels (none for a draft), which break a tie between templates.
IssueReading read_issue(const TemplateCatalog& catalog, std::string_view body,
                        const std::optional<std::string>& title,
                        const std::vector<std::string>& labels = {});

}  // namespace issuelint
