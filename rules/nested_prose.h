// What is written nested under a list item: "- [x] Other:" over "  - payments" / "  - invoices",
// or "- **Core Web Vitals**:" over its "  - LCP: ..." lines. Those lines answer the item, as a
// list nested under "- Related to:" holds the boxes that answer it. One definition for the
// rules that read such answers (blank-filled, placeholder-left, the tables named under Other).
#pragma once

#include <cstddef>

#include "parser/document.h"

namespace issuelint {

// Indices [begin, end) into IssueDocument::prose.
struct ProseRange {
  std::size_t begin = 0;
  std::size_t end = 0;
  bool empty() const { return begin == end; }
};

// The prose from index `first` on that lies in `section` right of `column` (where the item's
// text starts), up to the first that does not: a sibling, the list's end, another section.
ProseRange nested_prose(const IssueDocument& document, std::size_t first, int section, int column);

// The prose nested under the list item of box `box` (an index into IssueDocument::checkboxes):
// the lines after the box's line, right of its '[', before the next box that is not nested
// under it.
ProseRange nested_under_box(const IssueDocument& document, std::size_t box);

}  // namespace issuelint
