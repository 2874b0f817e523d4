// What the walker works out from a box label or a heading, already worked out for the texts a
// draft repeats word for word: the labels and headings of the templates it was written from.
// Naming a box and keying its name cost about 340 instructions, titling and keying a heading
// about 400; a lookup here about 50-60. A pure cache: an entry holds what the walker computes
// from that text alone, whichever document the text came from, so a body parses to the same
// document with or without one (tests/parser/known_texts_test.cpp holds the walker to that).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "parser/key_fingerprint.h"

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
  // is key_fingerprint() (the length and at most the first and last eight bytes), and a text is
  // compared only against slots of the same fingerprint.
  template <typename Value>
  class TextMap {
   public:
    const Value* find(std::string_view text) const {
      if (slots_.empty()) return nullptr;
      const std::uint64_t hash = key_fingerprint(text);
      for (std::size_t at = fingerprint_bucket(hash, slots_.size()); slots_[at].used;
           at = (at + 1) & mask()) {
        const Slot& slot = slots_[at];
        if (slot.hash == hash && slot.text == text) return &slot.value;
      }
      return nullptr;
    }
    // Keeps the first value given for a text.
    void insert(std::string_view text, Value value) {
      if (find(text) != nullptr) return;
      if ((size_ + 1) * 2 > slots_.size()) grow();
      place(Slot{key_fingerprint(text), true, std::string(text), std::move(value)});
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
      std::size_t at = fingerprint_bucket(slot.hash, slots_.size());
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
    std::vector<Slot> slots_;
    std::size_t size_ = 0;
  };

  TextMap<LabelNaming> labels_;
  TextMap<std::string> name_keys_;
  TextMap<HeadingTitles> headings_;
};

}  // namespace issuelint
