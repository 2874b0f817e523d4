// What the golden drivers share: reading a fixture, its optional title sidecar, and the view of
// a verdict that a golden records.
#pragma once

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>

#include "bot/report/json_report.h"
#include "rules/verdict.h"

namespace issuelint::golden {

inline std::string read_text(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

// <case>.title beside <case>.md, without its line end; nullopt when there is none.
inline std::optional<std::string> read_title(const std::filesystem::path& stem) {
  const std::filesystem::path path = stem.string() + ".title";
  if (!std::filesystem::exists(path)) return std::nullopt;
  std::string title = read_text(path);
  while (!title.empty() && (title.back() == '\n' || title.back() == '\r')) title.pop_back();
  return title;
}

inline nlohmann::ordered_json golden_view(const Verdict& verdict) {
  auto json = verdict_to_json(verdict);
  json.erase("comment");  // the comment has its own goldens in fixtures/report/
  return json;
}

}  // namespace issuelint::golden
