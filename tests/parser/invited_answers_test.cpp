#include "parser/invited_answers.h"

#include <catch2/catch.hpp>

using namespace issuelint;

namespace {

using Keys = std::vector<std::string>;

}  // namespace

// godot's "Minimal reproduction project": the guidance names the answer for "does not apply".
TEST_CASE("invited_answers: a quoted or bare N/A the guidance asks for", "[template]") {
  CHECK(invited_answers("Required, unless the steps are trivial and don't require any project "
                        "files. In this case, write \"N/A\" in the field.") == Keys{"n a"});
  CHECK(invited_answers("If there is no project, write N/A.") == Keys{"n a"});
  CHECK(invited_answers("Write `none` if it never worked") == Keys{"none"});
  CHECK(invited_answers("Put \u201cn/a\u201d when it does not apply") == Keys{"n a"});
  CHECK(invited_answers("Answer **TBD** until the design is done") == Keys{"tbd"});
  CHECK(invited_answers("Say 'not applicable' otherwise, or 'N/A'") ==
        Keys{"not applicable", "n a"});
}

TEST_CASE("invited_answers: no answer where the guidance forbids it or quotes no phrase",
          "[template]") {
  CHECK(invited_answers("Do not write \"N/A\": tell us why it does not apply.").empty());
  CHECK(invited_answers("Please don't put N/A here").empty());
  CHECK(invited_answers("\"N/A\" is not an answer").empty());
  CHECK(invited_answers("N/A isn't accepted").empty());
  CHECK(invited_answers("Never N/A").empty());
  // Apostrophes inside words open no quote, and a long quotation is no short answer.
  CHECK(invited_answers("It's the user's project, isn't it").empty());
  CHECK(invited_answers("Paste the output of \"issuelint --version and the whole log\"").empty());
  CHECK(invited_answers("Describe the bug, as in N/Assembly or NA/A").empty());
  CHECK(invited_answers("").empty());
}
