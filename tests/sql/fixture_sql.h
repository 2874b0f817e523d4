// The SQL the fixture drafts hold, for tests that check code against every real statement.
#pragma once

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "parser/document.h"

namespace issuelint::testing {

// The content of every ```sql block of fixtures/issues/*.md, drafts in name order (New
// Schema's Drizzle blocks included: the template fences them as sql).
inline std::vector<std::string> fixture_sql_blocks() {
  const std::filesystem::path issues =
      std::filesystem::path(ISSUELINT_SOURCE_DIR) / "fixtures/issues";
  std::vector<std::filesystem::path> paths;
  for (const auto& entry : std::filesystem::directory_iterator(issues)) {
    if (entry.path().extension() == ".md") paths.push_back(entry.path());
  }
  std::sort(paths.begin(), paths.end());
  std::vector<std::string> blocks;
  for (const auto& path : paths) {
    std::ifstream file(path, std::ios::binary);
    std::ostringstream text;
    text << file.rdbuf();
    for (const auto& block : parse_issue(text.str()).code_blocks) {
      if (block.language == "sql") blocks.push_back(block.content);
    }
  }
  return blocks;
}

}  // namespace issuelint::testing
