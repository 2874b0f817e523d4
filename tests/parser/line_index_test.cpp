#include "parser/line_index.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "parser/document.h"
#include "parser/utf8.h"
#include "tests/test_sample.h"

using issuelint::LineIndex;
using issuelint::PositionCursor;
using issuelint::SourcePosition;

TEST_CASE("LineIndex ends a line at CRLF, LF and a lone CR", "[line_index]") {
  const std::string text = "a\r\nb\nc\rd";
  const LineIndex lines(text);
  REQUIRE(lines.line_count() == 4);
  CHECK(lines.position(text, 0) == SourcePosition{1, 1});
  CHECK(lines.position(text, 1) == SourcePosition{1, 2});  // the '\r'
  CHECK(lines.position(text, 3) == SourcePosition{2, 1});
  CHECK(lines.position(text, 5) == SourcePosition{3, 1});
  CHECK(lines.position(text, 7) == SourcePosition{4, 1});
  CHECK(lines.line_start(2) == 3);
  CHECK(lines.line_start(99) == text.size());
}

TEST_CASE("LineIndex counts columns in UTF-8 characters", "[line_index]") {
  const std::string text = "x\n\xC3\xA9\xF0\x9F\x97\x84z";  // é, 🗄, z
  const LineIndex lines(text);
  CHECK(lines.position(text, 2) == SourcePosition{2, 1});
  CHECK(lines.position(text, 4) == SourcePosition{2, 2});
  CHECK(lines.position(text, 8) == SourcePosition{2, 3});
  // Past the end: just after the last character.
  CHECK(lines.position(text, 1000) == SourcePosition{2, 4});
}

TEST_CASE("LineIndex on empty text and a trailing newline", "[line_index]") {
  const LineIndex empty("");
  CHECK(empty.line_count() == 1);
  CHECK(empty.position("", 0) == SourcePosition{1, 1});
  const std::string text = "a\n";
  CHECK(LineIndex(text).position(text, 2) == SourcePosition{2, 1});
}

TEST_CASE("advance_characters walks UTF-8 characters, not bytes", "[line_index]") {
  const std::string text =
      "\xC3\xA9"
      "ab\xF0\x9F\x97\x84"
      "c";
  CHECK(LineIndex::advance_characters(text, 0, 1) == 2);
  CHECK(LineIndex::advance_characters(text, 0, 3) == 4);
  CHECK(LineIndex::advance_characters(text, 4, 1) == 8);
  CHECK(LineIndex::advance_characters(text, 0, 100) == text.size());
  CHECK(LineIndex::advance_characters(text, 100, 1) == text.size());
}

TEST_CASE("LineIndex counts the columns of every offset as a byte-by-byte count does",
          "[line_index]") {
  // Lines long enough for the eight-byte steps, with multi-byte characters at every alignment.
  std::string text;
  const char* pieces[] = {"a", "\xC3\xA9", "\xE2\x80\x94", "\xF0\x9F\x93\x9D", " ", "\t"};
  for (int i = 0; i < 300; ++i) {
    text += pieces[(i * 7 + i / 5) % 6];
    if (i % 97 == 96) text += '\n';
  }
  const LineIndex lines(text);
  int line = 1;
  int column = 1;
  for (std::size_t offset = 0; offset <= text.size(); ++offset) {
    if (offset == text.size() ||
        !issuelint::utf8::is_continuation_byte(static_cast<unsigned char>(text[offset]))) {
      INFO("offset " << offset);
      CHECK(lines.position(text, offset) == SourcePosition{line, column});
    }
    if (offset == text.size()) break;
    if (text[offset] == '\n') {
      ++line;
      column = 1;
    } else if (!issuelint::utf8::is_continuation_byte(static_cast<unsigned char>(text[offset]))) {
      ++column;
    }
  }
}

namespace {

std::vector<std::string> fixture_texts_and_edge_cases() {
  std::vector<std::string> texts;
  std::size_t seen_fixtures = 0;
  const std::filesystem::path root(ISSUELINT_SOURCE_DIR);
  for (const char* folder : {"fixtures/issues", "fixtures/discuno", "fixtures/templates"}) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root / folder)) {
      if (!entry.is_regular_file() || entry.path().extension() != ".md") continue;
      // Under the sanitizers, every Nth fixture (test_sample()); the edge cases below always.
      if (seen_fixtures++ % issuelint::testing::test_sample() != 0) continue;
      std::ifstream in(entry.path(), std::ios::binary);
      std::ostringstream body;
      body << in.rdbuf();
      texts.push_back(body.str());
    }
  }
  const std::size_t fixtures = texts.size();
  for (std::size_t i = 0; i < fixtures; i += 4) {
    std::string crlf;
    std::string cr;
    for (char c : texts[i]) {
      crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
      cr += c == '\n' ? '\r' : c;
    }
    texts.push_back(crlf);
    texts.push_back(cr);
  }
  std::string emoji_line;
  for (int i = 0; i < 2000; ++i) emoji_line += "\xF0\x9F\x98\x80\t";
  texts.insert(texts.end(), {"", "\n", "\n\n\n", "a", "\r\n\r\n", emoji_line,
                             std::string(40000, 'x') + "\n" + emoji_line + "\n"});
  return texts;
}

}  // namespace

TEST_CASE("PositionCursor answers as LineIndex::position in any order of offsets", "[line_index]") {
  std::mt19937 random(42);
  std::size_t queries = 0;
  for (const std::string& text : fixture_texts_and_edge_cases()) {
    const LineIndex lines(text);
    // Every offset forward (past the end too), then backward, then random jumps, then the
    // walker's own patterns: forward with a step back to the start of the line now and then, and
    // forward two lines at a time.
    std::vector<std::size_t> offsets;
    for (std::size_t offset = 0; offset <= text.size() + 2; offset += 1 + offset % 3) {
      offsets.push_back(offset);
    }
    for (std::size_t back = 0; back <= text.size() + 1; back += 1 + back % 5) {
      offsets.push_back(text.size() + 1 - back);
    }
    for (int i = 0; i < 300; ++i) offsets.push_back(random() % (text.size() + 2));
    for (std::size_t offset = 0; offset < text.size(); offset += 7) {
      offsets.push_back(offset);
      offsets.push_back(offset - offset % 11);
    }
    // Block to block over a blank line: every other line, a few bytes in.
    for (int line = 1; line <= lines.line_count(); line += 2) {
      offsets.push_back(lines.line_start(line) + static_cast<std::size_t>(line % 3));
    }
    PositionCursor cursor(lines, text);
    for (std::size_t offset : offsets) {
      INFO("offset " << offset << " of " << text.size());
      REQUIRE(cursor.position(offset) == lines.position(text, offset));
      ++queries;
    }
  }
  CHECK(queries > issuelint::testing::sampled(100000));
}

TEST_CASE("PositionCursor over an empty index answers line 1, column 1", "[line_index]") {
  const LineIndex none;
  PositionCursor cursor(none, "abc");
  CHECK(cursor.position(0) == SourcePosition{1, 1});
  CHECK(cursor.position(2) == SourcePosition{1, 1});
  CHECK(none.position("abc", 2) == SourcePosition{1, 1});
}

namespace {

// Line starts by the definition, byte by byte: "\r\n", "\n" and a lone "\r" each end a line.
std::vector<std::size_t> line_starts_byte_by_byte(std::string_view text) {
  std::vector<std::size_t> starts{0};
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
    if (text[i] == '\n' || text[i] == '\r') starts.push_back(i + 1);
  }
  return starts;
}

std::vector<std::size_t> line_starts_of(const LineIndex& lines) {
  std::vector<std::size_t> starts;
  for (int line = 1; line <= lines.line_count(); ++line) starts.push_back(lines.line_start(line));
  return starts;
}

}  // namespace

TEST_CASE("LineIndex finds the line starts a byte-by-byte scan finds", "[line_index]") {
  // The index reads 32 bytes at a time: every line end at every offset of a few blocks and a
  // tail, alone, after other lines and after a '\r' the blocks have already passed.
  std::vector<std::string> texts = fixture_texts_and_edge_cases();
  const std::string filler(100, 'a');
  for (std::size_t size = 0; size <= 100; ++size) {
    for (std::size_t at = 0; at < size; ++at) {
      for (const char* end : {"\n", "\r", "\r\n"}) {
        std::string text = filler.substr(0, size);
        text.replace(at, 1, end);
        texts.push_back(text);
        texts.push_back(std::string(size, '\n').replace(at, 1, end));
      }
    }
  }
  // Longer texts, past the groups of blocks the index gathers before appending: lines of every
  // length up to 40 bytes (a block with many line ends, with none), a text of line ends only,
  // and a '\r' placed late.
  std::uint32_t seed = 12345;
  const auto next = [&seed](std::uint32_t bound) {
    seed = seed * 1103515245u + 12345u;
    return (seed >> 16) % bound;
  };
  for (int round = 0; round < 200; ++round) {
    std::string text;
    const std::uint32_t longest = 1 + next(40);
    while (text.size() < 300 + static_cast<std::size_t>(round) * 10) {
      text.append(next(longest), 'x');
      text += '\n';
    }
    texts.push_back(text);
    if (round % 10 == 0)
      texts.push_back(text.replace(next(static_cast<std::uint32_t>(text.size())), 1, "\r"));
  }
  texts.push_back(std::string(1000, '\n'));
  texts.push_back(std::string(1000, '\n') + "\r\n" + std::string(300, '\n'));
  for (const std::string& text : texts) {
    INFO("text of " << text.size() << " bytes: " << text.substr(0, 120));
    REQUIRE(line_starts_of(LineIndex(text)) == line_starts_byte_by_byte(text));
  }
}
