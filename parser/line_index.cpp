#include "parser/line_index.h"

#include <algorithm>
#include <bit>
#include <cstdint>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "parser/document.h"
#include "parser/utf8.h"

namespace issuelint {

LineIndex::LineIndex(std::string_view text) : size_(text.size()) {
  // Room for a line every 16 bytes: the flagship draft's lines average 31 bytes, and room for
  // one every 32 made its index grow once (a second large allocation and a copy: 455
  // instructions of its 10 K).
  starts_.reserve(text.size() / 16 + 1);
  starts_.push_back(0);
  if (add_unix_line_starts(text)) return;
  starts_.resize(1);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
    if (text[i] == '\n' || text[i] == '\r') starts_.push_back(i + 1);
  }
}

#ifdef __SSE2__
// Thirty-two bytes at a time: a compare for '\n' and one for '\r' per half, a movemask for the
// '\r's and one per half for the line ends, then a step per line end found (memchr per line,
// after one over the whole text for '\r', cost 7.5 K instructions on the flagship draft's
// 4.9 KB; 16 bytes at a time 6.7 K).
bool LineIndex::add_unix_line_starts(std::string_view text) {
  const __m128i newline = _mm_set1_epi8('\n');
  const __m128i carriage_return = _mm_set1_epi8('\r');
  const auto load = [&](std::size_t at) {
    return _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + at));
  };
  std::size_t at = 0;
  for (; at + 32 <= text.size(); at += 32) {
    const __m128i low = load(at);
    const __m128i high = load(at + 16);
    const __m128i returns =
        _mm_or_si128(_mm_cmpeq_epi8(low, carriage_return), _mm_cmpeq_epi8(high, carriage_return));
    if (_mm_movemask_epi8(returns) != 0) return false;
    auto ends = static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(low, newline))) |
                static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(high, newline))) << 16;
    for (; ends != 0; ends &= ends - 1) {
      starts_.push_back(at + static_cast<std::size_t>(std::countr_zero(ends)) + 1);
    }
  }
  for (; at < text.size(); ++at) {
    if (text[at] == '\r') return false;
    if (text[at] == '\n') starts_.push_back(at + 1);
  }
  return true;
}
#else
bool LineIndex::add_unix_line_starts(std::string_view text) {
  if (text.find('\r') != std::string_view::npos) return false;
  for (std::size_t at = text.find('\n'); at != std::string_view::npos;
       at = text.find('\n', at + 1)) {
    starts_.push_back(at + 1);
  }
  return true;
}
#endif

std::size_t LineIndex::line_index_of(std::size_t offset) const {
  // The last line start at or before the offset (starts_[0] is 0), by a binary search whose
  // step is a conditional move: the branches of std::upper_bound mispredict about half the time.
  const std::size_t* first = starts_.data();
  for (std::size_t count = starts_.size(); count > 1;) {
    const std::size_t half = count / 2;
    first = first[half] <= offset ? first + half : first;
    count -= half;
  }
  return static_cast<std::size_t>(first - starts_.data());
}

SourcePosition LineIndex::position(std::string_view text, std::size_t byte_offset) const {
  if (starts_.empty()) return {1, 1};
  const std::size_t offset = std::min({byte_offset, size_, text.size()});
  const auto line = static_cast<int>(line_index_of(offset)) + 1;
  int column = 1;
  for (std::size_t i = starts_[line - 1]; i < offset; ++i) {
    if (!utf8::is_continuation_byte(static_cast<unsigned char>(text[i]))) ++column;
  }
  return {line, column};
}

PositionCursor::PositionCursor(const LineIndex& lines, std::string_view text)
    : lines_(lines),
      starts_(lines.starts_.data()),
      line_count_(lines.starts_.size()),
      text_(text),
      end_(std::min(lines.size_, text.size())) {
  // A default-constructed index has no lines: every offset is then 0, at line 1, column 1.
  next_line_begin_ = lines.starts_.size() > 1 ? lines.starts_[1] : end_ + 1;
}

void PositionCursor::move_to_line_of(std::size_t offset) {
  const std::vector<std::size_t>& starts = lines_.starts_;
  auto line = static_cast<std::size_t>(line_);
  // A few lines ahead: step over their starts. Stepping is bounded, so that an offset far
  // ahead, asked after one far behind and again, costs a search and not a walk over the lines.
  constexpr std::size_t kMaxSteps = 8;
  if (offset >= starts[line]) {
    for (std::size_t steps = 0;
         steps < kMaxSteps && line + 1 < starts.size() && starts[line + 1] <= offset; ++steps) {
      ++line;
    }
  }
  const bool found =
      offset >= starts[line] && (line + 1 == starts.size() || starts[line + 1] > offset);
  if (!found) line = lines_.line_index_of(offset);
  line_ = static_cast<int>(line);
  next_line_begin_ = line + 1 < starts.size() ? starts[line + 1] : end_ + 1;
  counted_to_ = starts[line];
  column_ = 1;
}

std::size_t LineIndex::advance_characters(std::string_view text, std::size_t base_byte_offset,
                                          std::size_t characters) {
  std::size_t offset = std::min(base_byte_offset, text.size());
  for (; characters > 0 && offset < text.size(); --characters) {
    ++offset;
    while (offset < text.size() &&
           utf8::is_continuation_byte(static_cast<unsigned char>(text[offset]))) {
      ++offset;
    }
  }
  return offset;
}

}  // namespace issuelint
