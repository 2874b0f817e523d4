#include "parser/text_arena.h"

#include <algorithm>
#include <cstring>

namespace issuelint {
namespace {

// Small enough not to matter for a one-line body, large enough that a template's elements
// rarely need a second chunk.
constexpr std::size_t kMinChunkBytes = 512;

}  // namespace

TextArena::TextArena(std::size_t expected_bytes)
    : next_chunk_bytes_(std::max(expected_bytes, kMinChunkBytes)) {}

ElementText TextArena::store(std::string_view text) {
  if (text.empty()) return {};
  char* at = room_for(text.size());
  std::memcpy(at, text.data(), text.size());
  stored_ += text.size();
  return ElementText(std::string_view(at, text.size()));
}

char* TextArena::room_for(std::size_t size) {
  if (size > left_) {
    const std::size_t chunk_bytes = std::max(next_chunk_bytes_, size);
    chunks_.push_back(std::make_unique_for_overwrite<char[]>(chunk_bytes));
    next_ = chunks_.back().get();
    left_ = chunk_bytes;
    next_chunk_bytes_ = chunk_bytes * 2;
  }
  char* at = next_;
  next_ += size;
  left_ -= size;
  return at;
}

}  // namespace issuelint
