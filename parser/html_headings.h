// HTML headings as GitHub shows them: md4c 0.4.8 reads `<h2>Title</h2>` as a paragraph.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "parser/line_index.h"

namespace issuelint {

// The level (1-6) of the HTML heading that `line` (without its line end) is: one element
// `<hN …>Title</hN>`, at most three spaces before it and only blanks after it; 0 for any other
// line.
int html_heading_level(std::string_view line);

// GitHub starts an HTML block at a line `<h2>Title</h2>` and shows a level-2 heading; md4c 0.4.8
// leaves h1-h6 out of its block tags and reads a paragraph. The text with each such line that is
// outside fenced code, an HTML comment and another HTML block written as that ATX heading
// (`## Title`, padded with spaces to the line's length), so that every line keeps its bytes'
// offsets; std::nullopt when the text has none. `lines` indexes `text`.
std::optional<std::string> html_headings_as_atx(std::string_view text, const LineIndex& lines);

}  // namespace issuelint
