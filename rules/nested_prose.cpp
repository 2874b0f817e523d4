#include "rules/nested_prose.h"

#include <algorithm>

namespace issuelint {

ProseRange nested_prose(const IssueDocument& document, std::size_t first, int section, int column) {
  std::size_t end = first;
  while (end < document.prose.size() && document.prose[end].section == section &&
         document.prose[end].position.column > column) {
    ++end;
  }
  return {std::min(first, end), end};
}

ProseRange nested_under_box(const IssueDocument& document, std::size_t box) {
  const Checkbox& item = document.checkboxes[box];
  // Prose is in document order: the first after the box's line (few boxes ask: a linear find).
  const auto first = static_cast<std::size_t>(
      std::find_if(document.prose.begin(), document.prose.end(),
                   [&](const Prose& prose) { return prose.position.line > item.position.line; }) -
      document.prose.begin());
  ProseRange range = nested_prose(document, first, item.section, item.position.column);
  // A later box of the list (a sibling, or the next list's) ends what is nested under this one.
  for (std::size_t next = box + 1; next < document.checkboxes.size(); ++next) {
    const Checkbox& later = document.checkboxes[next];
    if (later.section != item.section) break;
    if (later.position.column > item.position.column) continue;  // a box nested under it
    while (range.end > range.begin &&
           document.prose[range.end - 1].position.line >= later.position.line) {
      --range.end;
    }
    break;
  }
  return range;
}

}  // namespace issuelint
