#include "parser/byte_blocks.h"

#include <catch2/catch.hpp>
#include <string>
#include <string_view>

using issuelint::byte_blocks::find_either;

namespace {

std::size_t find_either_byte_by_byte(std::string_view text, char a, char b) {
  for (std::size_t at = 0; at < text.size(); ++at) {
    if (text[at] == a || text[at] == b) return at;
  }
  return std::string_view::npos;
}

}  // namespace

TEST_CASE("find_either finds the first of two bytes as a byte-by-byte scan does", "[byte_blocks]") {
  // Blocks of sixteen, the overlapping last block and texts too short for one: each byte
  // alone, both, and each after the other, at every offset of texts up to 70 bytes, among
  // bytes next to them in value and bytes >= 0x80 (a signed compare would confuse those).
  const std::string filler = "abcZ\x5e\x60\x7f\x80\xff\xe2\x80\x94 \t\r]\\Z_^`{";
  std::size_t checks = 0;
  for (std::size_t size = 0; size <= 70; ++size) {
    std::string base;
    while (base.size() < size) base += filler;
    base.resize(size);
    for (std::size_t at = 0; at <= size; ++at) {
      for (const char* pair : {"\n_", "\n[", "_\n", "[\n"}) {
        const char a = pair[0];
        const char b = pair[1];
        std::string text = base;
        // filler holds '_': each is made another byte unless it is the one looked for
        for (char& c : text) {
          if (c == a || c == b) c = '.';
        }
        std::string with_first = text;
        std::string with_both = text;
        if (at < size) {
          with_first[at] = a;
          with_both[at] = b;
          if (at + 3 < size) with_both[at + 3] = a;
        }
        for (const std::string& candidate : {text, with_first, with_both}) {
          INFO("size " << size << " at " << at << " looking for " << int(a) << ", " << int(b));
          REQUIRE(find_either(candidate, a, b) == find_either_byte_by_byte(candidate, a, b));
          ++checks;
        }
      }
    }
  }
  CHECK(checks > 25000);
}
