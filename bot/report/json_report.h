// The JSON verdict of docs/contracts ("JSON verdict"): what `check --format json` prints and
// what the bot acts on. Keys keep the contract's order (ordered_json) so the output reads like
// the documentation. Several files print as JSON Lines: one compact object a line.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "rules/finding.h"
#include "rules/verdict.h"

namespace issuelint {

// {"rule","severity","section","line","column","message","help"}
nlohmann::ordered_json finding_to_json(const Finding& finding);

// {"template","verdict","findings","labels":{"want","add","remove"},"comment"}; "template" is ""
// when no template matched.
nlohmann::ordered_json verdict_to_json(const Verdict& verdict);

// Indented two spaces, ending with a newline: `check --format json` for one file.
std::string render_json_report(const Verdict& verdict);

// One line, ending with a newline: one record of the JSON Lines printed for several files. The
// verdict's members, then "file" (as given; "<stdin>" for -): a line filtered out of the rest
// (`jq 'select(.verdict == "needs-info")'`) still names its draft, as a file's "error" line does.
std::string render_json_line(const Verdict& verdict, std::string_view file);

}  // namespace issuelint
