#include "bot/report/json_report.h"

namespace issuelint {

namespace {

// Issue text may hold invalid UTF-8; dumping it must not throw, so it is replaced by U+FFFD.
std::string dump(const nlohmann::ordered_json& json, int indent) {
  return json.dump(indent, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace

nlohmann::ordered_json finding_to_json(const Finding& finding) {
  nlohmann::ordered_json json;
  json["rule"] = finding.rule;
  json["severity"] = severity_name(finding.severity);
  json["section"] = finding.section;
  json["line"] = finding.line;
  json["column"] = finding.column;
  json["message"] = finding.message;
  json["help"] = finding.help;
  return json;
}

nlohmann::ordered_json verdict_to_json(const Verdict& verdict) {
  nlohmann::ordered_json json;
  json["template"] = verdict.template_id;
  json["verdict"] = outcome_name(verdict.outcome);
  json["findings"] = nlohmann::ordered_json::array();
  for (const Finding& finding : verdict.findings) {
    json["findings"].push_back(finding_to_json(finding));
  }
  json["labels"]["want"] = verdict.labels.want;
  json["labels"]["add"] = verdict.labels.add;
  json["labels"]["remove"] = verdict.labels.remove;
  json["comment"] = verdict.comment;
  return json;
}

std::string render_json_report(const Verdict& verdict) {
  return dump(verdict_to_json(verdict), 2) + '\n';
}

std::string render_json_line(const Verdict& verdict, std::string_view file) {
  nlohmann::ordered_json json = verdict_to_json(verdict);
  json["file"] = file;
  return dump(json, -1) + '\n';
}

}  // namespace issuelint
