// The plain text of one Markdown block as md4c delivers it, with a map back to the source.
// md4c gives no positions, so every in-range text pointer is remembered as a segment.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace issuelint {

struct InlineText {
  struct Segment {
    std::size_t plain_begin = 0;
    std::size_t source_begin = 0;
    std::size_t length = 0;
  };
  using Range = std::pair<std::size_t, std::size_t>;  // [begin, end) in `plain`

  std::string plain;              // markup removed; soft and hard breaks are '\n'
  std::vector<Segment> segments;  // pieces of `plain` copied verbatim from the source
  std::vector<Range> strong;      // **bold** spans
  std::vector<Range> code_spans;  // `code` spans: never boxes or blanks

  bool has_source() const { return !segments.empty(); }
  std::size_t first_source() const { return segments.front().source_begin; }
  std::size_t last_source_end() const {
    return segments.back().source_begin + segments.back().length;
  }
  // The source offset of plain[index]; for text md4c synthesized (a soft break, an entity)
  // the start of the next verbatim piece, else the end of the previous one.
  std::optional<std::size_t> source_of(std::size_t index) const;
  bool in_code_span(std::size_t index) const;
};

// Lines of `plain` as [begin, end) ranges split on '\n'.
std::vector<InlineText::Range> plain_lines(const std::string& plain);
// The same into `lines` (cleared first), so a caller can reuse one buffer.
void plain_lines(const std::string& plain, std::vector<InlineText::Range>& lines);

}  // namespace issuelint
