// Views of an issue body as a template that does not mark its parts with headings reads it.
// Each returns the text with a few lines rewritten in place, keeping the text's length, its line
// breaks and every byte outside the rewritten lines, so that a position in the result is the
// same position in the original: a document parsed from the result reports the author's lines.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "parser/document.h"

namespace issuelint {

// GitHub's own default templates mark their parts with a line of bold text ("**Describe the
// bug**", "**Desktop (please complete the following information):**") instead of a heading.
// The text with such lines (one bold span opening the line, optionally followed by ':',
// indented at most three spaces, outside fenced code) written as `##` headings of the same
// length; std::nullopt when there is none to write.
// - A template's (no `is_part`): a line of the bold span alone that names a part, not a
//   sentence ending in '.' or '!', and two such lines at least (one is a notice, not parts).
// - An issue's against such a template: the lines whose bold text `is_part` says is one of the
//   template's parts; a label followed by its answer on the same line ("**What happened**: it
//   crashed") becomes the heading, and the answer moves onto the blank line below it, which
//   keeps every later line where it was (a label with no blank line after it is left alone).
std::optional<std::string> bold_lines_as_headings(
    std::string_view text, const std::function<bool(std::string_view)>& is_part = nullptr);

// An issue form's body is cut into fields by the form's own `### Label` headings only: a heading
// an author pasted into an answer ("## Summary", or tool output underlined with "-----", which
// Markdown reads as a heading) is part of that answer. The document's text with every heading
// for which `keep` is false made plain text (its marker escaped); std::nullopt when `keep` holds
// for every heading.
std::optional<std::string> headings_as_text(const IssueDocument& document,
                                            const std::function<bool(const Section&)>& keep);

}  // namespace issuelint
