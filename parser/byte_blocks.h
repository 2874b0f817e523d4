// Sixteen bytes of text tested at once where SSE2 is there (x86-64 always): short scans that
// run for every box read a block where memchr paid a call and a start-up per byte value.
#pragma once

#include <bit>
#include <cstddef>
#include <string_view>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace issuelint::byte_blocks {

// The offset of the first byte of `text` equal to one of `bytes`, or npos. One pass for all
// (two memchr cost about 70 instructions on a box's line; this about 25). Never reads outside
// `text`: its last block is the text's last sixteen bytes (eight for a text of 8 to 15 bytes),
// some of them read twice.
template <typename... Bytes>
inline std::size_t find_any(std::string_view text, Bytes... bytes) {
#ifdef __SSE2__
  if (text.size() >= 8) {
    const auto matching = [&](__m128i block) {
      __m128i equal = _mm_setzero_si128();
      ((equal = _mm_or_si128(equal, _mm_cmpeq_epi8(block, _mm_set1_epi8(bytes)))), ...);
      return static_cast<unsigned>(_mm_movemask_epi8(equal));
    };
    const auto matches = [&](std::size_t at) {
      return matching(_mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + at)));
    };
    const auto matches_in_eight = [&](std::size_t at) {
      return matching(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(text.data() + at))) & 0xFF;
    };
    const bool blocks_of_sixteen = text.size() >= 16;
    const std::size_t block = blocks_of_sixteen ? 16 : 8;
    std::size_t at = 0;
    for (; at + block <= text.size(); at += block) {
      const unsigned found = blocks_of_sixteen ? matches(at) : matches_in_eight(at);
      if (found != 0) return at + static_cast<std::size_t>(std::countr_zero(found));
    }
    if (at == text.size()) return std::string_view::npos;
    const std::size_t last = text.size() - block;  // its bytes before `at` hold no match
    const unsigned found = blocks_of_sixteen ? matches(last) : matches_in_eight(last);
    return found != 0 ? last + static_cast<std::size_t>(std::countr_zero(found))
                      : std::string_view::npos;
  }
#endif
  for (std::size_t at = 0; at < text.size(); ++at) {
    if (((text[at] == bytes) || ...)) return at;
  }
  return std::string_view::npos;
}

// Whether `text` holds one of `bytes`, two spaces in a row, or (with kHighBytes) a byte >= 0x80:
// what rules out a title or a paragraph being written as it folds. Blocks as find_any (a
// space's pair may lie across two blocks: the byte before a block is looked at too); eight
// bytes at a time by word arithmetic cost 178 instructions a flagship heading against 117.
template <bool kHighBytes, typename... Bytes>
inline bool holds_any_or_doubled_space(std::string_view text, Bytes... bytes) {
#ifdef __SSE2__
  if (text.size() >= 8) {
    const auto suspects = [&](__m128i block, std::size_t at) {
      __m128i found = kHighBytes ? block : _mm_setzero_si128();  // the sign bit: >= 0x80
      ((found = _mm_or_si128(found, _mm_cmpeq_epi8(block, _mm_set1_epi8(bytes)))), ...);
      const auto spaces =
          static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(block, _mm_set1_epi8(' '))));
      const unsigned space_before = at > 0 && text[at - 1] == ' ' ? 1 : 0;
      return static_cast<unsigned>(_mm_movemask_epi8(found)) |
             (spaces & ((spaces << 1) | space_before));
    };
    const bool blocks_of_sixteen = text.size() >= 16;
    const std::size_t block = blocks_of_sixteen ? 16 : 8;
    const auto suspects_at = [&](std::size_t at) {
      if (blocks_of_sixteen) {
        return suspects(_mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + at)), at);
      }
      return suspects(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(text.data() + at)), at) &
             0xFF;
    };
    std::size_t at = 0;
    for (; at + block <= text.size(); at += block) {
      if (suspects_at(at) != 0) return true;
    }
    return at != text.size() && suspects_at(text.size() - block) != 0;
  }
#endif
  for (std::size_t at = 0; at < text.size(); ++at) {
    const auto byte = static_cast<unsigned char>(text[at]);
    if ((kHighBytes && byte >= 0x80) || ((text[at] == bytes) || ...)) return true;
    if (text[at] == ' ' && at > 0 && text[at - 1] == ' ') return true;
  }
  return false;
}

}  // namespace issuelint::byte_blocks
