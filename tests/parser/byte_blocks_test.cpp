#include "parser/byte_blocks.h"

#include <catch2/catch.hpp>
#include <string>
#include <string_view>

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
