// What a template's guidance tells the author to write when a section does not apply to them:
// godot's form asks for a project, "Required, unless the reproduction steps are trivial ... In
// this case, write "N/A" in the field." Read once per template, never per draft.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace issuelint {

// The keys (normalize_key) of the short answers `guidance` invites: a phrase of up to three
// words in quotes ("N/A", 'TBD', `none`, “n/a”) or in bold, and an unquoted "N/A", unless the
// guidance says not to write it ("do not write N/A", "N/A is not an answer"). Each key once.
std::vector<std::string> invited_answers(std::string_view guidance);

}  // namespace issuelint
