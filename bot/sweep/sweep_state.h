// Where a sweep has got to, kept in a small JSON file so an interrupted sweep (Ctrl-C, a rate
// limit longer than the client waits, a crash) continues where it stopped instead of starting
// over, and no issue is triaged twice.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "bot/label_changes.h"
#include "parser/result.h"

namespace issuelint::sweep {

// Totals over the whole sweep, across resumed runs.
struct SweepCounts {
  int seen = 0;              // open issues (not pull requests) handled
  int matched = 0;           // a template matched
  int clean = 0;             // matched and ok
  int needs_info = 0;        // matched and needs-info
  int labels_changed = 0;    // labels added plus labels removed (dry run: that would be)
  int comments_written = 0;  // comments created or updated (dry run: that would be)
  int errors = 0;            // issues that could not be triaged
};

struct SweepState {
  std::string repository;  // "owner/name": a state file is refused for another repository
  int last_completed = 0;  // issues are swept in ascending number; all up to here are done
  bool finished = false;   // the last run reached the end: the next one starts afresh
  SweepCounts counts;
  std::vector<int> failed;  // issues that could not be triaged (re-run with --restart)
  // By issue: the labels the bot changed there that no report of its records yet (its comment
  // could not be written). Handed to the next triage, in this sweep or a later one, so
  // that the bot's own change is not read as a person's; kept across --restart and finished runs.
  std::map<int, LabelChanges> unrecorded;
};

// nullopt when the file does not exist; an error when it exists but cannot be read.
Result<std::optional<SweepState>> load_sweep_state(const std::string& path);

// Written to a temporary file and renamed over the old one, so a crash mid-write leaves the
// previous state, never a torn one. Creates the directory.
Status save_sweep_state(const std::string& path, const SweepState& state);

// <data_dir>/sweep-<owner>-<name>.json
std::string default_state_path(const std::string& data_dir, const std::string& repository);

}  // namespace issuelint::sweep
