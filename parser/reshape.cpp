#include "parser/reshape.h"

#include "parser/line_index.h"

namespace issuelint {

namespace {

// One line of `text`, without its line end ("\n", "\r\n" or a lone "\r").
std::string_view line_content(std::string_view text, const LineIndex& lines, int line) {
  const std::size_t begin = lines.line_start(line);
  std::size_t end = lines.line_start(line + 1);
  while (end > begin && (text[end - 1] == '\n' || text[end - 1] == '\r')) --end;
  return text.substr(begin, end - begin);
}

std::size_t leading_spaces(std::string_view line) {
  std::size_t count = 0;
  while (count < line.size() && line[count] == ' ') ++count;
  return count;
}

std::string_view trim_end(std::string_view text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// Tracks fenced code blocks line by line (``` or ~~~, closed by a fence of the same character
// at least as long), so that lines inside one are left alone.
class FenceTracker {
 public:
  // Whether `line` is code (inside a block, or one of its fences); advances past it.
  bool is_code(std::string_view line) {
    const std::string_view marker = line.substr(leading_spaces(line));
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
    if (fence && first == open_ && run >= length_ && trim_end(marker.substr(run)).empty()) {
      open_ = '\0';
    }
    return true;
  }

 private:
  char open_ = '\0';
  std::size_t length_ = 0;
};

// "**Describe the bug**", "**Desktop (…):**", "__Steps__:" → the heading "## Describe the bug"
// padded with spaces to the line's length; std::nullopt for any other line.
std::optional<std::string> bold_line_as_heading(std::string_view line) {
  const std::size_t indent = leading_spaces(line);
  if (indent > 3) return std::nullopt;
  std::string_view bold = trim_end(line.substr(indent));
  if (bold.size() < 5) return std::nullopt;
  const std::string_view delimiter = bold.substr(0, 2);
  if (delimiter != "**" && delimiter != "__") return std::nullopt;
  std::string_view colon;
  if (bold.ends_with(':')) {
    colon = ":";
    bold.remove_suffix(1);
  }
  if (!bold.ends_with(delimiter) || bold.size() < 5) return std::nullopt;
  const std::string_view inner = bold.substr(2, bold.size() - 4);
  if (inner.find(delimiter) != std::string_view::npos || inner.front() == ' ' ||
      inner.back() == ' ') {
    return std::nullopt;
  }
  std::string heading(line.substr(0, indent));
  heading += "## ";
  heading += inner;
  heading += colon;
  heading.resize(line.size(), ' ');  // four delimiter bytes became "## ": never longer
  return heading;
}

bool is_setext_underline(std::string_view line) {
  const std::string_view marks = trim_end(line.substr(leading_spaces(line)));
  if (marks.empty() || leading_spaces(line) > 3) return false;
  return marks.find_first_not_of(marks.front()) == std::string_view::npos &&
         (marks.front() == '=' || marks.front() == '-');
}

// Escapes the marker of the heading that starts at `line`: the first '#' of an ATX heading, or
// the first character of a setext heading's underline, becomes '\'. False when the line holds
// neither (a heading inside a list item or a quote is left as it is).
bool escape_heading(std::string& text, const LineIndex& lines, int line) {
  const std::string_view first = line_content(text, lines, line);
  const std::size_t indent = leading_spaces(first);
  if (indent < first.size() && first[indent] == '#') {
    text[lines.line_start(line) + indent] = '\\';
    return true;
  }
  for (int next = line + 1; next <= lines.line_count(); ++next) {
    const std::string_view content = line_content(text, lines, next);
    if (trim_end(content).empty()) return false;  // a setext heading's text has no blank line
    if (is_setext_underline(content)) {
      text[lines.line_start(next) + leading_spaces(content)] = '\\';
      return true;
    }
  }
  return false;
}

}  // namespace

std::optional<std::string> bold_lines_as_headings(std::string_view text) {
  const LineIndex lines(text);
  std::optional<std::string> rewritten;
  FenceTracker fences;
  for (int line = 1; line <= lines.line_count(); ++line) {
    const std::string_view content = line_content(text, lines, line);
    if (fences.is_code(content)) continue;
    const std::optional<std::string> heading = bold_line_as_heading(content);
    if (!heading) continue;
    if (!rewritten) rewritten.emplace(text);
    rewritten->replace(lines.line_start(line), heading->size(), *heading);
  }
  return rewritten;
}

std::optional<std::string> headings_as_text(const IssueDocument& document,
                                            const std::function<bool(const Section&)>& keep) {
  std::optional<std::string> rewritten;
  for (std::size_t index = 1; index < document.sections.size(); ++index) {
    const Section& section = document.sections[index];
    if (keep(section) || section.position.line < 1) continue;
    if (!rewritten) rewritten.emplace(document.text);
    escape_heading(*rewritten, document.lines, section.position.line);
  }
  return rewritten;
}

}  // namespace issuelint
