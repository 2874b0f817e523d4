// The base of every rule configured from YAML: its documentation, plus the optional `message`
// and `help` an entry may give to override the kind's own wording.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "parser/result.h"
#include "rules/rule.h"

namespace issuelint {

class ConfiguredRule : public Rule {
 public:
  ConfiguredRule(RuleInfo info, std::string message, std::string help)
      : Rule(std::move(info)), message_(std::move(message)), help_(std::move(help)) {}

  // The entry's own `message` and `help` ("" where the kind's wording is used): fixed text of
  // the maintainer's, nothing of the issue in it, so the triage comment keeps its links.
  std::string_view own_message() const { return message_; }
  std::string_view own_help() const { return help_; }

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

// A name an entry must give (`section`, `option`): "KIND needs 'KEY'" when absent, a type error
// at its line when not text. It is empty only in a built-in pack's entry that the template fills
// in (generic.yml, template_rules.cpp): a user's empty name would make the rule say at every
// check that it could not run.
// A list an entry gives (`sections`): given empty, the rule would check nothing, or (for
// section-present) every section, the opposite of what it says; only a built-in pack's entry that
// the template fills in leaves it empty.
Result<std::vector<std::string>> read_name_list(const YamlNode& entry, const char* key,
                                                const RuleInfo& info, const std::string& source);
Result<std::string> read_required_name(const YamlNode& entry, const char* key, const RuleInfo& info,
                                       const std::string& source);

}  // namespace issuelint
