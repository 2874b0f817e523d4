// action.yml read as the runner would: what it declares and in which order its steps run.
#include <catch2/catch.hpp>
#include <filesystem>
#include <regex>

#include "bot/action/step_outputs.h"
#include "tests/action/action_test_support.h"

using namespace issuelint;
using namespace issuelint::testing;

namespace {

std::string action_yml() {
  return read_text(std::filesystem::path(ISSUELINT_SOURCE_DIR) / "action.yml");
}

// The keys of action.yml's top-level `outputs:` block, with the step output each one reads.
std::map<std::string, std::string> declared_outputs(const std::string& yml) {
  std::map<std::string, std::string> declared;
  const auto lines = lines_of(yml);
  auto line = std::find(lines.begin(), lines.end(), "outputs:");
  static const std::regex kKey(R"(  ([a-z-]+):)");
  static const std::regex kValue(R"(    value: \$\{\{ steps\.triage\.outputs\.([a-z-]+) \}\})");
  std::string key;
  for (line = line == lines.end() ? line : line + 1; line != lines.end(); ++line) {
    if (!line->empty() && line->front() != ' ') break;
    std::smatch match;
    if (std::regex_match(*line, match, kKey)) key = match[1].str();
    if (std::regex_match(*line, match, kValue)) declared[key] = match[1].str();
  }
  return declared;
}

}  // namespace

TEST_CASE("action.yml: it declares each output the program writes, read from its step") {
  const std::map<std::string, std::string> declared = declared_outputs(action_yml());
  std::map<std::string, std::string> expected;
  for (std::string_view name : action::kStepOutputNames) {
    expected[std::string(name)] = std::string(name);
  }
  CHECK(declared == expected);
  CHECK(action_yml().find("      id: triage\n") != std::string::npos);
}

// actions/cache@v4 saves in a post step declared `post-if: success()`: a job that failed (its
// first run without `issues: write`, say) never saved the image it had built.
TEST_CASE("action.yml: the built image is saved before the triage step runs") {
  const std::string yml = action_yml();
  CHECK(yml.find("uses: actions/cache@") == std::string::npos);
  const std::size_t restore = yml.find("uses: actions/cache/restore@");
  const std::size_t save = yml.find("uses: actions/cache/save@");
  const std::size_t triage = yml.find("- name: Triage");
  REQUIRE(restore != std::string::npos);
  REQUIRE(save != std::string::npos);
  REQUIRE(triage != std::string::npos);
  CHECK(restore < save);
  CHECK(save < triage);
}
