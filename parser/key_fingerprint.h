// One word that tells keys (or any short texts) apart cheaply, so that a search over them
// compares words and compares text only where the words are equal. In parser/ so that the
// parser's known texts (known_texts.h) hash with it as the rules' look-ups do.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace issuelint {

// A key's length and its first and last eight bytes in one word. Section keys seldom share all
// three (find_section: 189 instructions a look-up when it compared every heading's key). Equal
// keys have equal fingerprints; equal fingerprints may still be different keys.
inline std::uint64_t key_fingerprint(std::string_view key) {
  std::uint64_t head = 0;
  std::uint64_t tail = 0;
  if (key.size() >= sizeof head) {
    std::memcpy(&head, key.data(), sizeof head);
    std::memcpy(&tail, key.data() + key.size() - sizeof tail, sizeof tail);
  } else {
    for (const char c : key) head = head << 8 | static_cast<unsigned char>(c);
  }
  return head ^ std::rotl(tail, 29) ^ key.size() * 0x9E3779B97F4A7C15ULL;
}

// The bucket of a fingerprint in a table of `buckets` (a power of two): its bits mixed, as its
// low bits, a key's first bytes, are shared by many keys ("migration ...").
inline std::size_t fingerprint_bucket(std::uint64_t fingerprint, std::size_t buckets) {
  return static_cast<std::size_t>((fingerprint * 0x9E3779B97F4A7C15ULL) >> 32) & (buckets - 1);
}

}  // namespace issuelint
