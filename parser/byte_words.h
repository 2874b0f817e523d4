// Eight bytes of text tested at once: scans that look for a few byte values in mostly ASCII
// text (titles, prose) read a 64-bit word where they read a byte.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

namespace issuelint::byte_words {

constexpr std::uint64_t kOnes = 0x0101010101010101;
constexpr std::uint64_t kHighs = 0x8080808080808080;

// The eight bytes at `at` of `text` (at + 8 <= text.size()), the first in the lowest byte.
inline std::uint64_t load(std::string_view text, std::size_t at) {
  std::uint64_t word = 0;
  std::memcpy(&word, text.data() + at, sizeof word);
  return word;
}

// 0x80 in each byte of `word` equal to `byte`, 0 in the others: exact for every byte (no carry
// crosses bytes), unlike the shorter zero-byte test.
inline std::uint64_t bytes_equal(std::uint64_t word, unsigned char byte) {
  const std::uint64_t x = word ^ (byte * kOnes);
  return ~(((x & ~kHighs) + ~kHighs) | x) & kHighs;
}

// 0x80 in each byte of `word` below 0x20 (a control character), 0 in the others: exact.
inline std::uint64_t control_bytes(std::uint64_t word) {
  return ~(((word & ~kHighs) + (0x80 - 0x20) * kOnes) | word) & kHighs;
}

// 0x80 in each byte of the eight at `at` that is a space followed by another space (the ninth
// byte read too: at + 9 <= text.size()).
inline std::uint64_t doubled_spaces(std::string_view text, std::size_t at) {
  return bytes_equal(load(text, at), ' ') & bytes_equal(load(text, at + 1), ' ');
}

}  // namespace issuelint::byte_words
