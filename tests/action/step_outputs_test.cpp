// The step outputs file (GITHUB_OUTPUT) as the runner reads it.
#include "bot/action/step_outputs.h"

#include <catch2/catch.hpp>

using namespace issuelint;

TEST_CASE("step outputs: one line a value, a delimited block for a value with a line break") {
  const action::StepOutputs outputs = {
      {"verdict", "ok"}, {"template", "two\nlines"}, {"labels", "[]"}};
  CHECK(action::render_step_outputs(outputs) ==
        "verdict=ok\ntemplate<<ISSUELINT_OUTPUT_EOF\ntwo\nlines\nISSUELINT_OUTPUT_EOF\n"
        "labels=[]\n");
}

TEST_CASE("step outputs: the delimiter is never a line of the value it ends") {
  const std::string value = "a\nISSUELINT_OUTPUT_EOF\nISSUELINT_OUTPUT_EOF_1\nb";
  CHECK(action::render_step_outputs({{"template", value}}) ==
        "template<<ISSUELINT_OUTPUT_EOF_2\n" + value + "\nISSUELINT_OUTPUT_EOF_2\n");
}

TEST_CASE("step outputs: a run that judged nothing sets every output to its empty value") {
  const action::StepOutputs outputs = action::step_outputs(nullptr);
  REQUIRE(outputs.size() == action::kStepOutputNames.size());
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    CHECK(outputs[i].first == action::kStepOutputNames[i]);
  }
  CHECK(action::render_step_outputs(outputs) ==
        "verdict=\ntemplate=\nerrors=0\nwarnings=0\nnotes=0\nlabels=[]\nlabels-added=[]\n"
        "labels-removed=[]\ncomment=none\n");
}
