#include "parser/byte_blocks.h"

#include <catch2/catch.hpp>
#include <string>
#include <string_view>
#include <vector>

using issuelint::byte_blocks::find_any;

namespace {

std::size_t find_any_byte_by_byte(std::string_view text, std::string_view bytes) {
  for (std::size_t at = 0; at < text.size(); ++at) {
    if (bytes.find(text[at]) != std::string_view::npos) return at;
  }
  return std::string_view::npos;
}

// find_any with the bytes of `bytes` (two or three of them), as the parser calls it.
std::size_t find_any_of(std::string_view text, std::string_view bytes) {
  if (bytes.size() == 2) return find_any(text, bytes[0], bytes[1]);
  return find_any(text, bytes[0], bytes[1], bytes[2]);
}

}  // namespace

TEST_CASE("find_any finds the first of two or three bytes as a byte-by-byte scan does",
          "[byte_blocks]") {
  // Blocks of sixteen, the overlapping last block, texts of 8 to 15 bytes (two blocks of eight)
  // and texts too short for one: each byte alone, two of them, and each after another, at
  // every offset of texts up to 70 bytes, among bytes next to them in value and bytes >= 0x80
  // (a signed compare would confuse those).
  const std::string filler = "abcZ\x5e\x60\x7f\x80\xff\xe2\x80\x94 \t\r]\\Z_^`{:-,9;.\xe1\xe3";
  const std::string_view sets[] = {"\n_", "\n[", "_\n", "[\n", ":-\xe2", "\xe2:-", "-\xe2:"};
  std::size_t checks = 0;
  for (std::size_t size = 0; size <= 70; ++size) {
    std::string base;
    while (base.size() < size) base += filler;
    base.resize(size);
    for (std::size_t at = 0; at <= size; ++at) {
      for (const std::string_view bytes : sets) {
        std::string text = base;
        // filler holds some of them: each is made another byte unless it is the one looked for
        for (char& c : text) {
          if (bytes.find(c) != std::string_view::npos) c = '.';
        }
        std::string with_first = text;
        std::string with_second = text;
        std::string with_last = text;
        if (at < size) {
          with_first[at] = bytes[0];
          with_second[at] = bytes[1];
          if (at + 3 < size) with_second[at + 3] = bytes[0];
          with_last[at] = bytes.back();
          if (at + 1 < size) with_last[at + 1] = bytes[0];
        }
        for (const std::string& candidate : {text, with_first, with_second, with_last}) {
          INFO("size " << size << " at " << at << " looking for " << int(bytes[0]) << ", "
                       << int(bytes[1]) << " (" << bytes.size() << " bytes)");
          REQUIRE(find_any_of(candidate, bytes) == find_any_byte_by_byte(candidate, bytes));
          ++checks;
        }
      }
    }
  }
  CHECK(checks > 70000);
}

namespace {

bool holds_byte_by_byte(std::string_view text, bool high_bytes, std::string_view bytes) {
  for (std::size_t at = 0; at < text.size(); ++at) {
    if (high_bytes && static_cast<unsigned char>(text[at]) >= 0x80) return true;
    if (bytes.find(text[at]) != std::string_view::npos) return true;
    if (text[at] == ' ' && at > 0 && text[at - 1] == ' ') return true;
  }
  return false;
}

}  // namespace

TEST_CASE("holds_any_or_doubled_space answers as a byte-by-byte scan does", "[byte_blocks]") {
  using issuelint::byte_blocks::holds_any_or_doubled_space;
  // The title test (NUL, markup, line ends, bytes >= 0x80) and the fold test ('\n', '\t'): each
  // byte, a high byte and two spaces (the pair across block edges too) at every offset of texts
  // of 0 to 70 bytes, among single spaces, neighbouring values and (for the fold test) high bytes.
  const std::string filler = "ab Z\x1f!\x7f+)( a,\x01z ^a{9 x";
  const std::string high_filler = filler + "\xc3\xa9 \xe2\x80\x94";
  std::size_t checks = 0;
  std::size_t held = 0;
  for (std::size_t size = 0; size <= 70; ++size) {
    for (const bool high : {true, false}) {
      std::string base;
      while (base.size() < size) base += high ? filler : high_filler;
      base.resize(size);
      if (size > 0 && base.back() == ' ' && size > 1 && base[size - 2] == ' ') base.back() = 'x';
      std::vector<std::string> texts = {base};
      for (std::size_t at = 0; at < size; ++at) {
        const std::string_view marks = high ? std::string_view("\0*_`\t\n\r\x80\xff", 9) : "\n\t";
        for (const char mark : marks) {
          texts.push_back(base);
          texts.back()[at] = mark;
        }
        texts.push_back(base);
        texts.back()[at] = ' ';
        if (at + 1 < size) texts.back()[at + 1] = ' ';
      }
      for (const std::string& text : texts) {
        INFO("size " << size << (high ? " title" : " fold") << " text '" << text << "'");
        const bool expected =
            high ? holds_byte_by_byte(text, true, std::string_view("\0*_`\t\n\r", 7))
                 : holds_byte_by_byte(text, false, "\n\t");
        const bool found =
            high ? holds_any_or_doubled_space<true>(text, '\0', '*', '_', '`', '\t', '\n', '\r')
                 : holds_any_or_doubled_space<false>(text, '\n', '\t');
        REQUIRE(found == expected);
        held += found ? 1 : 0;
        ++checks;
      }
    }
  }
  CHECK(checks > 20000);
  CHECK(held > checks / 2);
}
