// The one place that turns byte offsets into 1-based line:column. Nothing else splits lines.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace issuelint {

struct SourcePosition;

// Holds only the line starts (not the text), so a document that owns both can be moved
// freely; each query takes the same text the index was built from.
class LineIndex {
 public:
  LineIndex() = default;
  // "\r\n", "\n" and a lone "\r" each end one line.
  explicit LineIndex(std::string_view text);

  // 1-based line and 1-based column counted in UTF-8 characters. An offset at or past the
  // end maps to the position just after the last character.
  SourcePosition position(std::string_view text, std::size_t byte_offset) const;
  // The byte offset where 1-based `line` starts (text size when past the end).
  std::size_t line_start(int line) const;
  // The byte offset reached by walking `characters` UTF-8 characters from `base_byte_offset`
  // (libpg_query's error cursorpos counts characters, its node locations count bytes).
  static std::size_t advance_characters(std::string_view text, std::size_t base_byte_offset,
                                        std::size_t characters);
  int line_count() const { return static_cast<int>(starts_.size()); }

 private:
  std::vector<std::size_t> starts_;  // byte offset of each line's first byte
  std::size_t size_ = 0;
};

}  // namespace issuelint
