// What the walker works out from a box label or a heading, already worked out for the texts a
// draft repeats word for word: the labels and headings of the templates it was written from.
// Naming a box and keying its name cost about 340 instructions, titling and keying a heading
// about 400; a lookup here about 50-60. A pure cache: an entry holds what the walker computes
// from that text alone, whichever document the text came from, so a body parses to the same
// document with or without one (tests/parser/known_texts_test.cpp holds the walker to that).
// A label with bold in it ("🆕 **New Table** - ...") is named by its bold part: its entry holds
// a name with the conditions under which the walker's bold part gives that name, checked per
// box. The texts are stored once, in an arena a document parsed with them views and keeps alive.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "parser/key_fingerprint.h"
#include "parser/same_text.h"
#include "parser/text_arena.h"

namespace issuelint {

struct IssueDocument;

class KnownTexts {
 public:
  // A box label's name (a part of the label) and the name's key.
  struct LabelNaming {
    ElementText label;  // the label itself, as stored here
    std::size_t name_offset = 0;
    std::size_t name_size = 0;
    ElementText key;
  };
  // A heading's display title (its first display_size bytes) and that title's key.
  struct HeadingTitles {
    ElementText heading;  // the heading itself, as stored here
    std::size_t display_size = 0;
    ElementText key;
  };

  // A box label with bold in it, named by the bold part: the name (a part of the label), its
  // key, and where the bold part may start for the walker to give that name (see names_from).
  struct BoldNaming {
    ElementText label;  // the label itself, as stored here
    std::size_t name_offset = 0;
    std::size_t name_size = 0;
    std::size_t bold_from = 0;  // the bold part may start from here up to name_offset
    ElementText key;

    // Whether the walker names this label (at [label_begin, label_end) of `plain`, starting
    // untrimmed at label_begin) by this entry's name, when the first bold part that starts in
    // it is [bold_begin, bold_end): that part, cut at the label's end and stripped of " \t:",
    // is the name, and nothing with a key stands before it (worked out when the entry was).
    bool names_from(std::string_view plain, std::size_t label_begin, std::size_t label_end,
                    std::size_t bold_begin, std::size_t bold_end) const {
      const std::size_t begin = bold_begin - label_begin;
      const std::size_t name_end = label_begin + name_offset + name_size;
      const std::size_t end = bold_end < label_end ? bold_end : label_end;
      if (begin < bold_from || begin > name_offset || end < name_end) return false;
      for (std::size_t at = name_end; at < end; ++at) {
        if (!is_name_edge(plain[at])) return false;
      }
      return true;
    }
    // What the walker strips from a bold name's ends.
    static bool is_name_edge(char c) { return c == ' ' || c == '\t' || c == ':'; }
  };

  KnownTexts() = default;
  // A copy stores its texts anew: two copies never append to one arena (from two threads).
  KnownTexts(const KnownTexts& other);
  KnownTexts& operator=(const KnownTexts& other);
  KnownTexts(KnownTexts&&) noexcept = default;
  KnownTexts& operator=(KnownTexts&&) noexcept = default;
  ~KnownTexts() = default;

  // `label`: a box label, trimmed, as the walker names it when no bold starts in it. A label
  // whose name is not a part of it (a blank cut out of the middle) is not kept.
  void add_label(std::string_view label);
  // `name`: a box's name, whatever it was named from.
  void add_name(std::string_view name);
  // `heading`: a heading's text after the '#'s, trimmed. One that must be folded before it is
  // displayed (markup, emoji, runs of space) is not kept: the walker's own path is as quick.
  void add_heading(std::string_view heading);
  // `label` (trimmed) named `label.substr(name_offset, name_size)` by its bold part: kept when
  // that name has no " \t:" at its ends and nothing before it has a key.
  void add_bold_label(std::string_view label, std::size_t name_offset, std::size_t name_size);
  // Every box label, box name and heading of `document` (a template's).
  void add_document(const IssueDocument& document);

  const LabelNaming* label(std::string_view label) const { return labels_.find(label); }
  const BoldNaming* bold_label(std::string_view label) const { return bold_labels_.find(label); }
  // normalize_key(name), when `name` is known.
  const ElementText* name_key(std::string_view name) const { return name_keys_.find(name); }
  const HeadingTitles* heading(std::string_view heading) const { return headings_.find(heading); }

  // Where a draft's look-ups last found a box label (or a heading) among the templates' ones.
  // A draft written from a template repeats its boxes and headings in order: the look-ups
  // below try the template's next one first (same_text alone) before hashing. A hit answers
  // what the look-up without a hint answers (a text is stored once).
  struct Hint {
    std::uint32_t next = 0;  // the number, in learning order, of the entry to try first
  };
  const LabelNaming* label(std::string_view label, Hint& hint) const {
    return labels_.find(label, hint);
  }
  const BoldNaming* bold_label(std::string_view label, Hint& hint) const {
    return bold_labels_.find(label, hint);
  }
  const HeadingTitles* heading(std::string_view heading, Hint& hint) const {
    return headings_.find(heading, hint);
  }
  std::size_t size() const {
    return labels_.size() + bold_labels_.size() + name_keys_.size() + headings_.size();
  }

  // Where the texts above are stored (null while none is): a document parsed with them views
  // them there, its own arena keeping this one alive (TextArena::keep_alive), and appending
  // never moves what was stored, so learning more later leaves those views valid.
  const std::shared_ptr<TextArena>& texts() const { return texts_; }

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
        if (slot.hash == hash && same_text(slot.text, text)) return &slot.value;
      }
      return nullptr;
    }
    // find, trying first the entry numbered hint.next; on a hit, hint.next is the number after
    // the entry found.
    const Value* find(std::string_view text, Hint& hint) const {
      if (hint.next < by_number_.size()) {
        const std::uint32_t at = by_number_[hint.next];
        if (at != kNoSlot && same_text(slots_[at].text, text)) {
          ++hint.next;
          return &slots_[at].value;
        }
      }
      if (slots_.empty()) return nullptr;
      const std::uint64_t hash = key_fingerprint(text);
      for (std::size_t at = fingerprint_bucket(hash, slots_.size()); slots_[at].used;
           at = (at + 1) & mask()) {
        const Slot& slot = slots_[at];
        if (slot.hash == hash && same_text(slot.text, text)) {
          hint.next = slot.number + 1;
          return &slot.value;
        }
      }
      return nullptr;
    }
    // Keeps the first value given for a text. `text` is stored text (it stays valid);
    // `number`: the entry's place in learning order (what a Hint counts).
    void insert(ElementText text, Value value, std::uint32_t number) {
      if (find(text) != nullptr) return;
      if ((size_ + 1) * 2 > slots_.size()) grow();
      const std::size_t at =
          place(Slot{key_fingerprint(text), true, number, text, std::move(value)});
      if (number >= by_number_.size()) by_number_.resize(number + 1, kNoSlot);
      by_number_[number] = static_cast<std::uint32_t>(at);
      ++size_;
    }
    std::size_t size() const { return size_; }
    // visit(text, value, number) for every entry.
    template <typename Visit>
    void for_each(Visit visit) const {
      for (const Slot& slot : slots_) {
        if (slot.used) visit(std::string_view(slot.text), slot.value, slot.number);
      }
    }

   private:
    static constexpr std::uint32_t kNoSlot = static_cast<std::uint32_t>(-1);
    struct Slot {
      std::uint64_t hash = 0;
      bool used = false;
      std::uint32_t number = 0;
      ElementText text;
      Value value{};
    };
    std::size_t mask() const { return slots_.size() - 1; }
    std::size_t place(Slot slot) {
      std::size_t at = fingerprint_bucket(slot.hash, slots_.size());
      while (slots_[at].used) at = (at + 1) & mask();
      slots_[at] = std::move(slot);
      return at;
    }
    void grow() {
      std::vector<Slot> old = std::move(slots_);
      slots_.assign(old.empty() ? 64 : old.size() * 2, Slot{});
      for (Slot& slot : old) {
        if (!slot.used) continue;
        const std::uint32_t number = slot.number;
        by_number_[number] = static_cast<std::uint32_t>(place(std::move(slot)));
      }
    }
    std::vector<Slot> slots_;
    std::vector<std::uint32_t> by_number_;  // entry number -> its slot (kNoSlot: none)
    std::size_t size_ = 0;
  };

  ElementText store(std::string_view text);
  // The add_ functions above with the entry's number given (a box's labels share one).
  void add_label(std::string_view label, std::uint32_t number);
  void add_heading(std::string_view heading, std::uint32_t number);
  void add_bold_label(std::string_view label, std::size_t name_offset, std::size_t name_size,
                      std::uint32_t number);

  std::shared_ptr<TextArena> texts_;
  TextMap<LabelNaming> labels_;
  TextMap<BoldNaming> bold_labels_;
  TextMap<ElementText> name_keys_;
  TextMap<HeadingTitles> headings_;
  std::uint32_t boxes_learned_ = 0;     // the number of the next box label learned
  std::uint32_t headings_learned_ = 0;  // the number of the next heading learned
};

}  // namespace issuelint
