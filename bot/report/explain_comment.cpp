#include "bot/report/explain_comment.h"

#include <algorithm>

#include "bot/report/inert_text.h"
#include "bot/report/text_report.h"

namespace issuelint {

namespace {

constexpr std::string_view kHead = "**issuelint** full diagnostics:\n\n```text\n";

std::string omission_note(std::size_t omitted) {
  if (omitted == 0) return {};
  return "\n_" + std::to_string(omitted) + (omitted == 1 ? " more finding" : " more findings") +
         " not shown: GitHub limits the length of a comment. `issuelint check` on the issue's "
         "body lists them all._\n";
}

}  // namespace

std::string explain_marker(std::string_view delivery_id) {
  std::string id;
  for (char c : delivery_id.substr(0, 100)) {
    const bool kept = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '_' || c == '.';
    if (kept) id += c;
  }
  return "<!-- issuelint:explain " + id + " -->";
}

std::string render_explain_comment(const Verdict& verdict, std::size_t max_code_points,
                                   std::string_view delivery_id) {
  const std::string marker =
      delivery_id.empty() ? std::string() : explain_marker(delivery_id) + "\n";
  max_code_points -= std::min(max_code_points, count_code_points(marker));
  const TextReportOptions plain;
  const std::string tail = render_text_summary("issue", verdict) + "```\n";
  // Room for the longest note there can be, so that the note always fits whatever is left out.
  std::size_t used = count_code_points(kHead) + count_code_points(tail) +
                     count_code_points(omission_note(verdict.findings.size()));
  std::string findings;
  std::size_t shown = 0;
  for (const Finding& finding : verdict.findings) {
    std::string text = render_text_finding("issue", finding, plain);
    const std::size_t size = count_code_points(text);
    if (used + size > max_code_points) break;
    used += size;
    findings += text;
    ++shown;
  }
  return marker + std::string(kHead) + findings + tail +
         omission_note(verdict.findings.size() - shown);
}

}  // namespace issuelint
