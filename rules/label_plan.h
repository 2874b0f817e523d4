// The label plan: which managed labels to add and remove, relative to what the issue has now,
// honouring people: a managed label the bot applied and a person removed stays off until a
// person adds it back; labels the bot does not manage are never touched.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "rules/verdict.h"

namespace issuelint {

// What the bot remembers between runs (kept in its comment's hidden metadata).
struct LabelMemory {
  std::vector<std::string> applied;     // managed labels the bot added and still sees
  std::vector<std::string> suppressed;  // managed labels a person removed: never re-added
  // Read from a report of the bot's. Without one, a wanted managed label already on the issue
  // counts as the bot's: a run whose comment write failed after its labels went on leaves just
  // that, and nothing else records it (see plan_labels).
  bool recorded = false;
};

struct LabelDecision {
  LabelPlan plan;
  LabelMemory memory;  // to store for the next run
};

// Names compare case-insensitively, as GitHub compares label names.
LabelDecision plan_labels(const std::vector<std::string>& wanted,
                          const std::vector<std::string>& managed,
                          const std::vector<std::string>& current, const LabelMemory& previous);

bool same_label(std::string_view a, std::string_view b);

// GitHub's limits on a label, counted in characters, not bytes ('é' and '🗄' count as one each):
// a name of at most 50, a description of at most 100. GitHub refuses more with a 422.
constexpr std::size_t kLabelNameMaxCharacters = 50;
constexpr std::size_t kLabelDescriptionMaxCharacters = 100;
std::size_t count_characters(std::string_view text);
// A newline or another control character cannot be part of a GitHub label name.
bool has_control_character(std::string_view text);
// Whether `names` holds `name`; adding it unless it does (names compared as above).
bool contains_label(const std::vector<std::string>& names, std::string_view name);
void add_label_once(std::vector<std::string>& names, const std::string& name);

}  // namespace issuelint
