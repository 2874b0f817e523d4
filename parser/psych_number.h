// Plain YAML scalars that GitHub's reader, Psych, takes for numbers, and the text Ruby then shows
// for them: an issue form's dropdown offers `3.10` as "3.1" and writes "3.1" into the issue
// (RasaHQ/rasa#11634, PyCQA/bandit#997).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace issuelint {

// The text Ruby's to_s gives for the number Psych reads from the plain scalar `text` (an
// integer, also octal `010`, hex `0x1F`, binary `0b11`, with `_` or `,` between digits; a decimal
// with a point, `3.10`, `.5`, `1.5e+3`); nothing when Psych reads it as something else (text, a
// version such as `1.2.3`, a boolean). Sexagesimal `1:30` and `.inf` are not read.
std::optional<std::string> psych_number_text(std::string_view text);

}  // namespace issuelint
