// What the walker works out from a box label or a heading, already worked out for the texts a
// draft repeats word for word: the labels and headings of the templates it was written from.
// Naming a box and keying its name cost about 340 instructions, titling and keying a heading
// about 400; a lookup here about 50-60. A pure cache: an entry holds what the walker computes
// from that text alone, whichever document the text came from, so a body parses to the same
// document with or without one (tests/parser/known_texts_test.cpp holds the walker to that).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace issuelint {

struct IssueDocument;

class KnownTexts {
 public:
  // A box label's name (a part of the label) and the name's key.
  struct LabelNaming {
    std::size_t name_offset = 0;
    std::size_t name_size = 0;
    std::string key;
  };
  // A heading's display title (its first display_size bytes) and that title's key.
  struct HeadingTitles {
    std::size_t display_size = 0;
    std::string key;
  };

  // `label`: a box label, trimmed, as the walker names it when no bold starts in it. A label
  // whose name is not a part of it (a blank cut out of the middle) is not kept.
  void add_label(std::string_view label);
  // `name`: a box's name, whatever it was named from.
  void add_name(std::string_view name);
  // `heading`: a heading's text after the '#'s, trimmed. One that must be folded before it is
  // displayed (markup, emoji, runs of space) is not kept: the walker's own path is as quick.
  void add_heading(std::string_view heading);
  // Every box label, box name and heading of `document` (a template's).
  void add_document(const IssueDocument& document);

  const LabelNaming* label(std::string_view label) const { return labels_.find(label); }
  // normalize_key(name), when `name` is known.
  const std::string* name_key(std::string_view name) const { return name_keys_.find(name); }
  const HeadingTitles* heading(std::string_view heading) const { return headings_.find(heading); }
  std::size_t size() const { return labels_.size() + name_keys_.size() + headings_.size(); }

 private:
  // Open addressing over a power-of-two table at most half full. A lookup costs about 50
  // instructions where std::unordered_map's cost 150 (as much as the work it spares): the hash
  // reads the length and at most the first and last eight bytes, and a text is compared only
  // against slots of the same hash.
  template <typename Value>
  class TextMap {
   public:
    const Value* find(std::string_view text) const {
      if (slots_.empty()) return nullptr;
      const std::uint64_t hash = hash_of(text);
      for (std::size_t at = hash & mask(); slots_[at].used; at = (at + 1) & mask()) {
        const Slot& slot = slots_[at];
        if (slot.hash == hash && slot.text == text) return &slot.value;
      }
      return nullptr;
    }
    // Keeps the first value given for a text.
    void insert(std::string_view text, Value value) {
      if (find(text) != nullptr) return;
      if ((size_ + 1) * 2 > slots_.size()) grow();
      place(Slot{hash_of(text), true, std::string(text), std::move(value)});
      ++size_;
    }
    std::size_t size() const { return size_; }

   private:
    struct Slot {
      std::uint64_t hash = 0;
      bool used = false;
      std::string text;
      Value value{};
    };
    std::size_t mask() const { return slots_.size() - 1; }
    void place(Slot slot) {
      std::size_t at = slot.hash & mask();
      while (slots_[at].used) at = (at + 1) & mask();
      slots_[at] = std::move(slot);
    }
    void grow() {
      std::vector<Slot> old = std::move(slots_);
      slots_.assign(old.empty() ? 64 : old.size() * 2, Slot{});
      for (Slot& slot : old) {
        if (slot.used) place(std::move(slot));
      }
    }
    static std::uint64_t hash_of(std::string_view text);

    std::vector<Slot> slots_;
    std::size_t size_ = 0;
  };

  TextMap<LabelNaming> labels_;
  TextMap<std::string> name_keys_;
  TextMap<HeadingTitles> headings_;
};

template <typename Value>
std::uint64_t KnownTexts::TextMap<Value>::hash_of(std::string_view text) {
  std::uint64_t head = 0;
  std::uint64_t tail = 0;
  if (text.size() >= sizeof head) {
    std::memcpy(&head, text.data(), sizeof head);
    std::memcpy(&tail, text.data() + text.size() - sizeof tail, sizeof tail);
  } else if (!text.empty()) {
    std::memcpy(&head, text.data(), text.size());
  }
  // Mixed so that the low bits, which pick the slot, depend on every byte read.
  std::uint64_t hash = (head ^ (tail * 0x9E3779B97F4A7C15)) + text.size();
  hash ^= hash >> 32;
  hash *= 0xBF58476D1CE4E5B9;
  hash ^= hash >> 29;
  return hash;
}

}  // namespace issuelint
