#include "parser/psych_number.h"

#include <catch2/catch.hpp>

using namespace issuelint;

namespace {

std::string shown(std::string_view text) { return psych_number_text(text).value_or("<text>"); }

}  // namespace

// What Ruby's to_s shows for what Psych reads: GitHub offers a dropdown's `3.10` as "3.1".
TEST_CASE("psych_number_text: decimals as Ruby shows the Float", "[yaml]") {
  CHECK(shown("3.10") == "3.1");
  CHECK(shown("3.9") == "3.9");
  CHECK(shown("1.50") == "1.5");
  CHECK(shown("2.0") == "2.0");
  CHECK(shown("100.00") == "100.0");
  CHECK(shown("0.10") == "0.1");
  CHECK(shown(".5") == "0.5");
  CHECK(shown("5.") == "5.0");
  CHECK(shown("-1.20") == "-1.2");
  CHECK(shown("+1.5") == "1.5");
  CHECK(shown("1_000.5") == "1000.5");
  CHECK(shown("1.5e+3") == "1500.0");
  CHECK(shown("1.0e-5") == "1.0e-05");
  CHECK(shown("12345678901234567.0") == "1.2345678901234568e+16");
  CHECK(shown("0.0001") == "0.0001");
}

TEST_CASE("psych_number_text: integers in every base Psych reads", "[yaml]") {
  CHECK(shown("12") == "12");
  CHECK(shown("+7") == "7");
  CHECK(shown("-0") == "0");
  CHECK(shown("010") == "8");
  CHECK(shown("0x1F") == "31");
  CHECK(shown("0b101") == "5");
  CHECK(shown("1_000") == "1000");
  CHECK(shown("1,000") == "1000");
}

TEST_CASE("psych_number_text: what Psych keeps as text", "[yaml]") {
  for (const char* text : {"", "1.2.3", "v3.10", "3.10.x", "1e5", "1.5e3", ".", "-.", "09", "1__0",
                           "1_", "0x", "abc", "3.10 (LTS)", "-"}) {
    INFO(text);
    CHECK_FALSE(psych_number_text(text));
  }
}
