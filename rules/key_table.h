// A document's headings or boxes by key: which of many elements carries a key, found without
// comparing every element's key (find_section and find_box ask ~120 times per check).
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

namespace issuelint {

// A key's length and its first and last eight bytes in one word: keys seldom share it, so a
// word compare stands in for most text compares. Inline: a look-up is a few dozen instructions.
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

// Element indices by key fingerprint, open addressing with linear probing. Indices go in in
// ascending order, so a later element with the same fingerprint lies further along the probe
// sequence than an earlier one: a look-up meets the candidates in the elements' order, as a
// scan would. At most half the slots are used, so every probe ends at a free one.
class KeyTable {
 public:
  bool built() const { return !slots_.empty(); }

  // Indexes key_of(i) for every i in [first, count).
  template <typename KeyOf>
  void build(std::size_t first, std::size_t count, KeyOf key_of) {
    fingerprints_.resize(count);
    for (std::size_t i = first; i < count; ++i) fingerprints_[i] = key_fingerprint(key_of(i));
    allocate(count > first ? count - first : 0);
    for (std::size_t i = first; i < count; ++i) {
      std::size_t slot = slot_of(fingerprints_[i]);
      while (slots_[slot] != kFree) slot = next(slot);
      slots_[slot] = static_cast<int>(i);
    }
  }

  // The lowest index whose key_of(index) is `key` and for which accept(index) holds, or -1.
  template <typename KeyOf, typename Accept>
  int find(std::string_view key, KeyOf key_of, Accept accept) const {
    const std::uint64_t wanted = key_fingerprint(key);
    for (std::size_t slot = slot_of(wanted);; slot = next(slot)) {
      const int index = slots_[slot];
      if (index == kFree) return -1;
      const auto at = static_cast<std::size_t>(index);
      if (fingerprints_[at] == wanted && accept(index) && key_of(at) == key) return index;
    }
  }

 private:
  static constexpr int kFree = -1;
  void allocate(std::size_t entries);
  // The top bits of a multiplicative hash: a fingerprint's low bits are mostly a first letter.
  std::size_t slot_of(std::uint64_t fingerprint) const {
    return static_cast<std::size_t>((fingerprint * 0x9E3779B97F4A7C15ULL) >> (64 - bits_));
  }
  std::size_t next(std::size_t slot) const { return (slot + 1) & (slots_.size() - 1); }

  std::vector<std::uint64_t> fingerprints_;  // by element index
  std::vector<int> slots_;                   // an element index, or kFree
  int bits_ = 0;                             // log2 of slots_.size()
};

}  // namespace issuelint
