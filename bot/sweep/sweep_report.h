// What a sweep shows a person: a progress bar on a terminal (plain lines otherwise) while it
// runs, and a summary table at the end.
#pragma once

#include <chrono>
#include <iosfwd>
#include <string>
#include <string_view>

#include "bot/sweep/sweep.h"

namespace issuelint::sweep {

// A bar redrawn in place on a terminal; one line per issue when the stream is a file or a pipe
// (CI logs do not understand carriage returns).
class ProgressDisplay final : public SweepObserver {
 public:
  ProgressDisplay(std::ostream& out, bool terminal) : out_(out), terminal_(terminal) {}
  void listed(int open_issues, int to_do) override;
  void issue_done(int index, int to_do, int number, const TriageOutcome& outcome) override;
  // Ends the bar's line so what follows starts on a fresh one.
  void finish();
  // A log line (a retry, a wait) on a line of its own: on a terminal the bar is cleared for it
  // and drawn again below it, rather than the line glued onto the bar.
  void log(std::string_view line);

 private:
  std::ostream& out_;
  bool terminal_;
  bool bar_drawn_ = false;
  std::string bar_;  // the bar as last drawn
};

// The bar itself: "[#####---------------]  25/100  #123"
std::string progress_bar(int done, int total, int width);

// The table of totals, one "name  value" row per count, and the lines saying how the run ended.
std::string render_sweep_summary(const SweepRun& run, bool dry_run, const std::string& state_path);

}  // namespace issuelint::sweep
