#include "parser/text_arena.h"

#include <algorithm>

namespace issuelint {
namespace {

// Small enough not to matter for a one-line body, large enough that a template's elements
// rarely need a second chunk.
constexpr std::size_t kMinChunkBytes = 512;

}  // namespace

TextArena::TextArena(std::size_t expected_bytes)
    : next_chunk_bytes_(std::max(expected_bytes, kMinChunkBytes)) {}

void TextArena::add_chunk(std::size_t at_least) {
  const std::size_t chunk_bytes = std::max(next_chunk_bytes_, at_least);
  chunks_.push_back(std::make_unique_for_overwrite<char[]>(chunk_bytes));
  next_ = chunks_.back().get();
  left_ = chunk_bytes;
  next_chunk_bytes_ = chunk_bytes * 2;
}

}  // namespace issuelint
