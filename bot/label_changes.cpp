#include "bot/label_changes.h"

#include <algorithm>

namespace issuelint {

namespace {

void erase_label(std::vector<std::string>& names, std::string_view name) {
  std::erase_if(names, [&](const std::string& other) { return same_label(other, name); });
}

bool changes_label(const LabelChanges& changes, std::string_view name) {
  return contains_label(changes.added, name) || contains_label(changes.removed, name) ||
         contains_label(changes.unconfirmed_added, name) ||
         contains_label(changes.unconfirmed_removed, name);
}

// `earlier`'s labels that `later` does not change again, then `later`'s.
void keep_latest(std::vector<std::string>& net, const std::vector<std::string>& earlier,
                 const std::vector<std::string>& later, const LabelChanges& later_changes) {
  for (const std::string& name : earlier) {
    if (!changes_label(later_changes, name)) add_label_once(net, name);
  }
  for (const std::string& name : later) add_label_once(net, name);
}

}  // namespace

LabelChanges followed_by(const LabelChanges& earlier, const LabelChanges& later) {
  LabelChanges net;
  keep_latest(net.added, earlier.added, later.added, later);
  keep_latest(net.removed, earlier.removed, later.removed, later);
  keep_latest(net.unconfirmed_added, earlier.unconfirmed_added, later.unconfirmed_added, later);
  keep_latest(net.unconfirmed_removed, earlier.unconfirmed_removed, later.unconfirmed_removed,
              later);
  return net;
}

void count_as_the_bots(const LabelChanges& changes, const std::vector<std::string>& current,
                       LabelMemory& memory) {
  for (const std::string& name : changes.added) add_label_once(memory.applied, name);
  for (const std::string& name : changes.removed) erase_label(memory.applied, name);
  const auto as_it_is_now = [&](const std::string& name) {
    if (contains_label(current, name)) {
      add_label_once(memory.applied, name);
    } else {
      erase_label(memory.applied, name);
    }
  };
  std::for_each(changes.unconfirmed_added.begin(), changes.unconfirmed_added.end(), as_it_is_now);
  std::for_each(changes.unconfirmed_removed.begin(), changes.unconfirmed_removed.end(),
                as_it_is_now);
}

}  // namespace issuelint
