#include "parser/line_index.h"

#include <catch2/catch.hpp>
#include <string>

#include "parser/document.h"
#include "parser/utf8.h"

using issuelint::LineIndex;
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
