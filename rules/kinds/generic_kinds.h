// The generic rule kinds: configured from YAML over any template. One kind per file.
#pragma once

#include "rules/rule.h"

namespace issuelint {

RuleKind all_ticked_kind();        // rules/kinds/all_ticked.cpp
RuleKind blank_filled_kind();      // rules/kinds/blank_filled.cpp
RuleKind choose_kind();            // rules/kinds/choose.cpp
RuleKind contradiction_kind();     // rules/kinds/contradiction.cpp
RuleKind dropdown_answer_kind();   // rules/kinds/dropdown_answer.cpp
RuleKind exclusive_kind();         // rules/kinds/exclusive.cpp
RuleKind placeholder_left_kind();  // rules/kinds/placeholder_left.cpp
RuleKind requires_kind();          // rules/kinds/requires.cpp
RuleKind section_filled_kind();    // rules/kinds/section_filled.cpp
RuleKind section_present_kind();   // rules/kinds/section_present.cpp
RuleKind template_filled_kind();   // rules/kinds/template_filled.cpp
RuleKind title_pattern_kind();     // rules/kinds/title_pattern.cpp

}  // namespace issuelint
