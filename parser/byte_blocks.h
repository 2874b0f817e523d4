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

// The offset of the first byte of `text` equal to `a` or to `b`, or npos. One pass for both
// (two memchr cost about 70 instructions on a box's line; this about 25). Never reads outside
// `text`: its last block is the text's last sixteen bytes, some of them read twice.
inline std::size_t find_either(std::string_view text, char a, char b) {
#ifdef __SSE2__
  if (text.size() >= 16) {
    const __m128i first = _mm_set1_epi8(a);
    const __m128i second = _mm_set1_epi8(b);
    const auto matches = [&](std::size_t at) {
      const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + at));
      const __m128i equal =
          _mm_or_si128(_mm_cmpeq_epi8(bytes, first), _mm_cmpeq_epi8(bytes, second));
      return static_cast<unsigned>(_mm_movemask_epi8(equal));
    };
    std::size_t at = 0;
    for (; at + 16 <= text.size(); at += 16) {
      if (const unsigned found = matches(at); found != 0) {
        return at + static_cast<std::size_t>(std::countr_zero(found));
      }
    }
    if (at == text.size()) return std::string_view::npos;
    const std::size_t last = text.size() - 16;  // its bytes before `at` hold no match
    const unsigned found = matches(last);
    return found != 0 ? last + static_cast<std::size_t>(std::countr_zero(found))
                      : std::string_view::npos;
  }
#endif
  for (std::size_t at = 0; at < text.size(); ++at) {
    if (text[at] == a || text[at] == b) return at;
  }
  return std::string_view::npos;
}

}  // namespace issuelint::byte_blocks
