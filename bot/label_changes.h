// Label changes the bot made on an issue that no report of its records yet. The labels go on
// before the comment that records them, and that write can fail: the next attempt is
// handed these, or it would read a label the bot removed as a person's removal (and never put
// it back), or one it added as a person's (and never take it off).
#pragma once

#include <string>
#include <vector>

#include "rules/label_plan.h"

namespace issuelint {

struct LabelChanges {
  std::vector<std::string> added;
  std::vector<std::string> removed;

  bool empty() const { return added.empty() && removed.empty(); }
  bool operator==(const LabelChanges&) const = default;
};

// The changes of `earlier`, then those of `later`, with each label once, as its latest change
// left it: a later add cancels an earlier remove, and the other way round (applying all adds,
// then all removes, would lose a label the bot took off and put back).
LabelChanges followed_by(const LabelChanges& earlier, const LabelChanges& later);

// Counts `changes` in the memory read from the bot's report, as if that report had recorded
// them.
void count_as_the_bots(const LabelChanges& changes, LabelMemory& memory);

}  // namespace issuelint
