#include "bot/sweep/sweep_report.h"

#include <ostream>
#include <utility>
#include <vector>

#include "bot/report/inert_text.h"

namespace issuelint::sweep {

namespace {

constexpr int kBarWidth = 30;

std::string row(const std::string& name, int value) {
  std::string out = "  " + name;
  out.resize(22, ' ');
  const std::string number = std::to_string(value);
  out += std::string(number.size() < 8 ? 8 - number.size() : 0, ' ') + number + "\n";
  return out;
}

}  // namespace

std::string progress_bar(int done, int total, int width) {
  const int filled =
      total <= 0 ? width : static_cast<int>(static_cast<long long>(done) * width / total);
  std::string bar = "[" + std::string(static_cast<std::size_t>(filled), '#') +
                    std::string(static_cast<std::size_t>(width - filled), '-') + "]";
  return bar + " " + std::to_string(done) + "/" + std::to_string(total);
}

void ProgressDisplay::listed(int open_issues, int to_do) {
  out_ << "sweep: " << open_issues << " open issues, " << to_do << " to triage\n";
  out_.flush();
}

void ProgressDisplay::issue_done(int index, int to_do, int number, const TriageOutcome& outcome) {
  const std::string detail = truncate_code_points(one_line(outcome.detail), 200);
  if (!terminal_) {
    out_ << "sweep: " << index << "/" << to_do << " #" << number << ": " << detail << '\n';
    out_.flush();
    return;
  }
  // \r back to the start, \x1b[K clears what a longer previous line left.
  bar_ = progress_bar(index, to_do, kBarWidth) + "  #" + std::to_string(number);
  out_ << '\r' << bar_ << "\x1b[K";
  out_.flush();
  bar_drawn_ = true;
}

void ProgressDisplay::log(std::string_view line) {
  if (!bar_drawn_) {
    out_ << line << '\n';
  } else {
    out_ << "\r\x1b[K" << line << '\n' << bar_ << "\x1b[K";
  }
  out_.flush();
}

void ProgressDisplay::finish() {
  if (bar_drawn_) out_ << '\n';
  bar_drawn_ = false;
  out_.flush();
}

std::string render_sweep_summary(const SweepRun& run, bool dry_run, const std::string& state_path) {
  const SweepCounts& counts = run.state.counts;
  std::string out = "issuelint sweep " + run.state.repository +
                    (dry_run ? " (dry run: nothing written; counts are what would be)" : "") + "\n";
  const std::vector<std::pair<std::string, int>> rows = {
      {"issues seen", counts.seen},
      {"matched", counts.matched},
      {"clean", counts.clean},
      {"needing info", counts.needs_info},
      {"labels changed", counts.labels_changed},
      {"comments written", counts.comments_written},
      {"errors", counts.errors}};
  for (const auto& [name, value] : rows) out += row(name, value);
  if (run.resumed_after > 0) {
    out += "resumed after #" + std::to_string(run.resumed_after) + "; " +
           std::to_string(run.handled) + " issues in this run\n";
  }
  if (!run.state.failed.empty()) {
    out += "could not triage:";
    for (int number : run.state.failed) out += " #" + std::to_string(number);
    out += "\n";
  }
  out += std::string(end_name(run.end));
  if (!run.reason.empty()) out += ": " + one_line(run.reason);
  out += "\n";
  // A state that could not be saved holds nothing to continue from.
  const bool resumable =
      run.end != SweepRun::End::finished && run.end != SweepRun::End::state_not_saved;
  if (resumable && run.listed && !dry_run && !state_path.empty()) {
    out += "run the same command again to continue" +
           (run.state.last_completed > 0 ? " after #" + std::to_string(run.state.last_completed)
                                         : std::string(" from the first issue")) +
           " (state: " + state_path + ")\n";
  }
  return out;
}

}  // namespace issuelint::sweep
