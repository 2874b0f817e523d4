// The text helpers the walker calls for every heading, cell and paragraph: the one-allocation
// forms must give what the two-step forms they replaced gave.
#include "parser/checkbox_text.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "parser/inline_text.h"

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

namespace {

// The name of a label without bold text, as it was cut before the one-pass search: at the
// first of four separators, each found on its own.
std::string reference_name_end(std::string_view label) {
  std::size_t cut = label.size();
  for (std::string_view separator : {" - ", " \u2013 ", " \u2014 ", ": "}) {
    cut = std::min(cut, label.find(separator));
  }
  return std::string(label.substr(0, cut));
}

}  // namespace

TEST_CASE("a box's name ends at its first separator, of whichever kind", "[parser]") {
  std::vector<std::string> labels = fixture_pieces();
  for (const char* label :
       {"A - b", "A \u2013 b - c", "A: b \u2014 c", "A \u2014 b: c", "A -b", "A- b", "A:b",
        "A \u2013b", "ends with -", "ends with :", " - leading", ": leading", "a - b: c - d",
        "Other: thing", "OTHER - x", "other", "Others - x"}) {
    labels.emplace_back(label);
  }
  std::size_t cut = 0;
  for (const std::string& sample : labels) {
    // One line, no bold: checkbox_name falls back to the text before the separator.
    const std::string line = sample.substr(0, sample.find('\n'));
    if (line.find('_') != std::string::npos || line.find('*') != std::string::npos) continue;
    const std::string_view text = trimmed_view(line);
    if (text.size() >= 5 && (text.substr(0, 5) == "other" || text.substr(0, 5) == "Other" ||
                             text.substr(0, 5) == "OTHER")) {
      continue;  // "Other" options keep the one word; checked in document_test
    }
    InlineText inline_text;
    inline_text.plain = line;
    INFO(line);
    std::string expected(trimmed_view(reference_name_end(text)));
    while (!expected.empty() && (expected.back() == ':' || expected.back() == ' ' ||
                                 expected.back() == '\t' || expected.back() == '*')) {
      expected.pop_back();
    }
    std::size_t front = 0;
    while (front < expected.size() &&
           std::string_view(" \t*:").find(expected[front]) != std::string_view::npos) {
      ++front;
    }
    expected.erase(0, front);
    if (expected.empty()) expected = std::string(text);
    cut += expected.size() < text.size() ? 1 : 0;
    REQUIRE(checkbox_name(inline_text, {0, line.size()}) == expected);
  }
  CHECK(cut > 20);
}
