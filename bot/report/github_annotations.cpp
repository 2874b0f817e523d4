#include "bot/report/github_annotations.h"

#include <array>

#include "bot/report/inert_text.h"

namespace issuelint {

namespace {

// A message longer than this is not read in an annotation; the JSON output keeps it whole.
constexpr std::size_t kMaxAnnotationCodePoints = 4000;

std::string_view command_name(Severity severity) {
  switch (severity) {
    case Severity::error:
      return "error";
    case Severity::warning:
      return "warning";
    case Severity::info:
      return "notice";
  }
  return "error";
}

std::string escape(std::string_view text, bool property) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '%':
        out += "%25";
        break;
      case '\r':
        out += "%0D";
        break;
      case '\n':
        out += "%0A";
        break;
      case ':':
        out += property ? "%3A" : ":";
        break;
      case ',':
        out += property ? "%2C" : ",";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// Issue text keeps its newlines in an annotation (escaped), but loses other control
// characters, which the runner's log would otherwise interpret.
std::string clean_message(const Finding& finding) {
  std::string message = truncate_code_points(one_line(finding.message), kMaxAnnotationCodePoints);
  const std::string help = truncate_code_points(one_line(finding.help), kMaxAnnotationCodePoints);
  if (!help.empty()) message += "\nhelp: " + help;
  return message;
}

// A file's name is kept as it is, line breaks included (escaped), so the annotation names a
// file that exists; other control characters, invalid UTF-8 and bidi controls are dropped.
std::string file_property(std::string_view file) {
  std::string kept;
  std::size_t start = 0;
  for (std::size_t pos = 0; pos <= file.size(); ++pos) {
    if (pos < file.size() && file[pos] != '\r' && file[pos] != '\n') continue;
    kept += one_line(file.substr(start, pos - start));
    if (pos < file.size()) kept += file[pos];
    start = pos + 1;
  }
  return escape_workflow_property(kept);
}

std::string annotation(const Finding& finding, std::string_view file) {
  std::string properties;
  if (!file.empty()) {
    properties += "file=" + file_property(file);
    if (finding.line > 0) {
      properties += ",line=" + std::to_string(finding.line);
      if (finding.column > 0) properties += ",col=" + std::to_string(finding.column);
    }
    properties += ',';
  }
  properties += "title=" + escape_workflow_property(one_line(finding.rule));
  return "::" + std::string(command_name(finding.severity)) + ' ' + properties +
         "::" + escape_workflow_data(clean_message(finding)) + '\n';
}

std::string unreadable_annotation(std::string_view why) {
  return "::error title=issuelint::" + escape_workflow_data(one_line(why)) + '\n';
}

std::string omission_notice(const std::array<std::size_t, 3>& omitted) {
  std::string counts;
  const auto add = [&](std::size_t count, std::string_view noun) {
    if (count == 0) return;
    if (!counts.empty()) counts += ", ";
    counts += std::to_string(count) + ' ' + std::string(noun) + (count == 1 ? "" : "s");
  };
  add(omitted[static_cast<int>(Severity::error)], "error");
  add(omitted[static_cast<int>(Severity::warning)], "warning");
  add(omitted[static_cast<int>(Severity::info)], "note");
  return "::notice title=issuelint::" +
         escape_workflow_data("issuelint: " + counts +
                              " not shown (GitHub shows 10 annotations of each kind per step); "
                              "run issuelint check for every finding") +
         '\n';
}

// Annotations per kind (error, warning, notice) over every draft, a draft that could not be
// read counting as one error.
std::array<std::size_t, 3> annotation_totals(const std::vector<AnnotatedVerdict>& verdicts) {
  std::array<std::size_t, 3> total{};
  for (const AnnotatedVerdict& annotated : verdicts) {
    if (annotated.verdict == nullptr) {
      ++total[static_cast<int>(Severity::error)];
      continue;
    }
    for (const Finding& finding : annotated.verdict->findings) {
      ++total[static_cast<int>(finding.severity)];
    }
  }
  return total;
}

// How many of each kind are printed; the omission notice is itself a notice: it keeps a slot.
std::array<std::size_t, 3> per_kind_limits(const std::array<std::size_t, 3>& total,
                                           std::size_t max_per_kind) {
  std::array<std::size_t, 3> limit{max_per_kind, max_per_kind, max_per_kind};
  const bool any_over =
      total[0] > max_per_kind || total[1] > max_per_kind || total[2] > max_per_kind;
  if (any_over && limit[static_cast<int>(Severity::info)] > 0) {
    --limit[static_cast<int>(Severity::info)];
  }
  return limit;
}

}  // namespace

std::string escape_workflow_data(std::string_view text) { return escape(text, false); }

std::string escape_workflow_property(std::string_view text) { return escape(text, true); }

std::string render_github_annotations(const Verdict& verdict, const AnnotationOptions& options) {
  return render_github_annotations({AnnotatedVerdict{options.file, &verdict, {}}},
                                   options.max_per_kind);
}

std::string render_github_annotations(const std::vector<AnnotatedVerdict>& verdicts,
                                      std::size_t max_per_kind) {
  std::string out;
  std::array<std::size_t, 3> printed{};
  const std::array<std::size_t, 3> total = annotation_totals(verdicts);
  const std::array<std::size_t, 3> limit = per_kind_limits(total, max_per_kind);
  // Drafts that could not be read come first, but within the limit too: GitHub would drop
  // the ones past it, and the notice would count them as shown.
  const auto error = static_cast<int>(Severity::error);
  for (const AnnotatedVerdict& annotated : verdicts) {
    if (annotated.verdict != nullptr || printed[error] >= limit[error]) continue;
    out += unreadable_annotation(annotated.unreadable);
    ++printed[error];
  }
  for (const AnnotatedVerdict& annotated : verdicts) {
    if (annotated.verdict == nullptr) continue;
    for (const Finding& finding : annotated.verdict->findings) {
      const int kind = static_cast<int>(finding.severity);
      if (printed[kind] >= limit[kind]) continue;
      ++printed[kind];
      out += annotation(finding, annotated.file);
    }
  }
  const std::array<std::size_t, 3> omitted{total[0] - printed[0], total[1] - printed[1],
                                           total[2] - printed[2]};
  if (omitted[0] + omitted[1] + omitted[2] > 0) out += omission_notice(omitted);
  return out;
}

}  // namespace issuelint
