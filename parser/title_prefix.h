// The part of a template's `title:` that an issue keeps as written: the text before the first
// placeholder the author is to replace ("[BUG]: <title>", "Tracking Issue for XXX").
#pragma once

#include <string_view>

namespace issuelint {

struct TitleParts {
  std::string_view prefix;      // "[BUG]: " of "[BUG]: <title>"; the whole title without one
  std::string_view to_replace;  // the rest, from the first placeholder on; empty without one
};

// A placeholder is `<...>`, `{...}`, a word of three or more x's ("XXX"), or "..." ("…").
TitleParts split_title(std::string_view title);

}  // namespace issuelint
