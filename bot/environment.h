// Reading settings from the environment where several variables may carry the same setting
// (GITHUB_TOKEN or ISSUELINT_GITHUB_TOKEN), the first one set winning.
#pragma once

#include <initializer_list>
#include <string>

#include "bot/server/serve_config.h"

namespace issuelint {

// The value of the first variable in `names` that is set and not empty; "" when none is.
inline std::string first_set(const EnvironmentLookup& env,
                             std::initializer_list<const char*> names) {
  for (const char* name : names) {
    const std::optional<std::string> value = env(name);
    if (value && !value->empty()) return *value;
  }
  return {};
}

}  // namespace issuelint
