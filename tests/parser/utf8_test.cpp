// UTF-16 files (with their byte order mark) read as the UTF-8 text they hold.
#include "parser/utf8.h"

#include <catch2/catch.hpp>

using namespace issuelint;

namespace {

std::string utf16(std::u16string_view text, bool little) {
  std::string bytes = little ? std::string("\xFF\xFE") : std::string("\xFE\xFF");
  for (char16_t unit : text) {
    const char low = static_cast<char>(unit & 0xFF);
    const char high = static_cast<char>(unit >> 8);
    bytes += little ? std::string{low, high} : std::string{high, low};
  }
  return bytes;
}

}  // namespace

TEST_CASE("utf8: a UTF-16 text with its byte order mark is decoded, either byte order") {
  const std::u16string text = u"## Describe the bug 🐛\r\nCafé crashes.\n";
  const std::string expected = "## Describe the bug \xF0\x9F\x90\x9B\r\nCaf\xC3\xA9 crashes.\n";
  CHECK(utf8::from_utf16_with_bom(utf16(text, true)) == expected);
  CHECK(utf8::from_utf16_with_bom(utf16(text, false)) == expected);
  CHECK(utf8::from_utf16_with_bom(utf16(u"", true)) == std::string());
}

TEST_CASE("utf8: text without a UTF-16 mark is left alone, broken UTF-16 gets a bad byte") {
  CHECK_FALSE(utf8::from_utf16_with_bom("## Plain UTF-8\n"));
  CHECK_FALSE(utf8::from_utf16_with_bom("\xEF\xBB\xBF## UTF-8 with its mark\n"));
  CHECK_FALSE(utf8::from_utf16_with_bom("\xFF"));
  // A lone high surrogate, a lone low surrogate, then an odd last byte.
  const std::string broken = std::string("\xFF\xFE") + std::string("\x3D\xD8", 2) + "A" +
                             std::string(1, '\0') + std::string("\x00\xDC", 2) + "B";
  // Each a byte FF, which the parser replaces by U+FFFD and reports (input-repaired).
  CHECK(utf8::from_utf16_with_bom(broken) ==
        "\xFF"
        "A\xFF\xFF");
}
