// The one place that turns byte offsets into 1-based line:column. Nothing else splits lines.
#pragma once

#include <algorithm>
#include <cstddef>
#include <string_view>
#include <vector>

#include "parser/utf8.h"

namespace issuelint {

// 1-based line and column (column counted in characters) in the body as given.
// line 0 means "no place" (for example a section that is missing).
struct SourcePosition {
  int line = 0;
  int column = 0;
  friend bool operator==(const SourcePosition&, const SourcePosition&) = default;
};

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
  // Inline: the walker asks it for every heading, paragraph and section extent.
  std::size_t line_start(int line) const {
    if (line < 1 || line > line_count()) return size_;
    return starts_[static_cast<std::size_t>(line) - 1];
  }
  // The byte offset reached by walking `characters` UTF-8 characters from `base_byte_offset`
  // (libpg_query's error cursorpos counts characters, its node locations count bytes).
  static std::size_t advance_characters(std::string_view text, std::size_t base_byte_offset,
                                        std::size_t characters);
  int line_count() const { return static_cast<int>(starts_.size()); }

 private:
  friend class PositionCursor;
  // The 0-based index of the line holding `offset` (at most size_).
  std::size_t line_index_of(std::size_t offset) const;
  // Appends the start of each line after the first when every line ends in '\n' (the usual
  // case); false, with some appended, at the first '\r'.
  bool add_unix_line_starts(std::string_view text);

  std::vector<std::size_t> starts_;  // byte offset of each line's first byte
  std::size_t size_ = 0;
};

// LineIndex::position for a reader that asks in (nearly) increasing offset order, as the
// Markdown walker does: it remembers the last answer, so the next offset on the same line
// counts only the characters in between, and one a few lines on steps over their starts
// instead of searching all lines. Any order is answered correctly; an offset behind the last
// line asked (or far ahead) is searched for as LineIndex::position does. Valid while the index
// and the text live unchanged.
class PositionCursor {
 public:
  PositionCursor(const LineIndex& lines, std::string_view text);

  SourcePosition position(std::size_t byte_offset) {
    const std::size_t offset = std::min(byte_offset, end_);
    if (offset >= next_line_begin_ && !step_to_near_line(offset)) {
      move_to_line_of(offset);
    } else if (offset < counted_to_) {
      move_to_line_of(offset);
    }
    for (std::size_t i = counted_to_; i < offset; ++i) {
      if (!utf8::is_continuation_byte(static_cast<unsigned char>(text_[i]))) ++column_;
    }
    counted_to_ = offset;
    return {line_ + 1, column_};
  }
  // Where the line after the one last asked about starts (past the text on the last line).
  std::size_t next_line_begin() const { return next_line_begin_; }

 private:
  // Moves to the start of the next line, or of the one after, when it holds `offset` (the
  // walker's usual steps: from one box to the next line, from a block over a blank line to the
  // next block, which went through move_to_line_of at about 50 instructions): false, unmoved,
  // otherwise.
  bool step_to_near_line(std::size_t offset) {
    const std::size_t* starts = starts_;
    auto next = static_cast<std::size_t>(line_) + 1;  // it starts at next_line_begin_
    if (next + 1 >= line_count_) return false;
    if (offset >= starts[next + 1]) ++next;
    if (next + 1 >= line_count_ || offset >= starts[next + 1]) return false;
    line_ = static_cast<int>(next);
    counted_to_ = starts[next];
    next_line_begin_ = starts[next + 1];
    column_ = 1;
    return true;
  }
  // Moves to the start of the line holding `offset`.
  void move_to_line_of(std::size_t offset);

  const LineIndex& lines_;
  // lines_.starts_, read here rather than through the index at every step.
  const std::size_t* starts_;
  std::size_t line_count_;
  std::string_view text_;
  std::size_t end_;              // offsets at or past it are asked as it
  int line_ = 0;                 // 0-based index of the current line
  std::size_t next_line_begin_;  // where the line after it starts (end_ + 1 on the last line)
  std::size_t counted_to_ = 0;   // the characters of the line before this offset are counted
  int column_ = 1;               // the column of counted_to_
};

}  // namespace issuelint
