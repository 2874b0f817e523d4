// action.yml read as the runner would: what it declares and in which order its steps run.
#include <catch2/catch.hpp>
#include <filesystem>

#include "tests/action/action_test_support.h"

using namespace issuelint;
using namespace issuelint::testing;

namespace {

std::string action_yml() {
  return read_text(std::filesystem::path(ISSUELINT_SOURCE_DIR) / "action.yml");
}

}  // namespace

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
