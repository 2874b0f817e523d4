#include "bot/sweep/sweep_state.h"

#include <charconv>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <system_error>

namespace issuelint::sweep {

namespace {

using nlohmann::json;

json counts_json(const SweepCounts& counts) {
  return {{"seen", counts.seen},
          {"matched", counts.matched},
          {"clean", counts.clean},
          {"needs_info", counts.needs_info},
          {"labels_changed", counts.labels_changed},
          {"comments_written", counts.comments_written},
          {"errors", counts.errors}};
}

// A count, 0 when missing or not an integer: json::value() throws on a member of another type,
// and a state file edited by hand ended the sweep with std::terminate.
int count_or_zero(const json& node, const char* key) {
  const auto it = node.find(key);
  return it != node.end() && it->is_number_integer() ? it->get<int>() : 0;
}

SweepCounts counts_from(const json& node) {
  SweepCounts counts;
  if (!node.is_object()) return counts;
  counts.seen = count_or_zero(node, "seen");
  counts.matched = count_or_zero(node, "matched");
  counts.clean = count_or_zero(node, "clean");
  counts.needs_info = count_or_zero(node, "needs_info");
  counts.labels_changed = count_or_zero(node, "labels_changed");
  counts.comments_written = count_or_zero(node, "comments_written");
  counts.errors = count_or_zero(node, "errors");
  return counts;
}

json label_changes_json(const LabelChanges& changes) {
  return {{"added", changes.added},
          {"removed", changes.removed},
          {"unconfirmed_added", changes.unconfirmed_added},
          {"unconfirmed_removed", changes.unconfirmed_removed}};
}

std::vector<std::string> names_from(const json& node, const char* key) {
  std::vector<std::string> names;
  if (!node.contains(key) || !node[key].is_array()) return names;
  for (const json& name : node[key]) {
    if (name.is_string()) names.push_back(name.get<std::string>());
  }
  return names;
}

// {"12": {"added": [...], "removed": [...], ...}}: JSON keys are strings.
std::map<int, LabelChanges> unrecorded_from(const json& node) {
  std::map<int, LabelChanges> unrecorded;
  if (!node.is_object()) return unrecorded;
  for (const auto& [key, changes_node] : node.items()) {
    if (!changes_node.is_object()) continue;
    int number = 0;
    const auto [end, error] = std::from_chars(key.data(), key.data() + key.size(), number);
    if (error != std::errc() || end != key.data() + key.size() || number <= 0) continue;
    LabelChanges changes{names_from(changes_node, "added"), names_from(changes_node, "removed"),
                         names_from(changes_node, "unconfirmed_added"),
                         names_from(changes_node, "unconfirmed_removed")};
    if (!changes.empty()) unrecorded.emplace(number, std::move(changes));
  }
  return unrecorded;
}

json unrecorded_json(const std::map<int, LabelChanges>& unrecorded) {
  json node = json::object();
  for (const auto& [number, changes] : unrecorded) {
    node[std::to_string(number)] = label_changes_json(changes);
  }
  return node;
}

}  // namespace

Result<std::optional<SweepState>> load_sweep_state(const std::string& path) {
  std::error_code error;
  if (!std::filesystem::exists(path, error)) return std::optional<SweepState>();
  std::ifstream file(path, std::ios::binary);
  if (!file) return make_error("cannot read the sweep state", path);
  std::ostringstream text;
  text << file.rdbuf();
  const json node = json::parse(text.str(), nullptr, false);
  if (node.is_discarded() || !node.is_object() || !node.contains("repository") ||
      !node["repository"].is_string() || !node.contains("last_completed") ||
      !node["last_completed"].is_number_integer()) {
    return make_error("not a sweep state file (delete it or use --restart)", path);
  }
  SweepState state;
  state.repository = node["repository"].get<std::string>();
  state.last_completed = node["last_completed"].get<int>();
  state.finished =
      node.contains("finished") && node["finished"].is_boolean() && node["finished"].get<bool>();
  state.counts = counts_from(node.value("counts", json::object()));
  if (node.contains("failed") && node["failed"].is_array()) {
    for (const json& number : node["failed"]) {
      if (number.is_number_integer()) state.failed.push_back(number.get<int>());
    }
  }
  state.unrecorded = unrecorded_from(node.value("unrecorded", json::object()));
  return std::optional<SweepState>(std::move(state));
}

Status save_sweep_state(const std::string& path, const SweepState& state) {
  const std::filesystem::path target(path);
  std::error_code error;
  if (target.has_parent_path()) std::filesystem::create_directories(target.parent_path(), error);
  const json node = {
      {"repository", state.repository}, {"last_completed", state.last_completed},
      {"finished", state.finished},     {"counts", counts_json(state.counts)},
      {"failed", state.failed},         {"unrecorded", unrecorded_json(state.unrecorded)}};
  const std::string temporary = path + ".tmp";
  {
    std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
    if (!file) return make_error("cannot write the sweep state", temporary);
    file << node.dump(2) << '\n';
    file.flush();
    if (!file) return make_error("cannot write the sweep state", temporary);
  }
  std::filesystem::rename(temporary, target, error);
  if (error) return make_error("cannot replace the sweep state: " + error.message(), path);
  return Ok{};
}

std::string default_state_path(const std::string& data_dir, const std::string& repository) {
  std::string name = repository;
  for (char& c : name) {
    if (c == '/') c = '-';
  }
  return (std::filesystem::path(data_dir) / ("sweep-" + name + ".json")).string();
}

}  // namespace issuelint::sweep
