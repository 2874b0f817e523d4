#include "parser/inline_text.h"

#include <algorithm>

namespace issuelint {

std::optional<std::size_t> InlineText::source_of(std::size_t index) const {
  if (segments.empty()) return std::nullopt;
  const auto after = std::upper_bound(
      segments.begin(), segments.end(), index,
      [](std::size_t value, const Segment& segment) { return value < segment.plain_begin; });
  if (after == segments.begin()) return segments.front().source_begin;
  const Segment& segment = *(after - 1);
  if (index < segment.plain_begin + segment.length) {
    return segment.source_begin + (index - segment.plain_begin);
  }
  if (after != segments.end()) return after->source_begin;
  return segment.source_begin + segment.length;
}

bool InlineText::in_code_span(std::size_t index) const {
  return std::any_of(code_spans.begin(), code_spans.end(), [index](const Range& range) {
    return index >= range.first && index < range.second;
  });
}

void plain_lines(const std::string& plain, std::vector<InlineText::Range>& lines) {
  lines.clear();
  std::size_t begin = 0;
  while (begin <= plain.size()) {
    std::size_t end = plain.find('\n', begin);
    if (end == std::string::npos) end = plain.size();
    lines.emplace_back(begin, end);
    begin = end + 1;
  }
}

std::vector<InlineText::Range> plain_lines(const std::string& plain) {
  std::vector<InlineText::Range> lines;
  plain_lines(plain, lines);
  return lines;
}

}  // namespace issuelint
