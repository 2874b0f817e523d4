// Whether two short texts (keys, labels) are equal, compared in place: for loops and look-ups
// that compare many texts (a draft's keys with its template's, a label with a known one), where
// std::string_view's == (a library memcmp call, with the compare around it) cost more than the
// comparison.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace issuelint {

// a == b: sixteen bytes (else eight, four, one) at a time, the last block overlapping the one
// before it.
[[gnu::always_inline]] inline bool same_text(std::string_view a, std::string_view b) {
  const std::size_t size = a.size();
  if (size != b.size()) return false;
  const char* left = a.data();
  const char* right = b.data();
  const auto same = [&](std::size_t at, auto width) {
    decltype(width) x;
    decltype(width) y;
    std::memcpy(&x, left + at, sizeof x);
    std::memcpy(&y, right + at, sizeof y);
    return x == y;
  };
#if defined(__SSE2__)
  if (size >= 16) {
    const auto block = [&](std::size_t at) {
      const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(left + at));
      const __m128i y = _mm_loadu_si128(reinterpret_cast<const __m128i*>(right + at));
      return _mm_movemask_epi8(_mm_cmpeq_epi8(x, y)) == 0xFFFF;
    };
    for (std::size_t at = 0; at + 16 < size; at += 16) {
      if (!block(at)) return false;
    }
    return block(size - 16);
  }
#endif
  if (size >= 8) {
    for (std::size_t at = 0; at + 8 < size; at += 8) {
      if (!same(at, std::uint64_t{})) return false;
    }
    return same(size - 8, std::uint64_t{});
  }
  if (size >= 4) return same(0, std::uint32_t{}) && same(size - 4, std::uint32_t{});
  for (std::size_t at = 0; at < size; ++at) {
    if (left[at] != right[at]) return false;
  }
  return true;
}

}  // namespace issuelint
