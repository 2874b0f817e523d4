#include "bot/label_changes.h"

#include <catch2/catch.hpp>

using namespace issuelint;

TEST_CASE("label changes in a row: each label as its latest change left it") {
  const LabelChanges removed{{}, {"needs-info", "migration:data"}};
  const LabelChanges added_back{{"Needs-Info", "risk:data-loss"}, {}};
  const LabelChanges net = followed_by(removed, added_back);
  CHECK(net.added == std::vector<std::string>{"Needs-Info", "risk:data-loss"});
  CHECK(net.removed == std::vector<std::string>{"migration:data"});
  const LabelChanges removed_again = followed_by(net, LabelChanges{{}, {"needs-info"}});
  CHECK(removed_again.added == std::vector<std::string>{"risk:data-loss"});
  CHECK(removed_again.removed == std::vector<std::string>{"migration:data", "needs-info"});
  CHECK(followed_by({}, removed) == removed);
  CHECK(followed_by(removed, {}) == removed);
}

TEST_CASE("label changes of failed attempts count in the memory as the bot's") {
  LabelMemory memory;
  memory.applied = {"needs-info", "migration:data"};
  count_as_the_bots(LabelChanges{{"risk:data-loss"}, {"Needs-Info"}}, {}, memory);
  CHECK(memory.applied == std::vector<std::string>{"migration:data", "risk:data-loss"});
  CHECK(memory.suppressed.empty());
}

TEST_CASE("a label write GitHub did not confirm is the bot's while the label is on the issue") {
  LabelMemory memory;
  memory.applied = {"needs-info", "migration:data"};
  const LabelChanges unconfirmed{{}, {}, {"risk:data-loss", "sql:breaking"}, {"Needs-Info"}};
  count_as_the_bots(unconfirmed, {"risk:data-loss", "needs-info"}, memory);
  CHECK(memory.applied ==
        std::vector<std::string>{"needs-info", "migration:data", "risk:data-loss"});
  memory.applied = {"needs-info", "migration:data"};
  count_as_the_bots(unconfirmed, {}, memory);
  CHECK(memory.applied == std::vector<std::string>{"migration:data"});
  // The latest change of a label counts, confirmed or not.
  const LabelChanges net = followed_by(LabelChanges{{}, {"needs-info"}}, unconfirmed);
  CHECK(net.removed.empty());
  CHECK(net.unconfirmed_removed == std::vector<std::string>{"Needs-Info"});
  CHECK(followed_by(unconfirmed, LabelChanges{{"sql:breaking"}, {}}).unconfirmed_added ==
        std::vector<std::string>{"risk:data-loss"});
}
