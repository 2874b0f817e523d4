#include "rules/rule_entry.h"

#include <algorithm>

#include "parser/yaml_node.h"
#include "rules/nearest_names.h"
#include "rules/registry.h"
#include "rules/rule_catalog.h"
#include "rules/yaml_reading.h"

namespace issuelint {

namespace {

const std::vector<std::string>& common_keys() {
  static const std::vector<std::string> keys = {"id",          "kind",     "severity", "summary",
                                                "explanation", "examples", "message",  "help"};
  return keys;
}

bool is_rule_key(std::string_view key, const RuleKind& kind) {
  const auto named = [key](const std::string& name) { return name == key; };
  return std::any_of(common_keys().begin(), common_keys().end(), named) ||
         std::any_of(kind.keys.begin(), kind.keys.end(), named);
}

// Every key of `entry` is a common key or one of the kind's. The list of them and the message
// are put together only for an entry that has another key: building them for every rule was
// ~1,000 instructions a rule, 51 a start of issuelint.
Status check_rule_keys(const YamlNode& entry, const RuleKind& kind, const std::string& source,
                       std::string_view kind_name) {
  for (const auto& member : entry.entries()) {
    if (is_rule_key(member.key.text(), kind)) continue;
    std::vector<std::string> allowed = common_keys();
    allowed.insert(allowed.end(), kind.keys.begin(), kind.keys.end());
    return yaml::check_keys(entry, allowed, source, "rule '" + std::string(kind_name) + "'");
  }
  return Ok{};
}

// A long text of a rule's documentation: a built-in pack's is viewed in the program's embedded
// data (copying the pack's explanations and examples at every start cost ~13 KB of heap), a
// user file's copied once.
SharedText documentation_text(const YamlNode& node) {
  if (const std::optional<std::string_view> text = node.static_text()) {
    return SharedText::of_static_data(*text);
  }
  return node.text_or("");
}

Status read_documentation(const YamlNode& entry, const std::string& source, RuleInfo& info) {
  // The kinds read `message` and `help` as text; another shape would fall back on the default
  // message without a word.
  for (const char* key : {"message", "help"}) {
    if (entry[key] && !entry[key].is_scalar()) {
      return yaml::read_string(entry[key], source, key).error();
    }
  }
  if (entry["summary"]) {
    auto text = yaml::read_string(entry["summary"], source, "summary");
    if (!text) return text.error();
    info.summary = std::move(*text);
  }
  if (const YamlNode explanation = entry["explanation"]) {
    if (!explanation.is_scalar()) {
      return yaml::read_string(explanation, source, "explanation").error();
    }
    info.explanation = documentation_text(explanation);
  }
  if (const auto examples = entry["examples"]) {
    if (auto ok = yaml::check_keys(examples, {"fail", "pass"}, source, "examples"); !ok) {
      return ok.error();
    }
    if (examples["fail"]) info.failing_example = documentation_text(examples["fail"]);
    if (examples["pass"]) info.passing_example = documentation_text(examples["pass"]);
  }
  return Ok{};
}

}  // namespace

bool is_kebab_case(std::string_view id) {
  if (id.empty() || id.front() == '-' || id.back() == '-') return false;
  for (char c : id) {
    const bool allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!allowed) return false;
  }
  return id.find("--") == std::string_view::npos;
}

std::string bad_severity_message(std::string_view text) {
  return "severity must be error, warning or info" +
         did_you_mean(text, {"error", "warning", "info"});
}

Result<RulePtr> build_rule(const YamlNode& entry, const std::string& source,
                           const std::string& pack) {
  if (!entry.is_map()) return make_error("a rule must be a mapping", yaml::where(entry, source));
  if (!entry["kind"]) return make_error("a rule needs 'kind'", yaml::where(entry, source));
  auto kind_name = yaml::read_string(entry["kind"], source, "kind");
  if (!kind_name) return kind_name.error();
  const RuleKind* kind = find_rule_kind(*kind_name);
  if (kind == nullptr) {
    std::vector<std::string> kinds;
    for (const RuleKind& known : rule_kinds()) kinds.emplace_back(known.name);
    return make_error("unknown rule kind '" + *kind_name + "'" + did_you_mean(*kind_name, kinds) +
                          " (see `issuelint rules --kinds`)",
                      yaml::where(entry["kind"], source));
  }
  if (auto ok = check_rule_keys(entry, *kind, source, *kind_name); !ok) return ok.error();

  RuleInfo info = kind->defaults;
  info.kind = kind->name;
  info.pack = pack;
  info.builtin = source.starts_with("builtin:");  // the embedded packs' sources
  if (entry["id"]) {
    auto id = yaml::read_string(entry["id"], source, "id");
    if (!id) return id.error();
    info.id = *id;
  }
  if (info.id.empty()) return make_error("a rule needs 'id'", yaml::where(entry, source));
  if (!is_kebab_case(info.id)) {
    return make_error("rule id '" + info.id + "' must be kebab-case",
                      yaml::where(entry["id"], source));
  }
  // A second rule under a core finding's id would share its documentation, its SARIF entry and
  // its `rules:` override.
  if (info.id == kInputRepairedRule || info.id == kTemplateUnmatchedRule) {
    return make_error("rule id '" + info.id +
                          "' is one of issuelint's own findings: give the rule an id of its own",
                      yaml::where(entry["id"], source));
  }
  if (entry["severity"]) {
    auto text = yaml::read_string(entry["severity"], source, "severity");
    if (!text || !parse_severity(*text, info.severity)) {
      return make_error(bad_severity_message(text ? *text : ""),
                        yaml::where(entry["severity"], source));
    }
  }
  if (auto ok = read_documentation(entry, source, info); !ok) return ok.error();
  if (info.summary.empty()) info.summary = kind->summary;
  return kind->make(std::move(info), entry, source);
}

}  // namespace issuelint
