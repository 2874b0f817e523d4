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
  std::vector<std::string> added{};
  std::vector<std::string> removed{};
  // Writes that failed, which GitHub may have made all the same: it answers 5xx after some
  // writes it made, and a connection can break once the request is sent. The next attempt tells
  // by looking: the bot wrote only to its own labels, so such a label is still the bot's while it
  // is on the issue (an add that was made, a remove that was not), and was taken off or never put
  // on by the bot when it is not (and goes on again if the issue calls for it).
  std::vector<std::string> unconfirmed_added{};
  std::vector<std::string> unconfirmed_removed{};

  bool empty() const {
    return added.empty() && removed.empty() && unconfirmed_added.empty() &&
           unconfirmed_removed.empty();
  }
  bool operator==(const LabelChanges&) const = default;
};

// The changes of `earlier`, then those of `later`, with each label once, as its latest change
// left it: a later add cancels an earlier remove, and the other way round (applying all adds,
// then all removes, would lose a label the bot took off and put back).
LabelChanges followed_by(const LabelChanges& earlier, const LabelChanges& later);

// Counts `changes` in the memory read from the bot's report, as if that report had recorded
// them; `current`: the labels the issue has now, which tell how an unconfirmed write ended.
void count_as_the_bots(const LabelChanges& changes, const std::vector<std::string>& current,
                       LabelMemory& memory);

}  // namespace issuelint
