// One rule entry of a pack or of .github/issuelint.yml, turned into a Rule:
//   - id: migration-type-chosen      (stable kebab-case; code kinds may omit it)
//     kind: choose                   (see `issuelint rules --kinds`)
//     severity: error                (error | warning | info)
//     summary: ...                   explanation: ...
//     examples: {fail: ..., pass: ...}
//     message: ...  help: ...        (optional wording overrides)
//     ...the kind's own keys
#pragma once

#include <string>

#include "parser/result.h"
#include "rules/rule.h"

namespace issuelint {

Result<RulePtr> build_rule(const YamlNode& entry, const std::string& source,
                           const std::string& pack);

bool is_kebab_case(std::string_view id);

// What to say of a severity `text` that parse_severity refused, with the one a typo or another
// case most likely meant ("warn", "ERROR": "did you mean 'warning'?").
std::string bad_severity_message(std::string_view text);

}  // namespace issuelint
