// The text helpers the walker calls for every heading, cell and paragraph: the one-allocation
// forms must give what the two-step forms they replaced gave.
#include "parser/checkbox_text.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

using namespace issuelint;

namespace {

// Every fixture file cut into pieces of a few lines, so that soft breaks occur inside.
std::vector<std::string> fixture_pieces() {
  std::vector<std::string> pieces;
  const std::filesystem::path root(ISSUELINT_SOURCE_DIR);
  for (const char* folder : {"fixtures/issues", "fixtures/templates"}) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root / folder)) {
      if (!entry.is_regular_file()) continue;
      std::ifstream in(entry.path(), std::ios::binary);
      std::string piece;
      int lines = 0;
      for (std::string line; std::getline(in, line);) {
        piece += line + "\n";
        if (++lines % 3 == 0) pieces.push_back(std::exchange(piece, {}));
      }
      pieces.push_back(piece);
    }
  }
  return pieces;
}

}  // namespace

TEST_CASE(
    "folded_and_trimmed, trimmed_view and the moving soft_breaks_to_spaces agree with "
    "the copying forms",
    "[parser]") {
  std::vector<std::string> samples = fixture_pieces();
  REQUIRE(samples.size() > 300);
  // White space of every kind at the edges and in runs, '\r' included (folding keeps it).
  const std::vector<std::string> spaces = {"", " ", "\t", "\n", "\r", "\r\n", " \r ", "\n \t"};
  for (const std::string& before : spaces) {
    for (const std::string& between : spaces) {
      for (const std::string& after : spaces) {
        samples.push_back(before + "a" + between + "b" + after);
        samples.push_back(before + between + after);
      }
    }
  }
  for (const std::string& sample : samples) {
    INFO(sample);
    REQUIRE(folded_and_trimmed(sample) == trim(soft_breaks_to_spaces(sample)));
    REQUIRE(trimmed_view(sample) == trim(sample));
    REQUIRE(soft_breaks_to_spaces(std::string(sample)) ==
            soft_breaks_to_spaces(std::string_view(sample)));
  }
}
