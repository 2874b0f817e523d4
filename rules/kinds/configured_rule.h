// The base of every rule configured from YAML: its documentation, plus the optional `message`
// and `help` an entry may give to override the kind's own wording.
#pragma once

#include <string>

#include "rules/rule.h"

namespace issuelint {

class ConfiguredRule : public Rule {
 public:
  ConfiguredRule(RuleInfo info, std::string message, std::string help)
      : Rule(std::move(info)), message_(std::move(message)), help_(std::move(help)) {}

 protected:
  const std::string& message_or(const std::string& fallback) const {
    return message_.empty() ? fallback : message_;
  }
  const std::string& help_or(const std::string& fallback) const {
    return help_.empty() ? fallback : help_;
  }

 private:
  std::string message_;
  std::string help_;
};

// The `message` and `help` keys of an entry ("" when absent).
std::string entry_text(const YamlNode& entry, const char* key);

}  // namespace issuelint
