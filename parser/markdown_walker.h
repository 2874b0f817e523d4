// Walks md4c's callbacks over a cleaned body and fills an IssueDocument: sections, checkboxes,
// blanks, code blocks, prose and comments, each with its source position.
#pragma once

#include "parser/document.h"
#include "parser/known_texts.h"

namespace issuelint {

// Deeper block nesting than this is still parsed (the walker keeps its own stack, it never
// recurses) but gets a ParseNote: no real template nests this deep.
constexpr int kMaxNestingDepth = 64;

// Fills `document` from document.text; document.lines must already index it. `known`, when
// given, answers for the box labels and headings it holds (see KnownTexts).
void walk_markdown(IssueDocument& document, const KnownTexts* known = nullptr);

}  // namespace issuelint
