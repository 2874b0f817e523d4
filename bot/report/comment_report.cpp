#include "bot/report/comment_report.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

#include "bot/report/inert_text.h"

namespace issuelint {

namespace {

constexpr std::string_view kStatePrefix = "<!-- issuelint:state ";
constexpr std::string_view kStateSuffix = " -->";
constexpr int kStateVersion = 1;

// Bounds on single pieces of quoted text, so one 100 KB line cannot crowd out the rest.
constexpr std::size_t kMaxMessageCodePoints = 1000;
constexpr std::size_t kMaxNameCodePoints = 200;
constexpr std::size_t kMaxTitleCodePoints = 256;  // GitHub's own limit on titles
// Errors listed in the open; more are folded (a template's omissions are rarely more).
constexpr std::size_t kErrorsShownOpen = 10;

using Indices = std::vector<std::size_t>;

std::string trimmed(std::string text) {
  const auto first = text.find_first_not_of(' ');
  if (first == std::string::npos) return {};
  return text.substr(first, text.find_last_not_of(' ') - first + 1);
}

std::string section_label(const std::string& section) {
  if (section == "title") return "Title";
  const std::string name = trimmed(one_line(section));
  if (name.empty()) return "The issue as a whole";
  // A section path is headings' text with their code spans' fences gone: a backtick left is
  // literal ("a`b"), and shown as such.
  return markdown_literal(name, kMaxNameCodePoints);
}

// Where a finding's section comes when the author reads the issue: the title, then sections
// by their first line, then what has no place (in the verdict's order).
std::vector<std::size_t> group_ranks(const std::vector<Finding>& findings) {
  std::map<std::string, std::tuple<int, int, std::size_t>> order;  // section → (kind, line, first)
  for (std::size_t i = 0; i < findings.size(); ++i) {
    const Finding& finding = findings[i];
    const int kind = finding.section == "title" ? 0 : finding.line > 0 ? 1 : 2;
    const int line = finding.line > 0 ? finding.line : 0;
    auto [it, inserted] = order.try_emplace(finding.section, kind, line, i);
    if (inserted) continue;
    auto& [old_kind, old_line, old_first] = it->second;
    if (std::tie(kind, line) < std::tie(old_kind, old_line)) {
      old_kind = kind;
      old_line = line;
    }
    (void)old_first;
  }
  std::vector<std::tuple<int, int, std::size_t, std::string>> sorted;
  for (const auto& [section, key] : order) {
    sorted.emplace_back(std::get<0>(key), std::get<1>(key), std::get<2>(key), section);
  }
  std::sort(sorted.begin(), sorted.end());
  std::map<std::string, std::size_t> rank_of;
  for (std::size_t rank = 0; rank < sorted.size(); ++rank)
    rank_of[std::get<3>(sorted[rank])] = rank;
  std::vector<std::size_t> ranks(findings.size());
  for (std::size_t i = 0; i < findings.size(); ++i) ranks[i] = rank_of[findings[i].section];
  return ranks;
}

// Errors first (in reading order), then warnings, then notes: what is cut when the comment
// would be too long is cut from the end.
Indices priority_order(const std::vector<Finding>& findings) {
  const std::vector<std::size_t> ranks = group_ranks(findings);
  Indices order(findings.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (findings[a].severity != findings[b].severity) {
      return findings[a].severity > findings[b].severity;
    }
    return ranks[a] < ranks[b];
  });
  return order;
}

std::string plural(std::size_t count, std::string_view noun) {
  return std::to_string(count) + ' ' + std::string(noun) + (count == 1 ? "" : "s");
}

std::size_t error_count(const std::vector<Finding>& findings) {
  return static_cast<std::size_t>(
      std::count_if(findings.begin(), findings.end(),
                    [](const auto& f) { return f.severity == Severity::error; }));
}

nlohmann::ordered_json sorted_labels(const std::vector<std::string>& labels) {
  const std::set<std::string> unique(labels.begin(), labels.end());
  nlohmann::ordered_json json = nlohmann::ordered_json::array();
  for (const std::string& label : unique) json.push_back(valid_utf8(label));
  return json;
}

// Reads a label list of the state; a missing key is an empty list (older comments lack it).
bool read_labels(const nlohmann::json& state, const char* key, std::vector<std::string>& out) {
  const auto found = state.find(key);
  if (found == state.end()) return true;
  if (!found->is_array()) return false;
  for (const auto& label : *found) {
    if (!label.is_string()) return false;
    out.push_back(label.get<std::string>());
  }
  std::sort(out.begin(), out.end());
  return true;
}

std::string state_line(const Verdict& verdict) {
  nlohmann::ordered_json state;
  state["v"] = kStateVersion;
  state["applied"] = sorted_labels(verdict.applied_labels);
  state["suppressed"] = sorted_labels(verdict.suppressed_labels);
  // A label named "-->" must not end the HTML comment: JSON may spell these as \u escapes.
  std::string json;
  for (char c : state.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace)) {
    if (c == '<') {
      json += "\\u003c";
    } else if (c == '>') {
      json += "\\u003e";
    } else if (c == '&') {
      json += "\\u0026";
    } else {
      json += c;
    }
  }
  return std::string(kStatePrefix) + json + std::string(kStateSuffix) + '\n';
}

// A pass says "everything is here" only when nothing was left to say: a warning (a section
// the template asks for missing) or a check that could not run (its section renamed away, so
// the SQL was never read) would make that line the opposite of the details below it.
std::string passing_headline(const std::vector<Finding>& findings) {
  std::size_t warnings = 0;
  std::size_t not_run = 0;
  bool one_section = true;  // the notes name one missing section between them
  for (const Finding& finding : findings) {
    // A title not checked (a local check given no --title) is the command line's, not the
    // issue's: the bot always has the title.
    if (title_not_given(finding)) continue;
    if (finding.did_not_run) {
      ++not_run;
      one_section = not_run == 1 && finding.message.find("the sections ") == std::string::npos;
    } else if (finding.severity == Severity::warning) {
      ++warnings;
    }
  }
  if (warnings == 0 && not_run == 0) {
    return "**issuelint:** everything the template asks for is here. \xE2\x9C\x85\n";
  }
  std::string out = "**issuelint:** nothing blocks this issue, but ";
  if (warnings > 0) out += plural(warnings, "warning") + (warnings == 1 ? " is" : " are");
  if (warnings > 0 && not_run > 0) out += " worth a look and ";
  // One note for all the checks that skipped the same sections (LintContext::report_cannot_check).
  if (not_run > 0) {
    out += one_section ? "some checks could not run, for a section they read is missing"
                       : "some checks could not run, for sections they read are missing";
  } else {
    out += " worth a look";
  }
  return out + ".\n";
}

std::string headline(const Verdict& verdict) {
  // Not a pass: a draft that follows no template was not checked at all.
  if (verdict.outcome == Outcome::ok && !verdict.template_matched) {
    return "**issuelint:** this issue was not checked: it follows none of this repository's "
           "issue templates.\n";
  }
  if (verdict.outcome == Outcome::ok) return passing_headline(verdict.findings);
  const std::size_t errors = error_count(verdict.findings);
  std::string out = "**issuelint:** this issue needs more information";
  if (errors > 0) out += ": " + plural(errors, "problem") + " to fix";
  out += ".\n";
  if (verdict.template_matched && !verdict.template_name.empty()) {
    out += "It was checked against the **" +
           trimmed(markdown_inline(verdict.template_name, kMaxNameCodePoints)) +
           "** issue template.\n";
  } else if (!verdict.template_matched) {
    out += "It matches none of this repository's issue templates.\n";
  }
  return out;
}

std::string place(const Finding& finding) {
  return finding.line > 0 ? "line " + std::to_string(finding.line) + ", " : std::string();
}

// The maintainer's words (the configuration's `message` or `help`, said as written) keep their
// links; any other text may quote the issue, and is made inert.
std::string finding_markdown(const std::string& text, std::string_view own_words) {
  if (!own_words.empty() && text == own_words) {
    return markdown_with_links(text, kMaxMessageCodePoints);
  }
  return markdown_inline(text, kMaxMessageCodePoints);
}

std::string finding_text(const Finding& finding, const CommentOptions& options) {
  const RuleWording wording =
      options.rule_wording ? options.rule_wording(finding.rule) : RuleWording{};
  std::string out = finding_markdown(finding.message, wording.message);
  out += " (" + place(finding) + markdown_code_span(finding.rule) + ")";
  const std::string help = finding_markdown(finding.help, wording.help);
  if (!help.empty()) out += "\n  \xE2\x86\x92 " + help;  // "→ help" on the next line
  return out + '\n';
}

// Checklist items under their sections' names, in the order given.
std::string error_items(const std::vector<Finding>& findings, const Indices& errors,
                        const CommentOptions& options) {
  std::string out;
  const std::string* current_section = nullptr;
  for (std::size_t index : errors) {
    const Finding& finding = findings[index];
    if (current_section == nullptr || *current_section != finding.section) {
      current_section = &finding.section;
      out += "\n**" + section_label(finding.section) + "**\n\n";
    }
    out += "- [ ] " + finding_text(finding, options);
  }
  return out;
}

// The first kErrorsShownOpen errors in the open, the rest folded: everyone reading the issue
// scrolls past the comment, while its author opens the fold once.
std::string errors_section(const std::vector<Finding>& findings, const Indices& shown,
                           const CommentOptions& options) {
  Indices errors;
  std::copy_if(shown.begin(), shown.end(), std::back_inserter(errors),
               [&](std::size_t index) { return findings[index].severity == Severity::error; });
  if (errors.empty()) return {};
  const auto fold =
      errors.begin() + static_cast<std::ptrdiff_t>(std::min(errors.size(), kErrorsShownOpen));
  std::string out =
      "\n### How to fix\n" + error_items(findings, Indices(errors.begin(), fold), options);
  if (fold == errors.end()) return out;
  const std::size_t folded = static_cast<std::size_t>(errors.end() - fold);
  return out + "\n<details><summary>" + plural(folded, "more problem") + " to fix</summary>\n" +
         error_items(findings, Indices(fold, errors.end()), options) + "\n</details>\n";
}

std::string advice_section(const std::vector<Finding>& findings, const Indices& shown,
                           const CommentOptions& options) {
  std::size_t warnings = 0;
  std::size_t notes = 0;
  std::string items;
  for (std::size_t index : shown) {
    const Finding& finding = findings[index];
    if (finding.severity == Severity::error) continue;
    const bool warning = finding.severity == Severity::warning;
    ++(warning ? warnings : notes);
    items += warning ? "- \xE2\x9A\xA0\xEF\xB8\x8F " : "- \xE2\x84\xB9\xEF\xB8\x8F ";
    items += "**" + section_label(finding.section) + "**: " + finding_text(finding, options);
  }
  if (items.empty()) return {};
  std::string summary;
  if (warnings > 0) summary += plural(warnings, "warning");
  if (notes > 0) summary += (summary.empty() ? "" : ", ") + plural(notes, "note");
  return "\n<details><summary>" + summary + " (not required)</summary>\n\n" + items +
         "\n</details>\n";
}

std::string rules_section(const std::vector<Finding>& findings, const Indices& shown,
                          const CommentOptions& options) {
  if (!options.rule_lookup) return {};
  std::set<std::string> ids;
  for (std::size_t index : shown) ids.insert(findings[index].rule);
  std::string items;
  for (const std::string& id : ids) {
    const RuleInfo* rule = options.rule_lookup(id);
    if (rule == nullptr || rule->summary.empty()) continue;
    // A summary is the rule's documentation, never the text: its links are kept.
    items += "- " + markdown_code_span(id) + ": " +
             markdown_with_links(rule->summary, kMaxMessageCodePoints);
    // `issuelint explain` knows the built-in rules only: for a repository's own rule the pointer
    // would end in "no rule named ...".
    if (rule->builtin) {
      items += " (details: " + markdown_code_span("issuelint explain " + id) + ")";
    }
    items += "\n";
  }
  if (items.empty()) return {};
  return "\n<details><summary>About these rules</summary>\n\n" + items + "\n</details>\n";
}

std::string cli_command(const CommentOptions& options) {
  std::string command = "issuelint check";
  if (!options.template_file.empty()) {
    command += " --template " + shell_quote(truncate_code_points(one_line(options.template_file),
                                                                 kMaxNameCodePoints));
  }
  if (!options.config_file.empty()) {
    command += " --config " +
               shell_quote(truncate_code_points(one_line(options.config_file), kMaxNameCodePoints));
  }
  if (options.title) {
    command += " --title " +
               shell_quote(truncate_code_points(one_line(*options.title), kMaxTitleCodePoints));
  }
  return command + " issue.md";
}

std::string footer(const CommentOptions& options) {
  return "\n---\n<sub>Edit the issue and issuelint checks it again. The same verdict on your "
         "machine, with the issue's body saved as issue.md: " +
         markdown_code_span(cli_command(options)) + "</sub>\n";
}

std::string omission_note(std::size_t omitted) {
  if (omitted == 0) return {};
  return "\n_" + plural(omitted, "more finding") +
         " not shown: GitHub limits the length of a comment. The command below lists them all._\n";
}

// The comment showing the first `shown_count` findings of the priority order.
std::string render_with(const Verdict& verdict, const CommentOptions& options,
                        const Indices& priority, std::size_t shown_count) {
  Indices shown(priority.begin(), priority.begin() + static_cast<std::ptrdiff_t>(shown_count));
  std::string out = std::string(kReportMarker) + '\n' + state_line(verdict) + headline(verdict);
  out += errors_section(verdict.findings, shown, options);
  out += advice_section(verdict.findings, shown, options);
  out += rules_section(verdict.findings, shown, options);
  out += omission_note(priority.size() - shown_count);
  if (verdict.outcome == Outcome::needs_info || shown_count < priority.size()) {
    out += footer(options);
  }
  return out;
}

std::string_view first_line(std::string_view body) {
  if (body.starts_with("\xEF\xBB\xBF")) body.remove_prefix(3);
  std::string_view line = body.substr(0, body.find('\n'));
  if (line.ends_with('\r')) line.remove_suffix(1);
  return line;
}

// The templates, as many as fit in `room` code points, then how many more there are: a
// repository with hundreds of them would otherwise push the comment past GitHub's limit.
std::string offered_list(const std::vector<TemplateOffered>& templates, std::size_t room) {
  constexpr std::size_t kMoreLine = 32;  // "- and 1234567 more\n", with a margin
  std::string list;
  std::size_t used = 0;
  for (std::size_t i = 0; i < templates.size(); ++i) {
    const std::string file = truncate_code_points(one_line(templates[i].file), kMaxNameCodePoints);
    const std::string item = "- " +
                             trimmed(markdown_inline(templates[i].name, kMaxNameCodePoints)) +
                             " (" + markdown_code_span(file) + ")\n";
    used += count_code_points(item);
    if (used + kMoreLine > room) {
      return list + "- and " + std::to_string(templates.size() - i) + " more\n";
    }
    list += item;
  }
  return list;
}

}  // namespace

std::string render_comment(const Verdict& verdict, const CommentOptions& options) {
  const Indices priority = priority_order(verdict.findings);
  const auto fits = [&](std::size_t count) {
    return count_code_points(render_with(verdict, options, priority, count)) <=
           options.max_code_points;
  };
  if (fits(priority.size())) return render_with(verdict, options, priority, priority.size());
  // The length grows with the number of findings shown: find the most that fit.
  std::size_t low = 0;
  std::size_t high = priority.size();
  while (low + 1 < high) {
    const std::size_t middle = low + (high - low) / 2;
    (fits(middle) ? low : high) = middle;
  }
  std::string out = render_with(verdict, options, priority, low);
  if (count_code_points(out) > options.max_code_points) {
    out = truncate_code_points(out, options.max_code_points);  // only with an absurd bound
  }
  return out;
}

std::string render_unmatched_comment(const Verdict& verdict,
                                     const std::vector<TemplateOffered>& templates,
                                     const CommentOptions& options) {
  std::string text = std::string(kReportMarker) + "\n" + state_line(verdict);
  // An empty body is an error (the verdict needs-info): the comment says it first, not only
  // that no template was followed.
  const auto error = std::find_if(verdict.findings.begin(), verdict.findings.end(),
                                  [](const Finding& f) { return f.severity == Severity::error; });
  if (error != verdict.findings.end()) {
    // template-unmatched made an error by configuration says what the next sentence says.
    const bool says_more = error->message.find("template") == std::string::npos;
    text += "**issuelint:** this issue needs more information" +
            (says_more ? ": " + markdown_inline(error->message, kMaxMessageCodePoints) : "") +
            ". It follows none of this repository's issue templates, so it was not checked.\n\n"
            "The templates here:\n\n";
  } else {
    text +=
        "**issuelint:** this issue does not follow any of this repository's issue templates, so "
        "it was not checked.\n\nThe templates here:\n\n";
  }
  const std::string tail =
      "\nIf the issue is meant to follow one of them, edit it to use that template's sections "
      "and it will be checked again.\n" +
      footer(options);
  const std::size_t used = count_code_points(text) + count_code_points(tail);
  const std::size_t room = options.max_code_points - std::min(options.max_code_points, used);
  return text + offered_list(templates, room) + tail;
}

bool is_report_comment(std::string_view body) { return first_line(body) == kReportMarker; }

std::optional<CommentState> parse_comment_state(std::string_view body) {
  if (!is_report_comment(body)) return std::nullopt;
  // Issue text is quoted with '<' as an entity, so only the bot writes a line starting so.
  std::size_t pos = 0;
  while (pos < body.size()) {
    const std::size_t end = std::min(body.find('\n', pos), body.size());
    std::string_view line = body.substr(pos, end - pos);
    pos = end + 1;
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (!line.starts_with(kStatePrefix) || !line.ends_with(kStateSuffix)) continue;
    line.remove_prefix(kStatePrefix.size());
    line.remove_suffix(kStateSuffix.size());
    const auto json = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (!json.is_object() || !json.contains("v") || json["v"] != kStateVersion) return std::nullopt;
    if (!json.contains("applied")) return std::nullopt;
    CommentState state;
    if (!read_labels(json, "applied", state.applied) ||
        !read_labels(json, "suppressed", state.suppressed)) {
      return std::nullopt;
    }
    return state;
  }
  return std::nullopt;
}

}  // namespace issuelint
