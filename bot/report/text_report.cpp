#include "bot/report/text_report.h"

#include <algorithm>

#include "bot/report/inert_text.h"

namespace issuelint {

namespace {

// A help line or message longer than this is no longer read; the JSON output keeps it whole.
constexpr std::size_t kMaxTextCodePoints = 2000;

constexpr std::string_view kReset = "\x1b[0m";
constexpr std::string_view kBold = "\x1b[1m";

std::string_view severity_colour(Severity severity) {
  switch (severity) {
    case Severity::error:
      return "\x1b[1;31m";
    case Severity::warning:
      return "\x1b[1;35m";
    case Severity::info:
      return "\x1b[1;36m";
  }
  return "";
}

std::string location(std::string_view file, const Finding& finding) {
  std::string out(one_line(file));
  if (finding.line > 0) {
    out += ':' + std::to_string(finding.line);
    if (finding.column > 0) out += ':' + std::to_string(finding.column);
  }
  return out;
}

std::string painted(std::string_view text, std::string_view colour, bool enabled) {
  if (!enabled) return std::string(text);
  return std::string(colour) + std::string(text) + std::string(kReset);
}

std::string plural(std::size_t count, std::string_view noun) {
  std::string out = std::to_string(count) + ' ' + std::string(noun);
  if (count != 1) out += 's';
  return out;
}

std::string clean(std::string_view text) {
  return truncate_code_points(one_line(text), kMaxTextCodePoints);
}

}  // namespace

std::string_view text_severity_name(Severity severity) {
  return severity == Severity::info ? "note" : severity_name(severity);
}

std::string render_text_finding(std::string_view file, const Finding& finding,
                                const TextReportOptions& options) {
  const bool colour = options.colour;
  std::string out = painted(location(file, finding) + ":", kBold, colour);
  out += ' ';
  out += painted(std::string(text_severity_name(finding.severity)) + ":",
                 severity_colour(finding.severity), colour);
  out += ' ';
  out += painted(clean(finding.message), kBold, colour);
  out += " [" + clean(finding.rule) + "]\n";
  const std::string help = clean(finding.help);
  if (!help.empty()) out += "  " + painted("help:", kBold, colour) + ' ' + help + '\n';
  return out;
}

std::string render_text_summary(std::string_view file, const Verdict& verdict) {
  const auto count = [&](Severity severity) {
    return static_cast<std::size_t>(
        std::count_if(verdict.findings.begin(), verdict.findings.end(),
                      [severity](const Finding& finding) { return finding.severity == severity; }));
  };
  std::string out(one_line(file));
  out += ": " + plural(count(Severity::error), "error") + ", " +
         plural(count(Severity::warning), "warning") + ", " + plural(count(Severity::info), "note");
  out += verdict.template_matched ? " (template " + clean(verdict.template_id) + ")"
                                  : std::string(" (no template matched)");
  out += ": " + std::string(outcome_name(verdict.outcome)) + '\n';
  return out;
}

bool colour_wanted(std::string_view setting, bool to_terminal, const char* no_color,
                   const char* term) {
  if (setting == "always") return true;
  if (setting == "never") return false;
  const bool no_color_set = no_color != nullptr && *no_color != '\0';
  const bool dumb_terminal = term != nullptr && std::string_view(term) == "dumb";
  return to_terminal && !no_color_set && !dumb_terminal;
}

std::string render_text_report(std::string_view file, const Verdict& verdict,
                               const TextReportOptions& options) {
  std::string out;
  for (const Finding& finding : verdict.findings) {
    out += render_text_finding(file, finding, options);
  }
  out += render_text_summary(file, verdict);
  return out;
}

}  // namespace issuelint
