// Line-by-line tracking of fenced code blocks, for the passes that read a body's lines before
// md4c does (they must leave the lines of a code block alone).
#pragma once

#include <cstddef>
#include <string_view>

namespace issuelint {

// Tracks fenced code blocks line by line (``` or ~~~, closed by a fence of the same character
// at least as long), so that lines inside one are left alone.
class FenceTracker {
 public:
  // Whether `line` (without its line end) is code (inside a block, or one of its fences);
  // advances past it.
  bool is_code(std::string_view line) {
    std::size_t indent = 0;
    while (indent < line.size() && line[indent] == ' ') ++indent;
    const std::string_view marker = line.substr(indent);
    const char first = marker.empty() ? '\0' : marker.front();
    std::size_t run = 0;
    while (run < marker.size() && marker[run] == first) ++run;
    const bool fence = (first == '`' || first == '~') && run >= 3;
    if (open_ == '\0') {
      if (!fence) return false;
      open_ = first;
      length_ = run;
      return true;
    }
    if (fence && first == open_ && run >= length_ &&
        marker.find_first_not_of(" \t", run) == std::string_view::npos) {
      open_ = '\0';
    }
    return true;
  }

 private:
  char open_ = '\0';
  std::size_t length_ = 0;
};

}  // namespace issuelint
