#pragma once
// What a yaml-cpp exception says, in words a maintainer can act on.

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/exceptions.h>

#include <string>

namespace issuelint {

// yaml-cpp stops at 2000 levels of nesting (its guard against stack exhaustion) and says only
// "bad file" when it does, which reads like an unreadable file rather than a nesting limit.
inline std::string yaml_error_message(const YAML::Exception& error) {
  if (dynamic_cast<const YAML::DeepRecursion*>(&error) != nullptr) {
    return "nested too deeply (the YAML reader stops at 2000 levels)";
  }
  return error.msg;
}

}  // namespace issuelint
