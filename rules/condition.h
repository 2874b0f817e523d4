// Conditions over what an author ticked and wrote, as packs and configuration spell them:
//   ticked: "Migration Type > Data Migration"       a box (section path > option name)
//   ticked_any: ["Sec > A", "Sec > B"]              at least one of these boxes
//   noted: ["Sec > A", "Sec > B"]                   one of them ticked and answered on: words
//                                                    after its wording, or lines under it
//   any_ticked_in: "If breaking, list affected areas"  any box in that section
//   none_ticked_in: "Section"                        no box in that section
//   filled: "Performance Notes"                      the author wrote prose or code there
//   code: "Rollback Script"                          a code block that is not the template's
//   finding: rule-id                                 that rule reported something (a note that
//                                                    it could not run is not something)
//   errors: true                                     any error-level finding
//   sql: breaking                                    the migration SQL drops, renames, changes a
//   type or sets NOT NULL; sql: drops   it drops a table or column (data is lost)
//   any: [conditions]   all: [conditions]   not: condition
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "parser/document.h"
#include "parser/result.h"
#include "parser/yaml_node.h"
#include "rules/finding.h"
#include "rules/lint_context.h"

namespace issuelint {

struct BoxReference {
  SectionReference section;  // a section title or path
  OptionReference option;    // the option's name
  std::string text;          // as written, for messages
};

// "Migration Type > Data Migration": the last '>' separates the option from the section path.
Result<BoxReference> parse_box_reference(std::string_view text);

struct Condition {
  enum class Kind {
    ticked,
    ticked_any,
    noted,
    any_ticked_in,
    none_ticked_in,
    filled,
    code,
    finding,
    errors,
    sql,
    any,
    all,
    negation
  };
  Kind kind = Kind::ticked;
  std::vector<BoxReference> boxes;  // ticked, ticked_any, noted
  SectionReference section;         // any_ticked_in, none_ticked_in, filled, code
  std::string rule;                 // finding
  enum class SqlFact { breaking, drops };
  SqlFact sql_fact = SqlFact::breaking;  // sql
  std::vector<Condition> children;       // any, all, negation (one child)
};

Result<Condition> parse_condition(const YamlNode& node, const std::string& source);

// The `finding: rule-id` nodes of a condition as written (for their ids and places), appended
// to `named`.
void findings_named(const YamlNode& node, std::vector<YamlNode>& named);

// Numbers every section and option the condition and its children name (Rule::number_references).
void number_references(Condition& condition, ReferenceTable& table);

struct ConditionValue {
  bool value = false;
  // Non-empty: a section it needs is absent, value unreliable. The text of the condition's own
  // reference, valid while the condition lives (a string was built and freed at every
  // evaluation, ~45 a flagship check, to stay empty).
  std::string_view missing_section;
};

// Whether the condition, or one inside it, reads other rules' findings (`finding`, `errors`).
bool reads_findings(const Condition& condition);
// Whether the condition, or one inside it, is `finding: rule`.
bool names_finding(const Condition& condition, std::string_view rule);

// `findings` is what rules reported so far; only `finding` and `errors` conditions read it.
ConditionValue evaluate(const Condition& condition, const LintContext& context,
                        const std::vector<Finding>* findings = nullptr);

// A short phrase for messages: "'Breaking' is ticked", "'Performance Notes' is filled".
std::string describe(const Condition& condition);

// Where a finding about this condition belongs: the first ticked box it names, else the
// heading of the first section it names. {0,0} when nothing is found.
SourcePosition anchor_of(const Condition& condition, const LintContext& context,
                         int* section_out = nullptr);

// The section names a condition refers to (for "could not check" messages and validation).
std::vector<std::string> sections_named(const Condition& condition);

}  // namespace issuelint

namespace issuelint {
// The same condition phrased as a requirement: "'Performance Notes' must be filled in".
std::string describe_requirement(const Condition& condition);
}  // namespace issuelint
