// Where the text of a document's elements lives: box labels, names and keys, heading titles,
// prose. Each element used to own a std::string per field, and those were about 210 of the
// ~366 heap allocations a flagship check made; now the parser copies each text once into a
// few large chunks that the document owns, and elements hold views into them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace issuelint {

class TextArena;

// A view of text stored in a TextArena: valid as long as the document that holds it, or a
// copy of that document, lives (copies share the arena). Only an arena makes non-empty ones,
// so a field of this type can never be pointed at a temporary std::string by mistake, which a
// plain std::string_view field would accept (and then dangle). Reads like a std::string_view.
class ElementText : public std::string_view {
 public:
  ElementText() = default;
  ElementText(const std::string&&) = delete;  // would dangle
  ElementText& operator=(const std::string&&) = delete;

  // A copy, for building messages: "option " + box.name.str() + " ...".
  std::string str() const { return std::string(*this); }

  // A part of stored text is stored text too.
  ElementText part(std::size_t position, std::size_t count = npos) const {
    return ElementText(substr(position, count));
  }

 private:
  friend class TextArena;
  explicit ElementText(std::string_view stored) : std::string_view(stored) {}
};

// Indices stored in a TextArena (a section's sub-sections): a view, valid as long as the document
// that holds it (or a copy of it) lives, as ElementText is. Only an arena makes non-empty ones.
class ElementIndices {
 public:
  ElementIndices() = default;
  const int* begin() const { return first_; }
  const int* end() const { return first_ + size_; }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  int operator[](std::size_t index) const { return first_[index]; }
  int front() const { return first_[0]; }
  int back() const { return first_[size_ - 1]; }

 private:
  friend class TextArena;
  ElementIndices(const int* first, std::size_t size) : first_(first), size_(size) {}

  const int* first_ = nullptr;
  std::size_t size_ = 0;
};

// Append-only: text once stored never moves or changes, so views stay valid while the arena
// lives. Chunks grow geometrically, so the bytes held stay within about twice what was stored.
class TextArena {
 public:
  // `expected_bytes`: the first chunk's size (parse_issue sizes it from the body).
  explicit TextArena(std::size_t expected_bytes);
  TextArena(const TextArena&) = delete;
  TextArena& operator=(const TextArena&) = delete;

  // Inline: the walker stores about 225 texts a flagship draft, most of them short, and the call
  // and the chunk test cost about as much as the copy.
  ElementText store(std::string_view text) {
    if (text.empty()) return {};
    char* at = room_for(text.size());
    std::memcpy(at, text.data(), text.size());
    stored_ += text.size();
    return ElementText(std::string_view(at, text.size()));
  }

  // Text written straight into the arena, not built in a buffer and then copied: `write(out)`
  // gets room for `max_size` bytes and returns how many it wrote, or npos to store nothing
  // (then nullopt). The room it leaves unused is given back.
  template <typename Write>
  std::optional<ElementText> store_written(std::size_t max_size, Write write) {
    char* at = room_for(max_size);
    const std::size_t size = write(at);
    if (size == std::string_view::npos) {
      give_back(max_size);
      return std::nullopt;
    }
    give_back(max_size - size);
    stored_ += size;
    if (size == 0) return ElementText();
    return ElementText(std::string_view(at, size));
  }

  // Room for `count` indices, to be filled by the caller before views of them are handed out by
  // indices(); they never move, as stored text does not.
  int* room_for_indices(std::size_t count) {
    const std::size_t misaligned = reinterpret_cast<std::uintptr_t>(next_) % alignof(int);
    if (misaligned != 0 && left_ >= alignof(int) - misaligned) room_for(alignof(int) - misaligned);
    if (count * sizeof(int) > left_) add_chunk(count * sizeof(int));  // chunks start aligned
    return reinterpret_cast<int*>(room_for(count * sizeof(int)));
  }
  // A view of indices in room given by room_for_indices.
  static ElementIndices indices(const int* first, std::size_t count) {
    if (count == 0) return {};
    return ElementIndices(first, count);
  }

  std::size_t bytes_stored() const { return stored_; }

  // Keeps `other` alive as long as this arena: element text may view another arena's text (a
  // KnownTexts' label or key, parse_issue takes as it is instead of copying it), and whoever
  // holds this arena to keep its views valid then keeps those valid too.
  void keep_alive(std::shared_ptr<const TextArena> other) { kept_alive_ = std::move(other); }

 private:
  char* room_for(std::size_t size) {
    if (size > left_) add_chunk(size);
    char* at = next_;
    next_ += size;
    left_ -= size;
    return at;
  }
  // The last `size` bytes taken by room_for, unused.
  void give_back(std::size_t size) {
    next_ -= size;
    left_ += size;
  }
  void add_chunk(std::size_t at_least);

  std::vector<std::unique_ptr<char[]>> chunks_;
  char* next_ = nullptr;
  std::size_t left_ = 0;
  std::size_t next_chunk_bytes_;
  std::size_t stored_ = 0;
  std::shared_ptr<const TextArena> kept_alive_;
};

}  // namespace issuelint
