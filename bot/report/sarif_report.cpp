#include "bot/report/sarif_report.h"

#include <algorithm>
#include <cstdint>
#include <map>

#include "bot/report/inert_text.h"

#ifndef ISSUELINT_VERSION
#define ISSUELINT_VERSION "0.0.0"
#endif

namespace issuelint {

namespace {

using ordered_json = nlohmann::ordered_json;

// FNV-1a: stable across platforms and runs, unlike std::hash, so fingerprints stay comparable
// between two scans. Results alike in rule, section and message (one long name on three lines)
// are told apart by their order, as GitHub's primaryLocationLineHash does ("hash:2"): code
// scanning keys alerts on fingerprints and would merge them into one. The first keeps the bare
// hash, so alerts fingerprinted before the counter stay the same alerts.
std::string fingerprint(const Finding& finding, std::size_t occurrence) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  const auto mix = [&](std::string_view text) {
    for (char c : text) {
      hash ^= static_cast<unsigned char>(c);
      hash *= 0x100000001b3ULL;
    }
    hash ^= 0xff;  // field separator
    hash *= 0x100000001b3ULL;
  };
  mix(finding.rule);
  mix(finding.section);
  mix(finding.message);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, hash >>= 4) out[static_cast<std::size_t>(i)] = kHex[hash & 0xF];
  if (occurrence > 1) out += ":" + std::to_string(occurrence);
  return out;
}

constexpr std::string_view kStdinName = "<stdin>";

// Where an artifact is: a relative reference against the checkout's root (what code scanning
// resolves), a file:// URI for an absolute path, nothing but its index and a description for
// standard input, which has no URI.
ordered_json artifact_location(std::string_view name) {
  ordered_json location;
  if (name == kStdinName) {
    location["description"]["text"] = "standard input";
  } else if (!name.empty() && name.front() == '/') {
    location["uri"] = "file://" + sarif_uri(name);
  } else {
    location["uri"] = sarif_uri(name);
    location["uriBaseId"] = "%SRCROOT%";
  }
  return location;
}

ordered_json message(std::string_view text) {
  ordered_json json;
  json["text"] = valid_utf8(text);
  return json;
}

std::string help_markdown(const RuleInfo& rule) {
  std::string out = rule.explanation.empty() ? rule.summary : rule.explanation.str();
  if (!rule.failing_example.empty()) {
    out += "\n\nFails:\n\n" + markdown_code_block(rule.failing_example.str(), "markdown");
  }
  if (!rule.passing_example.empty()) {
    out += (rule.failing_example.empty() ? "\n\n" : "\n") + std::string("Passes:\n\n") +
           markdown_code_block(rule.passing_example.str(), "markdown");
  }
  return out;
}

ordered_json rule_descriptor(const RuleInfo& rule) {
  ordered_json json;
  json["id"] = rule.id;
  json["shortDescription"] = message(rule.summary.empty() ? rule.id : rule.summary);
  const std::string description = rule.explanation.empty() ? rule.summary : rule.explanation.str();
  json["fullDescription"] = message(description);
  json["help"] = message(description);
  json["help"]["markdown"] = valid_utf8(help_markdown(rule));
  json["defaultConfiguration"]["level"] = sarif_level(rule.severity);
  if (!rule.pack.empty()) json["properties"]["pack"] = rule.pack;
  return json;
}

// The catalog sorted by id, then rules named by findings but missing from it.
std::vector<RuleInfo> rules_for(const std::vector<SarifArtifact>& artifacts,
                                const std::vector<RuleInfo>& catalog) {
  std::vector<RuleInfo> rules = catalog;
  std::sort(rules.begin(), rules.end(),
            [](const RuleInfo& a, const RuleInfo& b) { return a.id < b.id; });
  std::vector<RuleInfo> unknown;
  const auto known = [&](const std::string& id) {
    const auto has_id = [&](const RuleInfo& rule) { return rule.id == id; };
    return std::any_of(rules.begin(), rules.end(), has_id) ||
           std::any_of(unknown.begin(), unknown.end(), has_id);
  };
  for (const SarifArtifact& artifact : artifacts) {
    if (artifact.verdict == nullptr) continue;
    for (const Finding& finding : artifact.verdict->findings) {
      if (known(finding.rule)) continue;
      RuleInfo rule;
      rule.id = finding.rule;
      rule.severity = finding.severity;
      unknown.push_back(rule);
    }
  }
  std::sort(unknown.begin(), unknown.end(),
            [](const RuleInfo& a, const RuleInfo& b) { return a.id < b.id; });
  rules.insert(rules.end(), unknown.begin(), unknown.end());
  return rules;
}

ordered_json result(const Finding& finding, std::size_t rule_index,
                    const ordered_json& artifact_location, std::size_t artifact_index,
                    std::size_t occurrence) {
  ordered_json json;
  json["ruleId"] = finding.rule;
  json["ruleIndex"] = rule_index;
  json["level"] = sarif_level(finding.severity);
  std::string text = finding.message;
  if (!finding.help.empty()) text += "\nhelp: " + finding.help;
  json["message"] = message(text);
  ordered_json physical;
  physical["artifactLocation"] = artifact_location;
  physical["artifactLocation"]["index"] = artifact_index;
  // GitHub code scanning shows only results with region.startLine (its GH1003): a finding
  // with no place in the body (a missing section, the title) is put at the first line.
  physical["region"]["startLine"] = finding.line > 0 ? finding.line : 1;
  if (finding.line > 0 && finding.column > 0) physical["region"]["startColumn"] = finding.column;
  ordered_json location;
  location["physicalLocation"] = physical;
  if (!finding.section.empty()) {
    ordered_json logical;
    logical["fullyQualifiedName"] = valid_utf8(finding.section);
    logical["kind"] = "section";
    location["logicalLocations"] = ordered_json::array({logical});
  }
  json["locations"] = ordered_json::array({location});
  json["partialFingerprints"]["issuelintFinding/v1"] = fingerprint(finding, occurrence);
  return json;
}

// A rule that did not run for want of a title is a fact of the invocation (no --title), not of
// a file: as a result it would be an alert in every draft that no edit of the draft can close.
// SARIF's place for it is a notification naming the rule (2.1.0 §3.58.8 associatedRule).
ordered_json not_run_notification(const Finding& finding, std::size_t rule_index) {
  ordered_json notification;
  notification["level"] = "note";
  std::string text = finding.message;
  if (!finding.help.empty()) text += "\nhelp: " + finding.help;
  notification["message"] = message(text);
  notification["associatedRule"]["id"] = finding.rule;
  notification["associatedRule"]["index"] = rule_index;
  return notification;
}

}  // namespace

std::string_view sarif_level(Severity severity) {
  switch (severity) {
    case Severity::error:
      return "error";
    case Severity::warning:
      return "warning";
    case Severity::info:
      return "note";
  }
  return "error";
}

std::string sarif_uri(std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : path) {
    const auto byte = static_cast<unsigned char>(c);
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
    if (keep) {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0xF];
    }
  }
  return out;
}

ordered_json render_sarif_json(const std::vector<SarifArtifact>& artifacts,
                               const std::vector<RuleInfo>& catalog, const SarifOptions& options,
                               const std::vector<std::string>& failures) {
  const std::vector<RuleInfo> rules = rules_for(artifacts, catalog);
  std::map<std::string, std::size_t, std::less<>> rule_index;
  ordered_json driver;
  driver["name"] = "issuelint";
  driver["version"] = ISSUELINT_VERSION;
  if (!options.information_uri.empty()) driver["informationUri"] = options.information_uri;
  driver["rules"] = ordered_json::array();
  for (const RuleInfo& rule : rules) {
    rule_index.emplace(rule.id, rule_index.size());
    driver["rules"].push_back(rule_descriptor(rule));
  }

  ordered_json run;
  run["tool"]["driver"] = driver;
  run["artifacts"] = ordered_json::array();
  run["results"] = ordered_json::array();
  ordered_json invocation;
  invocation["executionSuccessful"] = true;
  std::map<std::string, std::size_t, std::less<>> artifact_index;
  std::map<std::string, const Finding*> not_run;  // rule and message: one note for the run
  for (const SarifArtifact& artifact : artifacts) {
    const auto [at, first] = artifact_index.emplace(artifact.uri, artifact_index.size());
    if (!first) continue;  // the same file again: the same verdict
    const std::size_t index = at->second;
    const ordered_json location = artifact_location(artifact.uri);
    ordered_json entry;
    entry["location"] = location;
    entry["mimeType"] = "text/markdown";
    run["artifacts"].push_back(entry);
    if (artifact.verdict == nullptr) {
      invocation["executionSuccessful"] = false;
      ordered_json notification;
      notification["level"] = "error";
      notification["message"] = message(artifact.unreadable);
      ordered_json where;
      where["physicalLocation"]["artifactLocation"] = location;
      where["physicalLocation"]["artifactLocation"]["index"] = index;
      notification["locations"] = ordered_json::array({where});
      invocation["toolExecutionNotifications"].push_back(notification);
      continue;
    }
    std::map<std::string, std::size_t> seen;  // rule, section and message: occurrences so far
    for (const Finding& finding : artifact.verdict->findings) {
      if (title_not_given(finding)) {
        not_run.try_emplace(finding.rule + '\0' + finding.message, &finding);
        continue;
      }
      const std::size_t occurrence =
          ++seen[finding.rule + '\0' + finding.section + '\0' + finding.message];
      run["results"].push_back(
          result(finding, rule_index.at(finding.rule), location, index, occurrence));
    }
  }
  for (const auto& [key, finding] : not_run) {
    invocation["toolExecutionNotifications"].push_back(
        not_run_notification(*finding, rule_index.at(finding->rule)));
  }
  for (const std::string& failure : failures) {
    invocation["executionSuccessful"] = false;
    ordered_json notification;
    notification["level"] = "error";
    notification["message"] = message(failure);
    invocation["toolExecutionNotifications"].push_back(notification);
  }
  run["invocations"] = ordered_json::array({invocation});
  run["columnKind"] = "unicodeCodePoints";

  ordered_json log;
  log["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
  log["version"] = "2.1.0";
  log["runs"] = ordered_json::array({run});
  return log;
}

std::string render_sarif_report(const std::vector<SarifArtifact>& artifacts,
                                const std::vector<RuleInfo>& catalog, const SarifOptions& options,
                                const std::vector<std::string>& failures) {
  return render_sarif_json(artifacts, catalog, options, failures)
             .dump(2, ' ', false, ordered_json::error_handler_t::replace) +
         '\n';
}

}  // namespace issuelint
