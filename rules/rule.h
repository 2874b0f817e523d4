// A rule: documentation plus a check over one parsed issue. Generic kinds are configured from
// YAML (packs and .github/issuelint.yml); domain kinds (SQL, Drizzle) are code.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "parser/result.h"
#include "parser/yaml_node.h"
#include "rules/rule_info.h"

namespace issuelint {

class LintContext;
class ReferenceTable;

class Rule {
 public:
  // When lint_issue runs the rule. Rules that check whether the template was filled in run
  // first; when one finds it unfilled (an error), only rules that also run then run after it:
  // their other findings would only repeat "fill in the template".
  // reads_findings: a rule whose conditions read other rules' findings (`finding:`, `errors:`)
  // runs after every other, so that it sees them all (not those of other such rules).
  enum class Stage : std::uint8_t {
    checks_template_filled,
    runs_when_unfilled,
    runs_when_filled,
    reads_findings
  };

  explicit Rule(RuleInfo info) : info_(std::move(info)) {}
  virtual ~Rule() = default;
  const RuleInfo& info() const { return info_; }
  RuleInfo& info() { return info_; }
  // Reports findings through context.report(); never throws on bad input.
  virtual void check(LintContext& context) const = 0;
  // Gives each section and option reference the rule holds a slot in `table` (see
  // ReferenceTable); called once, when the rule set is complete. A rule that keeps none has
  // nothing to number.
  virtual void number_references(ReferenceTable& /*table*/) {}
  // Set by the kind (set_stage), so the engine orders rules without knowing kinds by name.
  Stage stage() const { return stage_; }

 protected:
  void set_stage(Stage stage) { stage_ = stage; }

 private:
  RuleInfo info_;
  Stage stage_ = Stage::runs_when_filled;
};

using RulePtr = std::unique_ptr<Rule>;

// Builds a rule of one kind from its YAML entry (the whole mapping: id, kind, severity, and the
// kind's own keys). `info` already holds id/severity/summary/explanation read from the entry;
// the factory validates the kind's keys and returns an Error naming the line on a bad one.
using RuleFactory =
    std::function<Result<RulePtr>(RuleInfo info, const YamlNode& entry, const std::string& source)>;

struct RuleKind {
  std::string name;               // "choose", "contradiction", "sql-undeclared-table"...
  std::string summary;            // what the kind checks
  std::vector<std::string> keys;  // the YAML keys the kind accepts besides the common ones
  RuleFactory make;
  // Defaults for code rules whose documentation lives beside their code; empty for generic kinds.
  RuleInfo defaults;
};

}  // namespace issuelint
